#pragma once

#include "drivers/threadeddriver.h"
#include "machine/machine.h"

#include <QObject>

#include <memory>

class ScenarioSession;
class TimelineView;

// What the main timeline shows, decided in one place: the stepper's whole
// schedule (redoable moves included) with the cursor; a run on real threads in
// wall time until the next move; or, while students predict, the moves
// without their outcome (no lost-update or broken-rule marks).
class TimelinePresenter : public QObject
{
    Q_OBJECT
public:
    TimelinePresenter(ScenarioSession *session, TimelineView *timeline, bool restoreZoom, QObject *parent = nullptr);

    void showThreadedRun(std::shared_ptr<const Interleave::ThreadedTrial> trial,
                         std::shared_ptr<const Interleave::Machine> machine);
    void leaveThreadedRun(); // any move of the user's returns to the stepper's view
    bool showsThreadedRun() const { return m_trial != nullptr; }
    void setConcealed(bool concealed);
    void refresh();

private:
    void showStepper();
    void showConcealed();

    ScenarioSession *m_session = nullptr;
    TimelineView *m_timeline = nullptr;
    std::shared_ptr<const Interleave::ThreadedTrial> m_trial;
    std::shared_ptr<const Interleave::Machine> m_trialMachine;
    bool m_concealed = false;
    bool m_zoomRestored = false; // the saved zoom is applied once, to the first trace
};
