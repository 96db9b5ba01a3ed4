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

} // namespace

bool isWriteEvent(const TraceEvent &e)
{
    return (e.kind == EventKind::Write && e.message < 0) || (e.kind == EventKind::Update && e.version != 0);
}

bool isReadEvent(const TraceEvent &e)
{
    return e.kind == EventKind::Read || e.kind == EventKind::Update || e.kind == EventKind::Lookup;
}

bool isFailureEvent(const TraceEvent &e)
{
    switch (e.kind) {
    case EventKind::Fail:
    case EventKind::Deadlock:
    case EventKind::Timeout:
    case EventKind::Anomaly:
        return true;
    case EventKind::Write:
        return e.message >= 0;
    default:
        return false;
    }
}

TraceAnalysis analyze(const Machine &machine, const Trace &trace)
{
    TraceAnalysis out;
    const int n = int(trace.size());
    out.readFrom.assign(size_t(n), TraceAnalysis::NotARead);
    std::vector<ActorTrack> actors(size_t(std::max(0, machine.actorCount())));
    std::unordered_map<uint64_t, int> committed; // cell -> last committed write event
    std::unordered_map<uint64_t, int> committedInserts; // table/key -> insert event
    // Lock holders right now: resource key (place, resource, instance) -> interval index.
    std::unordered_map<uint64_t, int> holdOf;
    std::vector<int> believedLease(actors.size(), -1); // expired lease its holder still trusts
    std::vector<int> openCycleOf(actors.size(), -1); // unresolved DeadlockCycle an actor is on

    auto instanceOf = [&](int actor, Place place) {
        if (actor < 0 || actor >= machine.actorCount())
            return 0;
        return (place == Place::Mutex || place == Place::Pool) ? machine.actor(actor).instance : 0;
    };
    auto resourceKey = [&](Place place, int resource, int instance, int actor) {
        // Pools hand out several connections: every holder has its own hold.
        return key(place, resource, place == Place::Pool ? (instance << 16 | (actor & 0xffff)) : instance);
    };
    auto committedOf = [&](uint64_t cell) {
        const auto it = committed.find(cell);
        return it == committed.end() ? TraceAnalysis::InitialValue : it->second;
    };
    auto actorOk = [&](int a) { return a >= 0 && a < int(actors.size()); };
    auto closeInterval = [&](int index, LockInterval::End end, int event) {
        LockInterval &iv = out.intervals[size_t(index)];
        if (iv.end != LockInterval::Open)
            return;
        iv.end = end;
        iv.endEvent = event;
        if (iv.kind == LockInterval::Hold) {
            const uint64_t k = resourceKey(iv.place, iv.resource, iv.instance, iv.actor);
            if (auto it = holdOf.find(k); it != holdOf.end() && it->second == index)
                holdOf.erase(it);
        }
    };
    auto closeWait = [&](int actor, LockInterval::End end, int event) {
        ActorTrack &t = actors[size_t(actor)];
        if (t.openWait < 0)
            return;
        closeInterval(t.openWait, end, event);
        t.openWait = -1;
        if (t.queueHold >= 0 && out.intervals[size_t(t.queueHold)].startEvent < 0) {
            // Its turn at the head of the queue begins: it now holds the worker.
            out.intervals[size_t(t.queueHold)].startEvent = event;
            holdOf[key(Place::Queue, out.intervals[size_t(t.queueHold)].resource, 0)] = t.queueHold;
        }
    };
    // Checks a write as it becomes visible to everyone: did it overwrite a
    // committed write its author never saw?
    auto commitWrite = [&](int actor, uint64_t cell, const PendingWrite &w) {
        const int current = committedOf(cell);
        if (w.basis != -2 && current >= 0 && current != w.basis && trace[size_t(current)].actor != actor)
            out.lostUpdates.push_back({current, w.event, w.basisRead});
        committed[cell] = w.event;
    };
    auto holderNow = [&](const LockInterval &wait) {
        if (wait.place == Place::Pool)
            return -1;
        const auto it = holdOf.find(resourceKey(wait.place, wait.resource, wait.instance, wait.actor));
        if (it != holdOf.end())
            return out.intervals[size_t(it->second)].actor;
        // Uncommitted unique keys are not tracked as holds: trust who the engine named.
        return wait.place == Place::Table ? wait.holder : -1;
    };
    // Follows waiter -> holder from `start`; returns the cycle through start, if any.
    auto cycleThrough = [&](int start, DeadlockCycle &cycle) {
        int a = start;
        for (int guard = 0; guard <= int(actors.size()); ++guard) {
            const int w = actors[size_t(a)].openWait;
            if (w < 0)
                return false;
            const LockInterval &iv = out.intervals[size_t(w)];
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
    };

    int lastStep = -1;
    for (int i = 0; i < n; ++i) {
        const TraceEvent &e = trace[size_t(i)];
        while (lastStep < e.step) {
            out.stepStart.push_back(i);
            ++lastStep;
        }
        const int a = e.actor;
        if (!actorOk(a)) {
            if (e.kind == EventKind::Violation)
                out.violations.push_back(i);
            continue;
        }
        ActorTrack &t = actors[size_t(a)];
        if (isFailureEvent(e))
            out.failures.push_back(i);
        if (e.line >= 0) {
            if (t.lastLine >= 0 && e.line < t.lastLine && e.kind != EventKind::Violation)
                out.retries.push_back(i);
            t.lastLine = e.line;
        }
        // Any own move ends a wait: the actor got what it waited for (or gave up, below).
        const bool waitNeutral = e.kind == EventKind::LockWait || e.kind == EventKind::Violation ||
            e.kind == EventKind::Deadlock || e.kind == EventKind::Timeout || e.kind == EventKind::Fail ||
            e.kind == EventKind::Rollback || e.kind == EventKind::LockRelease || e.kind == EventKind::LeaseExpire;
        if (!waitNeutral)
            closeWait(a, LockInterval::Taken, i);

        switch (e.kind) {
        case EventKind::Read: {
            const uint64_t cell = cellKey(e);
            int source = committedOf(cell), basis = source;
            if (auto it = t.pending.find(cell); it != t.pending.end()) {
                source = it->second.event; // a transaction sees its own uncommitted write
                basis = it->second.basis;
            }
            out.readFrom[size_t(i)] = source;
            t.lastRead[cell] = {i, basis};
            break;
        }
        case EventKind::Write:
        case EventKind::Update: {
            const uint64_t cell = cellKey(e);
            if (e.kind == EventKind::Update) {
                int source = committedOf(cell);
                if (auto it = t.pending.find(cell); it != t.pending.end())
                    source = it->second.event;
                out.readFrom[size_t(i)] = source;
            }
            if (!isWriteEvent(e))
                break;
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
                commitWrite(a, cell, w);
            }
            // What this actor now knows the cell holds is its own write.
            t.lastRead[cell] = {w.basisRead, w.basis};
            if (e.kind == EventKind::Update || !(t.inTxn && e.place == Place::Row))
                t.lastRead[cell] = {i, i};
            break;
        }
        case EventKind::Insert:
            if (e.version) {
                const uint64_t k = tableKey(e.resource, e.value);
                if (t.inTxn)
                    t.ownInserts.push_back({k, i});
                else
                    committedInserts[k] = i;
            }
            break;
        case EventKind::Lookup:
            if (e.version) {
                const uint64_t k = tableKey(e.resource, e.value);
                int source = TraceAnalysis::InitialValue;
                if (auto it = committedInserts.find(k); it != committedInserts.end())
                    source = it->second;
                for (const auto &[ok, ev] : t.ownInserts)
                    if (ok == k)
                        source = ev;
                out.readFrom[size_t(i)] = source;
            }
            break;
        case EventKind::Begin:
            t.inTxn = true;
            break;
        case EventKind::Commit: {
            std::vector<std::pair<uint64_t, PendingWrite>> writes(t.pending.begin(), t.pending.end());
            std::sort(writes.begin(), writes.end(),
                      [](const auto &x, const auto &y) { return x.second.event < y.second.event; });
            for (const auto &[cell, w] : writes) {
                commitWrite(a, cell, w);
                t.lastRead[cell] = {i, w.event};
            }
            for (const auto &[k, ev] : t.ownInserts)
                committedInserts[k] = ev;
            t.pending.clear();
            t.ownInserts.clear();
            t.inTxn = false;
            break;
        }
        case EventKind::Rollback:
            for (const auto &[cell, w] : t.pending)
                t.lastRead.erase(cell); // what it "knew" was its own discarded write
            t.pending.clear();
            t.ownInserts.clear();
            t.inTxn = false;
            break;
        case EventKind::LockWait: {
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
            t.openWait = int(out.intervals.size());
            out.intervals.push_back(iv);
            DeadlockCycle cycle;
            if (cycleThrough(a, cycle)) {
                cycle.step = e.step;
                cycle.closingEvent = i;
                const int index = int(out.deadlocks.size());
                for (int member : cycle.actors)
                    openCycleOf[size_t(member)] = index;
                out.deadlocks.push_back(std::move(cycle));
            }
            break;
        }
        case EventKind::LockAcquire: {
            if (!isLockPlace(e.place))
                break;
            LockInterval iv;
            iv.kind = LockInterval::Hold;
            iv.place = e.place;
            iv.resource = e.resource;
            iv.instance = instanceOf(a, e.place);
            iv.actor = a;
            iv.startEvent = i;
            if (e.place == Place::Lease) {
                iv.token = e.version;
                iv.expiresAtMs = e.value;
                iv.ttlMs = e.value - e.virtualMs;
            }
            const uint64_t k = resourceKey(iv.place, iv.resource, iv.instance, a);
            if (auto it = holdOf.find(k); it != holdOf.end())
                closeInterval(it->second, LockInterval::Released, i); // should not happen; keep intervals disjoint
            holdOf[k] = int(out.intervals.size());
            out.intervals.push_back(iv);
            break;
        }
        case EventKind::LockRelease: {
            if (!isLockPlace(e.place))
                break;
            const int instance = instanceOf(a, e.place);
            auto it = holdOf.find(resourceKey(e.place, e.resource, instance, a));
            if (it != holdOf.end() && out.intervals[size_t(it->second)].actor == a) {
                closeInterval(it->second, LockInterval::Released, i);
            } else if (it != holdOf.end()) {
                // Deleted by someone else (a lease released without an owner check).
                out.intervals[size_t(it->second)].holder = a;
                closeInterval(it->second, LockInterval::Released, i);
            }
            if (e.place == Place::Lease && believedLease[size_t(a)] >= 0) {
                out.intervals[size_t(believedLease[size_t(a)])].believedEndEvent = i;
                believedLease[size_t(a)] = -1;
            }
            break;
        }
        case EventKind::LockDenied:
            if (e.place == Place::Lease && believedLease[size_t(a)] >= 0) {
                out.intervals[size_t(believedLease[size_t(a)])].believedEndEvent = i;
                believedLease[size_t(a)] = -1;
            }
            break;
        case EventKind::LeaseExpire: {
            auto it = holdOf.find(resourceKey(Place::Lease, e.resource, 0, a));
            if (it != holdOf.end()) {
                const int index = it->second;
                out.intervals[size_t(index)].expireEvent = i;
                closeInterval(index, LockInterval::Expired, i);
                believedLease[size_t(a)] = index;
            }
            break;
        }
        case EventKind::Enqueue: {
            LockInterval iv;
            iv.kind = LockInterval::Hold;
            iv.place = Place::Queue;
            iv.resource = e.resource;
            iv.actor = a;
            // Behind another job it only starts holding the worker when its wait ends.
            const uint64_t k = key(Place::Queue, e.resource, 0);
            const bool head = holdOf.find(k) == holdOf.end();
            iv.startEvent = head ? i : -1;
            t.queueHold = int(out.intervals.size());
            if (head)
                holdOf[k] = t.queueHold;
            out.intervals.push_back(iv);
            break;
        }
        case EventKind::Dequeue:
            if (t.queueHold >= 0) {
                closeInterval(t.queueHold, LockInterval::Released, i);
                t.queueHold = -1;
            }
            break;
        case EventKind::Sleep: {
            if (t.openBusy >= 0)
                closeInterval(t.openBusy, LockInterval::Woke, i);
            LockInterval iv;
            iv.kind = LockInterval::Busy;
            iv.place = Place::Clock;
            iv.resource = e.version ? 1 : 0; // 1: a pause (GC), 0: CPU work
            iv.instance = a >= 0 ? machine.actor(a).instance : 0;
            iv.actor = a;
            iv.startEvent = i;
            iv.ttlMs = e.value;
            t.openBusy = int(out.intervals.size());
            out.intervals.push_back(iv);
            break;
        }
        case EventKind::Wake:
            if (t.openBusy >= 0) {
                closeInterval(t.openBusy, LockInterval::Woke, i);
                t.openBusy = -1;
            }
            break;
        case EventKind::Deadlock: {
            int index = openCycleOf[size_t(a)];
            if (index < 0 || out.deadlocks[size_t(index)].event >= 0) {
                // The detector saw a cycle we did not see close (should not happen); record what is open.
                DeadlockCycle cycle;
                cycleThrough(a, cycle);
                cycle.step = e.step;
                cycle.closingEvent = i;
                index = int(out.deadlocks.size());
                out.deadlocks.push_back(std::move(cycle));
            }
            DeadlockCycle &cycle = out.deadlocks[size_t(index)];
            cycle.event = i;
            cycle.victim = a;
            for (int member : cycle.actors)
                openCycleOf[size_t(member)] = -1;
            closeWait(a, LockInterval::Victim, i);
            break;
        }
        case EventKind::Timeout:
            closeWait(a, LockInterval::TimedOut, i);
            break;
        case EventKind::Fail:
        case EventKind::Done: {
            closeWait(a, LockInterval::Failed, i);
            if (t.openBusy >= 0) {
                closeInterval(t.openBusy, LockInterval::Failed, i);
                t.openBusy = -1;
            }
            // A failed job leaves the queue; a failed or finished actor no longer trusts a lease.
            // Mutexes, connections and leases it still holds stay held: that is the leak to show.
            if (t.queueHold >= 0) {
                if (out.intervals[size_t(t.queueHold)].startEvent < 0)
                    out.intervals[size_t(t.queueHold)].startEvent = i;
                closeInterval(t.queueHold, e.kind == EventKind::Done ? LockInterval::Released : LockInterval::Failed,
                              i);
                t.queueHold = -1;
            }
            if (believedLease[size_t(a)] >= 0) {
                out.intervals[size_t(believedLease[size_t(a)])].believedEndEvent = i;
                believedLease[size_t(a)] = -1;
            }
            if (openCycleOf[size_t(a)] >= 0)
                openCycleOf[size_t(a)] = -1;
            break;
        }
        case EventKind::Violation:
            out.violations.push_back(i);
            break;
        default:
            break;
        }
    }
    out.stepCount = lastStep + 1;
    out.stepStart.push_back(n);

    for (int i = 0; i < n; ++i)
        if (out.readFrom[size_t(i)] >= 0)
            out.flows.push_back({out.readFrom[size_t(i)], i});

    // Queue holds that never reached the head have no start: drop them.
    std::vector<int> remap(out.intervals.size(), -1);
    std::vector<LockInterval> kept;
    kept.reserve(out.intervals.size());
    for (size_t k = 0; k < out.intervals.size(); ++k)
        if (out.intervals[k].startEvent >= 0) {
            remap[k] = int(kept.size());
            kept.push_back(out.intervals[k]);
        }
    std::stable_sort(kept.begin(), kept.end(),
                     [](const LockInterval &x, const LockInterval &y) { return x.startEvent < y.startEvent; });
    out.intervals = std::move(kept);

    // Left open at the end: cycles with no detector stay as they are (event -1).
    return out;
}

int TraceAnalysis::lostUpdateOverwriting(int writeEvent) const
{
    for (size_t k = 0; k < lostUpdates.size(); ++k)
        if (lostUpdates[k].overwrittenWrite == writeEvent)
            return int(k);
    return -1;
}

int TraceAnalysis::lostUpdateOverwritten(int writeEvent) const
{
    for (size_t k = 0; k < lostUpdates.size(); ++k)
        if (lostUpdates[k].overwritingWrite == writeEvent)
            return int(k);
    return -1;
}

std::vector<int> TraceAnalysis::intervalsOpenAt(int eventIndex) const
{
    std::vector<int> open;
    for (size_t k = 0; k < intervals.size(); ++k) {
        const LockInterval &iv = intervals[k];
        if (iv.startEvent > eventIndex)
            break; // sorted by start
        if (iv.endEvent < 0 || iv.endEvent > eventIndex)
            open.push_back(int(k));
    }
    return open;
}

std::vector<Machine::WaitEdge> TraceAnalysis::waitForGraphAt(int eventIndex) const
{
    std::vector<Machine::WaitEdge> edges;
    const std::vector<int> open = intervalsOpenAt(eventIndex);
    for (int w : open) {
        const LockInterval &wait = intervals[size_t(w)];
        if (wait.kind != LockInterval::Wait || wait.place == Place::Pool)
            continue;
        // Released but not yet moved on: runnable, not waiting for anyone (as Machine::waitForGraph says).
        int holder = wait.place == Place::Table ? wait.holder : -1;
        for (int h : open) {
            const LockInterval &hold = intervals[size_t(h)];
            if (hold.kind == LockInterval::Hold && hold.place == wait.place && hold.resource == wait.resource &&
                hold.instance == wait.instance && hold.actor != wait.actor)
                holder = hold.actor;
        }
        if (holder >= 0 && holder != wait.actor)
            edges.push_back({wait.actor, holder, wait.place, wait.resource});
    }
    return edges;
}

std::vector<Machine::WaitEdge> TraceAnalysis::waitForGraphAfterStep(int steps) const
{
    if (stepStart.empty())
        return {};
    const int clamped = std::clamp(steps, 0, int(stepStart.size()) - 1);
    return waitForGraphAt(stepStart[size_t(clamped)] - 1);
}

} // namespace Interleave
