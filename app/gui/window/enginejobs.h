#pragma once

#include "dashboard/strategycomparison.h"
#include "drivers/threadeddriver.h"
#include "explore/explorer.h"
#include "machine/machine.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>
#include <mutex>

// Engine work for the window, off the GUI thread: explore every interleaving,
// run trials on threads, one run on threads, and the strategy comparison. One
// job at a time; starting another cancels the running one, whose result is
// dropped by its job id. Results arrive through signals, never by polling.
class EngineJobs : public QObject
{
    Q_OBJECT
public:
    enum Kind {
        None,
        Explore,
        Trials,
        ThreadedRun,
        Comparison
    };
    Q_ENUM(Kind)

    explicit EngineJobs(QObject *parent = nullptr);
    ~EngineJobs() override; // cancels and waits

    void explore(std::shared_ptr<const Interleave::Machine> machine);
    void runTrials(std::shared_ptr<const Interleave::Machine> machine, int trials, uint64_t seed);
    void runOnThreads(std::shared_ptr<const Interleave::Machine> machine, uint64_t seed);
    void compareStrategies(std::shared_ptr<const Interleave::Machine> machine, int trialsPerStrategy, uint64_t seed);
    void cancel();

    Kind running() const { return m_running; }
    bool isBusy() const { return m_running != None; }
    static QString describe(Kind kind);

    // Real milliseconds per virtual millisecond for threaded runs.
    void setTimeScale(double scale) { m_timeScale = scale; }

signals:
    void started(EngineJobs::Kind kind, const QString &text);
    void progress(int done, int total); // total 0: unknown, done counts states
    void explored(std::shared_ptr<const Interleave::ExplorerResult> result,
                  std::shared_ptr<const Interleave::Machine> machine);
    void trialsFinished(std::shared_ptr<const Interleave::ThreadedSummary> summary,
                        std::shared_ptr<const Interleave::Machine> machine);
    void threadedRunFinished(std::shared_ptr<const Interleave::ThreadedTrial> trial,
                             std::shared_ptr<const Interleave::Machine> machine);
    void comparisonFinished(std::shared_ptr<const StrategyComparison> comparison);
    void finished(EngineJobs::Kind kind, bool cancelled);

private:
    // Cancels whatever runs now, from any thread.
    struct Control
    {
        std::atomic<bool> cancelled{false};
        std::mutex mutex;
        Interleave::ThreadedDriver *driver = nullptr; // the driver running now, if any
        void cancel();
    };
    struct Result
    {
        quint64 job = 0;
        Kind kind = None;
        std::shared_ptr<const Interleave::Machine> machine;
        std::shared_ptr<const Interleave::ThreadedSummary> summary;
        std::shared_ptr<const Interleave::ThreadedTrial> trial;
        std::shared_ptr<const StrategyComparison> comparison;
        bool cancelled = false;
    };
    quint64 begin(Kind kind);
    void onWorkerFinished();
    void onExplorerFinished(std::shared_ptr<const Interleave::ExplorerResult> result);
    Interleave::ThreadedOptions threadedOptions() const;

    Interleave::Explorer m_explorer;
    std::shared_ptr<const Interleave::Machine> m_exploring;
    QFutureWatcher<Result> m_watcher;
    std::shared_ptr<Control> m_control;
    quint64 m_job = 0;
    Kind m_running = None;
    double m_timeScale = 0.01;
};
