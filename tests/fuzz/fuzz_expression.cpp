// libFuzzer harness: an expression (a rule, a figure, a step's value in a scenario
// file) is compiled against a resolver that knows locals, a symbol, a member lookup,
// a call and an aggregate, then evaluated both ways.
#include "scenario/expression.h"

#include <cstddef>
#include <cstdint>

using namespace Interleave;

namespace {
constexpr size_t MaxInputBytes = 64 * 1024;
const int64_t Locals[] = {1000, -60, 0, INT64_MAX, INT64_MIN};

Expression::Resolver resolver()
{
    using Instr = Expression::Instr;
    using Op = Expression::Op;
    Expression::Resolver r;
    r.identifier = [](const QString &name, Instr &out) {
        static const QStringList locals = {QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("zero"),
                                           QStringLiteral("big"), QStringLiteral("small")};
        const int local = int(locals.indexOf(name));
        if (local >= 0) {
            out = {Op::Local, local, 0, 0};
            return true;
        }
        if (name == QLatin1String("n")) {
            out = {Op::Symbol, 3, 0, 0};
            return true;
        }
        return false;
    };
    r.member = [](const QString &name, const QString &member, Instr &out) {
        if (name != QLatin1String("accounts") || member != QLatin1String("balance"))
            return false;
        out = {Op::Call, 9, 1, 0};
        return true;
    };
    r.function = [](const QString &name, int argumentCount, Instr &out, bool &isAggregate) {
        if (name == QLatin1String("f")) {
            out = {Op::Call, 1, argumentCount, 0};
            isAggregate = false;
            return true;
        }
        if (name == QLatin1String("sum") && argumentCount == 1) {
            out = {Op::SubExpr, 2, 0, 0};
            isAggregate = true;
            return true;
        }
        return false;
    };
    return r;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MaxInputBytes)
        return -1;
    const QString source = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const std::optional<Expression> e = Expression::compile(source, resolver(), &error);
    if (!e)
        return 0;
    Expression::Context context;
    context.locals = Locals;
    context.symbol = [](int symbol) { return int64_t(symbol) * 7; };
    context.call = [](int function, const int64_t *args, int count) {
        int64_t h = function;
        for (int i = 0; i < count; ++i)
            h = int64_t(uint64_t(h) * 31 + uint64_t(args[i]));
        return h;
    };
    context.aggregate = [](int, const Expression &sub) {
        // Three rows' worth, as a rule's sum over requests would.
        return int64_t(uint64_t(sub.evaluate(Locals)) * 3);
    };
    e->evaluate(context);
    e->evaluate(Locals);
    return 0;
}
