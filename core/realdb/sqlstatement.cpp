#include "realdb/sqlstatement.h"

#include "machine/machine_p.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <optional>

namespace Interleave {

namespace {

struct SqlTerm
{
    SqlTerm(const QString &text, bool boolean = false, std::optional<int64_t> constant = std::nullopt)
        : text(text)
        , boolean(boolean)
        , constant(constant)
    { }
    QString text;
    bool boolean; // a SQL truth value rather than a number
    std::optional<int64_t> constant;
};

QString number(int64_t v)
{
    return v < 0 ? QStringLiteral("(%1)").arg(v) : QString::number(v);
}

// The model's truth values are the integers 0 and 1, SQL's are booleans: convert at the seams.
QString asNumber(const SqlTerm &t)
{
    return t.boolean ? QStringLiteral("(CASE WHEN %1 THEN 1 ELSE 0 END)").arg(t.text) : t.text;
}

QString asTruth(const SqlTerm &t)
{
    return t.boolean ? t.text : QStringLiteral("(%1 <> 0)").arg(t.text);
}

QString binary(Expression::Op op)
{
    switch (op) {
    case Expression::Op::Add:
        return QStringLiteral("+");
    case Expression::Op::Sub:
        return QStringLiteral("-");
    case Expression::Op::Mul:
        return QStringLiteral("*");
    case Expression::Op::Eq:
        return QStringLiteral("=");
    case Expression::Op::Ne:
        return QStringLiteral("<>");
    case Expression::Op::Lt:
        return QStringLiteral("<");
    case Expression::Op::Le:
        return QStringLiteral("<=");
    case Expression::Op::Gt:
        return QStringLiteral(">");
    case Expression::Op::Ge:
        return QStringLiteral(">=");
    case Expression::Op::And:
        return QStringLiteral("AND");
    case Expression::Op::Or:
        return QStringLiteral("OR");
    default:
        return {};
    }
}

bool isComparison(Expression::Op op)
{
    return op >= Expression::Op::Eq && op <= Expression::Op::Ge;
}

} // namespace

QString sqlName(const QString &name, ServerKind kind)
{
    return kind == ServerKind::Postgres ? u'"' + name + u'"' : u'`' + name + u'`';
}

QString sqlExpression(const Expression &e, const DatabaseStatement &st, ServerKind kind, bool condition,
                      QString *refused)
{
    using Op = Expression::Op;
    auto refuse = [&](const QString &what) {
        *refused = QCoreApplication::translate("SqlRunner", "\"%1\": %2 has no SQL translation").arg(e.source(), what);
        return QString();
    };
    std::vector<SqlTerm> stack;
    for (const Expression::Instr &in : e.code()) {
        if (in.op == Op::Const || in.op == Op::Local) {
            const int64_t v = in.op == Op::Const ? in.value : st.locals.at(size_t(in.a));
            stack.push_back({number(v), false, v});
            continue;
        }
        if (in.op == Op::Symbol) {
            if (in.a == RowIdSymbol)
                stack.push_back({QStringLiteral("id")});
            else if (in.a >= 0 && in.a < st.columns.size() && !st.columns.at(in.a).startsWith(u'#'))
                stack.push_back({sqlName(st.columns.at(in.a), kind)});
            else
                return refuse(QCoreApplication::translate("SqlRunner", "this column"));
            continue;
        }
        if (in.op == Op::Call || in.op == Op::SubExpr)
            return refuse(QCoreApplication::translate("SqlRunner", "a function call"));
        if (in.op == Op::Neg || in.op == Op::Not) {
            SqlTerm &t = stack.back();
            t = in.op == Op::Neg ? SqlTerm{QStringLiteral("(-%1)").arg(asNumber(t))}
                                 : SqlTerm{QStringLiteral("(NOT %1)").arg(asTruth(t)), true};
            continue;
        }
        if (in.op == Op::Select) {
            const SqlTerm y = stack.back();
            stack.pop_back();
            const SqlTerm x = stack.back();
            stack.pop_back();
            SqlTerm &c = stack.back();
            c = {QStringLiteral("(CASE WHEN %1 THEN %2 ELSE %3 END)").arg(asTruth(c), asNumber(x), asNumber(y))};
            continue;
        }
        const SqlTerm r = stack.back();
        stack.pop_back();
        SqlTerm &l = stack.back();
        if (in.op == Op::Div || in.op == Op::Mod) {
            // The model's x / 0 and x % 0 are 0, SQL's NULL or an error: only a safe divisor.
            if (!r.constant || *r.constant == 0 || *r.constant == -1)
                return refuse(QCoreApplication::translate(
                    "SqlRunner", "division by a value that is not a constant other than 0 and -1"));
            const QString op = in.op == Op::Mod ? QStringLiteral("%")
                : kind == ServerKind::Postgres  ? QStringLiteral("/")
                                                : QStringLiteral("DIV"); // both truncate toward zero
            l = {QStringLiteral("(%1 %2 %3)").arg(asNumber(l), op, r.text)};
        } else if (in.op == Op::And || in.op == Op::Or) {
            l = {QStringLiteral("(%1 %2 %3)").arg(asTruth(l), binary(in.op), asTruth(r)), true};
        } else if (!binary(in.op).isEmpty()) {
            l = {QStringLiteral("(%1 %2 %3)").arg(asNumber(l), binary(in.op), asNumber(r)), isComparison(in.op)};
        } else {
            return refuse(QCoreApplication::translate("SqlRunner", "this operator"));
        }
    }
    if (stack.size() != 1)
        return refuse(QCoreApplication::translate("SqlRunner", "this expression"));
    return condition ? asTruth(stack.back()) : asNumber(stack.back());
}

QString rowTableStatement(const DatabaseStatement &st, ServerKind kind, QString *refused)
{
    QString why;
    const QString table = sqlName(st.table, kind);
    QStringList where;
    if (st.hasKey && st.kind != DatabaseStatement::Insert)
        where << QStringLiteral("id = %1").arg(st.key);
    if (st.where)
        where << sqlExpression(*st.where, st, kind, true, &why);
    QStringList columns, values;
    for (const auto &[column, e] : st.sets) {
        columns << sqlName(column, kind);
        values << sqlExpression(e, st, kind, false, &why);
    }
    QStringList sums{QStringLiteral("COUNT(*)")};
    for (const Expression &e : st.sums)
        sums << QStringLiteral("COALESCE(SUM(%1), 0)").arg(sqlExpression(e, st, kind, false, &why));
    if (!why.isEmpty()) {
        if (refused)
            *refused = why;
        return {};
    }
    const QString filter = where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QLatin1String(" AND "));
    switch (st.kind) {
    case DatabaseStatement::Count:
        // PostgreSQL refuses FOR UPDATE beside an aggregate: lock the rows in a subquery.
        return st.forUpdate ? QStringLiteral("SELECT %1 FROM (SELECT * FROM %2%3 FOR UPDATE) AS locked")
                                  .arg(sums.join(QLatin1String(", ")), table, filter)
                            : QStringLiteral("SELECT %1 FROM %2%3").arg(sums.join(QLatin1String(", ")), table, filter);
    case DatabaseStatement::Delete:
        return QStringLiteral("DELETE FROM %1%2").arg(table, filter);
    case DatabaseStatement::Insert:
        return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
            .arg(table, (QStringList{QStringLiteral("id")} + columns).join(QLatin1String(", ")),
                 (QStringList{QString::number(st.key)} + values).join(QLatin1String(", ")));
    default: {
        QStringList assignments;
        for (int i = 0; i < columns.size(); ++i)
            assignments << columns.at(i) + QStringLiteral(" = ") + values.at(i);
        return QStringLiteral("UPDATE %1 SET %2%3").arg(table, assignments.join(QLatin1String(", ")), filter);
    }
    }
}

bool isUniqueKeyTable(const Machine &machine, const QString &table)
{
    for (const QJsonValue &t : machine.scenario().state.value(QLatin1String("tables")).toArray())
        if (t.toObject().value(QLatin1String("name")).toString() == table &&
            t.toObject().value(QLatin1String("unique")).toBool())
            return true;
    // A strategy can add the constraint ("database": {"unique": ["likes"]}).
    for (const QJsonValue &name : machine.strategy().database.value(QLatin1String("unique")).toArray())
        if (name.toString() == table)
            return true;
    return false;
}

QStringList keyTableSchema(const Machine &machine, const QJsonObject &table, const QString &fullName, ServerKind kind)
{
    const bool unique = isUniqueKeyTable(machine, table.value(QLatin1String("name")).toString());
    QStringList out{QStringLiteral("CREATE TABLE %1 (id BIGINT NOT NULL%2)%3")
                        .arg(fullName, unique ? QStringLiteral(" PRIMARY KEY") : QString(),
                             kind == ServerKind::Postgres ? QString() : QStringLiteral(" ENGINE=InnoDB"))};
    QStringList keys;
    for (const QJsonValue &k : table.value(QLatin1String("keys")).toArray())
        keys << QStringLiteral("(%1)").arg(qint64(k.toDouble()));
    if (!keys.isEmpty())
        out << QStringLiteral("INSERT INTO %1 (id) VALUES %2").arg(fullName, keys.join(QLatin1String(", ")));
    return out;
}

QString keyTableStatement(const DatabaseStatement &st, ServerKind kind)
{
    const QString table = sqlName(st.table, kind);
    if (st.kind == DatabaseStatement::KeyExists)
        return QStringLiteral("SELECT COUNT(*) FROM %1 WHERE id = %2").arg(table).arg(st.key);
    if (!st.ignoreDuplicate)
        return QStringLiteral("INSERT INTO %1 (id) VALUES (%2)").arg(table).arg(st.key);
    return kind == ServerKind::Postgres
        ? QStringLiteral("INSERT INTO %1 (id) VALUES (%2) ON CONFLICT DO NOTHING").arg(table).arg(st.key)
        : QStringLiteral("INSERT IGNORE INTO %1 (id) VALUES (%2)").arg(table).arg(st.key);
}

QString keyTableFact(const QString &table, QList<qint64> keys)
{
    std::sort(keys.begin(), keys.end());
    QStringList parts;
    for (qint64 k : keys)
        parts << QString::number(k);
    return parts.isEmpty() ? QStringLiteral("%1 has no keys").arg(table)
                           : QStringLiteral("%1 has keys: %2").arg(table, parts.join(QLatin1String(", ")));
}

QString fencedWrite(const DatabaseStatement &st, ServerKind kind)
{
    const auto &c = st.cells.front();
    const QString fence = QLatin1String(FenceColumn);
    return QStringLiteral("UPDATE %1 SET %2 = %3, %4 = %5 WHERE id = %6 AND %4 <= %5")
        .arg(sqlName(c.table, kind), sqlName(c.column, kind))
        .arg(st.value)
        .arg(fence)
        .arg(st.fence)
        .arg(c.id);
}

QString fencedSelect(const DatabaseStatement &st, ServerKind kind)
{
    const auto &c = st.cells.front(); // a fenced read reads one cell
    const QString fence = QLatin1String(FenceColumn);
    const QString table = sqlName(c.table, kind);
    const QString column = sqlName(c.column, kind);
    if (kind == ServerKind::Postgres)
        return QStringLiteral("UPDATE %1 SET %2 = GREATEST(%2, %3) WHERE id = %4 RETURNING id, %5, %2")
            .arg(table, fence)
            .arg(st.fence)
            .arg(c.id)
            .arg(column);
    return QStringLiteral("INSERT INTO %1 (id) VALUES (%2) ON DUPLICATE KEY UPDATE %3 = GREATEST(%3, %4) "
                          "RETURNING id, %5, %3")
        .arg(table)
        .arg(c.id)
        .arg(fence)
        .arg(st.fence)
        .arg(column);
}

} // namespace Interleave
