#include "timeline/timelineview.h"

#include "classroom/presentermode.h"
#include "timeline/timelineaccessible.h"

#include <QAccessible>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace Interleave;

namespace {
constexpr double WheelZoomPerNotch = 0.8;
constexpr double KeyZoom = 0.67;
constexpr double KeyPan = 0.15; // of the visible span
// How far lanes may shrink to fit the widget before a scroll bar appears
// instead: by default while their labels stay readable, after Fit as far as
// the renderer lets them.
constexpr double ReadableLaneScale = 0.45;
constexpr double FitLaneScale = 0.3;
constexpr size_t MinVisibleLanes = 4; // lanes the window keeps room for; more may scroll
} // namespace

TimelineView::TimelineView(QWidget *parent)
    : QWidget(parent)
    , m_theme(TimelineTheme::light())
{
    TimelineAccessible::install();
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Timeline"));
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(QString()); // tooltips come from event(), per mark
    m_options.legend = true;
    m_vbar = new QScrollBar(Qt::Vertical, this);
    m_vbar->setFocusPolicy(Qt::NoFocus);
    m_vbar->hide();
    connect(m_vbar, &QScrollBar::valueChanged, this, &TimelineView::invalidateCache);
    updateTheme();
}

QRectF TimelineView::contentRect() const
{
    const qreal w = width() - (m_vbar->isVisible() ? m_vbar->width() : 0);
    return QRectF(0, -m_vbar->value(), w, layoutHeight(w));
}

qreal TimelineView::layoutHeight(qreal width) const
{
    const qreal natural = m_renderer.preferredHeight(width, m_theme, m_options);
    if (natural <= height() || !m_renderer.layout())
        return std::max<qreal>(height(), natural);
    // The renderer shrinks the lanes into a shorter rectangle (title, axis and legend keep
    // their size): do so while they stay above the smallest scale allowed.
    const TimelineGeometry g = m_renderer.geometry(QRectF(0, 0, width, 1e6), m_theme, m_options);
    if (g.laneRects.empty())
        return natural;
    const qreal lanes = g.laneRects.back().bottom() - g.laneRects.front().top();
    const qreal available = lanes - (natural - height());
    const qreal minScale = m_fitLanes ? FitLaneScale : ReadableLaneScale;
    if (available >= lanes * minScale)
        return height();
    // Else the legend below the axis may scroll out of view first: the lanes and the axis stay.
    const qreal legend = legendHeight(width);
    return available + legend >= lanes * minScale ? height() + legend : natural;
}

qreal TimelineView::legendHeight(qreal width) const
{
    const qreal natural = m_renderer.preferredHeight(width, m_theme, m_options);
    const TimelineGeometry g = m_renderer.geometry(QRectF(0, 0, width, natural), m_theme, m_options);
    return std::max<qreal>(0, natural - g.axisRect.bottom());
}

void TimelineView::updateScrollRange()
{
    int needed = int(std::ceil(layoutHeight(width())));
    const bool overflow = m_renderer.layout() && needed > height();
    if (overflow) {
        // The bar takes width, which can make the legend wrap: measure again without it.
        needed = int(std::ceil(layoutHeight(width() - m_vbar->sizeHint().width())));
        m_vbar->setGeometry(width() - m_vbar->sizeHint().width(), 0, m_vbar->sizeHint().width(), height());
        m_vbar->setRange(0, needed - height());
        m_vbar->setPageStep(height());
        m_vbar->setSingleStep(std::max(8, int(m_theme.laneHeight / 2)));
    } else {
        m_vbar->setValue(0);
    }
    m_vbar->setVisible(overflow);
}

TimelineView::~TimelineView() = default;

void TimelineView::setTrace(std::shared_ptr<const Machine> machine, Trace trace, TraceAnalysis analysis, AxisMode axis)
{
    setLayout(TimelineLayout::build(std::move(machine), std::move(trace), std::move(analysis), axis));
}

void TimelineView::setLayout(std::shared_ptr<const TimelineLayout> layout)
{
    const auto old = m_renderer.layout();
    const bool wasFit = m_zoom.isFit();
    const TimeRange oldVisible = m_zoom.visible;
    const size_t oldLanes = old ? old->lanes().size() : 0;
    m_renderer.setLayout(layout);
    if ((layout ? layout->lanes().size() : 0) != oldLanes)
        updateGeometry(); // the minimum height follows the lanes
    updateScrollRange();
    m_options.hoveredEvent = -1;
    if (m_options.selectedEvent >= (layout ? layout->eventCount() : 0))
        m_options.selectedEvent = -1;
    if (QAccessible::isActive()) {
        // Events came or went: assistive technology reads the children again.
        QAccessibleEvent reorder(this, QAccessible::ObjectReorder);
        QAccessible::updateAccessibility(&reorder);
    }
    if (!layout) {
        m_zoom = ZoomState();
        invalidateCache();
        return;
    }
    const TimeRange extent = layout->extent();
    m_zoom.minSpan = layout->axis() == AxisMode::Steps ? 0.5 : std::max(1e-6, extent.length() * 1e-7);
    // Stepping only makes the trace longer: keep the user's zoom unless they were looking at all of it.
    const bool sameRun = old && old->axis() == layout->axis() && &old->machine() == &layout->machine() &&
        extent.start == old->extent().start;
    m_zoom.setExtent(extent);
    if (sameRun && !wasFit)
        m_zoom.setVisible(oldVisible);
    invalidateCache();
    emit visibleRangeChanged(m_zoom.visible);
}

void TimelineView::clear()
{
    setLayout(nullptr);
}

void TimelineView::setCursorStep(int steps)
{
    if (m_options.cursorStep == steps)
        return;
    m_options.cursorStep = steps;
    invalidateCache();
}

void TimelineView::setSelectedEvent(int event)
{
    if (m_options.selectedEvent == event)
        return;
    m_options.selectedEvent = event;
    invalidateCache();
    announceSelection();
}

void TimelineView::setTheme(const TimelineTheme &theme)
{
    m_theme = theme;
    updateGeometry();
    updateScrollRange();
    invalidateCache();
}

void TimelineView::setPresenterMode(bool on)
{
    m_presenter = on;
    updateTheme();
}

void TimelineView::updateTheme()
{
    // Presenter mode has already made the application font Scale times larger: the user's own size is below it.
    const qreal userScale = TimelineTheme::fontScale(font()) / (m_presenter ? PresenterMode::Scale : 1);
    setTheme(
        PresenterMode::timelineTheme(m_presenter, std::max<qreal>(1, userScale), TimelineTheme::forPalette(palette())));
}

void TimelineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        updateTheme();
    QWidget::changeEvent(event);
}

void TimelineView::setTitle(const QString &title, const QString &subtitle)
{
    m_options.title = title;
    m_options.subtitle = subtitle;
    updateScrollRange();
    invalidateCache();
}

void TimelineView::setLegendVisible(bool visible)
{
    m_options.legend = visible;
    updateScrollRange();
    invalidateCache();
}

void TimelineView::setVisibleRange(const TimeRange &range)
{
    applyVisible(range);
}

QSize TimelineView::sizeHint() const
{
    return QSize(900, int(m_renderer.preferredHeight(900, m_theme, m_options)));
}

QSize TimelineView::minimumSizeHint() const
{
    // Room for up to MinVisibleLanes lanes at the smallest readable scale, with the axis:
    // the window grows rather than scrolling them away.
    constexpr int MinWidth = 300, MinHeight = 160;
    if (!m_renderer.layout())
        return QSize(MinWidth, MinHeight);
    const qreal width = std::max(MinWidth, this->width());
    const TimelineGeometry g = m_renderer.geometry(QRectF(0, 0, width, 1e6), m_theme, m_options);
    if (g.laneRects.empty())
        return QSize(MinWidth, MinHeight);
    // More lanes than that scroll in any case (Fit squeezes them in): room for one lane less then,
    // so that five requests' code panels fit a 768 px projector in presenter mode.
    const size_t shown = g.laneRects.size() <= MinVisibleLanes ? g.laneRects.size() : MinVisibleLanes - 1;
    const qreal lanes = g.laneRects.back().bottom() - g.laneRects.front().top();
    const qreal firstLanes = g.laneRects[shown - 1].bottom() - g.laneRects.front().top();
    // The legend is not counted: it scrolls (a translated one wraps into several rows).
    const qreal fixed = m_renderer.preferredHeight(width, m_theme, m_options) - lanes - legendHeight(width);
    return QSize(MinWidth, std::max(MinHeight, int(std::ceil(fixed + firstLanes * ReadableLaneScale)) + 1));
}

void TimelineView::zoomIn()
{
    zoomAt((m_zoom.visible.start + m_zoom.visible.end) / 2, KeyZoom);
}

void TimelineView::zoomOut()
{
    zoomAt((m_zoom.visible.start + m_zoom.visible.end) / 2, 1 / KeyZoom);
}

void TimelineView::fitToWindow()
{
    // Both axes: the whole run across, and every lane down as far as they can shrink.
    m_fitLanes = true;
    updateScrollRange();
    invalidateCache();
    applyVisible(m_zoom.extent);
}

bool TimelineView::allLanesVisible() const
{
    const auto layout = m_renderer.layout();
    if (!layout)
        return true;
    const TimelineGeometry g = m_renderer.geometry(contentRect(), m_theme, m_options);
    const QRectF shown = rect();
    for (const QRectF &lane : g.laneRects)
        if (lane.top() < shown.top() - 0.5 || lane.bottom() > shown.bottom() + 0.5)
            return false;
    return g.axisRect.bottom() <= shown.bottom() + 0.5;
}

void TimelineView::panLeft()
{
    panBy(-m_zoom.visible.length() * KeyPan);
}

void TimelineView::panRight()
{
    panBy(m_zoom.visible.length() * KeyPan);
}

void TimelineView::zoomAt(double anchor, double factor)
{
    ZoomState next = m_zoom;
    next.zoomAt(anchor, factor);
    applyVisible(next.visible);
}

void TimelineView::panBy(double delta)
{
    ZoomState next = m_zoom;
    next.panBy(delta);
    applyVisible(next.visible);
}

TimeScale TimelineView::currentScale() const
{
    const TimelineGeometry g = m_renderer.geometry(contentRect(), m_theme, m_options);
    return {m_zoom.visible, g.plotRect.left(), g.plotRect.width()};
}

void TimelineView::applyVisible(const TimeRange &range)
{
    const TimeRange before = m_zoom.visible;
    m_zoom.setVisible(range);
    if (m_zoom.visible == before && m_cacheValid)
        return;
    invalidateCache();
    emit visibleRangeChanged(m_zoom.visible);
}

void TimelineView::invalidateCache()
{
    m_cacheValid = false;
    update();
}

void TimelineView::paintEvent(QPaintEvent *)
{
    const qreal dpr = devicePixelRatioF();
    const QSize pixels = (QSizeF(size()) * dpr).toSize();
    if (!m_cacheValid || m_cache.size() != pixels) {
        // Everything but the hover ring and the rubber band: those change on every mouse move.
        m_cache = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
        m_cache.setDevicePixelRatio(dpr);
        QPainter cp(&m_cache);
        TimelineOptions options = m_options;
        options.hoveredEvent = -1;
        m_renderer.paint(cp, contentRect(), m_zoom.visible, m_theme, options);
        m_cacheValid = true;
    }
    QPainter p(this);
    p.drawImage(QPointF(0, 0), m_cache);
    if (m_options.hoveredEvent >= 0 && m_options.hoveredEvent != m_options.selectedEvent) {
        const QPointF c =
            m_renderer.eventPosition(m_options.hoveredEvent, contentRect(), m_zoom.visible, m_theme, m_options);
        if (!c.isNull()) {
            p.setRenderHint(QPainter::Antialiasing, true);
            p.setPen(QPen(m_theme.selection, m_theme.lineWidth, Qt::DotLine));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(c, m_theme.markSize * 1.25, m_theme.markSize * 1.25);
        }
    }
    if (hasFocus() && m_keyboardFocus)
        paintFocusMark(p);
    if (m_drag == Drag::Band) {
        const TimelineGeometry g = m_renderer.geometry(contentRect(), m_theme, m_options);
        QRectF band(QPointF(std::min(m_pressPos.x(), m_lastPos.x()), g.plotRect.top()),
                    QPointF(std::max(m_pressPos.x(), m_lastPos.x()), g.plotRect.bottom()));
        QColor fill = m_theme.selection;
        fill.setAlpha(50);
        p.fillRect(band, fill);
        p.setPen(QPen(m_theme.selection, 1));
        p.drawRect(band);
    }
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateScrollRange();
    invalidateCache();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    if (m_vbar->isVisible() &&
        event->position().x() < m_renderer.geometry(contentRect(), m_theme, m_options).headerRect.right()) {
        // Over the lane titles the wheel scrolls the lanes; over the plot it zooms.
        QCoreApplication::sendEvent(m_vbar, event);
        return;
    }
    const TimeScale scale = currentScale();
    if (event->modifiers() & Qt::ShiftModifier || std::abs(delta.x()) > std::abs(delta.y())) {
        const int d = std::abs(delta.x()) > std::abs(delta.y()) ? delta.x() : delta.y();
        panBy(-d / 120.0 * m_zoom.visible.length() * KeyPan);
    } else {
        const double notches = delta.y() / 120.0;
        zoomAt(scale.toTime(event->position().x()), std::pow(WheelZoomPerNotch, notches));
    }
    applyVisible(m_zoom.visible);
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    setFocus(Qt::MouseFocusReason);
    m_keyboardFocus = false;
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_pressPos = m_lastPos = event->position().toPoint();
    m_moved = false;
    m_drag = event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier) ? Drag::Band : Drag::Pan;
    if (m_drag == Drag::Pan)
        setCursor(Qt::ClosedHandCursor);
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag != Drag::None) {
        if ((pos - m_pressPos).manhattanLength() > 3)
            m_moved = true;
        if (m_drag == Drag::Pan && m_moved) {
            const TimeScale scale = currentScale();
            panBy(-(pos.x() - m_lastPos.x()) * scale.unitsPerPixel());
        }
        m_lastPos = pos;
        if (m_drag == Drag::Band)
            update();
        return;
    }
    const int hovered = m_renderer.eventAt(pos, contentRect(), m_zoom.visible, m_theme, m_options);
    if (hovered != m_options.hoveredEvent) {
        m_options.hoveredEvent = hovered;
        update(); // the ring only: the cached frame stays
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_drag == Drag::None) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    const Drag drag = m_drag;
    m_drag = Drag::None;
    unsetCursor();
    const QPoint pos = event->position().toPoint();
    if (drag == Drag::Band && std::abs(pos.x() - m_pressPos.x()) > 4) {
        const TimeScale scale = currentScale();
        const double a = scale.toTime(m_pressPos.x()), b = scale.toTime(pos.x());
        applyVisible({std::min(a, b), std::max(a, b)});
        update();
        return;
    }
    update();
    if (m_moved)
        return;
    // A click: on a mark selects it; on the axis seeks to that step.
    const TimelineGeometry g = m_renderer.geometry(contentRect(), m_theme, m_options);
    if (g.axisRect.contains(pos) && m_renderer.layout()) {
        const TimeScale scale = currentScale();
        emit stepClicked(m_renderer.layout()->stepAtTime(scale.toTime(pos.x())));
        return;
    }
    const int ev = m_renderer.eventAt(pos, contentRect(), m_zoom.visible, m_theme, m_options);
    setSelectedEvent(ev);
    emit eventSelected(ev);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton &&
        m_renderer.eventAt(event->position(), contentRect(), m_zoom.visible, m_theme, m_options) < 0)
        fitToWindow();
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    const bool big = event->modifiers() & Qt::ShiftModifier;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
    case Qt::Key_Underscore:
        zoomOut();
        break;
    case Qt::Key_Left:
        if (event->modifiers() & Qt::ControlModifier)
            walkEvents(true);
        else
            panBy(-m_zoom.visible.length() * (big ? 0.5 : KeyPan));
        break;
    case Qt::Key_Right:
        if (event->modifiers() & Qt::ControlModifier)
            walkEvents(false);
        else
            panBy(m_zoom.visible.length() * (big ? 0.5 : KeyPan));
        break;
    case Qt::Key_0:
    case Qt::Key_F:
        fitToWindow();
        break;
    case Qt::Key_PageUp:
        m_vbar->triggerAction(QAbstractSlider::SliderPageStepSub);
        break;
    case Qt::Key_PageDown:
        m_vbar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        break;
    default:
        // Digits, Home, Backspace belong to the main window's stepping keys.
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TimelineView::contextMenuEvent(QContextMenuEvent *event)
{
    const int ev = m_renderer.eventAt(event->pos(), contentRect(), m_zoom.visible, m_theme, m_options);
    emit contextMenuRequested(event->globalPos(), ev);
    event->accept();
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const auto layout = m_renderer.layout();
        QString text;
        if (layout) {
            const int ev = m_renderer.eventAt(help->pos(), contentRect(), m_zoom.visible, m_theme, m_options);
            if (ev >= 0) {
                text = eventDescription(ev);
            } else if (const int iv =
                           m_renderer.intervalAt(help->pos(), contentRect(), m_zoom.visible, m_theme, m_options);
                       iv >= 0) {
                const LockInterval &interval = layout->analysis().intervals[size_t(iv)];
                text = layout->machine().actor(interval.actor).name + QLatin1String(": ") +
                    TimelineRenderer::intervalLabel(*layout, iv);
                if (interval.end == LockInterval::Open)
                    text += tr(" (still at the end)");
                else if (interval.end == LockInterval::Victim)
                    text += tr(" (ended: chosen as the deadlock victim)");
                else if (interval.end == LockInterval::TimedOut)
                    text += tr(" (ended: lock wait timeout)");
                else if (interval.end == LockInterval::Expired)
                    text += tr(" (ended: the TTL ran out)");
            }
        }
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::leaveEvent(QEvent *event)
{
    if (m_options.hoveredEvent >= 0) {
        m_options.hoveredEvent = -1;
        update();
    }
    QWidget::leaveEvent(event);
}
