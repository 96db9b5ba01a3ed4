// Machine::exec: the effect of one step on the state, with its trace events.
// One Executor (executor.h) runs one step; it has one function per step family.
// Here: the dispatch, memory cells, single rows and transactions.

#include "machine/executor.h"

namespace Interleave {

bool Machine::Executor::run()
{
    switch (st.op) {
    case OpCode::Read:
        return st.place == Place::Memory ? readMemory() : readRow();
    case OpCode::Write:
        return st.place == Place::Memory ? writeMemory() : writeRow();
    case OpCode::Let:
    case OpCode::Fail:
    case OpCode::Goto:
    case OpCode::Finish:
        return control();
    case OpCode::Update:
        return st.predicate ? changeRows() : update();
    case OpCode::Insert:
        return st.place == Place::Row ? insertRow() : insertKey();
    case OpCode::Select:
        return st.forUpdate && db().flavour == DatabaseVariant::Postgres ? changeRows() : selectRows();
    case OpCode::Delete:
        return changeRows();
    case OpCode::Exists:
        return lookUpKey();
    case OpCode::Begin:
    case OpCode::Commit:
    case OpCode::Rollback:
        return transaction();
    case OpCode::LockRow:
        return lockRowStatement();
    case OpCode::MutexLock:
    case OpCode::TryLock:
        return lockMutex();
    case OpCode::MutexUnlock:
        return unlockMutex();
    case OpCode::LeaseAcquire:
        return acquireLease();
    case OpCode::LeaseRelease:
        return releaseLease();
    case OpCode::Enqueue:
        return enqueue();
    case OpCode::Dequeue:
        return dequeue();
    case OpCode::Sleep:
    case OpCode::Cpu:
    case OpCode::Pause:
        return spendTime();
    case OpCode::PoolAcquire:
        return acquireConnection();
    case OpCode::PoolRelease:
        return releaseConnection();
    }
    return true;
}

bool Machine::Executor::readMemory()
{
    const int64_t value = memoryCell();
    TraceEvent &ev = event(EventKind::Read);
    ev.place = Place::Memory;
    ev.column = st.column;
    ev.resource = inst;
    ev.value = value;
    locals[st.into] = value;
    return true;
}

// A write that claims to hold a lease it no longer holds: the stale-lease anomaly, whatever it writes to.
void Machine::Executor::checkLease()
{
    if (st.leaseCheck < 0)
        return;
    const int off = d.leaseBase + LeaseSlot::Size * st.leaseCheck;
    if (word(off + LeaseSlot::Owner) != actor + 1 || word(off + LeaseSlot::Expiry) <= s.v[Slot::Now])
        setAnomaly(StaleLeaseWrite);
}

bool Machine::Executor::writeMemory()
{
    checkLease();
    const int64_t value = eval(st.value);
    memoryCell() = value;
    TraceEvent &ev = event(EventKind::Write);
    ev.place = Place::Memory;
    ev.column = st.column;
    ev.resource = inst;
    ev.value = value;
    return true;
}

// Storage that checks fencing tokens keeps the highest it has seen per row.
bool Machine::Executor::tokenIsStale(int row, int64_t token)
{
    int64_t &highest = word(rowOffset(row) + RowSlot::Token);
    if (token < highest) {
        s.v[Slot::Anomalies] |= int64_t(RejectedStaleToken);
        return true;
    }
    highest = token;
    return false;
}

bool Machine::Executor::readRow()
{
    const int row = rowOf();
    if (row < 0)
        return fail(d.msgNoRow);
    if (st.hasFence && tokenIsStale(row, eval(st.fence)))
        return fail(d.msgStaleRead);
    startStatement();
    int64_t value = 0;
    if (st.forUpdate) {
        lockRow(row);
        if (concurrentlyUpdated(row))
            return fail(d.msgConcurrentUpdate);
        value = visible(row, st.column);
    } else if (inTxn && db().lockingPlainReads()) {
        // InnoDB SERIALIZABLE reads as SELECT … FOR SHARE.
        if (word(rowOffset(row) + RowSlot::Lock) != actor)
            d.mvcc.lockShared(s, actor, row);
        value = visible(row, st.column);
    } else {
        value = plainRead(row, st.column);
        if (inTxn)
            d.mvcc.recordRead(s, actor, row, pendingWriter(row));
    }
    rowEvent(EventKind::Read, row, value, st.forUpdate);
    locals[st.into] = value;
    return true;
}

bool Machine::Executor::writeRow()
{
    const int64_t value = eval(st.value);
    const int row = rowOf();
    if (row < 0)
        return fail(d.msgNoRow);
    const int64_t token = st.hasFence ? eval(st.fence) : 0;
    if (st.hasFence && tokenIsStale(row, token)) {
        // Storage saw a newer token: the writer's lease must have expired.
        rowEvent(EventKind::Write, row, value, token).message = int16_t(d.msgStaleToken);
        return fail(d.msgStaleToken);
    }
    checkLease();
    startStatement();
    lockRow(row);
    if (concurrentlyUpdated(row))
        return fail(d.msgConcurrentUpdate);
    // UPDATE … WHERE id = ? of a row that does not exist (yet, or any more) changes nothing.
    const int exists = m.m_tables[size_t(st.table)].existsColumn;
    if (exists >= 0 && !visible(row, exists))
        return true;
    if (inTxn)
        d.mvcc.recordWrite(s, actor, row);
    store(row, st.column, value);
    rowEvent(EventKind::Write, row, value, token);
    return true;
}

bool Machine::Executor::update()
{
    const int row = rowOf();
    if (row < 0)
        return fail(d.msgNoRow);
    startStatement();
    lockRow(row);
    Expression::Context ctx;
    ctx.locals = locals;
    ctx.call = [&](int, const int64_t *, int) { return s.v[Slot::Now]; };
    if (concurrentlyUpdated(row)) {
        // PostgreSQL: a row the snapshot's WHERE selects, changed since: 40001.
        ctx.symbol = [&](int col) {
            return col == RowIdSymbol ? m.m_rows[size_t(row)].id : d.mvcc.snapshotValue(s, actor, row, col);
        };
        if (!st.hasCondition || st.condition.evaluate(ctx))
            return fail(d.msgConcurrentUpdate);
    }
    ctx.symbol = [&](int col) { return col == RowIdSymbol ? m.m_rows[size_t(row)].id : visible(row, col); };
    const int exists = m.m_tables[size_t(st.table)].existsColumn;
    const bool match = (exists < 0 || visible(row, exists)) && (!st.hasCondition || st.condition.evaluate(ctx));
    if (match && inTxn)
        d.mvcc.recordWrite(s, actor, row);
    TraceEvent &ev = event(EventKind::Update);
    ev.place = Place::Row;
    ev.resource = row;
    ev.version = match;
    ev.column = st.sets.front().first;
    if (match) {
        // SET evaluates every right-hand side against the old row, then assigns.
        std::vector<int64_t> values;
        for (const auto &[col, e] : st.sets)
            values.push_back(e.evaluate(ctx));
        for (size_t i = 0; i < st.sets.size(); ++i)
            store(row, st.sets[i].first, values[i]);
        ev.value = values.front();
    } else {
        ev.value = visible(row, st.sets.front().first);
    }
    if (st.into >= 0)
        locals[st.into] = match;
    return true;
}

bool Machine::Executor::lockRowStatement()
{
    const int row = rowOf();
    if (row < 0)
        return fail(d.msgNoRow);
    startStatement();
    lockRow(row);
    if (concurrentlyUpdated(row))
        return fail(d.msgConcurrentUpdate);
    return true;
}

bool Machine::Executor::transaction()
{
    if (st.op == OpCode::Begin) {
        r[ActorSlot::Txn] = r[ActorSlot::Pc] + 1; // which begin: its retry catches the errors
        d.mvcc.begin(s, actor);
        event(EventKind::Begin);
    } else if (inTxn) {
        if (st.op == OpCode::Commit && d.mvcc.commitWouldCloseCycle(s, actor))
            return fail(d.msgDangerousStructure);
        if (st.op == OpCode::Commit)
            m.commit(s, actor, trace, stepNumber);
        else
            m.rollback(s, actor, trace, stepNumber);
    }
    return true;
}

int64_t Machine::exec(State &s, int actor, Trace *trace, int stepNumber, bool &holdLoop) const
{
    Executor step(*this, s, actor, trace, stepNumber, holdLoop);
    if (step.run() && regs(s, actor)[ActorSlot::Status] == int64_t(ActorStatus::Running))
        regs(s, actor)[ActorSlot::Pc] = step.next();
    return step.delay();
}

} // namespace Interleave
