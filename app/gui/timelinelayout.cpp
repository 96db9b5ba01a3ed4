#include "timelinelayout.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace Interleave {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TimelineLayout", text);
}

uint16_t classify(const TraceEvent &e)
{
    switch (e.kind) {
    case EventKind::Read: return ClassRead;
    case EventKind::Write: return e.message >= 0 ? uint16_t(ClassWrite | ClassFailure) : uint16_t(ClassWrite);
    case EventKind::Update: return uint16_t(ClassRead | ClassWrite);
    case EventKind::Insert: return e.version ? uint16_t(ClassWrite) : uint16_t(ClassWrite | ClassFailure);
    case EventKind::Lookup: return ClassRead;
    case EventKind::Begin:
    case EventKind::Commit:
    case EventKind::Rollback: return ClassTxn;
    case EventKind::LockWait:
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::LockDenied: return ClassLock;
    case EventKind::LeaseExpire:
    case EventKind::Yield:
    case EventKind::Sleep:
    case EventKind::Wake:
    case EventKind::Tick: return ClassTime;
    case EventKind::Enqueue:
    case EventKind::Dequeue:
    case EventKind::Local: return ClassOther;
    case EventKind::Fail:
    case EventKind::Timeout:
    case EventKind::Anomaly: return ClassFailure;
    case EventKind::Done: return ClassEnd;
    case EventKind::Deadlock: return ClassDeadlock;
    case EventKind::Violation: return ClassViolation;
    }
    return ClassOther;
}

// Greedy interval colouring: each interval goes to the first sub-row that is free by its start.
std::vector<std::vector<int>> assignRows(std::vector<int> intervals, const TimelineLayout &layout, size_t maxRows)
{
    std::stable_sort(intervals.begin(), intervals.end(),
                     [&](int a, int b) { return layout.intervalStart(a) < layout.intervalStart(b); });
    std::vector<std::vector<int>> rows;
    std::vector<double> rowEnd;
    for (int k : intervals) {
        const double start = layout.intervalStart(k);
        size_t r = 0;
        while (r < rows.size() && rowEnd[r] > start + 1e-9)
            ++r;
        if (r == rows.size()) {
            if (rows.size() >= maxRows) {
                // Too many at once: the last row takes the rest, drawn over each other.
                r = rows.size() - 1;
            } else {
                rows.emplace_back();
                rowEnd.push_back(0);
            }
        }
        rows[r].push_back(k);
        rowEnd[r] = std::max(rowEnd[r], layout.intervalEnd(k));
    }
    return rows;
}

void buildClassTree(TimelineLane &lane, const std::vector<uint16_t> &classes)
{
    const size_t n = lane.events.size();
    lane.classTree.assign(2 * n, 0);
    for (size_t i = 0; i < n; ++i)
        lane.classTree[n + i] = classes[size_t(lane.events[i])];
    for (size_t i = n - (n > 0 ? 1 : 0); i >= 1 && n > 0; --i)
        lane.classTree[i] = lane.classTree[2 * i] | lane.classTree[2 * i + 1];
}

} // namespace

// ---- ZoomState ----

void ZoomState::setExtent(const TimeRange &all)
{
    extent = all;
    if (extent.length() <= 0)
        extent.end = extent.start + 1;
    visible = extent;
}

void ZoomState::setVisible(const TimeRange &range)
{
    double len = std::clamp(range.length(), std::min(minSpan, extent.length()), extent.length());
    double start = range.start;
    if (range.length() != len)
        start = (range.start + range.end) / 2 - len / 2;
    start = std::clamp(start, extent.start, extent.end - len);
    visible = {start, start + len};
}

void ZoomState::zoomAt(double anchor, double factor)
{
    const double len = visible.length();
    const double newLen = std::clamp(len * factor, std::min(minSpan, extent.length()), extent.length());
    const double fraction = len > 0 ? (anchor - visible.start) / len : 0.5;
    const double start = anchor - fraction * newLen;
    setVisible({start, start + newLen});
}

void ZoomState::panBy(double delta)
{
    setVisible({visible.start + delta, visible.end + delta});
}

// ---- TimelineLayout ----

std::shared_ptr<const TimelineLayout> TimelineLayout::build(std::shared_ptr<const Machine> machine, Trace trace,
                                                            TraceAnalysis analysis, AxisMode axis)
{
    std::shared_ptr<TimelineLayout> l(new TimelineLayout);
    l->m_machine = std::move(machine);
    l->m_trace = std::move(trace);
    l->m_analysis = std::move(analysis);
    l->m_axis = axis;
    const Machine &m = *l->m_machine;
    const Trace &events = l->m_trace;
    const int n = int(events.size());
    if (l->m_analysis.readFrom.size() != events.size())
        l->m_analysis = analyze(m, events);   // a stale or empty analysis would index out of range
    const TraceAnalysis &an = l->m_analysis;

    // Times. Steps: step k spans [k, k+1) and its events share it evenly, so
    // a read and a write of the same move never sit on top of each other.
    l->m_times.resize(size_t(n));
    if (axis == AxisMode::Steps) {
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && events[size_t(j)].step == events[size_t(i)].step)
                ++j;
            const double count = j - i;
            for (int k = i; k < j; ++k)
                l->m_times[size_t(k)] = events[size_t(i)].step + (k - i + 0.5) / count;
            i = j;
        }
        l->m_extent = {0, double(std::max({an.stepCount, 1}))};
    } else {
        double last = 0;
        double lo = n ? 1e300 : 0, hi = n ? -1e300 : 1;
        for (int i = 0; i < n; ++i) {
            const int64_t ns = events[size_t(i)].wallNs;
            const double t = ns >= 0 ? double(ns) / 1e6 : last;
            l->m_times[size_t(i)] = t;
            last = t;
            lo = std::min(lo, t);
            hi = std::max(hi, t);
        }
        lo = std::min(lo, 0.0);
        const double pad = std::max(1e-3, (hi - lo) * 0.02);
        l->m_extent = {lo, hi + pad};
    }

    l->m_classes.resize(size_t(n));
    for (int i = 0; i < n; ++i) {
        uint16_t c = classify(events[size_t(i)]);
        l->m_classes[size_t(i)] = c;
    }
    for (const LostUpdate &lu : an.lostUpdates) {
        if (lu.overwrittenWrite >= 0)
            l->m_classes[size_t(lu.overwrittenWrite)] |= ClassLost;
        if (lu.overwritingWrite >= 0)
            l->m_classes[size_t(lu.overwritingWrite)] |= ClassLost;
    }
    for (int r : an.retries)
        l->m_classes[size_t(r)] |= ClassRetry;
    for (uint16_t c : l->m_classes)
        l->m_classesPresent |= c;

    // Lanes: actors first, then the infrastructure the scenario has.
    l->m_hasLeases = !m.resourceName(Place::Lease, 0).isEmpty();
    const bool hasQueues = !m.resourceName(Place::Queue, 0).isEmpty();
    l->m_actorLane.assign(size_t(m.actorCount()), -1);
    for (int a = 0; a < m.actorCount(); ++a) {
        TimelineLane lane;
        lane.kind = TimelineLane::Actor;
        lane.actor = a;
        lane.instance = m.actor(a).instance;
        lane.title = m.actor(a).name;
        if (m.model().kind == ExecutionModel::Instances)
            lane.subtitle = tr("instance %1").arg(lane.instance + 1);
        l->m_actorLane[size_t(a)] = int(l->m_lanes.size());
        l->m_lanes.push_back(std::move(lane));
    }
    if (l->m_hasLeases) {
        TimelineLane lane;
        lane.kind = TimelineLane::LockService;
        lane.title = tr("Lock service");
        lane.subtitle = tr("TTL and tokens");
        l->m_lockServiceLane = int(l->m_lanes.size());
        l->m_lanes.push_back(std::move(lane));
    }
    int queueLane = -1;
    if (hasQueues) {
        TimelineLane lane;
        lane.kind = TimelineLane::QueueWorker;
        lane.title = tr("Queue worker");
        lane.subtitle = tr("one job at a time");
        queueLane = int(l->m_lanes.size());
        l->m_lanes.push_back(std::move(lane));
    }
    if (m.model().kind != ExecutionModel::Threads) {
        const int instances = m.model().kind == ExecutionModel::Instances ? std::max(1, m.model().instances) : 1;
        for (int k = 0; k < instances; ++k) {
            TimelineLane lane;
            lane.kind = TimelineLane::EventLoop;
            lane.instance = k;
            lane.title = instances > 1 ? tr("Event loop %1").arg(k + 1) : tr("Event loop");
            lane.subtitle = tr("one thread");
            l->m_eventLoopLanes.push_back(int(l->m_lanes.size()));
            l->m_lanes.push_back(std::move(lane));
        }
    }

    // Events to lanes.
    l->m_laneOfEvent.assign(size_t(n), -1);
    for (int i = 0; i < n; ++i) {
        const TraceEvent &e = events[size_t(i)];
        int lane = e.actor >= 0 && e.actor < m.actorCount() ? l->m_actorLane[size_t(e.actor)] : -1;
        if (e.kind == EventKind::LeaseExpire && l->m_lockServiceLane >= 0)
            lane = l->m_lockServiceLane;
        l->m_laneOfEvent[size_t(i)] = lane;
        if (lane >= 0)
            l->m_lanes[size_t(lane)].events.push_back(i);
        else
            l->m_globalEvents.push_back(i);
    }
    auto byTime = [&](int a, int b) {
        const double ta = l->m_times[size_t(a)], tb = l->m_times[size_t(b)];
        return ta < tb || (ta == tb && a < b);
    };
    for (TimelineLane &lane : l->m_lanes) {
        if (axis == AxisMode::WallTime)
            std::sort(lane.events.begin(), lane.events.end(), byTime);
        lane.times.reserve(lane.events.size());
        for (int e : lane.events)
            lane.times.push_back(l->m_times[size_t(e)]);
        buildClassTree(lane, l->m_classes);
    }
    if (axis == AxisMode::WallTime)
        std::sort(l->m_globalEvents.begin(), l->m_globalEvents.end(), byTime);

    // Intervals to lanes.
    std::vector<std::vector<int>> laneIntervals(l->m_lanes.size());
    for (int k = 0; k < int(an.intervals.size()); ++k) {
        const LockInterval &iv = an.intervals[size_t(k)];
        l->m_intervalKinds |= 1u << iv.kind;
        if (iv.actor >= 0 && iv.actor < m.actorCount())
            laneIntervals[size_t(l->m_actorLane[size_t(iv.actor)])].push_back(k);
        if (iv.kind == LockInterval::Hold && iv.place == Place::Lease && l->m_lockServiceLane >= 0)
            laneIntervals[size_t(l->m_lockServiceLane)].push_back(k);
        if (iv.kind == LockInterval::Hold && iv.place == Place::Queue && queueLane >= 0)
            laneIntervals[size_t(queueLane)].push_back(k);
        if (iv.kind == LockInterval::Busy && iv.resource == 0) {
            // CPU work runs on the loop itself and blocks every request on it.
            if (const int loop = l->laneForEventLoop(iv.instance); loop >= 0)
                laneIntervals[size_t(loop)].push_back(k);
        }
    }
    for (size_t li = 0; li < l->m_lanes.size(); ++li)
        l->m_lanes[li].intervalRows = assignRows(std::move(laneIntervals[li]), *l, 4);

    // Flow arrows, sorted by either end so a frame finds the visible ones by binary search.
    const int flows = int(an.flows.size());
    l->m_flowsByRead.resize(size_t(flows));
    l->m_flowsByWrite.resize(size_t(flows));
    for (int k = 0; k < flows; ++k)
        l->m_flowsByRead[size_t(k)] = l->m_flowsByWrite[size_t(k)] = k;
    std::stable_sort(l->m_flowsByRead.begin(), l->m_flowsByRead.end(), [&](int a, int b) {
        return l->m_times[size_t(an.flows[size_t(a)].read)] < l->m_times[size_t(an.flows[size_t(b)].read)];
    });
    std::stable_sort(l->m_flowsByWrite.begin(), l->m_flowsByWrite.end(), [&](int a, int b) {
        return l->m_times[size_t(an.flows[size_t(a)].write)] < l->m_times[size_t(an.flows[size_t(b)].write)];
    });
    return l;
}

double TimelineLayout::intervalStart(int interval) const
{
    const LockInterval &iv = m_analysis.intervals[size_t(interval)];
    return iv.startEvent >= 0 ? m_times[size_t(iv.startEvent)] : m_extent.start;
}

double TimelineLayout::intervalEnd(int interval) const
{
    const LockInterval &iv = m_analysis.intervals[size_t(interval)];
    return iv.endEvent >= 0 ? m_times[size_t(iv.endEvent)] : m_extent.end;
}

double TimelineLayout::intervalExpiry(int interval) const
{
    const LockInterval &iv = m_analysis.intervals[size_t(interval)];
    return iv.expireEvent >= 0 ? m_times[size_t(iv.expireEvent)] : -1;
}

double TimelineLayout::intervalBelievedEnd(int interval) const
{
    const LockInterval &iv = m_analysis.intervals[size_t(interval)];
    if (iv.expireEvent < 0)
        return -1;
    return iv.believedEndEvent >= 0 ? m_times[size_t(iv.believedEndEvent)] : m_extent.end;
}

int TimelineLayout::laneForActor(int actor) const
{
    return actor >= 0 && actor < int(m_actorLane.size()) ? m_actorLane[size_t(actor)] : -1;
}

int TimelineLayout::laneForEventLoop(int instance) const
{
    return instance >= 0 && instance < int(m_eventLoopLanes.size()) ? m_eventLoopLanes[size_t(instance)] : -1;
}

double TimelineLayout::timeOfStep(int steps) const
{
    if (m_axis == AxisMode::Steps)
        return std::max(0, steps);
    const auto &starts = m_analysis.stepStart;
    if (steps <= 0 || starts.empty())
        return m_extent.start;
    if (steps >= int(starts.size()) - 1 || starts[size_t(steps)] >= int(m_times.size()))
        return m_extent.end;
    return m_times[size_t(starts[size_t(steps)])];
}

int TimelineLayout::stepAtTime(double t) const
{
    const int count = m_analysis.stepCount;
    if (m_axis == AxisMode::Steps)
        return std::clamp(int(std::lround(t)), 0, count);
    const auto &starts = m_analysis.stepStart;
    int lo = 0, hi = count;
    // The last step boundary at or before t.
    while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (timeOfStep(mid) <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    Q_UNUSED(starts);
    return lo;
}

int TimelineLayout::lowerBound(const TimelineLane &lane, double t)
{
    return int(std::lower_bound(lane.times.begin(), lane.times.end(), t) - lane.times.begin());
}

uint16_t TimelineLayout::classesIn(const TimelineLane &lane, int first, int last)
{
    const int n = int(lane.events.size());
    uint16_t mask = 0;
    int l = std::max(0, first) + n, r = std::min(n, last) + n;
    while (l < r) {
        if (l & 1)
            mask |= lane.classTree[size_t(l++)];
        if (r & 1)
            mask |= lane.classTree[size_t(--r)];
        l >>= 1;
        r >>= 1;
    }
    return mask;
}

int TimelineLayout::nearestEvent(const TimelineLane &lane, double t, double tolerance)
{
    const int i = lowerBound(lane, t);
    int best = -1;
    double bestDistance = tolerance;
    for (int k : {i - 1, i}) {
        if (k < 0 || k >= int(lane.times.size()))
            continue;
        const double d = std::abs(lane.times[size_t(k)] - t);
        if (d <= bestDistance) {
            bestDistance = d;
            best = lane.events[size_t(k)];
        }
    }
    return best;
}

} // namespace Interleave
