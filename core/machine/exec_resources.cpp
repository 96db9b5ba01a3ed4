// Machine::Executor's steps outside the row tables: key tables, program flow, mutexes,
// leases, queues, time and CPU, connection pools.

#include "machine/executor.h"

namespace Interleave {

bool Machine::Executor::insertKey()
{
    startStatement(); // a key table's statement is a statement: PostgreSQL's snapshot starts here too
    const TableInfo &t = m.m_tables[size_t(st.table)];
    const int64_t key = eval(st.value);
    int64_t &n = word(t.offset + KeySlot::Count);
    bool duplicate = false;
    for (int64_t i = 0; i < n; ++i)
        duplicate = duplicate || word(t.offset + KeySlot::key(i)) == key;
    TraceEvent &ev = event(EventKind::Insert);
    ev.place = Place::Table;
    ev.resource = st.table;
    ev.value = key;
    if (t.unique && duplicate) {
        ev.version = 0;
        ev.message = int16_t(st.message);
        if (st.into < 0)
            return fail(st.message);
        locals[st.into] = 0;
        return true;
    }
    if (n >= t.capacity)
        return fail(d.msgTableFull);
    // Keep slots sorted so equal tables hash equally.
    int64_t pos = n;
    while (pos > 0 && word(t.offset + KeySlot::key(pos - 1)) > key) {
        word(t.offset + KeySlot::key(pos)) = word(t.offset + KeySlot::key(pos - 1));
        word(t.offset + KeySlot::owner(pos)) = word(t.offset + KeySlot::owner(pos - 1));
        --pos;
    }
    word(t.offset + KeySlot::key(pos)) = key;
    word(t.offset + KeySlot::owner(pos)) = inTxn ? actor : -1;
    ++n;
    ev.version = 1;
    if (st.into >= 0)
        locals[st.into] = 1;
    return true;
}

bool Machine::Executor::lookUpKey()
{
    startStatement(); // a key table's statement is a statement: PostgreSQL's snapshot starts here too
    const TableInfo &t = m.m_tables[size_t(st.table)];
    const int64_t key = eval(st.value);
    const int64_t n = word(t.offset + KeySlot::Count);
    bool found = false;
    for (int64_t i = 0; i < n; ++i) {
        const int64_t owner = word(t.offset + KeySlot::owner(i));
        found = found || (word(t.offset + KeySlot::key(i)) == key && (owner < 0 || owner == actor));
    }
    locals[st.into] = found;
    TraceEvent &ev = event(EventKind::Lookup);
    ev.place = Place::Table;
    ev.resource = st.table;
    ev.value = key;
    ev.version = found;
    return true;
}

bool Machine::Executor::control()
{
    switch (st.op) {
    case OpCode::Let: {
        locals[st.into] = eval(st.value);
        TraceEvent &ev = event(EventKind::Local);
        ev.column = st.into;
        ev.value = locals[st.into];
        return true;
    }
    case OpCode::Fail:
        return condition() ? fail(st.message) : true;
    case OpCode::Goto:
        if (condition())
            nextPc = st.target;
        return true;
    default: // Finish
        if (condition())
            nextPc = int64_t(m.programOf(actor).steps.size());
        return true;
    }
}

bool Machine::Executor::lockMutex()
{
    int64_t &owner = mutexOwner();
    if (owner < 0) {
        owner = actor;
        event(EventKind::LockAcquire).column = inst;
        if (st.into >= 0)
            locals[st.into] = 1;
        return true;
    }
    TraceEvent &ev = event(EventKind::LockDenied);
    ev.column = inst;
    ev.value = owner;
    if (st.into < 0)
        return fail(st.message);
    locals[st.into] = 0;
    return true;
}

bool Machine::Executor::unlockMutex()
{
    int64_t &owner = mutexOwner();
    if (owner == actor) {
        owner = -1;
        event(EventKind::LockRelease).column = inst;
    }
    return true;
}

bool Machine::Executor::acquireLease()
{
    const int off = leaseOffset();
    const int64_t now = s.v[Slot::Now];
    if (word(off + LeaseSlot::Owner) != 0 && word(off + LeaseSlot::Expiry) > now) {
        event(EventKind::LockDenied).value = word(off + LeaseSlot::Owner) - 1;
        return fail(st.message);
    }
    const int64_t token = ++s.v[Slot::Fence];
    word(off + LeaseSlot::Owner) = actor + 1;
    word(off + LeaseSlot::Expiry) = later(now, std::max<int64_t>(1, eval(st.value)));
    word(off + LeaseSlot::Token) = token;
    if (st.into >= 0)
        locals[st.into] = token;
    TraceEvent &ev = event(EventKind::LockAcquire);
    ev.version = token;
    ev.value = word(off + LeaseSlot::Expiry);
    return true;
}

bool Machine::Executor::releaseLease()
{
    int64_t &owner = word(leaseOffset() + LeaseSlot::Owner);
    const int64_t holder = owner - 1;
    if (owner == actor + 1) {
        owner = 0;
        event(EventKind::LockRelease).value = actor; // value names whose lock was deleted
    } else if (owner != 0 && !st.checkOwner) {
        // DEL without checking the value: deletes the lock someone else now holds.
        owner = 0;
        event(EventKind::LockRelease).value = holder;
        setAnomaly(ForeignRelease);
    } else {
        TraceEvent &ev = event(EventKind::LockDenied);
        ev.value = holder;
        ev.version = 1; // a release that deletes nothing, not a refused acquire
    }
    return true;
}

bool Machine::Executor::enqueue()
{
    // A queue has one slot per request: a request waits in one queue, once, at a time.
    if (r[ActorSlot::Queued] > 0)
        return fail(d.msgQueuedTwice);
    const int off = queueOffset();
    int64_t &n = word(off + QueueSlot::Length);
    word(off + QueueSlot::Head + n) = actor;
    ++n;
    r[ActorSlot::Queued] = st.resource + 1;
    event(EventKind::Enqueue).value = n;
    return true;
}

bool Machine::Executor::dequeue()
{
    const int off = queueOffset();
    int64_t &n = word(off + QueueSlot::Length);
    if (n > 0 && word(off + QueueSlot::Head) == actor) {
        for (int k = 0; k + 1 < n; ++k)
            word(off + QueueSlot::Head + k) = word(off + QueueSlot::Head + k + 1);
        word(off + QueueSlot::Head + n - 1) = -1;
        --n;
        r[ActorSlot::Queued] = 0;
        event(EventKind::Dequeue);
    }
    return true;
}

bool Machine::Executor::spendTime()
{
    const int64_t ms = eval(st.value);
    if (st.op == OpCode::Sleep) {
        // I/O-like waiting: real time only in the threaded driver; on an event loop a yield.
        latency += realDelay(ms);
        TraceEvent &ev = event(EventKind::Yield);
        ev.place = Place::Clock;
        ev.value = ms;
        return true;
    }
    if (ms > 0) {
        r[ActorSlot::Wake] = later(s.v[Slot::Now], ms);
        // A GC pause stops the whole process; CPU work blocks its event loop unless offloaded.
        holdLoop = !st.offload;
        TraceEvent &ev = event(EventKind::Sleep);
        ev.place = Place::Clock;
        ev.value = ms;
        ev.version = st.op == OpCode::Pause;
    }
    return true;
}

bool Machine::Executor::acquireConnection()
{
    int64_t &avail = poolAvailable();
    if (avail <= 0) {
        event(EventKind::LockDenied);
        return fail(st.message);
    }
    --avail;
    event(EventKind::LockAcquire).value = avail;
    return true;
}

bool Machine::Executor::releaseConnection()
{
    int64_t &avail = poolAvailable();
    if (avail < d.poolSizes[size_t(st.resource)]) {
        ++avail;
        event(EventKind::LockRelease).value = avail;
    }
    return true;
}

} // namespace Interleave
