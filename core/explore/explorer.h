#pragma once

#include "drivers/stepper.h"
#include "machine/machine.h"

#include <QCoreApplication>
#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace Interleave {

// How many interleavings: exact up to 2^128 - 3. Beyond that it saturates at
// "overflow" instead of wrapping; paths that run through a cycle make it infinite.
class InterleavingCount
{
    Q_DECLARE_TR_FUNCTIONS(InterleavingCount)
public:
    using Value = unsigned __int128;

    constexpr InterleavingCount() = default;
    constexpr explicit InterleavingCount(uint64_t n)
        : m_value(n)
    { }
    static constexpr InterleavingCount infinite() { return fromRaw(Infinite); }
    static constexpr InterleavingCount overflow() { return fromRaw(Overflow); }
    static constexpr InterleavingCount fromRaw(Value v)
    {
        InterleavingCount c;
        c.m_value = v;
        return c;
    }

    bool isZero() const { return m_value == 0; }
    bool isInfinite() const { return m_value == Infinite; }
    bool isOverflow() const { return m_value == Overflow; }
    bool isExact() const { return m_value < Overflow; }
    Value raw() const { return m_value; }
    double toDouble() const; // infinity for infinite and overflow
    uint64_t toUInt64(bool *ok = nullptr) const;
    QString toString() const; // "681080400", "infinite", "more than 3.4e38"

    InterleavingCount &operator+=(InterleavingCount other)
    {
        if (m_value == Infinite || other.m_value == Infinite) {
            m_value = Infinite;
        } else if (m_value == Overflow || other.m_value == Overflow) {
            m_value = Overflow;
        } else {
            const Value sum = m_value + other.m_value;
            m_value = (sum < m_value || sum >= Overflow) ? Overflow : sum;
        }
        return *this;
    }
    friend InterleavingCount operator+(InterleavingCount a, InterleavingCount b) { return a += b; }
    friend bool operator==(InterleavingCount a, InterleavingCount b) { return a.m_value == b.m_value; }
    friend bool operator<(InterleavingCount a, InterleavingCount b) { return a.m_value < b.m_value; }

private:
    static constexpr Value Infinite = ~Value(0);
    static constexpr Value Overflow = ~Value(0) - 1;
    Value m_value = 0;
};

struct ExplorerOptions
{
    // Loom's LOOM_MAX_PREEMPTIONS: schedules with more preemptions are not followed
    // (-1: no bound). A preemption is a switch away from a request that could have
    // gone on; letting time pass (~) is never one and keeps the last request.
    int maxPreemptions = -1;
    int64_t stateBudget = 0; // stop after this many distinct states (0: no limit)
    int64_t timeBudgetMs = 0; // stop after this much time (0: no limit)
    // Stop before the explorer's own tables would pass this many bytes, counting
    // what the final count needs (0: defaultMemoryBudget()). Running out of memory
    // anyway (an address-space limit) stops it the same way, never with an exception.
    int64_t memoryBudgetBytes = 0;
    // A program that ends right after the result (the command line) keeps the search's
    // memory instead of freeing it on a thread of its own: its exit would wait for that
    // thread, page by page. The pages go back to the kernel when the process ends.
    bool keepMemoryUntilExit = false;
    // Search for the simplest schedule of every outcome that breaks a rule
    // (fewest preemptions, then fewest moves). Off, or past about 64 million
    // (state, last request) pairs: a depth-first schedule per outcome, and
    // ExplorerOutcome::simplest is false.
    bool simplestCounterexamples = true;
    // Expansion threads: 0 picks for the machine (two on a multi-core machine once a
    // space proves big), 1 keeps everything on the calling thread. Results are identical.
    int threads = 0;
    // Reuse one run of a step for every state with the same shared part and the same
    // registers of the moving request: always where Machine::stepsAreLocal(), else
    // (transactions) where settling leaves the other requests alone. Results are
    // identical; off runs the machine for every successor, to check exactly that.
    bool reuseLocalSteps = true;
};

struct ExplorerOutcome
{
    enum Kind {
        Finished,
        Deadlock,
        Livelock
    };
    Kind kind = Finished;
    std::vector<int64_t> key; // Machine::outcomeKey; empty for the livelock outcome
    QString description; // Machine::describeOutcome, or what the cycle does
    InterleavingCount count; // interleavings that end here (infinite for a livelock)
    double share = 0; // of all counted interleavings, 0..1 (0 when the total is not finite)
    bool breaksRule = false;
    uint64_t brokenRules = 0; // bit i: invariant i broke during the run or fails at the end
    uint64_t anomalies = 0; // Machine::Anomaly bits
    bool stuck = false; // everyone waits forever (in-process deadlock)
    bool deadlockDetected = false; // the database's detector aborted a transaction
    Schedule schedule; // reaches this outcome; loads into the Stepper
    QString scheduleText; // the same, as "A B A ~ B"
    int preemptions = 0; // of schedule
    bool simplest = false; // schedule has the fewest preemptions, then the fewest moves
    int cycleStart = -1; // livelock: the moves from here on repeat forever
};

// An exploration's answer. Immutable once returned; safe to share between threads.
struct ExplorerResult
{
    Q_DECLARE_TR_FUNCTIONS(ExplorerResult)
public:
    bool complete = false; // every interleaving was followed to its end
    bool cancelled = false;
    bool stateBudgetHit = false;
    bool timeBudgetHit = false;
    bool memoryBudgetHit = false; // the memory budget, or the memory itself, ran out
    bool outOfMemory = false; // the memory itself: an allocation failed before the budget was reached
    int64_t memoryBudget = 0; // bytes, as applied
    bool preemptionBoundHit = false; // some schedule needed more preemptions than allowed
    // False after a cancel in a big space: counting every path would take longer than a
    // cancel may, so outcomes come with a schedule each but a count of zero.
    bool counted = true;
    bool overflow = false; // some count exceeded 2^128: shown as "more than"
    int maxPreemptions = -1;

    InterleavingCount interleavings; // maximal schedules counted (infinite with a livelock)
    InterleavingCount breaking; // of them, those ending in an outcome that breaks a rule
    InterleavingCount unexplored; // incomplete: schedule prefixes left at a budget's edge
    int64_t states = 0; // distinct states expanded (dead locals cleared)
    int64_t frontier = 0; // states reached but not expanded (budget, cancel)
    int64_t transitions = 0; // moves followed
    int64_t pruned = 0; // moves not followed because of the preemption bound
    double seconds = 0;
    std::vector<ExplorerOutcome> outcomes; // by count, largest first; ties: breaking first
    QString error; // set when the exploration could not start

    int breakingOutcomes() const;
    const ExplorerOutcome *simplestCounterexample() const; // fewest preemptions among breaking outcomes
    const ExplorerOutcome *deadlock() const;
    const ExplorerOutcome *livelock() const;
    QString incompleteReason() const; // one sentence, empty when complete
    QString summary() const; // "4 of 6 interleavings break a rule."
};

// Half the physical memory, and at most a third of an address-space or data
// limit (ulimit -v, -d) when one is set.
int64_t defaultMemoryBudget();
// "1.5 GB", "512 MB": how budgets are shown.
QString formatBytes(int64_t bytes);

// Shared between a running exploration and whoever watches it.
struct ExplorerControl
{
    std::atomic<bool> cancel{false};
    std::atomic<int64_t> states{0};
    std::atomic<int64_t> transitions{0};
};

// Exhaustive explorer: counts every interleaving by memoised path counting over
// hashed states, with the exact outcome histogram and the simplest counterexample.
// Use the static functions directly, or one Explorer object per view, which runs
// one exploration at a time in the background and reports through signals.
class Explorer : public QObject
{
    Q_OBJECT
public:
    explicit Explorer(QObject *parent = nullptr);
    ~Explorer() override; // cancels and waits for the running exploration

    // Runs on the calling thread. `control` (optional) cancels it and reads progress.
    static ExplorerResult explore(const Machine &machine, const ExplorerOptions &options,
                                  ExplorerControl *control = nullptr);
    // Runs on the global thread pool. Cancel with control->cancel, which still
    // delivers a (partial, incomplete) result; QFuture::cancel drops the result.
    static QFuture<ExplorerResult> exploreAsync(std::shared_ptr<const Machine> machine, const ExplorerOptions &options,
                                                std::shared_ptr<ExplorerControl> control = {});

    // Starts in the background; a running exploration is cancelled and its result dropped.
    void start(std::shared_ptr<const Machine> machine, const ExplorerOptions &options = {});
    void cancel(); // the result arrives promptly through finished(), marked incomplete
    bool isRunning() const;
    int64_t statesSoFar() const;
    std::shared_ptr<const ExplorerResult> result() const { return m_result; }

signals:
    void progress(qint64 states, qint64 transitions);
    void finished(std::shared_ptr<const Interleave::ExplorerResult> result);

private:
    void onFinished();

    QFutureWatcher<ExplorerResult> m_watcher;
    std::shared_ptr<ExplorerControl> m_control;
    std::shared_ptr<const Machine> m_machine;
    std::shared_ptr<const ExplorerResult> m_result;
    quint64 m_job = 0;
};

} // namespace Interleave
