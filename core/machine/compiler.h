#pragma once

// Machine::compile's working parts, private to core/machine: the expression
// resolver (compile.cpp), the state layout (compile_state.cpp) and the
// programs and their steps (compile_steps.cpp). The compiler is the machine's
// description while it builds it, and fills the Machine::Impl beside it;
// Machine::compile then makes the Machine from both.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <QCoreApplication>
#include <QSet>

namespace Interleave {

class MachineCompiler : public MachineDescription
{
    Q_DECLARE_TR_FUNCTIONS(Machine)

public:
    // What the rule context's function ids can address (machine_impl.h, Fn).
    static constexpr int MaxColumns = 255, MaxTables = 4095, MaxMemoryCells = 65535;
    // The hidden column of a table whose rows are inserted or deleted: 1 while the row exists.
    static inline const QString ExistsColumn = QStringLiteral("#exists");
    // Every actor is a thread in a threaded trial and a slot in every state.
    static constexpr int MaxActors = 200; // in all, over every actors entry

    explicit MachineCompiler(const DatabaseVariant &database)
        : m_impl(std::make_unique<Machine::Impl>())
        , d(*m_impl)
    {
        m_database = database;
    }

    // The whole compilation, in order; false with `error` set on the first problem.
    bool compile(const ScenarioSpec &scenario, const QString &strategyId, const ExecutionModel &model,
                 const QHash<QString, int64_t> &params);

    QString error; // "path: problem"
    std::unique_ptr<Machine::Impl> takeImpl() { return std::move(m_impl); }

private:
    // ---- compile.cpp: the order of things ----
    bool selectStrategy(const ScenarioSpec &scenario, const QString &strategyId);
    bool setParameters(const ScenarioSpec &scenario, const QHash<QString, int64_t> &params);
    bool setDatabase(const StrategySpec &strategy);
    bool setUniqueKeys(const StrategySpec &strategy);
    bool createActors(const ScenarioSpec &scenario, const StrategySpec &strategy);
    bool compileDatabaseModel();
    bool initialRegisters(const ScenarioSpec &scenario);
    bool compileRules(const ScenarioSpec &scenario);
    bool builtinMessages();

    bool fail(const QString &path, const QString &message);
    std::optional<int64_t> whole(const QJsonValue &value, const QString &path);
    int message(const QString &text);
    int tableIndex(const QString &name) const;

    // ---- compile.cpp: expressions ----
    enum class Context {
        Params,
        Program,
        Update,
        Rule
    };
    std::optional<Expression> expr(const QString &source, const QString &path, Context ctx, int updateTable = -1);
    std::optional<int64_t> constant(const QString &source, const QString &path);
    bool resolveIdentifier(const QString &name, Context ctx, int updateTable, Expression::Instr &out);
    bool resolveRuleName(const QString &name, Expression::Instr &out);
    bool resolveMember(const QString &name, const QString &member, Context ctx, Expression::Instr &out) const;
    static bool resolveFunction(const QString &name, int argc, Context ctx, Expression::Instr &out, bool &isAggregate);

    // ---- compile_state.cpp: the layout of State::v ----
    bool compileState(const ScenarioSpec &spec);
    bool checkStateFields(const QJsonObject &state);
    bool compileTables(const QJsonObject &state, std::vector<int64_t> &init,
                       std::vector<std::pair<int, std::vector<int64_t>>> &keyTables);
    bool compileTable(const QJsonObject &table, const QString &path, std::vector<int64_t> &init,
                      std::vector<std::pair<int, std::vector<int64_t>>> &keyTables);
    bool compileRows(const QJsonArray &rows, const QString &path, const TableInfo &info, std::vector<int64_t> &init);
    bool compileMemory(const QJsonObject &state, std::vector<int64_t> &init);
    void placeKeyTables(std::vector<std::pair<int, std::vector<int64_t>>> &keyTables, std::vector<int64_t> &init);
    bool compilePools(const QJsonObject &state, std::vector<int64_t> &init);
    QStringList names(const QJsonObject &state, const char *key, const QString &path);

    // ---- compile_steps.cpp: programs ----
    void collectLocals(const StrategySpec &strategy, const ScenarioSpec &spec);
    bool compileProgram(const ProgramSpec &spec, Program &out);
    bool compileStep(const StepSpec &spec, int line, Step &step, std::vector<std::pair<int, QString>> &gotos,
                     int stepIndex);
    bool compileCellAccess(const StepSpec &spec, Step &step);
    bool compileFlow(const StepSpec &spec, Step &step, std::vector<std::pair<int, QString>> &gotos, int stepIndex);
    bool compileUpdate(const StepSpec &spec, Step &step);
    bool compileKeyStep(const StepSpec &spec, Step &step);
    bool compilePredicate(const StepSpec &spec, Step &step); // select, delete, update over a table
    bool compileRowInsert(const StepSpec &spec, Step &step);
    bool compileSets(const StepSpec &spec, Step &step, Context ctx); // "set": {column: expression}
    int rowTable(const StepSpec &spec); // the step's "table", which must have columns; -1 after fail()
    bool compileTransaction(const StepSpec &spec, Step &step);
    bool compileMutex(const StepSpec &spec, Step &step);
    bool compileLease(const StepSpec &spec, Step &step);
    bool compileQueue(const StepSpec &spec, Step &step);
    bool compileTime(const StepSpec &spec, Step &step);
    bool compilePool(const StepSpec &spec, Step &step);
    // Step field helpers: `key` is the field's name in the file, for messages.
    QString need(const StepSpec &spec, const QString &text, const char *key);
    bool program(const StepSpec &spec, const QString &source, const char *key, Expression &out);
    bool local(const StepSpec &spec, const QString &name, const char *key, bool required, Step &step);
    bool condition(const StepSpec &spec, const std::optional<QString> &source, const char *key, Step &step,
                   Context ctx = Context::Program);
    void errorText(const StepSpec &spec, const char *fallback, Step &step);
    int named(const QStringList &list, const QString &name, const StepSpec &spec, const char *key, const char *what);
    bool cell(const QString &text, const QString &path, Step &step);
    bool row(const QString &text, const QString &path, Step &step);

    std::unique_ptr<Machine::Impl> m_impl;
    Machine::Impl &d;
    QSet<QString> rowsChange; // tables some step inserts rows into or deletes rows from
    bool allowIndex = false; // actor locals' initial values may use the actor index i
};

} // namespace Interleave
