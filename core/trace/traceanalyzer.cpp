// The one pass that derives a TraceAnalysis from a trace: see traceanalysis.h.

#include "trace/traceanalysis.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace Interleave {

namespace {

// A cell (row column or per-instance memory cell), or a lockable resource, as one key.
uint64_t key(Place place, int resource, int column)
{
    return (uint64_t(place) << 56) | (uint64_t(uint32_t(resource) & 0xffffff) << 32) | uint64_t(uint32_t(column));
}

uint64_t cellKey(const TraceEvent &e)
{
    return key(e.place, e.resource, e.column);
}

struct PendingWrite
{
    int event = -1;
    int basis = -2; // committed write the writer's knowledge came from; -2: a blind write
    int basisRead = -1; // the read that gave it that knowledge
};

struct ActorTrack
{
    bool inTxn = false;
    int lastLine = -1;
    int openWait = -1; // interval index
    int openBusy = -1;
    int queueHold = -1;
    std::map<uint64_t, PendingWrite> pending; // uncommitted row writes, by cell
    std::unordered_map<uint64_t, std::pair<int, int>> lastRead; // cell -> (read event, committed basis it saw)
    std::vector<std::pair<uint64_t, int>> ownInserts; // (table/key, event) not yet committed
};

uint64_t tableKey(int table, int64_t k)
{
    return (uint64_t(uint32_t(table)) << 48) ^ uint64_t(k);
}

bool isLockPlace(Place p)
{
    return p == Place::Row || p == Place::Mutex || p == Place::Lease || p == Place::Queue || p == Place::Pool ||
        p == Place::Table;
}

// One pass over a trace, one handler per event kind. The state the handlers share is what
// "now" looks like while the pass moves: per-actor tracks, committed cells, lock holders.
class TraceAnalyzer
{
public:
    TraceAnalyzer(const Machine &machine, const Trace &trace)
        : m_machine(machine)
        , m_trace(trace)
        , m_actors(size_t(std::max(0, machine.actorCount())))
        , m_believedLease(m_actors.size(), -1)
        , m_openCycleOf(m_actors.size(), -1)
    { }

    TraceAnalysis run();

private:
    void handle(int i, const TraceEvent &e, ActorTrack &t);
    void onRead(int i, const TraceEvent &e, ActorTrack &t);
    void onWrite(int i, const TraceEvent &e, ActorTrack &t); // Write and Update
    void onInsert(int i, const TraceEvent &e, ActorTrack &t);
    void onLookup(int i, const TraceEvent &e, ActorTrack &t);
    void onCommit(int i, ActorTrack &t);
    void onRollback(ActorTrack &t);
    void onLockWait(int i, const TraceEvent &e, ActorTrack &t);
    void onLockAcquire(int i, const TraceEvent &e);
    void onLockRelease(int i, const TraceEvent &e);
    void onLeaseExpire(int i, const TraceEvent &e);
    void onEnqueue(int i, const TraceEvent &e, ActorTrack &t);
    void onSleep(int i, const TraceEvent &e, ActorTrack &t);
    void onDeadlock(int i, const TraceEvent &e);
    void onFailOrDone(int i, const TraceEvent &e, ActorTrack &t);
    void finish();

    bool actorOk(int a) const { return a >= 0 && a < int(m_actors.size()); }
    int instanceOf(int actor, Place place) const;
    static uint64_t resourceKey(Place place, int resource, int instance, int actor);
    int committedOf(uint64_t cell) const;
    void closeInterval(int index, LockInterval::End end, int event);
    void closeWait(int actor, LockInterval::End end, int event);
    void commitWrite(int actor, uint64_t cell, const PendingWrite &w);
    void stopTrustingLease(int actor, int event);
    int holderNow(const LockInterval &wait) const;
    bool cycleThrough(int start, DeadlockCycle &cycle) const;

    const Machine &m_machine;
    const Trace &m_trace;
    TraceAnalysis m_out;
    std::vector<ActorTrack> m_actors;
    std::unordered_map<uint64_t, int> m_committed; // cell -> last committed write event
    std::unordered_map<uint64_t, int> m_committedInserts; // table/key -> insert event
    // Lock holders right now: resource key (place, resource, instance) -> interval index.
    std::unordered_map<uint64_t, int> m_holdOf;
    std::vector<int> m_believedLease; // expired lease its holder still trusts
    std::vector<int> m_openCycleOf; // unresolved DeadlockCycle an actor is on
};

int TraceAnalyzer::instanceOf(int actor, Place place) const
{
    if (actor < 0 || actor >= m_machine.actorCount())
        return 0;
    return (place == Place::Mutex || place == Place::Pool) ? m_machine.actor(actor).instance : 0;
}

uint64_t TraceAnalyzer::resourceKey(Place place, int resource, int instance, int actor)
{
    // Pools hand out several connections: every holder has its own hold.
    return key(place, resource, place == Place::Pool ? (instance << 16 | (actor & 0xffff)) : instance);
}

int TraceAnalyzer::committedOf(uint64_t cell) const
{
    const auto it = m_committed.find(cell);
    return it == m_committed.end() ? TraceAnalysis::InitialValue : it->second;
}

void TraceAnalyzer::closeInterval(int index, LockInterval::End end, int event)
{
    LockInterval &iv = m_out.intervals[size_t(index)];
    if (iv.end != LockInterval::Open)
        return;
    iv.end = end;
    iv.endEvent = event;
    if (iv.kind == LockInterval::Hold) {
        const uint64_t k = resourceKey(iv.place, iv.resource, iv.instance, iv.actor);
        if (auto it = m_holdOf.find(k); it != m_holdOf.end() && it->second == index)
            m_holdOf.erase(it);
    }
}

void TraceAnalyzer::closeWait(int actor, LockInterval::End end, int event)
{
    ActorTrack &t = m_actors[size_t(actor)];
    if (t.openWait < 0)
        return;
    closeInterval(t.openWait, end, event);
    t.openWait = -1;
    if (t.queueHold >= 0 && m_out.intervals[size_t(t.queueHold)].startEvent < 0) {
        // Its turn at the head of the queue begins: it now holds the worker.
        m_out.intervals[size_t(t.queueHold)].startEvent = event;
        m_holdOf[key(Place::Queue, m_out.intervals[size_t(t.queueHold)].resource, 0)] = t.queueHold;
    }
}

// Checks a write as it becomes visible to everyone: did it overwrite a
// committed write its author never saw?
void TraceAnalyzer::commitWrite(int actor, uint64_t cell, const PendingWrite &w)
{
    const int current = committedOf(cell);
    if (w.basis != -2 && current >= 0 && current != w.basis && m_trace[size_t(current)].actor != actor)
        m_out.lostUpdates.push_back({current, w.event, w.basisRead});
    m_committed[cell] = w.event;
}

// The holder of an expired lease believes in it until it releases, is denied, fails or finishes.
void TraceAnalyzer::stopTrustingLease(int actor, int event)
{
    int &believed = m_believedLease[size_t(actor)];
    if (believed < 0)
        return;
    m_out.intervals[size_t(believed)].believedEndEvent = event;
    believed = -1;
}

int TraceAnalyzer::holderNow(const LockInterval &wait) const
{
    if (wait.place == Place::Pool)
        return -1;
    const auto it = m_holdOf.find(resourceKey(wait.place, wait.resource, wait.instance, wait.actor));
    if (it != m_holdOf.end())
        return m_out.intervals[size_t(it->second)].actor;
    // Uncommitted unique keys are not tracked as holds: trust who the engine named.
    return wait.place == Place::Table ? wait.holder : -1;
}

// Follows waiter -> holder from `start`; returns the cycle through start, if any.
bool TraceAnalyzer::cycleThrough(int start, DeadlockCycle &cycle) const
{
    int a = start;
    for (int guard = 0; guard <= int(m_actors.size()); ++guard) {
        const int w = m_actors[size_t(a)].openWait;
        if (w < 0)
            return false;
        const LockInterval &iv = m_out.intervals[size_t(w)];
        const int h = holderNow(iv);
        if (!actorOk(h) || h == a)
            return false;
        cycle.actors.push_back(a);
        cycle.edges.push_back({a, h, iv.place, iv.resource});
        if (h == start)
            return true;
        if (std::find(cycle.actors.begin(), cycle.actors.end(), h) != cycle.actors.end())
            return false; // a cycle further on, not through start
        a = h;
    }
    return false;
}

TraceAnalysis TraceAnalyzer::run()
{
    const int n = int(m_trace.size());
    m_out.readFrom.assign(size_t(n), TraceAnalysis::NotARead);
    int lastStep = -1;
    for (int i = 0; i < n; ++i) {
        const TraceEvent &e = m_trace[size_t(i)];
        while (lastStep < e.step) {
            m_out.stepStart.push_back(i);
            ++lastStep;
        }
        const int a = e.actor;
        if (!actorOk(a)) {
            if (e.kind == EventKind::Violation)
                m_out.violations.push_back(i);
            continue;
        }
        ActorTrack &t = m_actors[size_t(a)];
        if (isFailureEvent(e))
            m_out.failures.push_back(i);
        if (e.line >= 0) {
            if (t.lastLine >= 0 && e.line < t.lastLine && e.kind != EventKind::Violation)
                m_out.retries.push_back(i);
            t.lastLine = e.line;
        }
        // Any own move ends a wait: the actor got what it waited for (or gave up, below).
        const bool waitNeutral = e.kind == EventKind::LockWait || e.kind == EventKind::Violation ||
            e.kind == EventKind::Deadlock || e.kind == EventKind::Timeout || e.kind == EventKind::Fail ||
            e.kind == EventKind::Rollback || e.kind == EventKind::LockRelease || e.kind == EventKind::LeaseExpire;
        if (!waitNeutral)
            closeWait(a, LockInterval::Taken, i);
        handle(i, e, t);
    }
    m_out.stepCount = lastStep + 1;
    m_out.stepStart.push_back(n);
    finish();
    return std::move(m_out);
}

void TraceAnalyzer::handle(int i, const TraceEvent &e, ActorTrack &t)
{
    switch (e.kind) {
    case EventKind::Read:
        return onRead(i, e, t);
    case EventKind::Write:
    case EventKind::Update:
        return onWrite(i, e, t);
    case EventKind::Insert:
        return onInsert(i, e, t);
    case EventKind::Lookup:
        return onLookup(i, e, t);
    case EventKind::Begin:
        t.inTxn = true;
        return;
    case EventKind::Commit:
        return onCommit(i, t);
    case EventKind::Rollback:
        return onRollback(t);
    case EventKind::LockWait:
        return onLockWait(i, e, t);
    case EventKind::LockAcquire:
        return onLockAcquire(i, e);
    case EventKind::LockRelease:
        return onLockRelease(i, e);
    case EventKind::LockDenied:
        if (e.place == Place::Lease)
            stopTrustingLease(e.actor, i);
        return;
    case EventKind::LeaseExpire:
        return onLeaseExpire(i, e);
    case EventKind::Enqueue:
        return onEnqueue(i, e, t);
    case EventKind::Dequeue:
        if (t.queueHold >= 0) {
            closeInterval(t.queueHold, LockInterval::Released, i);
            t.queueHold = -1;
        }
        return;
    case EventKind::Sleep:
        return onSleep(i, e, t);
    case EventKind::Wake:
        if (t.openBusy >= 0) {
            closeInterval(t.openBusy, LockInterval::Woke, i);
            t.openBusy = -1;
        }
        return;
    case EventKind::Deadlock:
        return onDeadlock(i, e);
    case EventKind::Timeout:
        return closeWait(e.actor, LockInterval::TimedOut, i);
    case EventKind::Fail:
    case EventKind::Done:
        return onFailOrDone(i, e, t);
    case EventKind::Violation:
        m_out.violations.push_back(i);
        return;
    default:
        return;
    }
}

void TraceAnalyzer::onRead(int i, const TraceEvent &e, ActorTrack &t)
{
    const uint64_t cell = cellKey(e);
    int source = committedOf(cell), basis = source;
    if (auto it = t.pending.find(cell); it != t.pending.end()) {
        source = it->second.event; // a transaction sees its own uncommitted write
        basis = it->second.basis;
    }
    m_out.readFrom[size_t(i)] = source;
    t.lastRead[cell] = {i, basis};
}

void TraceAnalyzer::onWrite(int i, const TraceEvent &e, ActorTrack &t)
{
    const uint64_t cell = cellKey(e);
    if (e.kind == EventKind::Update) {
        int source = committedOf(cell);
        if (auto it = t.pending.find(cell); it != t.pending.end())
            source = it->second.event;
        m_out.readFrom[size_t(i)] = source;
    }
    if (!isWriteEvent(e))
        return;
    PendingWrite w;
    w.event = i;
    if (e.kind == EventKind::Update) {
        // Read and write in one statement: based on exactly what it replaced.
        const auto it = t.pending.find(cell);
        w.basis = it != t.pending.end() ? it->second.basis : committedOf(cell);
        w.basisRead = i;
    } else if (auto it = t.lastRead.find(cell); it != t.lastRead.end()) {
        w.basisRead = it->second.first;
        w.basis = it->second.second;
    }
    if (t.inTxn && e.place == Place::Row) {
        t.pending[cell] = w;
    } else {
        commitWrite(e.actor, cell, w);
    }
    // What this actor now knows the cell holds is its own write.
    t.lastRead[cell] = {w.basisRead, w.basis};
    if (e.kind == EventKind::Update || !(t.inTxn && e.place == Place::Row))
        t.lastRead[cell] = {i, i};
}

void TraceAnalyzer::onInsert(int i, const TraceEvent &e, ActorTrack &t)
{
    if (!e.version)
        return;
    const uint64_t k = tableKey(e.resource, e.value);
    if (t.inTxn)
        t.ownInserts.push_back({k, i});
    else
        m_committedInserts[k] = i;
}

void TraceAnalyzer::onLookup(int i, const TraceEvent &e, ActorTrack &t)
{
    if (!e.version)
        return;
    const uint64_t k = tableKey(e.resource, e.value);
    int source = TraceAnalysis::InitialValue;
    if (auto it = m_committedInserts.find(k); it != m_committedInserts.end())
        source = it->second;
    for (const auto &[ok, ev] : t.ownInserts)
        if (ok == k)
            source = ev;
    m_out.readFrom[size_t(i)] = source;
}

void TraceAnalyzer::onCommit(int i, ActorTrack &t)
{
    const int actor = m_trace[size_t(i)].actor;
    std::vector<std::pair<uint64_t, PendingWrite>> writes(t.pending.begin(), t.pending.end());
    std::sort(writes.begin(), writes.end(),
              [](const auto &x, const auto &y) { return x.second.event < y.second.event; });
    for (const auto &[cell, w] : writes) {
        commitWrite(actor, cell, w);
        t.lastRead[cell] = {i, w.event};
    }
    for (const auto &[k, ev] : t.ownInserts)
        m_committedInserts[k] = ev;
    t.pending.clear();
    t.ownInserts.clear();
    t.inTxn = false;
}

void TraceAnalyzer::onRollback(ActorTrack &t)
{
    for (const auto &[cell, w] : t.pending)
        t.lastRead.erase(cell); // what it "knew" was its own discarded write
    t.pending.clear();
    t.ownInserts.clear();
    t.inTxn = false;
}

void TraceAnalyzer::onLockWait(int i, const TraceEvent &e, ActorTrack &t)
{
    const int a = e.actor;
    if (t.openWait >= 0)
        closeWait(a, LockInterval::Taken, i);
    LockInterval iv;
    iv.kind = LockInterval::Wait;
    iv.place = e.place;
    iv.resource = e.resource;
    iv.instance = instanceOf(a, e.place);
    iv.actor = a;
    iv.holder = actorOk(int(e.value)) ? int(e.value) : -1;
    iv.startEvent = i;
    t.openWait = int(m_out.intervals.size());
    m_out.intervals.push_back(iv);
    DeadlockCycle cycle;
    if (cycleThrough(a, cycle)) {
        cycle.step = e.step;
        cycle.closingEvent = i;
        const int index = int(m_out.deadlocks.size());
        for (int member : cycle.actors)
            m_openCycleOf[size_t(member)] = index;
        m_out.deadlocks.push_back(std::move(cycle));
    }
}

void TraceAnalyzer::onLockAcquire(int i, const TraceEvent &e)
{
    if (!isLockPlace(e.place))
        return;
    LockInterval iv;
    iv.kind = LockInterval::Hold;
    iv.place = e.place;
    iv.resource = e.resource;
    iv.instance = instanceOf(e.actor, e.place);
    iv.actor = e.actor;
    iv.startEvent = i;
    if (e.place == Place::Lease) {
        iv.token = e.version;
        iv.expiresAtMs = e.value;
        iv.ttlMs = e.value - e.virtualMs;
    }
    const uint64_t k = resourceKey(iv.place, iv.resource, iv.instance, e.actor);
    if (auto it = m_holdOf.find(k); it != m_holdOf.end())
        closeInterval(it->second, LockInterval::Released, i); // should not happen; keep intervals disjoint
    m_holdOf[k] = int(m_out.intervals.size());
    m_out.intervals.push_back(iv);
}

void TraceAnalyzer::onLockRelease(int i, const TraceEvent &e)
{
    if (!isLockPlace(e.place))
        return;
    const int a = e.actor;
    const int instance = instanceOf(a, e.place);
    auto it = m_holdOf.find(resourceKey(e.place, e.resource, instance, a));
    if (it != m_holdOf.end() && m_out.intervals[size_t(it->second)].actor == a) {
        closeInterval(it->second, LockInterval::Released, i);
    } else if (it != m_holdOf.end()) {
        // Deleted by someone else (a lease released without an owner check).
        m_out.intervals[size_t(it->second)].holder = a;
        closeInterval(it->second, LockInterval::Released, i);
    }
    if (e.place == Place::Lease)
        stopTrustingLease(a, i);
}

void TraceAnalyzer::onLeaseExpire(int i, const TraceEvent &e)
{
    auto it = m_holdOf.find(resourceKey(Place::Lease, e.resource, 0, e.actor));
    if (it == m_holdOf.end())
        return;
    const int index = it->second;
    m_out.intervals[size_t(index)].expireEvent = i;
    closeInterval(index, LockInterval::Expired, i);
    m_believedLease[size_t(e.actor)] = index;
}

void TraceAnalyzer::onEnqueue(int i, const TraceEvent &e, ActorTrack &t)
{
    LockInterval iv;
    iv.kind = LockInterval::Hold;
    iv.place = Place::Queue;
    iv.resource = e.resource;
    iv.actor = e.actor;
    // Behind another job it only starts holding the worker when its wait ends.
    const uint64_t k = key(Place::Queue, e.resource, 0);
    const bool head = m_holdOf.find(k) == m_holdOf.end();
    iv.startEvent = head ? i : -1;
    t.queueHold = int(m_out.intervals.size());
    if (head)
        m_holdOf[k] = t.queueHold;
    m_out.intervals.push_back(iv);
}

void TraceAnalyzer::onSleep(int i, const TraceEvent &e, ActorTrack &t)
{
    if (t.openBusy >= 0)
        closeInterval(t.openBusy, LockInterval::Woke, i);
    LockInterval iv;
    iv.kind = LockInterval::Busy;
    iv.place = Place::Clock;
    iv.resource = e.version ? 1 : 0; // 1: a pause (GC), 0: CPU work
    iv.instance = e.actor >= 0 ? m_machine.actor(e.actor).instance : 0;
    iv.actor = e.actor;
    iv.startEvent = i;
    iv.ttlMs = e.value;
    t.openBusy = int(m_out.intervals.size());
    m_out.intervals.push_back(iv);
}

void TraceAnalyzer::onDeadlock(int i, const TraceEvent &e)
{
    const int a = e.actor;
    int index = m_openCycleOf[size_t(a)];
    if (index < 0 || m_out.deadlocks[size_t(index)].event >= 0) {
        // The detector saw a cycle we did not see close (should not happen); record what is open.
        DeadlockCycle cycle;
        cycleThrough(a, cycle);
        cycle.step = e.step;
        cycle.closingEvent = i;
        index = int(m_out.deadlocks.size());
        m_out.deadlocks.push_back(std::move(cycle));
    }
    DeadlockCycle &cycle = m_out.deadlocks[size_t(index)];
    cycle.event = i;
    cycle.victim = a;
    for (int member : cycle.actors)
        m_openCycleOf[size_t(member)] = -1;
    closeWait(a, LockInterval::Victim, i);
}

void TraceAnalyzer::onFailOrDone(int i, const TraceEvent &e, ActorTrack &t)
{
    const int a = e.actor;
    closeWait(a, LockInterval::Failed, i);
    if (t.openBusy >= 0) {
        closeInterval(t.openBusy, LockInterval::Failed, i);
        t.openBusy = -1;
    }
    // A failed job leaves the queue; a failed or finished actor no longer trusts a lease.
    // Mutexes, connections and leases it still holds stay held: that is the leak to show.
    if (t.queueHold >= 0) {
        if (m_out.intervals[size_t(t.queueHold)].startEvent < 0)
            m_out.intervals[size_t(t.queueHold)].startEvent = i;
        closeInterval(t.queueHold, e.kind == EventKind::Done ? LockInterval::Released : LockInterval::Failed, i);
        t.queueHold = -1;
    }
    stopTrustingLease(a, i);
    m_openCycleOf[size_t(a)] = -1;
}

// The arrows, and the intervals in start order without queue holds that never began.
void TraceAnalyzer::finish()
{
    for (int i = 0; i < int(m_out.readFrom.size()); ++i)
        if (m_out.readFrom[size_t(i)] >= 0)
            m_out.flows.push_back({m_out.readFrom[size_t(i)], i});

    std::vector<LockInterval> kept;
    kept.reserve(m_out.intervals.size());
    for (const LockInterval &iv : m_out.intervals)
        if (iv.startEvent >= 0)
            kept.push_back(iv);
    std::stable_sort(kept.begin(), kept.end(),
                     [](const LockInterval &x, const LockInterval &y) { return x.startEvent < y.startEvent; });
    m_out.intervals = std::move(kept);
    // Left open at the end: cycles with no detector stay as they are (event -1).
}

} // namespace

TraceAnalysis analyze(const Machine &machine, const Trace &trace)
{
    return TraceAnalyzer(machine, trace).run();
}

} // namespace Interleave
