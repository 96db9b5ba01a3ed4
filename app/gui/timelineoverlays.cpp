#include "timelineframe.h"

#include <QLineF>
#include <QPainterPath>
#include <QPolygonF>

#include <cmath>

namespace Interleave::TimelinePaint {

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

void Frame::lostUpdates()
{
    // Zoomed out, the red ticks in the lanes say it; arrows need room.
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
            ? -g.markBandHeight * 0.35 : -theme.markSize;
        arrow(from + unit * r, to - unit * r, pal.lostArrow, bend);
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
            textRects.push_back(box);
        }
    }
}

void Frame::deadlocks()
{
    const TraceAnalysis &an = layout->analysis();
    const auto &order = layout->deadlocksByTime();
    if (order.empty())
        return;
    const double margin = detail ? scale.range.length() * 0.2 : 0;
    auto it = std::lower_bound(order.begin(), order.end(), scale.range.start - margin,
                               [&](int k, double t) { return layout->deadlockTime(k) < t; });
    if (!detail) {
        // Zoomed out: one red line across the plot per pixel column that holds a deadlock.
        p.setRenderHint(QPainter::Antialiasing, false);
        QVector<QLineF> lines;
        qreal lastX = -1;
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
    for (int drawn = 0; it != order.end() && layout->deadlockTime(*it) <= scale.range.end + margin && drawn < 100; ++it, ++drawn) {
        const DeadlockCycle &cycle = an.deadlocks[size_t(*it)];
        if (cycle.edges.empty())
            continue;
        const double t = layout->deadlockTime(*it);
        const qreal x = scale.toX(t);
        const qreal dx = std::max<qreal>(theme.markSize * 1.6, std::min<qreal>(60, scale.pixelsPerUnit() * 0.25));
        qreal top = 1e9, bottom = -1e9;
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
            p.setPen(pal.deadlock);
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
            const qreal len = std::max<qreal>(8, theme.lineWidth * 4);
            p.setBrush(theme.deadlock);
            p.drawPolygon(QPolygonF({end, end + QPointF(-len * 0.5, -dir * len), end + QPointF(len * 0.5, -dir * len)}));
            top = std::min({top, from.y(), to.y()});
            bottom = std::max({bottom, from.y(), to.y()});
        }
        if (top < bottom) {
            const QString text = cycle.victim >= 0
                ? tr("DEADLOCK · victim %1").arg(layout->machine().actor(cycle.victim).letter)
                : tr("DEADLOCK · all wait forever");
            p.setFont(theme.font);
            const qreal w = fm.horizontalAdvance(text);
            const QRectF box(x - w / 2 - 5, top - g.markBandHeight * 0.5 + 1, w + 10, fm.height());
            p.setPen(QPen(theme.deadlock, theme.lineWidth));
            p.setBrush(theme.deadlock);
            p.drawRect(box);
            p.setPen(Qt::white);
            p.drawText(box, Qt::AlignCenter, text);
        }
    }
}

void Frame::globalMarks()
{
    const QRectF band = g.bannerRect;
    if (band.isEmpty())
        return;
    p.setRenderHint(QPainter::Antialiasing, false);
    // Clock ticks (actor -1): a thin dashed line and the new time in the banner.
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
            continue;   // at most one per pixel
        lastX = x;
        p.setPen(tickPen);
        p.drawLine(QPointF(x, band.top()), QPointF(x, g.plotRect.bottom()));
        const QString text = TimelineRenderer::markLabel(*layout, *it);
        if (x > lastLabel) {
            p.setPen(pal.textMuted);
            p.drawText(QPointF(x + 3, band.center().y() + small.ascent() * 0.4), text);
            lastLabel = x + small.horizontalAdvance(text) + 6;
        }
    }
    // Rule breaks: a line across every lane and a banner saying which rule, so nobody misses it.
    const TraceAnalysis &an = layout->analysis();
    qreal lastRight = -1e9;
    p.setFont(theme.font);
    for (int v : an.violations) {
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
    }
}

} // namespace Interleave::TimelinePaint
