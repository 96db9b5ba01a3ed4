// Machine::compile: from a ScenarioSpec strategy to a runnable, immutable Machine.
// This file holds the order of things and the expression resolver; the state
// layout is in compile_state.cpp, programs and steps in compile_steps.cpp.

#include "machine/compiler.h"
#include "scenario/jsoninput.h"

#include <limits>

namespace Interleave {

bool MachineCompiler::fail(const QString &path, const QString &message)
{
    if (error.isEmpty())
        error = path + QLatin1String(": ") + message;
    return false;
}

// A number written in the file. The loader has already refused any that is not a whole
// 64-bit number (checkJsonTree), but a double-to-integer cast out of range is undefined
// behaviour, so the compiler does not rely on that: a spec built some other way is checked here.
std::optional<int64_t> MachineCompiler::whole(const QJsonValue &value, const QString &path)
{
    QString problem;
    const std::optional<int64_t> n = wholeNumber(value, &problem);
    if (!n)
        fail(path, problem);
    return n;
}

int MachineCompiler::message(const QString &text)
{
    int i = m_messages.indexOf(text);
    if (i < 0) {
        m_messages.append(text);
        i = int(m_messages.size()) - 1;
    }
    return i;
}

int MachineCompiler::tableIndex(const QString &name) const
{
    for (size_t i = 0; i < m_tables.size(); ++i)
        if (m_tables[i].name == name)
            return int(i);
    return -1;
}

// ---- expressions ----

bool MachineCompiler::resolveIdentifier(const QString &name, Context ctx, int updateTable, Expression::Instr &out)
{
    if (name.startsWith(u'\'')) {
        out = {Expression::Op::Const, 0, 0, message(name.mid(1))};
        return ctx == Context::Rule || ctx == Context::Program;
    }
    if (m_params.contains(name)) {
        out = {Expression::Op::Const, 0, 0, m_params.value(name)};
        return true;
    }
    if (ctx == Context::Params)
        return name == QLatin1String("i") && allowIndex ? (out = {Expression::Op::Local, 0, 0, 0}, true) : false;
    if (ctx == Context::Update && name == QLatin1String("row.id")) {
        out = {Expression::Op::Symbol, RowIdSymbol, 0, 0};
        return true;
    }
    if (ctx == Context::Update && name.startsWith(QLatin1String("row."))) {
        const int col = m_tables[size_t(updateTable)].columns.indexOf(name.mid(4));
        if (col < 0)
            return false;
        out = {Expression::Op::Symbol, col, 0, 0};
        return true;
    }
    if (name == QLatin1String("now")) {
        out = {Expression::Op::Call, Fn::Now, 0, 0};
        return true;
    }
    const int local = m_localNames.indexOf(name);
    if (local >= 0) {
        out = {Expression::Op::Local, local, 0, 0};
        return true;
    }
    return ctx == Context::Rule && resolveRuleName(name, out);
}

// Names only rules and figures see: memory cells, tables, and per-actor facts.
bool MachineCompiler::resolveRuleName(const QString &name, Expression::Instr &out)
{
    if (name.startsWith(QLatin1String("mem."))) {
        const int cell = m_memoryNames.indexOf(name.mid(4));
        if (cell < 0)
            return false;
        out = {Expression::Op::Call, Fn::Memory | cell, 0, 0};
        return true;
    }
    const int t = tableIndex(name);
    if (t >= 0) {
        out = {Expression::Op::Const, 0, 0, t};
        return true;
    }
    static const std::pair<const char *, int> symbols[] = {
        {"finished_at", Fn::FinishedAt}, {"ok", Fn::Ok}, {"failed", Fn::FailedFlag}};
    for (const auto &[text, id] : symbols)
        if (name == QLatin1String(text)) {
            out = {Expression::Op::Call, id, 0, 0};
            return true;
        }
    return false;
}

bool MachineCompiler::resolveMember(const QString &name, const QString &member, Context ctx,
                                    Expression::Instr &out) const
{
    if (ctx != Context::Rule)
        return false;
    const int t = tableIndex(name);
    if (t < 0 || !m_tables[size_t(t)].isRowTable)
        return false;
    const int col = m_tables[size_t(t)].columns.indexOf(member);
    if (col < 0)
        return false;
    out = {Expression::Op::Call, Fn::Cell | (t << 8) | col, 1, 0};
    return true;
}

bool MachineCompiler::resolveFunction(const QString &name, int argc, Context ctx, Expression::Instr &out,
                                      bool &isAggregate)
{
    if (ctx != Context::Rule)
        return false;
    static const std::tuple<const char *, int, int> calls[] = {
        {"rows", 1, Fn::Rows},     {"distinct", 1, Fn::Distinct},
        {"has", 2, Fn::Has},       {"errors", 1, Fn::Errors},
        {"stuck", 0, Fn::Stuck},   {"anomaly", 1, Fn::Anomaly},
        {"holder", 1, Fn::Holder}, {"loop_waiters", 0, Fn::LoopWaiters}};
    for (const auto &[text, n, id] : calls)
        if (name == QLatin1String(text) && argc == n) {
            out = {Expression::Op::Call, id, argc, 0};
            return true;
        }
    static const std::tuple<const char *, int, int> aggregates[] = {{"sum_ok", 1, Fn::SumOk},
                                                                    {"sum_all", 1, Fn::SumAll},
                                                                    {"sum_failed", 1, Fn::SumFailed},
                                                                    {"count_ok", 0, Fn::CountOk},
                                                                    {"count_failed", 0, Fn::CountFailed},
                                                                    {"count_all", 0, Fn::CountAll},
                                                                    {"max_all", 1, Fn::MaxAll},
                                                                    {"min_all", 1, Fn::MinAll}};
    for (const auto &[text, n, id] : aggregates)
        if (name == QLatin1String(text) && argc == n) {
            out = {Expression::Op::SubExpr, id, 0, 0};
            isAggregate = true;
            return true;
        }
    return false;
}

std::optional<Expression> MachineCompiler::expr(const QString &source, const QString &path, Context ctx,
                                                int updateTable)
{
    Expression::Resolver r;
    r.identifier = [&](const QString &name, Expression::Instr &out) {
        return resolveIdentifier(name, ctx, updateTable, out);
    };
    r.member = [&](const QString &name, const QString &member, Expression::Instr &out) {
        return resolveMember(name, member, ctx, out);
    };
    r.function = [&](const QString &name, int argc, Expression::Instr &out, bool &isAggregate) {
        return resolveFunction(name, argc, ctx, out, isAggregate);
    };
    QString exprError;
    auto result = Expression::compile(source, r, &exprError);
    if (!result)
        fail(path, exprError);
    return result;
}

std::optional<int64_t> MachineCompiler::constant(const QString &source, const QString &path)
{
    auto e = expr(source, path, Context::Params);
    if (!e)
        return std::nullopt;
    if (!e->isConstant()) {
        fail(path, tr("\"%1\" must be a constant built from parameters").arg(source));
        return std::nullopt;
    }
    return e->constantValue();
}

// ---- the order of things ----

bool MachineCompiler::selectStrategy(const ScenarioSpec &scenario, const QString &strategyId)
{
    m_strategyIndex = scenario.strategyIndex(strategyId);
    if (m_strategyIndex >= 0)
        return true;
    QStringList ids;
    for (const StrategySpec &s : scenario.strategies)
        ids << s.id;
    return fail(QStringLiteral("strategy"),
                tr("scenario \"%1\" has no strategy \"%2\" (it has %3)")
                    .arg(scenario.id, strategyId, ids.join(QLatin1String(", "))));
}

bool MachineCompiler::setParameters(const ScenarioSpec &scenario, const QHash<QString, int64_t> &params)
{
    for (const ParameterSpec &p : scenario.params)
        m_params.insert(p.name, p.defaultValue);
    for (auto it = params.begin(); it != params.end(); ++it) {
        const ParameterSpec *p = scenario.param(it.key());
        if (!p) {
            QStringList names;
            for (const ParameterSpec &q : scenario.params)
                names << q.name;
            return fail(QStringLiteral("param ") + it.key(),
                        tr("scenario \"%1\" has no parameter \"%2\" (it has %3)")
                            .arg(scenario.id, it.key(), names.join(QLatin1String(", "))));
        }
        if (it.value() < p->minimum || it.value() > p->maximum)
            return fail(QStringLiteral("param ") + it.key(),
                        tr("%1 = %2 is outside the allowed range %3…%4")
                            .arg(it.key())
                            .arg(it.value())
                            .arg(p->minimum)
                            .arg(p->maximum));
        m_params.insert(it.key(), it.value());
    }
    return true;
}

bool MachineCompiler::setDatabase(const StrategySpec &strategy)
{
    // A misspelt or mistyped setting would silently leave the database at its defaults.
    for (auto it = strategy.database.begin(); it != strategy.database.end(); ++it) {
        const QString path = strategy.path + QLatin1String(".database.") + it.key();
        if (it.key() == QLatin1String("deadlockDetection")) {
            if (!it.value().isBool())
                return fail(path, tr("must be true or false"));
        } else if (it.key() == QLatin1String("lockWaitTimeoutMs")) {
            const std::optional<int64_t> ms = wholeNumber(it.value(), nullptr);
            if (!ms || *ms < 0 || *ms > 86400000)
                return fail(path, tr("must be a whole number of milliseconds from 0 to 86400000"));
        } else if (it.key() != QLatin1String("unique")) {
            return fail(path,
                        tr("unknown database setting \"%1\" (expected deadlockDetection, lockWaitTimeoutMs or unique)")
                            .arg(it.key()));
        }
    }
    d.deadlockDetection = strategy.database.value(QLatin1String("deadlockDetection")).toBool(true);
    d.lockWaitTimeoutMs = strategy.database.value(QLatin1String("lockWaitTimeoutMs")).toInt(-1);
    return true;
}

bool MachineCompiler::createActors(const ScenarioSpec &scenario, const StrategySpec &strategy)
{
    for (const ActorSpec &a : scenario.actors) {
        for (const auto &[name, value] : a.locals)
            if (m_params.contains(name))
                return fail(a.path + QLatin1String(".locals.") + name,
                            tr("local \"%1\" has the name of a parameter; rename one of them").arg(name));
        auto count = constant(a.repeat, a.path + QLatin1String(".repeat"));
        if (!count)
            return false;
        if (*count < 0 || *count > 200)
            return fail(a.path + QLatin1String(".repeat"), tr("%1 actors is outside 0…200").arg(*count));
        // Each entry is bounded above; their sum must be too.
        if (int64_t(m_actors.size()) + *count > MaxActors)
            return fail(a.path + QLatin1String(".repeat"), tr("model limit: at most %1 actors in all").arg(MaxActors));
        int program = -1;
        for (int p = 0; p < strategy.programs.size(); ++p)
            if (strategy.programs.at(p).name == a.program)
                program = p;
        if (program < 0)
            return fail(a.path + QLatin1String(".program"),
                        tr("strategy \"%1\" has no program \"%2\"").arg(strategy.id, a.program));
        for (int k = 0; k < *count; ++k) {
            const int index = int(m_actors.size());
            Actor actor;
            actor.letter = index < 26 ? QString(QChar(u'A' + index)) : QStringLiteral("R%1").arg(index + 1);
            actor.name = a.name.contains(QLatin1String("%1"))
                ? QString(a.name).replace(QLatin1String("%1"), actor.letter)
                : a.name;
            actor.program = program;
            actor.instance = index % d.instances;
            m_actors.push_back(actor);
        }
    }
    if (m_actors.empty())
        return fail(QStringLiteral("actors"), tr("no actors with these parameters"));
    return true;
}

// A strategy may add UNIQUE keys to key tables: the fix is a schema change on the same table.
bool MachineCompiler::setUniqueKeys(const StrategySpec &strategy)
{
    const QJsonValue uniqueKeys = strategy.database.value(QLatin1String("unique"));
    if (uniqueKeys.isUndefined())
        return true;
    const QString up = strategy.path + QLatin1String(".database.unique");
    if (!uniqueKeys.isArray())
        return fail(up, tr("must be a list of key table names"));
    for (const QJsonValue &name : uniqueKeys.toArray()) {
        const int t = tableIndex(name.toString());
        if (t < 0 || m_tables[size_t(t)].isRowTable)
            return fail(up, tr("no key table \"%1\" in state.tables").arg(name.toString()));
        m_tables[size_t(t)].unique = true;
    }
    return true;
}

// Actor registers and initial locals, after the shared part of the state.
bool MachineCompiler::initialRegisters(const ScenarioSpec &scenario)
{
    // The database's words of each transaction, if it keeps them with the registers, follow the locals.
    d.actorStride = ActorSlot::Fields + int(m_localNames.size()) + d.mvcc.registerWords();
    d.mvcc.placeInRegisters(d.actorBase + ActorSlot::Fields + int(m_localNames.size()), d.actorStride);
    State &init = d.initial;
    int index = 0;
    for (const ActorSpec &a : scenario.actors) {
        const int count = int(*constant(a.repeat, a.path));
        for (int k = 0; k < count; ++k, ++index) {
            std::vector<int64_t> regs(size_t(d.actorStride), 0);
            regs[ActorSlot::Wake] = -1;
            regs[ActorSlot::WaitStart] = -1;
            regs[ActorSlot::Error] = -1;
            regs[ActorSlot::PendingError] = -1;
            regs[ActorSlot::Finished] = -1;
            int64_t *locals = regs.data() + ActorSlot::Fields;
            locals[0] = index;
            allowIndex = true;
            for (const auto &[name, value] : a.locals) {
                auto e = expr(value, a.path + QLatin1String(".locals.") + name, Context::Params);
                if (!e)
                    return false;
                locals[m_localNames.indexOf(name)] = e->evaluate(locals);
            }
            allowIndex = false;
            init.v.insert(init.v.end(), regs.begin(), regs.end());
        }
    }
    d.stateSize = int(init.v.size());
    return true;
}

bool MachineCompiler::compileRules(const ScenarioSpec &scenario)
{
    for (const InvariantSpec &inv : scenario.invariants) {
        auto e = expr(inv.check, inv.path + QLatin1String(".check"), Context::Rule);
        if (!e)
            return false;
        m_invariants.push_back({inv.id, inv.label, inv.explanation, inv.always, *e});
    }
    if (m_invariants.size() > 60)
        return fail(QStringLiteral("invariants"), tr("at most 60 rules"));
    for (const FigureSpec &f : scenario.figures) {
        Figure figure;
        figure.label = f.label;
        auto actual = expr(f.actual, f.path + QLatin1String(".actual"), Context::Rule);
        if (!actual)
            return false;
        figure.actual = *actual;
        if (!f.expected.isEmpty()) {
            auto expected = expr(f.expected, f.path + QLatin1String(".expected"), Context::Rule);
            if (!expected)
                return false;
            figure.expected = *expected;
            figure.hasExpected = true;
        }
        m_figures.push_back(figure);
    }
    return true;
}

// Errors the machine raises itself, beside the scenario's own.
bool MachineCompiler::builtinMessages()
{
    const DatabaseVariant &db = database();
    d.msgDeadlock = message(databaseErrorText(db.flavour, DatabaseError::Deadlock));
    d.msgLockTimeout = message(databaseErrorText(db.flavour, DatabaseError::LockWaitTimeout));
    if (db.firstUpdaterWins())
        d.msgConcurrentUpdate = message(databaseErrorText(db.flavour, DatabaseError::ConcurrentUpdate));
    if (db.serializableSnapshots())
        d.msgDangerousStructure = message(databaseErrorText(db.flavour, DatabaseError::DangerousStructure));
    d.msgStaleToken = message(tr("Storage rejected the write: its fencing token is older than one already seen"));
    d.msgStaleRead = message(tr("Storage rejected the read: its fencing token is older than one already seen"));
    d.msgNoRow = message(tr("No such row"));
    d.msgTableFull = message(tr("Model limit: table is full"));
    d.msgRunaway = message(tr("Model limit: more than 10,000 local steps without touching shared state"));
    d.msgPoolTimeout = message(tr("Pool exhausted: timed out waiting for a connection"));
    d.msgQueuedTwice =
        message(tr("Model limit: a request waits in one queue at a time; it enqueued again before its dequeue"));
    // Trace events keep message and line indexes in 16 bits.
    if (m_messages.size() > std::numeric_limits<int16_t>::max())
        return fail(QStringLiteral("strategy"),
                    tr("model limit: more than %1 distinct error messages").arg(std::numeric_limits<int16_t>::max()));
    return true;
}

bool MachineCompiler::compile(const ScenarioSpec &scenario, const QString &strategyId, const ExecutionModel &model,
                              const QHash<QString, int64_t> &params)
{
    m_scenario = std::make_shared<ScenarioSpec>(scenario);
    if (!selectStrategy(scenario, strategyId))
        return false;
    m_model = model;
    d.instances = model.kind == ExecutionModel::Instances ? model.instances : 1;
    const StrategySpec &strategy = scenario.strategies.at(m_strategyIndex);
    if (!setParameters(scenario, params) || !setDatabase(strategy))
        return false;
    // Actors first: table capacities and queues depend on how many there are.
    collectLocals(strategy, scenario);
    if (!createActors(scenario, strategy) || !compileState(scenario) || !setUniqueKeys(strategy))
        return false;
    for (const ProgramSpec &p : strategy.programs) {
        Program program;
        if (!compileProgram(p, program))
            return false;
        m_programs.push_back(std::move(program));
    }
    return compileDatabaseModel() && initialRegisters(scenario) && compileRules(scenario) && builtinMessages();
}

std::shared_ptr<const Machine> Machine::compile(const ScenarioSpec &scenario, const QString &strategyId,
                                                const ExecutionModel &model, const QHash<QString, int64_t> &params,
                                                QString *error, const std::optional<DatabaseVariant> &database)
{
    MachineCompiler compiler(database.value_or(scenario.database));
    if (!compiler.compile(scenario, strategyId, model, params)) {
        if (error)
            *error = compiler.error;
        return nullptr;
    }
    std::unique_ptr<Impl> impl = compiler.takeImpl();
    std::shared_ptr<Machine> m(new Machine(std::move(compiler), std::move(impl)));
    m->analyseLocality();
    // Leading local steps run before anyone is scheduled, so every actor rests on a scheduling point.
    for (int a = 0; a < m->actorCount(); ++a)
        m->runLocals(m->d->initial, a, nullptr, 0);
    return m;
}

Machine::Machine(MachineDescription &&description, std::unique_ptr<Impl> impl)
    : MachineDescription(std::move(description))
    , d(std::move(impl))
{ }

Machine::~Machine() = default;

} // namespace Interleave
