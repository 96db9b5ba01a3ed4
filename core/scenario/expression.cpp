#include "scenario/expression.h"

#include "scenario/expressionparser_p.h"

#include <QCoreApplication>

#include <algorithm>

namespace Interleave {

namespace {
// Arithmetic wraps like the other operators: -INT64_MIN is INT64_MIN, not undefined behaviour.
int64_t negate(int64_t value)
{
    return int64_t(0 - uint64_t(value));
}

int64_t builtinCall(int id, const int64_t *args)
{
    switch (id) {
    case int(BuiltinFunction::Min):
        return std::min(args[0], args[1]);
    case int(BuiltinFunction::Max):
        return std::max(args[0], args[1]);
    case int(BuiltinFunction::Abs):
        return args[0] < 0 ? negate(args[0]) : args[0];
    default:
        return 0;
    }
}
} // namespace

std::optional<Expression> Expression::compile(const QString &source, const Resolver &resolver, QString *error)
{
    Expression e;
    if (!ExpressionParser::parse(source, resolver, e, error))
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
// Arithmetic wraps (through unsigned) instead of overflowing, like negate().
int64_t applyBinary(Expression::Op op, int64_t l, int64_t r)
{
    using Op = Expression::Op;
    switch (op) {
    case Op::Add:
        return int64_t(uint64_t(l) + uint64_t(r));
    case Op::Sub:
        return int64_t(uint64_t(l) - uint64_t(r));
    case Op::Mul:
        return int64_t(uint64_t(l) * uint64_t(r));
    // Division by zero yields 0 rather than crashing on a teacher's typo.
    case Op::Div:
        return (r == 0 || (r == -1 && l == INT64_MIN)) ? 0 : l / r;
    case Op::Mod:
        return (r == 0 || r == -1) ? 0 : l % r;
    case Op::Eq:
        return l == r;
    case Op::Ne:
        return l != r;
    case Op::Lt:
        return l < r;
    case Op::Le:
        return l <= r;
    case Op::Gt:
        return l > r;
    case Op::Ge:
        return l >= r;
    case Op::And:
        return l && r;
    case Op::Or:
        return l || r;
    default:
        return l;
    }
}

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
        case Op::Select: {
            const int64_t c = stack[sp - 3], x = stack[sp - 2], y = stack[sp - 1];
            sp -= 3;
            stack[sp++] = c ? x : y;
            break;
        }
        default: {
            const int64_t right = stack[--sp];
            stack[sp - 1] = applyBinary(in.op, stack[sp - 1], right);
            break;
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
