#include "timelinerenderer.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <array>
#include <cmath>

namespace Interleave {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TimelineRenderer", text);
}

QFont pixelFont(int px, bool bold)
{
    QFont f;
    f.setPixelSize(px);
    f.setBold(bold);
    f.setStyleHint(QFont::SansSerif);
    return f;
}

// The glyph an event is drawn with. Shapes differ so colour is never the only signal.
enum class Glyph {
    None, Read, Write, Update, Insert, Lookup, TxnBegin, TxnEnd, Rollback, Acquire, Release, Wait, Denied,
    Expire, Queue, Yield, Sleep, Wake, Local, Fail, Done, Deadlock, Timeout, Violation, Anomaly, Tick,
};

Glyph glyphOf(const TraceEvent &e)
{
    switch (e.kind) {
    case EventKind::Read: return Glyph::Read;
    case EventKind::Write: return e.message >= 0 ? Glyph::Fail : Glyph::Write;
    case EventKind::Update: return Glyph::Update;
    case EventKind::Insert: return e.version ? Glyph::Insert : Glyph::Fail;
    case EventKind::Lookup: return Glyph::Lookup;
    case EventKind::Begin: return Glyph::TxnBegin;
    case EventKind::Commit: return Glyph::TxnEnd;
    case EventKind::Rollback: return Glyph::Rollback;
    case EventKind::LockWait: return Glyph::Wait;
    case EventKind::LockAcquire: return Glyph::Acquire;
    case EventKind::LockRelease: return Glyph::Release;
    case EventKind::LockDenied: return Glyph::Denied;
    case EventKind::LeaseExpire: return Glyph::Expire;
    case EventKind::Enqueue:
    case EventKind::Dequeue: return Glyph::Queue;
    case EventKind::Yield: return Glyph::Yield;
    case EventKind::Sleep: return Glyph::Sleep;
    case EventKind::Wake: return Glyph::Wake;
    case EventKind::Local: return Glyph::Local;
    case EventKind::Fail: return Glyph::Fail;
    case EventKind::Done: return Glyph::Done;
    case EventKind::Deadlock: return Glyph::Deadlock;
    case EventKind::Timeout: return Glyph::Timeout;
    case EventKind::Violation: return Glyph::Violation;
    case EventKind::Anomaly: return Glyph::Anomaly;
    case EventKind::Tick: return Glyph::Tick;
    }
    return Glyph::None;
}

QString columnName(const Machine &m, const TraceEvent &e)
{
    const QString full = e.place == Place::Memory ? m.resourceName(Place::Memory, 0, e.column)
                                                  : m.resourceName(e.place, e.resource, e.column);
    const int dot = full.lastIndexOf(u'.');
    return dot >= 0 ? full.mid(dot + 1) : full;
}

QString shortMessage(const Machine &m, int message)
{
    const QString text = m.messages().value(message);
    // "ER_LOCK_DEADLOCK: Deadlock found …" reads best as its code.
    const int colon = text.indexOf(u':');
    if (colon > 0 && colon < 24 && text.left(colon).toUpper() == text.left(colon) && !text.left(colon).contains(u' '))
        return text.left(colon);
    return text;
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

// First index in [from, end) with a[index] >= t. Galloping from `from`: the next
// pixel's events are usually close, so this costs O(log distance), not O(log n).
size_t gallop(const std::vector<double> &a, size_t from, size_t end, double t)
{
    size_t step = 1, lo = from;
    while (lo + step < end && a[lo + step] < t) {
        lo += step;
        step *= 2;
    }
    const size_t hi = std::min(end, lo + step + 1);
    return size_t(std::lower_bound(a.begin() + long(lo), a.begin() + long(hi), t) - a.begin());
}

struct Palette {
    QPen outline, thin, muted, text, textMuted, flow, lost, lostArrow, failure, deadlock, violation, cursor, selection,
        hover, grid, axis;
    QBrush read, write, white, failureBrush, violationBrush, busy;
};

} // namespace

// ---- themes ----

TimelineTheme TimelineTheme::light()
{
    TimelineTheme t;
    t.name = QStringLiteral("light");
    t.background = QColor(0xff, 0xff, 0xff);
    t.text = QColor(0x1a, 0x1a, 0x1a);
    t.mutedText = QColor(0x5f, 0x63, 0x68);
    t.grid = QColor(0xe3, 0xe5, 0xe8);
    t.laneAlternate = QColor(0xf5, 0xf7, 0xfa);
    t.axis = QColor(0x44, 0x44, 0x44);
    // Okabe–Ito hues: distinguishable with the common colour-vision deficiencies.
    t.read = QColor(0x00, 0x72, 0xb2);
    t.write = QColor(0xe6, 0x9f, 0x00);
    t.lost = QColor(0xc0, 0x00, 0x00);
    t.failure = QColor(0xc0, 0x00, 0x00);
    t.violation = QColor(0xa0, 0x00, 0x7a);
    t.deadlock = QColor(0xd0, 0x00, 0x00);
    t.cursor = QColor(0x1a, 0x1a, 0x1a);
    t.selection = QColor(0x00, 0x72, 0xb2);
    t.lease = QColor(0xcc, 0x79, 0xa7);
    t.wait = QColor(0x6b, 0x6b, 0x6b);
    t.busy = QColor(0x88, 0x88, 0x88);
    t.lockPalette = {QColor(0x00, 0x9e, 0x73), QColor(0x56, 0xb4, 0xe9), QColor(0xcc, 0x79, 0xa7),
                     QColor(0xd5, 0x5e, 0x00), QColor(0x99, 0x88, 0x00), QColor(0x00, 0x72, 0xb2)};
    t.font = pixelFont(13, false);
    t.laneFont = pixelFont(14, true);
    t.titleFont = pixelFont(18, true);
    t.lineWidth = 1.6;
    t.markSize = 11;
    t.laneHeight = 64;
    t.barHeight = 18;
    return t;
}

TimelineTheme TimelineTheme::presenter()
{
    TimelineTheme t = light();
    t.name = QStringLiteral("presenter");
    t.text = Qt::black;
    t.mutedText = QColor(0x30, 0x30, 0x30);
    t.grid = QColor(0xc8, 0xc8, 0xc8);
    t.laneAlternate = QColor(0xee, 0xf0, 0xf3);
    t.axis = Qt::black;
    t.read = QColor(0x00, 0x4c, 0x99);
    t.write = QColor(0xd0, 0x80, 0x00);
    t.lost = QColor(0xd0, 0x00, 0x00);
    t.failure = QColor(0xd0, 0x00, 0x00);
    t.violation = QColor(0x90, 0x00, 0x70);
    t.lockPalette = {QColor(0x00, 0x80, 0x5c), QColor(0x1f, 0x8f, 0xd6), QColor(0xb0, 0x4f, 0x8e),
                     QColor(0xc0, 0x4a, 0x00), QColor(0x80, 0x70, 0x00), QColor(0x00, 0x4c, 0x99)};
    t.font = pixelFont(22, true);
    t.laneFont = pixelFont(26, true);
    t.titleFont = pixelFont(32, true);
    t.lineWidth = 3.5;
    t.markSize = 22;
    t.laneHeight = 118;
    t.barHeight = 34;
    t.boldLabels = true;
    return t;
}

TimelineTheme TimelineTheme::byName(const QString &name)
{
    return name == QLatin1String("presenter") ? presenter() : light();
}

// ---- geometry ----

int TimelineGeometry::laneAt(qreal y) const
{
    for (size_t i = 0; i < laneRects.size(); ++i)
        if (y >= laneRects[i].top() && y < laneRects[i].bottom())
            return int(i);
    return -1;
}

namespace {

struct LegendItem {
    Glyph glyph = Glyph::None;
    enum Swatch { Mark, Hold, WaitBar, BusyBar, Arrow, LostArrow, Cycle, Cursor, Lease } swatch = Mark;
    QString text;
};

std::vector<LegendItem> legendItems(const TimelineLayout *layout)
{
    std::vector<LegendItem> items;
    const uint16_t c = layout ? layout->classesPresent() : uint16_t(ClassRead | ClassWrite);
    if (!layout || layout->hasEventKind(EventKind::Read))
        items.push_back({Glyph::Read, LegendItem::Mark, tr("R read: the value it saw")});
    if (!layout || layout->hasEventKind(EventKind::Write))
        items.push_back({Glyph::Write, LegendItem::Mark, tr("W write")});
    if (layout && !layout->analysis().flows.empty())
        items.push_back({Glyph::None, LegendItem::Arrow, tr("write → the reads that saw it")});
    if (layout && layout->hasEventKind(EventKind::Update))
        items.push_back({Glyph::Update, LegendItem::Mark, tr("atomic update (read + write in one)")});
    if (c & ClassLost)
        items.push_back({Glyph::Write, LegendItem::LostArrow, tr("lost update: struck-through write, overwritten")});
    if (layout && layout->hasIntervalKind(LockInterval::Hold))
        items.push_back({Glyph::None, LegendItem::Hold, tr("holds a lock (solid, lock's colour)")});
    if (layout && layout->hasIntervalKind(LockInterval::Wait))
        items.push_back({Glyph::None, LegendItem::WaitBar, tr("waits for a lock (hatched)")});
    if (layout && layout->hasIntervalKind(LockInterval::Busy))
        items.push_back({Glyph::None, LegendItem::BusyBar, tr("busy or paused (cross-hatched)")});
    if (layout && layout->hasLeases())
        items.push_back({Glyph::Expire, LegendItem::Lease, tr("lease: TTL bar, red bar = expired; token n on writes")});
    if (c & ClassTxn)
        items.push_back({Glyph::TxnBegin, LegendItem::Mark, tr("transaction begin / commit")});
    if (c & ClassFailure)
        items.push_back({Glyph::Fail, LegendItem::Mark, tr("error or rejected")});
    if (c & ClassDeadlock || (layout && !layout->analysis().deadlocks.empty()))
        items.push_back({Glyph::Deadlock, LegendItem::Cycle, tr("deadlock cycle and its victim")});
    if (c & ClassViolation)
        items.push_back({Glyph::Violation, LegendItem::Mark, tr("rule broken here")});
    if (c & ClassRetry)
        items.push_back({Glyph::None, LegendItem::Mark, tr("retry (jumped back)")});
    return items;
}

} // namespace

TimelineGeometry TimelineRenderer::geometry(const QRectF &rect, const TimelineTheme &theme,
                                            const TimelineOptions &options) const
{
    TimelineGeometry g;
    const QFontMetricsF fm(theme.font), fmLane(theme.laneFont), fmTitle(theme.titleFont);
    const qreal pad = std::round(fm.height() * 0.5);
    qreal y = rect.top() + pad;
    if (!options.title.isEmpty() || !options.subtitle.isEmpty()) {
        qreal h = 0;
        if (!options.title.isEmpty())
            h += fmTitle.height();
        if (!options.subtitle.isEmpty())
            h += fm.height() * 1.15;
        g.titleRect = QRectF(rect.left() + pad, y, rect.width() - 2 * pad, h);
        y += h + pad;
    }
    // Header column: wide enough for the longest lane title, never more than a quarter.
    qreal header = 0;
    if (options.laneHeaders) {
        if (m_layout)
            for (const TimelineLane &lane : m_layout->lanes())
                header = std::max({header, fmLane.horizontalAdvance(lane.title), fm.horizontalAdvance(lane.subtitle)});
        header = std::min(header + 2 * pad, rect.width() * 0.25);
    }
    const qreal axisHeight = options.axis ? fm.height() * 2.4 + pad : 0;
    qreal legendHeight = 0;
    if (options.legend) {
        // Flow the legend items into rows across the width.
        const qreal swatch = theme.markSize * 2.6;
        qreal x = 0;
        int rows = 1;
        for (const LegendItem &item : legendItems(m_layout.get())) {
            const qreal w = swatch + fm.horizontalAdvance(item.text) + 2 * pad;
            if (x > 0 && x + w > rect.width() - 2 * pad) {
                ++rows;
                x = 0;
            }
            x += w;
        }
        legendHeight = rows * fm.height() * 1.5 + pad;
    }
    const qreal markBand = std::max(theme.laneHeight, fm.height() * 3.3 + theme.markSize);
    std::vector<qreal> heights;
    qreal needed = 0;
    if (m_layout)
        for (const TimelineLane &lane : m_layout->lanes()) {
            const qreal h = markBand + qreal(lane.intervalRows.size()) * theme.barHeight + pad * 0.5;
            heights.push_back(h);
            needed += h;
        }
    // A strip above the lanes for what belongs to no request: the clock and broken rules.
    const bool banner = m_layout && (m_layout->hasEventKind(EventKind::Tick) || m_layout->hasEventKind(EventKind::Violation));
    const qreal bannerHeight = banner ? std::round(fm.height() * 1.5) : 0;
    const qreal plotTop = y;
    y += bannerHeight;
    const qreal available = rect.bottom() - pad - legendHeight - axisHeight - y;
    const qreal scale = needed > available && needed > 0 ? std::max(0.3, available / needed) : 1.0;
    g.markBandHeight = markBand * scale;
    const qreal plotLeft = rect.left() + header;
    const qreal plotWidth = std::max<qreal>(10, rect.right() - pad - plotLeft);
    qreal ly = y;
    for (qreal h : heights) {
        g.laneRects.emplace_back(plotLeft, ly, plotWidth, h * scale);
        ly += h * scale;
    }
    if (heights.empty())
        ly = y + std::max<qreal>(markBand, available * 0.5);
    g.plotRect = QRectF(plotLeft, plotTop, plotWidth, ly - plotTop);
    g.headerRect = QRectF(rect.left(), plotTop, header, ly - plotTop);
    if (banner)
        g.bannerRect = QRectF(plotLeft, plotTop, plotWidth, bannerHeight);
    g.axisRect = QRectF(plotLeft, ly, plotWidth, axisHeight);
    g.legendRect = QRectF(rect.left() + pad, ly + axisHeight, rect.width() - 2 * pad, legendHeight);
    return g;
}

qreal TimelineRenderer::preferredHeight(qreal width, const TimelineTheme &theme, const TimelineOptions &options) const
{
    // Lay out in an effectively unbounded rectangle, then measure what was used.
    const TimelineGeometry g = geometry(QRectF(0, 0, width, 1e6), theme, options);
    const QFontMetricsF fm(theme.font);
    return g.legendRect.bottom() + std::round(fm.height() * 0.5);   // the bottom padding geometry() keeps
}

// ---- labels ----

QString TimelineRenderer::markLabel(const TimelineLayout &layout, int event)
{
    const Machine &m = layout.machine();
    const TraceEvent &e = layout.trace()[size_t(event)];
    const QString cell = e.place == Place::Memory ? m.resourceName(Place::Memory, 0, e.column)
                                                  : m.resourceName(e.place, e.resource, e.column);
    switch (e.kind) {
    case EventKind::Read:
        return QStringLiteral("R %1=%2").arg(columnName(m, e)).arg(e.value);
    case EventKind::Write:
        if (e.message >= 0)
            return tr("W %1=%2 token %3 rejected").arg(columnName(m, e)).arg(e.value).arg(e.version);
        if (e.version > 0)
            return tr("W %1=%2 token %3").arg(columnName(m, e)).arg(e.value).arg(e.version);
        return QStringLiteral("W %1=%2").arg(columnName(m, e)).arg(e.value);
    case EventKind::Update:
        return e.version ? tr("U %1=%2").arg(columnName(m, e)).arg(e.value)
                         : tr("U %1: 0 rows").arg(columnName(m, e));
    case EventKind::Insert:
        return e.version ? tr("INSERT %1").arg(e.value) : tr("INSERT %1 duplicate").arg(e.value);
    case EventKind::Lookup:
        return e.version ? tr("find %1: yes").arg(e.value) : tr("find %1: no").arg(e.value);
    case EventKind::Begin: return tr("BEGIN");
    case EventKind::Commit: return tr("COMMIT");
    case EventKind::Rollback: return tr("ROLLBACK");
    case EventKind::LockWait: return tr("waits %1").arg(cell);
    case EventKind::LockAcquire:
        if (e.place == Place::Lease)
            return tr("lock %1 token %2").arg(cell).arg(e.version);
        if (e.place == Place::Pool)
            return tr("connection");
        return tr("lock %1").arg(cell);
    case EventKind::LockRelease:
        if (e.place == Place::Pool)
            return tr("release conn.");
        return tr("unlock %1").arg(cell);
    case EventKind::LockDenied:
        if (e.version)   // a release that found the lock expired or someone else's
            return e.value >= 0 ? tr("%1 not its own").arg(cell) : tr("%1 no longer held").arg(cell);
        return tr("%1 busy").arg(cell);
    case EventKind::LeaseExpire: return tr("%1 expired").arg(cell);
    case EventKind::Enqueue: return tr("enqueue");
    case EventKind::Dequeue: return tr("job done");
    case EventKind::Yield: return tr("await");
    case EventKind::Sleep: return e.version ? tr("paused %1 ms").arg(e.value) : tr("CPU %1 ms").arg(e.value);
    case EventKind::Wake: return tr("resumes");
    case EventKind::Local: {
        return QStringLiteral("%1=%2").arg(m.localName(e.column)).arg(e.value);
    }
    case EventKind::Fail: return shortMessage(m, e.message);
    case EventKind::Done: return tr("done");
    case EventKind::Deadlock: return tr("DEADLOCK: victim");
    case EventKind::Timeout: return tr("timeout");
    case EventKind::Violation:
        if (e.value >= 0 && e.value < int64_t(m.invariants().size()))
            return tr("RULE BROKEN: %1").arg(m.invariants()[size_t(e.value)].label);
        return tr("RULE BROKEN");
    case EventKind::Anomaly:
        if (e.value == Machine::StaleLeaseWrite)
            return tr("stale write!");
        if (e.value == Machine::ForeignRelease)
            return tr("deleted another's lock!");
        return tr("anomaly");
    case EventKind::Tick: return tr("t=%1 ms").arg(e.value);
    }
    return {};
}

QString TimelineRenderer::intervalLabel(const TimelineLayout &layout, int interval)
{
    const LockInterval &iv = layout.analysis().intervals[size_t(interval)];
    const Machine &m = layout.machine();
    const QString name = m.resourceName(iv.place, iv.resource);
    switch (iv.kind) {
    case LockInterval::Hold:
        switch (iv.place) {
        case Place::Lease:
            return tr("holds %1 · token %2 · TTL %3 ms").arg(name).arg(iv.token).arg(iv.ttlMs);
        case Place::Queue:
            return tr("job of %1").arg(iv.actor >= 0 ? m.actor(iv.actor).name : QString());
        case Place::Pool:
            return tr("holds a connection");
        default:
            return tr("holds %1").arg(name);
        }
    case LockInterval::Wait:
        if (iv.place == Place::Queue)
            return tr("waits in queue %1").arg(name);
        if (iv.holder >= 0)
            return tr("waits for %1 (held by %2)").arg(name, m.actor(iv.holder).letter);
        return tr("waits for %1").arg(name);
    case LockInterval::Busy:
        return iv.resource == 1 ? tr("paused %1 ms").arg(iv.ttlMs) : tr("CPU work %1 ms").arg(iv.ttlMs);
    }
    return {};
}

// ---- painting ----

namespace {

class Frame
{
public:
    Frame(QPainter &p, const TimelineLayout *layout, const TimelineGeometry &g, const TimeRange &range,
          const TimelineTheme &theme, const TimelineOptions &options)
        : p(p), layout(layout), g(g), theme(theme), options(options), fm(theme.font), small(theme.font)
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

    void paint();
    void drawGlyph(Glyph glyph, QPointF c, qreal size, bool lost = false);
    void legend();

    QPainter &p;
    const TimelineLayout *layout;
    const TimelineGeometry &g;
    const TimelineTheme &theme;
    const TimelineOptions &options;
    QFontMetricsF fm;
    QFont smallFont;
    QFontMetricsF small;
    TimeScale scale;
    Palette pal;
    bool detail = false;   // few enough events on screen for arrows and per-event marks

private:
    QColor lockColor(Place place, int resource) const
    {
        const auto &palette = theme.lockPalette;
        const size_t k = (size_t(place) * 7 + size_t(std::max(0, resource))) % palette.size();
        return palette[k];
    }
    qreal glyphY(int lane) const { return g.glyphY(lane); }
    // The legend shows the colour the first such bar has on screen, not an arbitrary one.
    QColor firstColor(LockInterval::Kind kind, bool lease) const
    {
        const int k = layout->firstInterval(kind, lease);
        if (k < 0)
            return lockColor(lease ? Place::Lease : Place::Row, 0);
        const LockInterval &iv = layout->analysis().intervals[size_t(k)];
        return lockColor(iv.place, iv.resource);
    }
    QPointF eventPoint(int event) const
    {
        const int lane = layout->laneOfEvent(event);
        return {scale.toX(layout->eventTime(event)), lane >= 0 ? glyphY(lane) : g.plotRect.top()};
    }
    void laneBackgrounds();
    void grid();
    bool hasDrawnCycle(int deadlockEvent) const
    {
        for (const DeadlockCycle &c : layout->analysis().deadlocks)
            if (c.event == deadlockEvent)
                return !c.edges.empty();
        return false;
    }
    void stepLabelPlan(int &first, int &last, int &every) const;
    void eventLoopOwners(int lane);
    void intervals(int lane);
    void drawBar(int interval, const QRectF &r, bool label);
    void marks(int lane);
    void flows();
    void lostUpdates();
    void deadlocks();
    void globalMarks();
    void cursorAndSelection();
    void axis();
    void arrow(const QPointF &from, const QPointF &to, const QPen &pen, qreal bend);
};

void Frame::paint()
{
    int visible = 0;
    for (const TimelineLane &lane : layout->lanes())
        visible += TimelineLayout::lowerBound(lane, scale.range.end) - TimelineLayout::lowerBound(lane, scale.range.start);
    detail = visible <= g.plotRect.width() / LevelOfDetail::glyphMinSpacing;
    p.save();
    p.setRenderHint(QPainter::TextAntialiasing, options.antialiasText);
    p.fillRect(p.viewport().isEmpty() ? g.plotRect : QRectF(g.headerRect.topLeft(), g.plotRect.bottomRight()),
               theme.background);
    laneBackgrounds();
    p.save();
    p.setClipRect(g.plotRect.adjusted(0, -1, 1, 1));
    grid();
    for (int lane = 0; lane < int(layout->lanes().size()); ++lane) {
        if (layout->lanes()[size_t(lane)].kind == TimelineLane::EventLoop)
            eventLoopOwners(lane);
        intervals(lane);
    }
    flows();
    for (int lane = 0; lane < int(layout->lanes().size()); ++lane)
        marks(lane);
    lostUpdates();
    deadlocks();
    globalMarks();
    cursorAndSelection();
    p.restore();
    if (options.axis)
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
            const qreal pad = std::round(fm.height() * 0.5);   // as geometry() measured the titles
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

void Frame::eventLoopOwners(int lane)
{
    // Which request the loop runs in each move: one segment per step, at most one per pixel.
    if (layout->axis() != AxisMode::Steps)
        return;
    const TraceAnalysis &an = layout->analysis();
    const QRectF r = g.laneRects[size_t(lane)];
    const int instance = layout->lanes()[size_t(lane)].instance;
    const QRectF band(r.left(), r.top() + g.markBandHeight * 0.30, r.width(), g.markBandHeight * 0.44);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setFont(smallFont);
    const int first = std::clamp(layout->stepContaining(scale.range.start), 0, an.stepCount);
    const int last = std::clamp(layout->stepContaining(scale.range.end) + 1, first, an.stepCount);
    for (int k = first; k < last;) {
        const qreal x0 = scale.toX(layout->timeOfStep(k)), x1 = scale.toX(layout->timeOfStep(k + 1));
        // Next move that starts in a pixel of its own: at most one segment per pixel.
        const int next = std::max(k + 1, layout->stepContaining(scale.toTime(std::floor(x1) + 1)));
        const int ev = an.stepStart[size_t(k)];
        const int actor = ev < layout->eventCount() && an.stepStart[size_t(k) + 1] > ev ? layout->trace()[size_t(ev)].actor : -1;
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
    const QColor color = iv.kind == LockInterval::Busy ? theme.busy : lockColor(iv.place, iv.resource);
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
                p.fillRect(tr.adjusted(-2, 2, 0, -2), theme.background);   // readable over the hatching
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
    struct Run {
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
                const QColor color = iv.kind == LockInterval::Busy ? theme.busy : lockColor(iv.place, iv.resource);
                if (run.kind == iv.kind && run.top == top && x0 <= run.x1 + 1.5) {
                    run.x1 = std::max(run.x1, x1);
                    if (run.color != color)
                        run.color = theme.mutedText;   // several locks in one run: no single colour is true
                } else {
                    flush();
                    run = {iv.kind, color, x0, x1, top, h};
                }
            } else {
                flush();
                drawBar(k, QRectF(x0, top, x1 - x0, h), true);
                if (iv.place == Place::Lease && iv.kind == LockInterval::Hold) {
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
            }
            // Skip whatever would land in the pixel just drawn: at most one bar per pixel.
            const double nextTime = scale.toTime(std::floor(x1) + 1);
            i = gallop(ends, i + 1, ends.size(), nextTime);
        }
        flush();
    }
}

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

void Frame::drawGlyph(Glyph glyph, QPointF c, qreal s, bool lost)
{
    const qreal h = s / 2;
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(pal.outline);
    switch (glyph) {
    case Glyph::None:
        break;
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
        p.drawPolygon(QPolygonF({c + QPointF(0, -h * 1.2), c + QPointF(h * 1.2, 0), c + QPointF(0, h * 1.2),
                                 c + QPointF(-h * 1.2, 0)}));
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
        p.drawPolygon(QPolygonF({c + QPointF(-h * 0.8, -h), c + QPointF(h * 0.8, -h), c + QPointF(-h * 0.8, h),
                                 c + QPointF(h * 0.8, h)}));
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
        p.drawPolygon(QPolygonF({c + QPointF(-h * 0.8, -h), c + QPointF(h * 0.8, -h), c + QPointF(-h * 0.8, h),
                                 c + QPointF(h * 0.8, h)}));
        p.drawLine(c + QPointF(-h * 1.1, -h), c + QPointF(h * 1.1, -h));
        p.drawLine(c + QPointF(-h * 1.1, h), c + QPointF(h * 1.1, h));
        break;
    case Glyph::Queue:
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(theme.text, theme.lineWidth));
        p.drawRect(QRectF(c.x() - h * 0.2, c.y() - h * 0.7, h * 1.2, h * 1.4));
        p.drawLine(c + QPointF(-h * 1.2, 0), c + QPointF(h * 0.5, 0));
        break;
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
        p.drawPolyline(QPolygonF({c + QPointF(-h * 0.7, h * 0.3), c + QPointF(0, -h * 0.5), c + QPointF(h * 0.7, h * 0.3)}));
        break;
    case Glyph::Local:
        p.setPen(Qt::NoPen);
        p.setBrush(QBrush(theme.mutedText));
        p.drawEllipse(c, h * 0.35, h * 0.35);
        break;
    case Glyph::Fail:
        p.setPen(pal.failure);
        p.drawLine(c + QPointF(-h, -h), c + QPointF(h, h));
        p.drawLine(c + QPointF(-h, h), c + QPointF(h, -h));
        break;
    case Glyph::Done:
        p.setPen(QPen(theme.text, theme.lineWidth * 1.3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(QPolygonF({c + QPointF(-h * 0.8, 0), c + QPointF(-h * 0.2, h * 0.7), c + QPointF(h * 0.9, -h * 0.8)}));
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
        p.drawPolygon(QPolygonF({c + QPointF(0, -h * 1.4), c + QPointF(h * 1.3, h * 0.9), c + QPointF(-h * 1.3, h * 0.9)}));
        p.setPen(QPen(Qt::white, std::max<qreal>(1.5, theme.lineWidth), Qt::SolidLine, Qt::RoundCap));
        p.drawLine(c + QPointF(0, -h * 0.6), c + QPointF(0, h * 0.15));
        p.drawPoint(c + QPointF(0, h * 0.55));
        break;
    }
    case Glyph::Tick:
        p.setPen(QPen(theme.mutedText, theme.lineWidth));
        p.setBrush(pal.white);
        p.drawEllipse(c, h, h);
        p.drawLine(c, c + QPointF(0, -h * 0.7));
        p.drawLine(c, c + QPointF(h * 0.5, 0));
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
        // Aggregate: one tick per pixel column, coloured by the most serious thing in it.
        p.setRenderHint(QPainter::Antialiasing, false);
        enum { Serious, Lost, Write, Read, Other, Buckets };
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
        return;
    }
    // Individual marks; labels where there is room.
    const bool labels = spacing >= LevelOfDetail::labelMinSpacing * 0.25;
    qreal primaryRight = -1e9, secondaryRight = -1e9;
    const qreal primaryBase = y - theme.markSize * 0.75 - fm.descent() - 2;
    const qreal secondaryBase = y + theme.markSize * 0.75 + small.ascent() + 2;
    QFont labelFont = theme.font;
    for (int i = first; i < last; ++i) {
        const int ev = lane.events[size_t(i)];
        const TraceEvent &e = layout->trace()[size_t(ev)];
        const QPointF c(scale.toX(lane.times[size_t(i)]), y);
        const bool lost = layout->eventClass(ev) & ClassOverwritten;
        const bool primary = TimelineLayout::isLabelledAbove(e);
        const qreal size = primary ? theme.markSize : theme.markSize * 0.8;
        drawGlyph(glyphOf(e), c, size, lost);
        if (layout->eventClass(ev) & ClassRetry) {
            p.setPen(QPen(theme.text, theme.lineWidth));
            p.setFont(smallFont);
            p.drawText(QPointF(c.x() - size * 1.5 - small.horizontalAdvance(QStringLiteral("↺")), c.y() + small.ascent() * 0.4),
                       QStringLiteral("↺"));
        }
        if (!labels)
            continue;
        if (e.kind == EventKind::Violation)
            continue;   // drawn as a banner across the plot
        if (e.kind == EventKind::Deadlock && hasDrawnCycle(ev))
            continue;   // the cycle's badge names the victim; leave room for its error
        // No room for even a short label: do not build its text.
        const qreal room = c.x() - theme.markSize * 0.3 - (primary ? primaryRight + fm.averageCharWidth() : secondaryRight);
        if (room < 0)
            continue;
        QString text = TimelineRenderer::markLabel(*layout, ev);
        if (primary) {
            if (layout->eventClass(ev) & ClassStale)
                text += tr(" (stale)");
            p.setFont(labelFont);
            const qreal w = fm.horizontalAdvance(text);
            // Centred on its mark, but kept inside the plot at both ends.
            qreal x = std::max(std::min(c.x() - w / 2, lr.right() - w - 4), lr.left() + 2);
            // Crowded: slide right of the previous label, as long as the label still starts over its mark.
            if (x < primaryRight + fm.averageCharWidth())
                x = primaryRight + fm.averageCharWidth();
            // A label that would not start over its mark, or would be cut at the edge, is left to the tooltip.
            if (x > c.x() - theme.markSize * 0.3 || x + w > lr.right() - 2)
                continue;
            const QColor color = e.kind == EventKind::Read || e.kind == EventKind::Lookup ? theme.read
                : (isFailureEvent(e) || e.kind == EventKind::LockDenied || e.kind == EventKind::LeaseExpire) ? theme.failure
                : theme.text;
            p.setPen(color);
            p.drawText(QPointF(x, primaryBase), text);
            if (lost) {
                p.setPen(pal.lost);
                const qreal sy = primaryBase - fm.ascent() * 0.35;
                p.drawLine(QPointF(x - 2, sy), QPointF(x + w + 2, sy));
            }
            primaryRight = x + w;
        } else {
            p.setFont(smallFont);
            const qreal w = small.horizontalAdvance(text);
            qreal x = std::max(std::min(c.x() - w / 2, lr.right() - w - 4), lr.left() + 2);
            if (x < secondaryRight + small.averageCharWidth())
                x = secondaryRight + small.averageCharWidth();
            if (x > c.x() - theme.markSize * 0.3 || x + w > lr.right() - 2)
                continue;
            p.setPen(pal.textMuted);
            p.drawText(QPointF(x, secondaryBase), text);
            secondaryRight = x + w;
        }
    }
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
        // Say it in words at the arrow's middle.
        const QString text = tr("LOST UPDATE: %1 overwritten").arg(layout->trace()[size_t(lu.overwrittenWrite)].value);
        p.setFont(theme.font);
        const qreal w = fm.horizontalAdvance(text);
        const QPointF mid = (from + to) / 2 + QPointF(0, bend * 0.5);
        const QRectF box(mid.x() - w / 2 - 4, mid.y() - fm.height() / 2, w + 8, fm.height());
        if (box.width() < std::abs(to.x() - from.x()) + theme.markSize * 6) {
            p.setPen(QPen(theme.lost, std::max<qreal>(1, theme.lineWidth * 0.7)));
            p.setBrush(pal.white);
            p.drawRect(box);
            p.setPen(theme.lost);
            p.drawText(box, Qt::AlignCenter, text);
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
    for (auto [event, pen] : {std::pair{options.hoveredEvent, pal.hover}, std::pair{options.selectedEvent, pal.selection}}) {
        if (event < 0 || event >= layout->eventCount() || layout->laneOfEvent(event) < 0)
            continue;
        p.setPen(pen);
        p.drawEllipse(eventPoint(event), theme.markSize * 1.25, theme.markSize * 1.25);
    }
}

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
                if (ev < layout->eventCount() && an.stepStart[size_t(k) + 1] > ev && layout->trace()[size_t(ev)].actor >= 0)
                    who = layout->machine().actor(layout->trace()[size_t(ev)].actor).letter;
                p.setPen(pal.textMuted);
                p.drawText(QPointF(cx - fm.horizontalAdvance(who) / 2, a.top() + tickLen + fm.ascent() + fm.height()), who);
            }
        }
        p.setPen(pal.axis);
        p.drawLines(ticks);
        const QString title = tr("move (logical step) · who moved");
        p.setFont(smallFont);
        p.setPen(pal.textMuted);
        p.drawText(QPointF(a.left() - small.horizontalAdvance(title) - 6 > g.headerRect.left()
                               ? a.left() - small.horizontalAdvance(title) - 6 : a.left(),
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
    p.drawText(QPointF(a.right() - small.horizontalAdvance(title), a.top() + tickLen + fm.ascent() + fm.height()), title);
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

} // namespace

void TimelineRenderer::paint(QPainter &painter, const QRectF &rect, const TimeRange &range, const TimelineTheme &theme,
                             const TimelineOptions &options) const
{
    const TimelineGeometry g = geometry(rect, theme, options);
    painter.save();
    painter.fillRect(rect, theme.background);
    if (!options.title.isEmpty() || !options.subtitle.isEmpty()) {
        const QFontMetricsF fmTitle(theme.titleFont);
        painter.setPen(theme.text);
        qreal y = g.titleRect.top();
        if (!options.title.isEmpty()) {
            painter.setFont(theme.titleFont);
            painter.drawText(QPointF(g.titleRect.left(), y + fmTitle.ascent()),
                             fmTitle.elidedText(options.title, Qt::ElideRight, g.titleRect.width()));
            y += fmTitle.height();
        }
        if (!options.subtitle.isEmpty()) {
            const QFontMetricsF fm(theme.font);
            painter.setFont(theme.font);
            painter.setPen(theme.mutedText);
            painter.drawText(QPointF(g.titleRect.left(), y + fm.ascent()),
                             fm.elidedText(options.subtitle, Qt::ElideRight, g.titleRect.width()));
        }
    }
    if (!m_layout || m_layout->lanes().empty()) {
        painter.setPen(theme.mutedText);
        painter.setFont(theme.font);
        painter.drawText(g.plotRect, Qt::AlignCenter, tr("Nothing has happened yet: step a request to start."));
        painter.restore();
        return;
    }
    Frame frame(painter, m_layout.get(), g, range.length() > 0 ? range : m_layout->extent(), theme, options);
    frame.paint();
    if (options.legend)
        frame.legend();
    painter.restore();
}

int TimelineRenderer::eventAt(const QPointF &pos, const QRectF &rect, const TimeRange &range, const TimelineTheme &theme,
                              const TimelineOptions &options) const
{
    if (!m_layout)
        return -1;
    const TimelineGeometry g = geometry(rect, theme, options);
    if (!g.plotRect.contains(pos))
        return -1;
    const int lane = g.laneAt(pos.y());
    if (lane < 0 || pos.y() > g.laneRects[size_t(lane)].top() + g.markBandHeight)
        return -1;
    TimeScale scale{range, g.plotRect.left(), g.plotRect.width()};
    const double tolerance = scale.unitsPerPixel() * std::max<qreal>(6, theme.markSize);
    return TimelineLayout::nearestEvent(m_layout->lanes()[size_t(lane)], scale.toTime(pos.x()), tolerance);
}

QPointF TimelineRenderer::eventPosition(int event, const QRectF &rect, const TimeRange &range,
                                       const TimelineTheme &theme, const TimelineOptions &options) const
{
    if (!m_layout || event < 0 || event >= m_layout->eventCount() || m_layout->laneOfEvent(event) < 0)
        return {};
    const TimelineGeometry g = geometry(rect, theme, options);
    const TimeScale scale{range, g.plotRect.left(), g.plotRect.width()};
    return {scale.toX(m_layout->eventTime(event)), g.glyphY(m_layout->laneOfEvent(event))};
}

int TimelineRenderer::intervalAt(const QPointF &pos, const QRectF &rect, const TimeRange &range,
                                 const TimelineTheme &theme, const TimelineOptions &options) const
{
    if (!m_layout)
        return -1;
    const TimelineGeometry g = geometry(rect, theme, options);
    const int laneIndex = g.laneAt(pos.y());
    if (laneIndex < 0 || !g.plotRect.contains(pos))
        return -1;
    const TimelineLane &lane = m_layout->lanes()[size_t(laneIndex)];
    const QRectF lr = g.laneRects[size_t(laneIndex)];
    const qreal offset = pos.y() - lr.top() - g.markBandHeight;
    if (offset < 0 || lane.intervalRows.empty())
        return -1;
    const qreal barH = (lr.height() - g.markBandHeight) / qreal(lane.intervalRows.size());
    const size_t row = size_t(offset / barH);
    if (row >= lane.intervalRows.size())
        return -1;
    TimeScale scale{range, g.plotRect.left(), g.plotRect.width()};
    const double t = scale.toTime(pos.x());
    const auto &ends = lane.intervalRowEnds[row];
    const size_t i = size_t(std::lower_bound(ends.begin(), ends.end(), t) - ends.begin());
    if (i < ends.size() && lane.intervalRowStarts[row][i] <= t)
        return lane.intervalRows[row][i];
    return -1;
}

} // namespace Interleave
