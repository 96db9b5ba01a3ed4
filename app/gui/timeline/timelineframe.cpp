#include "timeline/timelineframe.h"

#include <QLineF>

#include <cmath>

using namespace Interleave;

namespace TimelinePaint {

Frame::Frame(QPainter &p, const TimelineLayout *layout, const TimelineGeometry &g, const TimeRange &range,
             const TimelineTheme &theme, const TimelineOptions &options)
    : p(p)
    , layout(layout)
    , g(g)
    , theme(theme)
    , options(options)
    , fm(theme.font)
    , small(theme.font)
{
    scale.range = range;
    scale.left = g.plotRect.left();
    scale.width = g.plotRect.width();
    QFont s = theme.font;
    s.setPixelSize(std::max(9, int(theme.font.pixelSize() * 0.86)));
    s.setBold(false);
    smallFont = s;
    small = QFontMetricsF(smallFont);
    const qreal lw = theme.lineWidth;
    pal.outline = QPen(theme.text, lw);
    pal.outline.setJoinStyle(Qt::MiterJoin);
    pal.thin = QPen(theme.text, std::max<qreal>(1, lw * 0.6));
    pal.muted = QPen(theme.mutedText, std::max<qreal>(1, lw * 0.6));
    pal.text = QPen(theme.text);
    pal.textMuted = QPen(theme.mutedText);
    pal.flow = QPen(theme.read, std::max<qreal>(1, lw * 0.8));
    pal.lost = QPen(theme.lost, lw * 1.6, Qt::SolidLine, Qt::RoundCap);
    pal.lostArrow = QPen(theme.lost, lw * 1.3, Qt::DashLine, Qt::RoundCap);
    pal.failure = QPen(theme.failure, lw * 1.5, Qt::SolidLine, Qt::RoundCap);
    pal.deadlock = QPen(theme.deadlock, lw * 1.6, Qt::SolidLine, Qt::RoundCap);
    pal.violation = QPen(theme.violation, lw * 1.2, Qt::DashDotLine);
    pal.cursor = QPen(theme.cursor, lw * 1.5);
    pal.selection = QPen(theme.selection, lw * 1.5);
    pal.hover = QPen(theme.selection, lw, Qt::DotLine);
    pal.grid = QPen(theme.grid, 1);
    pal.axis = QPen(theme.axis, std::max<qreal>(1, lw * 0.6));
    pal.read = QBrush(theme.background);
    pal.write = QBrush(theme.write);
    pal.white = QBrush(theme.background);
    pal.failureBrush = QBrush(theme.failure);
    pal.violationBrush = QBrush(theme.violation);
    pal.busy = QBrush(theme.busy);
}

QColor Frame::lockColor(Place place, int resource, int instance) const
{
    // Each instance's mutex is a different lock, so it gets a different colour.
    const auto &palette = theme.lockPalette;
    const size_t k =
        (size_t(place) * 7 + size_t(std::max(0, resource)) + size_t(std::max(0, instance)) * 3) % palette.size();
    return palette[k];
}

// The legend shows the colour the first such bar has on screen, not an arbitrary one.
QColor Frame::firstColor(LockInterval::Kind kind, bool lease) const
{
    const int k = layout->firstInterval(kind, lease);
    if (k < 0)
        return lockColor(lease ? Place::Lease : Place::Row, 0);
    const LockInterval &iv = layout->analysis().intervals[size_t(k)];
    return lockColor(iv);
}

QPointF Frame::eventPoint(int event) const
{
    const int lane = layout->laneOfEvent(event);
    return {scale.toX(layout->eventTime(event)), lane >= 0 ? glyphY(lane) : g.plotRect.top()};
}

bool Frame::hasDrawnCycle(int deadlockEvent) const
{
    for (const DeadlockCycle &c : layout->analysis().deadlocks)
        if (c.event == deadlockEvent)
            return !c.edges.empty();
    return false;
}

void Frame::noteText(const QString &text, const QRectF &r)
{
    textRects.push_back(r);
    if (options.drawnTexts)
        options.drawnTexts->emplace_back(text, r);
}

bool Frame::overlapsText(const QRectF &r) const
{
    return std::any_of(textRects.begin(), textRects.end(), [&](const QRectF &t) { return t.intersects(r); });
}

void Frame::paint()
{
    int visible = 0;
    for (const TimelineLane &lane : layout->lanes())
        visible +=
            TimelineLayout::lowerBound(lane, scale.range.end) - TimelineLayout::lowerBound(lane, scale.range.start);
    detail = visible <= g.plotRect.width() / LevelOfDetail::glyphMinSpacing;
    p.save();
    p.setRenderHint(QPainter::TextAntialiasing, options.antialiasText);
    p.fillRect(p.viewport().isEmpty() ? g.plotRect : QRectF(g.headerRect.topLeft(), g.plotRect.bottomRight()),
               theme.background);
    laneBackgrounds();
    p.save();
    p.setClipRect(g.plotRect.adjusted(0, -1, 1, 1));
    // Layer by layer and lane by lane, each a few milliseconds at most, with a cancel check between.
    const int lanes = int(layout->lanes().size());
    const std::vector<std::function<void()>> layers = {
        [&] { grid(); },
        [&] { deadlocks(); }, // under the bars and labels: the loop never covers text
        [&] {
            for (int lane = 0; lane < lanes && !cancelled(); ++lane) {
                if (layout->lanes()[size_t(lane)].kind == TimelineLane::EventLoop)
                    eventLoopOwners(lane);
                intervals(lane);
            }
        },
        [&] { flows(); },
        [&] { globalMarks(); }, // lines across the lanes pass behind the mark labels; badges avoid the banner's text
        [&] { lostUpdates(true); },
        [&] {
            for (int lane = 0; lane < lanes && !cancelled(); ++lane)
                marks(lane);
        },
        [&] { lostUpdates(false); },
        [&] { deadlockBadges(); },
        [&] { cursorAndSelection(); },
    };
    for (const auto &layer : layers)
        if (!cancelled())
            layer();
    p.restore();
    if (options.axis && !cancelled())
        axis();
    p.restore();
}

void Frame::laneBackgrounds()
{
    p.setRenderHint(QPainter::Antialiasing, false);
    const auto &lanes = layout->lanes();
    for (size_t i = 0; i < lanes.size(); ++i) {
        const QRectF r = g.laneRects[i];
        const QRectF full(g.headerRect.left(), r.top(), r.right() - g.headerRect.left(), r.height());
        if (i % 2 == 1)
            p.fillRect(full, theme.laneAlternate);
        if (lanes[i].kind != TimelineLane::Actor)
            p.fillRect(QRectF(full.left(), full.top(), 4, full.height()), theme.mutedText);
        p.setPen(pal.grid);
        p.drawLine(QPointF(full.left(), full.bottom()), QPointF(full.right(), full.bottom()));
        if (options.laneHeaders && g.headerRect.width() > 0) {
            const qreal pad = std::round(fm.height() * 0.5); // as geometry() measured the titles
            const QRectF head(g.headerRect.left() + pad, r.top(), g.headerRect.width() - 2 * pad, g.markBandHeight);
            p.setFont(theme.laneFont);
            p.setPen(pal.text);
            const QFontMetricsF lf(theme.laneFont);
            const QString title = lf.elidedText(lanes[i].title, Qt::ElideRight, head.width());
            p.drawText(QPointF(head.left(), glyphY(int(i)) + lf.ascent() * 0.35), title);
            if (!lanes[i].subtitle.isEmpty()) {
                p.setFont(smallFont);
                p.setPen(pal.textMuted);
                p.drawText(QPointF(head.left(), glyphY(int(i)) + lf.ascent() * 0.35 + small.height()),
                           small.elidedText(lanes[i].subtitle, Qt::ElideRight, head.width()));
            }
        }
    }
    p.setPen(pal.axis);
    p.drawLine(g.plotRect.topLeft(), g.plotRect.bottomLeft());
}

// Nice tick spacing: 1, 2 or 5 × 10^k, at least `minimum`.
double niceStep(double minimum)
{
    if (minimum <= 0)
        return 1;
    const double base = std::pow(10.0, std::floor(std::log10(minimum)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * base >= minimum)
            return m * base;
    return 10 * base;
}

void drawHatch(QPainter &p, const QRectF &r, qreal spacing, bool cross)
{
    // Hand-drawn 45° hatching: scales with the theme and stays vector in SVG/PDF,
    // unlike Qt's fixed 8-pixel pattern brushes.
    if (r.width() <= 0 || r.height() <= 0)
        return;
    QVector<QLineF> lines;
    auto clipped = [&](QPointF a, QPointF b) {
        const qreal slope = (b.y() - a.y()) / (b.x() - a.x());
        if (a.x() < r.left()) {
            a.setY(a.y() + (r.left() - a.x()) * slope);
            a.setX(r.left());
        }
        if (b.x() > r.right()) {
            b.setY(b.y() - (b.x() - r.right()) * slope);
            b.setX(r.right());
        }
        if (a.x() < b.x())
            lines.append(QLineF(a, b));
    };
    const qreal h = r.height();
    for (qreal d = std::floor((r.left() - h) / spacing) * spacing; d < r.right(); d += spacing) {
        clipped({d, r.bottom()}, {d + h, r.top()});
        if (cross)
            clipped({d, r.top()}, {d + h, r.bottom()});
    }
    p.drawLines(lines);
}

void Frame::stepLabelPlan(int &first, int &last, int &every) const
{
    // Visible moves, and how many to skip between labels so that labels never collide.
    const int count = layout->analysis().stepCount;
    first = std::clamp(layout->stepContaining(scale.range.start), 0, count);
    last = std::clamp(layout->stepContaining(scale.range.end) + 1, first, count);
    const double span = layout->timeOfStep(last) - layout->timeOfStep(first);
    const double pxPerStep = last > first ? span * scale.pixelsPerUnit() / (last - first) : 1e9;
    const double minPx = fm.horizontalAdvance(QStringLiteral("00000")) * 1.2;
    every = int(std::max(1.0, niceStep(minPx / std::max(1e-9, pxPerStep))));
    first = first / every * every;
}

void Frame::grid()
{
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(pal.grid);
    QVector<QLineF> lines;
    if (layout->axis() == AxisMode::Steps) {
        int first = 0, last = 0, every = 1;
        stepLabelPlan(first, last, every);
        for (int k = first; k <= last; k += every) {
            const qreal x = std::round(scale.toX(layout->timeOfStep(k))) + 0.5;
            lines.append(QLineF(x, g.plotRect.top(), x, g.plotRect.bottom()));
        }
    } else {
        const double minPx = fm.horizontalAdvance(QStringLiteral("00000")) * 1.4;
        const double step = niceStep(minPx * scale.unitsPerPixel());
        for (double t = std::ceil(scale.range.start / step) * step; t <= scale.range.end; t += step) {
            const qreal x = std::round(scale.toX(t)) + 0.5;
            lines.append(QLineF(x, g.plotRect.top(), x, g.plotRect.bottom()));
        }
    }
    p.drawLines(lines);
}

void Frame::cursorAndSelection()
{
    if (options.cursorStep >= 0) {
        const qreal x = scale.toX(layout->timeOfStep(options.cursorStep));
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(pal.cursor);
        p.drawLine(QPointF(x, g.plotRect.top()), QPointF(x, g.plotRect.bottom()));
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setBrush(Qt::NoBrush);
    for (auto [event, pen] :
         {std::pair{options.hoveredEvent, pal.hover}, std::pair{options.selectedEvent, pal.selection}}) {
        if (event < 0 || event >= layout->eventCount() || layout->laneOfEvent(event) < 0)
            continue;
        p.setPen(pen);
        p.drawEllipse(eventPoint(event), theme.markSize * 1.25, theme.markSize * 1.25);
    }
}

namespace {

QString formatTime(double ms, double step)
{
    if (step >= 1000)
        return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', step >= 10000 ? 0 : 1);
    if (step >= 1)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 0);
    if (step >= 0.001)
        return QStringLiteral("%1 µs").arg(ms * 1000.0, 0, 'f', step >= 0.01 ? 0 : 1);
    return QStringLiteral("%1 ns").arg(ms * 1e6, 0, 'f', 0);
}

} // namespace

void Frame::axis()
{
    const QRectF a = g.axisRect;
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(pal.axis);
    p.drawLine(a.topLeft(), a.topRight());
    p.setFont(theme.font);
    const qreal tickLen = fm.height() * 0.3;
    QVector<QLineF> ticks;
    if (layout->axis() == AxisMode::Steps) {
        // Move numbers centred in their step, with the actor who moved beneath.
        const TraceAnalysis &an = layout->analysis();
        int first = 0, last = 0, every = 1;
        stepLabelPlan(first, last, every);
        for (int k = first; k <= last; k += every) {
            const qreal x = std::round(scale.toX(layout->timeOfStep(k))) + 0.5;
            if (x >= a.left() - 0.5 && x <= a.right() + 0.5)
                ticks.append(QLineF(x, a.top(), x, a.top() + tickLen));
            if (k >= an.stepCount)
                continue;
            const qreal cx = every == 1 ? scale.toX((layout->timeOfStep(k) + layout->timeOfStep(k + 1)) / 2) : x;
            if (cx < a.left() || cx > a.right())
                continue;
            const QString number = QString::number(every == 1 ? k + 1 : k);
            p.setPen(pal.text);
            p.drawText(QPointF(cx - fm.horizontalAdvance(number) / 2, a.top() + tickLen + fm.ascent()), number);
            if (every == 1) {
                const int ev = an.stepStart[size_t(k)];
                QString who = QStringLiteral("~");
                if (ev < layout->eventCount() && an.stepStart[size_t(k) + 1] > ev &&
                    layout->trace()[size_t(ev)].actor >= 0)
                    who = layout->machine().actor(layout->trace()[size_t(ev)].actor).letter;
                p.setPen(pal.textMuted);
                p.drawText(QPointF(cx - fm.horizontalAdvance(who) / 2, a.top() + tickLen + fm.ascent() + fm.height()),
                           who);
            }
        }
        p.setPen(pal.axis);
        p.drawLines(ticks);
        const QString title = tr("move (logical step) · who moved");
        p.setFont(smallFont);
        p.setPen(pal.textMuted);
        p.drawText(QPointF(a.left() - small.horizontalAdvance(title) - 6 > g.headerRect.left()
                               ? a.left() - small.horizontalAdvance(title) - 6
                               : a.left(),
                           a.top() + tickLen + fm.ascent() + fm.height()),
                   g.headerRect.width() > small.horizontalAdvance(title) + 6 ? title : QString());
        return;
    }
    const double minPx = fm.horizontalAdvance(QStringLiteral("000.0 ms")) * 1.5;
    const double step = niceStep(minPx * scale.unitsPerPixel());
    for (double t = std::ceil(scale.range.start / step) * step; t <= scale.range.end; t += step) {
        const qreal x = std::round(scale.toX(t)) + 0.5;
        ticks.append(QLineF(x, a.top(), x, a.top() + tickLen));
        const QString label = formatTime(t, step);
        p.setPen(pal.text);
        p.drawText(QPointF(x - fm.horizontalAdvance(label) / 2, a.top() + tickLen + fm.ascent()), label);
    }
    p.setPen(pal.axis);
    p.drawLines(ticks);
    p.setFont(smallFont);
    p.setPen(pal.textMuted);
    const QString title = tr("wall time since the run started");
    p.drawText(QPointF(a.right() - small.horizontalAdvance(title), a.top() + tickLen + fm.ascent() + fm.height()),
               title);
}

} // namespace TimelinePaint
