#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace Interleave {

// A compiled integer expression, evaluated on a tiny stack machine.
// Values are 64-bit integers (money in whole units, booleans as 0/1), so that
// state stays cheap to copy and hash. Expressions have no side effects.
class Expression
{
public:
    // Bounds a stranger's file cannot cross; compile() refuses an expression that would.
    // Nesting costs native stack in the parser, slots cost evaluator stack.
    static constexpr int MaxLength = 10000; // characters
    static constexpr int MaxNesting = 100; // parentheses, arguments, ?: branches, unary operators
    static constexpr int StackSlots = 128; // values pending at once during evaluation

    enum class Op : uint8_t {
        Const, // push a
        Local, // push actor local a
        Symbol, // push context symbol a (resolved by the compiler's resolver)
        Call, // function a with b arguments (resolver-defined)
        SubExpr, // aggregate a over sub expression b (resolver-defined)
        Neg,
        Not,
        Add,
        Sub,
        Mul,
        Div,
        Mod,
        Eq,
        Ne,
        Lt,
        Le,
        Gt,
        Ge,
        And,
        Or,
        Select, // c ? x : y, pops 3
    };
    struct Instr
    {
        Op op;
        int32_t a = 0;
        int32_t b = 0;
        int64_t value = 0;
    };

    bool isValid() const { return !m_code.empty(); }
    bool isConstant() const { return m_code.size() == 1 && m_code.front().op == Op::Const; }
    int64_t constantValue() const { return m_code.front().value; }
    const std::vector<Instr> &code() const { return m_code; }
    const QString &source() const { return m_source; }

    // Evaluation context: how locals, symbols, calls and aggregates get their value.
    struct Context
    {
        const int64_t *locals = nullptr;
        std::function<int64_t(int symbol)> symbol;
        std::function<int64_t(int function, const int64_t *args, int count)> call;
        std::function<int64_t(int aggregate, const Expression &sub)> aggregate;
    };
    int64_t evaluate(const Context &context) const;
    // Fast path for expressions that only use constants and locals.
    int64_t evaluate(const int64_t *locals) const;

    const std::vector<Expression> &subExpressions() const { return m_subs; }

    // How the compiler turns names into instructions. Each callback returns
    // false when the name is unknown in this context.
    struct Resolver
    {
        std::function<bool(const QString &name, Instr &out)> identifier;
        // name[index].member, e.g. accounts[id].balance; index is compiled separately
        std::function<bool(const QString &name, const QString &member, Instr &out)> member;
        std::function<bool(const QString &function, int argumentCount, Instr &out, bool &isAggregate)> function;
    };

    // Parses and compiles; on failure returns nullopt and sets *error to one line.
    // A compiled expression never needs more than StackSlots evaluator slots.
    static std::optional<Expression> compile(const QString &source, const Resolver &resolver, QString *error);
    static Expression constant(int64_t value);

private:
    int slotsNeeded() const;

    QString m_source;
    std::vector<Instr> m_code;
    std::vector<Expression> m_subs;
    friend class ExpressionParser;
};

} // namespace Interleave
