#include "timeline/timelineaccessible.h"

#include "timeline/timelineview.h"

#include <QWidget>
#include <QWindow>

using namespace Interleave;

namespace {

QAccessibleInterface *timelineFactory(const QString &className, QObject *object)
{
    if (className == QLatin1String(TimelineView::staticMetaObject.className()))
        if (auto *view = qobject_cast<TimelineView *>(object))
            return new TimelineAccessible(view);
    return nullptr;
}

} // namespace

TimelineAccessible::TimelineAccessible(TimelineView *view)
    : QAccessibleWidget(view, QAccessible::List)
{ }

TimelineAccessible::~TimelineAccessible()
{
    for (const QAccessible::Id id : std::as_const(m_children))
        QAccessible::deleteAccessibleInterface(id);
}

void TimelineAccessible::install()
{
    static const bool installed = [] {
        QAccessible::installFactory(timelineFactory);
        return true;
    }();
    Q_UNUSED(installed);
}

TimelineView *TimelineAccessible::view() const
{
    return static_cast<TimelineView *>(widget());
}

int TimelineAccessible::childCount() const
{
    const auto layout = view()->timelineLayout();
    return layout ? layout->eventCount() : 0;
}

QAccessibleInterface *TimelineAccessible::child(int index) const
{
    if (index < 0 || index >= childCount())
        return nullptr;
    if (const auto it = m_children.constFind(index); it != m_children.constEnd())
        return QAccessible::accessibleInterface(it.value());
    auto *item = new TimelineEventAccessible(view(), index);
    m_children.insert(index, QAccessible::registerAccessibleInterface(item));
    return item;
}

int TimelineAccessible::indexOfChild(const QAccessibleInterface *child) const
{
    const auto *item = dynamic_cast<const TimelineEventAccessible *>(child);
    return item && item->isValid() && item->parent() == this ? item->event() : -1;
}

QAccessibleInterface *TimelineAccessible::childAt(int x, int y) const
{
    TimelineView *v = view();
    const QPoint local = v->mapFromGlobal(QPoint(x, y));
    const int event = v->renderer().eventAt(local, v->contentRect(), v->visibleRange(), v->theme(), v->options());
    return event >= 0 ? child(event) : nullptr;
}

QAccessibleInterface *TimelineAccessible::focusChild() const
{
    const int event = view()->selectedEvent();
    return view()->hasFocus() && event >= 0 ? child(event) : nullptr;
}

QString TimelineAccessible::text(QAccessible::Text t) const
{
    if (t == QAccessible::Description && view()->accessibleDescription().isEmpty())
        return TimelineView::tr("%n event(s); Ctrl+Right and Ctrl+Left walk through them.", nullptr, childCount());
    return QAccessibleWidget::text(t);
}

TimelineEventAccessible::TimelineEventAccessible(TimelineView *view, int event)
    : m_view(view)
    , m_event(event)
{ }

bool TimelineEventAccessible::isValid() const
{
    if (!m_view)
        return false;
    const auto layout = m_view->timelineLayout();
    return layout && m_event < layout->eventCount();
}

QWindow *TimelineEventAccessible::window() const
{
    return m_view ? m_view->window()->windowHandle() : nullptr;
}

QAccessibleInterface *TimelineEventAccessible::parent() const
{
    return m_view ? QAccessible::queryAccessibleInterface(m_view.data()) : nullptr;
}

QString TimelineEventAccessible::text(QAccessible::Text t) const
{
    if (!isValid())
        return {};
    const auto layout = m_view->timelineLayout();
    switch (t) {
    case QAccessible::Name:
        return layout->machine().narrate(layout->trace()[size_t(m_event)]);
    case QAccessible::Description:
        return m_view->eventDescription(m_event);
    default:
        return {};
    }
}

QRect TimelineEventAccessible::rect() const
{
    if (!isValid())
        return {};
    const TimelineView *v = m_view.data();
    const QPointF c =
        v->renderer().eventPosition(m_event, v->contentRect(), v->visibleRange(), v->theme(), v->options());
    if (c.isNull())
        return {};
    const int r = qRound(v->theme().markSize);
    return QRect(v->mapToGlobal(c.toPoint()) - QPoint(r, r), QSize(2 * r, 2 * r));
}

QAccessible::State TimelineEventAccessible::state() const
{
    QAccessible::State s;
    s.focusable = true;
    s.selectable = true;
    if (!isValid())
        return s;
    const bool selected = m_view->selectedEvent() == m_event;
    s.selected = selected;
    s.focused = selected && m_view->hasFocus();
    s.offscreen = !m_view->visibleRange().contains(m_view->timelineLayout()->eventTime(m_event));
    return s;
}
