#pragma once

// The timeline's math, with no widget and no painter: where each event sits in
// time, which lane it belongs to, how time maps to pixels, zoom and pan, and
// the level-of-detail queries that keep a frame bounded by pixels, not events.

#include "machine/machine.h"
#include "trace/trace.h"
#include "trace/traceanalysis.h"

#include <QCoreApplication>
#include <QString>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

// Logical steps (stepper, explorer) or wall time in ms (threaded driver). On the
// step axis a move is at least one unit wide and wider when it has many events
// (a deadlock step: wait, detector, rollback, release, error), so its marks and
// labels keep room; time units are then "step widths", not step numbers.
enum class AxisMode {
    Steps,
    WallTime
};

struct TimeRange
{
    double start = 0;
    double end = 1;
    double length() const { return end - start; }
    bool contains(double t) const { return t >= start && t < end; }
    bool operator==(const TimeRange &) const = default;
};

// Linear map between time and x pixels over a plot area.
struct TimeScale
{
    TimeRange range;
    double left = 0; // pixel x of range.start
    double width = 1; // pixels spanned by the whole range

    double toX(double t) const { return left + (t - range.start) * width / range.length(); }
    double toTime(double x) const { return range.start + (x - left) * range.length() / width; }
    double pixelsPerUnit() const { return width / range.length(); }
    double unitsPerPixel() const { return range.length() / width; }
};

// Zoom and pan over a data extent, clamped so the view never leaves the data
// and never zooms past `minSpan`. Value type: the view keeps one, tests poke it.
struct ZoomState
{
    TimeRange extent; // everything there is
    TimeRange visible; // what is on screen
    double minSpan = 0.05;

    void setExtent(const TimeRange &all); // also fits
    void fit() { visible = extent; }
    // Scales the visible span by `factor` (< 1 zooms in) keeping `anchor` where it is on screen.
    void zoomAt(double anchor, double factor);
    void panBy(double delta); // in time units; clamped at the ends
    void setVisible(const TimeRange &range); // clamped
    bool isFit() const { return visible == extent; }
};

// A row of the timeline.
struct TimelineLane
{
    enum Kind : uint8_t {
        Actor, // one request / transaction / client
        LockService, // the Redis-like lease service: TTL bars, expiry, fencing tokens
        QueueWorker, // the single worker draining a queue: whose job runs
        EventLoop, // one Node.js event loop (per instance): who owns it
    };
    Kind kind = Actor;
    int actor = -1; // Actor lanes
    int instance = 0; // EventLoop lanes
    QString title; // "Request A"
    QString subtitle; // "instance 2", "queue jobs"

    // Events drawn in this lane, sorted by time (ties by event index).
    std::vector<int> events;
    std::vector<double> times;
    // LockInterval indices drawn in this lane, each assigned a sub-row so that
    // intervals in one sub-row never overlap: per sub-row, sorted by start.
    std::vector<std::vector<int>> intervalRows;
    // Start and end times per sub-row, parallel to intervalRows: contiguous for the binary searches.
    std::vector<std::vector<double>> intervalRowStarts, intervalRowEnds;
    // EventLoop lanes: the CPU work that holds the loop, sorted by start. Drawn in the loop's own
    // band (who runs), not in a sub-row, because while it runs the loop runs nobody else.
    std::vector<int> loopBusy;

    // Level of detail: a bottom-up segment tree of EventClass bits over `events`
    // (leaves at [n, 2n)) answers "what is in events[i, j)" in O(log n).
    std::vector<uint16_t> classTree;
};

// What kind of mark an event is, as bits so that a pixel can summarise many.
enum EventClass : uint16_t {
    ClassRead = 1 << 0,
    ClassWrite = 1 << 1,
    ClassLock = 1 << 2, // acquire, release, wait begins, denied
    ClassTxn = 1 << 3, // begin, commit, rollback
    ClassFailure = 1 << 4, // fail, timeout, anomaly, rejected write
    ClassDeadlock = 1 << 5,
    ClassViolation = 1 << 6,
    ClassLost = 1 << 7, // a write that was lost, or the write that lost it
    ClassEnd = 1 << 8, // done
    ClassTime = 1 << 9, // yield, sleep, wake, tick, lease expiry
    ClassOther = 1 << 10, // local computation, queue moves, lookups, inserts
    ClassRetry = 1 << 11,
    ClassOverwritten = 1 << 12, // the write a lost update threw away (drawn struck through)
    ClassStale = 1 << 13, // the read a lost update was based on
};

// Everything the renderer needs, computed once per trace. Immutable after
// build(), shared between the view, exporters and background builders.
class TimelineLayout
{
    Q_DECLARE_TR_FUNCTIONS(TimelineLayout)
public:
    // Cheap enough for stepper traces on the GUI thread; for threaded runs with
    // millions of events build it with QtConcurrent and hand it over.
    static std::shared_ptr<const TimelineLayout> build(std::shared_ptr<const Interleave::Machine> machine,
                                                       Interleave::Trace trace, Interleave::TraceAnalysis analysis,
                                                       AxisMode axis);

    const Interleave::Machine &machine() const { return *m_machine; }
    std::shared_ptr<const Interleave::Machine> machinePtr() const { return m_machine; }
    const Interleave::Trace &trace() const { return m_trace; }
    const Interleave::TraceAnalysis &analysis() const { return m_analysis; }
    AxisMode axis() const { return m_axis; }

    int eventCount() const { return int(m_trace.size()); }
    double eventTime(int event) const { return m_times[size_t(event)]; }
    uint16_t eventClass(int event) const { return m_classes[size_t(event)]; }
    int laneOfEvent(int event) const { return m_laneOfEvent[size_t(event)]; }
    // Start and end time of an interval (open intervals end at extent().end).
    double intervalStart(int interval) const;
    double intervalEnd(int interval) const;
    double intervalExpiry(int interval) const; // lease expiry moment, or -1
    double intervalBelievedEnd(int interval) const;

    const std::vector<TimelineLane> &lanes() const { return m_lanes; }
    // Events of no actor (clock ticks, rules broken by the passing of time), sorted by time.
    const std::vector<int> &globalEvents() const { return m_globalEvents; }
    // Indices into analysis().flows, sorted by the time of the read, and by the time of the write.
    const std::vector<int> &flowsByRead() const { return m_flowsByRead; }
    const std::vector<int> &flowsByWrite() const { return m_flowsByWrite; }
    // OR of every EventClass in the trace, and which interval kinds occur: what the legend lists.
    uint16_t classesPresent() const { return m_classesPresent; }
    bool hasIntervalKind(Interleave::LockInterval::Kind kind) const { return m_intervalKinds & (1u << kind); }
    bool hasLeases() const { return m_hasLeases; }
    // The first interval of a kind (lease holds apart from other holds), for the legend's swatches; -1 if none.
    int firstInterval(Interleave::LockInterval::Kind kind, bool lease) const
    {
        return m_firstInterval[size_t(kind) * 2 + lease];
    }
    bool hasEventKind(Interleave::EventKind kind) const { return m_kindsPresent & (1u << unsigned(kind)); }
    // Reads and writes reach more than one database row: labels then name the row, not just the column.
    bool touchesSeveralRows() const { return m_severalRows; }
    // Lost updates sorted by the time of the overwriting write; deadlock cycles by the time they closed.
    const std::vector<int> &lostUpdatesByTime() const { return m_lostByTime; }
    const std::vector<int> &deadlocksByTime() const { return m_deadlocksByTime; }
    double deadlockTime(int cycle) const;
    int laneForEventLoop(int instance) const; // -1 if none
    int laneForActor(int actor) const; // -1 if none
    int lockServiceLane() const { return m_lockServiceLane; } // -1 if the scenario has no leases

    TimeRange extent() const { return m_extent; }
    // Where the cursor for "after `steps` moves" sits: the boundary between move steps-1 and steps.
    double timeOfStep(int steps) const;
    // The step boundary nearest to t (for clicking on the axis), clamped to [0, stepCount].
    int stepAtTime(double t) const;
    // The move whose span contains t (-1 before the first, stepCount after the last).
    int stepContaining(double t) const;
    // Step axis: how wide a move is drawn, in time units, from how many events it holds.
    // Primary events carry their label above the mark, in the larger font; the rest below, smaller.
    static bool isLabelledAbove(const Interleave::TraceEvent &e);
    static double eventWeight(const Interleave::TraceEvent &e);
    static constexpr double WeightPerUnit = 2.4;

    // ---- level of detail ----
    // First index in lane.events with time >= t (binary search).
    static int lowerBound(const TimelineLane &lane, double t);
    // OR of EventClass bits of lane.events[first, last).
    static uint16_t classesIn(const TimelineLane &lane, int first, int last);
    // Nearest event in `lane` to time t within `tolerance` time units, or -1.
    static int nearestEvent(const TimelineLane &lane, double t, double tolerance);

private:
    TimelineLayout() = default;
    // The stages of build(), in order.
    void placeTimes();
    void classifyEvents();
    int addLanes(); // returns the queue worker's lane, -1 if none
    void assignEvents();
    void assignIntervals(int queueLane);
    void sortOverlays();
    std::shared_ptr<const Interleave::Machine> m_machine;
    Interleave::Trace m_trace;
    Interleave::TraceAnalysis m_analysis;
    AxisMode m_axis = AxisMode::Steps;
    std::vector<double> m_times;
    std::vector<uint16_t> m_classes;
    std::vector<int> m_laneOfEvent;
    std::vector<TimelineLane> m_lanes;
    std::vector<int> m_actorLane;
    int m_lockServiceLane = -1;
    std::vector<int> m_eventLoopLanes;
    std::vector<double> m_stepTimes; // Steps axis: start time of each move, plus the end
    std::vector<int> m_globalEvents;
    std::vector<int> m_flowsByRead, m_flowsByWrite;
    uint16_t m_classesPresent = 0;
    unsigned m_intervalKinds = 0;
    uint32_t m_kindsPresent = 0;
    std::array<int, 6> m_firstInterval{-1, -1, -1, -1, -1, -1};
    std::vector<int> m_lostByTime, m_deadlocksByTime;
    bool m_hasLeases = false;
    bool m_severalRows = false;
    TimeRange m_extent;
};

// Pixels per time unit at which marks get their text labels; below it the
// renderer draws shapes only, and below `aggregatePixels` per event it
// switches to one summarised mark per pixel column.
struct LevelOfDetail
{
    static constexpr double labelMinSpacing = 70; // px between neighbouring events for labels
    static constexpr double glyphMinSpacing = 6; // px between events for individual glyphs (at least 1.4 marks)
    static constexpr double barMinWidth = 12; // narrower hold/wait bars merge into runs
};
