#include "trace/traceanalysis.h"

#include <algorithm>

namespace Interleave {

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
