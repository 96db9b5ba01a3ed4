#include "timeline/timelinepresenter.h"

#include "timeline/timelineview.h"
#include "window/scenariosession.h"
#include "window/windowsettings.h"

using namespace Interleave;

TimelinePresenter::TimelinePresenter(ScenarioSession *session, TimelineView *timeline, bool restoreZoom,
                                     QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_timeline(timeline)
    , m_zoomRestored(!restoreZoom)
{
    connect(m_session, &ScenarioSession::cursorChanged, this, &TimelinePresenter::refresh);
}

void TimelinePresenter::showThreadedRun(std::shared_ptr<const ThreadedTrial> trial,
                                        std::shared_ptr<const Machine> machine)
{
    m_trial = std::move(trial);
    m_trialMachine = std::move(machine);
    refresh();
}

void TimelinePresenter::leaveThreadedRun()
{
    m_trial.reset();
    m_trialMachine.reset();
}

void TimelinePresenter::setConcealed(bool concealed)
{
    m_concealed = concealed;
    refresh();
}

void TimelinePresenter::refresh()
{
    if (!m_session->stepper())
        return;
    if (m_trial && m_trialMachine) {
        m_timeline->setTrace(m_trialMachine, m_trial->trace, analyze(*m_trialMachine, m_trial->trace),
                             AxisMode::WallTime);
        m_timeline->setCursorStep(-1);
        m_timeline->setTitle(
            QString(),
            tr("One run on real threads, in wall time. Its moves, %1, are loaded into the stepper below.")
                .arg(m_trial->schedule.toString(*m_trialMachine)));
        return;
    }
    if (m_concealed)
        showConcealed();
    else
        showStepper();
    m_timeline->setCursorStep(m_session->stepper()->cursor());
    // On screen the lesson banner above already names the variant and the
    // strip below shows the schedule; the rows are worth more to the lanes.
    m_timeline->setTitle(QString(), QString());
    if (!m_zoomRestored) {
        m_zoomRestored = true;
        const auto [start, end] = WindowSettings::loadZoom();
        if (start >= 0 && end > start)
            m_timeline->setVisibleRange({start, end});
    }
}

void TimelinePresenter::showStepper()
{
    // The whole schedule, redoable moves included, so stepping back still shows what comes next.
    const Stepper *stepper = m_session->stepper();
    if (stepper->cursor() < stepper->length()) {
        Stepper full = *stepper;
        full.seek(full.length());
        m_timeline->setTrace(m_session->machinePtr(), full.trace(), analyze(full.machine(), full.trace()),
                             AxisMode::Steps);
    } else {
        m_timeline->setTrace(m_session->machinePtr(), stepper->trace(), m_session->analysis(), AxisMode::Steps);
    }
}

void TimelinePresenter::showConcealed()
{
    // While students predict: the moves, not their outcome.
    Stepper full = *m_session->stepper();
    full.seek(full.length());
    Trace moves;
    for (const TraceEvent &e : full.trace())
        if (e.kind != EventKind::Violation)
            moves.push_back(e);
    TraceAnalysis analysis = analyze(full.machine(), moves);
    analysis.lostUpdates.clear();
    m_timeline->setTrace(m_session->machinePtr(), std::move(moves), std::move(analysis), AxisMode::Steps);
}
