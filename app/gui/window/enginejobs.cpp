#include "window/enginejobs.h"

#include <QtConcurrent/QtConcurrentRun>

using namespace Interleave;

void EngineJobs::Control::cancel()
{
    cancelled = true;
    std::lock_guard lock(mutex);
    if (driver)
        driver->cancel();
}

EngineJobs::EngineJobs(QObject *parent)
    : QObject(parent)
    , m_control(std::make_shared<Control>())
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &EngineJobs::onWorkerFinished);
    connect(&m_explorer, &Explorer::finished, this, &EngineJobs::onExplorerFinished);
    connect(&m_explorer, &Explorer::progress, this, [this](qint64 states, qint64) {
        if (m_running == Explore)
            emit progress(int(std::min<qint64>(states, std::numeric_limits<int>::max())), 0);
    });
}

EngineJobs::~EngineJobs()
{
    m_control->cancel();
    m_watcher.waitForFinished();
    // m_explorer's own destructor cancels and waits for its exploration.
}

QString EngineJobs::describe(Kind kind)
{
    switch (kind) {
    case Explore:
        return tr("Exploring every interleaving…");
    case Trials:
        return tr("Running trials on real threads…");
    case ThreadedRun:
        return tr("Running once on real threads…");
    case Comparison:
        return tr("Comparing the fixes under load…");
    case None:
        break;
    }
    return {};
}

quint64 EngineJobs::begin(Kind kind)
{
    if (m_running == Explore)
        m_explorer.cancel();
    m_control->cancel();
    // Wait for the previous worker: it stops promptly once cancelled, and the
    // watcher then only ever watches one future.
    m_watcher.waitForFinished();
    m_control = std::make_shared<Control>();
    m_running = kind;
    emit started(kind, describe(kind));
    return ++m_job;
}

ThreadedOptions EngineJobs::threadedOptions() const
{
    ThreadedOptions options;
    options.timeScale = m_timeScale;
    options.jitterMs = 30; // virtual ms: enough to vary who overtakes whom between trials
    return options;
}

void EngineJobs::explore(std::shared_ptr<const Machine> machine)
{
    begin(Explore);
    m_exploring = machine;
    ExplorerOptions options;
    options.timeBudgetMs = 20000; // the Cancel button is there; this only bounds a forgotten run
    // About 120 bytes a state: 10 M states stay near 1.2 GB, safe on a classroom laptop.
    // Past it the result says "incomplete" and what it covered; the CLI can go further.
    options.stateBudget = 10'000'000;
    m_explorer.start(std::move(machine), options);
}

void EngineJobs::runTrials(std::shared_ptr<const Machine> machine, int trials, uint64_t seed)
{
    const quint64 job = begin(Trials);
    const auto control = m_control;
    const ThreadedOptions options = threadedOptions();
    m_watcher.setFuture(QtConcurrent::run([this, job, control, machine, trials, seed, options] {
        Result r{job, Trials, machine, {}, {}, {}, false};
        ThreadedDriver driver(machine);
        driver.setOptions(options);
        driver.setStopFlag(&control->cancelled); // a cancel between here and the run's start still counts
        connect(
            &driver, &ThreadedDriver::progress, this,
            [this, job](int done, int total) {
                if (job == m_job)
                    emit progress(done, total);
            },
            Qt::QueuedConnection);
        {
            std::lock_guard lock(control->mutex);
            if (control->cancelled) {
                r.cancelled = true;
                return r;
            }
            control->driver = &driver;
        }
        auto summary = std::make_shared<ThreadedSummary>(driver.runTrials(trials, seed));
        {
            std::lock_guard lock(control->mutex);
            control->driver = nullptr;
        }
        r.cancelled = summary->cancelled;
        r.summary = std::move(summary);
        return r;
    }));
}

void EngineJobs::runOnThreads(std::shared_ptr<const Machine> machine, uint64_t seed)
{
    const quint64 job = begin(ThreadedRun);
    const auto control = m_control;
    ThreadedOptions options = threadedOptions();
    options.timeScale = std::max(m_timeScale, 0.05); // delays long enough to see on the wall-time axis
    m_watcher.setFuture(QtConcurrent::run([job, control, machine, seed, options] {
        Result r{job, ThreadedRun, machine, {}, {}, {}, false};
        ThreadedDriver driver(machine);
        driver.setOptions(options);
        driver.setStopFlag(&control->cancelled); // a cancel between here and the run's start still counts
        {
            std::lock_guard lock(control->mutex);
            if (control->cancelled) {
                r.cancelled = true;
                return r;
            }
            control->driver = &driver;
        }
        auto trial = std::make_shared<ThreadedTrial>(driver.runTrial(seed));
        {
            std::lock_guard lock(control->mutex);
            control->driver = nullptr;
        }
        r.cancelled = trial->end == ThreadedTrial::Cancelled;
        r.trial = std::move(trial);
        return r;
    }));
}

void EngineJobs::compareStrategies(std::shared_ptr<const Machine> machine, int trialsPerStrategy, uint64_t seed)
{
    const quint64 job = begin(Comparison);
    const auto control = m_control;
    const ThreadedOptions options = threadedOptions();
    m_watcher.setFuture(QtConcurrent::run([this, job, control, machine, trialsPerStrategy, seed, options] {
        Result r{job, Comparison, machine, {}, {}, {}, false};
        auto comparison = std::make_shared<StrategyComparison>();
        comparison->model = machine->model().displayName();
        comparison->trialsPerStrategy = trialsPerStrategy;
        const ScenarioSpec &scenario = machine->scenario();
        const int total = int(scenario.strategies.size()) * trialsPerStrategy;
        int index = 0;
        for (const StrategySpec &strategy : scenario.strategies) {
            if (control->cancelled)
                break;
            auto variant = Machine::compile(scenario, strategy.id, machine->model(), machine->params(), nullptr,
                                            machine->database());
            if (!variant) {
                ++index;
                continue;
            }
            ThreadedDriver driver(variant);
            driver.setOptions(options);
            driver.setStopFlag(&control->cancelled);
            const int offset = index * trialsPerStrategy;
            connect(
                &driver, &ThreadedDriver::progress, this,
                [this, job, offset, total](int done, int) {
                    if (job == m_job)
                        emit progress(offset + done, total);
                },
                Qt::QueuedConnection);
            {
                std::lock_guard lock(control->mutex);
                if (control->cancelled)
                    break;
                control->driver = &driver;
            }
            const ThreadedSummary summary = driver.runTrials(trialsPerStrategy, seed);
            {
                std::lock_guard lock(control->mutex);
                control->driver = nullptr;
            }
            if (summary.cancelled)
                break;
            comparison->rows.push_back({strategy.id, strategy.label, summary.stats});
            ++index;
        }
        comparison->cancelled = control->cancelled;
        r.cancelled = comparison->cancelled;
        r.comparison = std::move(comparison);
        return r;
    }));
}

void EngineJobs::cancel()
{
    if (m_running == Explore)
        m_explorer.cancel(); // a partial result still arrives
    else
        m_control->cancel();
}

void EngineJobs::onExplorerFinished(std::shared_ptr<const ExplorerResult> result)
{
    if (m_running != Explore || !result)
        return;
    m_running = None;
    emit explored(result, m_exploring);
    emit finished(Explore, result->cancelled);
}

void EngineJobs::onWorkerFinished()
{
    if (m_watcher.isCanceled() || m_watcher.future().resultCount() == 0)
        return;
    const Result r = m_watcher.result();
    if (r.job != m_job || r.kind != m_running)
        return; // a stale job: the window has moved on
    m_running = None;
    switch (r.kind) {
    case Trials:
        if (r.summary)
            emit trialsFinished(r.summary, r.machine);
        break;
    case ThreadedRun:
        if (r.trial && !r.cancelled)
            emit threadedRunFinished(r.trial, r.machine);
        break;
    case Comparison:
        if (r.comparison)
            emit comparisonFinished(r.comparison);
        break;
    case Explore:
    case None:
        break;
    }
    emit finished(r.kind, r.cancelled);
}
