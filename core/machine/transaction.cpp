// An actor's transaction and its end: commit, rollback, retry on a database error,
// failing (into a finally block) and finishing.

#include "machine/machine.h"
#include "machine/machine_impl.h"

namespace Interleave {

bool Machine::retryTransaction(State &s, int actor, int message, Trace *trace, int stepNumber) const
{
    int64_t *r = regs(s, actor);
    if (r[ActorSlot::Txn] <= 0)
        return false;
    const int64_t beginStep = r[ActorSlot::Txn] - 1;
    const Step &begin = programOf(actor).steps[size_t(beginStep)];
    const int kind = message == d->msgConcurrentUpdate || message == d->msgDangerousStructure ? RetrySerialization
        : message == d->msgDeadlock                                                           ? RetryDeadlock
        : message == d->msgLockTimeout                                                        ? RetryTimeout
                                                                                              : 0;
    int64_t &retries = r[ActorSlot::Fields + begin.into];
    if (!(begin.retryOn & kind) || retries + 1 >= begin.retryAttempts)
        return false;
    // catch (e) { await conn.rollback(); continue; }: the transaction starts again from BEGIN.
    TraceEvent &e = record(trace, s, actor, EventKind::Fail, stepNumber);
    e.message = int16_t(message);
    e.version = 1; // caught: the request retries
    rollback(s, actor, trace, stepNumber);
    ++retries;
    r[ActorSlot::Wake] = -1;
    r[ActorSlot::WaitStart] = -1;
    r[ActorSlot::Pc] = beginStep;
    return true;
}

void Machine::failActor(State &s, int actor, int message, Trace *trace, int stepNumber) const
{
    if (retryTransaction(s, actor, message, trace, stepNumber))
        return;
    int64_t *r = regs(s, actor);
    if (r[ActorSlot::Txn])
        rollback(s, actor, trace, stepNumber);
    TraceEvent &e = record(trace, s, actor, EventKind::Fail, stepNumber);
    e.message = int16_t(message);
    r[ActorSlot::Wake] = -1;
    r[ActorSlot::WaitStart] = -1;
    const Program &p = programOf(actor);
    const int tryStep = d->tryStep[size_t(m_actors[size_t(actor)].program)];
    if (p.finallyStep >= 0 && r[ActorSlot::Pc] >= tryStep && r[ActorSlot::Pc] < p.finallyStep &&
        r[ActorSlot::PendingError] < 0) {
        // try { … } finally { … }: run the cleanup, then fail with the original error.
        r[ActorSlot::PendingError] = message;
        r[ActorSlot::Pc] = p.finallyStep;
        return;
    }
    r[ActorSlot::PendingError] = message;
    finishActor(s, actor, nullptr, stepNumber);
}

void Machine::finishActor(State &s, int actor, Trace *trace, int stepNumber) const
{
    int64_t *r = regs(s, actor);
    if (r[ActorSlot::Txn])
        rollback(s, actor, trace, stepNumber); // a connection returned mid-transaction rolls back
    if (r[ActorSlot::Queued] > 0) {
        // The worker moves on to the next job even when this one failed.
        const int q = int(r[ActorSlot::Queued]) - 1;
        const int off = d->queueBase + q * (1 + actorCount());
        int64_t &n = s.v[size_t(off + QueueSlot::Length)];
        for (int i = 0; i < n; ++i)
            if (s.v[size_t(off + QueueSlot::Head + i)] == actor) {
                for (int k = i; k + 1 < n; ++k)
                    s.v[size_t(off + QueueSlot::Head + k)] = s.v[size_t(off + QueueSlot::Head + k + 1)];
                s.v[size_t(off + QueueSlot::Head + n - 1)] = -1;
                --n;
                break;
            }
        r[ActorSlot::Queued] = 0;
    }
    const bool failed = r[ActorSlot::PendingError] >= 0;
    r[ActorSlot::Status] = int64_t(failed ? ActorStatus::Failed : ActorStatus::Done);
    r[ActorSlot::Error] = r[ActorSlot::PendingError];
    r[ActorSlot::Finished] = s.v[Slot::Now];
    r[ActorSlot::Pc] = int64_t(programOf(actor).steps.size());
    const int inst = m_actors[size_t(actor)].instance;
    if (s.v[size_t(Slot::Loop + inst)] == actor)
        s.v[size_t(Slot::Loop + inst)] = -1;
    if (trace && !failed)
        record(trace, s, actor, EventKind::Done, stepNumber).line = -1;
}

void Machine::commit(State &s, int actor, Trace *trace, int stepNumber) const
{
    record(trace, s, actor, EventKind::Commit, stepNumber);
    std::vector<int> wroteRows;
    for (size_t row = 0; row < m_rows.size(); ++row) {
        const int off = m_rows[row].offset;
        if (s.v[size_t(off + RowSlot::Lock)] != actor)
            continue;
        const int cols = int(m_tables[size_t(m_rows[row].table)].columns.size());
        for (int c = 0; c < cols; ++c) {
            if (s.v[size_t(off + RowSlot::hasPending(c))]) {
                if (wroteRows.empty() || wroteRows.back() != int(row))
                    wroteRows.push_back(int(row));
                s.v[size_t(off + RowSlot::committed(c))] = s.v[size_t(off + RowSlot::pending(c))];
                s.v[size_t(off + RowSlot::pending(c))] = 0;
                s.v[size_t(off + RowSlot::hasPending(c))] = 0;
            }
        }
        releaseRowLock(s, row, actor, trace, stepNumber);
    }
    for (const TableInfo &t : m_tables) {
        if (t.isRowTable)
            continue;
        const int64_t n = s.v[size_t(t.offset + KeySlot::Count)];
        for (int64_t i = 0; i < n; ++i)
            if (s.v[size_t(t.offset + KeySlot::owner(i))] == actor)
                s.v[size_t(t.offset + KeySlot::owner(i))] = -1;
    }
    d->mvcc.commit(s, actor, wroteRows);
    regs(s, actor)[ActorSlot::Txn] = 0;
}

void Machine::releaseRowLock(State &s, size_t row, int actor, Trace *trace, int stepNumber) const
{
    s.v[size_t(m_rows[row].offset + RowSlot::Lock)] = -1;
    TraceEvent &e = record(trace, s, actor, EventKind::LockRelease, stepNumber);
    e.place = Place::Row;
    e.resource = int(row);
}

void Machine::rollback(State &s, int actor, Trace *trace, int stepNumber) const
{
    record(trace, s, actor, EventKind::Rollback, stepNumber);
    for (size_t row = 0; row < m_rows.size(); ++row) {
        const int off = m_rows[row].offset;
        if (s.v[size_t(off + RowSlot::Lock)] != actor)
            continue;
        const int cols = int(m_tables[size_t(m_rows[row].table)].columns.size());
        for (int c = 0; c < cols; ++c) {
            s.v[size_t(off + RowSlot::pending(c))] = 0;
            s.v[size_t(off + RowSlot::hasPending(c))] = 0;
        }
        releaseRowLock(s, row, actor, trace, stepNumber);
    }
    for (const TableInfo &t : m_tables) {
        if (t.isRowTable)
            continue;
        int64_t &n = s.v[size_t(t.offset + KeySlot::Count)];
        int64_t w = 0;
        for (int64_t i = 0; i < n; ++i) {
            const int64_t k = s.v[size_t(t.offset + KeySlot::key(i))], o = s.v[size_t(t.offset + KeySlot::owner(i))];
            if (o == actor)
                continue;
            s.v[size_t(t.offset + KeySlot::key(w))] = k;
            s.v[size_t(t.offset + KeySlot::owner(w))] = o;
            ++w;
        }
        for (int64_t i = w; i < n; ++i) {
            s.v[size_t(t.offset + KeySlot::key(i))] = 0;
            s.v[size_t(t.offset + KeySlot::owner(i))] = -1;
        }
        n = w;
    }
    d->mvcc.rollback(s, actor);
    regs(s, actor)[ActorSlot::Txn] = 0;
}

} // namespace Interleave
