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

void TurningPointMark::paintEvent(QPaintEvent *)
{
    const qreal x = markX();
    if (x < 0)
        return;
    const TimelineGeometry g =
        m_timeline->renderer().geometry(m_timeline->contentRect(), m_timeline->theme(), m_timeline->options());
    // The verdict colours of the dashboard: red for a certain break, green for a fix that holds.
    const QColor colour = m_kind == BadCertain ? QColor(0xc6, 0x28, 0x28) : QColor(0x1b, 0x7f, 0x3b);
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(colour, std::max<qreal>(2, m_timeline->theme().markSize / 3));
    pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 0.9);
    p.setFont(f);
    const QFontMetricsF fm(f);
    QRectF box(0, 0, fm.horizontalAdvance(m_label) + 10, fm.height() + 4);
    // Under the axis, where no event's label is; on top of the lanes only when there is no room below.
    const bool below = g.axisRect.bottom() + box.height() + 2 <= height();
    const qreal top = below ? g.axisRect.bottom() + 1 : g.plotRect.top() + 2;
    box.moveTopLeft(QPointF(std::min(x + 3, width() - box.width() - 2), top));
    p.drawLine(QPointF(x, g.plotRect.top()), QPointF(x, below ? box.bottom() : g.plotRect.bottom()));
    // See-through, so a mark under the label still shows.
    QColor fill = colour;
    fill.setAlpha(220);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRoundedRect(box, 3, 3);
    p.setPen(Qt::white);
    p.drawText(box, Qt::AlignCenter, m_label);
}

bool TurningPointMark::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_timeline && event->type() == QEvent::Resize)
        setGeometry(m_timeline->rect());
    return QWidget::eventFilter(watched, event);
}
