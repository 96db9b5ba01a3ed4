#include "timeline/timelinelayout.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

using namespace Interleave;

namespace {

uint16_t classify(const TraceEvent &e)
{
    switch (e.kind) {
    case EventKind::Read:
        return ClassRead;
    case EventKind::Write:
        return e.message >= 0 ? uint16_t(ClassWrite | ClassFailure) : uint16_t(ClassWrite);
    case EventKind::Update:
        return uint16_t(ClassRead | ClassWrite);
    case EventKind::Insert:
        return e.version ? uint16_t(ClassWrite) : uint16_t(ClassWrite | ClassFailure);
    case EventKind::Lookup:
        return ClassRead;
    case EventKind::Begin:
    case EventKind::Commit:
    case EventKind::Rollback:
        return ClassTxn;
    case EventKind::LockWait:
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::LockDenied:
        return ClassLock;
    case EventKind::LeaseExpire:
    case EventKind::Yield:
    case EventKind::Sleep:
    case EventKind::Wake:
    case EventKind::Tick:
        return ClassTime;
    case EventKind::Enqueue:
    case EventKind::Dequeue:
    case EventKind::Local:
        return ClassOther;
    case EventKind::Fail:
    case EventKind::Timeout:
    case EventKind::Anomaly:
        return ClassFailure;
    case EventKind::Done:
        return ClassEnd;
    case EventKind::Deadlock:
        return ClassDeadlock;
    case EventKind::Violation:
        return ClassViolation;
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

// Whether two of the rows touched belong to one table ("accounts[1]", "accounts[2]").
bool severalRowsOfOneTable(const Machine &m, const std::vector<bool> &touched)
{
    QStringList tables;
    for (size_t row = 0; row < touched.size(); ++row) {
        if (!touched[row])
            continue;
        const QString name = m.resourceName(Place::Row, int(row));
        const QString table = name.left(name.indexOf(u'['));
        if (tables.contains(table))
            return true;
        tables.append(table);
    }
    return false;
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
    const Trace &events = l->m_trace;
    if (l->m_analysis.readFrom.size() != events.size())
        l->m_analysis = analyze(*l->m_machine, events); // a stale or empty analysis would index out of range
    l->placeTimes();
    l->classifyEvents();
    const int queueLane = l->addLanes();
    l->assignEvents();
    l->assignIntervals(queueLane);
    l->sortOverlays();
    return l;
}

void TimelineLayout::placeTimes()
{
    const Trace &events = m_trace;
    const int n = int(events.size());
    const TraceAnalysis &an = m_analysis;
    const AxisMode axis = m_axis;
    // Times. Steps: a move's events share its span by weight, so a read and a
    // write of the same move never sit on top of each other.
    m_times.resize(size_t(n));
    if (axis == AxisMode::Steps) {
        m_stepTimes.assign(size_t(an.stepCount) + 1, 0.0);
        for (int k = 0; k < an.stepCount; ++k) {
            const int first = an.stepStart[size_t(k)], last = an.stepStart[size_t(k) + 1];
            double total = 0;
            for (int i = first; i < last; ++i)
                total += eventWeight(events[size_t(i)]);
            const double start = m_stepTimes[size_t(k)];
            const double width = std::max(1.0, total / WeightPerUnit);
            double before = 0;
            for (int i = first; i < last; ++i) {
                const double w = eventWeight(events[size_t(i)]);
                m_times[size_t(i)] = start + width * (before + w / 2) / total;
                before += w;
            }
            m_stepTimes[size_t(k) + 1] = start + width;
        }
        m_extent = {0, std::max(1.0, m_stepTimes.back())};
    } else {
        double last = 0;
        double lo = n ? 1e300 : 0, hi = n ? -1e300 : 1;
        for (int i = 0; i < n; ++i) {
            const int64_t ns = events[size_t(i)].wallNs;
            const double t = ns >= 0 ? double(ns) / 1e6 : last;
            m_times[size_t(i)] = t;
            last = t;
            lo = std::min(lo, t);
            hi = std::max(hi, t);
        }
        lo = std::min(lo, 0.0);
        const double pad = std::max(1e-3, (hi - lo) * 0.02);
        m_extent = {lo, hi + pad};
    }
}

void TimelineLayout::classifyEvents()
{
    const Machine &m = *m_machine;
    const Trace &events = m_trace;
    const int n = int(events.size());
    const TraceAnalysis &an = m_analysis;
    m_classes.resize(size_t(n));
    for (int i = 0; i < n; ++i) {
        uint16_t c = classify(events[size_t(i)]);
        m_classes[size_t(i)] = c;
    }
    for (const LostUpdate &lu : an.lostUpdates) {
        if (lu.overwrittenWrite >= 0)
            m_classes[size_t(lu.overwrittenWrite)] |= ClassLost | ClassOverwritten;
        if (lu.overwritingWrite >= 0)
            m_classes[size_t(lu.overwritingWrite)] |= ClassLost;
        if (lu.staleRead >= 0)
            m_classes[size_t(lu.staleRead)] |= ClassStale;
    }
    std::vector<bool> rowsRead(size_t(m.rowCount()), false);
    for (const TraceEvent &e : events) {
        m_kindsPresent |= 1u << unsigned(e.kind);
        if (e.place == Place::Row && e.resource >= 0 && e.resource < m.rowCount() &&
            (e.kind == EventKind::Read || e.kind == EventKind::Write || e.kind == EventKind::Update))
            rowsRead[size_t(e.resource)] = true;
    }
    m_severalRows = severalRowsOfOneTable(m, rowsRead);
    for (int r : an.retries)
        m_classes[size_t(r)] |= ClassRetry;
    for (uint16_t c : m_classes)
        m_classesPresent |= c;
}

int TimelineLayout::addLanes()
{
    const Machine &m = *m_machine;
    // Lanes: actors first, then the infrastructure the scenario has.
    m_hasLeases = m.usesPlace(Place::Lease);
    const bool hasQueues = m.usesPlace(Place::Queue);
    m_actorLane.assign(size_t(m.actorCount()), -1);
    for (int a = 0; a < m.actorCount(); ++a) {
        TimelineLane lane;
        lane.kind = TimelineLane::Actor;
        lane.actor = a;
        lane.instance = m.actor(a).instance;
        lane.title = m.actor(a).name;
        if (m.model().kind == ExecutionModel::Instances)
            lane.subtitle = tr("instance %1").arg(lane.instance + 1);
        m_actorLane[size_t(a)] = int(m_lanes.size());
        m_lanes.push_back(std::move(lane));
    }
    if (m_hasLeases) {
        TimelineLane lane;
        lane.kind = TimelineLane::LockService;
        lane.title = tr("Lock service");
        lane.subtitle = tr("TTL and tokens");
        m_lockServiceLane = int(m_lanes.size());
        m_lanes.push_back(std::move(lane));
    }
    int queueLane = -1;
    if (hasQueues) {
        TimelineLane lane;
        lane.kind = TimelineLane::QueueWorker;
        lane.title = tr("Queue worker");
        lane.subtitle = tr("one job at a time");
        queueLane = int(m_lanes.size());
        m_lanes.push_back(std::move(lane));
    }
    if (m.model().kind != ExecutionModel::Threads) {
        const int instances = m.model().kind == ExecutionModel::Instances ? std::max(1, m.model().instances) : 1;
        for (int k = 0; k < instances; ++k) {
            TimelineLane lane;
            lane.kind = TimelineLane::EventLoop;
            lane.instance = k;
            lane.title = instances > 1 ? tr("Event loop %1").arg(k + 1) : tr("Event loop");
            lane.subtitle = tr("one thread");
            m_eventLoopLanes.push_back(int(m_lanes.size()));
            m_lanes.push_back(std::move(lane));
        }
    }
    return queueLane;
}

void TimelineLayout::assignEvents()
{
    const Machine &m = *m_machine;
    const Trace &events = m_trace;
    const int n = int(events.size());
    const AxisMode axis = m_axis;
    // Events to lanes.
    m_laneOfEvent.assign(size_t(n), -1);
    for (int i = 0; i < n; ++i) {
        const TraceEvent &e = events[size_t(i)];
        int lane = e.actor >= 0 && e.actor < m.actorCount() ? m_actorLane[size_t(e.actor)] : -1;
        if (e.kind == EventKind::LeaseExpire && m_lockServiceLane >= 0)
            lane = m_lockServiceLane;
        m_laneOfEvent[size_t(i)] = lane;
        if (lane >= 0)
            m_lanes[size_t(lane)].events.push_back(i);
        else
            m_globalEvents.push_back(i);
    }
    auto byTime = [&](int a, int b) {
        const double ta = m_times[size_t(a)], tb = m_times[size_t(b)];
        return ta < tb || (ta == tb && a < b);
    };
    for (TimelineLane &lane : m_lanes) {
        if (axis == AxisMode::WallTime)
            std::sort(lane.events.begin(), lane.events.end(), byTime);
        lane.times.reserve(lane.events.size());
        for (int e : lane.events)
            lane.times.push_back(m_times[size_t(e)]);
        buildClassTree(lane, m_classes);
    }
    if (axis == AxisMode::WallTime)
        std::sort(m_globalEvents.begin(), m_globalEvents.end(), byTime);
}

void TimelineLayout::assignIntervals(int queueLane)
{
    const Machine &m = *m_machine;
    const TraceAnalysis &an = m_analysis;
    // Intervals to lanes.
    std::vector<std::vector<int>> laneIntervals(m_lanes.size());
    for (int k = 0; k < int(an.intervals.size()); ++k) {
        const LockInterval &iv = an.intervals[size_t(k)];
        m_intervalKinds |= 1u << iv.kind;
        int &first = m_firstInterval[size_t(iv.kind) * 2 + (iv.place == Place::Lease)];
        if (first < 0)
            first = k;
        if (iv.actor >= 0 && iv.actor < m.actorCount())
            laneIntervals[size_t(m_actorLane[size_t(iv.actor)])].push_back(k);
        if (iv.kind == LockInterval::Hold && iv.place == Place::Lease && m_lockServiceLane >= 0)
            laneIntervals[size_t(m_lockServiceLane)].push_back(k);
        if (iv.kind == LockInterval::Hold && iv.place == Place::Queue && queueLane >= 0)
            laneIntervals[size_t(queueLane)].push_back(k);
        if (iv.kind == LockInterval::Busy && iv.resource == 0) {
            // CPU work runs on the loop itself and blocks every request on it.
            if (const int loop = laneForEventLoop(iv.instance); loop >= 0)
                m_lanes[size_t(loop)].loopBusy.push_back(k);
        }
    }
    for (size_t li = 0; li < m_lanes.size(); ++li) {
        TimelineLane &lane = m_lanes[li];
        lane.intervalRows = assignRows(std::move(laneIntervals[li]), *this, 4);
        for (const std::vector<int> &row : lane.intervalRows) {
            std::vector<double> starts, ends;
            starts.reserve(row.size());
            ends.reserve(row.size());
            for (int k : row) {
                starts.push_back(intervalStart(k));
                // Keep ends monotonic even in an overfull last row, so binary search stays valid.
                ends.push_back(std::max(intervalEnd(k), ends.empty() ? -1e300 : ends.back()));
            }
            lane.intervalRowStarts.push_back(std::move(starts));
            lane.intervalRowEnds.push_back(std::move(ends));
        }
    }
}

void TimelineLayout::sortOverlays()
{
    const TraceAnalysis &an = m_analysis;
    // Flow arrows, sorted by either end so a frame finds the visible ones by binary search.
    const int flows = int(an.flows.size());
    m_flowsByRead.resize(size_t(flows));
    m_flowsByWrite.resize(size_t(flows));
    for (int k = 0; k < flows; ++k)
        m_flowsByRead[size_t(k)] = m_flowsByWrite[size_t(k)] = k;
    std::stable_sort(m_flowsByRead.begin(), m_flowsByRead.end(), [&](int a, int b) {
        return m_times[size_t(an.flows[size_t(a)].read)] < m_times[size_t(an.flows[size_t(b)].read)];
    });
    std::stable_sort(m_flowsByWrite.begin(), m_flowsByWrite.end(), [&](int a, int b) {
        return m_times[size_t(an.flows[size_t(a)].write)] < m_times[size_t(an.flows[size_t(b)].write)];
    });

    m_lostByTime.resize(an.lostUpdates.size());
    for (size_t k = 0; k < an.lostUpdates.size(); ++k)
        m_lostByTime[k] = int(k);
    std::stable_sort(m_lostByTime.begin(), m_lostByTime.end(), [&](int a, int b) {
        return m_times[size_t(an.lostUpdates[size_t(a)].overwritingWrite)] <
            m_times[size_t(an.lostUpdates[size_t(b)].overwritingWrite)];
    });
    for (size_t k = 0; k < an.deadlocks.size(); ++k)
        if (an.deadlocks[k].closingEvent >= 0 || an.deadlocks[k].event >= 0)
            m_deadlocksByTime.push_back(int(k));
    std::stable_sort(m_deadlocksByTime.begin(), m_deadlocksByTime.end(),
                     [&](int a, int b) { return deadlockTime(a) < deadlockTime(b); });
}

double TimelineLayout::deadlockTime(int cycle) const
{
    const DeadlockCycle &c = m_analysis.deadlocks[size_t(cycle)];
    const int at = c.closingEvent >= 0 ? c.closingEvent : c.event;
    return at >= 0 ? m_times[size_t(at)] : m_extent.end;
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

bool TimelineLayout::isLabelledAbove(const TraceEvent &e)
{
    switch (e.kind) {
    case EventKind::Read:
    case EventKind::Write:
    case EventKind::Update:
    case EventKind::Insert:
    case EventKind::Lookup:
    case EventKind::Fail:
    case EventKind::Deadlock:
    case EventKind::Timeout:
    case EventKind::Violation:
    case EventKind::Anomaly:
    case EventKind::LockDenied:
    case EventKind::LeaseExpire:
        return true;
    default:
        return false;
    }
}

double TimelineLayout::eventWeight(const TraceEvent &e)
{
    if (isLabelledAbove(e))
        return 1.0; // a full label above the mark: needs room
    switch (e.kind) {
    case EventKind::Local:
    case EventKind::Wake:
    case EventKind::Tick:
        return 0.4;
    default:
        return 0.6;
    }
}

double TimelineLayout::timeOfStep(int steps) const
{
    const int count = m_analysis.stepCount;
    if (m_axis == AxisMode::Steps) {
        if (steps <= 0 || m_stepTimes.empty())
            return std::max(0, steps);
        if (steps > count)
            return m_stepTimes.back() + (steps - count); // moves that left no event
        return m_stepTimes[size_t(steps)];
    }
    const auto &starts = m_analysis.stepStart;
    if (steps <= 0 || starts.empty())
        return m_extent.start;
    if (steps >= int(starts.size()) - 1 || starts[size_t(steps)] >= int(m_times.size()))
        return m_extent.end;
    return m_times[size_t(starts[size_t(steps)])];
}

int TimelineLayout::stepContaining(double t) const
{
    const int count = m_analysis.stepCount;
    if (t < timeOfStep(0))
        return -1;
    // The last boundary at or before t.
    int lo = 0, hi = count;
    while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (timeOfStep(mid) <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int TimelineLayout::stepAtTime(double t) const
{
    const int count = m_analysis.stepCount;
    const int k = std::clamp(stepContaining(t), 0, count);
    if (k < count && t - timeOfStep(k) > timeOfStep(k + 1) - t)
        return k + 1;
    return k;
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
