#pragma once

// The background work a challenge needs, for the window: one exploration per
// variant the challenge offers (grading "find every" and predictions, hints)
// and the forecast of the variant on screen. Runs on the thread pool, reports
// progress, cancels within milliseconds, and delivers the results on the
// thread that owns the job; the window hands them to ChallengeGrader::setExploration.

#include "challenge/challengegrader.h"
#include "challenge/forecast.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace Interleave {

struct ChallengeWork
{
    std::vector<std::shared_ptr<const ExplorerResult>> explorations; // per choice
    std::shared_ptr<const Forecast> forecast; // of the forecast machine; null when none was asked for
    bool cancelled = false;
};

class ChallengeJob : public QObject
{
    Q_OBJECT
public:
    explicit ChallengeJob(QObject *parent = nullptr);
    ~ChallengeJob() override; // cancels and waits

    // Explores every variant of `grader` (its machines are shared, never changed) and
    // builds the forecast of `forecastMachine` when given. A running job is cancelled.
    void start(const ChallengeGrader &grader, std::shared_ptr<const Machine> forecastMachine = {});
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }

signals:
    void progress(qint64 states); // about every 100 ms while running
    void finished(std::shared_ptr<const Interleave::ChallengeWork> work);

private:
    QFutureWatcher<ChallengeWork> m_watcher;
    std::shared_ptr<ExplorerControl> m_control;
    QTimer m_progressTimer;
    quint64 m_job = 0;
};

} // namespace Interleave
