#include "drivers/threadeddriver.h"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <map>
#include <random>
#include <thread>

namespace Interleave {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t NoDeadline = std::numeric_limits<int64_t>::max();

uint64_t splitMix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Where finished trials are handed back to the thread that runs the batch.
struct CompletionQueue
{
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<int> done; // slot indices
};

} // namespace

// One trial in flight: the shared State and everything its actor threads
// coordinate through. Every field below `mutex` is guarded by it.
struct ThreadedDriver::TrialRun
{
    const Machine &machine;
    ThreadedOptions options;
    const std::atomic<bool> &cancelled;
    const std::atomic<bool> *stopFlag; // ThreadedDriver::setStopFlag, or null
    CompletionQueue *queue = nullptr;
    int slot = 0;
    uint64_t seed = 0;
    double nsPerVirtualMs = 1e4;

    std::mutex mutex;
    std::condition_variable startCv;
    std::unique_ptr<std::condition_variable[]> actorCv; // one per actor, so a step wakes only whom it concerns
    std::vector<int64_t> waitUntil; // virtual deadline a waiting actor sleeps to; -1: not waiting
    State state;
    Trace *trace = nullptr;
    Schedule schedule;
    int moves = 0;
    int arrived = 0;
    int threadsLeft = 0;
    bool started = false;
    bool over = false;
    ThreadedTrial::End end = ThreadedTrial::Finished;
    int64_t nextDeadline = NoDeadline;
    Clock::time_point t0;
    int64_t wallNs = 0;
    std::unique_ptr<TrialBackend> backend; // ThreadedDriver::setBackend: the server in lockstep
    bool backendStopped = false; // the backend could not run a move: the trial is not an outcome

    TrialRun(const Machine &m, const ThreadedOptions &o, const std::atomic<bool> &c, const std::atomic<bool> *stop)
        : machine(m)
        , options(o)
        , cancelled(c)
        , stopFlag(stop)
        , actorCv(new std::condition_variable[size_t(m.actorCount())])
    {
        nsPerVirtualMs = std::max(1e-3, options.timeScale) * 1e6;
    }

    void reset(uint64_t trialSeed, Trace *traceBuffer)
    {
        std::lock_guard guard(mutex);
        seed = trialSeed;
        trace = traceBuffer;
        if (trace) {
            trace->clear();
            trace->reserve(size_t(64 * machine.actorCount()));
        }
        state = machine.initialState();
        schedule.moves.clear();
        schedule.moves.reserve(size_t(16 * machine.actorCount()));
        waitUntil.assign(size_t(machine.actorCount()), -1);
        moves = 0;
        arrived = 0;
        threadsLeft = machine.actorCount();
        started = false;
        over = false;
        end = ThreadedTrial::Finished;
        nextDeadline = machine.nextDeadline(state).value_or(NoDeadline);
        wallNs = 0;
        backendStopped = false;
    }

    int64_t elapsedNs() const
    {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count();
    }
    int64_t virtualNow(int64_t ns) const { return int64_t(double(ns) / nsPerVirtualMs); }
    Clock::time_point realTime(int64_t virtualMs) const
    {
        return t0 + std::chrono::nanoseconds(int64_t(std::ceil(double(virtualMs) * nsPerVirtualMs)) + 1);
    }

    void finish(ThreadedTrial::End how)
    {
        if (over)
            return;
        over = true;
        end = how;
        wallNs = elapsedNs();
        startCv.notify_all();
        for (int a = 0; a < machine.actorCount(); ++a)
            actorCv[size_t(a)].notify_one();
    }

    void stamp(size_t firstEvent, int64_t ns)
    {
        if (!trace)
            return;
        for (size_t i = firstEvent; i < trace->size(); ++i)
            (*trace)[i].wallNs = ns;
    }

    // After every move: end the run if it is over, else wake exactly the waiters it concerns.
    void afterMove(int mover)
    {
        nextDeadline = machine.nextDeadline(state).value_or(NoDeadline);
        if (machine.isFinal(state))
            return finish(ThreadedTrial::Finished);
        if (moves >= options.maxMoves)
            return finish(ThreadedTrial::MoveLimit);
        if ((mover < 0 || !machine.isEnabled(state, mover)) && machine.isStuck(state))
            return finish(ThreadedTrial::Deadlocked);
        for (int a = 0; a < machine.actorCount(); ++a) {
            const int64_t until = waitUntil[size_t(a)];
            if (until < 0)
                continue;
            // Woken if it can move now, has ended (deadlock victim, timeout), or an earlier deadline appeared.
            if (nextDeadline < until || machine.status(state, a) != ActorStatus::Running || machine.isEnabled(state, a))
                actorCv[size_t(a)].notify_one();
        }
    }

    // Fires, one Tick move each, every deadline real time has passed, then moves the clock on.
    void catchUpClock(int64_t ns)
    {
        const int64_t now = virtualNow(ns);
        while (!over && nextDeadline <= now) {
            const size_t first = trace ? trace->size() : 0;
            machine.tick(state, trace, moves);
            schedule.moves.push_back(Schedule::Tick);
            ++moves;
            stamp(first, ns);
            if (backend)
                backend->afterMove(state, *trace, first, -1);
            afterMove(-1);
        }
        if (!over && now > machine.now(state)) {
            const size_t first = trace ? trace->size() : 0;
            machine.advanceClock(state, now, trace, moves);
            if (backend)
                backend->afterMove(state, *trace, first, -1);
        }
    }

    // One move of an actor that can move: Go when it moved, Later when the backend asks to
    // wait (its server still blocks the last statement), Stop when the backend cannot run it.
    TrialBackend::Move stepActor(int actor, int64_t ns, int &latency)
    {
        if (backend) {
            const TrialBackend::Move move = backend->beforeMove(state, actor);
            if (move == TrialBackend::Move::Stop) {
                backendStopped = true;
                finish(ThreadedTrial::Cancelled);
            }
            if (move != TrialBackend::Move::Go)
                return move;
        }
        const size_t first = trace ? trace->size() : 0;
        latency = machine.step(state, actor, trace, moves);
        schedule.moves.push_back(actor);
        ++moves;
        stamp(first, ns);
        if (backend)
            backend->afterMove(state, *trace, first, actor);
        afterMove(actor);
        return TrialBackend::Move::Go;
    }

    bool isCancelled() const
    {
        return cancelled.load(std::memory_order_relaxed) || (stopFlag && stopFlag->load(std::memory_order_relaxed));
    }

    // Sleeps `virtualMs` of scaled real time with the lock released; false if the run ended meanwhile.
    bool sleepFor(std::unique_lock<std::mutex> &lock, int actor, double virtualMs)
    {
        const auto until = Clock::now() + std::chrono::nanoseconds(int64_t(virtualMs * nsPerVirtualMs));
        // Nobody notifies a sleeper except finish(): it does not count as waiting.
        actorCv[size_t(actor)].wait_until(lock, until, [&] { return over || isCancelled(); });
        return !over && !isCancelled();
    }

    void actorMain(int actor)
    {
        std::mt19937_64 rng(splitMix(seed ^ splitMix(uint64_t(actor) + 1)));
        std::uniform_real_distribution<double> jitter(0.0, std::max(0.0, options.jitterMs));
        std::unique_lock lock(mutex);
        // Every request starts at once, as in the seed's load test: wait until all threads are here.
        if (++arrived == machine.actorCount()) {
            started = true;
            t0 = Clock::now();
            startCv.notify_all();
        } else {
            startCv.wait(lock, [&] { return started || over || isCancelled(); });
        }
        bool alive = !over;
        if (alive && options.jitterMs > 0)
            alive = sleepFor(lock, actor, jitter(rng));
        while (alive && !over) {
            if (isCancelled()) {
                finish(ThreadedTrial::Cancelled);
                break;
            }
            const int64_t ns = elapsedNs();
            catchUpClock(ns);
            if (over || machine.status(state, actor) != ActorStatus::Running)
                break;
            if (machine.isEnabled(state, actor)) {
                int latency = 0;
                const TrialBackend::Move move = stepActor(actor, ns, latency);
                if (move == TrialBackend::Move::Stop)
                    break;
                if (move == TrialBackend::Move::Later) {
                    // Its statement still waits on the server: let the others move first.
                    actorCv[size_t(actor)].wait_for(lock, std::chrono::milliseconds(1));
                    continue;
                }
                if (over || machine.status(state, actor) != ActorStatus::Running)
                    break;
                const double delay = latency + (options.jitterMs > 0 ? jitter(rng) : 0.0);
                if (delay > 0) {
                    alive = sleepFor(lock, actor, delay);
                } else {
                    // Let the others at the state between two statements, as a real scheduler might.
                    lock.unlock();
                    std::this_thread::yield();
                    lock.lock();
                }
                continue;
            }
            if (machine.isStuck(state)) {
                finish(ThreadedTrial::Deadlocked);
                break;
            }
            // Blocked: wait until a step concerns this actor, or until the next deadline is due.
            waitUntil[size_t(actor)] = nextDeadline;
            if (nextDeadline == NoDeadline)
                actorCv[size_t(actor)].wait(lock);
            else
                actorCv[size_t(actor)].wait_until(lock, realTime(nextDeadline));
            waitUntil[size_t(actor)] = -1;
        }
        if (isCancelled())
            finish(ThreadedTrial::Cancelled);
        if (--threadsLeft == 0) {
            if (!over)
                finish(ThreadedTrial::Finished);
            CompletionQueue *q = queue;
            const int s = slot;
            lock.unlock();
            // Notify under the queue's lock: once it is released the batch may destroy this run.
            std::lock_guard guard(q->mutex);
            q->done.push_back(s);
            q->cv.notify_one();
        }
    }

    void wake()
    {
        std::lock_guard guard(mutex);
        startCv.notify_all();
        for (int a = 0; a < machine.actorCount(); ++a)
            actorCv[size_t(a)].notify_one();
    }
};

namespace {

// One actor's thread. The run pointer is handed over through an atomic so the
// hand-off is visible to ThreadSanitizer, which cannot see into Qt's own
// (uninstrumented) pool queue.
class ActorTask : public QRunnable
{
public:
    ActorTask(ThreadedDriver::TrialRun *run, int actor)
        : m_actor(actor)
    {
        m_run.store(run, std::memory_order_release);
    }
    void run() override
    {
        ThreadedDriver::TrialRun *trial = m_run.load(std::memory_order_acquire);
        trial->actorMain(m_actor);
    }

private:
    std::atomic<ThreadedDriver::TrialRun *> m_run{nullptr};
    const int m_actor;
};

} // namespace

ThreadedDriver::ThreadedDriver(std::shared_ptr<const Machine> machine, QObject *parent)
    : QObject(parent)
    , m_machine(std::move(machine))
{
    m_pool.setObjectName(QStringLiteral("ThreadedDriver"));
}

ThreadedDriver::~ThreadedDriver()
{
    cancel();
    // Batches started with startTrials use this object: they must end before it does.
    std::vector<QFuture<ThreadedSummary>> pending;
    {
        std::lock_guard guard(m_activeMutex);
        pending.swap(m_pending);
    }
    for (QFuture<ThreadedSummary> &f : pending)
        f.waitForFinished();
    m_pool.waitForDone();
}

void ThreadedDriver::setOptions(const ThreadedOptions &options)
{
    std::lock_guard guard(m_optionsMutex);
    m_options = options;
}

ThreadedOptions ThreadedDriver::options() const
{
    std::lock_guard guard(m_optionsMutex);
    return m_options;
}

void ThreadedDriver::cancel()
{
    m_cancelled.store(true, std::memory_order_relaxed);
    std::lock_guard guard(m_activeMutex);
    for (TrialRun *run : m_active)
        run->wake();
}

ThreadedTrial ThreadedDriver::runTrial(uint64_t seed)
{
    m_cancelled.store(false, std::memory_order_relaxed);
    ThreadedTrial trial;
    runTrialsNow(1, seed, &trial);
    return trial;
}

ThreadedSummary ThreadedDriver::runTrials(int trials, uint64_t seed)
{
    m_cancelled.store(false, std::memory_order_relaxed);
    return runTrialsNow(trials, seed, nullptr);
}

QFuture<ThreadedSummary> ThreadedDriver::startTrials(int trials, uint64_t seed)
{
    // Cleared here, not on the background thread, so a cancel() right after this call still counts.
    m_cancelled.store(false, std::memory_order_relaxed);
    QFuture<ThreadedSummary> future =
        QtConcurrent::run([this, trials, seed] { return runTrialsNow(trials, seed, nullptr); });
    std::lock_guard guard(m_activeMutex);
    m_pending.erase(std::remove_if(m_pending.begin(), m_pending.end(),
                                   [](const QFuture<ThreadedSummary> &f) { return f.isFinished(); }),
                    m_pending.end());
    m_pending.push_back(future);
    return future;
}

struct ThreadedDriver::Batch
{
    int parallel = 1;
    bool keepTrace = true;
    CompletionQueue queue;
    std::vector<std::unique_ptr<TrialRun>> runs;
    std::vector<Trace> traces;
    std::vector<uint64_t> slotSeed;
    std::vector<int> idle; // free slots, the next at the back
    int launched = 0, finished = 0, inFlight = 0;
};

void ThreadedDriver::launch(Batch &batch, int slot, uint64_t trialSeed)
{
    TrialRun *run = batch.runs[size_t(slot)].get();
    run->reset(trialSeed, batch.keepTrace ? &batch.traces[size_t(slot)] : nullptr);
    batch.slotSeed[size_t(slot)] = trialSeed;
    ++batch.launched;
    ++batch.inFlight;
    if (m_backendFactory) {
        run->backend = m_backendFactory();
        QString problem;
        if (!run->backend->begin(&problem)) {
            // No actor runs: the trial is handed back at once as one the backend stopped.
            run->backendStopped = true;
            run->end = ThreadedTrial::Cancelled;
            std::lock_guard guard(batch.queue.mutex);
            batch.queue.done.push_back(slot);
            return;
        }
    }
    {
        std::lock_guard guard(m_activeMutex);
        m_active.push_back(run);
    }
    for (int a = 0; a < machine().actorCount(); ++a)
        m_pool.start(new ActorTask(run, a));
}

// A trial whose threads have all left it: its fields are ours now without the lock.
void ThreadedDriver::collect(Batch &batch, int slot, ThreadedSummary &summary, ThreadedTrial *single)
{
    TrialRun *run = batch.runs[size_t(slot)].get();
    {
        std::lock_guard guard(m_activeMutex);
        const auto it = std::find(m_active.begin(), m_active.end(), run);
        if (it != m_active.end())
            m_active.erase(it);
    }
    --batch.inFlight;
    ++batch.finished;
    batch.idle.push_back(slot);
    ThreadedTrial trial;
    trial.end = run->end;
    trial.seed = batch.slotSeed[size_t(slot)];
    trial.wallNs = run->wallNs;
    trial.state = run->state;
    trial.schedule.moves = run->schedule.moves;
    if (run->backend) {
        if (run->backendStopped)
            trial.backendStopped = run->backend->stopReason();
        else if (trial.end != ThreadedTrial::Cancelled)
            trial.differences = run->backend->end(run->state);
        run->backend.reset(); // closes its connections
    }
    if (single) {
        if (run->trace)
            trial.trace = *run->trace;
        *single = trial;
    }
    if (run->backendStopped) {
        if (summary.backendStopped++ == 0)
            summary.backendStopReason = trial.backendStopped;
        return;
    }
    if (trial.end == ThreadedTrial::Cancelled) {
        summary.cancelled = true;
        return;
    }
    // Borrow the slot's trace buffer and give it back, so its capacity is reused.
    if (run->trace)
        trial.trace.swap(*run->trace);
    addToSummary(machine(), summary, trial);
    if (run->trace)
        run->trace->swap(trial.trace);
}

ThreadedSummary ThreadedDriver::runTrialsNow(int trials, uint64_t seed, ThreadedTrial *single)
{
    std::lock_guard runGuard(m_runMutex);
    const ThreadedOptions options = this->options();
    const int actors = m_machine->actorCount();
    ThreadedSummary summary;
    summary.requested = std::max(0, trials);
    summary.seed = seed;
    summary.options = options;

    Batch batch;
    batch.parallel = options.parallelTrials;
    if (batch.parallel <= 0)
        batch.parallel = std::clamp(2 * QThread::idealThreadCount() / std::max(1, actors), 1, 8);
    // A backend's trials share one database: one at a time, each move in its trace.
    if (m_backendFactory)
        batch.parallel = 1;
    batch.parallel = std::clamp(batch.parallel, 1, std::max(1, summary.requested));
    batch.keepTrace = options.recordTrace || m_backendFactory;
    // Every actor of every trial in flight gets a thread: a blocked actor never waits for a free one.
    m_pool.setMaxThreadCount(std::max(m_pool.maxThreadCount(), batch.parallel * actors));
    batch.traces.resize(size_t(batch.parallel));
    batch.slotSeed.assign(size_t(batch.parallel), 0);
    for (int i = 0; i < batch.parallel; ++i) {
        batch.runs.push_back(std::make_unique<TrialRun>(*m_machine, options, m_cancelled, m_stopFlag));
        batch.runs.back()->queue = &batch.queue;
        batch.runs.back()->slot = i;
        batch.idle.insert(batch.idle.begin(), i); // slot 0 first
    }

    if (single)
        single->end = ThreadedTrial::Cancelled; // unless it runs: a cancel may come before the launch
    const auto batchStart = Clock::now();
    int lastPercent = -1;
    while (batch.finished < summary.requested) {
        // After a trial the backend could not run, the others would not run either.
        while (batch.inFlight < batch.parallel && batch.launched < summary.requested && !isCancelled() &&
               summary.backendStopped == 0) {
            const int slot = batch.idle.back();
            batch.idle.pop_back();
            launch(batch, slot, splitMix(seed + uint64_t(batch.launched)));
        }
        if (batch.inFlight == 0)
            break; // cancelled, or stopped by the backend, before everything was launched
        std::vector<int> done;
        {
            std::unique_lock lock(batch.queue.mutex);
            batch.queue.cv.wait(lock, [&] { return !batch.queue.done.empty(); });
            done.swap(batch.queue.done);
        }
        for (int slot : done)
            collect(batch, slot, summary, single);
        const int percent = summary.requested ? int(int64_t(batch.finished) * 100 / summary.requested) : 100;
        if (percent != lastPercent) {
            lastPercent = percent;
            Q_EMIT progress(batch.finished, summary.requested);
        }
    }
    m_pool.waitForDone();
    summary.cancelled =
        summary.cancelled || isCancelled() || (summary.completed < summary.requested && summary.backendStopped == 0);
    summary.wallMs = std::chrono::duration<double, std::milli>(Clock::now() - batchStart).count();
    finishSummary(summary);
    return summary;
}

} // namespace Interleave
