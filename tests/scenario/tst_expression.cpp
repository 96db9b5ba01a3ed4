#include "scenario/expression.h"

#include <QStringList>
#include <QTest>

using namespace Interleave;

class TestExpression : public QObject
{
    Q_OBJECT
private slots:
    void evaluates_data();
    void evaluates();
    void aggregateInsideFunctionArgument();
    void reportsErrors_data();
    void reportsErrors();
    void deepButWithinBoundsEvaluatesExactly();
    void tooManyPendingValuesIsRefused();
};

namespace {
Expression::Resolver localsResolver()
{
    Expression::Resolver r;
    r.identifier = [](const QString &name, Expression::Instr &out) {
        if (name == QLatin1String("x")) {
            out = {Expression::Op::Local, 0, 0, 0};
            return true;
        }
        if (name == QLatin1String("y")) {
            out = {Expression::Op::Local, 1, 0, 0};
            return true;
        }
        return false;
    };
    return r;
}
} // namespace

void TestExpression::evaluates_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("precedence") << QStringLiteral("1 + 2 * 3") << qint64(7);
    QTest::newRow("parentheses") << QStringLiteral("(1 + 2) * 3") << qint64(9);
    QTest::newRow("locals") << QStringLiteral("x - y") << qint64(1000 - 60);
    QTest::newRow("compare") << QStringLiteral("x >= y && y > 0") << qint64(1);
    QTest::newRow("ternary") << QStringLiteral("x < y ? 1 : 2") << qint64(2);
    QTest::newRow("unary") << QStringLiteral("-x + !0") << qint64(-999);
    QTest::newRow("builtin") << QStringLiteral("max(x, y) + min(x, y) + abs(-3)") << qint64(1063);
    QTest::newRow("divide by zero is 0") << QStringLiteral("x / 0") << qint64(0);
    QTest::newRow("underscore digits") << QStringLiteral("1_000") << qint64(1000);
    QTest::newRow("mod") << QStringLiteral("x % 7") << qint64(1000 % 7);
    // Overflow wraps (two's complement) instead of being undefined behaviour.
    QTest::newRow("negate the minimum") << QStringLiteral("-(0 - 9223372036854775807 - x / 1000)") << qint64(INT64_MIN);
    QTest::newRow("abs of the minimum") << QStringLiteral("abs(0 - 9223372036854775807 - x / 1000)")
                                        << qint64(INT64_MIN);
    QTest::newRow("minimum divided by -1") << QStringLiteral("(0 - 9223372036854775807 - x / 1000) / -1") << qint64(0);
}

void TestExpression::evaluates()
{
    QFETCH(QString, source);
    QFETCH(qint64, expected);
    QString error;
    const auto e = Expression::compile(source, localsResolver(), &error);
    QVERIFY2(e.has_value(), qPrintable(error));
    const int64_t locals[] = {1000, 60};
    QCOMPARE(qint64(e->evaluate(locals)), expected);
}

void TestExpression::aggregateInsideFunctionArgument()
{
    // A rule like max(sum_ok(amount), 0): the aggregate's sub-expression must survive being
    // spliced into the call's argument list.
    Expression::Resolver r = localsResolver();
    r.function = [](const QString &name, int argc, Expression::Instr &out, bool &isAggregate) {
        if (name != QLatin1String("total") || argc != 1)
            return false;
        out = {Expression::Op::SubExpr, 7, 0, 0};
        isAggregate = true;
        return true;
    };
    QString error;
    const auto e = Expression::compile(QStringLiteral("max(total(x + 1), 5) + min(3, total(y))"), r, &error);
    QVERIFY2(e.has_value(), qPrintable(error));
    QCOMPARE(e->subExpressions().size(), size_t(2));
    const int64_t locals[] = {1000, 60};
    Expression::Context ctx;
    ctx.locals = locals;
    int calls = 0;
    ctx.aggregate = [&](int kind, const Expression &sub) -> int64_t {
        ++calls;
        return kind == 7 ? sub.evaluate(locals) : -1;
    };
    QCOMPARE(qint64(e->evaluate(ctx)), qint64(1001 + 3));
    QCOMPARE(calls, 2);
}

void TestExpression::reportsErrors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("unknown name") << QStringLiteral("x + balanse") << QStringLiteral("unknown name 'balanse'");
    QTest::newRow("unbalanced") << QStringLiteral("(x + 1") << QStringLiteral("expected ')'");
    QTest::newRow("trailing") << QStringLiteral("x y") << QStringLiteral("unexpected 'y'");
    QTest::newRow("empty") << QString() << QStringLiteral("unexpected end");
    QTest::newRow("unknown function") << QStringLiteral("sqrt(x)") << QStringLiteral("unknown function sqrt()");
    // Bounds (issue 13): each used to crash the parser's stack or compile to a wrong value.
    QTest::newRow("literal beyond 64 bits") << QStringLiteral("x + 9223372036854775808")
                                            << QStringLiteral("9223372036854775808 is outside the 64-bit range");
    QTest::newRow("150 parentheses") << QString(150, u'(') + u'x' + QString(150, u')')
                                     << QStringLiteral("at column 101: nested more than 100 levels deep");
    QTest::newRow("4,000 parentheses") << QString(4000, u'(') + u'x' + QString(4000, u')')
                                       << QStringLiteral("nested more than 100 levels deep");
    QTest::newRow("unary minus chain") << QString(9000, u'-') + u'x'
                                       << QStringLiteral("nested more than 100 levels deep");
    QTest::newRow("not chain") << QString(9000, u'!') + u'x' << QStringLiteral("nested more than 100 levels deep");
    QTest::newRow("ternary chain") << QStringLiteral("x ? 1 : ").repeated(200) + u'0'
                                   << QStringLiteral("nested more than 100 levels deep");
    QTest::newRow("argument chain") << QStringLiteral("abs(").repeated(200) + u'x' + QString(200, u')')
                                    << QStringLiteral("nested more than 100 levels deep");
    QTest::newRow("too long") << QStringLiteral("x + ").repeated(5000) + u'x'
                              << QStringLiteral("longer than 10000 characters");
}

void TestExpression::reportsErrors()
{
    QFETCH(QString, source);
    QFETCH(QString, fragment);
    QString error;
    QVERIFY(!Expression::compile(source, localsResolver(), &error));
    QVERIFY2(error.contains(fragment), qPrintable(error));
    QVERIFY2(error.size() < 200, qPrintable(error)); // a long source is shown around the error, not whole
}

namespace {
// "0 * x + (0 * x + ( … (inner) … ))": every level leaves one value pending.
QString wrapped(const QString &inner, int levels)
{
    QString source = inner;
    for (int i = 0; i < levels; ++i)
        source = QStringLiteral("0 * x + (") + source + u')';
    return source;
}
} // namespace

void TestExpression::deepButWithinBoundsEvaluatesExactly()
{
    // 59 levels need 61 evaluator slots: before, anything past 60 evaluated to 0, and a
    // true rule read as broken. Also when the compiler folds it to a constant.
    const int64_t locals[] = {1000, 60};
    QString error;
    const auto rule = Expression::compile(wrapped(QStringLiteral("x == 1000"), 59), localsResolver(), &error);
    QVERIFY2(rule, qPrintable(error));
    QCOMPARE(qint64(rule->evaluate(locals)), qint64(1));
    QString constant = QStringLiteral("1 == 1");
    for (int i = 0; i < 90; ++i)
        constant = QStringLiteral("0 + (") + constant + u')';
    const auto folded = Expression::compile(constant, localsResolver(), &error);
    QVERIFY2(folded, qPrintable(error));
    QVERIFY(folded->isConstant());
    QCOMPARE(qint64(folded->constantValue()), qint64(1));
}

void TestExpression::tooManyPendingValuesIsRefused()
{
    // Nesting stays within bounds but one call takes 200 arguments: refused, not cut short.
    Expression::Resolver r = localsResolver();
    r.function = [](const QString &name, int, Expression::Instr &out, bool &) {
        out = {Expression::Op::Call, 0, 0, 0};
        return name == QLatin1String("f");
    };
    QString error;
    const QString many = QStringLiteral("f(") + QStringList(200, QStringLiteral("x")).join(u',') + u')';
    QVERIFY(!Expression::compile(many, r, &error));
    QVERIFY2(error.contains(QLatin1String("needs 200 values pending at once, more than the 128 allowed")),
             qPrintable(error));
    QVERIFY2(
        Expression::compile(QStringLiteral("f(") + QStringList(100, QStringLiteral("x")).join(u',') + u')', r, &error),
        qPrintable(error));
}

QTEST_GUILESS_MAIN(TestExpression)
#include "tst_expression.moc"
