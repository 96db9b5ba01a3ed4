#include "timeline/timelineframe.h"

#include <cmath>

using namespace Interleave;

namespace TimelinePaint {

QRectF Frame::loopBand(int lane) const
{
    const QRectF r = g.laneRects[size_t(lane)];
    return {r.left(), r.top() + g.markBandHeight * 0.30, r.width(), g.markBandHeight * 0.44};
}

void Frame::eventLoopOwners(int lane)
{
    // Which request the loop runs in each move: one segment per step, at most one per pixel.
    if (layout->axis() == AxisMode::Steps)
        loopOwnerSegments(lane);
    loopBusy(lane);
}

void Frame::loopBusy(int laneIndex)
{
    // CPU work on the loop: while it runs, every request on this loop waits, so it fills the loop's band.
    const TimelineLane &lane = layout->lanes()[size_t(laneIndex)];
    const QRectF band = loopBand(laneIndex);
    auto it = std::lower_bound(lane.loopBusy.begin(), lane.loopBusy.end(), scale.range.start,
                               [&](int k, double t) { return layout->intervalEnd(k) < t; });
    qreal lastRight = -1e9;
    for (; it != lane.loopBusy.end() && layout->intervalStart(*it) <= scale.range.end; ++it) {
        const qreal x0 = std::max(band.left() - 2, scale.toX(layout->intervalStart(*it)));
        const qreal x1 = std::min(band.right() + 2, std::max(scale.toX(layout->intervalEnd(*it)), x0 + 1));
        if (x1 <= lastRight)
            continue; // at most one per pixel
        lastRight = std::ceil(x1);
        const QRectF r(x0, band.top() - band.height() * 0.15, x1 - x0, band.height() * 1.3);
        p.setRenderHint(QPainter::Antialiasing, false);
        p.fillRect(r, theme.background);
        drawBar(*it, r, false);
        const LockInterval &iv = layout->analysis().intervals[size_t(*it)];
        const QString text = tr("CPU work of %1 blocks the loop").arg(layout->machine().actor(iv.actor).letter);
        const QString shown = small.elidedText(text, Qt::ElideRight, r.width() - 8);
        if (shown.size() > 3) {
            p.setFont(smallFont);
            const QRectF plate(r.left() + 3, r.center().y() - small.height() / 2, small.horizontalAdvance(shown) + 4,
                               small.height());
            p.fillRect(plate, theme.background);
            p.setPen(pal.text);
            p.drawText(plate, Qt::AlignCenter, shown);
            noteText(shown, plate);
        }
    }
}

void Frame::loopOwnerSegments(int lane)
{
    const TraceAnalysis &an = layout->analysis();
    const int instance = layout->lanes()[size_t(lane)].instance;
    const QRectF band = loopBand(lane);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setFont(smallFont);
    const int first = std::clamp(layout->stepContaining(scale.range.start), 0, an.stepCount);
    const int last = std::clamp(layout->stepContaining(scale.range.end) + 1, first, an.stepCount);
    for (int k = first; k < last;) {
        const qreal x0 = scale.toX(layout->timeOfStep(k)), x1 = scale.toX(layout->timeOfStep(k + 1));
        // Next move that starts in a pixel of its own: at most one segment per pixel.
        const int next = std::max(k + 1, layout->stepContaining(scale.toTime(std::floor(x1) + 1)));
        const int ev = an.stepStart[size_t(k)];
        const int actor =
            ev < layout->eventCount() && an.stepStart[size_t(k) + 1] > ev ? layout->trace()[size_t(ev)].actor : -1;
        if (actor < 0 || layout->machine().actor(actor).instance != instance) {
            k = next;
            continue;
        }
        const QRectF seg(x0 + 1, band.top(), std::max<qreal>(1, x1 - x0 - 2), band.height());
        p.fillRect(seg, theme.laneAlternate.darker(112));
        p.setPen(pal.thin);
        p.drawRect(seg);
        if (seg.width() > small.horizontalAdvance(QStringLiteral("runs WW")) + 6) {
            p.setPen(pal.text);
            p.drawText(seg, Qt::AlignCenter, tr("runs %1").arg(layout->machine().actor(actor).letter));
        }
        k = next;
    }
}

void Frame::drawBar(int interval, const QRectF &r, bool label)
{
    const LockInterval &iv = layout->analysis().intervals[size_t(interval)];
    const QColor color = iv.kind == LockInterval::Busy ? theme.busy : lockColor(iv);
    p.setRenderHint(QPainter::Antialiasing, false);
    QColor textColor = theme.text;
    if (iv.kind == LockInterval::Hold) {
        p.fillRect(r, color);
        textColor = color.lightnessF() < 0.55 ? QColor(Qt::white) : QColor(Qt::black);
        if (iv.end == LockInterval::Open) {
            // Still held at the end: a ragged right edge says "and on".
            p.setPen(QPen(theme.text, 1, Qt::DashLine));
            p.drawLine(QPointF(r.right(), r.top()), QPointF(r.right(), r.bottom()));
        }
    } else {
        QColor fill = color;
        fill.setAlpha(40);
        p.fillRect(r, fill);
        QPen hatch(iv.kind == LockInterval::Busy ? theme.busy : color, std::max<qreal>(1, theme.lineWidth * 0.7));
        p.setPen(hatch);
        drawHatch(p, r, std::max<qreal>(5, theme.barHeight * 0.45), iv.kind == LockInterval::Busy);
        // Cosmetic (width 0) outlines take the rasteriser's fast path, dashed or not.
        p.setPen(QPen(color, 0, iv.kind == LockInterval::Wait ? Qt::DashLine : Qt::SolidLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r);
    }
    if (label && r.width() > small.height() * 3) {
        const QString text = TimelineRenderer::intervalLabel(*layout, interval);
        const QString shown = small.elidedText(text, Qt::ElideRight, r.width() - 6);
        if (shown.size() > 3) {
            p.setFont(smallFont);
            const QRectF tr = QRectF(r.left() + 3, r.top(), small.horizontalAdvance(shown) + 4, r.height());
            if (iv.kind != LockInterval::Hold)
                p.fillRect(tr.adjusted(-2, 2, 0, -2), theme.background); // readable over the hatching
            p.setPen(iv.kind == LockInterval::Hold ? textColor : theme.text);
            p.drawText(tr, Qt::AlignVCenter | Qt::AlignLeft, shown);
        }
    }
}

void Frame::intervals(int laneIndex)
{
    const TimelineLane &lane = layout->lanes()[size_t(laneIndex)];
    const QRectF lr = g.laneRects[size_t(laneIndex)];
    const qreal barH = (lr.height() - g.markBandHeight) / std::max<size_t>(1, lane.intervalRows.size());
    const bool service = lane.kind == TimelineLane::LockService;
    // Bars narrower than a few pixels merge into runs of one kind and colour,
    // drawn once: zoomed out, a row costs a handful of rectangles.
    struct Run
    {
        int kind = -1;
        QColor color;
        qreal x0 = 0, x1 = 0, top = 0, h = 0;
    } run;
    auto flush = [&]() {
        if (run.kind < 0)
            return;
        const QRectF r(run.x0, run.top, std::max<qreal>(1, run.x1 - run.x0), run.h);
        p.setRenderHint(QPainter::Antialiasing, false);
        if (run.kind == LockInterval::Hold) {
            p.fillRect(r, run.color);
        } else {
            QColor fill = run.color;
            fill.setAlpha(40);
            p.fillRect(r, fill);
            p.setPen(QPen(run.color, 0));
            drawHatch(p, r, std::max<qreal>(5, theme.barHeight * 0.45), run.kind == LockInterval::Busy);
            p.setBrush(Qt::NoBrush);
            p.drawRect(r);
        }
        run.kind = -1;
    };
    for (size_t row = 0; row < lane.intervalRows.size(); ++row) {
        const std::vector<int> &items = lane.intervalRows[row];
        const std::vector<double> &starts = lane.intervalRowStarts[row], &ends = lane.intervalRowEnds[row];
        const qreal top = lr.top() + g.markBandHeight + row * barH + barH * 0.1;
        const qreal h = barH * 0.8;
        // Intervals in a row do not overlap, so their ends are sorted too: binary search the first visible.
        size_t i = size_t(std::lower_bound(ends.begin(), ends.end(), scale.range.start) - ends.begin());
        while (i < items.size()) {
            const int k = items[i];
            const double start = starts[i];
            if (start > scale.range.end)
                break;
            const double end = ends[i];
            const qreal x0 = std::max(lr.left() - 2, scale.toX(start));
            const qreal x1 = std::min(lr.right() + 2, std::max(scale.toX(end), x0 + 1));
            const LockInterval &iv = layout->analysis().intervals[size_t(k)];
            if (x1 - x0 < LevelOfDetail::barMinWidth) {
                const QColor color = iv.kind == LockInterval::Busy ? theme.busy : lockColor(iv);
                if (run.kind == iv.kind && run.top == top && x0 <= run.x1 + 1.5) {
                    run.x1 = std::max(run.x1, x1);
                    if (run.color != color)
                        run.color = theme.mutedText; // several locks in one run: no single colour is true
                } else {
                    flush();
                    run = {iv.kind, color, x0, x1, top, h};
                }
            } else {
                flush();
                drawBar(k, QRectF(x0, top, x1 - x0, h), true);
                if (iv.place == Place::Lease && iv.kind == LockInterval::Hold)
                    leaseGhost(k, top, h, service);
            }
            // Skip whatever would land in the pixel just drawn: at most one bar per pixel.
            const double nextTime = scale.toTime(std::floor(x1) + 1);
            i = gallop(ends, i + 1, ends.size(), nextTime);
        }
        flush();
    }
}

void Frame::leaseGhost(int k, qreal top, qreal h, bool service)
{
    const LockInterval &iv = layout->analysis().intervals[size_t(k)];
    const double end = layout->intervalEnd(k);
    // After the TTL ran out the holder still believes it holds the lock.
    const double believed = layout->intervalBelievedEnd(k);
    if (!service && believed > end) {
        const QRectF ghost(scale.toX(end), top + h * 0.15, scale.toX(believed) - scale.toX(end), h * 0.7);
        p.setPen(QPen(theme.failure, std::max<qreal>(1, theme.lineWidth * 0.7), Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(ghost);
        const QString text = tr("expired: still believes it holds it");
        if (ghost.width() > small.horizontalAdvance(text) + 6) {
            p.setFont(smallFont);
            p.setPen(QPen(theme.failure));
            p.drawText(ghost.adjusted(4, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        }
    }
    if (iv.expireEvent >= 0) {
        // The expiry moment: a heavy tick across the bar.
        const qreal xe = scale.toX(layout->eventTime(iv.expireEvent));
        p.setPen(QPen(theme.failure, theme.lineWidth * 1.6));
        p.drawLine(QPointF(xe, top - h * 0.3), QPointF(xe, top + h * 1.3));
    }
}

} // namespace TimelinePaint
