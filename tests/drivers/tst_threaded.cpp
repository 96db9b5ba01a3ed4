// The threaded driver. Real threads make the interleaving vary from run to
// run, so these tests assert only what holds in every run: the outcome is one
// the model allows, the recorded schedule replays to the same outcome, a
// deadlock ends the run, a fix holds in every trial, cancel returns.

#include "drivers/stepper.h"
#include "drivers/threadeddriver.h"
#include "explore/explorer.h"
#include "scenario/scenario.h"

#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Interleave;

namespace {

// Two requests taking two locks in opposite order, with a delay in between.
// `kind` is "mutex" (in-process: nobody breaks the cycle) or "row" (database: the detector picks a victim).
QByteArray oppositeOrderScenario(const QString &kind)
{
    const bool mutex = kind == QLatin1String("mutex");
    auto lock = [&](int which) {
        return mutex
            ? QStringLiteral(R"J({"op": "lock", "mutex": "m%1"})J").arg(which)
            : QStringLiteral(R"J({"op": "read", "cell": "accounts[%1].balance", "into": "b%1", "forUpdate": true})J")
                  .arg(which);
    };
    auto program = [&](int first, int second) {
        const QString unlock = mutex
            ? QStringLiteral(R"J({"op": "unlock", "mutex": "m%1"}, {"op": "unlock", "mutex": "m%2"})J")
                  .arg(second)
                  .arg(first)
            : QStringLiteral(R"J({"op": "commit"})J");
        return QStringLiteral(R"J([
            {"code": "begin", "steps": [%1]},
            {"code": "first lock", "steps": [%2]},
            {"code": "work", "steps": [{"op": "sleep", "ms": "delay_ms"}]},
            {"code": "second lock", "steps": [%3]},
            {"code": "release", "steps": [%4]}
        ])J")
            .arg(mutex ? QString() : QStringLiteral(R"J({"op": "begin"})J"), lock(first), lock(second), unlock);
    };
    const QString state = mutex
        ? QStringLiteral(R"J({"mutexes": ["m1", "m2"]})J")
        : QStringLiteral(
              R"J({"tables": [{"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": 100}, {"id": 2, "balance": 100}]}]})J");
    return QStringLiteral(R"J({
        "format": 1, "id": "opposite-%1", "title": "Opposite lock order (%1)",
        "params": [{"name": "delay_ms", "default": 100, "min": 0, "max": 1000000}],
        "state": %2,
        "actors": [{"name": "Forward", "program": "forward"}, {"name": "Backward", "program": "backward"}],
        "strategies": [{"id": "opposite", "label": "Opposite order", "expect": "broken",
                        "programs": {"forward": %3, "backward": %4}}]
    })J")
        .arg(kind, state, program(1, 2), program(2, 1))
        .toUtf8();
}

std::shared_ptr<const Machine> compile(const QString &scenario, const QString &strategy,
                                       const QHash<QString, int64_t> &params = {},
                                       const QString &model = QStringLiteral("threads"))
{
    QString error;
    std::shared_ptr<const ScenarioSpec> spec;
    if (scenario.startsWith(u'{'))
        spec = ScenarioLoader::loadData(scenario.toUtf8(), QStringLiteral("inline.json"), &error);
    else
        spec = ScenarioLoader::resolve(scenario, &error);
    if (!spec)
        qFatal("%s", qPrintable(error));
    auto machine = Machine::compile(*spec, strategy, *ExecutionModel::parse(model, nullptr), params, &error);
    if (!machine)
        qFatal("%s", qPrintable(error));
    return machine;
}

// The Stepper, following the schedule a threaded trial recorded, must reach the same outcome.
void verifyReplay(const Machine &machine, std::shared_ptr<const Machine> shared, const ThreadedTrial &trial)
{
    Stepper stepper(std::move(shared));
    QString error;
    QVERIFY2(stepper.replay(trial.schedule, &error),
             qPrintable(error + QLatin1String(" in ") + trial.schedule.toString(machine)));
    // The key ends with the figures; a figure over finished_at or now reads the trial's real-time
    // clock, which the stepper's virtual clock does not follow. Everything before them must agree.
    auto withoutFigures = [&](std::vector<int64_t> key) {
        key.resize(key.size() - machine.figures().size());
        return key;
    };
    QCOMPARE(withoutFigures(machine.outcomeKey(stepper.state())), withoutFigures(machine.outcomeKey(trial.state)));
    QCOMPARE(machine.isStuck(stepper.state()), trial.end == ThreadedTrial::Deadlocked);
}

} // namespace

class TestThreaded : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void brokenLostUpdate_data();
    void brokenLostUpdate();
    void atomicNeverLoses();
    void traceMatchesStepper();
    void histogramExamplesReplay();
    void timedScenariosReplay_data();
    void timedScenariosReplay();
    void deadlockNeverHangs_data();
    void deadlockNeverHangs();
    void cancel_data();
    void cancel();
    void cancelFromAnotherThread();
    void stopFlagIsNotClearedByANewRun();
    void cancelKeepsPartialResults();
    void progressIsDelivered();
    void summaryCountsErrorsAndLosses();
    void summaryUsesTheMachinesVerdict();
};

void TestThreaded::brokenLostUpdate_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("jitter");
    QTest::addColumn<int>("moves"); // scheduling units per trial
    QTest::newRow("threads") << QStringLiteral("threads") << 0 << 4;
    QTest::newRow("threads, jitter") << QStringLiteral("threads") << 150 << 4;
    // On an event loop the setTimeout is an await of its own: read, delay, write.
    QTest::newRow("eventloop") << QStringLiteral("eventloop") << 0 << 6;
}

// Seed 004 example 1: two deposits (+100, +200) on 1000 with a 100 ms delay between read and write.
void TestThreaded::brokenLostUpdate()
{
    QFETCH(QString, model);
    QFETCH(int, jitter);
    QFETCH(int, moves);
    auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("broken"), {}, model);
    ThreadedDriver driver(machine);
    ThreadedOptions options;
    options.timeScale = 0.01;
    options.jitterMs = jitter;
    driver.setOptions(options);
    int lost = 0;
    const int trials = 30;
    for (int t = 0; t < trials; ++t) {
        const ThreadedTrial trial = driver.runTrial(uint64_t(t));
        QCOMPARE(trial.end, ThreadedTrial::Finished);
        const int64_t balance = machine->cellValue(trial.state, 0, 0);
        // Serial gives 1300; a lost update keeps only one deposit: 1100 or 1200. Nothing else can happen.
        QVERIFY2(balance == 1100 || balance == 1200 || balance == 1300, qPrintable(QString::number(balance)));
        QCOMPARE(trial.schedule.moves.size(), size_t(moves));
        verifyReplay(*machine, machine, trial);
        if (QTest::currentTestFailed())
            return;
        lost += balance != 1300;
        // The trace is the Stepper's format with real time filled in, one step number per move.
        QVERIFY(!trial.trace.empty());
        for (size_t i = 0; i < trial.trace.size(); ++i) {
            QVERIFY(trial.trace[i].wallNs >= 0);
            QVERIFY(trial.trace[i].step >= 0 && trial.trace[i].step < moves);
            if (i > 0) {
                QVERIFY(trial.trace[i].step >= trial.trace[i - 1].step);
                QVERIFY(trial.trace[i].wallNs >= trial.trace[i - 1].wallNs);
            }
        }
    }
    // How often it loses depends on the machine's scheduling, so it is reported, not asserted.
    qInfo("%s: %d of %d trials lost an update", qPrintable(model), lost, trials);
}

void TestThreaded::atomicNeverLoses()
{
    auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("atomic"), {{QStringLiteral("requests"), 3}});
    ThreadedDriver driver(machine);
    ThreadedOptions options;
    options.jitterMs = 5;
    options.recordTrace = false;
    driver.setOptions(options);
    const ThreadedSummary summary = driver.runTrials(1000, 7);
    QCOMPARE(summary.completed, 1000);
    QVERIFY(!summary.cancelled);
    QCOMPARE(summary.stats.trials, 1000);
    QVERIFY(summary.stats.hasExpected);
    QCOMPARE(summary.stats.lostUpdates, int64_t(0));
    QCOMPARE(summary.stats.trialsWithLostUpdates, 0);
    QCOMPARE(summary.stats.trialsBreakingRules, 0);
    QCOMPARE(summary.stats.successes, int64_t(3000));
    QCOMPARE(summary.outcomes.size(), size_t(1));
    QCOMPARE(summary.outcomes.front().count, 1000);
    QCOMPARE(machine->cellValue(summary.outcomes.front().exampleState, 0, 0), int64_t(1000 + 100 + 200 + 300));
}

// One trace format: the threaded trace equals the Stepper's on the same schedule, but for real time.
void TestThreaded::traceMatchesStepper()
{
    auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("broken"), {{QStringLiteral("requests"), 3}});
    ThreadedDriver driver(machine);
    for (uint64_t seed = 0; seed < 5; ++seed) {
        const ThreadedTrial trial = driver.runTrial(seed);
        Stepper stepper(machine);
        QString error;
        QVERIFY2(stepper.replay(trial.schedule, &error), qPrintable(error));
        const Trace &replayed = stepper.trace();
        QCOMPARE(replayed.size(), trial.trace.size());
        for (size_t i = 0; i < replayed.size(); ++i) {
            const TraceEvent &a = replayed[i], &b = trial.trace[i];
            QCOMPARE(a.kind, b.kind);
            QCOMPARE(a.actor, b.actor);
            QCOMPARE(a.step, b.step);
            QCOMPARE(a.line, b.line);
            QCOMPARE(a.value, b.value);
            QCOMPARE(a.resource, b.resource);
            QCOMPARE(a.column, b.column);
            QCOMPARE(a.wallNs, int64_t(-1));
        }
    }
}

void TestThreaded::histogramExamplesReplay()
{
    auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("broken"), {{QStringLiteral("requests"), 3}});
    ThreadedDriver driver(machine);
    ThreadedOptions options;
    options.jitterMs = 120; // spreads the three requests so several outcomes show up
    driver.setOptions(options);
    const ThreadedSummary summary = driver.runTrials(60, 11);
    QCOMPARE(summary.completed, 60);
    int total = 0;
    for (const OutcomeBucket &b : summary.outcomes) {
        total += b.count;
        QVERIFY(!b.description.isEmpty());
        QVERIFY(!b.exampleTrace.empty());
        Stepper stepper(machine);
        QString error;
        QVERIFY2(stepper.replay(b.exampleSchedule, &error), qPrintable(error));
        std::vector<int64_t> key = machine->outcomeKey(stepper.state());
        key.push_back(int64_t(b.end));
        QCOMPARE(key, b.key);
        // A lost update breaks the balance rule; the serial outcome does not.
        const bool lost = machine->cellValue(b.exampleState, 0, 0) != 1000 + 100 + 200 + 300;
        QCOMPARE(b.breaksRule, lost);
    }
    QCOMPARE(total, 60);
    for (size_t i = 1; i < summary.outcomes.size(); ++i)
        QVERIFY(summary.outcomes[i - 1].count >= summary.outcomes[i].count);
}

// Pauses, TTLs, CPU work and lock-wait timeouts fire in real (scaled) time; the
// recorded schedule marks each with ~ so the Stepper replays the same outcome.
void TestThreaded::timedScenariosReplay_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    QTest::newRow("lease expires during a pause")
        << QStringLiteral("lease-expiry") << QStringLiteral("seed-lock") << QStringLiteral("threads");
    QTest::newRow("fencing token") << QStringLiteral("lease-expiry") << QStringLiteral("fencing")
                                   << QStringLiteral("threads");
    QTest::newRow("lock wait timeout") << QStringLiteral("transfer-deadlock") << QStringLiteral("lock-timeout")
                                       << QStringLiteral("threads");
    QTest::newRow("CPU work blocks the event loop")
        << QStringLiteral("event-loop-blocking") << QStringLiteral("blocking") << QStringLiteral("eventloop");
    QTest::newRow("pool limit") << QStringLiteral("event-loop-blocking") << QStringLiteral("p-limit")
                                << QStringLiteral("eventloop");
}

void TestThreaded::timedScenariosReplay()
{
    QFETCH(QString, scenario);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    auto machine = compile(scenario, strategy, {}, model);
    ThreadedDriver driver(machine);
    ThreadedOptions options;
    options.timeScale = 0.002; // a 6 s pause takes 12 ms
    driver.setOptions(options);
    for (uint64_t seed = 0; seed < 8; ++seed) {
        const ThreadedTrial trial = driver.runTrial(seed);
        QVERIFY(trial.end == ThreadedTrial::Finished || trial.end == ThreadedTrial::Deadlocked);
        verifyReplay(*machine, machine, trial);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestThreaded::deadlockNeverHangs_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("delay");
    QTest::newRow("mutex, long delay") << QStringLiteral("mutex") << 500;
    QTest::newRow("mutex, no delay") << QStringLiteral("mutex") << 0;
    QTest::newRow("row locks, long delay") << QStringLiteral("row") << 500;
    QTest::newRow("row locks, no delay") << QStringLiteral("row") << 0;
}

void TestThreaded::deadlockNeverHangs()
{
    QFETCH(QString, kind);
    QFETCH(int, delay);
    auto machine = compile(QString::fromUtf8(oppositeOrderScenario(kind)), QStringLiteral("opposite"),
                           {{QStringLiteral("delay_ms"), delay}});
    ThreadedDriver driver(machine);
    for (uint64_t seed = 0; seed < 20; ++seed) {
        const ThreadedTrial trial = driver.runTrial(seed);
        const int failed = (machine->status(trial.state, 0) == ActorStatus::Failed) +
            (machine->status(trial.state, 1) == ActorStatus::Failed);
        if (kind == QLatin1String("mutex")) {
            // Either one finished before the other took its first lock, or both wait forever: stuck, reported at once.
            QVERIFY(trial.end == ThreadedTrial::Finished || trial.end == ThreadedTrial::Deadlocked);
            QCOMPARE(failed, 0);
            if (trial.end == ThreadedTrial::Deadlocked) {
                QVERIFY(machine->isStuck(trial.state));
                QCOMPARE(machine->findCycle(trial.state).size(), size_t(2));
            }
        } else {
            // The database detector aborts one victim; the other commits. Never stuck.
            QCOMPARE(trial.end, ThreadedTrial::Finished);
            QVERIFY(failed <= 1);
            if (failed == 1) {
                const int victim = machine->status(trial.state, 0) == ActorStatus::Failed ? 0 : 1;
                QVERIFY(machine->messages()
                            .value(machine->errorOf(trial.state, victim))
                            .startsWith(QLatin1String("ER_LOCK_DEADLOCK")));
                QVERIFY(std::any_of(trial.trace.begin(), trial.trace.end(),
                                    [](const TraceEvent &e) { return e.kind == EventKind::Deadlock; }));
            }
        }
        verifyReplay(*machine, machine, trial);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestThreaded::cancel_data()
{
    QTest::addColumn<QString>("what");
    QTest::newRow("sleeping after a step") << QStringLiteral("sleep");
    QTest::newRow("waiting for a lock") << QStringLiteral("lock");
    QTest::newRow("waiting for a deadline") << QStringLiteral("pause");
}

// Each case would take about 1000 s of real time; only cancel() can end it within the test timeout.
void TestThreaded::cancel()
{
    QFETCH(QString, what);
    QString step;
    if (what == QLatin1String("sleep"))
        step = QStringLiteral(R"J({"op": "sleep", "ms": 1000000})J");
    else if (what == QLatin1String("lock"))
        step = QStringLiteral(
            R"J({"op": "lock", "mutex": "m"}, {"op": "sleep", "ms": 1000000}, {"op": "unlock", "mutex": "m"})J");
    else
        step = QStringLiteral(R"J({"op": "pause", "ms": 1000000})J");
    const QString scenario = QStringLiteral(R"J({"format": 1, "id": "slow", "title": "Slow",
        "state": {"memory": {"x": 0}, "mutexes": ["m"]},
        "actors": [{"name": "Request %1", "repeat": "3"}],
        "strategies": [{"id": "slow", "label": "Slow", "programs": {"main": [
            {"code": "x = 1", "steps": [{"op": "write", "cell": "mem.x", "value": "1"}]},
            {"code": "slow", "steps": [STEP]},
            {"code": "x = 2", "steps": [{"op": "write", "cell": "mem.x", "value": "2"}]}]}}]})J")
                                 .replace(QLatin1String("STEP"), step);
    auto machine = compile(scenario, QStringLiteral("slow"));
    ThreadedDriver driver(machine);
    ThreadedOptions options;
    options.timeScale = 1.0;
    driver.setOptions(options);
    QFutureWatcher<ThreadedSummary> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(driver.startTrials(4, 1));
    QTimer::singleShot(30, &driver, &ThreadedDriver::cancel);
    QVERIFY(finished.wait(60000));
    const ThreadedSummary summary = watcher.result();
    QVERIFY(summary.cancelled);
    QCOMPARE(summary.completed, 0);
    QVERIFY(driver.isCancelled());

    // A cancelled driver runs again: the next batch clears the flag.
    auto quick = compile(QStringLiteral("lost-update"), QStringLiteral("atomic"));
    ThreadedDriver again(quick);
    again.cancel();
    QCOMPARE(again.runTrials(3, 1).completed, 3);
}

void TestThreaded::cancelFromAnotherThread()
{
    auto machine =
        compile(QStringLiteral("lost-update"), QStringLiteral("broken"), {{QStringLiteral("delay_ms"), 10000}});
    ThreadedDriver driver(machine);
    ThreadedOptions options;
    options.timeScale = 100.0; // 10 s of virtual delay take 1000 s: only cancel() ends it in time
    driver.setOptions(options);
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        driver.cancel();
    });
    const ThreadedTrial trial = driver.runTrial(3);
    canceller.join();
    QCOMPARE(trial.end, ThreadedTrial::Cancelled);
    QVERIFY(!machine->isFinal(trial.state));
}

// A window job may be cancelled between handing its flag to the driver and the run's start:
// runTrials() clears cancel(), but never the caller's flag.
void TestThreaded::stopFlagIsNotClearedByANewRun()
{
    auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("atomic"));
    ThreadedDriver driver(machine);
    std::atomic<bool> stop{true};
    driver.setStopFlag(&stop);
    driver.cancel();
    const ThreadedSummary summary = driver.runTrials(1000000, 1);
    QVERIFY(summary.cancelled);
    QCOMPARE(summary.completed, 0);
    QCOMPARE(driver.runTrial(1).end, ThreadedTrial::Cancelled);
    stop = false;
    QCOMPARE(driver.runTrials(3, 1).completed, 3);
}

// Cancelled half-way, the summary holds exactly the trials that finished.
void TestThreaded::cancelKeepsPartialResults()
{
    auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("broken"), {{QStringLiteral("delay_ms"), 0}});
    ThreadedDriver driver(machine);
    ThreadedOptions options;
    options.parallelTrials = 1;
    driver.setOptions(options);
    // Progress is emitted on the batch's thread after each finished trial: cancel after the fifth.
    connect(
        &driver, &ThreadedDriver::progress, &driver,
        [&](int done, int) {
            if (done >= 5)
                driver.cancel();
        },
        Qt::DirectConnection);
    const ThreadedSummary summary = driver.runTrials(1000000, 1);
    QVERIFY(summary.cancelled);
    QVERIFY(summary.completed >= 5);
    QVERIFY(summary.completed < summary.requested);
    int inBuckets = 0;
    for (const OutcomeBucket &bucket : summary.outcomes)
        inBuckets += bucket.count;
    QCOMPARE(inBuckets, summary.completed);
    QCOMPARE(summary.stats.trials, summary.completed);
}

void TestThreaded::progressIsDelivered()
{
    auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("atomic"));
    ThreadedDriver driver(machine);
    // Queued from the batch's thread to this one: delivered by the event loop, never polled.
    // (Not a QSignalSpy: it would be filled on the batch's thread while this one reads it.)
    std::vector<std::pair<int, int>> progress;
    QObject receiver;
    connect(
        &driver, &ThreadedDriver::progress, &receiver,
        [&](int done, int total) {
            QCOMPARE(QThread::currentThread(), receiver.thread());
            progress.emplace_back(done, total);
        },
        Qt::QueuedConnection);
    QFutureWatcher<ThreadedSummary> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(driver.startTrials(50, 2));
    QVERIFY(finished.wait(60000));
    QTRY_VERIFY(!progress.empty());
    QTRY_COMPARE(progress.back().first, 50);
    QCOMPARE(progress.back().second, 50);
    QCOMPARE(watcher.result().completed, 50);
}

// The aggregation on hand-made trials: no threads, exact numbers.
void TestThreaded::summaryCountsErrorsAndLosses()
{
    auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("broken"));
    ThreadedSummary summary;
    QStringList errors;
    for (const QString &schedule : {QStringLiteral("A B A B"), QStringLiteral("A A B B"), QStringLiteral("B A A B")}) {
        Stepper stepper(machine);
        QVERIFY(stepper.replay(*Schedule::parse(schedule, *machine, nullptr), nullptr));
        ThreadedTrial trial;
        trial.state = stepper.state();
        trial.schedule = stepper.schedule();
        trial.wallNs = 2'000'000;
        ThreadedDriver::addToSummary(*machine, summary, trial);
    }
    ThreadedDriver::finishSummary(summary);
    QCOMPARE(summary.completed, 3);
    QCOMPARE(summary.stats.successes, int64_t(6));
    QCOMPARE(summary.stats.failures, int64_t(0));
    // A B A B: B's write wins (1200, lost 100); A A B B: serial (1300); B A A B: B's write wins (1200).
    QCOMPARE(summary.stats.lostUpdates, int64_t(200));
    QCOMPARE(summary.stats.trialsWithLostUpdates, 2);
    QCOMPARE(summary.stats.trialsBreakingRules, 2);
    QCOMPARE(summary.stats.meanRunMs, 2.0);
    QCOMPARE(summary.outcomes.size(), size_t(2));
    QCOMPARE(summary.outcomes.front().count, 2);
    QVERIFY(summary.outcomes.front().breaksRule);
    QCOMPARE(summary.outcomes.front().exampleSchedule.toString(*machine), QStringLiteral("A B A B"));
}

// A stuck in-process deadlock breaks no invariant, yet the explorer and `run` call it a
// broken outcome: the summary takes the same verdict, from Machine::verdict.
void TestThreaded::summaryUsesTheMachinesVerdict()
{
    auto machine = compile(QString::fromUtf8(oppositeOrderScenario(QStringLiteral("mutex"))),
                           QStringLiteral("opposite"), {{QStringLiteral("delay_ms"), 0}});
    // Every outcome the explorer finds, replayed and summed up as a threaded trial would be.
    const ExplorerResult explored = Explorer::explore(*machine, ExplorerOptions{});
    ThreadedSummary summary;
    for (const ExplorerOutcome &o : explored.outcomes) {
        Stepper stepper(machine);
        QString error;
        QVERIFY2(stepper.replay(o.schedule, &error), qPrintable(error));
        ThreadedTrial trial;
        trial.state = stepper.state();
        trial.schedule = stepper.schedule();
        trial.end = machine->isStuck(trial.state) ? ThreadedTrial::Deadlocked : ThreadedTrial::Finished;
        ThreadedDriver::addToSummary(*machine, summary, trial);
        std::vector<int64_t> key = machine->outcomeKey(trial.state);
        key.push_back(int64_t(trial.end));
        const auto bucket = std::find_if(summary.outcomes.begin(), summary.outcomes.end(),
                                         [&](const OutcomeBucket &b) { return b.key == key; });
        QVERIFY(bucket != summary.outcomes.end());
        QCOMPARE(bucket->breaksRule, o.breaksRule);
    }
    int stuck = 0;
    for (const OutcomeBucket &b : summary.outcomes) {
        stuck += machine->isStuck(b.exampleState);
        QCOMPARE(b.breaksRule, machine->verdict(b.exampleState).breaksRule);
        QCOMPARE(b.breaksRule, machine->isStuck(b.exampleState));
    }
    QCOMPARE(stuck, 1); // the deadlock, and the runs where one took both locks first
    QVERIFY(summary.outcomes.size() >= 2);
    QVERIFY(summary.stats.trialsBreakingRules >= 1);
}

QTEST_GUILESS_MAIN(TestThreaded)
#include "tst_threaded.moc"
