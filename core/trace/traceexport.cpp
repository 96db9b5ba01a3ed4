#include "trace/traceexport.h"

#include "trace/eventlabel.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

namespace Interleave {

namespace {

constexpr int Pid = 1;
constexpr double StepMicros = 1000; // one logical step is drawn as 1 ms

int tidOf(int actor)
{
    return actor + 1; // the clock (actor -1) gets tid 0
}

// The events flows can bind to: Perfetto attaches a flow only to a slice that
// encloses its timestamp on the same track, so these are short slices, not instants.
bool isAnchor(const TraceEvent &e)
{
    switch (e.kind) {
    case EventKind::Read:
    case EventKind::Write:
    case EventKind::Update:
    case EventKind::Insert:
    case EventKind::Lookup:
        return true;
    default:
        return false;
    }
}

// Place of every event on the time axis, in µs, and the width of its slot.
struct Timing
{
    std::vector<double> ts;
    std::vector<double> slot;
    double end = 0;
};

Timing layoutTimes(const Trace &trace)
{
    Timing t;
    const size_t n = trace.size();
    t.ts.resize(n);
    t.slot.resize(n);
    const bool wall =
        n > 0 && std::all_of(trace.begin(), trace.end(), [](const TraceEvent &e) { return e.wallNs >= 0; });
    std::vector<double> base(n);
    for (size_t i = 0; i < n; ++i)
        base[i] = wall ? double(trace[i].wallNs) / 1000.0 : double(trace[i].step) * StepMicros;
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return base[a] < base[b]; });
    // Events that share a moment are spread over the gap to the next moment, in trace order.
    for (size_t g = 0; g < n;) {
        size_t h = g;
        while (h < n && base[order[h]] == base[order[g]])
            ++h;
        const double start = base[order[g]];
        double span = wall ? (h < n ? base[order[h]] - start : 1.0) : StepMicros;
        if (!wall && h < n)
            span = std::min(span, base[order[h]] - start);
        const double width = span / double(h - g);
        for (size_t k = g; k < h; ++k) {
            t.ts[order[k]] = start + width * double(k - g);
            t.slot[order[k]] = width;
        }
        t.end = start + span;
        g = h;
    }
    return t;
}

QJsonValue micros(double us)
{
    // Nanosecond precision is all Perfetto keeps; integers stay integers in the file.
    const double rounded = std::round(us * 1000.0) / 1000.0;
    return QJsonValue(rounded);
}

QString intervalName(const Machine &machine, const LockInterval &iv)
{
    const QString resource = machine.resourceName(iv.place, iv.resource);
    switch (iv.kind) {
    case LockInterval::Hold:
        if (iv.place == Place::Lease)
            return TraceExport::tr("holds lease %1 (token %2)").arg(resource).arg(iv.token);
        if (iv.place == Place::Queue)
            return TraceExport::tr("job runs on %1").arg(resource);
        if (iv.place == Place::Pool)
            return TraceExport::tr("holds a connection from %1").arg(resource);
        return TraceExport::tr("holds %1").arg(resource);
    case LockInterval::Wait:
        return TraceExport::tr("waits for %1").arg(resource);
    case LockInterval::Busy:
        return iv.resource == 1 ? TraceExport::tr("paused (%1 ms)").arg(iv.ttlMs)
                                : TraceExport::tr("CPU work (%1 ms)").arg(iv.ttlMs);
    }
    return {};
}

QString intervalCategory(const LockInterval &iv)
{
    switch (iv.kind) {
    case LockInterval::Hold:
        return QStringLiteral("lock");
    case LockInterval::Wait:
        return QStringLiteral("wait");
    case LockInterval::Busy:
        return QStringLiteral("busy");
    }
    return {};
}

struct Piece
{
    double start = 0;
    double end = 0;
    int interval = -1;
    QString name;
    QString cat;
    bool believed = false;
    bool continued = false;
};

// A track's slices must nest. Where two overlap without nesting, the later one
// is cut at the end of the earlier and goes on as a continued piece.
std::vector<Piece> nestPieces(std::vector<Piece> pieces)
{
    auto before = [](const Piece &a, const Piece &b) {
        return a.start != b.start ? a.start < b.start : (a.end != b.end ? a.end > b.end : a.interval < b.interval);
    };
    std::multiset<Piece, decltype(before)> pending(before);
    for (Piece &p : pieces)
        pending.insert(std::move(p));
    std::vector<Piece> out;
    std::vector<double> openEnds;
    while (!pending.empty()) {
        Piece p = *pending.begin();
        pending.erase(pending.begin());
        while (!openEnds.empty() && openEnds.back() <= p.start)
            openEnds.pop_back();
        if (!openEnds.empty() && p.end > openEnds.back()) {
            Piece tail = p;
            tail.start = openEnds.back();
            tail.continued = true;
            p.end = openEnds.back();
            pending.insert(std::move(tail));
        }
        openEnds.push_back(p.end);
        out.push_back(std::move(p));
    }
    return out;
}

// The trace events of one Perfetto export, gathered in passes (tracks, trace events,
// intervals, flows) and then written in the order the format needs.
class PerfettoEvents
{
    Q_DECLARE_TR_FUNCTIONS(TraceExport)
public:
    PerfettoEvents(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis,
                   const std::atomic<bool> *cancel)
        : m_machine(machine)
        , m_trace(trace)
        , m_analysis(analysis)
        , m_cancel(cancel)
        , m_timing(layoutTimes(trace))
        , m_anchorDur(trace.size(), -1)
    {
        m_timed.reserve(trace.size() + analysis.intervals.size() + 2 * analysis.flows.size());
    }

    void addTracks();
    bool addTraceEvents(); // each returns false once cancelled
    bool addIntervals();
    bool addFlows();
    QByteArray write(const QString &schedule); // empty once cancelled

private:
    struct Timed
    {
        double ts;
        double dur; // < 0: not a slice
        QJsonObject object;
    };

    // Checked every 1024 items of each loop: about a millisecond of work.
    bool stopped(size_t item) const
    {
        return m_cancel && item % 1024 == 0 && m_cancel->load(std::memory_order_relaxed);
    }
    void addMetadata(const char *name, int tid, const QJsonObject &args);
    QJsonObject traceEvent(size_t i) const;
    double at(int event) const
    {
        return event >= 0 && event < int(m_trace.size()) ? m_timing.ts[size_t(event)] : m_timing.end;
    }

    const Machine &m_machine;
    const Trace &m_trace;
    const TraceAnalysis &m_analysis;
    const std::atomic<bool> *m_cancel;
    const Timing m_timing;
    std::vector<double> m_anchorDur; // per event: the slice's length, -1 for an instant
    std::vector<QJsonObject> m_metadata;
    // Written in (ts, longest first) order, the order in which enclosing slices must appear.
    std::vector<Timed> m_timed;
    int m_flows = 0;
};

void PerfettoEvents::addMetadata(const char *name, int tid, const QJsonObject &args)
{
    QJsonObject m;
    m.insert(QStringLiteral("ph"), QStringLiteral("M"));
    m.insert(QStringLiteral("name"), QLatin1String(name));
    m.insert(QStringLiteral("pid"), Pid);
    m.insert(QStringLiteral("tid"), tid);
    m.insert(QStringLiteral("args"), args);
    m_metadata.push_back(m);
}

// The process and one thread track per actor, plus the clock's.
void PerfettoEvents::addTracks()
{
    const Machine &machine = m_machine;
    const QString variant = machine.strategy().label + QStringLiteral(" · ") + machine.model().displayName() +
        QStringLiteral(" · ") + machine.database().displayName();
    addMetadata("process_name", 0, {{QStringLiteral("name"), machine.scenario().title}});
    addMetadata("process_labels", 0, {{QStringLiteral("labels"), variant}});
    addMetadata("thread_name", tidOf(-1), {{QStringLiteral("name"), tr("Clock")}});
    addMetadata("thread_sort_index", tidOf(-1), {{QStringLiteral("sort_index"), machine.actorCount()}});
    for (int a = 0; a < machine.actorCount(); ++a) {
        QString name = machine.actor(a).name;
        if (machine.model().kind == ExecutionModel::Instances)
            name = tr("%1 (instance %2)").arg(name).arg(machine.actor(a).instance + 1);
        addMetadata("thread_name", tidOf(a), {{QStringLiteral("name"), name}});
        addMetadata("thread_sort_index", tidOf(a), {{QStringLiteral("sort_index"), a}});
    }
}

QJsonObject PerfettoEvents::traceEvent(size_t i) const
{
    const Machine &machine = m_machine;
    const TraceEvent &e = m_trace[i];
    QJsonObject args;
    args.insert(QStringLiteral("event"), int(i));
    args.insert(QStringLiteral("step"), e.step);
    args.insert(QStringLiteral("virtual_ms"), e.virtualMs);
    args.insert(QStringLiteral("narration"), machine.narrate(e));
    if (e.actor >= 0 && e.actor < machine.actorCount() && e.line >= 0 &&
        e.line < int(machine.programOf(e.actor).lines.size()))
        args.insert(QStringLiteral("code"), machine.programOf(e.actor).lines[size_t(e.line)].code);
    if (e.wallNs >= 0)
        args.insert(QStringLiteral("wall_ns"), qint64(e.wallNs));
    QJsonObject o;
    o.insert(QStringLiteral("name"), EventLabel::longText(machine, e));
    o.insert(QStringLiteral("pid"), Pid);
    o.insert(QStringLiteral("tid"), tidOf(e.actor));
    o.insert(QStringLiteral("ts"), micros(m_timing.ts[i]));
    o.insert(QStringLiteral("args"), args);
    return o;
}

// Every trace event once: the accesses as short slices (the anchors flows bind to), the rest as instants.
bool PerfettoEvents::addTraceEvents()
{
    for (size_t i = 0; i < m_trace.size(); ++i) {
        if (stopped(i))
            return false;
        QJsonObject o = traceEvent(i);
        if (isAnchor(m_trace[i])) {
            // Half the slot: clearly inside any hold around it, and never touching the next event.
            const double dur = std::max(m_timing.slot[i] / 2, 0.001);
            m_anchorDur[i] = dur;
            o.insert(QStringLiteral("ph"), QStringLiteral("X"));
            o.insert(QStringLiteral("cat"), QStringLiteral("access"));
            o.insert(QStringLiteral("dur"), micros(dur));
            m_timed.push_back({m_timing.ts[i], dur, o});
        } else {
            o.insert(QStringLiteral("ph"), QStringLiteral("i"));
            o.insert(QStringLiteral("s"), QStringLiteral("t"));
            o.insert(QStringLiteral("cat"), QStringLiteral("event"));
            m_timed.push_back({m_timing.ts[i], -1, o});
        }
    }
    return true;
}

// Holds, waits and busy spells, and the stretch after a lease expired while its holder still trusts it.
bool PerfettoEvents::addIntervals()
{
    const Machine &machine = m_machine;
    std::vector<std::vector<Piece>> perActor(size_t(std::max(0, machine.actorCount())));
    for (size_t k = 0; k < m_analysis.intervals.size(); ++k) {
        if (stopped(k))
            return false;
        const LockInterval &iv = m_analysis.intervals[k];
        if (iv.actor < 0 || iv.actor >= machine.actorCount() || iv.startEvent < 0)
            continue;
        Piece p;
        p.interval = int(k);
        p.start = at(iv.startEvent);
        p.end = at(iv.endEvent);
        p.name = intervalName(machine, iv);
        p.cat = intervalCategory(iv);
        perActor[size_t(iv.actor)].push_back(p);
        if (iv.place == Place::Lease && iv.expireEvent >= 0) {
            // After expiry the holder still acts as if it held the lease: the dangerous stretch.
            Piece believed = p;
            believed.start = at(iv.expireEvent);
            believed.end = at(iv.believedEndEvent);
            believed.believed = true;
            believed.name = tr("believes it holds %1 (expired)").arg(machine.resourceName(iv.place, iv.resource));
            if (believed.end > believed.start)
                perActor[size_t(iv.actor)].push_back(believed);
        }
    }
    for (int a = 0; a < machine.actorCount(); ++a) {
        for (const Piece &p : nestPieces(std::move(perActor[size_t(a)]))) {
            QJsonObject args;
            args.insert(QStringLiteral("interval"), p.interval);
            if (p.continued)
                args.insert(QStringLiteral("continued"), true);
            if (p.believed)
                args.insert(QStringLiteral("expired"), true);
            QJsonObject o;
            o.insert(QStringLiteral("ph"), QStringLiteral("X"));
            o.insert(QStringLiteral("name"), p.name);
            o.insert(QStringLiteral("cat"), p.cat);
            o.insert(QStringLiteral("pid"), Pid);
            o.insert(QStringLiteral("tid"), tidOf(a));
            o.insert(QStringLiteral("ts"), micros(p.start));
            o.insert(QStringLiteral("dur"), micros(p.end - p.start));
            o.insert(QStringLiteral("args"), args);
            m_timed.push_back({p.start, p.end - p.start, o});
        }
    }
    return true;
}

// Write → read flows, bound to the middle of the two anchor slices.
bool PerfettoEvents::addFlows()
{
    size_t flowIndex = 0;
    for (const TraceAnalysis::Flow &flow : m_analysis.flows) {
        if (stopped(flowIndex++))
            return false;
        if (flow.write < 0 || flow.read < 0 || size_t(flow.write) >= m_trace.size() ||
            size_t(flow.read) >= m_trace.size() || m_anchorDur[size_t(flow.write)] < 0 ||
            m_anchorDur[size_t(flow.read)] < 0)
            continue;
        ++m_flows;
        const TraceEvent &w = m_trace[size_t(flow.write)];
        const TraceEvent &r = m_trace[size_t(flow.read)];
        const QString name = tr("reads from");
        for (const auto &[phase, event, e] :
             {std::tuple{QStringLiteral("s"), flow.write, &w}, std::tuple{QStringLiteral("f"), flow.read, &r}}) {
            const double ts = m_timing.ts[size_t(event)] + m_anchorDur[size_t(event)] / 2;
            QJsonObject o;
            o.insert(QStringLiteral("ph"), phase);
            o.insert(QStringLiteral("name"), name);
            o.insert(QStringLiteral("cat"), QStringLiteral("flow"));
            o.insert(QStringLiteral("id"), m_flows);
            o.insert(QStringLiteral("pid"), Pid);
            o.insert(QStringLiteral("tid"), tidOf(e->actor));
            o.insert(QStringLiteral("ts"), micros(ts));
            if (phase == QLatin1String("f"))
                o.insert(QStringLiteral("bp"), QStringLiteral("e"));
            o.insert(QStringLiteral("args"),
                     QJsonObject{{QStringLiteral("write"), flow.write}, {QStringLiteral("read"), flow.read}});
            m_timed.push_back({ts, -2, o});
        }
    }
    return true;
}

QByteArray PerfettoEvents::write(const QString &schedule)
{
    std::stable_sort(m_timed.begin(), m_timed.end(),
                     [](const Timed &a, const Timed &b) { return a.ts != b.ts ? a.ts < b.ts : a.dur > b.dur; });
    if (m_cancel && m_cancel->load())
        return {};

    QJsonObject other;
    other.insert(QStringLiteral("generator"), QStringLiteral("Interleave"));
    other.insert(QStringLiteral("scenario"), m_machine.scenario().id);
    other.insert(QStringLiteral("title"), m_machine.scenario().title);
    other.insert(QStringLiteral("strategy"), m_machine.strategy().id);
    other.insert(QStringLiteral("model"), m_machine.model().toString());
    other.insert(QStringLiteral("database"), m_machine.database().toString());
    if (!schedule.isEmpty())
        other.insert(QStringLiteral("schedule"), schedule);
    other.insert(QStringLiteral("events"), int(m_trace.size()));
    other.insert(QStringLiteral("flows"), m_flows);
    QJsonObject root;
    root.insert(QStringLiteral("traceEvents"), QJsonArray());
    root.insert(QStringLiteral("displayTimeUnit"), QStringLiteral("ms"));
    root.insert(QStringLiteral("otherData"), other);
    // The events are written one by one into the document's empty array (the same bytes as one
    // QJsonDocument of everything): a cancel is seen between two of them, not after the whole text.
    QByteArray json = QJsonDocument(root).toJson(QJsonDocument::Compact);
    const QByteArray tail = "[]}";
    Q_ASSERT(json.endsWith(tail)); // "traceEvents" sorts last among the keys
    json.chop(tail.size() - 1);
    for (const QJsonObject &m : m_metadata) {
        json += QJsonDocument(m).toJson(QJsonDocument::Compact);
        json += ',';
    }
    for (size_t i = 0; i < m_timed.size(); ++i) {
        if (stopped(i))
            return {};
        json += QJsonDocument(m_timed[i].object).toJson(QJsonDocument::Compact);
        json += ',';
    }
    if (json.endsWith(','))
        json.chop(1);
    json += "]}";
    return json;
}

} // namespace

QByteArray TraceExport::perfettoJson(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis,
                                     const QString &schedule, const std::atomic<bool> *cancel)
{
    PerfettoEvents events(machine, trace, analysis, cancel);
    events.addTracks();
    if (!events.addTraceEvents() || !events.addIntervals() || !events.addFlows())
        return {};
    return events.write(schedule);
}

} // namespace Interleave
