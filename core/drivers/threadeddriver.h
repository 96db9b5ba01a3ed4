#pragma once

// The threaded driver: every actor of a Machine runs on a real thread against
// one shared State. Each Machine::step runs under one mutex, so a step is
// atomic and the engine has no C++ data race; the race the student sees is
// between steps, as between SQL statements. Delays, TTLs, pauses and lock-wait
// timeouts happen in real, scaled time.

#include "drivers/stepper.h"
#include "machine/machine.h"

#include <QFuture>
#include <QMap>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace Interleave {

struct ThreadedOptions
{
    double timeScale = 0.01; // real ms per virtual ms: 0.01 turns a 100 ms delay into 1 ms
    double jitterMs = 0; // up to this many virtual ms of random extra delay after each step (and before the first)
    bool recordTrace = true;
    int maxMoves = 200000; // a trial that takes more moves ends as MoveLimit (a livelock guard)
    int parallelTrials = 0; // trials in flight at once in runTrials; 0 picks from the core and actor counts
};

// Where a trial's database steps also run, in lockstep with the model: a real server
// (core/realdb/trialbackend.h). The driver asks it under the trial's lock around every move,
// so the server gets the statements in the order the actor threads made their moves.
class TrialBackend
{
public:
    virtual ~TrialBackend() = default;
    virtual bool begin(QString *problem) = 0; // a fresh database and connections for one trial
    enum class Move {
        Go,
        Later, // the backend has not finished the actor's last statement (a server's lock): not yet
        Stop // the trial cannot go on (stopReason() says why)
    };
    // Before `actor` moves from `s` (-1: time passes).
    virtual Move beforeMove(const State &s, int actor) = 0;
    virtual void afterMove(const State &s, const Trace &trace, size_t firstEvent, int actor) = 0;
    // The trial is over: where the server's observations differ from the model's (empty: none).
    virtual QStringList end(const State &s) = 0;
    virtual QString stopReason() const = 0;
};
using TrialBackendFactory = std::function<std::unique_ptr<TrialBackend>()>;

// One run of the scenario on threads.
struct ThreadedTrial
{
    enum End : uint8_t {
        Finished, // every actor is done or failed
        Deadlocked, // someone still runs, nobody can move and no deadline lies ahead
        MoveLimit, // ThreadedOptions::maxMoves reached (for example a retry loop that never ends)
        Cancelled,
    };
    End end = Finished;
    uint64_t seed = 0;
    State state;
    Trace trace; // same format as the Stepper's, with wallNs filled
    Schedule schedule; // the moves actually taken, Schedule::Tick where time fired deadlines
    int64_t wallNs = 0; // from the moment every actor was ready to the end
    // With a backend: where the server differed from the model, and why it stopped early.
    QStringList differences;
    QString backendStopped;
};

// All trials that ended in the same outcome (Machine::outcomeKey).
struct OutcomeBucket
{
    std::vector<int64_t> key;
    QString description; // Machine::describeOutcome, plus how the run ended if not finished
    int count = 0;
    bool breaksRule = false; // an "always" rule broke on the way, or a final rule fails
    int differing = 0; // with a backend: trials in it whose server differed from the model
    QStringList exampleDifferences; // the first such trial's differences
    Schedule differingSchedule; // and its moves
    ThreadedTrial::End end = ThreadedTrial::Finished;
    // The first trial that reached it, so a viewer can replay it in the Stepper.
    uint64_t exampleSeed = 0;
    State exampleState;
    Schedule exampleSchedule;
    Trace exampleTrace;
};

// Figures the strategy comparison shows, summed over trials.
struct StrategyStats
{
    int trials = 0;
    int64_t successes = 0; // actors that finished without error
    int64_t failures = 0; // actors that ended with an error
    QMap<QString, int64_t> errors; // error message -> how many actors got it
    bool countsRetries = false; // a figure counts retries, or traces were recorded
    int64_t retries = 0; // the figure, else jumps back to an earlier program line
    bool hasExpected = false; // the scenario has a figure with an expected value
    QString expectedLabel; // that figure's label
    int64_t lostUpdates = 0; // sum over trials of expected − actual of that figure
    int trialsWithLostUpdates = 0;
    int trialsBreakingRules = 0;
    int deadlocks = 0; // trials that ended stuck
    int moveLimits = 0;
    double meanRunMs = 0;
    double meanLostUpdates() const { return trials ? double(lostUpdates) / trials : 0.0; }
};

struct ThreadedSummary
{
    int requested = 0;
    int completed = 0; // trials that ran to an end (not cancelled)
    bool cancelled = false;
    uint64_t seed = 0;
    ThreadedOptions options;
    std::vector<OutcomeBucket> outcomes; // most frequent first
    StrategyStats stats;
    double wallMs = 0; // the whole batch
    // With a backend: trials the server could not run to the end (not in `outcomes`), why
    // the first stopped, and trials whose observations differed from the model's.
    int backendStopped = 0;
    QString backendStopReason;
    int trialsDiffering = 0;
};

class ThreadedDriver : public QObject
{
    Q_OBJECT
public:
    explicit ThreadedDriver(std::shared_ptr<const Machine> machine, QObject *parent = nullptr);
    ~ThreadedDriver() override; // cancels and waits for its threads

    const Machine &machine() const { return *m_machine; }
    void setOptions(const ThreadedOptions &options);
    ThreadedOptions options() const;

    // Blocking: the actors run on the driver's own pool while the caller waits.
    // Both clear an earlier cancel() first.
    ThreadedTrial runTrial(uint64_t seed);
    ThreadedSummary runTrials(int trials, uint64_t seed);
    // The same on a background thread; watch the future with a QFutureWatcher.
    QFuture<ThreadedSummary> startTrials(int trials, uint64_t seed);

    // Any thread, any moment: running trials stop at once (the summary says cancelled).
    void cancel();
    bool isCancelled() const
    {
        return m_cancelled.load(std::memory_order_relaxed) ||
            (m_stopFlag && m_stopFlag->load(std::memory_order_relaxed));
    }
    // A caller's own flag that cancels like cancel() (with a cancel() to wake sleepers) but that a new
    // run never clears: a job cancelled just before its run starts then cannot lose the cancel.
    // Set before running; it must outlive the runs.
    void setStopFlag(const std::atomic<bool> *flag) { m_stopFlag = flag; }
    // Runs each trial's database steps on a backend as well (one backend per trial, one
    // trial at a time, every trace recorded). Set before running.
    void setBackend(TrialBackendFactory factory) { m_backendFactory = std::move(factory); }

    // Pure aggregation, also used by tests: folds one trial into a summary.
    static void addToSummary(const Machine &machine, ThreadedSummary &summary, const ThreadedTrial &trial);
    static void finishSummary(ThreadedSummary &summary);

Q_SIGNALS:
    // Delivered from the thread running the trials (queued to receivers on other threads).
    void progress(int done, int total);

public:
    struct TrialRun; // one trial in flight; defined in threadeddriver.cpp
    struct Batch; // the trials of one runTrials call: slots, their traces, the completion queue

private:
    ThreadedSummary runTrialsNow(int trials, uint64_t seed, ThreadedTrial *single);
    void launch(Batch &batch, int slot, uint64_t trialSeed);
    void collect(Batch &batch, int slot, ThreadedSummary &summary, ThreadedTrial *single);

    std::shared_ptr<const Machine> m_machine;
    mutable std::mutex m_optionsMutex;
    ThreadedOptions m_options;
    std::atomic<bool> m_cancelled{false};
    const std::atomic<bool> *m_stopFlag = nullptr;
    TrialBackendFactory m_backendFactory;
    std::mutex m_runMutex; // one batch at a time: the pool is sized for it
    std::mutex m_activeMutex; // guards m_active for cancel()
    std::vector<TrialRun *> m_active;
    std::vector<QFuture<ThreadedSummary>> m_pending; // startTrials batches, waited for on destruction
    QThreadPool m_pool; // private, so blocked actors never starve Qt's global pool
};

} // namespace Interleave
