// Machine::exec: the effect of one step on the state, with its trace events.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <QCoreApplication>

#include <algorithm>
#include <limits>

namespace Interleave {

namespace {
constexpr int RowLock = 0, RowToken = 1, RowColumns = 2;
inline int colSlot(int c)
{
    return RowColumns + 3 * c;
}

// A deadline `ms` after `now`, saturating: a huge TTL or pause means "never", not a wrapped clock.
int64_t later(int64_t now, int64_t ms)
{
    int64_t t = 0;
    return __builtin_add_overflow(now, ms, &t) ? std::numeric_limits<int64_t>::max() / 2
                                               : std::min(t, std::numeric_limits<int64_t>::max() / 2);
}

// Real-time delay of one step for the threaded driver; step() caps the sum at 60 s anyway.
int64_t realDelay(int64_t ms)
{
    return std::clamp<int64_t>(ms, 0, 60000);
}
} // namespace

int64_t Machine::exec(State &s, int actor, Trace *trace, int stepNumber, bool &holdLoop) const
{
    int64_t *r = regs(s, actor);
    int64_t *locals = r + ActorSlot::Fields;
    const Program &p = programOf(actor);
    const Step &st = p.steps[size_t(r[ActorSlot::Pc])];
    const int inst = m_actors[size_t(actor)].instance;
    const bool inTxn = r[ActorSlot::Txn] != 0;
    int64_t nextPc = r[ActorSlot::Pc] + 1;
    int64_t latency = st.latency.isValid() ? realDelay(evalProgram(st.latency, s, actor)) : 0;
    auto event = [&](EventKind kind) -> TraceEvent & {
        TraceEvent &e = record(trace, s, actor, kind, stepNumber);
        e.place = st.place;
        e.resource = st.resource;
        return e;
    };
    auto fail = [&](int message) {
        // failActor moves the pc to the finally block or the end; the event keeps this step's line.
        failActor(s, actor, message, trace, stepNumber);
    };
    auto rowOf = [&]() -> int {
        const int64_t id = evalProgram(st.rowId, s, actor);
        return findRow(st.table, id);
    };
    auto visible = [&](int row, int col) -> int64_t {
        const int off = m_rows[size_t(row)].offset;
        if (s.v[size_t(off + RowLock)] == actor && s.v[size_t(off + colSlot(col) + 2)])
            return s.v[size_t(off + colSlot(col) + 1)];
        return s.v[size_t(off + colSlot(col))];
    };
    auto lockRow = [&](int row) {
        // Writes and locking reads take the row lock; outside a transaction only for the statement.
        int64_t &owner = s.v[size_t(m_rows[size_t(row)].offset + RowLock)];
        if (owner == actor || !inTxn)
            return;
        owner = actor;
        TraceEvent &e = event(EventKind::LockAcquire);
        e.place = Place::Row;
        e.resource = row;
    };
    auto store = [&](int row, int col, int64_t value) {
        const int off = m_rows[size_t(row)].offset;
        if (inTxn) {
            s.v[size_t(off + colSlot(col) + 1)] = value;
            s.v[size_t(off + colSlot(col) + 2)] = 1;
        } else {
            s.v[size_t(off + colSlot(col))] = value;
        }
    };
    auto setAnomaly = [&](uint64_t bit) {
        s.v[Slot::Anomalies] |= int64_t(bit);
        TraceEvent &e = event(EventKind::Anomaly);
        e.value = int64_t(bit);
    };

    switch (st.op) {
    case OpCode::Read: {
        int64_t value = 0;
        TraceEvent e;
        if (st.place == Place::Memory) {
            value = s.v[size_t(d->memoryBase + inst * d->memoryNames.size() + st.column)];
            TraceEvent &ev = event(EventKind::Read);
            ev.place = Place::Memory;
            ev.column = st.column;
            ev.resource = inst;
            ev.value = value;
        } else {
            const int row = rowOf();
            if (row < 0) {
                fail(d->msgNoRow);
                return latency;
            }
            if (st.hasFence) {
                const int64_t token = evalProgram(st.fence, s, actor);
                int64_t &highest = s.v[size_t(m_rows[size_t(row)].offset + RowToken)];
                if (token < highest) {
                    s.v[Slot::Anomalies] |= int64_t(RejectedStaleToken);
                    fail(d->msgStaleRead);
                    return latency;
                }
                highest = token;
            }
            if (st.forUpdate)
                lockRow(row);
            value = visible(row, st.column);
            TraceEvent &ev = event(EventKind::Read);
            ev.place = Place::Row;
            ev.resource = row;
            ev.column = st.column;
            ev.value = value;
            ev.version = st.forUpdate;
        }
        locals[st.into] = value;
        break;
    }
    case OpCode::Write: {
        const int64_t value = evalProgram(st.value, s, actor);
        if (st.place == Place::Memory) {
            s.v[size_t(d->memoryBase + inst * d->memoryNames.size() + st.column)] = value;
            TraceEvent &ev = event(EventKind::Write);
            ev.place = Place::Memory;
            ev.column = st.column;
            ev.resource = inst;
            ev.value = value;
            break;
        }
        const int row = rowOf();
        if (row < 0) {
            fail(d->msgNoRow);
            return latency;
        }
        int64_t token = 0;
        if (st.hasFence) {
            token = evalProgram(st.fence, s, actor);
            int64_t &highest = s.v[size_t(m_rows[size_t(row)].offset + RowToken)];
            if (token < highest) {
                // Storage saw a newer token: the writer's lease must have expired.
                s.v[Slot::Anomalies] |= int64_t(RejectedStaleToken);
                TraceEvent &ev = event(EventKind::Write);
                ev.place = Place::Row;
                ev.resource = row;
                ev.column = st.column;
                ev.value = value;
                ev.version = token;
                ev.message = int16_t(d->msgStaleToken);
                fail(d->msgStaleToken);
                return latency;
            }
            highest = token;
        }
        if (st.leaseCheck >= 0) {
            const int off = d->leaseBase + 3 * st.leaseCheck;
            if (s.v[size_t(off)] != actor + 1 || s.v[size_t(off + 1)] <= s.v[Slot::Now])
                setAnomaly(StaleLeaseWrite);
        }
        lockRow(row);
        store(row, st.column, value);
        TraceEvent &ev = event(EventKind::Write);
        ev.place = Place::Row;
        ev.resource = row;
        ev.column = st.column;
        ev.value = value;
        ev.version = token;
        break;
    }
    case OpCode::Let: {
        locals[st.into] = evalProgram(st.value, s, actor);
        TraceEvent &ev = event(EventKind::Local);
        ev.column = st.into;
        ev.value = locals[st.into];
        break;
    }
    case OpCode::Fail:
        if (!st.hasCondition || evalProgram(st.condition, s, actor)) {
            fail(st.message);
            return latency;
        }
        break;
    case OpCode::Goto:
        if (!st.hasCondition || evalProgram(st.condition, s, actor))
            nextPc = st.target;
        break;
    case OpCode::Finish:
        if (!st.hasCondition || evalProgram(st.condition, s, actor))
            nextPc = int64_t(p.steps.size());
        break;
    case OpCode::Update: {
        const int row = rowOf();
        if (row < 0) {
            fail(d->msgNoRow);
            return latency;
        }
        lockRow(row);
        Expression::Context ctx;
        ctx.locals = locals;
        ctx.symbol = [&](int col) { return visible(row, col); };
        ctx.call = [&](int, const int64_t *, int) { return s.v[Slot::Now]; };
        const bool match = !st.hasCondition || st.condition.evaluate(ctx);
        TraceEvent &ev = event(EventKind::Update);
        ev.place = Place::Row;
        ev.resource = row;
        ev.version = match;
        if (match) {
            // SET evaluates every right-hand side against the old row, then assigns.
            std::vector<int64_t> values;
            for (const auto &[col, e] : st.sets)
                values.push_back(e.evaluate(ctx));
            for (size_t i = 0; i < st.sets.size(); ++i)
                store(row, st.sets[i].first, values[i]);
            ev.column = st.sets.front().first;
            ev.value = values.front();
        } else {
            ev.column = st.sets.front().first;
            ev.value = visible(row, st.sets.front().first);
        }
        if (st.into >= 0)
            locals[st.into] = match;
        break;
    }
    case OpCode::Insert: {
        const TableInfo &t = m_tables[size_t(st.table)];
        const int64_t key = evalProgram(st.value, s, actor);
        int64_t &n = s.v[size_t(t.offset)];
        bool duplicate = false;
        for (int64_t i = 0; i < n; ++i)
            duplicate = duplicate || s.v[size_t(t.offset + 1 + 2 * i)] == key;
        TraceEvent &ev = event(EventKind::Insert);
        ev.place = Place::Table;
        ev.resource = st.table;
        ev.value = key;
        if (t.unique && duplicate) {
            ev.version = 0;
            ev.message = int16_t(st.message);
            if (st.into >= 0) {
                locals[st.into] = 0;
                break;
            }
            fail(st.message);
            return latency;
        }
        if (n >= t.capacity) {
            fail(d->msgTableFull);
            return latency;
        }
        // Keep slots sorted so equal tables hash equally.
        int64_t pos = n;
        while (pos > 0 && s.v[size_t(t.offset + 1 + 2 * (pos - 1))] > key) {
            s.v[size_t(t.offset + 1 + 2 * pos)] = s.v[size_t(t.offset + 1 + 2 * (pos - 1))];
            s.v[size_t(t.offset + 2 + 2 * pos)] = s.v[size_t(t.offset + 2 + 2 * (pos - 1))];
            --pos;
        }
        s.v[size_t(t.offset + 1 + 2 * pos)] = key;
        s.v[size_t(t.offset + 2 + 2 * pos)] = inTxn ? actor : -1;
        ++n;
        ev.version = 1;
        if (st.into >= 0)
            locals[st.into] = 1;
        break;
    }
    case OpCode::Exists: {
        const TableInfo &t = m_tables[size_t(st.table)];
        const int64_t key = evalProgram(st.value, s, actor);
        const int64_t n = s.v[size_t(t.offset)];
        bool found = false;
        for (int64_t i = 0; i < n; ++i) {
            const int64_t owner = s.v[size_t(t.offset + 2 + 2 * i)];
            found = found || (s.v[size_t(t.offset + 1 + 2 * i)] == key && (owner < 0 || owner == actor));
        }
        locals[st.into] = found;
        TraceEvent &ev = event(EventKind::Lookup);
        ev.place = Place::Table;
        ev.resource = st.table;
        ev.value = key;
        ev.version = found;
        break;
    }
    case OpCode::Begin:
        r[ActorSlot::Txn] = 1;
        event(EventKind::Begin);
        break;
    case OpCode::Commit:
        if (inTxn)
            commit(s, actor, trace, stepNumber);
        break;
    case OpCode::Rollback:
        if (inTxn)
            rollback(s, actor, trace, stepNumber);
        break;
    case OpCode::LockRow: {
        const int row = rowOf();
        if (row < 0) {
            fail(d->msgNoRow);
            return latency;
        }
        lockRow(row);
        break;
    }
    case OpCode::MutexLock:
    case OpCode::TryLock: {
        int64_t &owner = s.v[size_t(d->mutexBase + inst * d->mutexNames.size() + st.resource)];
        if (owner < 0) {
            owner = actor;
            event(EventKind::LockAcquire).column = inst;
            if (st.into >= 0)
                locals[st.into] = 1;
        } else {
            TraceEvent &ev = event(EventKind::LockDenied);
            ev.column = inst;
            ev.value = owner;
            if (st.into >= 0) {
                locals[st.into] = 0;
                break;
            }
            fail(st.message);
            return latency;
        }
        break;
    }
    case OpCode::MutexUnlock: {
        int64_t &owner = s.v[size_t(d->mutexBase + inst * d->mutexNames.size() + st.resource)];
        if (owner == actor) {
            owner = -1;
            event(EventKind::LockRelease).column = inst;
        }
        break;
    }
    case OpCode::LeaseAcquire: {
        const int off = d->leaseBase + 3 * st.resource;
        const int64_t now = s.v[Slot::Now];
        if (s.v[size_t(off)] == 0 || s.v[size_t(off + 1)] <= now) {
            const int64_t token = ++s.v[Slot::Fence];
            s.v[size_t(off)] = actor + 1;
            s.v[size_t(off + 1)] = later(now, std::max<int64_t>(1, evalProgram(st.value, s, actor)));
            s.v[size_t(off + 2)] = token;
            if (st.into >= 0)
                locals[st.into] = token;
            TraceEvent &ev = event(EventKind::LockAcquire);
            ev.version = token;
            ev.value = s.v[size_t(off + 1)];
        } else {
            TraceEvent &ev = event(EventKind::LockDenied);
            ev.value = s.v[size_t(off)] - 1;
            fail(st.message);
            return latency;
        }
        break;
    }
    case OpCode::LeaseRelease: {
        const int off = d->leaseBase + 3 * st.resource;
        const int64_t owner = s.v[size_t(off)];
        if (owner == actor + 1) {
            s.v[size_t(off)] = 0;
            event(EventKind::LockRelease).value = actor; // value names whose lock was deleted
        } else if (owner != 0 && !st.checkOwner) {
            // DEL without checking the value: deletes the lock someone else now holds.
            s.v[size_t(off)] = 0;
            TraceEvent &ev = event(EventKind::LockRelease);
            ev.value = owner - 1;
            setAnomaly(ForeignRelease);
        } else {
            TraceEvent &ev = event(EventKind::LockDenied);
            ev.value = owner - 1;
            ev.version = 1; // a release that deletes nothing, not a refused acquire
        }
        break;
    }
    case OpCode::Enqueue: {
        // A queue has one slot per request: a request waits in one queue, once, at a time.
        if (r[ActorSlot::Queued] > 0) {
            fail(d->msgQueuedTwice);
            return latency;
        }
        const int off = d->queueBase + st.resource * (1 + actorCount());
        int64_t &n = s.v[size_t(off)];
        s.v[size_t(off + 1 + n)] = actor;
        ++n;
        r[ActorSlot::Queued] = st.resource + 1;
        event(EventKind::Enqueue).value = n;
        break;
    }
    case OpCode::Dequeue: {
        const int off = d->queueBase + st.resource * (1 + actorCount());
        int64_t &n = s.v[size_t(off)];
        if (n > 0 && s.v[size_t(off + 1)] == actor) {
            for (int k = 0; k + 1 < n; ++k)
                s.v[size_t(off + 1 + k)] = s.v[size_t(off + 2 + k)];
            s.v[size_t(off + n)] = -1;
            --n;
            r[ActorSlot::Queued] = 0;
            event(EventKind::Dequeue);
        }
        break;
    }
    case OpCode::Sleep: {
        // I/O-like waiting: real time only in the threaded driver; on an event loop a yield.
        const int64_t ms = evalProgram(st.value, s, actor);
        latency += realDelay(ms);
        TraceEvent &ev = event(EventKind::Yield);
        ev.place = Place::Clock;
        ev.value = ms;
        break;
    }
    case OpCode::Cpu:
    case OpCode::Pause: {
        const int64_t ms = evalProgram(st.value, s, actor);
        if (ms > 0) {
            r[ActorSlot::Wake] = later(s.v[Slot::Now], ms);
            // A GC pause stops the whole process; CPU work blocks its event loop unless offloaded.
            holdLoop = !st.offload;
            TraceEvent &ev = event(EventKind::Sleep);
            ev.place = Place::Clock;
            ev.value = ms;
            ev.version = st.op == OpCode::Pause;
        }
        break;
    }
    case OpCode::PoolAcquire: {
        int64_t &avail = s.v[size_t(d->poolBase + inst * d->poolNames.size() + st.resource)];
        if (avail > 0) {
            --avail;
            event(EventKind::LockAcquire).value = avail;
        } else {
            event(EventKind::LockDenied);
            fail(st.message);
            return latency;
        }
        break;
    }
    case OpCode::PoolRelease: {
        int64_t &avail = s.v[size_t(d->poolBase + inst * d->poolNames.size() + st.resource)];
        if (avail < d->poolSizes[size_t(st.resource)]) {
            ++avail;
            event(EventKind::LockRelease).value = avail;
        }
        break;
    }
    }
    if (regs(s, actor)[ActorSlot::Status] == int64_t(ActorStatus::Running))
        r[ActorSlot::Pc] = nextPc;
    return latency;
}

} // namespace Interleave
