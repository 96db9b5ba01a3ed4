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

void WaitForGraphView::updateState(const Stepper &stepper, const TraceAnalysis &analysis)
{
    clear();
    const Machine &machine = stepper.machine();
    const Trace &trace = stepper.trace();
    const int lastEvent = int(trace.size()) - 1;

    // Holds and waits at the cursor. If the last move ended in the detector's
    // abort, the picture just before it: the state after no longer has the cycle.
    int snapshot = lastEvent;
    std::vector<Machine::WaitEdge> waits = machine.waitForGraph(stepper.state());
    std::vector<int> cycle = machine.findCycle(stepper.state());
    for (const DeadlockCycle &d : analysis.deadlocks) {
        if (d.step == stepper.cursor() - 1 && d.event >= 0) {
            snapshot = d.event - 1;
            waits = analysis.waitForGraphAt(snapshot);
            for (const Machine::WaitEdge &e : d.edges)
                if (std::none_of(waits.begin(), waits.end(), [&](const Machine::WaitEdge &w) {
                        return w.waiter == e.waiter && w.place == e.place && w.resource == e.resource;
                    }))
                    waits.push_back(e);
            cycle = d.actors;
            m_victim = d.victim;
        }
    }
    m_cycle = cycle;
    const std::set<int> onCycle(cycle.begin(), cycle.end());

    struct Hold
    {
        Place place;
        int resource;
        int actor;
    };
    std::vector<Hold> holds;
    for (int i : analysis.intervalsOpenAt(snapshot)) {
        const LockInterval &li = analysis.intervals[size_t(i)];
        if (li.kind == LockInterval::Hold && isLockPlace(li.place))
            holds.push_back({li.place, li.resource, li.actor});
    }
    for (const Machine::WaitEdge &w : waits)
        if (w.holder >= 0 && std::none_of(holds.begin(), holds.end(), [&](const Hold &h) {
                return h.place == w.place && h.resource == w.resource && h.actor == w.holder;
            }))
            holds.push_back({w.place, w.resource, w.holder});

    // Node order around the circle follows the chains: actor, what it waits for,
    // the holder, ... so that a cycle is drawn as a ring.
    std::map<int, const Machine::WaitEdge *> waitOf;
    for (const Machine::WaitEdge &w : waits)
        waitOf[w.waiter] = &w;
    std::vector<int> actorNode(size_t(machine.actorCount()), -1);
    auto addActor = [&](int a) {
        if (actorNode[size_t(a)] < 0) {
            m_nodes.push_back({true, a, Place::None, -1, machine.actor(a).letter});
            actorNode[size_t(a)] = int(m_nodes.size() - 1);
        }
        return actorNode[size_t(a)];
    };
    std::vector<int> order = cycle;
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
            lockNode(it->second->place, it->second->resource,
                     machine.resourceName(it->second->place, it->second->resource));
            a = it->second->holder;
        }
    }
    for (const Hold &h : holds)
        lockNode(h.place, h.resource, machine.resourceName(h.place, h.resource));

    for (const Hold &h : holds) {
        const int lock = lockNode(h.place, h.resource, machine.resourceName(h.place, h.resource));
        const bool cyc =
            onCycle.count(h.actor) && std::any_of(waits.begin(), waits.end(), [&](const Machine::WaitEdge &w) {
                return w.place == h.place && w.resource == h.resource && w.holder == h.actor && onCycle.count(w.waiter);
            });
        m_edges.push_back({lock, addActor(h.actor), false, cyc});
    }
    for (const Machine::WaitEdge &w : waits) {
        const int lock = lockNode(w.place, w.resource, machine.resourceName(w.place, w.resource));
        const bool cyc = onCycle.count(w.waiter) && onCycle.count(w.holder);
        if (std::none_of(m_edges.begin(), m_edges.end(),
                         [&](const Edge &e) { return e.wait && e.from == addActor(w.waiter) && e.to == lock; }))
            m_edges.push_back({addActor(w.waiter), lock, true, cyc});
    }

    if (!cycle.empty()) {
        QStringList names;
        for (int a : cycle)
            names << machine.actor(a).letter;
        names << machine.actor(cycle.front()).letter;
        m_caption = m_victim >= 0
            ? tr("Deadlock %1. The database aborts %2 (ER_LOCK_DEADLOCK) so the others can go on.")
                  .arg(names.join(QStringLiteral(" → ")), machine.actor(m_victim).name)
            : tr("Deadlock %1: each waits for the next, forever.").arg(names.join(QStringLiteral(" → ")));
    } else if (waits.empty()) {
        m_caption = tr("Nobody waits for anybody right now.");
    } else {
        QStringList parts;
        for (const Machine::WaitEdge &w : waits)
            parts << tr("%1 waits for %2").arg(machine.actor(w.waiter).letter, machine.actor(w.holder).letter);
        m_caption = parts.join(QLatin1String(", ")) + u'.';
    }

    // The safe order: every lock of the same kind the trace has touched, in index order.
    std::map<Place, std::set<int>> locked;
    for (const TraceEvent &e : trace)
        if ((e.kind == EventKind::LockAcquire || e.kind == EventKind::LockWait) &&
            (e.place == Place::Row || e.place == Place::Mutex))
            locked[e.place].insert(e.resource);
    for (const auto &[place, resources] : locked) {
        if (resources.size() < 2)
            continue;
        QStringList names;
        for (int r : resources)
            names << machine.resourceName(place, r);
        m_safeOrder = tr("Safe lock order: %1. If every request locks in this order, no cycle can form.")
                          .arg(names.join(QStringLiteral(" → ")));
    }
    update();
}

void WaitForGraphView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const QColor ink = palette().text().color();
    const QColor red(176, 0, 32);
    QFont f = font();
    const QFontMetricsF fm(f);
    const qreal lineH = fm.height();

    // Text at the bottom: caption and the safe order.
    const QString text = m_safeOrder.isEmpty() ? m_caption : m_caption + u'\n' + m_safeOrder;
    const QRectF textRect(8, 0, width() - 16, height());
    const QRectF bounds = p.boundingRect(textRect, Qt::TextWordWrap | Qt::AlignLeft, text);
    const qreal textTop = height() - bounds.height() - 6;
    p.setPen(m_cycle.empty() ? ink : red);
    p.drawText(QRectF(8, textTop, width() - 16, bounds.height()), Qt::TextWordWrap | Qt::AlignLeft, text);

    if (m_nodes.empty())
        return;
    const QRectF area(0, 0, width(), textTop - 4);
    const QPointF centre = area.center();
    const qreal actorR = std::max<qreal>(16, lineH * 1.1);
    const qreal rx = std::max<qreal>(10, area.width() / 2 - 70),
                ry = std::max<qreal>(10, area.height() / 2 - actorR - lineH * 1.4);
    std::vector<QPointF> pos(m_nodes.size());
    const int n = int(m_nodes.size());
    for (int i = 0; i < n; ++i) {
        const qreal angle = -M_PI / 2 + 2 * M_PI * i / n;
        pos[size_t(i)] = n == 1 ? centre : centre + QPointF(rx * std::cos(angle), ry * std::sin(angle));
    }
    auto nodeRect = [&](int i) {
        const Node &node = m_nodes[size_t(i)];
        if (node.isActor)
            return QRectF(pos[size_t(i)] - QPointF(actorR, actorR), QSizeF(2 * actorR, 2 * actorR));
        const qreal w = fm.horizontalAdvance(node.label) + 16, h = lineH + 10;
        return QRectF(pos[size_t(i)] - QPointF(w / 2, h / 2), QSizeF(w, h));
    };
    // Where a line from the centre of node i towards `to` leaves its shape.
    auto border = [&](int i, QPointF to) {
        const QRectF r = nodeRect(i);
        const QPointF c = r.center();
        const QPointF d = to - c;
        const qreal len = std::hypot(d.x(), d.y());
        if (len < 1)
            return c;
        if (m_nodes[size_t(i)].isActor)
            return c + d * (actorR / len);
        const qreal sx = d.x() != 0 ? (r.width() / 2) / std::abs(d.x()) : 1e9;
        const qreal sy = d.y() != 0 ? (r.height() / 2) / std::abs(d.y()) : 1e9;
        return c + d * std::min(sx, sy);
    };

    for (const Edge &e : m_edges) {
        const QPointF a = border(e.from, pos[size_t(e.to)]), b = border(e.to, pos[size_t(e.from)]);
        QPen pen(e.onCycle ? red : ink, e.onCycle ? 3.5 : 2);
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
            p.setBrush(e.onCycle ? red : ink);
            p.drawPolygon(head);
        }
        // The label sits beside the line, not on it, so crossing edges stay readable.
        if (m_edges.size() <= 8 && len > 1) {
            p.setPen(e.onCycle ? red : palette().placeholderText().color());
            QFont small = f;
            small.setPointSizeF(f.pointSizeF() * 0.85);
            p.setFont(small);
            const QPointF u = d / len, nrm(-u.y(), u.x());
            const QPointF at = a + d * 0.45 + nrm * (lineH * 0.7);
            p.drawText(QRectF(at.x() - 60, at.y() - lineH / 2, 120, lineH), Qt::AlignCenter,
                       e.wait ? tr("waits for") : tr("held by"));
        }
        p.setFont(f);
    }

    for (int i = 0; i < n; ++i) {
        const Node &node = m_nodes[size_t(i)];
        const QRectF r = nodeRect(i);
        const bool cyc = node.isActor && std::find(m_cycle.begin(), m_cycle.end(), node.actor) != m_cycle.end();
        p.setPen(QPen(cyc ? red : ink, cyc ? 3 : 1.5));
        if (node.isActor) {
            p.setBrush(QColor(225, 238, 255));
            p.drawEllipse(r);
            QFont bold = f;
            bold.setBold(true);
            p.setFont(bold);
            p.setPen(ink);
            p.drawText(r, Qt::AlignCenter, node.label);
            p.setFont(f);
            if (node.actor == m_victim) {
                p.setPen(QPen(red, 4));
                p.drawLine(r.topLeft(), r.bottomRight());
                p.drawLine(r.topRight(), r.bottomLeft());
                // Outside the ring, where no edge runs.
                const bool upper = r.center().y() < centre.y();
                const qreal y = upper ? r.top() - lineH - 2 : r.bottom() + 2;
                p.drawText(QRectF(r.center().x() - 90, y, 180, lineH), Qt::AlignCenter, tr("victim: rolled back"));
            }
        } else {
            p.setBrush(QColor(255, 243, 214));
            p.drawRoundedRect(r, 4, 4);
            p.setPen(ink);
            p.drawText(r, Qt::AlignCenter, node.label);
        }
    }
}
