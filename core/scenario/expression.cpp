#include "scenario/expression.h"

#include "scenario/jsoninput.h"

#include <QCoreApplication>

#include <algorithm>

namespace Interleave {

namespace {
// Built-in functions get negative ids so that they never clash with a resolver's.
int builtinFunction(const QString &name, int argc)
{
    if (name == QLatin1String("min") && argc == 2)
        return -1;
    if (name == QLatin1String("max") && argc == 2)
        return -2;
    if (name == QLatin1String("abs") && argc == 1)
        return -3;
    return 0;
}

// Arithmetic wraps like the other operators: -INT64_MIN is INT64_MIN, not undefined behaviour.
int64_t negate(int64_t value)
{
    return int64_t(0 - uint64_t(value));
}

int64_t builtinCall(int id, const int64_t *args)
{
    switch (id) {
    case -1:
        return std::min(args[0], args[1]);
    case -2:
        return std::max(args[0], args[1]);
    case -3:
        return args[0] < 0 ? negate(args[0]) : args[0];
    default:
        return 0;
    }
}

struct Token
{
    enum Kind {
        End,
        Number,
        Name,
        String,
        Punct
    } kind = End;
    QString text;
    int64_t number = 0;
    int position = 0;
};
} // namespace

class ExpressionParser
{
public:
    ExpressionParser(const QString &source, const Expression::Resolver &resolver)
        : m_source(source)
        , m_resolver(resolver)
    { }

    bool parse(Expression &out, QString *error)
    {
        if (m_source.size() > Expression::MaxLength) {
            fail(QCoreApplication::translate("Expression", "longer than %1 characters").arg(Expression::MaxLength));
            if (error)
                *error = m_error;
            return false;
        }
        next();
        // A lexer error (a number out of range) leaves the parse going: it must still fail.
        if (!parseTernary(out) || !m_error.isEmpty() || m_token.kind != Token::End) {
            if (m_error.isEmpty())
                fail(QCoreApplication::translate("Expression", "unexpected '%1'").arg(m_token.text));
            if (error)
                *error = m_error;
            return false;
        }
        out.m_source = m_source;
        return true;
    }

private:
    using Op = Expression::Op;

    void fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = QCoreApplication::translate("Expression", "in expression \"%1\" at column %2: %3")
                          .arg(excerpt())
                          .arg(m_token.position + 1)
                          .arg(message);
    }

    // Errors stay one readable line: a long source is shown around the error.
    QString excerpt() const
    {
        constexpr int Width = 60;
        if (m_source.size() <= Width)
            return m_source;
        const qsizetype from = std::clamp<qsizetype>(m_token.position - Width / 2, 0, m_source.size() - Width);
        return (from > 0 ? QStringLiteral("…") : QString()) + m_source.mid(from, Width) +
            (from + Width < m_source.size() ? QStringLiteral("…") : QString());
    }

    // Every construct that nests (parentheses, arguments, ?: branches, unary
    // operators) passes here, so the parser's recursion stays bounded.
    class Nesting
    {
    public:
        explicit Nesting(ExpressionParser &parser)
            : m_parser(parser)
        {
            if (++m_parser.m_depth > Expression::MaxNesting)
                m_parser.fail(nestedTooDeep(Expression::MaxNesting));
        }
        ~Nesting() { --m_parser.m_depth; }
        bool tooDeep() const { return m_parser.m_depth > Expression::MaxNesting; }

    private:
        ExpressionParser &m_parser;
    };

    void next()
    {
        const int n = m_source.size();
        while (m_pos < n && m_source.at(m_pos).isSpace())
            ++m_pos;
        m_token = Token();
        m_token.position = m_pos;
        if (m_pos >= n)
            return;
        const QChar c = m_source.at(m_pos);
        if (c.isDigit()) {
            int end = m_pos;
            while (end < n && (m_source.at(end).isDigit() || m_source.at(end) == u'_'))
                ++end;
            m_token.kind = Token::Number;
            m_token.text = m_source.mid(m_pos, end - m_pos);
            QString problem;
            m_token.number = wholeNumberFromText(QString(m_token.text).remove(u'_'), &problem).value_or(0);
            if (!problem.isEmpty())
                fail(problem);
            m_pos = end;
            return;
        }
        if (c.isLetter() || c == u'_') {
            int end = m_pos;
            while (end < n && (m_source.at(end).isLetterOrNumber() || m_source.at(end) == u'_'))
                ++end;
            m_token.kind = Token::Name;
            m_token.text = m_source.mid(m_pos, end - m_pos);
            m_pos = end;
            return;
        }
        if (c == u'\'' || c == u'"') {
            const int end = m_source.indexOf(c, m_pos + 1);
            if (end < 0) {
                fail(QCoreApplication::translate("Expression", "unterminated string"));
                m_pos = n;
                return;
            }
            m_token.kind = Token::String;
            m_token.text = m_source.mid(m_pos + 1, end - m_pos - 1);
            m_pos = end + 1;
            return;
        }
        static const char *const twoChar[] = {"==", "!=", "<=", ">=", "&&", "||"};
        for (const char *op : twoChar) {
            if (m_source.mid(m_pos, 2) == QLatin1String(op)) {
                m_token.kind = Token::Punct;
                m_token.text = QLatin1String(op);
                m_pos += 2;
                return;
            }
        }
        m_token.kind = Token::Punct;
        m_token.text = QString(c);
        ++m_pos;
    }

    bool accept(const char *punct)
    {
        if (m_token.kind == Token::Punct && m_token.text == QLatin1String(punct)) {
            next();
            return true;
        }
        return false;
    }

    bool expect(const char *punct)
    {
        if (accept(punct))
            return true;
        fail(QCoreApplication::translate("Expression", "expected '%1'").arg(QLatin1String(punct)));
        return false;
    }

    static void emitOp(Expression &e, Op op, int32_t a = 0, int32_t b = 0, int64_t value = 0)
    {
        e.m_code.push_back({op, a, b, value});
    }

    bool parseTernary(Expression &e)
    {
        const Nesting nesting(*this);
        if (nesting.tooDeep() || !parseOr(e))
            return false;
        if (accept("?")) {
            if (!parseTernary(e) || !expect(":") || !parseTernary(e))
                return false;
            emitOp(e, Op::Select);
        }
        return true;
    }

    bool parseOr(Expression &e)
    {
        if (!parseAnd(e))
            return false;
        while (accept("||")) {
            if (!parseAnd(e))
                return false;
            emitOp(e, Op::Or);
        }
        return true;
    }

    bool parseAnd(Expression &e)
    {
        if (!parseCompare(e))
            return false;
        while (accept("&&")) {
            if (!parseCompare(e))
                return false;
            emitOp(e, Op::And);
        }
        return true;
    }

    bool parseCompare(Expression &e)
    {
        if (!parseAdd(e))
            return false;
        static const std::pair<const char *, Op> ops[] = {{"==", Op::Eq}, {"!=", Op::Ne}, {"<=", Op::Le},
                                                          {">=", Op::Ge}, {"<", Op::Lt},  {">", Op::Gt}};
        for (const auto &[text, op] : ops) {
            if (accept(text)) {
                if (!parseAdd(e))
                    return false;
                emitOp(e, op);
                return true;
            }
        }
        return true;
    }

    bool parseAdd(Expression &e)
    {
        if (!parseMul(e))
            return false;
        for (;;) {
            Op op;
            if (accept("+"))
                op = Op::Add;
            else if (accept("-"))
                op = Op::Sub;
            else
                return true;
            if (!parseMul(e))
                return false;
            emitOp(e, op);
        }
    }

    bool parseMul(Expression &e)
    {
        if (!parseUnary(e))
            return false;
        for (;;) {
            Op op;
            if (accept("*"))
                op = Op::Mul;
            else if (accept("/"))
                op = Op::Div;
            else if (accept("%"))
                op = Op::Mod;
            else
                return true;
            if (!parseUnary(e))
                return false;
            emitOp(e, op);
        }
    }

    bool parseUnary(Expression &e)
    {
        const Op op = accept("-") ? Op::Neg : accept("!") ? Op::Not : Op::Const;
        if (op == Op::Const)
            return parsePrimary(e);
        const Nesting nesting(*this);
        if (nesting.tooDeep() || !parseUnary(e))
            return false;
        emitOp(e, op);
        return true;
    }

    bool parsePrimary(Expression &e)
    {
        if (m_token.kind == Token::Number) {
            emitOp(e, Op::Const, 0, 0, m_token.number);
            next();
            return true;
        }
        if (accept("(")) {
            return parseTernary(e) && expect(")");
        }
        if (m_token.kind == Token::String) {
            // Strings only appear as arguments that the resolver maps to ids (error texts, tables).
            Expression::Instr instr{Op::Const, 0, 0, 0};
            if (!m_resolver.identifier || !m_resolver.identifier(QLatin1Char('\'') + m_token.text, instr)) {
                fail(QCoreApplication::translate("Expression", "unknown text '%1'").arg(m_token.text));
                return false;
            }
            e.m_code.push_back(instr);
            next();
            return true;
        }
        if (m_token.kind != Token::Name) {
            fail(m_token.kind == Token::End
                     ? QCoreApplication::translate("Expression", "unexpected end")
                     : QCoreApplication::translate("Expression", "unexpected '%1'").arg(m_token.text));
            return false;
        }
        const QString name = m_token.text;
        if (name == QLatin1String("true") || name == QLatin1String("false")) {
            emitOp(e, Op::Const, 0, 0, name == QLatin1String("true") ? 1 : 0);
            next();
            return true;
        }
        next();
        if (accept("(")) {
            // Function call or aggregate.
            std::vector<Expression> args;
            if (!accept(")")) {
                do {
                    Expression arg;
                    if (!parseTernary(arg))
                        return false;
                    args.push_back(std::move(arg));
                } while (accept(","));
                if (!expect(")"))
                    return false;
            }
            Expression::Instr instr{Op::Call, 0, 0, 0};
            bool isAggregate = false;
            const int builtin = builtinFunction(name, int(args.size()));
            if (builtin < 0)
                instr.a = builtin;
            else if (!m_resolver.function || !m_resolver.function(name, int(args.size()), instr, isAggregate)) {
                fail(QCoreApplication::translate("Expression", "unknown function %1() with %2 argument(s)")
                         .arg(name)
                         .arg(args.size()));
                return false;
            }
            if (isAggregate) {
                // Aggregates evaluate their single argument per actor: keep it separate.
                instr.op = Op::SubExpr;
                instr.b = int32_t(e.m_subs.size());
                e.m_subs.push_back(args.empty() ? Expression::constant(1) : std::move(args.front()));
                e.m_code.push_back(instr);
            } else {
                for (auto &arg : args) {
                    // An argument may hold aggregates of its own: carry their sub-expressions
                    // over and renumber the instructions that point at them.
                    const int32_t offset = int32_t(e.m_subs.size());
                    for (Expression::Instr in : arg.m_code) {
                        if (in.op == Op::SubExpr)
                            in.b += offset;
                        e.m_code.push_back(in);
                    }
                    for (auto &sub : arg.m_subs)
                        e.m_subs.push_back(std::move(sub));
                }
                instr.op = Op::Call;
                instr.b = int32_t(args.size());
                e.m_code.push_back(instr);
            }
            return true;
        }
        if (accept("[")) {
            // name[index].member: the index is evaluated first, then the member instruction.
            if (!parseTernary(e) || !expect("]") || !expect("."))
                return false;
            if (m_token.kind != Token::Name) {
                fail(QCoreApplication::translate("Expression", "expected a column name after '.'"));
                return false;
            }
            const QString member = m_token.text;
            Expression::Instr instr{Op::Symbol, 0, 0, 0};
            if (!m_resolver.member || !m_resolver.member(name, member, instr)) {
                fail(QCoreApplication::translate("Expression", "unknown cell %1[…].%2").arg(name, member));
                return false;
            }
            next();
            e.m_code.push_back(instr);
            return true;
        }
        QString full = name;
        while (m_token.kind == Token::Punct && m_token.text == QLatin1String(".")) {
            next();
            if (m_token.kind != Token::Name) {
                fail(QCoreApplication::translate("Expression", "expected a name after '.'"));
                return false;
            }
            full += QLatin1Char('.') + m_token.text;
            next();
        }
        Expression::Instr instr{Op::Const, 0, 0, 0};
        if (!m_resolver.identifier || !m_resolver.identifier(full, instr)) {
            fail(QCoreApplication::translate("Expression", "unknown name '%1'").arg(full));
            return false;
        }
        e.m_code.push_back(instr);
        return true;
    }

    QString m_source;
    const Expression::Resolver &m_resolver;
    int m_pos = 0;
    Token m_token;
    QString m_error;
    int m_depth = 0;
};

std::optional<Expression> Expression::compile(const QString &source, const Resolver &resolver, QString *error)
{
    Expression e;
    ExpressionParser parser(source, resolver);
    if (!parser.parse(e, error))
        return std::nullopt;
    // The evaluator's stack is a fixed array: refuse what would not fit, never cut it short.
    if (const int needed = e.slotsNeeded(); needed > StackSlots) {
        if (error)
            *error = QCoreApplication::translate(
                         "Expression",
                         "in expression \"%1\": needs %2 values pending at once, more than the %3 allowed; split it")
                         .arg(source.size() > 60 ? source.left(60) + QStringLiteral("…") : source)
                         .arg(needed)
                         .arg(StackSlots);
        return std::nullopt;
    }
    // Fold an all-constant expression into one constant, so hot paths skip the stack machine.
    bool allConst = !e.m_code.empty();
    for (const Instr &i : e.m_code)
        if (i.op == Op::Local || i.op == Op::Symbol || (i.op == Op::Call && i.a >= 0) || i.op == Op::SubExpr)
            allConst = false;
    if (allConst && e.m_code.size() > 1) {
        const int64_t v = e.evaluate(static_cast<const int64_t *>(nullptr));
        e.m_code.assign(1, Instr{Op::Const, 0, 0, v});
    }
    return e;
}

int Expression::slotsNeeded() const
{
    int pending = 0, most = 0;
    for (const Instr &in : m_code) {
        switch (in.op) {
        case Op::Const:
        case Op::Local:
        case Op::Symbol:
        case Op::SubExpr:
            ++pending;
            break;
        case Op::Call:
            pending += 1 - in.b;
            break;
        case Op::Neg:
        case Op::Not:
            break;
        case Op::Select:
            pending -= 2;
            break;
        default:
            --pending;
            break;
        }
        most = std::max(most, pending);
    }
    for (const Expression &sub : m_subs)
        most = std::max(most, sub.slotsNeeded());
    return most;
}

Expression Expression::constant(int64_t value)
{
    Expression e;
    e.m_code.push_back({Op::Const, 0, 0, value});
    e.m_source = QString::number(value);
    return e;
}

namespace {
template<typename Fetch>
int64_t run(const std::vector<Expression::Instr> &code, Fetch &&fetch)
{
    using Op = Expression::Op;
    int64_t stack[Expression::StackSlots]; // compile() guarantees the code fits
    int sp = 0;
    for (const Expression::Instr &in : code) {
        switch (in.op) {
        case Op::Const:
            stack[sp++] = in.value;
            break;
        case Op::Local:
        case Op::Symbol:
        case Op::Call:
        case Op::SubExpr: {
            const int argc = in.op == Op::Call ? in.b : 0;
            sp -= argc;
            const int64_t v =
                (in.op == Op::Call && in.a < 0) ? builtinCall(in.a, stack + sp) : fetch(in, stack + sp, argc);
            stack[sp++] = v;
            break;
        }
        case Op::Neg:
            stack[sp - 1] = negate(stack[sp - 1]);
            break;
        case Op::Not:
            stack[sp - 1] = !stack[sp - 1];
            break;
        default: {
            if (in.op == Op::Select) {
                const int64_t c = stack[sp - 3], x = stack[sp - 2], y = stack[sp - 1];
                sp -= 3;
                stack[sp++] = c ? x : y;
                break;
            }
            const int64_t r = stack[--sp];
            int64_t &l = stack[sp - 1];
            switch (in.op) {
            case Op::Add:
                l = int64_t(uint64_t(l) + uint64_t(r));
                break;
            case Op::Sub:
                l = int64_t(uint64_t(l) - uint64_t(r));
                break;
            case Op::Mul:
                l = int64_t(uint64_t(l) * uint64_t(r));
                break;
            // Division by zero yields 0 rather than crashing on a teacher's typo.
            case Op::Div:
                l = (r == 0 || (r == -1 && l == INT64_MIN)) ? 0 : l / r;
                break;
            case Op::Mod:
                l = (r == 0 || r == -1) ? 0 : l % r;
                break;
            case Op::Eq:
                l = l == r;
                break;
            case Op::Ne:
                l = l != r;
                break;
            case Op::Lt:
                l = l < r;
                break;
            case Op::Le:
                l = l <= r;
                break;
            case Op::Gt:
                l = l > r;
                break;
            case Op::Ge:
                l = l >= r;
                break;
            case Op::And:
                l = l && r;
                break;
            case Op::Or:
                l = l || r;
                break;
            default:
                break;
            }
        }
        }
    }
    return sp > 0 ? stack[sp - 1] : 0;
}
} // namespace

int64_t Expression::evaluate(const Context &context) const
{
    return run(m_code, [&](const Instr &in, const int64_t *args, int argc) -> int64_t {
        switch (in.op) {
        case Op::Local:
            return context.locals ? context.locals[in.a] : 0;
        case Op::Symbol:
            return context.symbol ? context.symbol(in.a) : 0;
        case Op::Call:
            return context.call ? context.call(in.a, args, argc) : 0;
        case Op::SubExpr:
            return context.aggregate ? context.aggregate(in.a, m_subs[size_t(in.b)]) : 0;
        default:
            return 0;
        }
    });
}

int64_t Expression::evaluate(const int64_t *locals) const
{
    if (m_code.size() == 1) {
        const Instr &in = m_code.front();
        if (in.op == Op::Const)
            return in.value;
        if (in.op == Op::Local)
            return locals[in.a];
    }
    return run(m_code, [&](const Instr &in, const int64_t *args, int argc) -> int64_t {
        if (in.op == Op::Local)
            return locals ? locals[in.a] : 0;
        Q_UNUSED(args);
        Q_UNUSED(argc);
        return 0;
    });
}

} // namespace Interleave
