// Programs: the loader's typed steps, resolved against the state layout, the
// parameters and the locals, one function per step family.

#include "machine/compiler.h"

#include <algorithm>
#include <limits>

namespace Interleave {

// ---- step fields ----

QString MachineCompiler::need(const StepSpec &spec, const QString &text, const char *key)
{
    if (text.isEmpty())
        fail(spec.path, tr("step \"%1\" needs \"%2\"").arg(spec.opName(), QLatin1String(key)));
    return text;
}

bool MachineCompiler::program(const StepSpec &spec, const QString &source, const char *key, Expression &out)
{
    if (need(spec, source, key).isEmpty())
        return false;
    auto e = expr(source, spec.path + u'.' + QLatin1String(key), Context::Program);
    if (!e)
        return false;
    out = *e;
    return true;
}

bool MachineCompiler::local(const StepSpec &spec, const QString &name, const char *key, bool required, Step &step)
{
    if (name.isEmpty())
        return !required || fail(spec.path, tr("step \"%1\" needs \"%2\"").arg(spec.opName(), QLatin1String(key)));
    if (m_params.contains(name))
        return fail(spec.path + u'.' + QLatin1String(key),
                    tr("\"%1\" is a parameter and cannot be assigned").arg(name));
    step.into = m_localNames.indexOf(name);
    return true;
}

bool MachineCompiler::condition(const StepSpec &spec, const std::optional<QString> &source, const char *key, Step &step,
                                Context ctx)
{
    if (!source)
        return true;
    step.hasCondition = true;
    auto e = expr(*source, spec.path + u'.' + QLatin1String(key), ctx, step.table);
    if (!e)
        return false;
    step.condition = *e;
    return true;
}

void MachineCompiler::errorText(const StepSpec &spec, const char *fallback, Step &step)
{
    step.message = message(spec.error.isEmpty() ? tr(fallback) : spec.error);
}

int MachineCompiler::named(const QStringList &list, const QString &name, const StepSpec &spec, const char *key,
                           const char *what)
{
    const int i = list.indexOf(name);
    if (i < 0)
        fail(spec.path + u'.' + QLatin1String(key),
             name.isEmpty() ? tr("missing \"%1\"").arg(QLatin1String(key))
                            : tr("no %1 \"%2\" is declared in state").arg(QLatin1String(what), name));
    return i;
}

// Resolves a cell reference: "table[idExpr].column" or "mem.name".
bool MachineCompiler::cell(const QString &text, const QString &path, Step &step)
{
    const QString t = text.trimmed();
    if (t.startsWith(QLatin1String("mem."))) {
        step.place = Place::Memory;
        step.column = m_memoryNames.indexOf(t.mid(4));
        if (step.column < 0)
            return fail(path, tr("no memory cell \"%1\" in state.memory").arg(t.mid(4)));
        return true;
    }
    const int open = t.indexOf(u'['), close = t.lastIndexOf(u']');
    if (open <= 0 || close < open || close + 1 >= t.size() || t.at(close + 1) != u'.')
        return fail(path, tr("\"%1\" is not a cell; write table[id].column or mem.name").arg(text));
    if (!row(t.left(close + 1), path, step))
        return false;
    step.column = m_tables[size_t(step.table)].columns.indexOf(t.mid(close + 2));
    if (step.column < 0)
        return fail(path, tr("table \"%1\" has no column \"%2\"").arg(t.left(open), t.mid(close + 2)));
    return true;
}

// Resolves a row reference: "table[idExpr]".
bool MachineCompiler::row(const QString &text, const QString &path, Step &step)
{
    const QString t = text.trimmed();
    const int open = t.indexOf(u'['), close = t.lastIndexOf(u']');
    if (open <= 0 || close != t.size() - 1)
        return fail(path, tr("\"%1\" is not a row; write table[id]").arg(text));
    step.place = Place::Row;
    step.table = tableIndex(t.left(open));
    if (step.table < 0 || !m_tables[size_t(step.table)].isRowTable)
        return fail(path, tr("no table \"%1\" with columns in state.tables").arg(t.left(open)));
    auto id = expr(t.mid(open + 1, close - open - 1), path, Context::Program);
    if (!id)
        return false;
    step.rowId = *id;
    return true;
}

// ---- step families ----

bool MachineCompiler::compileCellAccess(const StepSpec &spec, Step &step)
{
    const QString p = spec.path;
    step.shared = true;
    if (!cell(need(spec, spec.cell, "cell"), p + QLatin1String(".cell"), step))
        return false;
    if (step.op == OpCode::Read) {
        // The second column of one SELECT is read in the same step as the first.
        step.shared = !spec.sameStatement;
        step.forUpdate = spec.forUpdate;
        if (!local(spec, spec.into, "into", true, step))
            return false;
        if (step.forUpdate && step.place != Place::Row)
            return fail(p + QLatin1String(".forUpdate"), tr("only database rows can be read FOR UPDATE"));
        // Storage that checks tokens on every request, reads included.
        if (spec.fence && step.place != Place::Row)
            return fail(p + QLatin1String(".fence"), tr("only database rows check fencing tokens"));
    } else if (!program(spec, spec.value, "value", step.value)) {
        return false;
    }
    // Process memory has no storage that could check a token: a fence there would be silently ignored.
    if (spec.fence && step.place != Place::Row)
        return fail(p + QLatin1String(".fence"), tr("only database rows check fencing tokens"));
    if (spec.fence) {
        step.hasFence = true;
        if (!program(spec, *spec.fence, "fence", step.fence))
            return false;
    }
    if (step.op == OpCode::Write && spec.lease &&
        (step.leaseCheck = named(m_leaseNames, *spec.lease, spec, "lease", "lease")) < 0)
        return false;
    return true;
}

bool MachineCompiler::compileFlow(const StepSpec &spec, Step &step, std::vector<std::pair<int, QString>> &gotos,
                                  int stepIndex)
{
    switch (step.op) {
    case OpCode::Let:
        return local(spec, spec.into, "into", true, step) && program(spec, spec.value, "value", step.value);
    case OpCode::Fail:
        errorText(spec, "Request failed", step);
        break;
    case OpCode::Goto:
        gotos.push_back({stepIndex, need(spec, spec.to, "to")});
        break;
    default: // Finish
        break;
    }
    return condition(spec, spec.condition, "if", step);
}

bool MachineCompiler::compileUpdate(const StepSpec &spec, Step &step)
{
    const QString p = spec.path;
    step.shared = true;
    if (spec.row.isEmpty() && !spec.table.isEmpty())
        return compilePredicate(spec, step);
    if (!row(need(spec, spec.row, "row"), p + QLatin1String(".row"), step) ||
        !local(spec, spec.into, "into", false, step))
        return false;
    return compileSets(spec, step, Context::Update) && condition(spec, spec.where, "where", step, Context::Update);
}

bool MachineCompiler::compileSets(const StepSpec &spec, Step &step, Context ctx)
{
    const QString p = spec.path;
    if (spec.set.isEmpty())
        return fail(p, tr("step \"%1\" needs \"set\": { column: expression }").arg(spec.opName()));
    const TableInfo &table = m_tables[size_t(step.table)];
    for (const auto &[column, source] : spec.set) {
        const int col = column == ExistsColumn ? -1 : int(table.columns.indexOf(column));
        if (col < 0)
            return fail(p + QLatin1String(".set.") + column,
                        tr("table \"%1\" has no column \"%2\"").arg(table.name, column));
        auto e = expr(source, p + QLatin1String(".set.") + column, ctx, step.table);
        if (!e)
            return false;
        step.sets.push_back({col, *e});
    }
    return true;
}

int MachineCompiler::rowTable(const StepSpec &spec)
{
    const int t = tableIndex(need(spec, spec.table, "table"));
    if (t < 0 || !m_tables[size_t(t)].isRowTable)
        fail(spec.path + QLatin1String(".table"), tr("no table \"%1\" with columns in state.tables").arg(spec.table));
    return error.isEmpty() ? t : -1;
}

// SELECT COUNT(*), SUM(…) … WHERE, DELETE … WHERE and UPDATE … WHERE over every row of a table.
bool MachineCompiler::compilePredicate(const StepSpec &spec, Step &step)
{
    step.shared = true;
    step.predicate = true;
    step.place = Place::Table;
    if ((step.table = rowTable(spec)) < 0)
        return false;
    step.forUpdate = spec.forUpdate;
    if (step.op == OpCode::Update && !compileSets(spec, step, Context::Update))
        return false;
    if (!local(spec, spec.into, "into", step.op == OpCode::Select, step))
        return false;
    if (step.op == OpCode::Select) {
        for (const auto &[name, source] : spec.sum) {
            if (m_params.contains(name))
                return fail(spec.path + QLatin1String(".sum.") + name,
                            tr("\"%1\" is a parameter and cannot be assigned").arg(name));
            auto e = expr(source, spec.path + QLatin1String(".sum.") + name, Context::Update, step.table);
            if (!e)
                return false;
            step.sums.push_back({int(m_localNames.indexOf(name)), *e});
        }
    } else if (!spec.sum.isEmpty()) {
        return fail(spec.path + QLatin1String(".sum"), tr("only \"select\" sums rows"));
    }
    return condition(spec, spec.where, "where", step, Context::Update);
}

// INSERT INTO t (id, …) VALUES (…): fills one of the table's absent rows.
bool MachineCompiler::compileRowInsert(const StepSpec &spec, Step &step)
{
    step.shared = true;
    step.place = Place::Row;
    if ((step.table = rowTable(spec)) < 0)
        return false;
    if (!program(spec, spec.key, "key", step.rowId) || !local(spec, spec.into, "into", false, step))
        return false;
    errorText(spec, "ER_DUP_ENTRY: Duplicate entry for key", step);
    return spec.set.isEmpty() || compileSets(spec, step, Context::Program);
}

bool MachineCompiler::compileKeyStep(const StepSpec &spec, Step &step)
{
    const int table = tableIndex(spec.table);
    if (step.op == OpCode::Insert && table >= 0 && m_tables[size_t(table)].isRowTable)
        return compileRowInsert(spec, step);
    step.shared = true;
    step.place = Place::Table;
    step.table = tableIndex(need(spec, spec.table, "table"));
    if (step.table < 0 || m_tables[size_t(step.table)].isRowTable)
        return fail(spec.path + QLatin1String(".table"), tr("no key table \"%1\" in state.tables").arg(spec.table));
    if (!program(spec, spec.key, "key", step.value) || !local(spec, spec.into, "into", step.op == OpCode::Exists, step))
        return false;
    errorText(spec, "ER_DUP_ENTRY: Duplicate entry for key", step);
    return true;
}

bool MachineCompiler::compileTransaction(const StepSpec &spec, Step &step)
{
    step.shared = step.op != OpCode::Begin;
    if (!spec.retryOn.isEmpty() && step.op != OpCode::Begin)
        return fail(spec.path + QLatin1String(".retry"), tr("only \"begin\" retries its transaction"));
    if (!spec.retryOn.isEmpty()) {
        for (const QString &kind : spec.retryOn)
            step.retryOn |= kind == QLatin1String("serialization") ? RetrySerialization
                : kind == QLatin1String("deadlock")                ? RetryDeadlock
                                                                   : RetryTimeout;
        step.retryAttempts = int(spec.retryAttempts);
        // The attempt counter: the step's "into", else a local the program cannot name.
        step.into = m_localNames.indexOf(spec.into.isEmpty() ? QStringLiteral("#retries") : spec.into);
    }
    if (step.op == OpCode::LockRow)
        return row(need(spec, spec.row, "row"), spec.path + QLatin1String(".row"), step);
    return true;
}

bool MachineCompiler::compileMutex(const StepSpec &spec, Step &step)
{
    step.shared = true;
    step.place = Place::Mutex;
    if ((step.resource = named(m_mutexNames, spec.mutex, spec, "mutex", "mutex")) < 0 ||
        !local(spec, spec.into, "into", false, step))
        return false;
    errorText(spec, "429 Busy", step);
    return true;
}

bool MachineCompiler::compileLease(const StepSpec &spec, Step &step)
{
    step.shared = true;
    step.place = Place::Lease;
    if ((step.resource = named(m_leaseNames, spec.lease.value_or(QString()), spec, "lease", "lease")) < 0)
        return false;
    if (step.op == OpCode::LeaseRelease) {
        step.checkOwner = spec.checkOwner;
        return true;
    }
    if (!program(spec, spec.ttl, "ttl", step.value))
        return false;
    if (!spec.token.isEmpty())
        step.into = m_localNames.indexOf(spec.token);
    step.wait = spec.wait.value_or(false);
    errorText(spec, "Could not acquire lock", step);
    return true;
}

bool MachineCompiler::compileQueue(const StepSpec &spec, Step &step)
{
    step.shared = true;
    step.place = Place::Queue;
    return (step.resource = named(m_queueNames, spec.queue, spec, "queue", "queue")) >= 0;
}

bool MachineCompiler::compileTime(const StepSpec &spec, Step &step)
{
    if (!program(spec, spec.ms, "ms", step.value))
        return false;
    step.offload = spec.offload;
    if (step.op == OpCode::Sleep)
        step.await = true; // setTimeout is always awaited
    return true;
}

bool MachineCompiler::compilePool(const StepSpec &spec, Step &step)
{
    step.shared = true;
    step.place = Place::Pool;
    if ((step.resource = named(m_poolNames, spec.pool, spec, "pool", "pool")) < 0)
        return false;
    step.wait = spec.wait.value_or(true);
    if (spec.timeoutMs) {
        // A number or a parameter expression; a string used to be read silently as "no timeout".
        auto timeout = constant(*spec.timeoutMs, spec.path + QLatin1String(".timeoutMs"));
        if (!timeout)
            return false;
        step.timeoutMs = int(std::clamp<int64_t>(*timeout, 0, 86400000));
    }
    errorText(spec, "Pool exhausted: no connection available", step);
    return true;
}

bool MachineCompiler::compileStep(const StepSpec &spec, int line, Step &step,
                                  std::vector<std::pair<int, QString>> &gotos, int stepIndex)
{
    step.op = spec.kind;
    step.line = line;
    step.await = spec.await;
    if (spec.latency) {
        auto e = expr(*spec.latency, spec.path + QLatin1String(".latency"), Context::Program);
        if (!e)
            return false;
        step.latency = *e;
    }
    bool ok = true;
    switch (step.op) {
    case OpCode::Read:
    case OpCode::Write:
        ok = compileCellAccess(spec, step);
        break;
    case OpCode::Let:
    case OpCode::Fail:
    case OpCode::Goto:
    case OpCode::Finish:
        ok = compileFlow(spec, step, gotos, stepIndex);
        break;
    case OpCode::Update:
        ok = compileUpdate(spec, step);
        break;
    case OpCode::Select:
    case OpCode::Delete:
        ok = compilePredicate(spec, step);
        break;
    case OpCode::Insert:
    case OpCode::Exists:
        ok = compileKeyStep(spec, step);
        break;
    case OpCode::Begin:
    case OpCode::Commit:
    case OpCode::Rollback:
    case OpCode::LockRow:
        ok = compileTransaction(spec, step);
        break;
    case OpCode::MutexLock:
    case OpCode::MutexUnlock:
    case OpCode::TryLock:
        ok = compileMutex(spec, step);
        break;
    case OpCode::LeaseAcquire:
    case OpCode::LeaseRelease:
        ok = compileLease(spec, step);
        break;
    case OpCode::Enqueue:
    case OpCode::Dequeue:
        ok = compileQueue(spec, step);
        break;
    case OpCode::Sleep:
    case OpCode::Cpu:
    case OpCode::Pause:
        ok = compileTime(spec, step);
        break;
    case OpCode::PoolAcquire:
    case OpCode::PoolRelease:
        ok = compilePool(spec, step);
        break;
    }
    return ok && error.isEmpty();
}

// ---- programs ----

void MachineCompiler::collectLocals(const StrategySpec &strategy, const ScenarioSpec &spec)
{
    m_localNames = {QStringLiteral("i")};
    for (const ActorSpec &a : spec.actors)
        for (const auto &[name, value] : a.locals)
            if (!m_localNames.contains(name))
                m_localNames << name;
    for (const ProgramSpec &p : strategy.programs)
        for (const LineSpec &l : p.lines)
            for (const StepSpec &s : l.steps)
                for (const QString &name :
                     {s.into, s.token, s.retryOn.isEmpty() ? QString() : QStringLiteral("#retries")})
                    if (!name.isEmpty() && !m_localNames.contains(name))
                        m_localNames << name;
    for (const ProgramSpec &p : strategy.programs)
        for (const LineSpec &l : p.lines)
            for (const StepSpec &s : l.steps)
                for (const auto &[name, source] : s.sum)
                    if (!name.isEmpty() && !m_localNames.contains(name))
                        m_localNames << name;
}

bool MachineCompiler::compileProgram(const ProgramSpec &spec, Program &out)
{
    out.name = spec.name;
    if (spec.lines.size() > std::numeric_limits<int16_t>::max()) // trace events keep the line in 16 bits
        return fail(spec.path,
                    tr("model limit: at most %1 lines in a program").arg(std::numeric_limits<int16_t>::max()));
    QHash<QString, int> labels;
    std::vector<std::pair<int, QString>> gotos;
    int tryStep = 0; // a "try" label: what comes before it (an acquire outside try { }) skips finally
    for (int l = 0; l < spec.lines.size(); ++l) {
        const LineSpec &line = spec.lines.at(l);
        ProgramLine pl;
        pl.code = line.code;
        pl.firstStep = int(out.steps.size());
        if (!line.label.isEmpty()) {
            if (labels.contains(line.label))
                return fail(QStringLiteral("%1[%2].label").arg(spec.path).arg(l),
                            tr("label \"%1\" is used twice").arg(line.label));
            labels.insert(line.label, pl.firstStep);
            if (line.label == QLatin1String("finally"))
                out.finallyStep = pl.firstStep;
            if (line.label == QLatin1String("try"))
                tryStep = pl.firstStep;
        }
        for (const StepSpec &s : line.steps) {
            Step step;
            if (!compileStep(s, l, step, gotos, int(out.steps.size())))
                return false;
            out.steps.push_back(std::move(step));
        }
        pl.stepCount = int(out.steps.size()) - pl.firstStep;
        out.lines.push_back(pl);
    }
    for (const auto &[stepIndex, label] : gotos) {
        if (!labels.contains(label))
            return fail(spec.path, tr("goto to unknown label \"%1\"").arg(label));
        out.steps[size_t(stepIndex)].target = labels.value(label);
    }
    if (out.steps.empty())
        return fail(spec.path, tr("the program has no steps; add \"steps\" to at least one line"));
    d.tryStep.push_back(tryStep);
    return true;
}

} // namespace Interleave
