#pragma once

// The timeline widget: a thin shell that keeps zoom/pan state, turns mouse and
// keys into ZoomState changes, and asks TimelineRenderer to paint.
//
// Keys: + / - zoom, Left / Right pan, 0 or F fit, Shift+drag or right-drag
// rubber band zoom, wheel zooms at the mouse (Shift+wheel pans), drag pans,
// click selects an event. Lanes shrink to fit the height while their labels
// stay readable (after Fit, Ctrl+0, as far as the renderer allows); beyond
// that a scroll bar appears (PageUp / PageDown, or the wheel over the lane
// titles, scroll them). Ctrl+Right / Ctrl+Left walk the events one by one in trace order:
// the walked event is selected (eventSelected, so the narration follows), kept on screen,
// ringed with a focus mark while the timeline has focus, and announced to assistive
// technology, which sees every event as a child named by its narration (timelineaccessible.h).
//
// Colours follow the window's palette (light or dark, TimelineTheme::forPalette) and sizes
// the user's font (TimelineTheme::fontScale); presenter mode scales on top.

#include "timeline/timelinelayout.h"
#include "timeline/timelinerenderer.h"

#include <QImage>
#include <QWidget>

class QScrollBar;

#include <memory>

class TimelineView : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);
    ~TimelineView() override;

    // Builds the layout on the calling thread (fine for stepper traces).
    void setTrace(std::shared_ptr<const Interleave::Machine> machine, Interleave::Trace trace,
                  Interleave::TraceAnalysis analysis, AxisMode axis = AxisMode::Steps);
    // Takes a layout built elsewhere (QtConcurrent for big threaded traces).
    // Keeps the zoom when the extent only grew (stepping), fits otherwise.
    void setLayout(std::shared_ptr<const TimelineLayout> layout);
    std::shared_ptr<const TimelineLayout> timelineLayout() const { return m_renderer.layout(); }
    void clear();

    void setCursorStep(int steps); // after `steps` moves; -1 hides the cursor
    int cursorStep() const { return m_options.cursorStep; }
    void setSelectedEvent(int event); // highlights without emitting eventSelected
    int selectedEvent() const { return m_options.selectedEvent; }

    void setTheme(const TimelineTheme &theme);
    const TimelineTheme &theme() const { return m_theme; }
    void setPresenterMode(bool on); // PresenterMode::timelineTheme(on, …)
    // What the tooltip and assistive technology say of an event: its narration, what it read, lost updates.
    QString eventDescription(int event) const;
    // Selects the next event in trace order (backwards: the previous), shows it and emits eventSelected.
    void walkEvents(bool backwards);
    void setTitle(const QString &title, const QString &subtitle = {});
    void setLegendVisible(bool visible);
    const TimelineOptions &options() const { return m_options; }

    TimeRange visibleRange() const { return m_zoom.visible; }
    void setVisibleRange(const TimeRange &range);
    const ZoomState &zoomState() const { return m_zoom; }
    // The renderer with the current layout, for exports of what is on screen.
    const TimelineRenderer &renderer() const { return m_renderer; }
    // Where the renderer lays out, in widget coordinates: the widget less the scroll
    // bar, as tall as the lanes need, shifted up by the scroll position.
    QRectF contentRect() const;
    // Every lane and the axis inside the widget, no scrolling needed.
    bool allLanesVisible() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    void zoomIn();
    void zoomOut();
    void fitToWindow();
    void panLeft();
    void panRight();

signals:
    void eventSelected(int eventIndex); // a click on a mark; -1 on empty space
    void stepClicked(int steps); // a click on the axis: "seek to this step"
    void visibleRangeChanged(const TimeRange &range);
    // Right click: the main window builds the menu (export whole / visible range, …).
    void contextMenuRequested(const QPoint &globalPos, int eventIndex);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    bool event(QEvent *event) override; // tooltips
    void leaveEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override; // palette and font changes
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    TimeScale currentScale() const;
    void zoomAt(double anchor, double factor);
    void panBy(double delta);
    void applyVisible(const TimeRange &range);
    void invalidateCache();
    void updateScrollRange();
    qreal layoutHeight(qreal width) const; // the widget's height when the lanes fit, else what they need
    qreal legendHeight(qreal width) const; // below the axis, at the natural height
    void updateTheme(); // from the palette, the font and presenter mode
    void revealEvent(int event); // pans so that `event` is on screen
    void paintFocusMark(QPainter &p);
    void announceSelection();

    TimelineRenderer m_renderer;
    TimelineTheme m_theme;
    TimelineOptions m_options;
    ZoomState m_zoom;

    // Dragging: pan (left button) or rubber band (Shift+left or right button).
    enum class Drag {
        None,
        Pan,
        Band
    } m_drag = Drag::None;
    QPoint m_pressPos;
    QPoint m_lastPos;
    bool m_moved = false;

    // The last frame, reused while only the hover or the rubber band changes.
    QImage m_cache;
    bool m_cacheValid = false;
    QScrollBar *m_vbar = nullptr;
    bool m_fitLanes = false; // set by Fit: lanes shrink further before scrolling
    bool m_presenter = false;
    bool m_keyboardFocus = false; // focus came by Tab or the keys walked: the focus mark shows
};
