#include "dashboard/waitforgraphview.h"

#include "window/scenariosession.h"

#include <QPainter>
#include <QPainterPath>
#include <QtMath>

#include <algorithm>
#include <map>
#include <set>

using namespace Interleave;

namespace {
bool isLockPlace(Place p)
{
    return p == Place::Row || p == Place::Mutex || p == Place::Lease || p == Place::Pool || p == Place::Queue ||
        p == Place::Table;
}
} // namespace

WaitForGraphView::WaitForGraphView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("waitForGraph"));
    setAccessibleName(tr("Wait-for graph"));
}

void WaitForGraphView::follow(const ScenarioSession *session)
{
    connect(session, &ScenarioSession::cursorChanged, this, [this, session] {
        const Stepper *stepper = session->stepper();
        if (!stepper)
            return;
        const bool hadEdges = !m_edges.empty();
        updateState(*stepper, session->analysis());
        if (!hadEdges && !m_edges.empty())
            emit waitingStarted();
    });
}

void WaitForGraphView::clear()
{
    m_nodes.clear();
    m_edges.clear();
    m_cycle.clear();
    m_victim = -1;
    m_caption.clear();
    m_safeOrder.clear();
    update();
}

int WaitForGraphView::lockNode(Place place, int resource, const QString &label)
{
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (!m_nodes[i].isActor && m_nodes[i].place == place && m_nodes[i].resource == resource)
            return int(i);
    m_nodes.push_back({false, -1, place, resource, label});
    return int(m_nodes.size() - 1);
}

// The holds and waits to draw: at the cursor, or, if the last move ended in the detector's
// abort, just before it (the state after no longer has the cycle).
WaitForGraphView::Picture WaitForGraphView::pictureAt(const Stepper &stepper, const TraceAnalysis &analysis)
{
    const Machine &machine = stepper.machine();
    Picture picture;
    picture.snapshot = int(stepper.trace().size()) - 1;
    picture.waits = machine.waitForGraph(stepper.state());
    picture.cycle = machine.findCycle(stepper.state());
    for (const DeadlockCycle &d : analysis.deadlocks) {
        if (d.step != stepper.cursor() - 1 || d.event < 0)
            continue;
        picture.snapshot = d.event - 1;
        picture.waits = analysis.waitForGraphAt(picture.snapshot);
        for (const Machine::WaitEdge &e : d.edges)
            if (std::none_of(picture.waits.begin(), picture.waits.end(), [&](const Machine::WaitEdge &w) {
                    return w.waiter == e.waiter && w.place == e.place && w.resource == e.resource;
                }))
                picture.waits.push_back(e);
        picture.cycle = d.actors;
        picture.victim = d.victim;
    }
    // Who holds what: the open lock intervals, and every holder a wait names.
    for (int i : analysis.intervalsOpenAt(picture.snapshot)) {
        const LockInterval &li = analysis.intervals[size_t(i)];
        if (li.kind == LockInterval::Hold && isLockPlace(li.place))
            picture.holds.push_back({li.place, li.resource, li.actor});
    }
    for (const Machine::WaitEdge &w : picture.waits)
        if (w.holder >= 0 && std::none_of(picture.holds.begin(), picture.holds.end(), [&](const Hold &h) {
                return h.place == w.place && h.resource == w.resource && h.actor == w.holder;
            }))
            picture.holds.push_back({w.place, w.resource, w.holder});
    return picture;
}

void WaitForGraphView::updateState(const Stepper &stepper, const TraceAnalysis &analysis)
{
    clear();
    const Picture picture = pictureAt(stepper, analysis);
    m_cycle = picture.cycle;
    m_victim = picture.victim;
    addNodesAndEdges(stepper.machine(), picture);
    m_caption = captionFor(stepper.machine(), picture.waits);
    m_safeOrder = safeOrderFor(stepper.machine(), stepper.trace());
    update();
}

void WaitForGraphView::addNodesAndEdges(const Machine &machine, const Picture &picture)
{
    const std::set<int> onCycle(picture.cycle.begin(), picture.cycle.end());
    // Node order around the circle follows the chains: actor, what it waits for,
    // the holder, ... so that a cycle is drawn as a ring.
    std::map<int, const Machine::WaitEdge *> waitOf;
    for (const Machine::WaitEdge &w : picture.waits)
        waitOf[w.waiter] = &w;
    std::vector<int> actorNode(size_t(machine.actorCount()), -1);
    auto addActor = [&](int a) {
        if (actorNode[size_t(a)] < 0) {
            m_nodes.push_back({true, a, Place::None, -1, machine.actor(a).letter});
            actorNode[size_t(a)] = int(m_nodes.size() - 1);
        }
        return actorNode[size_t(a)];
    };
    auto lockOf = [&](Place place, int resource) {
        return lockNode(place, resource, machine.resourceName(place, resource));
    };
    std::vector<int> order = picture.cycle;
    for (int a = 0; a < machine.actorCount(); ++a)
        if (!onCycle.count(a))
            order.push_back(a);
    for (int start : order) {
        int a = start;
        std::set<int> seen;
        while (a >= 0 && !seen.count(a)) {
            seen.insert(a);
            addActor(a);
            auto it = waitOf.find(a);
            if (it == waitOf.end())
                break;
            lockOf(it->second->place, it->second->resource);
            a = it->second->holder;
        }
    }
    for (const Hold &h : picture.holds)
        lockOf(h.place, h.resource);

    for (const Hold &h : picture.holds) {
        const int lock = lockOf(h.place, h.resource);
        const bool cyc =
            onCycle.count(h.actor) &&
            std::any_of(picture.waits.begin(), picture.waits.end(), [&](const Machine::WaitEdge &w) {
                return w.place == h.place && w.resource == h.resource && w.holder == h.actor && onCycle.count(w.waiter);
            });
        m_edges.push_back({lock, addActor(h.actor), false, cyc});
    }
    for (const Machine::WaitEdge &w : picture.waits) {
        const int lock = lockOf(w.place, w.resource);
        const bool cyc = onCycle.count(w.waiter) && onCycle.count(w.holder);
        if (std::none_of(m_edges.begin(), m_edges.end(),
                         [&](const Edge &e) { return e.wait && e.from == addActor(w.waiter) && e.to == lock; }))
            m_edges.push_back({addActor(w.waiter), lock, true, cyc});
    }
}

QString WaitForGraphView::captionFor(const Machine &machine, const std::vector<Machine::WaitEdge> &waits) const
{
    if (!m_cycle.empty()) {
        QStringList names;
        for (int a : m_cycle)
            names << machine.actor(a).letter;
        names << machine.actor(m_cycle.front()).letter;
        return m_victim >= 0
            ? tr("Deadlock %1. The database aborts %2 (ER_LOCK_DEADLOCK) so the others can go on.")
                  .arg(names.join(QStringLiteral(" → ")), machine.actor(m_victim).name)
            : tr("Deadlock %1: each waits for the next, forever.").arg(names.join(QStringLiteral(" → ")));
    }
    if (waits.empty())
        return tr("Nobody waits for anybody right now.");
    QStringList parts;
    for (const Machine::WaitEdge &w : waits)
        parts << tr("%1 waits for %2").arg(machine.actor(w.waiter).letter, machine.actor(w.holder).letter);
    return parts.join(QLatin1String(", ")) + u'.';
}

// The safe order: every lock of the same kind the trace has touched, in index order.
QString WaitForGraphView::safeOrderFor(const Machine &machine, const Trace &trace)
{
    std::map<Place, std::set<int>> locked;
    for (const TraceEvent &e : trace)
        if ((e.kind == EventKind::LockAcquire || e.kind == EventKind::LockWait) &&
            (e.place == Place::Row || e.place == Place::Mutex))
            locked[e.place].insert(e.resource);
    QString order;
    for (const auto &[place, resources] : locked) {
        if (resources.size() < 2)
            continue;
        QStringList names;
        for (int r : resources)
            names << machine.resourceName(place, r);
        order = tr("Safe lock order: %1. If every request locks in this order, no cycle can form.")
                    .arg(names.join(QStringLiteral(" → ")));
    }
    return order;
}

// Where each node sits: around an ellipse in the area above the caption, in node order.
struct WaitForGraphView::Geometry
{
    const std::vector<Node> &nodes;
    QFontMetricsF fm;
    qreal lineH;
    QPointF centre;
    qreal actorR;
    std::vector<QPointF> pos;

    Geometry(const std::vector<Node> &graphNodes, const QFont &font, const QRectF &area)
        : nodes(graphNodes)
        , fm(font)
        , lineH(fm.height())
        , centre(area.center())
        , actorR(std::max<qreal>(16, lineH * 1.1))
        , pos(graphNodes.size())
    {
        const qreal rx = std::max<qreal>(10, area.width() / 2 - 70),
                    ry = std::max<qreal>(10, area.height() / 2 - actorR - lineH * 1.4);
        const int n = int(nodes.size());
        for (int i = 0; i < n; ++i) {
            const qreal angle = -M_PI / 2 + 2 * M_PI * i / n;
            pos[size_t(i)] = n == 1 ? centre : centre + QPointF(rx * std::cos(angle), ry * std::sin(angle));
        }
    }

    QRectF nodeRect(int i) const
    {
        const Node &node = nodes[size_t(i)];
        if (node.isActor)
            return QRectF(pos[size_t(i)] - QPointF(actorR, actorR), QSizeF(2 * actorR, 2 * actorR));
        const qreal w = fm.horizontalAdvance(node.label) + 16, h = lineH + 10;
        return QRectF(pos[size_t(i)] - QPointF(w / 2, h / 2), QSizeF(w, h));
    }

    // Where a line from the centre of node i towards `to` leaves its shape.
    QPointF border(int i, QPointF to) const
    {
        const QRectF r = nodeRect(i);
        const QPointF c = r.center();
        const QPointF d = to - c;
        const qreal len = std::hypot(d.x(), d.y());
        if (len < 1)
            return c;
        if (nodes[size_t(i)].isActor)
            return c + d * (actorR / len);
        const qreal sx = d.x() != 0 ? (r.width() / 2) / std::abs(d.x()) : 1e9;
        const qreal sy = d.y() != 0 ? (r.height() / 2) / std::abs(d.y()) : 1e9;
        return c + d * std::min(sx, sy);
    }
};

namespace {
const QColor cycleRed(176, 0, 32);
}

void WaitForGraphView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const qreal textTop = drawCaption(p);
    if (m_nodes.empty())
        return;
    const Geometry g(m_nodes, font(), QRectF(0, 0, width(), textTop - 4));
    for (const Edge &e : m_edges)
        drawEdge(p, g, e);
    for (int i = 0; i < int(m_nodes.size()); ++i)
        drawNode(p, g, i);
}

// The caption and the safe order at the bottom; returns where they start.
qreal WaitForGraphView::drawCaption(QPainter &p) const
{
    const QString text = m_safeOrder.isEmpty() ? m_caption : m_caption + u'\n' + m_safeOrder;
    const QRectF textRect(8, 0, width() - 16, height());
    const QRectF bounds = p.boundingRect(textRect, Qt::TextWordWrap | Qt::AlignLeft, text);
    const qreal textTop = height() - bounds.height() - 6;
    p.setPen(m_cycle.empty() ? palette().text().color() : cycleRed);
    p.drawText(QRectF(8, textTop, width() - 16, bounds.height()), Qt::TextWordWrap | Qt::AlignLeft, text);
    return textTop;
}

void WaitForGraphView::drawEdge(QPainter &p, const Geometry &g, const Edge &e) const
{
    const QColor ink = palette().text().color();
    const QFont f = font();
    const QPointF a = g.border(e.from, g.pos[size_t(e.to)]), b = g.border(e.to, g.pos[size_t(e.from)]);
    QPen pen(e.onCycle ? cycleRed : ink, e.onCycle ? 3.5 : 2);
    pen.setStyle(e.wait ? Qt::DashLine : Qt::SolidLine);
    p.setPen(pen);
    p.drawLine(a, b);
    // Arrow head at b.
    const QPointF d = b - a;
    const qreal len = std::hypot(d.x(), d.y());
    if (len > 1) {
        const QPointF u = d / len, nrm(-u.y(), u.x());
        QPolygonF head;
        head << b << b - u * 12 + nrm * 6 << b - u * 12 - nrm * 6;
        p.setPen(Qt::NoPen);
        p.setBrush(e.onCycle ? cycleRed : ink);
        p.drawPolygon(head);
    }
    // The label sits beside the line, not on it, so crossing edges stay readable.
    if (m_edges.size() <= 8 && len > 1) {
        p.setPen(e.onCycle ? cycleRed : palette().placeholderText().color());
        QFont small = f;
        small.setPointSizeF(f.pointSizeF() * 0.85);
        p.setFont(small);
        const QPointF u = d / len, nrm(-u.y(), u.x());
        const QPointF at = a + d * 0.45 + nrm * (g.lineH * 0.7);
        p.drawText(QRectF(at.x() - 60, at.y() - g.lineH / 2, 120, g.lineH), Qt::AlignCenter,
                   e.wait ? tr("waits for") : tr("held by"));
    }
    p.setFont(f);
}

void WaitForGraphView::drawNode(QPainter &p, const Geometry &g, int i) const
{
    const QColor ink = palette().text().color();
    const QFont f = font();
    const Node &node = m_nodes[size_t(i)];
    const QRectF r = g.nodeRect(i);
    const bool cyc = node.isActor && std::find(m_cycle.begin(), m_cycle.end(), node.actor) != m_cycle.end();
    p.setPen(QPen(cyc ? cycleRed : ink, cyc ? 3 : 1.5));
    if (!node.isActor) {
        p.setBrush(QColor(255, 243, 214));
        p.drawRoundedRect(r, 4, 4);
        p.setPen(ink);
        p.drawText(r, Qt::AlignCenter, node.label);
        return;
    }
    p.setBrush(QColor(225, 238, 255));
    p.drawEllipse(r);
    QFont bold = f;
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(ink);
    p.drawText(r, Qt::AlignCenter, node.label);
    p.setFont(f);
    if (node.actor == m_victim) {
        p.setPen(QPen(cycleRed, 4));
        p.drawLine(r.topLeft(), r.bottomRight());
        p.drawLine(r.topRight(), r.bottomLeft());
        // Outside the ring, where no edge runs.
        const bool upper = r.center().y() < g.centre.y();
        const qreal y = upper ? r.top() - g.lineH - 2 : r.bottom() + 2;
        p.drawText(QRectF(r.center().x() - 90, y, 180, g.lineH), Qt::AlignCenter, tr("victim: rolled back"));
    }
}
