#pragma once

// Paints a timeline into any QPainter: the widget, a QImage, QSvgGenerator or
// QPdfWriter. No state beyond the layout it draws; the widget and the
// exporters share it, so a slide looks exactly like the screen.

#include "timeline/timelinelayout.h"

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QRectF>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

class QPainter;
class QPalette;

struct TimelineTheme
{
    QString name; // "light", "presenter"
    QColor background, text, mutedText, grid, laneAlternate, axis;
    QColor read, write, lost, failure, violation, deadlock, cursor, selection, lease, wait, busy;
    std::vector<QColor> lockPalette; // holds are coloured by resource, and labelled
    QFont font; // labels on marks
    QFont laneFont; // lane titles
    QFont titleFont;
    qreal lineWidth = 1.5; // arrows, outlines
    qreal markSize = 10; // glyph size in px
    qreal laneHeight = 56; // band for marks and labels
    qreal barHeight = 14; // one sub-row of hold/wait bars
    bool boldLabels = false;

    static TimelineTheme light();
    static TimelineTheme dark(); // light()'s sizes, colours for a dark window (the screen; exports stay light)
    static TimelineTheme presenter(); // high contrast, large type, thick lines
    static TimelineTheme byName(const QString &name); // unknown names give light()
    // dark() when the palette's window is darker than its text (a dark desktop), else light().
    static TimelineTheme forPalette(const QPalette &palette);
    // How much larger than the smallest font the program starts with (11 pt at 96 dpi) `userFont`
    // is, never below 1: the factor that sizes the timeline for the user's font setting.
    static qreal fontScale(const QFont &userFont);

    // This theme's colours and weights with `sizes`' fonts, marks, lanes and bars × factor.
    TimelineTheme resized(const TimelineTheme &sizes, qreal factor) const;
};

struct TimelineOptions
{
    QString title; // e.g. "Lost update: two deposits · No fix · threads"
    QString subtitle; // e.g. the schedule string
    bool legend = true;
    bool axis = true;
    bool laneHeaders = true;
    int cursorStep = -1; // draw the cursor after this many moves; -1 none
    int selectedEvent = -1;
    int hoveredEvent = -1;
    bool antialiasText = true;
    // When set, receives every label the plot drew over the lanes and where (tests, hit-testing).
    std::vector<std::pair<QString, QRectF>> *drawnTexts = nullptr;
    // Set from any thread to stop painting: checked between lanes and layers, so an
    // export of a long run stops within milliseconds (what was painted is then incomplete).
    const std::atomic<bool> *cancel = nullptr;
};

// Where things go in a given rectangle. Computed by the renderer from the
// theme's fonts; the view uses it for hit-testing.
struct TimelineGeometry
{
    QRectF titleRect;
    QRectF headerRect; // lane titles, left
    QRectF plotRect; // lanes with marks (and the banner above them)
    QRectF bannerRect; // top strip of the plot: clock ticks and broken rules; empty if none
    QRectF axisRect; // below the plot
    QRectF legendRect; // below the axis
    std::vector<QRectF> laneRects; // full width of plotRect, per lane
    qreal markBandHeight = 0; // top part of a lane, where marks and labels go

    int laneAt(qreal y) const; // -1 outside every lane
    qreal glyphY(int lane) const { return laneRects[size_t(lane)].top() + markBandHeight * 0.52; }
};

class TimelineRenderer
{
    Q_DECLARE_TR_FUNCTIONS(TimelineRenderer)
public:
    TimelineRenderer() = default;
    explicit TimelineRenderer(std::shared_ptr<const TimelineLayout> layout)
        : m_layout(std::move(layout))
    { }

    void setLayout(std::shared_ptr<const TimelineLayout> layout) { m_layout = std::move(layout); }
    const std::shared_ptr<const TimelineLayout> &layout() const { return m_layout; }

    TimelineGeometry geometry(const QRectF &rect, const TimelineTheme &theme, const TimelineOptions &options) const;
    // Height that shows every lane, the axis and the legend at `width` (for exports of the whole timeline).
    qreal preferredHeight(qreal width, const TimelineTheme &theme, const TimelineOptions &options) const;

    // Paints [range] of the timeline into `rect`. Safe to call with no layout (paints the empty state).
    void paint(QPainter &painter, const QRectF &rect, const TimeRange &range, const TimelineTheme &theme,
               const TimelineOptions &options) const;

    // The event under `pos` (within a few pixels), or -1.
    int eventAt(const QPointF &pos, const QRectF &rect, const TimeRange &range, const TimelineTheme &theme,
                const TimelineOptions &options) const;
    // The interval under `pos`, or -1 (for tooltips on holds and waits).
    int intervalAt(const QPointF &pos, const QRectF &rect, const TimeRange &range, const TimelineTheme &theme,
                   const TimelineOptions &options) const;

    // Centre of an event's mark (for rings, tests and tooltips); null QPointF when it has no lane.
    QPointF eventPosition(int event, const QRectF &rect, const TimeRange &range, const TimelineTheme &theme,
                          const TimelineOptions &options) const;

    // The text a mark carries: "R balance=1000", "W balance=1100 ⚿2".
    static QString markLabel(const TimelineLayout &layout, int event);
    // The text a hold/wait bar carries: "holds accounts[1]", "waits for m".
    static QString intervalLabel(const TimelineLayout &layout, int interval);

private:
    std::shared_ptr<const TimelineLayout> m_layout;
};
