#pragma once

#include <QLineF>
#include <QPointer>
#include <QRectF>
#include <QWidget>

class TimelineView;

// The point of no return on the timeline: a dashed line after the move that decided the
// outcome (red: a broken rule is now certain; green: a fix has made it impossible) with a
// short label in the axis beside its move numbers (or under the legend, or over the lanes). A transparent layer over the timeline, placed by the timeline's
// own scale, so it follows zoom and pan without the timeline knowing about forecasts.
class TurningPointMark : public QWidget
{
    Q_OBJECT
public:
    enum Kind {
        None,
        BadCertain,
        BadImpossible
    };
    explicit TurningPointMark(TimelineView *timeline);

    void setMark(Kind kind, int move, const QString &label, const QString &narration);
    Kind kind() const { return m_kind; }
    int move() const { return m_move; }
    QString label() const { return m_label; }
    qreal markX() const; // in the timeline's coordinates; -1 when none is drawn
    QRectF labelRect() const; // likewise; empty when none is drawn

protected:
    void paintEvent(QPaintEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Placement
    {
        QRectF label;
        QLineF line;
    };
    Placement placement(qreal x) const;
    bool fitsInAxis(qreal x, qreal halfWidth) const;
    QFont labelFont() const;

    QPointer<TimelineView> m_timeline;
    Kind m_kind = None;
    int m_move = 0;
    QString m_label;
};
