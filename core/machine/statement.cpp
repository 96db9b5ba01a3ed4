// Machine::nextStatement: the SQL statement behind an actor's next database step, for
// running the same schedule on a real server (core/realdb, docs/database-model.md).

#include "machine/machine.h"
#include "machine/machine_impl.h"
#include "machine/machine_p.h"

#include <algorithm>

namespace Interleave {

namespace {

bool isLocal(OpCode op)
{
    return op == OpCode::Let || op == OpCode::Goto || op == OpCode::Fail || op == OpCode::Finish;
}

} // namespace

// A statement over a row table: its where, sets and sums as the scenario wrote them, with the
// request's locals, for core/realdb to turn into SQL.
DatabaseStatement Machine::predicateStatement(const Step &st, const State &s, int actor) const
{
    DatabaseStatement out;
    const TableInfo &t = m_tables[size_t(st.table)];
    out.kind = st.op == OpCode::Select ? DatabaseStatement::Count
        : st.op == OpCode::Delete      ? DatabaseStatement::Delete
        : st.op == OpCode::Insert      ? DatabaseStatement::Insert
                                       : DatabaseStatement::Update;
    out.table = t.name;
    out.columns = t.columns;
    const int64_t *locals = regs(s, actor) + ActorSlot::Fields;
    out.locals.assign(locals, locals + m_localNames.size());
    out.forUpdate = st.forUpdate;
    if (st.hasCondition)
        out.where = st.condition;
    for (const auto &[column, e] : st.sets)
        out.sets.push_back({t.columns.value(column), e});
    if (st.op == OpCode::Select) {
        out.resultLocals << m_localNames.value(st.into);
        for (const auto &[local, e] : st.sums) {
            out.resultLocals << m_localNames.value(local);
            out.sums.push_back(e);
        }
    }
    return out;
}

// Where the statement comes from: the first step of `line` that is not local, or, without a
// line, the step the actor stands at once its local steps ran (which `s` then includes).
std::optional<size_t> Machine::statementStep(State &s, int actor, int line) const
{
    const Program &p = programOf(actor);
    if (line >= 0 && line < int(p.lines.size())) {
        // Only the line's own steps: a line without any (a label, the last `end`) has none.
        const ProgramLine &l = p.lines[size_t(line)];
        const size_t end = std::min(size_t(l.firstStep) + size_t(std::max(l.stepCount, 0)), p.steps.size());
        size_t pc = size_t(l.firstStep);
        if (pc >= end)
            return std::nullopt;
        while (pc + 1 < end && isLocal(p.steps[pc].op))
            ++pc;
        return pc;
    }
    runLocals(s, actor, nullptr, 0);
    const int64_t *r = regs(s, actor);
    if (r[ActorSlot::Status] != int64_t(ActorStatus::Running) || r[ActorSlot::Pc] >= int64_t(p.steps.size()))
        return std::nullopt;
    return size_t(r[ActorSlot::Pc]);
}

// A read or write of row cells: one SELECT of every column its statement reads, or one write.
DatabaseStatement Machine::cellStatement(const Program &p, size_t pc, const State &s, int actor) const
{
    DatabaseStatement out;
    const Step &st = p.steps[pc];
    if (st.place != Place::Row)
        return out;
    auto cellOf = [&](const Step &step) {
        const TableInfo &t = m_tables[size_t(step.table)];
        return DatabaseStatement::Cell{t.name, evalProgram(step.rowId, s, actor), t.columns.value(step.column)};
    };
    out.kind = st.op == OpCode::Read ? DatabaseStatement::Select : DatabaseStatement::Write;
    out.cells.push_back(cellOf(st));
    out.hasFence = st.hasFence;
    out.fence = st.hasFence ? evalProgram(st.fence, s, actor) : 0;
    if (st.op == OpCode::Write) {
        out.value = evalProgram(st.value, s, actor);
        return out;
    }
    out.forUpdate = st.forUpdate;
    // The reads marked sameStatement belong to this SELECT (compile_steps.cpp).
    for (size_t next = pc + 1; next < p.steps.size(); ++next) {
        const Step &more = p.steps[next];
        if (more.op != OpCode::Read || more.shared || more.place != Place::Row)
            break;
        out.cells.push_back(cellOf(more));
    }
    return out;
}

// A statement on one row or key named by its value: a keyed insert or update, a row lock, a
// key table's insert or lookup.
DatabaseStatement Machine::keyStatement(const Step &st, const State &s, int actor) const
{
    DatabaseStatement out;
    const QString &table = m_tables[size_t(st.table)].name;
    switch (st.op) {
    case OpCode::Insert:
        if (st.place != Place::Row) {
            out.kind = DatabaseStatement::InsertKey;
            out.table = table;
            out.key = evalProgram(st.value, s, actor);
            out.ignoreDuplicate = st.into >= 0;
            return out;
        }
        out = predicateStatement(st, s, actor);
        // The values are the request's: constants by the time the statement is sent.
        for (auto &[column, e] : out.sets)
            e = Expression::constant(evalProgram(e, s, actor));
        break;
    case OpCode::Update:
        out = predicateStatement(st, s, actor);
        break;
    case OpCode::LockRow:
        out.kind = DatabaseStatement::LockRow;
        out.table = table;
        break;
    case OpCode::Exists:
        out.kind = DatabaseStatement::KeyExists;
        out.table = table;
        out.key = evalProgram(st.value, s, actor);
        return out;
    default:
        return out;
    }
    out.hasKey = true;
    out.key = evalProgram(st.rowId, s, actor);
    return out;
}

DatabaseStatement Machine::nextStatement(const State &state, int actor, int line) const
{
    State s = state;
    const std::optional<size_t> pc = statementStep(s, actor, line);
    if (!pc)
        return {};
    const Program &p = programOf(actor);
    const Step &st = p.steps[*pc];
    DatabaseStatement out;
    switch (st.op) {
    case OpCode::Begin:
        out.kind = DatabaseStatement::Begin;
        return out;
    case OpCode::Commit:
        out.kind = DatabaseStatement::Commit;
        return out;
    case OpCode::Rollback:
        out.kind = DatabaseStatement::Rollback;
        return out;
    case OpCode::Read:
    case OpCode::Write:
        return cellStatement(p, *pc, s, actor);
    case OpCode::Select:
    case OpCode::Delete:
        return predicateStatement(st, s, actor);
    case OpCode::Update:
        return st.predicate ? predicateStatement(st, s, actor) : keyStatement(st, s, actor);
    case OpCode::Insert:
    case OpCode::LockRow:
    case OpCode::Exists:
        return keyStatement(st, s, actor);
    default:
        return out;
    }
}

int Machine::leaseCount() const
{
    return int(m_leaseNames.size());
}

int Machine::leaseHolder(const State &s, int lease) const
{
    const int off = d->leaseBase + LeaseSlot::Size * lease;
    const int64_t owner = s.v[size_t(off + LeaseSlot::Owner)];
    return owner != 0 && s.v[size_t(off + LeaseSlot::Expiry)] > s.v[Slot::Now] ? int(owner - 1) : -1;
}

bool Machine::releaseChecksOwner(int actor, int line) const
{
    const Program &p = programOf(actor);
    if (line < 0 || line >= int(p.lines.size()))
        return true;
    const ProgramLine &l = p.lines[size_t(line)];
    for (int i = l.firstStep; i < l.firstStep + l.stepCount && i < int(p.steps.size()); ++i)
        if (p.steps[size_t(i)].op == OpCode::LeaseRelease)
            return p.steps[size_t(i)].checkOwner;
    return true;
}

} // namespace Interleave
