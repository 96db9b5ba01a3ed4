#include "scenario/expressionparser_p.h"

#include "scenario/jsoninput.h"

#include <QCoreApplication>

#include <algorithm>

namespace Interleave {

namespace {
int builtinFunction(const QString &name, int argc)
{
    if (name == QLatin1String("min") && argc == 2)
        return int(BuiltinFunction::Min);
    if (name == QLatin1String("max") && argc == 2)
        return int(BuiltinFunction::Max);
    if (name == QLatin1String("abs") && argc == 1)
        return int(BuiltinFunction::Abs);
    return 0;
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

class ExpressionParser::Parser
{
public:
    Parser(const QString &source, const Expression::Resolver &resolver)
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
        explicit Nesting(Parser &parser)
            : m_parser(parser)
        {
            if (++m_parser.m_depth > Expression::MaxNesting)
                m_parser.fail(nestedTooDeep(Expression::MaxNesting));
        }
        ~Nesting() { --m_parser.m_depth; }
        bool tooDeep() const { return m_parser.m_depth > Expression::MaxNesting; }

    private:
        Parser &m_parser;
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
        if (accept("("))
            return parseTernary(e) && expect(")");
        if (m_token.kind == Token::String)
            return parseText(e);
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
        if (accept("("))
            return parseCall(e, name);
        if (accept("["))
            return parseCell(e, name);
        return parseDottedName(e, name);
    }

    // Strings only appear as arguments that the resolver maps to ids (error texts, tables).
    bool parseText(Expression &e)
    {
        Expression::Instr instr{Op::Const, 0, 0, 0};
        if (!m_resolver.identifier || !m_resolver.identifier(QLatin1Char('\'') + m_token.text, instr)) {
            fail(QCoreApplication::translate("Expression", "unknown text '%1'").arg(m_token.text));
            return false;
        }
        e.m_code.push_back(instr);
        next();
        return true;
    }

    // name(args…), after the '(': a built-in, a resolver's function or an aggregate.
    bool parseCall(Expression &e, const QString &name)
    {
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
            return true;
        }
        for (Expression &arg : args)
            appendArgument(e, std::move(arg));
        instr.op = Op::Call;
        instr.b = int32_t(args.size());
        e.m_code.push_back(instr);
        return true;
    }

    // An argument may hold aggregates of its own: carry their sub-expressions
    // over and renumber the instructions that point at them.
    static void appendArgument(Expression &e, Expression &&arg)
    {
        const int32_t offset = int32_t(e.m_subs.size());
        for (Expression::Instr in : arg.m_code) {
            if (in.op == Op::SubExpr)
                in.b += offset;
            e.m_code.push_back(in);
        }
        for (Expression &sub : arg.m_subs)
            e.m_subs.push_back(std::move(sub));
    }

    // name[index].member, after the '[': the index is evaluated first, then the member instruction.
    bool parseCell(Expression &e, const QString &name)
    {
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

    // name or name.part.part…: whatever the resolver knows by that full name.
    bool parseDottedName(Expression &e, const QString &name)
    {
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

bool ExpressionParser::parse(const QString &source, const Expression::Resolver &resolver, Expression &out,
                             QString *error)
{
    return Parser(source, resolver).parse(out, error);
}

} // namespace Interleave
