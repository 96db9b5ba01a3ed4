#pragma once

#include "drivers/stepper.h"
#include "machine/machine.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class ScenarioSession;
class TimelineView;

// Two variants on the same pinned schedule, stepping together: on the left
// the one on screen, on the right another fix chosen here (by default one
// that holds on this model). Each has its own timeline and verdict. It reads
// the session, and keeps only the other variant's own stepper.
class SideBySideView : public QWidget
{
    Q_OBJECT
public:
    explicit SideBySideView(ScenarioSession *session, QWidget *parent = nullptr);

    void setComparedStrategy(const QString &id);
    QString comparedStrategy() const;
    QString verdict(int side) const; // 0 left, 1 right
    const Interleave::Stepper *comparedStepper() const { return m_other.get(); }
    TimelineView *timeline(int side) const { return side == 0 ? m_leftTimeline : m_rightTimeline; }

    // The verdict line of a run: which rules it broke and at which move, or that it stops early.
    static QString verdictText(const Interleave::Stepper &stepper, int pinnedMoves);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onScenarioChanged();
    void recompileOther();
    void refresh();

    ScenarioSession *m_session = nullptr;
    QComboBox *m_strategy = nullptr;
    QLabel *m_leftVerdict = nullptr;
    QLabel *m_rightVerdict = nullptr;
    TimelineView *m_leftTimeline = nullptr;
    TimelineView *m_rightTimeline = nullptr;
    std::unique_ptr<Interleave::Stepper> m_other;
};
