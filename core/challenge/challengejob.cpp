#include "challenge/challengejob.h"

#include <QtConcurrent/QtConcurrentRun>

namespace Interleave {

ChallengeJob::ChallengeJob(QObject *parent)
    : QObject(parent)
{
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        if (m_control)
            emit progress(m_control->states.load());
    });
    connect(&m_watcher, &QFutureWatcher<ChallengeWork>::finished, this, [this] {
        m_progressTimer.stop();
        if (m_watcher.future().resultCount() > 0)
            emit finished(std::make_shared<const ChallengeWork>(m_watcher.result()));
    });
}

ChallengeJob::~ChallengeJob()
{
    cancel();
    m_watcher.waitForFinished();
}

void ChallengeJob::start(const ChallengeGrader &grader, std::shared_ptr<const Machine> forecastMachine)
{
    cancel(); // the old job stops soon; its result goes with the old future
    m_control = std::make_shared<ExplorerControl>();
    std::vector<std::shared_ptr<const Machine>> machines;
    for (int choice = 0; choice < grader.choiceCount(); ++choice)
        machines.push_back(grader.machine(choice));
    auto control = m_control;
    m_watcher.setFuture(QtConcurrent::run([machines, forecastMachine, control] {
        ChallengeWork work;
        for (const auto &machine : machines) {
            auto result = std::make_shared<ExplorerResult>(
                Explorer::explore(*machine, ChallengeGrader::explorerOptions(), control.get()));
            work.cancelled = result->cancelled;
            if (work.cancelled)
                return work;
            work.explorations.push_back(std::move(result));
        }
        if (forecastMachine) {
            work.forecast = Forecast::build(forecastMachine, control.get());
            work.cancelled = control->cancel.load();
        }
        return work;
    }));
    m_progressTimer.start();
}

void ChallengeJob::cancel()
{
    if (m_control)
        m_control->cancel = true;
}

} // namespace Interleave
