// The service scenarios of the built-in library (double like, retried payment,
// lease expiry, event-loop blocking). For each strategy and model: a schedule
// that breaks the broken version, with its exact bad final state, and the same
// schedule under each fix, which blocks, rejects or deduplicates as the real
// system would. Plus: every strategy's declared verdict holds over every
// interleaving, and an exhaustive search finds the lease-expiry bug.

#include "scenariotable.h"

#include <QTest>

#include <deque>
#include <unordered_map>

using namespace Interleave;
using namespace ScenarioTable;

class TestScenariosServices : public QObject
{
    Q_OBJECT
private slots:
    void schedules_data();
    void schedules();
    void everyStrategyAndModelIsCovered();
    void verdictsHoldOverEveryInterleaving_data();
    void verdictsHoldOverEveryInterleaving();
    void searchFindsTheLeaseExpiryBug_data();
    void searchFindsTheLeaseExpiryBug();
    void leaseExpiryNeedsThePause();
    void concurrencyLimitAbovePoolSizeFailsAgain();
    void scenariosExplainThemselves();
};

namespace {

const char *const ServiceScenarios[] = {"double-like", "retried-payment", "lease-expiry", "event-loop-blocking"};

// Breadth-first: the shortest schedule (actors before time, A before B) to a
// terminal state where `rule` is broken.
std::optional<Schedule> shortestBreaking(const Machine &m, const QString &rule)
{
    int index = -1;
    for (size_t i = 0; i < m.invariants().size(); ++i)
        if (m.invariants()[i].id == rule)
            index = int(i);
    if (index < 0)
        return std::nullopt;
    std::unordered_map<State, std::vector<int>, StateHash> paths;
    std::deque<State> queue;
    paths.emplace(m.initialState(), std::vector<int>{});
    queue.push_back(m.initialState());
    while (!queue.empty()) {
        const State s = queue.front();
        queue.pop_front();
        const std::vector<int> path = paths.at(s);
        if (m.isTerminal(s)) {
            if (!m.checkInvariants(s)[size_t(index)])
                return Schedule{path};
            continue;
        }
        for (int a = 0; a <= m.actorCount(); ++a) {
            const int move = a == m.actorCount() ? Schedule::Tick : a;
            if (move == Schedule::Tick ? !m.canTick(s) : !m.isEnabled(s, move))
                continue;
            State next = s;
            if (move == Schedule::Tick)
                m.tick(next, nullptr, 0);
            else
                m.step(next, move, nullptr, 0);
            if (paths.count(next))
                continue;
            std::vector<int> longer = path;
            longer.push_back(move);
            paths.emplace(next, std::move(longer));
            queue.push_back(std::move(next));
        }
    }
    return std::nullopt;
}

QList<ScheduleRow> scheduleRows()
{
    QList<ScheduleRow> rows;
    const auto add = [&rows](auto... fields) { addRow(rows, fields...); };

    const char *const allModels = "threads,eventloop,instances:2";
    const char *const threadsAndInstances = "threads,instances:2";
    const char *const interleaved = "A B A B A B";

    // ---- double like: user 1 likes post 1 twice at once (seed 004 example 6) ----
    const char *const dl = "double-like";
    // check+return | INSERT | UPDATE like_count: both checks find no like.
    add("double-like/no-constraint: like_count 2 for one user", dl, "no-constraint", allModels, "", interleaved, -1,
        "like_count=2; Like rows=2; \"Already liked\" answers=0", "", "count,once", "");
    add("double-like/no-constraint: one after the other is fine", dl, "no-constraint", allModels, "", "A A A B", -1,
        "like_count=1; Like rows=1", "B=Already liked", "", "");
    // INSERT | UPDATE: the unique key refuses B's row at once.
    add("double-like/unique: B's INSERT gets ER_DUP_ENTRY", dl, "unique", allModels, "", interleaved, 3,
        "like_count=1; Like rows=1; \"Already liked\" answers=1", "B=Already liked", "", "dup:B=1");
    // begin | INSERT | UPDATE | COMMIT: B's INSERT waits for A's uncommitted row, then is a duplicate.
    add("double-like/unique-txn: B waits for A's uncommitted like, then gets the duplicate", dl, "unique-txn",
        allModels, "", interleaved, 3, "like_count=1; Like rows=1; \"Already liked\" answers=1", "B=Already liked", "",
        "wait:B=1 dup:B=1 commit:A=1 rollback:B=1");
    // begin | SELECT | INSERT | UPDATE | COMMIT: the SELECT locks nothing; B's UPDATE waits, then adds 1 again.
    add("double-like/txn-only: a transaction alone still double-likes", dl, "txn-only", allModels, "", interleaved, -1,
        "like_count=2; Like rows=2", "", "count,once", "wait:B=1 commit:A=1 commit:B=1");

    // ---- retried payment: the original POST and its retry, same key (seed 002) ----
    const char *const rp = "retried-payment";
    add("retried-payment/no-key: every retry is a new charge", rp, "no-key", allModels, "", "A B", -1,
        "Charges=2; Amount charged=10000", "", "once,never-twice", "charge:A=1 charge:B=1");
    add("retried-payment/no-key: even after the original finished", rp, "no-key", allModels, "", interleaved, 2,
        "Charges=2", "", "once,never-twice", "");
    // SELECT key + return | charge | INSERT key | store response: both SELECTs find nothing.
    add("retried-payment/check-then-insert: both charge, then the key insert fails", rp, "check-then-insert", allModels,
        "", interleaved, -1, "Charges=2; Amount charged=10000; 409 answers=0",
        "B=ER_DUP_ENTRY: Duplicate entry for key", "once,never-twice", "charge:A=1 charge:B=1 dup:B=1");
    add("retried-payment/check-then-insert: a retry after the original finished gets its result", rp,
        "check-then-insert", allModels, "", "A A A A B B", -1, "Charges=1; 409 answers=0", "", "", "charge:B=0");
    // INSERT … ON CONFLICT DO NOTHING + return | charge | store response: B's claim fails; A's response is not stored
    // yet.
    add("retried-payment/atomic-key: the retry gets 409 while the original runs", rp, "atomic-key", allModels, "",
        interleaved, 5, "Charges=1; Amount charged=5000; 409 answers=1",
        "B=409 Conflict: a request with this Idempotency-Key is in progress", "", "charge:A=1 charge:B=0 dup:B=1");
    add("retried-payment/atomic-key: a later retry gets the stored response", rp, "atomic-key", allModels, "",
        "A A A B B", -1, "Charges=1; 409 answers=0", "", "", "charge:B=0");

    // ---- lease expiry: A pauses 6000 ms with a 5000 ms lease (seed 004 example 5, seed 001) ----
    const char *const le = "lease-expiry";
    // Threads and two processes: acquire | read + GC pause | … A's lease expires during its pause, B takes the
    // lock, deposits 200 and releases; A wakes and writes 1000 + 100 over B's 1200.
    const char *const kleppmann = "A A ~ B B B B ~ A A";
    add("lease-expiry/waiting-lock: A's stale write overwrites B's deposit", le, "waiting-lock", threadsAndInstances,
        "", kleppmann, -1, "Balance=1100; Lost deposits (money)=200", "", "sum,holder-writes",
        "expire:A=1 stale:A=1 stale:B=0 denied:A=1");
    add("lease-expiry/seed-lock: the same with the seed's acquire", le, "seed-lock", threadsAndInstances, "", kleppmann,
        -1, "Balance=1100; Lost deposits (money)=200", "", "sum,holder-writes", "expire:A=1 stale:A=1");
    add("lease-expiry/seed-lock: while A holds the lock, B gets 500", le, "seed-lock", allModels, "pause_ms=0", "A B",
        -1, "Balance=1100; Lost deposits (money)=0", "B=Could not acquire lock", "", "denied:B=1 expire:A=0");
    add("lease-expiry/waiting-lock: without a pause B waits its turn", le, "waiting-lock", allModels, "pause_ms=0",
        "A B", 1, "Balance=1300; Lost deposits (money)=0", "", "", "wait:B=1 expire:A=0");
    // Fencing on writes only: here B wrote first, so A's token 1 is refused.
    add("lease-expiry/fenced-writes: B wrote first, A's write is rejected", le, "fenced-writes", threadsAndInstances,
        "", kleppmann, -1, "Balance=1200; Lost deposits (money)=0; Requests rejected by storage (stale token)=1",
        "A=Storage rejected the write: its fencing token is older than one already seen", "", "expire:A=1 stale:A=0");
    add("lease-expiry/fencing: A's write is rejected", le, "fencing", threadsAndInstances, "", kleppmann, -1,
        "Balance=1200; Lost deposits (money)=0; Requests rejected by storage (stale token)=1",
        "A=Storage rejected the write: its fencing token is older than one already seen", "", "expire:A=1");
    add("lease-expiry/no-owner-check: the same schedule", le, "no-owner-check", threadsAndInstances, "", kleppmann, -1,
        "Balance=1100; Lost deposits (money)=200", "", "sum,holder-writes", "stale:A=1 foreign:A=0");
    // A wakes while B still holds the lock: A writes first, then releases.
    const char *const aWakesFirst = "A A ~ B B ~ A A B B";
    add("lease-expiry/no-owner-check: A deletes B's lock", le, "no-owner-check", threadsAndInstances, "", aWakesFirst,
        -1, "Balance=1200; Lost deposits (money)=100", "", "sum,holder-writes,own-release",
        "foreign:A=1 stale:A=1 stale:B=1");
    add("lease-expiry/waiting-lock: A wakes first; its release leaves B's lock alone", le, "waiting-lock",
        threadsAndInstances, "", aWakesFirst, -1, "Balance=1200; Lost deposits (money)=100", "", "sum,holder-writes",
        "foreign:A=0 stale:A=1 stale:B=0 denied:A=1");
    add("lease-expiry/fenced-writes: A writes before B, storage has not seen token 2", le, "fenced-writes",
        threadsAndInstances, "", aWakesFirst, -1,
        "Balance=1200; Lost deposits (money)=100; Requests rejected by storage (stale token)=0", "",
        "sum,holder-writes", "stale:A=1");
    add("lease-expiry/fencing: B's read carried token 2, so A's write is rejected", le, "fencing", threadsAndInstances,
        "", aWakesFirst, -1, "Balance=1200; Lost deposits (money)=0; Requests rejected by storage (stale token)=1",
        "A=Storage rejected the write: its fencing token is older than one already seen", "", "");
    // One event loop: the GC pause stops B too. The lease expires while A waits for its SELECT; B takes the lock
    // and reads; A's pause then outlasts B's lease as well; both write.
    const char *const loopSchedule = "A ~ B B A ~ ~ A A B B";
    add("lease-expiry/waiting-lock/eventloop: the lease runs out while A waits for the database", le, "waiting-lock",
        "eventloop", "", loopSchedule, -1, "Balance=1200; Lost deposits (money)=100", "", "sum,holder-writes",
        "expire:A=1 expire:B=1");
    add("lease-expiry/seed-lock/eventloop: the same", le, "seed-lock", "eventloop", "", loopSchedule, -1,
        "Balance=1200; Lost deposits (money)=100", "", "sum,holder-writes", "expire:A=1");
    add("lease-expiry/no-owner-check/eventloop: the same", le, "no-owner-check", "eventloop", "", loopSchedule, -1,
        "Balance=1200; Lost deposits (money)=100", "", "sum,holder-writes", "foreign:A=0");
    add("lease-expiry/fenced-writes/eventloop: A writes first and is accepted", le, "fenced-writes", "eventloop", "",
        loopSchedule, -1, "Balance=1200; Lost deposits (money)=100", "", "sum,holder-writes", "");
    // B's fenced read already told storage about token 2; with A's read refused there is no time to pass.
    add("lease-expiry/fencing/eventloop: A's read with token 1 is rejected", le, "fencing", "eventloop", "",
        loopSchedule, 6, "Balance=1200; Lost deposits (money)=0; Requests rejected by storage (stale token)=1",
        "A=Storage rejected the read: its fencing token is older than one already seen", "", "");

    // ---- event-loop blocking: a 200 ms report and four quick requests (seed 000) ----
    const char *const eb = "event-loop-blocking";
    // The report starts its CPU work first; then everybody else comes.
    const char *const reportFirst = "A B C D E ~ A";
    add("event-loop-blocking/blocking/eventloop: everybody waits 200 ms for the report", eb, "blocking", "eventloop",
        "", reportFirst, 1,
        "Slowest quick answer (t, ms)=200; Report finished (t, ms)=200; Requests held up by the busy event loop=0", "",
        "loop-free", "");
    add("event-loop-blocking/blocking/instances: the report's process waits, the other does not", eb, "blocking",
        "instances:2", "", reportFirst, 2, "Slowest quick answer (t, ms)=200; Report finished (t, ms)=200", "",
        "loop-free", "");
    add("event-loop-blocking/blocking/threads: the CPU work occupies only its own thread", eb, "blocking", "threads",
        "", reportFirst, -1, "Slowest quick answer (t, ms)=0; Report finished (t, ms)=200", "", "", "");
    add("event-loop-blocking/worker/threads: the loop stays free", eb, "worker", "threads", "", reportFirst, -1,
        "Slowest quick answer (t, ms)=0; Report finished (t, ms)=200", "", "", "");
    // On a loop the render is its own awaited unit: the quick requests run before time can pass.
    add("event-loop-blocking/worker: the loop stays free", eb, "worker", "eventloop,instances:2", "", reportFirst, 5,
        "Slowest quick answer (t, ms)=0; Report finished (t, ms)=200", "", "", "");
    // Report and C take the two connections; the others queue; time passes: the acquire timeout fires.
    add("event-loop-blocking/unbounded: Pool exhausted", eb, "unbounded", "threads,eventloop", "", "A C ~", -1,
        "\"Pool exhausted\" errors=1; Slowest quick answer (t, ms)=1000",
        "B=Pool exhausted: timed out waiting for a connection", "answered", "timeout:B=1 wait:B=1 wait:D=1 wait:E=1");
    add("event-loop-blocking/unbounded/instances: E waits in the full pool of its process", eb, "unbounded",
        "instances:2", "", "A C ~", -1, "\"Pool exhausted\" errors=1",
        "E=Pool exhausted: timed out waiting for a connection", "answered", "timeout:E=1 wait:B=0");
    add("event-loop-blocking/unbounded: all three waiters time out", eb, "unbounded", "threads,eventloop", "",
        "A C ~ ~ ~", -1, "\"Pool exhausted\" errors=3",
        "B=Pool exhausted: timed out waiting for a connection | D=Pool exhausted: timed out waiting for a connection | "
        "E=Pool exhausted: timed out waiting for a connection",
        "answered", "");
    // p-limit: the others wait in the limiter's queue, which has no timeout: no time can pass.
    add("event-loop-blocking/p-limit: the others wait their turn", eb, "p-limit", allModels, "", "A C ~", 2,
        "\"Pool exhausted\" errors=0; Slowest quick answer (t, ms)=0; Report finished (t, ms)=200", "", "",
        "timeout:B=0 timeout:E=0");
    return rows;
}

} // namespace

void TestScenariosServices::schedules_data()
{
    addScheduleData(scheduleRows());
}

void TestScenariosServices::schedules()
{
    QFETCH(ScheduleRow, row);
    checkScheduleRow(row);
}

void TestScenariosServices::everyStrategyAndModelIsCovered()
{
    checkEveryStrategyAndModelIsCovered(scheduleRows(), ServiceScenarios);
}

void TestScenariosServices::verdictsHoldOverEveryInterleaving_data()
{
    addVerdictData(ServiceScenarios);
}

void TestScenariosServices::verdictsHoldOverEveryInterleaving()
{
    // An end where somebody waits forever counts as broken here: a fix that
    // leaves a request hanging must not pass as safe.
    QFETCH(QString, scenarioId);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    checkVerdict(scenarioId, strategy, model, StuckEnd::IsBroken);
}

void TestScenariosServices::searchFindsTheLeaseExpiryBug_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("schedule");
    // The shortest complete schedules to a lost deposit, actors tried before
    // time. On threads and two instances it is Kleppmann's story: A reads and
    // pauses, its lease runs out (~), B takes the lock, reads, writes and
    // releases, A wakes (~) and writes over B's deposit.
    QTest::newRow("waiting-lock/threads")
        << QStringLiteral("waiting-lock") << QStringLiteral("threads") << QStringLiteral("A A ~ B B B B ~ A A");
    QTest::newRow("waiting-lock/instances:2")
        << QStringLiteral("waiting-lock") << QStringLiteral("instances:2") << QStringLiteral("A A ~ B B B B ~ A A");
    QTest::newRow("seed-lock/threads") << QStringLiteral("seed-lock") << QStringLiteral("threads")
                                       << QStringLiteral("A A ~ B B B B ~ A A");
    // There B's write came first and is rejected; the stale write gets through only before B's.
    QTest::newRow("fenced-writes/instances:2")
        << QStringLiteral("fenced-writes") << QStringLiteral("instances:2") << QStringLiteral("A A ~ B B ~ A A B B");
    // One event loop: the lease runs out while A awaits its SELECT.
    QTest::newRow("waiting-lock/eventloop")
        << QStringLiteral("waiting-lock") << QStringLiteral("eventloop") << QStringLiteral("A ~ B B A ~ ~ A A B B");
    QTest::newRow("fencing/threads: none") << QStringLiteral("fencing") << QStringLiteral("threads") << QString();
}

void TestScenariosServices::searchFindsTheLeaseExpiryBug()
{
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    QFETCH(QString, schedule);
    const auto machine = compile(QStringLiteral("lease-expiry"), strategy, model, QString());
    QVERIFY(machine);
    const auto found = shortestBreaking(*machine, QStringLiteral("sum"));
    QCOMPARE(found ? found->toString(*machine) : QString(), schedule);
    if (!found)
        return;
    Stepper stepper(machine);
    QString error;
    QVERIFY2(stepper.replay(*found, &error), qPrintable(error));
    QVERIFY(machine->isFinal(stepper.state()));
    QCOMPARE(countEvents(stepper.trace(), QStringLiteral("expire"), 0), 1);
}

void TestScenariosServices::leaseExpiryNeedsThePause()
{
    // Kleppmann's schedule needs the pause to outlast the lease: with a 4000 ms
    // pause A wakes (t=4000) before its lease expires (t=5000), so the same
    // moves let A finish first, and B waits for the lock instead.
    const auto machine = compile(QStringLiteral("lease-expiry"), QStringLiteral("waiting-lock"),
                                 QStringLiteral("instances:2"), QStringLiteral("pause_ms=4000"));
    QVERIFY(machine);
    Stepper stepper(machine);
    QString error;
    const auto parsed = Schedule::parse(QStringLiteral("A A ~ A A B B B B"), *machine, &error);
    QVERIFY2(parsed, qPrintable(error));
    QVERIFY2(stepper.replay(*parsed, &error), qPrintable(error));
    QVERIFY(machine->isFinal(stepper.state()));
    QCOMPARE(machine->now(stepper.state()), 4000);
    QCOMPARE(brokenRules(*machine, stepper.state()), QString());
    QCOMPARE(countEvents(stepper.trace(), QStringLiteral("wait"), 1), 1);
    int64_t balance = 0;
    QVERIFY(figure(*machine, stepper.state(), QStringLiteral("Balance"), &balance));
    QCOMPARE(balance, 1300);
}

void TestScenariosServices::concurrencyLimitAbovePoolSizeFailsAgain()
{
    // The limit only helps while it is not larger than the pool.
    const auto machine = compile(QStringLiteral("event-loop-blocking"), QStringLiteral("p-limit"),
                                 QStringLiteral("threads"), QStringLiteral("limit=3"));
    QVERIFY(machine);
    Stepper stepper(machine);
    QString error;
    QVERIFY2(stepper.replay(*Schedule::parse(QStringLiteral("A A B B C ~"), *machine, &error), &error),
             qPrintable(error));
    QCOMPARE(machine->messages().value(machine->errorOf(stepper.state(), 2)),
             QStringLiteral("Pool exhausted: timed out waiting for a connection"));
}

void TestScenariosServices::scenariosExplainThemselves()
{
    for (const char *id : ServiceScenarios) {
        const auto spec = scenario(QLatin1String(id));
        QVERIFY(spec);
        QVERIFY2(!spec->explanation.isEmpty() && !spec->source.isEmpty() && !spec->summary.isEmpty(), id);
        QVERIFY2(!spec->seedNotes.isEmpty(), id);
        QVERIFY2(!spec->figures.isEmpty(), id);
        bool hasAlways = false;
        for (const InvariantSpec &inv : spec->invariants) {
            QVERIFY2(!inv.explanation.isEmpty(), qPrintable(QLatin1String(id) + u'/' + inv.id));
            hasAlways = hasAlways || inv.always;
        }
        QVERIFY2(hasAlways, id);
        for (const StrategySpec &strategy : spec->strategies)
            QVERIFY2(!strategy.description.isEmpty(), qPrintable(QLatin1String(id) + u'/' + strategy.id));
    }
}

QTEST_GUILESS_MAIN(TestScenariosServices)
#include "tst_scenarios_services.moc"
