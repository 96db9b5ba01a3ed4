#include "timeline/turningpointmark.h"

#include "timeline/timelineview.h"

#include <QEvent>
#include <QPainter>

TurningPointMark::TurningPointMark(TimelineView *timeline)
    : QWidget(timeline)
    , m_timeline(timeline)
{
    setObjectName(QStringLiteral("turningPointMark"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setGeometry(timeline->rect());
    timeline->installEventFilter(this);
    connect(timeline, &TimelineView::visibleRangeChanged, this, qOverload<>(&QWidget::update));
    hide();
}

void TurningPointMark::setMark(Kind kind, int move, const QString &label, const QString &narration)
{
    m_kind = kind;
    m_move = move;
    m_label = label;
    setToolTip(narration);
    setVisible(kind != None);
    raise();
    update();
}

qreal TurningPointMark::markX() const
{
    const auto layout = m_timeline ? m_timeline->timelineLayout() : nullptr;
    if (m_kind == None || !layout || m_timeline->zoomState().visible.length() <= 0)
        return -1;
    const TimelineGeometry g =
        m_timeline->renderer().geometry(m_timeline->contentRect(), m_timeline->theme(), m_timeline->options());
    const TimeScale scale{m_timeline->zoomState().visible, g.plotRect.left(), g.plotRect.width()};
    const qreal x = scale.toX(layout->timeOfStep(m_move));
    return x < g.plotRect.left() - 0.5 || x > g.plotRect.right() + 0.5 ? -1 : x;
}

QFont TurningPointMark::labelFont() const
{
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
}

// Centred on the line in the axis, between the move numbers either side, where it is read with
// them; else under the legend; over the lanes only when there is no room below.
TurningPointMark::Placement TurningPointMark::placement(qreal x) const
{
    const TimelineGeometry g =
        m_timeline->renderer().geometry(m_timeline->contentRect(), m_timeline->theme(), m_timeline->options());
    const QFontMetricsF fm(labelFont());
    Placement out;
    out.label = QRectF(0, 0, fm.horizontalAdvance(m_label) + 10, fm.height() + 4);
    out.line = QLineF(x, g.plotRect.top(), x, g.plotRect.bottom());
    const qreal free = std::max(g.axisRect.bottom(), g.legendRect.isEmpty() ? 0.0 : g.legendRect.bottom());
    if (fitsInAxis(x, out.label.width() / 2)) {
        out.label.moveCenter(QPointF(x, g.axisRect.top() + QFontMetricsF(m_timeline->theme().font).height() * 1.3));
        out.line.setP2(QPointF(x, out.label.top()));
    } else if (free + out.label.height() + 2 <= height()) {
        out.label.moveTopLeft(QPointF(std::min(x + 3, width() - out.label.width() - 2), free + 1));
        out.line.setP2(QPointF(x, g.axisRect.bottom())); // through the legend it would cross out a word
    } else {
        out.label.moveTopLeft(QPointF(std::min(x + 3, width() - out.label.width() - 2), g.plotRect.top() + 2));
    }
    return out;
}

QRectF TurningPointMark::labelRect() const
{
    const qreal x = markX();
    return x < 0 ? QRectF() : placement(x).label;
}

void TurningPointMark::paintEvent(QPaintEvent *)
{
    const qreal x = markX();
    if (x < 0)
        return;
    const Placement place = placement(x);
    // The verdict colours of the dashboard: red for a certain break, green for a fix that holds.
    const QColor colour = m_kind == BadCertain ? QColor(0xc6, 0x28, 0x28) : QColor(0x1b, 0x7f, 0x3b);
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(colour, std::max<qreal>(2, m_timeline->theme().markSize / 3));
    pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    p.drawLine(place.line);
    // See-through, so a mark under the label still shows.
    QColor fill = colour;
    fill.setAlpha(220);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRoundedRect(place.label, 3, 3);
    p.setPen(Qt::white);
    p.setFont(labelFont());
    p.drawText(place.label, Qt::AlignCenter, m_label);
}

// Whether a label `halfWidth` either side of x stays clear of the move numbers drawn in the
// axis at the middle of each move (Frame::axis), with a few pixels to spare.
bool TurningPointMark::fitsInAxis(qreal x, qreal halfWidth) const
{
    const auto layout = m_timeline->timelineLayout();
    if (layout->axis() != AxisMode::Steps)
        return false;
    const TimelineGeometry g =
        m_timeline->renderer().geometry(m_timeline->contentRect(), m_timeline->theme(), m_timeline->options());
    if (x - halfWidth < g.axisRect.left() || x + halfWidth > g.axisRect.right())
        return false;
    const TimeScale scale{m_timeline->zoomState().visible, g.plotRect.left(), g.plotRect.width()};
    const QFontMetricsF fm(m_timeline->theme().font);
    const int steps = layout->analysis().stepCount;
    for (int k : {m_move - 1, m_move}) { // the moves either side of the line
        if (k < 0 || k >= steps)
            continue;
        const qreal centre = scale.toX((layout->timeOfStep(k) + layout->timeOfStep(k + 1)) / 2);
        const qreal half = fm.horizontalAdvance(QString::number(k + 1)) / 2 + 4;
        if (std::abs(centre - x) < halfWidth + half)
            return false;
    }
    return true;
}

bool TurningPointMark::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_timeline && event->type() == QEvent::Resize)
        setGeometry(m_timeline->rect());
    return QWidget::eventFilter(watched, event);
}
