// The wait-for graph as Graphviz DOT (TraceExport::waitForGraphDot).

#include "trace/traceexport.h"

#include <QCoreApplication>
#include <QSet>
#include <QStringList>

#include <algorithm>

namespace Interleave {

namespace {

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

// The wait-for graph at one moment, as DOT lines: requests, resources, waits and holds,
// with the deadlock cycle (open, or the last one the detector broke) in red.
class WaitForDot
{
    Q_DECLARE_TR_FUNCTIONS(TraceExport)
public:
    WaitForDot(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis, int eventIndex);
    QByteArray write();

private:
    static QString edgeKey(int actor, Place place, int resource)
    {
        return QStringLiteral("%1/%2/%3").arg(actor).arg(int(place)).arg(resource);
    }
    void chooseCycle();
    void addHeader();
    void addRequests();
    QString resourceNode(Place place, int resource, int instance);
    void addOpenIntervals();
    void addCycleAsItClosed();

    const Machine &m_machine;
    const Trace &m_trace;
    const TraceAnalysis &m_analysis;
    const int m_event;
    const DeadlockCycle *m_cycle = nullptr;
    bool m_broken = false; // the detector broke m_cycle
    QSet<QString> m_cycleEdges; // "waiter/place/resource"
    QSet<QString> m_cycleHolds; // "holder/place/resource"
    QSet<QString> m_drawnCycle; // cycle edges already drawn, waits and holds alike
    QSet<QString> m_resources;
    QStringList m_lines;
};

const QString redEdge = QStringLiteral(", color=red, fontcolor=red, penwidth=2.5");

WaitForDot::WaitForDot(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis, int eventIndex)
    : m_machine(machine)
    , m_trace(trace)
    , m_analysis(analysis)
    , m_event(std::clamp(eventIndex, -1, int(trace.size()) - 1))
{ }

// The cycle to show: one still open, else the last one the detector broke.
void WaitForDot::chooseCycle()
{
    for (const DeadlockCycle &c : m_analysis.deadlocks) {
        if (c.closingEvent > m_event)
            continue;
        const bool resolved = c.event >= 0 && c.event <= m_event;
        if (!resolved || !m_cycle || m_broken) {
            m_cycle = &c;
            m_broken = resolved;
        }
    }
    if (m_cycle)
        for (const Machine::WaitEdge &e : m_cycle->edges) {
            m_cycleEdges.insert(edgeKey(e.waiter, e.place, e.resource));
            m_cycleHolds.insert(edgeKey(e.holder, e.place, e.resource));
        }
}

void WaitForDot::addHeader()
{
    const Machine &machine = m_machine;
    const QString title = tr("Wait-for graph: %1").arg(machine.scenario().title);
    const QString variant = machine.strategy().label + QStringLiteral(" · ") + machine.model().displayName() +
        QStringLiteral(" · ") + machine.database().displayName();
    const int step = m_event >= 0 ? m_trace[size_t(m_event)].step + 1 : 0;
    QString caption = title + u'\n' + variant + u'\n' + tr("after step %1").arg(step);
    if (m_cycle && m_broken)
        caption += u'\n' +
            tr("The deadlock detector broke this cycle by rolling back %1.").arg(machine.actor(m_cycle->victim).name);
    else if (m_cycle)
        caption += u'\n' + tr("Deadlock: every request on the red cycle waits for the next one.");
    m_lines << QStringLiteral("digraph waitfor {");
    m_lines
        << QStringLiteral("  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=%1];").arg(dotQuote(caption));
    m_lines << QStringLiteral("  node [fontname=\"Helvetica\"];");
    m_lines << QStringLiteral("  edge [fontname=\"Helvetica\", fontsize=10];");
}

void WaitForDot::addRequests()
{
    const Machine &machine = m_machine;
    for (int a = 0; a < machine.actorCount(); ++a) {
        QString attrs = QStringLiteral("shape=box, style=rounded, label=%1").arg(dotQuote(machine.actor(a).name));
        bool onCycle = false;
        if (m_cycle)
            onCycle = std::find(m_cycle->actors.begin(), m_cycle->actors.end(), a) != m_cycle->actors.end();
        if (m_cycle && m_cycle->victim == a) {
            attrs =
                QStringLiteral("shape=box, style=\"rounded,bold\", color=red, fontcolor=red, peripheries=2, label=%1")
                    .arg(dotQuote(machine.actor(a).name + u'\n' + tr("victim: rolled back")));
        } else if (onCycle) {
            attrs += QStringLiteral(", color=red, penwidth=2");
        }
        m_lines << QStringLiteral("  a%1 [%2];").arg(a).arg(attrs);
    }
}

// The node of a resource, declared the first time it is used.
QString WaitForDot::resourceNode(Place place, int resource, int instance)
{
    const QString id = QStringLiteral("r%1_%2_%3").arg(int(place)).arg(resource).arg(instance);
    if (!m_resources.contains(id)) {
        m_resources.insert(id);
        QString label = m_machine.resourceName(place, resource);
        if (m_machine.model().kind == ExecutionModel::Instances && (place == Place::Mutex || place == Place::Pool))
            label += u'\n' + tr("instance %1").arg(instance + 1);
        m_lines << QStringLiteral("  %1 [shape=ellipse, label=%2];").arg(id, dotQuote(label));
    }
    return id;
}

// Every hold and wait open at the moment.
void WaitForDot::addOpenIntervals()
{
    for (int k : m_analysis.intervalsOpenAt(m_event)) {
        const LockInterval &iv = m_analysis.intervals[size_t(k)];
        if (iv.actor < 0 || iv.kind == LockInterval::Busy)
            continue;
        const QString node = resourceNode(iv.place, iv.resource, iv.instance);
        const QString key = edgeKey(iv.actor, iv.place, iv.resource);
        if (iv.kind == LockInterval::Hold) {
            const bool red = m_cycle && m_cycleHolds.contains(key);
            if (red)
                m_drawnCycle.insert(QStringLiteral("hold ") + key);
            m_lines << QStringLiteral("  %1 -> a%2 [label=%3%4];")
                           .arg(node)
                           .arg(iv.actor)
                           .arg(dotQuote(tr("held by")), red ? redEdge : QString());
        } else {
            const bool red = m_cycle && !m_broken && m_cycleEdges.contains(key);
            if (red)
                m_drawnCycle.insert(QStringLiteral("wait ") + key);
            m_lines << QStringLiteral("  a%1 -> %2 [style=dashed, label=%3%4];")
                           .arg(iv.actor)
                           .arg(node, dotQuote(tr("waits for")), red ? redEdge : QString());
        }
    }
}

// Edges of a cycle the detector already broke are drawn as they were when it closed.
void WaitForDot::addCycleAsItClosed()
{
    if (!m_cycle)
        return;
    for (const Machine::WaitEdge &e : m_cycle->edges) {
        const QString node = resourceNode(e.place, e.resource, instanceOf(m_machine, e.waiter, e.place));
        if (!m_drawnCycle.contains(QStringLiteral("wait ") + edgeKey(e.waiter, e.place, e.resource)))
            m_lines << QStringLiteral("  a%1 -> %2 [style=dashed, label=%3%4];")
                           .arg(e.waiter)
                           .arg(node, dotQuote(m_broken ? tr("waited for") : tr("waits for")), redEdge);
        if (!m_drawnCycle.contains(QStringLiteral("hold ") + edgeKey(e.holder, e.place, e.resource)))
            m_lines << QStringLiteral("  %1 -> a%2 [label=%3%4];")
                           .arg(node)
                           .arg(e.holder)
                           .arg(dotQuote(m_broken ? tr("was held by") : tr("held by")), redEdge);
    }
}

QByteArray WaitForDot::write()
{
    chooseCycle();
    addHeader();
    addRequests();
    addOpenIntervals();
    addCycleAsItClosed();
    m_lines << QStringLiteral("  legend [shape=note, fontsize=10, label=%1];")
                   .arg(dotQuote(tr("box: request · ellipse: lock or resource\nsolid arrow: held by · dashed arrow: "
                                    "waits for\nred: deadlock cycle · double border: the detector's victim")));
    m_lines << QStringLiteral("}");
    return m_lines.join(u'\n').toUtf8() + '\n';
}

} // namespace

QByteArray TraceExport::waitForGraphDot(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis,
                                        int eventIndex)
{
    return WaitForDot(machine, trace, analysis, eventIndex).write();
}

} // namespace Interleave
