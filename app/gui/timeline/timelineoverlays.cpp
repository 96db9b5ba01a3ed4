#include "timeline/timelineframe.h"

#include <QLineF>
#include <QPainterPath>
#include <QPolygonF>

#include <cmath>
#include <optional>

using namespace Interleave;

namespace TimelinePaint {

void Frame::arrow(const QPointF &from, const QPointF &to, const QPen &pen, qreal bend)
{
    QPainterPath path(from);
    const QPointF mid = (from + to) / 2;
    const QPointF ctrl(mid.x() + bend * 0.3, mid.y() - bend);
    path.quadTo(ctrl, to);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    // Arrow head along the final tangent.
    const QLineF tangent(ctrl, to);
    const qreal len = std::max<qreal>(7, pen.widthF() * 3.2);
    const qreal angle = std::atan2(-tangent.dy(), tangent.dx());
    const QPointF a = to - QPointF(std::cos(angle - 0.45) * len, -std::sin(angle - 0.45) * len);
    const QPointF b = to - QPointF(std::cos(angle + 0.45) * len, -std::sin(angle + 0.45) * len);
    QPen solid = pen;
    solid.setStyle(Qt::SolidLine);
    p.setPen(solid);
    p.setBrush(pen.color());
    p.drawPolygon(QPolygonF({to, a, b}));
}

void Frame::flows()
{
    const TraceAnalysis &an = layout->analysis();
    // Arrows only when events are far enough apart to tell which is which.
    if (an.flows.empty() || !detail)
        return;
    p.setRenderHint(QPainter::Antialiasing, true);
    const auto &byRead = layout->flowsByRead();
    auto readTime = [&](int f) { return layout->eventTime(an.flows[size_t(f)].read); };
    auto it = std::lower_bound(byRead.begin(), byRead.end(), scale.range.start,
                               [&](int f, double t) { return readTime(f) < t; });
    int drawn = 0;
    QPen pen = pal.flow;
    QColor c = theme.read;
    c.setAlpha(170);
    pen.setColor(c);
    auto drawFlow = [&](int f) {
        const TraceAnalysis::Flow &flow = an.flows[size_t(f)];
        const int wl = layout->laneOfEvent(flow.write), rl = layout->laneOfEvent(flow.read);
        if (wl < 0 || rl < 0)
            return;
        QPointF from = eventPoint(flow.write), to = eventPoint(flow.read);
        const qreal r = theme.markSize * 0.6;
        // Leave the marks visible: start and end at their rims.
        const QLineF line(from, to);
        if (line.length() < 2 * r + 2)
            return;
        const QPointF unit = (to - from) / line.length();
        from += unit * r;
        to -= unit * (r + 1);
        arrow(from, to, pen, wl == rl ? g.markBandHeight * 0.28 : 0);
        ++drawn;
    };
    for (; it != byRead.end() && readTime(*it) <= scale.range.end && drawn < 4000; ++it)
        drawFlow(*it);
    // Writes on screen whose reads are further right.
    const auto &byWrite = layout->flowsByWrite();
    auto writeTime = [&](int f) { return layout->eventTime(an.flows[size_t(f)].write); };
    for (auto w = std::lower_bound(byWrite.begin(), byWrite.end(), scale.range.start,
                                   [&](int f, double t) { return writeTime(f) < t; });
         w != byWrite.end() && writeTime(*w) <= scale.range.end && drawn < 4000; ++w)
        if (readTime(*w) > scale.range.end)
            drawFlow(*w);
}

void Frame::lostUpdates(bool arrows)
{
    // Zoomed out, the red ticks in the lanes say it; arrows need room. Two passes: the arrows
    // before the marks (their labels' plates keep text readable), the fallback words after.
    const TraceAnalysis &an = layout->analysis();
    if (!detail || an.lostUpdates.empty())
        return;
    p.setRenderHint(QPainter::Antialiasing, true);
    const auto &order = layout->lostUpdatesByTime();
    auto overwriting = [&](int k) { return layout->eventTime(an.lostUpdates[size_t(k)].overwritingWrite); };
    auto it = std::lower_bound(order.begin(), order.end(), scale.range.start,
                               [&](int k, double t) { return overwriting(k) < t; });
    int drawn = 0;
    for (; it != order.end() && overwriting(*it) <= scale.range.end + scale.range.length() && drawn < 500; ++it) {
        const LostUpdate &lu = an.lostUpdates[size_t(*it)];
        const double t0 = layout->eventTime(lu.overwrittenWrite);
        if (t0 > scale.range.end)
            continue;
        ++drawn;
        QPointF from = eventPoint(lu.overwrittenWrite), to = eventPoint(lu.overwritingWrite);
        if (QLineF(from, to).length() < theme.markSize * 3)
            continue;
        const qreal r = theme.markSize * 0.9;
        const QPointF unit = (to - from) / QLineF(from, to).length();
        const qreal bend = layout->laneOfEvent(lu.overwrittenWrite) == layout->laneOfEvent(lu.overwritingWrite)
            ? -g.markBandHeight * 0.35
            : -theme.markSize;
        if (arrows) {
            arrow(from + unit * r, to - unit * r, pal.lostArrow, bend);
            continue;
        }
        // The write's own label says "LOST UPDATE" when it had room; otherwise say it at the arrow's middle.
        if (std::find(lostLabelled.begin(), lostLabelled.end(), lu.overwrittenWrite) != lostLabelled.end())
            continue;
        const QString text = tr("LOST UPDATE: %1 overwritten").arg(layout->trace()[size_t(lu.overwrittenWrite)].value);
        p.setFont(theme.font);
        const qreal w = fm.horizontalAdvance(text);
        const QPointF mid = (from + to) / 2 + QPointF(0, bend * 0.5);
        const QRectF box(mid.x() - w / 2 - 4, mid.y() - fm.height() / 2, w + 8, fm.height());
        if (box.left() >= g.plotRect.left() && box.right() <= g.plotRect.right() && !overlapsText(box)) {
            p.setPen(QPen(theme.lost, std::max<qreal>(1, theme.lineWidth * 0.7)));
            p.setBrush(pal.white);
            p.drawRect(box);
            p.setPen(theme.lost);
            p.drawText(box, Qt::AlignCenter, text);
            noteText(text, box);
        }
    }
}

template<typename F>
void Frame::forVisibleCycles(F &&draw)
{
    const auto &order = layout->deadlocksByTime();
    const double margin = scale.range.length() * 0.2;
    auto it = std::lower_bound(order.begin(), order.end(), scale.range.start - margin,
                               [&](int k, double t) { return layout->deadlockTime(k) < t; });
    for (int drawn = 0; it != order.end() && layout->deadlockTime(*it) <= scale.range.end + margin && drawn < 100;
         ++it) {
        if (layout->analysis().deadlocks[size_t(*it)].edges.empty())
            continue;
        draw(*it);
        ++drawn;
    }
}

void Frame::deadlocks()
{
    const auto &order = layout->deadlocksByTime();
    if (order.empty())
        return;
    if (!detail) {
        // Zoomed out: one red line across the plot per pixel column that holds a deadlock.
        p.setRenderHint(QPainter::Antialiasing, false);
        QVector<QLineF> lines;
        qreal lastX = -1;
        auto it = std::lower_bound(order.begin(), order.end(), scale.range.start,
                                   [&](int k, double t) { return layout->deadlockTime(k) < t; });
        for (; it != order.end() && layout->deadlockTime(*it) <= scale.range.end; ++it) {
            const qreal x = std::floor(scale.toX(layout->deadlockTime(*it))) + 0.5;
            if (x == lastX)
                continue;
            lines.append(QLineF(x, g.plotRect.top(), x, g.plotRect.bottom()));
            lastX = x;
        }
        QColor c = theme.deadlock;
        c.setAlpha(110);
        p.setPen(QPen(c, 1));
        p.drawLines(lines);
        return;
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    forVisibleCycles([&](int k) { deadlockCycle(k); });
}

qreal Frame::cycleOffset() const
{
    return std::max<qreal>(theme.markSize * 1.6, std::min<qreal>(60, scale.pixelsPerUnit() * 0.25));
}

void Frame::deadlockCycle(int index)
{
    // Drawn before the marks: their labels sit on a plate of the lane's colour, so the loop passes behind text.
    const DeadlockCycle &cycle = layout->analysis().deadlocks[size_t(index)];
    const qreal x = scale.toX(layout->deadlockTime(index));
    const qreal dx = cycleOffset();
    const QPen pen =
        cycleTimedOut(cycle) >= 0 ? QPen(theme.wait, pal.deadlock.widthF(), Qt::DashLine, Qt::RoundCap) : pal.deadlock;
    for (size_t k = 0; k < cycle.edges.size(); ++k) {
        const Machine::WaitEdge &edge = cycle.edges[k];
        const int wl = layout->laneForActor(edge.waiter), hl = layout->laneForActor(edge.holder);
        if (wl < 0 || hl < 0)
            continue;
        // Alternate sides so the cycle reads as a loop: down on one side, up on the other.
        const qreal side = (k % 2 == 0) ? dx : -dx;
        const QPointF from(x + side * 0.35, glyphY(wl)), to(x + side * 0.35, glyphY(hl));
        const qreal dir = to.y() > from.y() ? 1 : -1;
        QPainterPath path(from + QPointF(0, dir * theme.markSize));
        const QPointF end = to - QPointF(0, dir * theme.markSize);
        path.cubicTo(from + QPointF(side, dir * theme.markSize), end + QPointF(side, 0), end);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        const qreal len = std::max<qreal>(8, theme.lineWidth * 4);
        QPen head = pen;
        head.setStyle(Qt::SolidLine);
        p.setPen(head);
        p.setBrush(pen.color());
        p.drawPolygon(QPolygonF({end, end + QPointF(-len * 0.5, -dir * len), end + QPointF(len * 0.5, -dir * len)}));
    }
}

int Frame::cycleTimedOut(const DeadlockCycle &cycle) const
{
    // With no detector a lock wait timeout breaks the cycle: the first member whose wait timed out.
    if (cycle.event >= 0 || cycle.closingEvent < 0)
        return -1;
    for (const LockInterval &iv : layout->analysis().intervals)
        if (iv.kind == LockInterval::Wait && iv.end == LockInterval::TimedOut && iv.endEvent > cycle.closingEvent &&
            std::find(cycle.actors.begin(), cycle.actors.end(), iv.actor) != cycle.actors.end())
            return iv.actor;
    return -1;
}

QString Frame::deadlockBadge(const DeadlockCycle &cycle) const
{
    const Machine &m = layout->machine();
    if (cycle.victim >= 0)
        return tr("DEADLOCK · victim %1").arg(m.actor(cycle.victim).letter);
    if (const int timedOut = cycleTimedOut(cycle); timedOut >= 0)
        return tr("wait for each other · lock wait timeout fails %1").arg(m.actor(timedOut).letter);
    return tr("DEADLOCK · they wait for each other");
}

void Frame::deadlockBadges()
{
    if (!detail)
        return;
    p.setRenderHint(QPainter::Antialiasing, true);
    forVisibleCycles([&](int index) {
        const DeadlockCycle &cycle = layout->analysis().deadlocks[size_t(index)];
        qreal top = 1e9;
        for (const Machine::WaitEdge &edge : cycle.edges)
            for (int actor : {edge.waiter, edge.holder})
                if (const int lane = layout->laneForActor(actor); lane >= 0)
                    top = std::min(top, glyphY(lane));
        if (top > 1e8)
            return;
        const bool timedOut = cycleTimedOut(cycle) >= 0;
        p.setFont(theme.font);
        // The full badge where it fits clear of text, else the short one; where neither fits, the
        // cycle and the victim's own marks say it.
        QString text;
        std::optional<QRectF> box;
        for (const QString &candidate : {deadlockBadge(cycle), timedOut ? tr("timeout") : tr("DEADLOCK")}) {
            const qreal w = fm.horizontalAdvance(candidate) + 10, h = fm.height();
            box = freeSpot(scale.toX(layout->deadlockTime(index)), top - g.markBandHeight * 0.5 + 1 + h / 2, w, h,
                           cycleOffset());
            text = candidate;
            if (box)
                break;
        }
        if (!box)
            return;
        p.setPen(QPen(timedOut ? theme.wait : theme.deadlock, theme.lineWidth));
        p.setBrush(timedOut ? theme.background : theme.deadlock);
        p.drawRect(*box);
        p.setPen(timedOut ? theme.text : QColor(Qt::white));
        p.drawText(*box, Qt::AlignCenter, text);
        noteText(text, *box);
    });
}

std::optional<QRectF> Frame::freeSpot(qreal x, qreal y, qreal w, qreal h, qreal dx) const
{
    // Centred on (x, y) if no text is there; else the nearest of a few places beside it, up and down.
    const QRectF plot = g.plotRect;
    for (qreal oy : {0.0, -h * 1.1, h * 1.1})
        for (qreal ox : {0.0, -(w / 2 + dx), w / 2 + dx, -(w + dx), w + dx}) {
            const qreal left =
                std::clamp(x + ox - w / 2, plot.left() + 1, std::max(plot.left() + 1, plot.right() - w - 1));
            const QRectF r(left, y + oy - h / 2, w, h);
            if (r.top() >= plot.top() && r.bottom() <= plot.bottom() && !overlapsText(r))
                return r;
        }
    return std::nullopt;
}

void Frame::globalMarks()
{
    if (g.bannerRect.isEmpty())
        return;
    p.setRenderHint(QPainter::Antialiasing, false);
    clockTicks();
    ruleBanners();
}

void Frame::clockTicks()
{
    // Clock ticks (actor -1): a thin dashed line and the new time in the banner.
    const QRectF band = g.bannerRect;
    const auto &global = layout->globalEvents();
    auto it = std::lower_bound(global.begin(), global.end(), scale.range.start,
                               [&](int ev, double t) { return layout->eventTime(ev) < t; });
    qreal lastX = -1e9, lastLabel = -1e9;
    p.setFont(smallFont);
    const QPen tickPen(theme.mutedText, 1, Qt::DashLine);
    for (; it != global.end() && layout->eventTime(*it) <= scale.range.end; ++it) {
        if (layout->trace()[size_t(*it)].kind != EventKind::Tick)
            continue;
        const qreal x = scale.toX(layout->eventTime(*it));
        if (x - lastX < 2)
            continue; // at most one per pixel
        lastX = x;
        p.setPen(tickPen);
        p.drawLine(QPointF(x, band.top()), QPointF(x, g.plotRect.bottom()));
        if (x > lastLabel) {
            const QString text = TimelineRenderer::markLabel(*layout, *it);
            const QRectF box(x + 3, band.center().y() - small.height() / 2, small.horizontalAdvance(text),
                             small.height());
            p.setPen(pal.textMuted);
            p.drawText(QPointF(box.left(), band.center().y() + small.ascent() * 0.4), text);
            lastLabel = box.right() + 3;
            noteText(text, box);
        }
    }
}

void Frame::ruleBanners()
{
    // Rule breaks: a line across every lane and a banner saying which rule, so nobody misses it.
    const QRectF band = g.bannerRect;
    qreal lastRight = -1e9;
    p.setFont(theme.font);
    for (int v : layout->analysis().violations) {
        const double t = layout->eventTime(v);
        if (!scale.range.contains(t))
            continue;
        const qreal x = scale.toX(t);
        p.setPen(pal.violation);
        p.drawLine(QPointF(x, band.top()), QPointF(x, g.plotRect.bottom()));
        const QString text = TimelineRenderer::markLabel(*layout, v);
        const qreal w = std::min(fm.horizontalAdvance(text) + 12, band.width());
        const qreal left = std::max(band.left(), std::min(x - 1, band.right() - w));
        if (left < lastRight)
            continue;
        const QRectF box(left, band.top() + 2, w, band.height() - 4);
        p.fillRect(box, theme.violation);
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter, fm.elidedText(text, Qt::ElideRight, w - 8));
        lastRight = box.right() + 4;
        noteText(text, box);
    }
}

} // namespace TimelinePaint
