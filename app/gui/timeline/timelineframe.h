#pragma once

// Internal to the timeline renderer: one paint of one frame. Split by what it
// draws: timelineframe.cpp (backgrounds, grid, axis, cursor), timelinemarks.cpp
// (glyphs, event marks and their labels, the legend), timelinebars.cpp (hold,
// wait and busy bars, the event loop's owners) and timelineoverlays.cpp
// (read-from arrows, lost updates, deadlock cycles, the banner).

#include "timeline/timelinerenderer.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

namespace TimelinePaint {

// The glyph an event is drawn with. Shapes differ so colour is never the only signal.
enum class Glyph {
    None,
    Read,
    Write,
    Update,
    Insert,
    Lookup,
    TxnBegin,
    TxnEnd,
    Rollback,
    Acquire,
    Release,
    Wait,
    Denied,
    Expire,
    Queue,
    Yield,
    Sleep,
    Wake,
    Local,
    Fail,
    Done,
    Deadlock,
    Timeout,
    Violation,
    Anomaly,
    Tick,
};
Glyph glyphOf(const Interleave::TraceEvent &e);

struct LegendItem
{
    Glyph glyph = Glyph::None;
    enum Swatch {
        Mark,
        Hold,
        WaitBar,
        BusyBar,
        Arrow,
        LostArrow,
        Cycle,
        Cursor,
        Lease
    } swatch = Mark;
    QString text;
};
std::vector<LegendItem> legendItems(const TimelineLayout *layout);

// Hand-drawn 45° hatching that scales with the theme and stays vector in SVG/PDF.
void drawHatch(QPainter &p, const QRectF &r, qreal spacing, bool cross);

// First index in [from, end) with a[index] >= t. Galloping from `from`: the next
// pixel's events are usually close, so this costs O(log distance), not O(log n).
inline size_t gallop(const std::vector<double> &a, size_t from, size_t end, double t)
{
    size_t step = 1, lo = from;
    while (lo + step < end && a[lo + step] < t) {
        lo += step;
        step *= 2;
    }
    const size_t hi = std::min(end, lo + step + 1);
    return size_t(std::lower_bound(a.begin() + long(lo), a.begin() + long(hi), t) - a.begin());
}

// Nice tick spacing: 1, 2 or 5 × 10^k, at least `minimum`.
double niceStep(double minimum);

struct Palette
{
    QPen outline, thin, muted, text, textMuted, flow, lost, lostArrow, failure, deadlock, violation, cursor, selection,
        hover, grid, axis;
    QBrush read, write, white, failureBrush, violationBrush, busy;
};

class Frame
{
    Q_DECLARE_TR_FUNCTIONS(TimelineRenderer) // it paints the renderer's texts
public:
    Frame(QPainter &p, const TimelineLayout *layout, const TimelineGeometry &g, const TimeRange &range,
          const TimelineTheme &theme, const TimelineOptions &options);

    void paint();
    bool cancelled() const { return options.cancel && options.cancel->load(std::memory_order_relaxed); }
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
    bool detail = false; // few enough events on screen for arrows and per-event marks
    // Text drawn so far by the overlays painted after the marks: arrows and badges keep clear of it.
    std::vector<QRectF> textRects;
    QColor labelPlate; // the lane's colour, behind each mark label
    std::vector<int> lostLabelled; // overwritten writes whose label already says "LOST UPDATE"

private:
    QColor lockColor(Interleave::Place place, int resource, int instance = 0) const;
    QColor lockColor(const Interleave::LockInterval &iv) const { return lockColor(iv.place, iv.resource, iv.instance); }
    qreal glyphY(int lane) const { return g.glyphY(lane); }
    QColor firstColor(Interleave::LockInterval::Kind kind, bool lease) const;
    QPointF eventPoint(int event) const;
    bool hasDrawnCycle(int deadlockEvent) const;
    bool overlapsText(const QRectF &r) const;
    void noteText(const QString &text, const QRectF &r);

    // timelineframe.cpp
    void laneBackgrounds();
    void laneHeader(size_t lane, const QRectF &r);
    void grid();
    void stepLabelPlan(int &first, int &last, int &every) const;
    void cursorAndSelection();
    void axis();
    void stepAxis(QVector<QLineF> &ticks, qreal tickLen);
    // timelinebars.cpp
    void eventLoopOwners(int lane);
    QRectF loopBand(int lane) const;
    void loopOwnerSegments(int lane);
    void loopBusy(int lane);
    void intervals(int lane);
    void drawBar(int interval, const QRectF &r, bool label);
    void leaseGhost(int interval, qreal top, qreal h, bool service);
    // timelinemarks.cpp
    void drawDataGlyph(Glyph glyph, QPointF c, qreal s);
    void drawLockGlyph(Glyph glyph, QPointF c, qreal s);
    void drawTimeGlyph(Glyph glyph, QPointF c, qreal s);
    void drawOutcomeGlyph(Glyph glyph, QPointF c, qreal s);
    void marks(int lane);
    void aggregateMarks(const TimelineLane &lane, int first, int last, qreal y);
    struct LabelRows
    {
        qreal primaryRight = -1e9, secondaryRight = -1e9;
    };
    void markLabel(int event, QPointF c, const QRectF &lane, bool primary, LabelRows &rows);
    void legendSwatch(const LegendItem &item, qreal x, qreal y, qreal swatch, qreal rowH);
    // timelineoverlays.cpp
    void flows();
    void lostUpdates(bool arrows);
    template<typename F>
    void forVisibleCycles(F &&draw);
    void deadlocks();
    void deadlockCycle(int cycle);
    qreal cycleOffset() const;
    int cycleTimedOut(const Interleave::DeadlockCycle &cycle) const;
    QString deadlockBadge(const Interleave::DeadlockCycle &cycle) const;
    void deadlockBadges();
    std::optional<QRectF> freeSpot(qreal x, qreal y, qreal w, qreal h, qreal dx) const;
    void globalMarks();
    void clockTicks();
    void ruleBanners();
    void arrow(const QPointF &from, const QPointF &to, const QPen &pen, qreal bend);
};

} // namespace TimelinePaint
