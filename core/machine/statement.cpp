// Machine::nextStatement: the SQL statement behind an actor's next database step, for
// running the same schedule on a real server (core/realdb, docs/database-model.md).

#include "machine/machine.h"
#include "machine/machine_impl.h"
#include "machine/machine_p.h"

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

DatabaseStatement Machine::nextStatement(const State &state, int actor, int line) const
{
    DatabaseStatement out;
    State s = state;
    const Program &p = programOf(actor);
    size_t pc = 0;
    if (line >= 0 && line < int(p.lines.size())) {
        pc = size_t(p.lines[size_t(line)].firstStep);
        while (pc + 1 < p.steps.size() && isLocal(p.steps[pc].op))
            ++pc;
    } else {
        runLocals(s, actor, nullptr, 0);
        const int64_t *r = regs(s, actor);
        if (r[ActorSlot::Status] != int64_t(ActorStatus::Running) || r[ActorSlot::Pc] >= int64_t(p.steps.size()))
            return out;
        pc = size_t(r[ActorSlot::Pc]);
    }
    const Step &st = p.steps[pc];
    auto cellOf = [&](const Step &step) {
        const TableInfo &t = m_tables[size_t(step.table)];
        return DatabaseStatement::Cell{t.name, evalProgram(step.rowId, s, actor), t.columns.value(step.column)};
    };
    switch (st.op) {
    case OpCode::Begin:
        out.kind = DatabaseStatement::Begin;
        break;
    case OpCode::Commit:
        out.kind = DatabaseStatement::Commit;
        break;
    case OpCode::Rollback:
        out.kind = DatabaseStatement::Rollback;
        break;
    case OpCode::Read:
        if (st.place != Place::Row)
            break;
        out.kind = DatabaseStatement::Select;
        out.forUpdate = st.forUpdate;
        out.hasFence = st.hasFence;
        out.fence = st.hasFence ? evalProgram(st.fence, s, actor) : 0;
        out.cells.push_back(cellOf(st));
        // The reads marked sameStatement belong to this SELECT (compile_steps.cpp).
        for (size_t next = pc + 1; next < p.steps.size(); ++next) {
            const Step &more = p.steps[next];
            if (more.op != OpCode::Read || more.shared || more.place != Place::Row)
                break;
            out.cells.push_back(cellOf(more));
        }
        break;
    case OpCode::Write:
        if (st.place != Place::Row)
            break;
        out.kind = DatabaseStatement::Write;
        out.cells.push_back(cellOf(st));
        out.value = evalProgram(st.value, s, actor);
        out.hasFence = st.hasFence;
        out.fence = st.hasFence ? evalProgram(st.fence, s, actor) : 0;
        break;
    case OpCode::Select:
    case OpCode::Delete:
    case OpCode::Update:
        if (st.op != OpCode::Update || st.predicate)
            return predicateStatement(st, s, actor);
        out = predicateStatement(st, s, actor);
        out.hasKey = true;
        out.key = evalProgram(st.rowId, s, actor);
        break;
    case OpCode::Insert:
        if (st.place != Place::Row) {
            out.kind = DatabaseStatement::InsertKey;
            out.table = m_tables[size_t(st.table)].name;
            out.key = evalProgram(st.value, s, actor);
            out.ignoreDuplicate = st.into >= 0;
            break;
        }
        out = predicateStatement(st, s, actor);
        out.hasKey = true;
        out.key = evalProgram(st.rowId, s, actor);
        // The values are the request's: constants by the time the statement is sent.
        for (auto &[column, e] : out.sets)
            e = Expression::constant(evalProgram(e, s, actor));
        break;
    case OpCode::LockRow:
        out.kind = DatabaseStatement::LockRow;
        out.table = m_tables[size_t(st.table)].name;
        out.hasKey = true;
        out.key = evalProgram(st.rowId, s, actor);
        break;
    case OpCode::Exists:
        out.kind = DatabaseStatement::KeyExists;
        out.table = m_tables[size_t(st.table)].name;
        out.key = evalProgram(st.value, s, actor);
        break;
    default:
        break;
    }
    return out;
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
