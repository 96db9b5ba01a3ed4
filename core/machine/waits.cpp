// Who can move: what an actor waits for (a row, key, mutex, lease, pool or queue),
// and the wait-for graph the deadlock detector and the views read.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <QCoreApplication>
#include <QVarLengthArray>

#include <algorithm>

namespace Interleave {

namespace {
// Fills `info` when asked and says the actor is blocked. The sentence is built only for
// blockInfo(): the explorer's hot loop asks for the holder and place alone.
template<class Text>
bool blocked(BlockInfo *info, bool sentence, BlockInfo::Kind kind, Place place, int resource, int holder, Text &&text)
{
    if (info)
        *info = {kind, place, resource, holder, sentence ? text() : QString()};
    return true;
}
} // namespace

bool Machine::blockedBy(const State &s, int actor, BlockInfo *info, bool sentence) const
{
    if (d->nobodyWaits)
        return false;
    const int64_t *r = regs(s, actor);
    const Program &p = programOf(actor);
    const int64_t pc = r[ActorSlot::Pc];
    if (r[ActorSlot::Status] != int64_t(ActorStatus::Running) || pc >= int64_t(p.steps.size()))
        return false;
    const Step &st = p.steps[size_t(pc)];
    if (r[ActorSlot::Queued] > 0 && waitsInQueue(s, actor, info, sentence))
        return true;
    if (st.predicate || (st.op == OpCode::Insert && st.place == Place::Row))
        return waitsForRowStatement(s, actor, st, info, sentence);
    switch (st.op) {
    case OpCode::Read:
    case OpCode::Write:
    case OpCode::Update:
    case OpCode::LockRow:
        return st.place == Place::Row && waitsForRow(s, actor, st, info, sentence);
    case OpCode::Insert:
        return waitsForKey(s, actor, st, info, sentence);
    case OpCode::MutexLock:
    case OpCode::LeaseAcquire:
    case OpCode::PoolAcquire:
        return waitsForService(s, actor, st, info, sentence);
    default:
        return false;
    }
}

// A queued job waits until the worker reaches it.
bool Machine::waitsInQueue(const State &s, int actor, BlockInfo *info, bool sentence) const
{
    const int q = int(regs(s, actor)[ActorSlot::Queued]) - 1;
    const int off = d->queueBase + q * (1 + actorCount());
    if (s.v[size_t(off + QueueSlot::Head)] == actor)
        return false;
    const int head = int(s.v[size_t(off + QueueSlot::Head)]);
    return blocked(info, sentence, BlockInfo::WaitsInQueue, Place::Queue, q, head, [&] {
        return tr("Waits in queue %1 until the worker finishes %2's job.")
            .arg(m_queueNames.at(q), m_actors[size_t(head)].name);
    });
}

// A predicate statement or a row insert, on the locks predicatewait.cpp finds.
bool Machine::waitsForRowStatement(const State &s, int actor, const Step &st, BlockInfo *info, bool sentence) const
{
    RowWait wait;
    if (!rowStatementWaits(s, actor, st, wait))
        return false;
    return blocked(info, sentence, BlockInfo::WaitsForLock, Place::Row, wait.row, wait.holder, [&] {
        return wait.shared ? tr("Waits for the shared lock on %1 that %2's SELECT holds.")
                                 .arg(resourceName(Place::Row, wait.row), m_actors[size_t(wait.holder)].name)
                           : tr("Waits for the row lock on %1, held by %2.")
                                 .arg(resourceName(Place::Row, wait.row), m_actors[size_t(wait.holder)].name);
    });
}

// A statement on one row waits for another transaction's row lock, or its shared lock.
bool Machine::waitsForRow(const State &s, int actor, const Step &st, BlockInfo *info, bool sentence) const
{
    // A plain SELECT waits only where it takes a shared lock (InnoDB SERIALIZABLE).
    const bool plainRead = st.op == OpCode::Read && !st.forUpdate;
    const bool sharedRead = plainRead && regs(s, actor)[ActorSlot::Txn] && m_database.lockingPlainReads();
    if (plainRead && !sharedRead)
        return false;
    const int row = findRow(st.table, evalProgram(st.rowId, s, actor));
    if (row < 0)
        return false;
    const int64_t owner = s.v[size_t(m_rows[size_t(row)].offset + RowSlot::Lock)];
    if (owner >= 0 && owner != actor)
        return blocked(info, sentence, BlockInfo::WaitsForLock, Place::Row, row, int(owner), [&] {
            return tr("Waits for the row lock on %1, held by %2.")
                .arg(resourceName(Place::Row, row), m_actors[size_t(owner)].name);
        });
    const int reader = sharedRead ? -1 : d->mvcc.otherSharedHolder(s, actor, row);
    if (reader >= 0)
        return blocked(info, sentence, BlockInfo::WaitsForLock, Place::Row, row, reader, [&] {
            return tr("Waits for the shared lock on %1 that %2's SELECT holds.")
                .arg(resourceName(Place::Row, row), m_actors[size_t(reader)].name);
        });
    return false;
}

// An insert into a unique key table waits for another transaction's uncommitted same key.
bool Machine::waitsForKey(const State &s, int actor, const Step &st, BlockInfo *info, bool sentence) const
{
    const TableInfo &t = m_tables[size_t(st.table)];
    if (!t.unique)
        return false;
    const int64_t key = evalProgram(st.value, s, actor);
    const int64_t n = s.v[size_t(t.offset + KeySlot::Count)];
    for (int64_t i = 0; i < n; ++i) {
        const int64_t k = s.v[size_t(t.offset + KeySlot::key(i))], owner = s.v[size_t(t.offset + KeySlot::owner(i))];
        if (k == key && owner >= 0 && owner != actor)
            return blocked(info, sentence, BlockInfo::WaitsForLock, Place::Table, st.table, int(owner), [&] {
                return tr("Waits: %1 inserted the same key %2 into %3 and has not committed yet.")
                    .arg(m_actors[size_t(owner)].name)
                    .arg(key)
                    .arg(t.name);
            });
    }
    return false;
}

// A mutex, a lease acquired with waiting, or a pool connection taken with waiting.
bool Machine::waitsForService(const State &s, int actor, const Step &st, BlockInfo *info, bool sentence) const
{
    const int inst = m_actors[size_t(actor)].instance;
    if (st.op == OpCode::MutexLock) {
        const int64_t owner = s.v[size_t(d->mutexBase + inst * m_mutexNames.size() + st.resource)];
        if (owner < 0)
            return false;
        return blocked(info, sentence, BlockInfo::WaitsForLock, Place::Mutex, st.resource, int(owner), [&] {
            return owner == actor
                ? tr("Waits for mutex %1, which it already holds itself: it will wait forever.")
                      .arg(m_mutexNames.at(st.resource))
                : tr("Waits for mutex %1, held by %2.").arg(m_mutexNames.at(st.resource), m_actors[size_t(owner)].name);
        });
    }
    if (!st.wait)
        return false;
    if (st.op == OpCode::LeaseAcquire) {
        const int off = d->leaseBase + LeaseSlot::Size * st.resource;
        const int64_t owner = s.v[size_t(off + LeaseSlot::Owner)];
        if (owner == 0 || s.v[size_t(off + LeaseSlot::Expiry)] <= s.v[Slot::Now])
            return false;
        return blocked(info, sentence, BlockInfo::WaitsForLock, Place::Lease, st.resource, int(owner - 1), [&] {
            return tr("Waits for lock %1, held by %2 until t=%3 ms.")
                .arg(m_leaseNames.at(st.resource), m_actors[size_t(owner - 1)].name)
                .arg(s.v[size_t(off + LeaseSlot::Expiry)]);
        });
    }
    if (s.v[size_t(d->poolBase + inst * m_poolNames.size() + st.resource)] > 0)
        return false;
    return blocked(info, sentence, BlockInfo::WaitsForLock, Place::Pool, st.resource, -1,
                   [&] { return tr("Waits for a free connection in pool %1.").arg(m_poolNames.at(st.resource)); });
}

BlockInfo Machine::blockInfo(const State &s, int actor) const
{
    const int64_t *r = regs(s, actor);
    BlockInfo info;
    if (r[ActorSlot::Status] != int64_t(ActorStatus::Running)) {
        info.kind = BlockInfo::Finished;
        info.text = r[ActorSlot::Status] == int64_t(ActorStatus::Done)
            ? tr("%1 has finished.").arg(m_actors[size_t(actor)].name)
            : tr("%1 has failed: %2").arg(m_actors[size_t(actor)].name, m_messages.value(int(r[ActorSlot::Error])));
        return info;
    }
    if (r[ActorSlot::Wake] >= 0) {
        info.kind = BlockInfo::Sleeping;
        info.place = Place::Clock;
        info.text = tr("Busy or paused until t=%1 ms; advance time to wake it.").arg(r[ActorSlot::Wake]);
        return info;
    }
    const int inst = m_actors[size_t(actor)].instance;
    const int64_t owner = s.v[size_t(Slot::Loop + inst)];
    if (owner >= 0 && owner != actor) {
        info.kind = BlockInfo::LoopBusy;
        info.holder = int(owner);
        info.text =
            tr("The event loop is busy running %1; nothing else on it can run.").arg(m_actors[size_t(owner)].name);
        return info;
    }
    blockedBy(s, actor, &info, true);
    return info;
}

bool Machine::isEnabled(const State &s, int actor) const
{
    const int64_t *r = regs(s, actor);
    if (r[ActorSlot::Status] != int64_t(ActorStatus::Running) || r[ActorSlot::Wake] >= 0)
        return false;
    return !loopBusyFor(s, actor) && !blockedBy(s, actor, nullptr);
}

// Another request runs on the actor's event loop, so it cannot.
bool Machine::loopBusyFor(const State &s, int actor) const
{
    const int64_t owner = s.v[size_t(Slot::Loop + m_actors[size_t(actor)].instance)];
    return owner >= 0 && owner != actor;
}

bool Machine::isFinal(const State &s) const
{
    for (int a = 0; a < actorCount(); ++a)
        if (regs(s, a)[ActorSlot::Status] == int64_t(ActorStatus::Running))
            return false;
    return true;
}

bool Machine::isStuck(const State &s) const
{
    if (isFinal(s))
        return false;
    for (int a = 0; a < actorCount(); ++a)
        if (isEnabled(s, a))
            return false;
    return !canTick(s);
}

std::vector<Machine::WaitEdge> Machine::waitForGraph(const State &s) const
{
    std::vector<WaitEdge> edges;
    for (int a = 0; a < actorCount(); ++a) {
        if (regs(s, a)[ActorSlot::Wake] >= 0)
            continue;
        BlockInfo info;
        if (blockedBy(s, a, &info) && info.holder >= 0)
            edges.push_back({a, info.holder, info.place, info.resource});
    }
    return edges;
}

std::vector<int> Machine::findCycle(const State &s) const
{
    // On the stack: settle() asks after every step where someone waits.
    const int n = actorCount();
    QVarLengthArray<int, 256> next(n);
    for (int a = 0; a < n; ++a) {
        BlockInfo info;
        const bool waits = regs(s, a)[ActorSlot::Wake] < 0 && blockedBy(s, a, &info);
        next[a] = waits ? info.holder : -1;
    }
    return cycleAmong(next.constData(), n);
}

std::vector<int> Machine::cycleAmong(const int *waitsFor, int n)
{
    // Each waiter waits for one holder, so every chain is walked once: a walk that comes back
    // to a node it visited itself has closed a cycle; one that meets an earlier walk has not.
    QVarLengthArray<int, 256> walk(n);
    std::fill(walk.begin(), walk.end(), -1);
    for (int start = 0; start < n; ++start) {
        int a = start;
        while (a >= 0 && walk[a] < 0) {
            walk[a] = start;
            a = waitsFor[a];
        }
        if (a >= 0 && walk[a] == start) {
            std::vector<int> cycle{a};
            for (int b = waitsFor[a]; b != a; b = waitsFor[b])
                cycle.push_back(b);
            return cycle;
        }
    }
    return {};
}

} // namespace Interleave
