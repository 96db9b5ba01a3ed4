// The exhaustive explorer: exact interleaving counts against the formula and a
// brute-force enumeration, the seed's lost-update histogram, simplest
// counterexamples, deadlocks and livelocks as outcomes, budgets and
// cancellation, and every built-in scenario's "expect" proved or refuted.

#include "drivers/stepper.h"
#include "explore/explorer.h"
#include "explore/memorypool.h"
#include "explore/statestore.h"
#include "scenario/scenario.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>

using namespace Interleave;

Q_DECLARE_METATYPE(std::shared_ptr<const Interleave::ExplorerResult>)

class TestExplorer : public QObject
{
    Q_OBJECT
private:
    static void compareExplorations(const ExplorerResult &a, const ExplorerResult &b);

private slots:
    void initTestCase();
    void countFormula_data();
    void countFormula();
    void bruteForceAgrees_data();
    void bruteForceAgrees();
    void seedLostUpdateHistogram();
    void lostUpdateSimplestCounterexample();
    void countsBeyond64Bits();
    void twoThreadsGiveTheSameResult();
    void builtins_data();
    void builtins();
    void localStepReuseAgrees_data();
    void localStepReuseAgrees();
    void transactionStepReuseAgrees_data();
    void transactionStepReuseAgrees();
    void localStepsWithSleepers_data();
    void localStepsWithSleepers();
    void inMemoryLockFailsWithTwoInstances();
    void ttlLockWithoutFencingFailsUnderPause();
    void transferDeadlock();
    void mutexDeadlockIsStuck();
    void spinLoopIsLivelock();
    void preemptionBound_data();
    void preemptionBound();
    void stateBudget();
    void timeBudget();
    void cancelBeforeStart();
    void explorerObjectRunsInBackground();
    void explorerObjectCancel();
    void enqueueTwiceIsAModelLimit();
    void verdictAgreesWithTheMachine_data();
    void verdictAgreesWithTheMachine();
    void memoryBudget();
    void pooledMemoryComesBackZeroed();
    void memoTableKeepsEntriesAsItDoubles();
    void repeatedExplorationsAgree();
    void cancelInABigSpaceSkipsTheCount();
};

namespace {

// (k n)! / (n!)^k, the interleavings of k straight-line actors of n points each.
InterleavingCount multinomial(int k, int n)
{
    unsigned __int128 c = 1;
    int placed = 0;
    for (int a = 0; a < k; ++a)
        for (int i = 1; i <= n; ++i)
            c = c * unsigned(++placed) / unsigned(i);
    return InterleavingCount::fromRaw(c);
}

// k actors, each writing its own index to one memory cell n times: n scheduling points each.
QByteArray straightLine(int k, int n)
{
    QByteArray lines;
    for (int i = 0; i < n; ++i) {
        if (i)
            lines += ',';
        lines += R"J({"code": "x = me;", "steps": [{"op": "write", "cell": "mem.x", "value": "me"}]})J";
    }
    return R"J({"format": 1, "id": "line", "title": "line", "state": {"memory": {"x": 0}},
        "actors": [{"name": "Request %1", "repeat": ")J" +
        QByteArray::number(k) + R"J(", "locals": {"me": "i + 1"}}],
        "strategies": [{"id": "s", "programs": {"main": [)J" +
        lines + "]}}]}";
}

std::shared_ptr<const Machine> compileData(const QByteArray &json, const QString &strategy, const char *model,
                                           QString *error, const QHash<QString, int64_t> &params = {})
{
    const auto spec = ScenarioLoader::loadData(json, QStringLiteral("inline.json"), error);
    if (!spec)
        return nullptr;
    return Machine::compile(*spec, strategy, *ExecutionModel::parse(QLatin1String(model), nullptr), params, error);
}

std::shared_ptr<const Machine> compileBuiltin(const char *scenario, const char *strategy, const char *model,
                                              QString *error, const QHash<QString, int64_t> &params = {})
{
    const auto spec = ScenarioLoader::resolve(QLatin1String(scenario), error);
    if (!spec)
        return nullptr;
    return Machine::compile(*spec, QLatin1String(strategy), *ExecutionModel::parse(QLatin1String(model), nullptr),
                            params, error);
}

// Every built-in scenario × strategy × model at the scenario's defaults, compiled;
// `error` names the first that failed (or the loader's errors).
struct BuiltinVariant
{
    QString scenario, strategy, model;
    std::shared_ptr<const Machine> machine;
};

std::vector<BuiltinVariant> builtinVariants(QString *error)
{
    QStringList errors;
    const auto specs = ScenarioLoader::loadBuiltins(&errors);
    *error = errors.join(u'\n');
    std::vector<BuiltinVariant> variants;
    for (const auto &spec : specs)
        for (const StrategySpec &strategy : spec->strategies)
            for (const QString &model : spec->models) {
                QString why;
                auto m = Machine::compile(*spec, strategy.id, *ExecutionModel::parse(model, nullptr), {}, &why);
                if (!m) {
                    *error = why;
                    return {};
                }
                variants.push_back({spec->id, strategy.id, model, std::move(m)});
            }
    return variants;
}

#define COMPILE(var, expr)                                                                                             \
    QString var##Error;                                                                                                \
    const auto var = expr;                                                                                             \
    QVERIFY2(var, qPrintable(var##Error))

// Every schedule the machine allows, one at a time: the slow truth the explorer must match.
struct Simplest
{
    int preemptions = INT_MAX;
    int moves = INT_MAX;
};

void enumerate(const Machine &m, const State &s, int last, int preemptions, int bound,
               std::map<std::vector<int64_t>, uint64_t> &histogram, uint64_t &total, bool &pruned,
               std::map<std::vector<int64_t>, Simplest> &simplest, int depth = 0)
{
    std::vector<int> moves;
    for (int a = 0; a < m.actorCount(); ++a)
        if (m.isEnabled(s, a))
            moves.push_back(a);
    if (m.canTick(s))
        moves.push_back(Schedule::Tick);
    if (moves.empty()) {
        const std::vector<int64_t> key = m.outcomeKey(s);
        ++histogram[key];
        ++total;
        Simplest &best = simplest[key];
        if (std::make_pair(preemptions, depth) < std::make_pair(best.preemptions, best.moves))
            best = {preemptions, depth};
        return;
    }
    const bool lastEnabled = last >= 0 && std::find(moves.begin(), moves.end(), last) != moves.end();
    for (int move : moves) {
        const int p = preemptions + (move >= 0 && lastEnabled && move != last);
        if (bound >= 0 && p > bound) {
            pruned = true;
            continue;
        }
        State next = s;
        if (move == Schedule::Tick)
            m.tick(next, nullptr, 0);
        else
            m.step(next, move, nullptr, 0);
        enumerate(m, next, move >= 0 ? move : last, p, bound, histogram, total, pruned, simplest, depth + 1);
    }
}

// Replays an outcome's schedule in the stepper; it must end exactly in that outcome.
bool replaysTo(const Machine &machine, const std::shared_ptr<const Machine> &ptr, const ExplorerOutcome &o,
               QString *why, State *finalState = nullptr)
{
    Stepper stepper(ptr);
    const auto parsed = Schedule::parse(o.scheduleText, machine, why);
    if (!parsed || !stepper.replay(*parsed, why))
        return false;
    if (finalState)
        *finalState = stepper.state();
    if (o.kind == ExplorerOutcome::Livelock)
        return true;
    if (!machine.isTerminal(stepper.state())) {
        *why = QStringLiteral("schedule %1 does not end the run").arg(o.scheduleText);
        return false;
    }
    if (machine.outcomeKey(stepper.state()) != o.key) {
        *why = QStringLiteral("schedule %1 ends in %2, not in %3")
                   .arg(o.scheduleText, machine.describeOutcome(stepper.state()), o.description);
        return false;
    }
    return true;
}

} // namespace

void TestExplorer::initTestCase()
{
    qRegisterMetaType<std::shared_ptr<const ExplorerResult>>();
}

void TestExplorer::countFormula_data()
{
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("n");
    for (const auto &[k, n] : std::vector<std::pair<int, int>>{
             {1, 1}, {1, 4}, {2, 1}, {2, 2}, {2, 3}, {3, 1}, {3, 2}, {3, 3}, {4, 2}, {2, 6}, {5, 2}, {4, 3}, {6, 1}})
        QTest::addRow("k=%d n=%d", k, n) << k << n;
}

void TestExplorer::countFormula()
{
    QFETCH(int, k);
    QFETCH(int, n);
    COMPILE(m, compileData(straightLine(k, n), QStringLiteral("s"), "threads", &mError));
    const ExplorerResult r = Explorer::explore(*m, {});
    QVERIFY(r.complete);
    QCOMPARE(r.interleavings.toString(), multinomial(k, n).toString());
    InterleavingCount sum;
    for (const ExplorerOutcome &o : r.outcomes)
        sum += o.count;
    QCOMPARE(sum, r.interleavings);
    // The last writer decides x: one outcome per actor.
    QCOMPARE(int(r.outcomes.size()), k);
    QCOMPARE(r.breaking, InterleavingCount());
}

void TestExplorer::bruteForceAgrees_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("requests");
    QTest::addColumn<int>("bound");
    QTest::newRow("lost update, 3 requests") << "lost-update"
                                             << "broken"
                                             << "threads" << 3 << -1;
    QTest::newRow("lost update, 3 requests, 1 preemption") << "lost-update"
                                                           << "broken"
                                                           << "threads" << 3 << 1;
    QTest::newRow("optimistic retry") << "lost-update"
                                      << "optimistic"
                                      << "threads" << 2 << -1;
    QTest::newRow("pessimistic") << "lost-update"
                                 << "pessimistic"
                                 << "threads" << 3 << -1;
    QTest::newRow("distributed lock") << "lost-update"
                                      << "distributed-lock"
                                      << "threads" << 2 << -1;
    QTest::newRow("queue, event loop") << "lost-update"
                                       << "queue"
                                       << "eventloop" << 3 << -1;
    QTest::newRow("mutex, 2 instances, 0 preemptions") << "lost-update"
                                                       << "mutex"
                                                       << "instances:2" << 3 << 0;
    QTest::newRow("lease expiry") << "lease-expiry"
                                  << "seed-lock"
                                  << "threads" << 0 << -1;
    QTest::newRow("transfer deadlock") << "transfer-deadlock"
                                       << "request-order"
                                       << "threads" << 0 << -1;
    QTest::newRow("transfer, lock wait timeout") << "transfer-deadlock"
                                                 << "lock-timeout"
                                                 << "threads" << 0 << -1;
    QTest::newRow("lease with fencing") << "lease-expiry"
                                        << "fencing"
                                        << "threads" << 0 << -1;
    QTest::newRow("waiting lease, 1 preemption") << "lease-expiry"
                                                 << "waiting-lock"
                                                 << "threads" << 0 << 1;
    QTest::newRow("CPU work blocks the event loop") << "event-loop-blocking"
                                                    << "blocking"
                                                    << "eventloop" << 0 << -1;
    QTest::newRow("check then insert") << "retried-payment"
                                       << "check-then-insert"
                                       << "threads" << 0 << -1;
    QTest::newRow("optimistic retry, 3 requests") << "lost-update"
                                                  << "optimistic"
                                                  << "threads" << 3 << -1;
}

void TestExplorer::bruteForceAgrees()
{
    QFETCH(QString, scenario);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    QFETCH(int, requests);
    QFETCH(int, bound);
    QHash<QString, int64_t> params;
    if (requests > 0)
        params.insert(QStringLiteral("requests"), requests);
    COMPILE(m, compileBuiltin(qPrintable(scenario), qPrintable(strategy), qPrintable(model), &mError, params));
    std::map<std::vector<int64_t>, uint64_t> histogram;
    std::map<std::vector<int64_t>, Simplest> simplest;
    uint64_t total = 0;
    bool pruned = false;
    enumerate(*m, m->initialState(), -1, 0, bound, histogram, total, pruned, simplest);

    ExplorerOptions options;
    options.maxPreemptions = bound;
    const ExplorerResult r = Explorer::explore(*m, options);
    QCOMPARE(r.complete, !pruned);
    QCOMPARE(r.preemptionBoundHit, pruned);
    QCOMPARE(r.interleavings.toString(), QString::number(total));
    QCOMPARE(r.outcomes.size(), histogram.size());
    for (const ExplorerOutcome &o : r.outcomes) {
        QCOMPARE(o.count.toString(), QString::number(histogram[o.key]));
        QString why;
        QVERIFY2(replaysTo(*m, m, o, &why), qPrintable(why));
        if (bound >= 0)
            QVERIFY(o.preemptions <= bound);
        // Where the explorer claims the simplest schedule, no schedule beats it.
        if (o.simplest) {
            QCOMPARE(o.preemptions, simplest[o.key].preemptions);
            QCOMPARE(int(o.schedule.moves.size()), simplest[o.key].moves);
        }
        if (o.breaksRule)
            QVERIFY(o.simplest);
    }
}

void TestExplorer::seedLostUpdateHistogram()
{
    // Seed 004: deposits of 100 and 200 on 1000, read then write, on threads.
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError));
    const ExplorerResult r = Explorer::explore(*m, {});
    QVERIFY(r.complete);
    QCOMPARE(r.interleavings.toString(), QStringLiteral("6"));
    QCOMPARE(r.breaking.toString(), QStringLiteral("4"));
    QCOMPARE(int(r.outcomes.size()), 3);
    std::map<int64_t, QString> byBalance;
    for (const ExplorerOutcome &o : r.outcomes) {
        State s;
        QString why;
        QVERIFY2(replaysTo(*m, m, o, &why, &s), qPrintable(why));
        byBalance[m->cellValue(s, 0, 0)] = o.count.toString();
        QCOMPARE(o.breaksRule, m->cellValue(s, 0, 0) != 1300);
        QCOMPARE(o.share, 2.0 / 6.0);
    }
    const std::map<int64_t, QString> expected{
        {1100, QStringLiteral("2")}, {1200, QStringLiteral("2")}, {1300, QStringLiteral("2")}};
    QCOMPARE(byBalance, expected);
    QCOMPARE(r.summary(), QStringLiteral("4 of 6 interleavings break a rule."));
}

void TestExplorer::lostUpdateSimplestCounterexample()
{
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError));
    const ExplorerResult r = Explorer::explore(*m, {});
    const ExplorerOutcome *ce = r.simplestCounterexample();
    QVERIFY(ce);
    QVERIFY(ce->simplest);
    QCOMPARE(ce->preemptions, 1);
    // One switch while A could go on, then each finishes: the fewest moves there are.
    QCOMPARE(ce->schedule.moves.size(), size_t(4));
    for (const ExplorerOutcome &o : r.outcomes)
        if (o.breaksRule) {
            QVERIFY(o.simplest);
            QCOMPARE(o.preemptions, 1);
        }
    State s;
    QString why;
    QVERIFY2(replaysTo(*m, m, *ce, &why, &s), qPrintable(why));
    QVERIFY(!m->checkInvariants(s).front());
}

void TestExplorer::countsBeyond64Bits()
{
    // 21 actors of 1 point: 21! = 51090942171709440000 > 2^64. 2^21 states, a few seconds at most.
    // Cheaper: 3 actors of 14 points: 42!/(14!)^3 = 3.8e18 fits; use 2 actors of 40 points = C(80,40) ≈ 1.07e23.
    COMPILE(m, compileData(straightLine(2, 40), QStringLiteral("s"), "threads", &mError));
    const ExplorerResult r = Explorer::explore(*m, {});
    QVERIFY(r.complete);
    bool fits = true;
    r.interleavings.toUInt64(&fits);
    QVERIFY(!fits);
    QCOMPARE(r.interleavings.toString(), QStringLiteral("107507208733336176461620"));
    QCOMPARE(r.interleavings.toString(), multinomial(2, 40).toString());
    QVERIFY(!r.overflow);
    // Saturation, never wrap-around.
    InterleavingCount big = InterleavingCount::fromRaw(~(unsigned __int128)0 - 5);
    big += InterleavingCount(100);
    QVERIFY(big.isOverflow());
    QVERIFY(!big.isExact());
    big += InterleavingCount::infinite();
    QVERIFY(big.isInfinite());
}

void TestExplorer::twoThreadsGiveTheSameResult()
{
    // Big enough (76,101 states) for the second expansion thread to join in.
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError, {{QStringLiteral("requests"), 6}}));
    ExplorerOptions one, two;
    one.threads = 1;
    two.threads = 2;
    const ExplorerResult a = Explorer::explore(*m, one);
    const ExplorerResult b = Explorer::explore(*m, two);
    QVERIFY(a.complete && b.complete);
    QCOMPARE(a.interleavings.toString(), QStringLiteral("7484400")); // 12! / 2^6
    compareExplorations(a, b);
}

// The same graph, counts and outcomes, each with the same schedule.
void TestExplorer::compareExplorations(const ExplorerResult &a, const ExplorerResult &b)
{
    QCOMPARE(b.interleavings, a.interleavings);
    QCOMPARE(b.breaking, a.breaking);
    QCOMPARE(b.states, a.states);
    QCOMPARE(b.transitions, a.transitions);
    QCOMPARE(b.outcomes.size(), a.outcomes.size());
    for (size_t i = 0; i < a.outcomes.size(); ++i) {
        QCOMPARE(b.outcomes[i].key, a.outcomes[i].key);
        QCOMPARE(b.outcomes[i].count, a.outcomes[i].count);
        QCOMPARE(b.outcomes[i].scheduleText, a.outcomes[i].scheduleText);
    }
}

void TestExplorer::builtins_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("expect");
    QStringList errors;
    const auto specs = ScenarioLoader::loadBuiltins(&errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    QVERIFY(!specs.isEmpty());
    for (const auto &spec : specs)
        for (const StrategySpec &strategy : spec->strategies)
            for (const QString &model : spec->models) {
                const auto parsed = ExecutionModel::parse(model, nullptr);
                const QString kind = parsed->kind == ExecutionModel::Threads ? QStringLiteral("threads")
                    : parsed->kind == ExecutionModel::EventLoop              ? QStringLiteral("eventloop")
                                                                             : QStringLiteral("instances");
                const QString expect = strategy.expect.value(kind);
                if (expect.isEmpty())
                    continue;
                QTest::addRow("%s/%s/%s", qPrintable(spec->id), qPrintable(strategy.id), qPrintable(model))
                    << spec->id << strategy.id << model << expect;
            }
}

void TestExplorer::builtins()
{
    QFETCH(QString, scenario);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    QFETCH(QString, expect);
    COMPILE(m, compileBuiltin(qPrintable(scenario), qPrintable(strategy), qPrintable(model), &mError));
    ExplorerOptions options;
    options.stateBudget = 2'000'000; // a safety net: built-ins are far smaller
    const ExplorerResult r = Explorer::explore(*m, options);
    QVERIFY2(r.complete, qPrintable(r.incompleteReason()));
    QVERIFY(!r.interleavings.isZero());
    for (const ExplorerOutcome &o : r.outcomes) {
        QString why;
        QVERIFY2(replaysTo(*m, m, o, &why), qPrintable(why));
    }
    if (expect == QLatin1String("safe")) {
        QStringList broken;
        for (const ExplorerOutcome &o : r.outcomes)
            if (o.breaksRule)
                broken << QStringLiteral("%1 × %2 (%3)").arg(o.count.toString(), o.description, o.scheduleText);
        QVERIFY2(r.breaking.isZero(), qPrintable(QStringLiteral("expected safe: ") + broken.join(QLatin1String("; "))));
    } else {
        QVERIFY2(!r.breaking.isZero(), "expected broken, but no interleaving breaks a rule");
        const ExplorerOutcome *ce = r.simplestCounterexample();
        QVERIFY(ce && ce->simplest);
        State s;
        QString why;
        QVERIFY2(replaysTo(*m, m, *ce, &why, &s), qPrintable(why));
        const std::vector<bool> holds = m->checkInvariants(s);
        const bool ruleBroken = std::find(holds.begin(), holds.end(), false) != holds.end();
        QVERIFY(ruleBroken || m->isStuck(s) || ce->deadlockDetected || ce->kind == ExplorerOutcome::Livelock ||
                (m->anomalyMask(s) & ~uint64_t(Machine::RejectedStaleToken)));
    }
}

// Reusing a step's result across states (Machine::stepsAreLocal) must change
// nothing: the same states, transitions, outcomes, counts and schedules as
// running the machine for every successor.
void TestExplorer::localStepReuseAgrees_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    QString error;
    const std::vector<BuiltinVariant> variants = builtinVariants(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    int local = 0, other = 0;
    for (const BuiltinVariant &v : variants) {
        if (!v.machine->stepsAreLocal()) {
            ++other;
            continue;
        }
        ++local;
        QTest::addRow("%s/%s/%s", qPrintable(v.scenario), qPrintable(v.strategy), qPrintable(v.model))
            << v.scenario << v.strategy << v.model;
    }
    // Both kinds exist among the built-ins, so both paths of the explorer are exercised.
    QVERIFY(local > 0);
    QVERIFY(other > 0);
}

void TestExplorer::localStepReuseAgrees()
{
    QFETCH(QString, scenario);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    COMPILE(m, compileBuiltin(qPrintable(scenario), qPrintable(strategy), qPrintable(model), &mError));
    QVERIFY(m->stepsAreLocal());
    ExplorerOptions reuse, rerun;
    reuse.stateBudget = rerun.stateBudget = 2'000'000;
    rerun.reuseLocalSteps = false;
    for (int threads : {1, 2}) {
        reuse.threads = rerun.threads = threads;
        const ExplorerResult a = Explorer::explore(*m, reuse), b = Explorer::explore(*m, rerun);
        QVERIFY(a.complete && b.complete);
        QCOMPARE(a.states, b.states);
        QCOMPARE(a.transitions, b.transitions);
        QCOMPARE(a.interleavings, b.interleavings);
        QCOMPARE(a.outcomes.size(), b.outcomes.size());
        for (size_t i = 0; i < a.outcomes.size(); ++i) {
            QCOMPARE(a.outcomes[i].key, b.outcomes[i].key);
            QCOMPARE(a.outcomes[i].count, b.outcomes[i].count);
            QCOMPARE(a.outcomes[i].scheduleText, b.outcomes[i].scheduleText);
        }
    }
}

// Where steps are not local (transactions), a step is reused only where settling
// leaves the other requests alone (explorersuccessors.cpp). Over every built-in
// variant whose steps are not local, at every database flavour and level, that must
// change nothing either.
void TestExplorer::transactionStepReuseAgrees_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("requests"); // 0: the scenario's default
    QString error;
    const std::vector<BuiltinVariant> variants = builtinVariants(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (const BuiltinVariant &v : variants)
        if (!v.machine->stepsAreLocal())
            QTest::addRow("%s/%s/%s", qPrintable(v.scenario), qPrintable(v.strategy), qPrintable(v.model))
                << v.scenario << v.strategy << v.model << 0;
    // More requests than the default, so that several wait for one lock at once.
    QTest::newRow("lost-update/pessimistic/threads, 4 requests") << "lost-update"
                                                                 << "pessimistic"
                                                                 << "threads" << 4;
    QTest::newRow("lost-update/transaction-retry/threads, 3 requests") << "lost-update"
                                                                       << "transaction-retry"
                                                                       << "threads" << 3;
}

void TestExplorer::transactionStepReuseAgrees()
{
    QFETCH(QString, scenario);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    QFETCH(int, requests);
    QString error;
    const auto spec = ScenarioLoader::resolve(scenario, &error);
    QVERIFY2(spec, qPrintable(error));
    QHash<QString, int64_t> params;
    if (requests > 0)
        params.insert(QStringLiteral("requests"), requests);
    int compared = 0;
    for (const auto flavour : {DatabaseVariant::MySql, DatabaseVariant::Postgres})
        for (const auto level : {DatabaseVariant::ReadUncommitted, DatabaseVariant::ReadCommitted,
                                 DatabaseVariant::RepeatableRead, DatabaseVariant::Serializable}) {
            DatabaseVariant db;
            db.flavour = flavour;
            db.level = level;
            const auto m =
                Machine::compile(*spec, strategy, *ExecutionModel::parse(model, nullptr), params, &error, db);
            if (!m)
                continue; // a variant the model cannot run at this size says so elsewhere
            ExplorerOptions reuse, rerun;
            reuse.stateBudget = rerun.stateBudget = 200'000;
            reuse.threads = rerun.threads = 1;
            rerun.reuseLocalSteps = false;
            const ExplorerResult a = Explorer::explore(*m, reuse), b = Explorer::explore(*m, rerun);
            const QByteArray where = db.toString().toUtf8();
            QVERIFY2(a.complete && b.complete, where.constData());
            QVERIFY2(a.states == b.states && a.transitions == b.transitions, where.constData());
            QVERIFY2(a.interleavings == b.interleavings, where.constData());
            QVERIFY2(a.outcomes.size() == b.outcomes.size(), where.constData());
            for (size_t i = 0; i < a.outcomes.size(); ++i) {
                QVERIFY2(a.outcomes[i].key == b.outcomes[i].key, where.constData());
                QVERIFY2(a.outcomes[i].count == b.outcomes[i].count, where.constData());
                QVERIFY2(a.outcomes[i].scheduleText == b.outcomes[i].scheduleText, where.constData());
            }
            ++compared;
        }
    QVERIFY(compared > 0);
}

// No built-in combines local steps with requests that sleep (cpu, pause), where
// letting time pass is a move of its own: this one does, against brute force too.
void TestExplorer::localStepsWithSleepers_data()
{
    QTest::addColumn<QString>("model");
    QTest::newRow("threads") << "threads";
    QTest::newRow("event loop") << "eventloop";
    QTest::newRow("2 instances") << "instances:2";
}

void TestExplorer::localStepsWithSleepers()
{
    QFETCH(QString, model);
    const QByteArray json = R"J({"format": 1, "id": "sleepy", "title": "sleepy", "state": {"memory": {"x": 0}},
        "actors": [{"name": "Request %1", "repeat": "3", "locals": {"me": "i + 1"}}],
        "strategies": [{"id": "s", "programs": {"main": [
            {"code": "v = x", "steps": [{"op": "read", "cell": "mem.x", "into": "v", "await": true}]},
            {"code": "work", "steps": [{"op": "cpu", "ms": "me * 10"}]},
            {"code": "x = v + me", "steps": [{"op": "write", "cell": "mem.x", "value": "v + me", "await": true}]},
            {"code": "pause", "steps": [{"op": "pause", "ms": "20"}]}]}}]})J";
    COMPILE(m, compileData(json, QStringLiteral("s"), qPrintable(model), &mError));
    QVERIFY(m->stepsAreLocal());
    std::map<std::vector<int64_t>, uint64_t> histogram;
    std::map<std::vector<int64_t>, Simplest> simplest;
    uint64_t total = 0;
    bool pruned = false;
    enumerate(*m, m->initialState(), -1, 0, -1, histogram, total, pruned, simplest);
    ExplorerOptions rerun;
    rerun.reuseLocalSteps = false;
    const ExplorerResult a = Explorer::explore(*m, {}), b = Explorer::explore(*m, rerun);
    QVERIFY(a.complete && b.complete);
    QCOMPARE(a.interleavings.toString(), QString::number(total));
    QCOMPARE(a.states, b.states);
    QCOMPARE(a.transitions, b.transitions);
    QCOMPARE(a.outcomes.size(), histogram.size());
    QCOMPARE(a.outcomes.size(), b.outcomes.size());
    QVERIFY(a.outcomes.front().scheduleText.contains(u'~')); // time had to pass
    for (size_t i = 0; i < a.outcomes.size(); ++i) {
        QCOMPARE(a.outcomes[i].count.toString(), QString::number(histogram[a.outcomes[i].key]));
        QCOMPARE(a.outcomes[i].scheduleText, b.outcomes[i].scheduleText);
    }
}

void TestExplorer::inMemoryLockFailsWithTwoInstances()
{
    // An in-process mutex serialises requests of one process, not of two processes.
    COMPILE(one, compileBuiltin("lost-update", "mutex", "threads", &oneError));
    QVERIFY(Explorer::explore(*one, {}).breaking.isZero());
    COMPILE(m, compileBuiltin("lost-update", "mutex", "instances:2", &mError));
    const ExplorerResult r = Explorer::explore(*m, {});
    QVERIFY(r.complete);
    const ExplorerOutcome *ce = r.simplestCounterexample();
    QVERIFY(ce);
    QCOMPARE(ce->preemptions, 1);
    State s;
    QString why;
    QVERIFY2(replaysTo(*m, m, *ce, &why, &s), qPrintable(why));
    // Both deposits report success, yet one of them is missing from the balance.
    QCOMPARE(m->status(s, 0), ActorStatus::Done);
    QCOMPARE(m->status(s, 1), ActorStatus::Done);
    const int64_t balance = m->cellValue(s, 0, 0);
    QVERIFY2(balance == 1100 || balance == 1200, qPrintable(QString::number(balance)));
    QCOMPARE(m->checkInvariants(s), std::vector<bool>{false});
}

void TestExplorer::ttlLockWithoutFencingFailsUnderPause()
{
    // Kleppmann's example: A's lease expires during a GC pause, and A writes anyway.
    COMPILE(m, compileBuiltin("lease-expiry", "seed-lock", "threads", &mError));
    const ExplorerResult r = Explorer::explore(*m, {});
    QVERIFY(r.complete);
    const ExplorerOutcome *ce = r.simplestCounterexample();
    QVERIFY(ce);
    // No preemption is needed, only time: A locks and reads, B is refused, the lease
    // runs out while A is paused, A wakes and writes without holding the lock.
    QCOMPARE(ce->preemptions, 0);
    QCOMPARE(ce->scheduleText, QStringLiteral("A A B ~ ~ A A"));
    State s;
    QString why;
    QVERIFY2(replaysTo(*m, m, *ce, &why, &s), qPrintable(why));
    QCOMPARE(m->cellValue(s, 0, 0), 1100);
    QCOMPARE(m->status(s, 0), ActorStatus::Done);
    QCOMPARE(m->status(s, 1), ActorStatus::Failed);
    QVERIFY(m->anomalyMask(s) & Machine::StaleLeaseWrite);
    QCOMPARE(m->checkInvariants(s), (std::vector<bool>{true, false, true}));

    // Among the outcomes: B takes the expired lock and both deposits "succeed", but one is lost.
    bool lostDeposit = false;
    for (const ExplorerOutcome &o : r.outcomes) {
        QVERIFY2(replaysTo(*m, m, o, &why, &s), qPrintable(why));
        if (m->status(s, 0) == ActorStatus::Done && m->status(s, 1) == ActorStatus::Done &&
            !m->checkInvariants(s).front()) {
            lostDeposit = true;
            QVERIFY(o.breaksRule);
            QVERIFY(m->cellValue(s, 0, 0) == 1100 || m->cellValue(s, 0, 0) == 1200);
        }
    }
    QVERIFY(lostDeposit);

    // With fencing tokens storage refuses the stale write: no interleaving breaks a rule.
    COMPILE(fenced, compileBuiltin("lease-expiry", "fencing", "threads", &fencedError));
    const ExplorerResult safe = Explorer::explore(*fenced, {});
    QVERIFY(safe.complete);
    QVERIFY(safe.breaking.isZero());
}

void TestExplorer::transferDeadlock()
{
    COMPILE(m, compileBuiltin("transfer-deadlock", "request-order", "threads", &mError));
    const ExplorerResult r = Explorer::explore(*m, {});
    QVERIFY(r.complete);
    const ExplorerOutcome *deadlock = r.deadlock();
    QVERIFY(deadlock);
    QVERIFY(deadlock->breaksRule);
    QVERIFY(deadlock->deadlockDetected || deadlock->stuck);
    State s;
    QString why;
    QVERIFY2(replaysTo(*m, m, *deadlock, &why, &s), qPrintable(why));

    COMPILE(sorted, compileBuiltin("transfer-deadlock", "sorted-order", "threads", &sortedError));
    const ExplorerResult none = Explorer::explore(*sorted, {});
    QVERIFY(none.complete);
    QVERIFY(!none.deadlock());
    for (const ExplorerOutcome &o : none.outcomes)
        QVERIFY(!o.stuck && !o.deadlockDetected);
}

void TestExplorer::mutexDeadlockIsStuck()
{
    const QByteArray json = R"J({"format": 1, "id": "dl", "title": "dl", "state": {"mutexes": ["a", "b"]},
        "actors": [{"name": "A", "program": "ab"}, {"name": "B", "program": "ba"}],
        "strategies": [{"id": "s", "programs": {
            "ab": [{"code": "a", "steps": [{"op": "lock", "mutex": "a"}]}, {"code": "b", "steps": [{"op": "lock", "mutex": "b"}]},
                   {"code": "u", "steps": [{"op": "unlock", "mutex": "b"}, {"op": "unlock", "mutex": "a"}]}],
            "ba": [{"code": "b", "steps": [{"op": "lock", "mutex": "b"}]}, {"code": "a", "steps": [{"op": "lock", "mutex": "a"}]},
                   {"code": "u", "steps": [{"op": "unlock", "mutex": "a"}, {"op": "unlock", "mutex": "b"}]}]}}]})J";
    COMPILE(m, compileData(json, QStringLiteral("s"), "threads", &mError));
    const ExplorerResult r = Explorer::explore(*m, {});
    QVERIFY(r.complete);
    const ExplorerOutcome *deadlock = r.deadlock();
    QVERIFY(deadlock);
    QVERIFY(deadlock->stuck);
    QVERIFY(deadlock->simplest);
    QCOMPARE(deadlock->preemptions, 1);
    QCOMPARE(deadlock->scheduleText, QStringLiteral("A B"));
    QCOMPARE(deadlock->count.toString(), QStringLiteral("2"));
}

void TestExplorer::spinLoopIsLivelock()
{
    // B spins on a try-lock while A holds the mutex: B can spin for ever.
    const QByteArray json =
        R"J({"format": 1, "id": "spin", "title": "spin", "state": {"mutexes": ["m"], "memory": {"x": 0}},
        "actors": [{"name": "A", "program": "holder"}, {"name": "B", "program": "spinner"}],
        "strategies": [{"id": "s", "programs": {
            "holder": [{"code": "lock", "steps": [{"op": "lock", "mutex": "m"}]},
                       {"code": "x = 1", "steps": [{"op": "write", "cell": "mem.x", "value": "1"}]},
                       {"code": "unlock", "steps": [{"op": "unlock", "mutex": "m"}]}],
            "spinner": [{"code": "while (!tryLock(m));", "label": "spin",
                         "steps": [{"op": "try_lock", "mutex": "m", "into": "got"}, {"op": "goto", "to": "spin", "if": "got == 0"}]},
                        {"code": "x = 2", "steps": [{"op": "write", "cell": "mem.x", "value": "2"}]},
                        {"code": "unlock", "steps": [{"op": "unlock", "mutex": "m"}]}]}}]})J";
    COMPILE(m, compileData(json, QStringLiteral("s"), "threads", &mError));
    const ExplorerResult r = Explorer::explore(*m, {});
    QVERIFY(r.complete);
    QVERIFY(r.interleavings.isInfinite());
    const ExplorerOutcome *livelock = r.livelock();
    QVERIFY(livelock);
    QVERIFY(livelock->count.isInfinite());
    QVERIFY(livelock->breaksRule);
    QVERIFY(livelock->cycleStart >= 0);
    QVERIFY(livelock->cycleStart < int(livelock->schedule.moves.size()));
    // The schedule reaches the cycle, goes round it once, and is back where the cycle began.
    Stepper stepper(m);
    QString why;
    QVERIFY2(stepper.replay(livelock->schedule, &why), qPrintable(why));
    const State end = stepper.state();
    stepper.seek(livelock->cycleStart);
    QCOMPARE(stepper.state().v, end.v);
    // B's write after spinning is reachable in infinitely many ways; A's after B's only in finitely many.
    int infinite = 0;
    for (const ExplorerOutcome &o : r.outcomes)
        infinite += o.count.isInfinite();
    QCOMPARE(int(r.outcomes.size()), 3);
    QCOMPARE(infinite, 2);
    QVERIFY(r.summary().contains(QStringLiteral("livelock")));
}

void TestExplorer::preemptionBound_data()
{
    QTest::addColumn<int>("bound");
    QTest::addColumn<QString>("interleavings");
    // 3 requests of read then write: no preemption leaves the 3! serial orders.
    QTest::newRow("0") << 0 << QStringLiteral("6");
    QTest::newRow("large") << 50 << QStringLiteral("90");
}

void TestExplorer::preemptionBound()
{
    QFETCH(int, bound);
    QFETCH(QString, interleavings);
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError, {{QStringLiteral("requests"), 3}}));
    ExplorerOptions options;
    options.maxPreemptions = bound;
    const ExplorerResult r = Explorer::explore(*m, options);
    QCOMPARE(r.interleavings.toString(), interleavings);
    QCOMPARE(r.complete, bound > 0);
    QCOMPARE(r.preemptionBoundHit, bound == 0);
    QCOMPARE(r.pruned > 0, bound == 0);
    if (bound == 0) {
        QVERIFY(r.breaking.isZero()); // serial runs never lose a deposit
        QVERIFY(!r.incompleteReason().isEmpty());
        QVERIFY(r.summary().contains(r.incompleteReason()));
    }
}

void TestExplorer::stateBudget()
{
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError, {{QStringLiteral("requests"), 7}}));
    ExplorerOptions options;
    options.stateBudget = 1000;
    const ExplorerResult r = Explorer::explore(*m, options);
    QVERIFY(!r.complete);
    QVERIFY(r.stateBudgetHit);
    QVERIFY(!r.cancelled);
    QCOMPARE(r.states, int64_t(1000));
    QVERIFY(r.frontier > 0);
    QVERIFY(!r.unexplored.isZero());
    QVERIFY(r.interleavings < InterleavingCount(681080400));
    QVERIFY(!r.incompleteReason().isEmpty());
}

void TestExplorer::timeBudget()
{
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError, {{QStringLiteral("requests"), 8}}));
    ExplorerOptions options;
    options.timeBudgetMs = 1;
    const ExplorerResult r = Explorer::explore(*m, options);
    QVERIFY(!r.complete);
    QVERIFY(r.timeBudgetHit);
    QVERIFY(r.states < 16'000'000);
}

void TestExplorer::cancelBeforeStart()
{
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError, {{QStringLiteral("requests"), 7}}));
    ExplorerControl control;
    control.cancel = true;
    const ExplorerResult r = Explorer::explore(*m, {}, &control);
    QVERIFY(!r.complete);
    QVERIFY(r.cancelled);
    QCOMPARE(r.states, int64_t(0));
    QCOMPARE(r.unexplored.toString(), QStringLiteral("1"));
}

void TestExplorer::explorerObjectRunsInBackground()
{
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError));
    Explorer explorer;
    QSignalSpy finished(&explorer, &Explorer::finished);
    explorer.start(m);
    QVERIFY(finished.wait(10000));
    const auto result = finished.first().first().value<std::shared_ptr<const ExplorerResult>>();
    QVERIFY(result);
    QCOMPARE(result, explorer.result());
    QVERIFY(result->complete);
    QCOMPARE(result->interleavings.toString(), QStringLiteral("6"));
}

void TestExplorer::explorerObjectCancel()
{
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError, {{QStringLiteral("requests"), 8}}));
    Explorer explorer;
    QSignalSpy finished(&explorer, &Explorer::finished);
    explorer.start(m);
    explorer.cancel();
    QVERIFY(finished.wait(10000));
    const auto result = finished.first().first().value<std::shared_ptr<const ExplorerResult>>();
    QVERIFY(result);
    QVERIFY(result->cancelled);
    QVERIFY(!result->complete);
    QVERIFY(!explorer.isRunning());
}

void TestExplorer::enqueueTwiceIsAModelLimit()
{
    // The reproducer of the heap overflow (five steps, one request): under ASan this wrote past the state.
    const QByteArray json = R"J({"format": 1, "id": "q", "title": "q", "state": {"queues": ["q"], "memory": {"x": 0}},
        "actors": [{"name": "Request %1", "repeat": "1"}],
        "strategies": [{"id": "s", "programs": {"main": [
            {"code": "enqueue", "steps": [{"op": "enqueue", "queue": "q"}]},
            {"code": "enqueue", "steps": [{"op": "enqueue", "queue": "q"}]},
            {"code": "enqueue", "steps": [{"op": "enqueue", "queue": "q"}]},
            {"code": "x = 1", "steps": [{"op": "write", "cell": "mem.x", "value": "1"}]},
            {"code": "dequeue", "steps": [{"op": "dequeue", "queue": "q"}]}]}}],
        "invariants": [{"id": "x", "label": "x is 1", "check": "mem.x == 1"}]})J";
    COMPILE(m, compileData(json, QStringLiteral("s"), "threads", &mError));
    const ExplorerResult r = Explorer::explore(*m, {});
    QVERIFY(r.complete);
    QCOMPARE(r.outcomes.size(), size_t(1));
    QVERIFY(r.outcomes[0].breaksRule);
    QVERIFY(r.outcomes[0].description.contains(QLatin1String("Model limit")));
    QCOMPARE(r.outcomes[0].scheduleText, QStringLiteral("A A"));
}

void TestExplorer::verdictAgreesWithTheMachine_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("strategy");
    QTest::newRow("detector") << QStringLiteral("transfer-deadlock") << QStringLiteral("request-order");
    QTest::newRow("lock wait timeout") << QStringLiteral("transfer-deadlock") << QStringLiteral("lock-timeout");
    QTest::newRow("fencing") << QStringLiteral("lease-expiry") << QString();
    QTest::newRow("lost update") << QStringLiteral("lost-update") << QStringLiteral("broken");
}

// Each outcome's verdict is the machine's verdict on the state its schedule ends in:
// the same function `run` asks, so both give one answer for one outcome.
void TestExplorer::verdictAgreesWithTheMachine()
{
    QFETCH(QString, scenario);
    QFETCH(QString, strategy);
    QString error;
    const auto spec = ScenarioLoader::resolve(scenario, &error);
    QVERIFY2(spec, qPrintable(error));
    for (const StrategySpec &st : spec->strategies) {
        if (!strategy.isEmpty() && st.id != strategy)
            continue;
        const auto m = Machine::compile(*spec, st.id, {}, {}, &error);
        QVERIFY2(m, qPrintable(error));
        const ExplorerResult r = Explorer::explore(*m, {});
        QVERIFY(!r.outcomes.empty());
        for (const ExplorerOutcome &o : r.outcomes) {
            if (o.kind == ExplorerOutcome::Livelock)
                continue;
            Stepper stepper(m);
            QVERIFY2(stepper.replay(o.schedule, &error), qPrintable(error));
            const OutcomeVerdict v = m->verdict(stepper.state());
            QCOMPARE(o.breaksRule, v.breaksRule);
            QCOMPARE(o.stuck, v.stuck);
            QCOMPARE(o.deadlockDetected, v.deadlockDetected);
            QCOMPARE(o.brokenRules, v.brokenRules);
        }
    }
}

void TestExplorer::memoryBudget()
{
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError, {{QStringLiteral("requests"), 7}}));
    ExplorerOptions options;
    options.memoryBudgetBytes = 8 << 20;
    const ExplorerResult r = Explorer::explore(*m, options);
    QVERIFY(!r.complete);
    QVERIFY(r.memoryBudgetHit);
    QVERIFY(!r.outOfMemory);
    QCOMPARE(r.memoryBudget, int64_t(8 << 20));
    QVERIFY(r.counted);
    QVERIFY(r.states > 0 && r.states < 1'048'810);
    QVERIFY(!r.unexplored.isZero());
    QVERIFY(r.incompleteReason().contains(QLatin1String("memory budget of 8 MB")));
    // A budget big enough changes nothing.
    options.memoryBudgetBytes = int64_t(1) << 30;
    COMPILE(small, compileBuiltin("lost-update", "broken", "threads", &smallError, {{QStringLiteral("requests"), 5}}));
    const ExplorerResult whole = Explorer::explore(*small, options);
    QVERIFY(whole.complete);
    QCOMPARE(whole.interleavings, multinomial(5, 2));
    QVERIFY(defaultMemoryBudget() > 0);
}

void TestExplorer::pooledMemoryComesBackZeroed()
{
#ifdef __linux__
    using namespace Exploration;
    // Four pages of address space (a size no table uses), the first backed: written in the
    // first and, past what was backed, in the last, as the helper's in-degrees may be.
    constexpr size_t Size = 4 * 4096 + 4096 * 3;
    void *p = mmap(nullptr, Size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    QVERIFY(p != MAP_FAILED);
    auto *bytes = static_cast<unsigned char *>(p);
    std::memset(bytes, 0xAB, 100);
    std::memset(bytes + Size - 100, 0xCD, 100);
    const size_t held = MemoryPool::heldBytes();
    MemoryPool::give({p, Size, 4096}, 100);
    QCOMPARE(MemoryPool::heldBytes(), held + 4096);
    QVERIFY(!MemoryPool::take(Size + 4096).data); // only the exact size
    const PooledRegion back = MemoryPool::take(Size);
    QCOMPARE(back.data, p);
    QCOMPARE(back.backed, size_t(4096));
    QCOMPARE(MemoryPool::heldBytes(), held);
    const auto *again = static_cast<const unsigned char *>(back.data);
    QVERIFY(std::all_of(again, again + Size, [](unsigned char b) { return b == 0; }));
    MemoryPool::give(back, 0);
    QVERIFY(MemoryPool::take(Size).data);
    // A region that has too many pages in it is not kept.
    ZeroedRegion big = ZeroedRegion::allocate(size_t(8) << 20);
    const size_t before = MemoryPool::heldBytes();
    big.release();
    QCOMPARE(MemoryPool::heldBytes(), before);
#else
    QSKIP("the pool keeps mmap regions, on Linux");
#endif
}

void TestExplorer::memoTableKeepsEntriesAsItDoubles()
{
    struct Entry
    {
        uint64_t key = 0, value = 0;
    };
    Exploration::MemoTable<Entry> table(8, 64);
    for (uint64_t k = 1; k <= 40; ++k)
        table.at(k * 7919) = {k * 7919, k};
    std::vector<uint64_t> kept;
    for (uint64_t k = 1; k <= 40; ++k)
        if (table.at(k * 7919).key == k * 7919)
            kept.push_back(k);
    QVERIFY(kept.size() >= 3 && kept.size() < 40); // 8 slots: some keys pushed others out
    while (!table.full())
        table.grow();
    QCOMPARE(table.size(), size_t(64));
    for (uint64_t k : kept) {
        QCOMPARE(table.at(k * 7919).key, k * 7919);
        QCOMPARE(table.at(k * 7919).value, k);
    }
    // Nothing else is there: every other slot is still empty.
    int occupied = 0;
    for (uint64_t k = 1; k <= 100000 && occupied <= int(kept.size()); ++k)
        occupied += table.at(k).key == k && k % 7919 != 0;
    QCOMPARE(occupied, 0);
}

// The second exploration of a scenario runs on the memory the first one gave back.
void TestExplorer::repeatedExplorationsAgree()
{
    COMPILE(m, compileBuiltin("lost-update", "pessimistic", "threads", &mError, {{QStringLiteral("requests"), 5}}));
    const ExplorerResult first = Explorer::explore(*m, {});
    QVERIFY(first.complete && first.states > 100);
    for (int i = 0; i < 3 && !QTest::currentTestFailed(); ++i)
        compareExplorations(first, Explorer::explore(*m, {}));
}

void TestExplorer::cancelInABigSpaceSkipsTheCount()
{
    // Counting millions of states would make the cancel wait; the outcomes reached still come back, each with a
    // schedule.
    COMPILE(m, compileBuiltin("lost-update", "broken", "threads", &mError, {{QStringLiteral("requests"), 8}}));
    auto control = std::make_shared<ExplorerControl>();
    QFuture<ExplorerResult> future = Explorer::exploreAsync(m, {}, control);
    while (control->states.load() < 300'000 && !future.isFinished())
        QThread::msleep(5);
    control->cancel = true;
    const ExplorerResult r = future.result();
    QVERIFY(r.cancelled);
    QVERIFY(!r.complete);
    QVERIFY(r.states >= 300'000);
    QVERIFY(!r.counted);
    QVERIFY(r.interleavings.isZero());
    QVERIFY(r.incompleteReason().contains(QLatin1String("not counted")));
    QVERIFY(!r.outcomes.empty());
    for (const ExplorerOutcome &o : r.outcomes) {
        Stepper stepper(m);
        QString error;
        QVERIFY2(stepper.replay(o.schedule, &error), qPrintable(error));
        QVERIFY(m->isTerminal(stepper.state()));
        QCOMPARE(m->verdict(stepper.state()).breaksRule, o.breaksRule);
    }
}

QTEST_GUILESS_MAIN(TestExplorer)
#include "tst_explorer.moc"
