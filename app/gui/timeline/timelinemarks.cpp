#include "timeline/timelineframe.h"

#include <QPainterPath>
#include <QPolygonF>

#include <array>
#include <cmath>

using namespace Interleave;

namespace TimelinePaint {

Glyph glyphOf(const TraceEvent &e)
{
    switch (e.kind) {
    case EventKind::Read:
        return Glyph::Read;
    case EventKind::Write:
        return e.message >= 0 ? Glyph::Fail : Glyph::Write;
    case EventKind::Update:
        return Glyph::Update;
    case EventKind::Insert:
        return e.version ? Glyph::Insert : Glyph::Fail;
    case EventKind::Lookup:
        return Glyph::Lookup;
    case EventKind::Begin:
        return Glyph::TxnBegin;
    case EventKind::Commit:
        return Glyph::TxnEnd;
    case EventKind::Rollback:
        return Glyph::Rollback;
    case EventKind::LockWait:
        return Glyph::Wait;
    case EventKind::LockAcquire:
        return Glyph::Acquire;
    case EventKind::LockRelease:
        return Glyph::Release;
    case EventKind::LockDenied:
        return Glyph::Denied;
    case EventKind::LeaseExpire:
        return Glyph::Expire;
    case EventKind::Enqueue:
    case EventKind::Dequeue:
        return Glyph::Queue;
    case EventKind::Yield:
        return Glyph::Yield;
    case EventKind::Sleep:
        return Glyph::Sleep;
    case EventKind::Wake:
        return Glyph::Wake;
    case EventKind::Local:
        return Glyph::Local;
    case EventKind::Fail:
        return Glyph::Fail;
    case EventKind::Done:
        return Glyph::Done;
    case EventKind::Deadlock:
        return Glyph::Deadlock;
    case EventKind::Timeout:
        return Glyph::Timeout;
    case EventKind::Violation:
        return Glyph::Violation;
    case EventKind::Anomaly:
        return Glyph::Anomaly;
    case EventKind::Tick:
        return Glyph::Tick;
    }
    return Glyph::None;
}

// Reads, writes and transaction brackets.
void Frame::drawDataGlyph(Glyph glyph, QPointF c, qreal s)
{
    const qreal h = s / 2;
    switch (glyph) {
    case Glyph::Read:
        p.setPen(QPen(theme.read, theme.lineWidth * 1.2));
        p.setBrush(pal.white);
        p.drawEllipse(c, h, h);
        p.setBrush(QBrush(theme.read));
        p.setPen(Qt::NoPen);
        p.drawEllipse(c, h * 0.35, h * 0.35);
        break;
    case Glyph::Write:
        p.setBrush(pal.write);
        p.drawRect(QRectF(c.x() - h, c.y() - h, s, s));
        break;
    case Glyph::Update: {
        p.setBrush(pal.write);
        p.drawPolygon(QPolygonF({c + QPointF(0, -h * 1.25), c + QPointF(h * 1.25, 0), c + QPointF(0, h * 1.25),
                                 c + QPointF(-h * 1.25, 0)}));
        p.setPen(QPen(theme.read, theme.lineWidth));
        p.drawLine(c + QPointF(-h * 0.5, 0), c + QPointF(h * 0.5, 0));
        break;
    }
    case Glyph::Insert:
        p.setBrush(pal.write);
        p.drawRect(QRectF(c.x() - h, c.y() - h, s, s));
        p.setPen(QPen(theme.background, theme.lineWidth));
        p.drawLine(c + QPointF(-h * 0.6, 0), c + QPointF(h * 0.6, 0));
        p.drawLine(c + QPointF(0, -h * 0.6), c + QPointF(0, h * 0.6));
        break;
    case Glyph::Lookup:
        p.setPen(QPen(theme.read, theme.lineWidth * 1.2));
        p.setBrush(pal.white);
        p.drawPolygon(QPolygonF(
            {c + QPointF(0, -h * 1.2), c + QPointF(h * 1.2, 0), c + QPointF(0, h * 1.2), c + QPointF(-h * 1.2, 0)}));
        break;
    case Glyph::TxnBegin:
    case Glyph::TxnEnd:
    case Glyph::Rollback: {
        const qreal dir = glyph == Glyph::TxnBegin ? 1 : -1;
        QPen pen(theme.text, theme.lineWidth * 1.3);
        if (glyph == Glyph::Rollback)
            pen.setColor(theme.failure);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(QPolygonF({c + QPointF(dir * h * 0.5, -h * 1.4), c + QPointF(-dir * h * 0.2, -h * 1.4),
                                  c + QPointF(-dir * h * 0.2, h * 1.4), c + QPointF(dir * h * 0.5, h * 1.4)}));
        if (glyph == Glyph::Rollback)
            p.drawLine(c + QPointF(-h * 1.2, -h * 0.6), c + QPointF(-h * 0.3, h * 0.6));
        break;
    }
    default:
        break;
    }
}

// Locks, waits, leases and queues.
void Frame::drawLockGlyph(Glyph glyph, QPointF c, qreal s)
{
    const qreal h = s / 2;
    switch (glyph) {
    case Glyph::Acquire:
    case Glyph::Release: {
        // A padlock: closed shackle when taken, open when released.
        const QRectF body(c.x() - h * 0.8, c.y() - h * 0.1, h * 1.6, h * 1.1);
        p.setBrush(glyph == Glyph::Acquire ? QBrush(theme.text) : pal.white);
        p.setPen(QPen(theme.text, theme.lineWidth));
        QPainterPath shackle;
        const qreal sx = glyph == Glyph::Acquire ? 0 : h * 0.55;
        shackle.moveTo(c.x() - h * 0.5 + sx, body.top());
        shackle.lineTo(c.x() - h * 0.5 + sx, c.y() - h * 0.6);
        shackle.arcTo(QRectF(c.x() - h * 0.5 + sx, c.y() - h * 1.1, h, h), 180, -180);
        if (glyph == Glyph::Acquire)
            shackle.lineTo(c.x() + h * 0.5, body.top());
        p.strokePath(shackle, QPen(theme.text, theme.lineWidth));
        p.drawRect(body);
        break;
    }
    case Glyph::Wait: {
        // An hourglass.
        p.setBrush(pal.white);
        p.setPen(QPen(theme.text, theme.lineWidth));
        p.drawPolygon(QPolygonF(
            {c + QPointF(-h * 0.8, -h), c + QPointF(h * 0.8, -h), c + QPointF(-h * 0.8, h), c + QPointF(h * 0.8, h)}));
        break;
    }
    case Glyph::Denied:
        p.setBrush(pal.white);
        p.setPen(QPen(theme.failure, theme.lineWidth * 1.2));
        p.drawEllipse(c, h, h);
        p.drawLine(c + QPointF(-h * 0.7, h * 0.7), c + QPointF(h * 0.7, -h * 0.7));
        break;
    case Glyph::Expire:
    case Glyph::Timeout:
        p.setBrush(pal.white);
        p.setPen(QPen(theme.failure, theme.lineWidth * 1.2));
        p.drawPolygon(QPolygonF(
            {c + QPointF(-h * 0.8, -h), c + QPointF(h * 0.8, -h), c + QPointF(-h * 0.8, h), c + QPointF(h * 0.8, h)}));
        p.drawLine(c + QPointF(-h * 1.1, -h), c + QPointF(h * 1.1, -h));
        p.drawLine(c + QPointF(-h * 1.1, h), c + QPointF(h * 1.1, h));
        break;
    case Glyph::Queue:
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(theme.text, theme.lineWidth));
        p.drawRect(QRectF(c.x() - h * 0.2, c.y() - h * 0.7, h * 1.2, h * 1.4));
        p.drawLine(c + QPointF(-h * 1.2, 0), c + QPointF(h * 0.5, 0));
        break;
    default:
        break;
    }
}

// The passing of time and local work.
void Frame::drawTimeGlyph(Glyph glyph, QPointF c, qreal s)
{
    const qreal h = s / 2;
    switch (glyph) {
    case Glyph::Yield:
    case Glyph::Sleep: {
        // Yield: a small "z"; sleep (pause, CPU): the pause sign.
        p.setBrush(QBrush(theme.mutedText));
        p.setPen(Qt::NoPen);
        if (glyph == Glyph::Sleep) {
            p.drawRect(QRectF(c.x() - h * 0.8, c.y() - h, h * 0.55, s));
            p.drawRect(QRectF(c.x() + h * 0.25, c.y() - h, h * 0.55, s));
        } else {
            p.setPen(QPen(theme.mutedText, theme.lineWidth));
            p.setBrush(Qt::NoBrush);
            p.drawPolyline(QPolygonF({c + QPointF(-h * 0.6, -h * 0.6), c + QPointF(h * 0.6, -h * 0.6),
                                      c + QPointF(-h * 0.6, h * 0.6), c + QPointF(h * 0.6, h * 0.6)}));
        }
        break;
    }
    case Glyph::Wake:
        p.setPen(QPen(theme.mutedText, theme.lineWidth));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(
            QPolygonF({c + QPointF(-h * 0.7, h * 0.3), c + QPointF(0, -h * 0.5), c + QPointF(h * 0.7, h * 0.3)}));
        break;
    case Glyph::Local:
        p.setPen(Qt::NoPen);
        p.setBrush(QBrush(theme.mutedText));
        p.drawEllipse(c, h * 0.35, h * 0.35);
        break;
    case Glyph::Tick:
        p.setPen(QPen(theme.mutedText, theme.lineWidth));
        p.setBrush(pal.white);
        p.drawEllipse(c, h, h);
        p.drawLine(c, c + QPointF(0, -h * 0.7));
        p.drawLine(c, c + QPointF(h * 0.5, 0));
        break;
    default:
        break;
    }
}

// How a request ends, and what went wrong.
void Frame::drawOutcomeGlyph(Glyph glyph, QPointF c, qreal s)
{
    const qreal h = s / 2;
    switch (glyph) {
    case Glyph::Fail:
        p.setPen(pal.failure);
        p.drawLine(c + QPointF(-h, -h), c + QPointF(h, h));
        p.drawLine(c + QPointF(-h, h), c + QPointF(h, -h));
        break;
    case Glyph::Done:
        p.setPen(QPen(theme.text, theme.lineWidth * 1.3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(
            QPolygonF({c + QPointF(-h * 0.8, 0), c + QPointF(-h * 0.2, h * 0.7), c + QPointF(h * 0.9, -h * 0.8)}));
        break;
    case Glyph::Deadlock:
        p.setPen(pal.deadlock);
        p.setBrush(pal.white);
        p.drawEllipse(c, h * 1.3, h * 1.3);
        p.drawLine(c + QPointF(-h * 0.8, -h * 0.8), c + QPointF(h * 0.8, h * 0.8));
        p.drawLine(c + QPointF(-h * 0.8, h * 0.8), c + QPointF(h * 0.8, -h * 0.8));
        break;
    case Glyph::Violation:
    case Glyph::Anomaly: {
        const QColor col = glyph == Glyph::Violation ? theme.violation : theme.failure;
        p.setPen(QPen(col, theme.lineWidth));
        p.setBrush(QBrush(col));
        p.drawPolygon(
            QPolygonF({c + QPointF(0, -h * 1.4), c + QPointF(h * 1.3, h * 0.9), c + QPointF(-h * 1.3, h * 0.9)}));
        p.setPen(QPen(Qt::white, std::max<qreal>(1.5, theme.lineWidth), Qt::SolidLine, Qt::RoundCap));
        p.drawLine(c + QPointF(0, -h * 0.6), c + QPointF(0, h * 0.15));
        p.drawPoint(c + QPointF(0, h * 0.55));
        break;
    }
    default:
        break;
    }
}

void Frame::drawGlyph(Glyph glyph, QPointF c, qreal s, bool lost)
{
    const qreal h = s / 2;
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(pal.outline);
    switch (glyph) {
    case Glyph::None:
        break;
    case Glyph::Read:
    case Glyph::Write:
    case Glyph::Update:
    case Glyph::Insert:
    case Glyph::Lookup:
    case Glyph::TxnBegin:
    case Glyph::TxnEnd:
    case Glyph::Rollback:
        drawDataGlyph(glyph, c, s);
        break;
    case Glyph::Acquire:
    case Glyph::Release:
    case Glyph::Wait:
    case Glyph::Denied:
    case Glyph::Expire:
    case Glyph::Timeout:
    case Glyph::Queue:
        drawLockGlyph(glyph, c, s);
        break;
    case Glyph::Yield:
    case Glyph::Sleep:
    case Glyph::Wake:
    case Glyph::Local:
    case Glyph::Tick:
        drawTimeGlyph(glyph, c, s);
        break;
    case Glyph::Fail:
    case Glyph::Done:
    case Glyph::Deadlock:
    case Glyph::Violation:
    case Glyph::Anomaly:
        drawOutcomeGlyph(glyph, c, s);
        break;
    }
    if (lost) {
        // Struck through: the write that vanished.
        p.setPen(pal.lost);
        p.drawLine(c + QPointF(-h * 1.6, h * 1.2), c + QPointF(h * 1.6, -h * 1.2));
    }
}

void Frame::marks(int laneIndex)
{
    const TimelineLane &lane = layout->lanes()[size_t(laneIndex)];
    if (lane.events.empty())
        return;
    const QRectF lr = g.laneRects[size_t(laneIndex)];
    const qreal y = glyphY(laneIndex);
    const int first = TimelineLayout::lowerBound(lane, scale.range.start - scale.unitsPerPixel() * 8);
    const int last = TimelineLayout::lowerBound(lane, scale.range.end + scale.unitsPerPixel() * 8);
    const int count = last - first;
    if (count <= 0)
        return;
    const double spacing = g.plotRect.width() / count;
    if (spacing < std::max<double>(LevelOfDetail::glyphMinSpacing, theme.markSize * 2.2)) {
        aggregateMarks(lane, first, last, y);
        return;
    }
    // Individual marks; labels where there is room.
    const bool labels = spacing >= LevelOfDetail::labelMinSpacing * 0.25;
    LabelRows rows;
    labelPlate = laneIndex % 2 == 1 ? theme.laneAlternate : theme.background;
    for (int i = first; i < last; ++i) {
        const int ev = lane.events[size_t(i)];
        const TraceEvent &e = layout->trace()[size_t(ev)];
        const QPointF c(scale.toX(lane.times[size_t(i)]), y);
        const bool primary = TimelineLayout::isLabelledAbove(e);
        const qreal size = primary ? theme.markSize : theme.markSize * 0.8;
        drawGlyph(glyphOf(e), c, size, layout->eventClass(ev) & ClassOverwritten);
        if (layout->eventClass(ev) & ClassRetry) {
            p.setPen(QPen(theme.text, theme.lineWidth));
            p.setFont(smallFont);
            p.drawText(QPointF(c.x() - size * 1.5 - small.horizontalAdvance(QStringLiteral("↺")),
                               c.y() + small.ascent() * 0.4),
                       QStringLiteral("↺"));
        }
        if (!labels)
            continue;
        if (e.kind == EventKind::Violation)
            continue; // drawn as a banner across the plot
        if (e.kind == EventKind::Deadlock && hasDrawnCycle(ev))
            continue; // the cycle's badge names the victim; leave room for its error
        markLabel(ev, c, lr, primary, rows);
    }
}

void Frame::aggregateMarks(const TimelineLane &lane, int first, int last, qreal y)
{
    // One tick per pixel column, coloured by the most serious thing in it.
    p.setRenderHint(QPainter::Antialiasing, false);
    enum {
        Serious,
        Lost,
        Write,
        Read,
        Other,
        Buckets
    };
    std::array<QVector<QLineF>, Buckets> lines;
    const qreal top = y - theme.markSize * 0.9, bottom = y + theme.markSize * 0.9;
    int i = first;
    while (i < last) {
        const qreal x = std::floor(scale.toX(lane.times[size_t(i)]));
        const double next = scale.toTime(x + 1);
        const int j = std::max(i + 1, int(gallop(lane.times, size_t(i), size_t(last), next)));
        const uint16_t mask = TimelineLayout::classesIn(lane, i, j);
        int bucket = Other;
        if (mask & (ClassFailure | ClassDeadlock | ClassViolation))
            bucket = Serious;
        else if (mask & ClassLost)
            bucket = Lost;
        else if (mask & ClassWrite)
            bucket = Write;
        else if (mask & ClassRead)
            bucket = Read;
        // Taller ticks where more happens: 1, 10+ or 100+ events in the pixel.
        const int n = j - i;
        const qreal extra = theme.markSize * (n >= 100 ? 0.6 : n >= 10 ? 0.3 : 0.0);
        lines[size_t(bucket)].append(QLineF(x + 0.5, top - extra, x + 0.5, bottom + extra));
        i = j;
    }
    const std::array<QColor, Buckets> colors = {theme.failure, theme.lost, theme.write.darker(115), theme.read,
                                                theme.mutedText};
    for (int b = Buckets - 1; b >= 0; --b) {
        if (lines[size_t(b)].isEmpty())
            continue;
        p.setPen(QPen(colors[size_t(b)], 1));
        p.drawLines(lines[size_t(b)]);
    }
}

void Frame::markLabel(int ev, QPointF c, const QRectF &lr, bool primary, LabelRows &rows)
{
    const TraceEvent &e = layout->trace()[size_t(ev)];
    const QFontMetricsF &metrics = primary ? fm : small;
    qreal &right = primary ? rows.primaryRight : rows.secondaryRight;
    // No room for even a short label: do not build its text.
    const qreal room = c.x() - theme.markSize * 0.3 - (right + metrics.averageCharWidth());
    if (room < 0)
        return;
    QString text = TimelineRenderer::markLabel(*layout, ev);
    const bool lost = primary && (layout->eventClass(ev) & ClassOverwritten);
    // The struck-through write says in words what happened to it, on every model.
    const QString lostNote = lost ? tr("LOST UPDATE") : QString();
    if (primary && (layout->eventClass(ev) & ClassStale))
        text += tr(" (stale)");
    const qreal gap = metrics.averageCharWidth();
    const qreal textW = metrics.horizontalAdvance(text);
    const qreal w = textW + (lost ? gap + fm.horizontalAdvance(lostNote) : 0);
    // Centred on its mark, but kept inside the plot at both ends; crowded, slide right of the previous label.
    qreal x = std::max(std::min(c.x() - w / 2, lr.right() - w - 4), lr.left() + 2);
    // A lost write's label ends at its mark, so the arrow to the write that overwrote it leaves it clear.
    if (lost && c.x() + theme.markSize * 0.2 - w >= std::max(right + gap, lr.left() + 2))
        x = c.x() + theme.markSize * 0.2 - w;
    x = std::max(x, right + gap);
    // A label that would not start over its mark, or would be cut at the edge, is left to the tooltip.
    if (x > c.x() - theme.markSize * 0.3 || x + w > lr.right() - 2)
        return;
    const qreal base =
        primary ? c.y() - theme.markSize * 0.75 - fm.descent() - 2 : c.y() + theme.markSize * 0.75 + small.ascent() + 2;
    const QRectF plate(x - 1, base - metrics.ascent(), w + 2, metrics.height());
    // Lanes squeezed below the text's height: a label that would spill into the bars or the next lane
    // is left to the tooltip rather than drawn over them.
    if (plate.top() < lr.top() - 1 || plate.bottom() > lr.top() + g.markBandHeight + 1)
        return;
    p.setFont(primary ? theme.font : smallFont);
    p.fillRect(plate, labelPlate); // arrows and the deadlock loop pass behind the text
    if (!primary) {
        p.setPen(pal.textMuted);
    } else {
        const bool failure = isFailureEvent(e) || e.kind == EventKind::LockDenied || e.kind == EventKind::LeaseExpire;
        p.setPen(e.kind == EventKind::Read || e.kind == EventKind::Lookup ? theme.read
                     : failure                                            ? theme.failure
                                                                          : theme.text);
    }
    p.drawText(QPointF(x, base), text);
    if (lost) {
        p.setPen(pal.lost);
        const qreal sy = base - fm.ascent() * 0.35;
        p.drawLine(QPointF(x - 2, sy), QPointF(x + textW + 2, sy));
        p.setPen(theme.lost);
        p.drawText(QPointF(x + textW + gap, base), lostNote);
        lostLabelled.push_back(ev);
    }
    right = x + w;
    noteText(lost ? text + u' ' + lostNote : text, plate);
}

std::vector<LegendItem> legendItems(const TimelineLayout *layout)
{
    std::vector<LegendItem> items;
    const uint16_t c = layout ? layout->classesPresent() : uint16_t(ClassRead | ClassWrite);
    if (!layout || layout->hasEventKind(EventKind::Read))
        items.push_back({Glyph::Read, LegendItem::Mark, TimelineRenderer::tr("R read: the value it saw")});
    if (!layout || layout->hasEventKind(EventKind::Write))
        items.push_back({Glyph::Write, LegendItem::Mark, TimelineRenderer::tr("W write")});
    if (layout && !layout->analysis().flows.empty())
        items.push_back({Glyph::None, LegendItem::Arrow, TimelineRenderer::tr("write → the reads that saw it")});
    if (layout && layout->hasEventKind(EventKind::Update))
        items.push_back({Glyph::Update, LegendItem::Mark, TimelineRenderer::tr("atomic update (read + write in one)")});
    if (c & ClassLost)
        items.push_back({Glyph::Write, LegendItem::LostArrow,
                         TimelineRenderer::tr("lost update: struck-through write, overwritten")});
    if (layout && layout->hasIntervalKind(LockInterval::Hold))
        items.push_back({Glyph::None, LegendItem::Hold, TimelineRenderer::tr("holds a lock (solid, lock's colour)")});
    if (layout && layout->hasIntervalKind(LockInterval::Wait))
        items.push_back({Glyph::None, LegendItem::WaitBar, TimelineRenderer::tr("waits for a lock (hatched)")});
    if (layout && layout->hasIntervalKind(LockInterval::Busy))
        items.push_back({Glyph::None, LegendItem::BusyBar, TimelineRenderer::tr("busy or paused (cross-hatched)")});
    if (layout && layout->hasLeases())
        items.push_back({Glyph::Expire, LegendItem::Lease,
                         TimelineRenderer::tr("lease: TTL bar, red bar = expired; token n on writes")});
    if (c & ClassTxn)
        items.push_back({Glyph::TxnBegin, LegendItem::Mark, TimelineRenderer::tr("transaction begin / commit")});
    if (c & ClassFailure)
        items.push_back({Glyph::Fail, LegendItem::Mark, TimelineRenderer::tr("error or rejected")});
    if (c & ClassDeadlock || (layout && !layout->analysis().deadlocks.empty()))
        items.push_back({Glyph::Deadlock, LegendItem::Cycle, TimelineRenderer::tr("deadlock cycle and its victim")});
    if (c & ClassViolation)
        items.push_back({Glyph::Violation, LegendItem::Mark, TimelineRenderer::tr("rule broken here")});
    if (c & ClassRetry)
        items.push_back({Glyph::None, LegendItem::Mark, TimelineRenderer::tr("retry (jumped back)")});
    return items;
}

void Frame::legend()
{
    const QRectF r = g.legendRect;
    if (r.height() <= 0)
        return;
    const qreal pad = fm.height() * 0.5;
    const qreal swatch = theme.markSize * 2.6;
    const qreal rowH = fm.height() * 1.5;
    qreal x = r.left(), y = r.top() + pad * 0.5;
    p.setFont(theme.font);
    for (const LegendItem &item : legendItems(layout)) {
        const qreal w = swatch + fm.horizontalAdvance(item.text) + 2 * pad;
        if (x > r.left() && x + w > r.right()) {
            x = r.left();
            y += rowH;
        }
        const QPointF c(x + swatch / 2, y + rowH / 2);
        const QRectF bar(x + 2, c.y() - theme.barHeight * 0.35, swatch - 4, theme.barHeight * 0.7);
        switch (item.swatch) {
        case LegendItem::Mark:
            if (item.glyph == Glyph::None) {
                p.setPen(pal.text);
                p.drawText(QRectF(x, y, swatch, rowH), Qt::AlignCenter, QStringLiteral("↺"));
            } else {
                drawGlyph(item.glyph, c, theme.markSize);
                if (item.glyph == Glyph::TxnBegin)
                    drawGlyph(Glyph::TxnEnd, c + QPointF(theme.markSize * 0.8, 0), theme.markSize);
            }
            break;
        case LegendItem::LostArrow:
            drawGlyph(Glyph::Write, c, theme.markSize, true);
            break;
        case LegendItem::Hold:
            p.fillRect(bar, firstColor(LockInterval::Hold, false));
            break;
        case LegendItem::WaitBar:
        case LegendItem::BusyBar: {
            const QColor col = item.swatch == LegendItem::BusyBar ? theme.busy : firstColor(LockInterval::Wait, false);
            p.setRenderHint(QPainter::Antialiasing, false);
            p.setPen(QPen(col, std::max<qreal>(1, theme.lineWidth * 0.7)));
            drawHatch(p, bar, std::max<qreal>(5, theme.barHeight * 0.45), item.swatch == LegendItem::BusyBar);
            p.setBrush(Qt::NoBrush);
            p.drawRect(bar);
            break;
        }
        case LegendItem::Arrow: {
            QPen pen = pal.flow;
            arrow(QPointF(x + 2, c.y()), QPointF(x + swatch - 2, c.y()), pen, 0);
            break;
        }
        case LegendItem::Cycle:
            drawGlyph(Glyph::Deadlock, c, theme.markSize * 0.9);
            break;
        case LegendItem::Lease:
            p.fillRect(bar, firstColor(LockInterval::Hold, true));
            p.setPen(QPen(theme.failure, theme.lineWidth * 1.6));
            p.drawLine(QPointF(bar.right(), bar.top() - 3), QPointF(bar.right(), bar.bottom() + 3));
            break;
        case LegendItem::Cursor:
            break;
        }
        p.setFont(theme.font);
        p.setPen(pal.text);
        p.drawText(QPointF(x + swatch + pad * 0.5, c.y() + fm.ascent() * 0.38), item.text);
        x += w;
    }
}

} // namespace TimelinePaint
