#include "trace/traceexport.h"

#include "trace/eventlabel.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

namespace Interleave {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TraceExport", text);
}

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
            return tr("holds lease %1 (token %2)").arg(resource).arg(iv.token);
        if (iv.place == Place::Queue)
            return tr("job runs on %1").arg(resource);
        if (iv.place == Place::Pool)
            return tr("holds a connection from %1").arg(resource);
        return tr("holds %1").arg(resource);
    case LockInterval::Wait:
        return tr("waits for %1").arg(resource);
    case LockInterval::Busy:
        return iv.resource == 1 ? tr("paused (%1 ms)").arg(iv.ttlMs) : tr("CPU work (%1 ms)").arg(iv.ttlMs);
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

QString dotQuote(const QString &text)
{
    QString out = text;
    out.replace(u'\\', QLatin1String("\\\\"));
    out.replace(u'"', QLatin1String("\\\""));
    out.replace(u'\n', QLatin1String("\\n"));
    return u'"' + out + u'"';
}

int instanceOf(const Machine &machine, int actor, Place place)
{
    if (actor < 0 || actor >= machine.actorCount())
        return 0;
    return (place == Place::Mutex || place == Place::Pool) ? machine.actor(actor).instance : 0;
}

} // namespace

QByteArray TraceExport::perfettoJson(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis,
                                     const QString &schedule, const std::atomic<bool> *cancel)
{
    // Checked every 1024 items of each loop: about a millisecond of work.
    auto stopped = [cancel](size_t item) {
        return cancel && item % 1024 == 0 && cancel->load(std::memory_order_relaxed);
    };
    const Timing timing = layoutTimes(trace);
    std::vector<QJsonObject> metadataEvents;

    auto metadata = [&](const char *name, int tid, const QJsonObject &args) {
        QJsonObject m;
        m.insert(QStringLiteral("ph"), QStringLiteral("M"));
        m.insert(QStringLiteral("name"), QLatin1String(name));
        m.insert(QStringLiteral("pid"), Pid);
        m.insert(QStringLiteral("tid"), tid);
        m.insert(QStringLiteral("args"), args);
        metadataEvents.push_back(m);
    };
    const QString variant = machine.strategy().label + QStringLiteral(" · ") + machine.model().displayName();
    metadata("process_name", 0, {{QStringLiteral("name"), machine.scenario().title}});
    metadata("process_labels", 0, {{QStringLiteral("labels"), variant}});
    metadata("thread_name", tidOf(-1), {{QStringLiteral("name"), tr("Clock")}});
    metadata("thread_sort_index", tidOf(-1), {{QStringLiteral("sort_index"), machine.actorCount()}});
    for (int a = 0; a < machine.actorCount(); ++a) {
        QString name = machine.actor(a).name;
        if (machine.model().kind == ExecutionModel::Instances)
            name = tr("%1 (instance %2)").arg(name).arg(machine.actor(a).instance + 1);
        metadata("thread_name", tidOf(a), {{QStringLiteral("name"), name}});
        metadata("thread_sort_index", tidOf(a), {{QStringLiteral("sort_index"), a}});
    }

    // Timed events: collected first, then written in (ts, longest first) order, the order in
    // which enclosing slices must appear.
    struct Timed
    {
        double ts;
        double dur; // < 0: not a slice
        QJsonObject object;
    };
    std::vector<Timed> timed;
    timed.reserve(trace.size() + analysis.intervals.size() + 2 * analysis.flows.size());

    std::vector<double> anchorDur(trace.size(), -1);
    for (size_t i = 0; i < trace.size(); ++i) {
        if (stopped(i))
            return {};
        const TraceEvent &e = trace[i];
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
        o.insert(QStringLiteral("ts"), micros(timing.ts[i]));
        o.insert(QStringLiteral("args"), args);
        if (isAnchor(e)) {
            // Half the slot: clearly inside any hold around it, and never touching the next event.
            const double dur = std::max(timing.slot[i] / 2, 0.001);
            anchorDur[i] = dur;
            o.insert(QStringLiteral("ph"), QStringLiteral("X"));
            o.insert(QStringLiteral("cat"), QStringLiteral("access"));
            o.insert(QStringLiteral("dur"), micros(dur));
            timed.push_back({timing.ts[i], dur, o});
        } else {
            o.insert(QStringLiteral("ph"), QStringLiteral("i"));
            o.insert(QStringLiteral("s"), QStringLiteral("t"));
            o.insert(QStringLiteral("cat"), QStringLiteral("event"));
            timed.push_back({timing.ts[i], -1, o});
        }
    }

    // Holds, waits and busy spells, per actor track.
    std::vector<std::vector<Piece>> perActor(size_t(std::max(0, machine.actorCount())));
    auto at = [&](int event) {
        return event >= 0 && event < int(trace.size()) ? timing.ts[size_t(event)] : timing.end;
    };
    for (size_t k = 0; k < analysis.intervals.size(); ++k) {
        if (stopped(k))
            return {};
        const LockInterval &iv = analysis.intervals[k];
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
            timed.push_back({p.start, p.end - p.start, o});
        }
    }

    // Write → read flows, bound to the middle of the two anchor slices.
    int flowId = 0;
    size_t flowIndex = 0;
    for (const TraceAnalysis::Flow &flow : analysis.flows) {
        if (stopped(flowIndex++))
            return {};
        if (flow.write < 0 || flow.read < 0 || size_t(flow.write) >= trace.size() ||
            size_t(flow.read) >= trace.size() || anchorDur[size_t(flow.write)] < 0 || anchorDur[size_t(flow.read)] < 0)
            continue;
        ++flowId;
        const TraceEvent &w = trace[size_t(flow.write)];
        const TraceEvent &r = trace[size_t(flow.read)];
        const QString name = tr("reads from");
        for (const auto &[phase, event, e] :
             {std::tuple{QStringLiteral("s"), flow.write, &w}, std::tuple{QStringLiteral("f"), flow.read, &r}}) {
            const double ts = timing.ts[size_t(event)] + anchorDur[size_t(event)] / 2;
            QJsonObject o;
            o.insert(QStringLiteral("ph"), phase);
            o.insert(QStringLiteral("name"), name);
            o.insert(QStringLiteral("cat"), QStringLiteral("flow"));
            o.insert(QStringLiteral("id"), flowId);
            o.insert(QStringLiteral("pid"), Pid);
            o.insert(QStringLiteral("tid"), tidOf(e->actor));
            o.insert(QStringLiteral("ts"), micros(ts));
            if (phase == QLatin1String("f"))
                o.insert(QStringLiteral("bp"), QStringLiteral("e"));
            o.insert(QStringLiteral("args"),
                     QJsonObject{{QStringLiteral("write"), flow.write}, {QStringLiteral("read"), flow.read}});
            timed.push_back({ts, -2, o});
        }
    }

    std::stable_sort(timed.begin(), timed.end(),
                     [](const Timed &a, const Timed &b) { return a.ts != b.ts ? a.ts < b.ts : a.dur > b.dur; });
    if (cancel && cancel->load())
        return {};

    QJsonObject other;
    other.insert(QStringLiteral("generator"), QStringLiteral("Interleave"));
    other.insert(QStringLiteral("scenario"), machine.scenario().id);
    other.insert(QStringLiteral("title"), machine.scenario().title);
    other.insert(QStringLiteral("strategy"), machine.strategy().id);
    other.insert(QStringLiteral("model"), machine.model().toString());
    if (!schedule.isEmpty())
        other.insert(QStringLiteral("schedule"), schedule);
    other.insert(QStringLiteral("events"), int(trace.size()));
    other.insert(QStringLiteral("flows"), flowId);
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
    for (const QJsonObject &m : metadataEvents) {
        json += QJsonDocument(m).toJson(QJsonDocument::Compact);
        json += ',';
    }
    for (size_t i = 0; i < timed.size(); ++i) {
        if (stopped(i))
            return {};
        json += QJsonDocument(timed[i].object).toJson(QJsonDocument::Compact);
        json += ',';
    }
    if (json.endsWith(','))
        json.chop(1);
    json += "]}";
    return json;
}

QByteArray TraceExport::waitForGraphDot(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis,
                                        int eventIndex)
{
    eventIndex = std::clamp(eventIndex, -1, int(trace.size()) - 1);
    const std::vector<int> open = analysis.intervalsOpenAt(eventIndex);

    // The cycle to show: one still open, else the last one the detector broke.
    const DeadlockCycle *cycle = nullptr;
    bool broken = false;
    for (const DeadlockCycle &c : analysis.deadlocks) {
        if (c.closingEvent > eventIndex)
            continue;
        const bool resolved = c.event >= 0 && c.event <= eventIndex;
        if (!resolved || !cycle || broken) {
            cycle = &c;
            broken = resolved;
        }
    }
    QSet<QString> cycleEdges; // "waiter/place/resource"
    QSet<QString> cycleHolds; // "holder/place/resource"
    auto edgeKey = [](int waiter, Place place, int resource) {
        return QStringLiteral("%1/%2/%3").arg(waiter).arg(int(place)).arg(resource);
    };
    if (cycle)
        for (const Machine::WaitEdge &e : cycle->edges) {
            cycleEdges.insert(edgeKey(e.waiter, e.place, e.resource));
            cycleHolds.insert(edgeKey(e.holder, e.place, e.resource));
        }

    QStringList lines;
    const QString title = tr("Wait-for graph: %1").arg(machine.scenario().title);
    const QString variant = machine.strategy().label + QStringLiteral(" · ") + machine.model().displayName();
    const int step = eventIndex >= 0 ? trace[size_t(eventIndex)].step + 1 : 0;
    QString caption = title + u'\n' + variant + u'\n' + tr("after step %1").arg(step);
    if (cycle && broken)
        caption += u'\n' +
            tr("The deadlock detector broke this cycle by rolling back %1.").arg(machine.actor(cycle->victim).name);
    else if (cycle)
        caption += u'\n' + tr("Deadlock: every request on the red cycle waits for the next one.");
    lines << QStringLiteral("digraph waitfor {");
    lines
        << QStringLiteral("  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=%1];").arg(dotQuote(caption));
    lines << QStringLiteral("  node [fontname=\"Helvetica\"];");
    lines << QStringLiteral("  edge [fontname=\"Helvetica\", fontsize=10];");

    for (int a = 0; a < machine.actorCount(); ++a) {
        QString attrs = QStringLiteral("shape=box, style=rounded, label=%1").arg(dotQuote(machine.actor(a).name));
        bool onCycle = false;
        if (cycle)
            onCycle = std::find(cycle->actors.begin(), cycle->actors.end(), a) != cycle->actors.end();
        if (cycle && cycle->victim == a) {
            attrs =
                QStringLiteral("shape=box, style=\"rounded,bold\", color=red, fontcolor=red, peripheries=2, label=%1")
                    .arg(dotQuote(machine.actor(a).name + u'\n' + tr("victim: rolled back")));
        } else if (onCycle) {
            attrs += QStringLiteral(", color=red, penwidth=2");
        }
        lines << QStringLiteral("  a%1 [%2];").arg(a).arg(attrs);
    }

    QSet<QString> resources;
    auto resourceNode = [&](Place place, int resource, int instance) {
        const QString id = QStringLiteral("r%1_%2_%3").arg(int(place)).arg(resource).arg(instance);
        if (!resources.contains(id)) {
            resources.insert(id);
            QString label = machine.resourceName(place, resource);
            if (machine.model().kind == ExecutionModel::Instances && (place == Place::Mutex || place == Place::Pool))
                label += u'\n' + tr("instance %1").arg(instance + 1);
            lines << QStringLiteral("  %1 [shape=ellipse, label=%2];").arg(id, dotQuote(label));
        }
        return id;
    };

    QSet<QString> drawnCycle; // cycle edges already drawn, waits and holds alike
    const QString redEdge = QStringLiteral(", color=red, fontcolor=red, penwidth=2.5");
    for (int k : open) {
        const LockInterval &iv = analysis.intervals[size_t(k)];
        if (iv.actor < 0 || iv.kind == LockInterval::Busy)
            continue;
        const QString node = resourceNode(iv.place, iv.resource, iv.instance);
        const QString key = edgeKey(iv.actor, iv.place, iv.resource);
        if (iv.kind == LockInterval::Hold) {
            const bool red = cycle && cycleHolds.contains(key);
            if (red)
                drawnCycle.insert(QStringLiteral("hold ") + key);
            lines << QStringLiteral("  %1 -> a%2 [label=%3%4];")
                         .arg(node)
                         .arg(iv.actor)
                         .arg(dotQuote(tr("held by")), red ? redEdge : QString());
        } else {
            const bool red = cycle && !broken && cycleEdges.contains(key);
            if (red)
                drawnCycle.insert(QStringLiteral("wait ") + key);
            lines << QStringLiteral("  a%1 -> %2 [style=dashed, label=%3%4];")
                         .arg(iv.actor)
                         .arg(node, dotQuote(tr("waits for")), red ? redEdge : QString());
        }
    }
    if (cycle) {
        // Edges of a cycle the detector already broke are drawn as they were when it closed.
        for (const Machine::WaitEdge &e : cycle->edges) {
            const QString node = resourceNode(e.place, e.resource, instanceOf(machine, e.waiter, e.place));
            if (!drawnCycle.contains(QStringLiteral("wait ") + edgeKey(e.waiter, e.place, e.resource)))
                lines << QStringLiteral("  a%1 -> %2 [style=dashed, label=%3%4];")
                             .arg(e.waiter)
                             .arg(node, dotQuote(broken ? tr("waited for") : tr("waits for")), redEdge);
            if (!drawnCycle.contains(QStringLiteral("hold ") + edgeKey(e.holder, e.place, e.resource)))
                lines << QStringLiteral("  %1 -> a%2 [label=%3%4];")
                             .arg(node)
                             .arg(e.holder)
                             .arg(dotQuote(broken ? tr("was held by") : tr("held by")), redEdge);
        }
    }
    lines << QStringLiteral("  legend [shape=note, fontsize=10, label=%1];")
                 .arg(dotQuote(tr("box: request · ellipse: lock or resource\nsolid arrow: held by · dashed arrow: "
                                  "waits for\nred: deadlock cycle · double border: the detector's victim")));
    lines << QStringLiteral("}");
    return lines.join(u'\n').toUtf8() + '\n';
}

} // namespace Interleave
