#include "timeline/timelineview.h"

// The timeline for keyboard and screen-reader users: walking the events, the focus mark, what
// assistive technology is told (timelineaccessible.cpp holds the interfaces it asks).

#include <QAccessible>
#include <QFocusEvent>
#include <QPainter>

#include <algorithm>

using namespace Interleave;

void TimelineView::walkEvents(bool backwards)
{
    const auto layout = m_renderer.layout();
    if (!layout || layout->eventCount() == 0)
        return;
    const int last = layout->eventCount() - 1;
    const int current = m_options.selectedEvent;
    const int next = current < 0 ? (backwards ? last : 0) : std::clamp(current + (backwards ? -1 : 1), 0, last);
    revealEvent(next);
    m_keyboardFocus = true;
    update();
    if (next == current)
        return;
    setSelectedEvent(next);
    emit eventSelected(next);
}

void TimelineView::revealEvent(int event)
{
    const double t = m_renderer.layout()->eventTime(event);
    const TimeRange &shown = m_zoom.visible;
    // Keep a margin so the mark and its label are not cut at the edge.
    const double margin = shown.length() * 0.1;
    if (t < shown.start + margin)
        panBy(t - margin - shown.start);
    else if (t > shown.end - margin)
        panBy(t + margin - shown.end);
}

void TimelineView::announceSelection()
{
    const int event = m_options.selectedEvent;
    if (!QAccessible::isActive() || event < 0)
        return;
    // The screen reader reads the walked event's narration, as it would a list's current item.
    QAccessibleEvent selection(this, hasFocus() ? QAccessible::Focus : QAccessible::Selection);
    selection.setChild(event);
    QAccessible::updateAccessibility(&selection);
}

void TimelineView::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    // A mouse user sees where they clicked; the mark is for those who came by keyboard.
    m_keyboardFocus = event->reason() == Qt::TabFocusReason || event->reason() == Qt::BacktabFocusReason;
    update();
    announceSelection();
}

void TimelineView::focusOutEvent(QFocusEvent *event)
{
    QWidget::focusOutEvent(event);
    update();
}

void TimelineView::paintFocusMark(QPainter &p)
{
    // While the keyboard is here: a dashed square around the walked event, or a frame round the
    // whole timeline before the first walk, so the user sees where the keys go.
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(m_theme.text, std::max<qreal>(1.5, m_theme.lineWidth), Qt::DashLine));
    const QPointF c = m_options.selectedEvent >= 0
        ? m_renderer.eventPosition(m_options.selectedEvent, contentRect(), m_zoom.visible, m_theme, m_options)
        : QPointF();
    if (c.isNull()) {
        p.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
        return;
    }
    const qreal r = m_theme.markSize * 1.7;
    p.drawRect(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r));
}

QString TimelineView::eventDescription(int event) const
{
    const auto layout = m_renderer.layout();
    if (!layout || event < 0 || event >= layout->eventCount())
        return {};
    const TraceAnalysis &an = layout->analysis();
    const Machine &m = layout->machine();
    QStringList lines{m.narrate(layout->trace()[size_t(event)])};
    const int from = an.readFrom[size_t(event)];
    if (from >= 0 && layout->trace()[size_t(from)].actor >= 0)
        lines << tr("It saw the value %1 wrote in move %2.")
                     .arg(m.actor(layout->trace()[size_t(from)].actor).name)
                     .arg(layout->trace()[size_t(from)].step + 1);
    else if (from == TraceAnalysis::InitialValue)
        lines << tr("It saw the initial value.");
    if (const int k = an.lostUpdateOverwriting(event); k >= 0) {
        const int by = an.lostUpdates[size_t(k)].overwritingWrite;
        lines << tr("Lost update: %1 overwrote this value in move %2 without ever having read it.")
                     .arg(m.actor(layout->trace()[size_t(by)].actor).name)
                     .arg(layout->trace()[size_t(by)].step + 1);
    }
    if (const int k = an.lostUpdateOverwritten(event); k >= 0) {
        const int lost = an.lostUpdates[size_t(k)].overwrittenWrite;
        lines << tr("This write is based on a stale read and overwrites %1's write from move %2.")
                     .arg(m.actor(layout->trace()[size_t(lost)].actor).name)
                     .arg(layout->trace()[size_t(lost)].step + 1);
    }
    return lines.join(u'\n');
}
