#pragma once

// What a screen reader sees of the timeline: a list whose items are the trace's events in
// order, each named by its narration ("Ada reads balance = 100.") and described by what the
// tooltip says (what it read, the lost update it takes part in). Walking the timeline with
// Ctrl+Left / Ctrl+Right moves the accessible focus from item to item.

#include <QAccessibleWidget>
#include <QHash>
#include <QPointer>

class TimelineView;

class TimelineAccessible : public QAccessibleWidget
{
public:
    explicit TimelineAccessible(TimelineView *view);
    ~TimelineAccessible() override;

    // Registers the factory with QAccessible, once; TimelineView's constructor calls it.
    static void install();

    int childCount() const override;
    QAccessibleInterface *child(int index) const override;
    int indexOfChild(const QAccessibleInterface *child) const override;
    QAccessibleInterface *childAt(int x, int y) const override;
    QAccessibleInterface *focusChild() const override;
    QString text(QAccessible::Text t) const override;

private:
    TimelineView *view() const;

    mutable QHash<int, QAccessible::Id> m_children; // made when first asked for, freed with the view's interface
};

// One event of the timeline, as a list item. Holds no copy of the trace: it asks the view, so
// it stays true while the user steps, and turns invalid when its event is gone.
class TimelineEventAccessible : public QAccessibleInterface
{
public:
    TimelineEventAccessible(TimelineView *view, int event);

    int event() const { return m_event; }

    bool isValid() const override;
    QObject *object() const override { return nullptr; }
    QWindow *window() const override;
    QAccessibleInterface *parent() const override;
    QAccessibleInterface *child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface *) const override { return -1; }
    QAccessibleInterface *childAt(int, int) const override { return nullptr; }
    QAccessibleInterface *focusChild() const override { return nullptr; }
    QString text(QAccessible::Text t) const override;
    void setText(QAccessible::Text, const QString &) override { }
    QRect rect() const override;
    QAccessible::Role role() const override { return QAccessible::ListItem; }
    QAccessible::State state() const override;

private:
    QPointer<TimelineView> m_view;
    int m_event = -1;
};
