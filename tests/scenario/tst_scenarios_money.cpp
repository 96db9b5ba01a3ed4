// The money scenarios of the built-in library (lost update, double withdraw,
// last seat, transfer deadlock). For each strategy and model: a schedule that
// breaks the broken version, with its exact bad final state, and the same
// schedule under each fix, which blocks, retries, aborts or rejects as the real
// system would. Plus the properties a teacher relies on: every strategy's
// declared verdict holds over every interleaving, and the seeds' numbers.

#include "scenariotable.h"

#include <QHash>
#include <QTest>

using namespace Interleave;
using namespace ScenarioTable;

class TestScenariosMoney : public QObject
{
    Q_OBJECT
private slots:
    void schedules_data();
    void schedules();
    void everyStrategyAndModelIsCovered();
    void verdictsHoldOverEveryInterleaving_data();
    void verdictsHoldOverEveryInterleaving();
    void twoDepositsHaveSixInterleavings();
    void loadTestOptimisticRejectsUnderContention();
    void loadTestBrokenLosesUpdates();
    void seedNotesArePresent();
};

namespace {

const char *const MoneyScenarios[] = {"lost-update", "double-withdraw", "last-seat", "transfer-deadlock"};

QList<ScheduleRow> scheduleRows()
{
    QList<ScheduleRow> rows;
    const auto add = [&rows](auto... fields) { addRow(rows, fields...); };

    const char *const lu = "lost-update";
    const char *const threads = "threads";
    const char *const loop = "eventloop,instances:2";
    const char *const allModels = "threads,eventloop,instances:2";
    const char *const lostUpdate = "A B A B";

    // ---- lost update: +100 and +200 on 1000 (seed 004 example 1) ----
    // Threads: read | write. Both read 1000; B's write of 1200 overwrites A's 1100.
    add("lost-update/broken/threads: both read 1000", lu, "broken", threads, "", lostUpdate, -1,
        "Balance=1200; Lost updates (money)=100; Seed's \"lost updates\" formula=100", "", "sum", "");
    add("lost-update/broken/threads: B writes first", lu, "broken", threads, "", "A B B A", -1,
        "Balance=1100; Lost updates (money)=200", "", "sum", "");
    // Event loop: read | setTimeout, compute | write.
    add("lost-update/broken/eventloop: both read before the timers fire", lu, "broken", loop, "", "A B A B A B", -1,
        "Balance=1200; Lost updates (money)=100", "", "sum", "");
    add("lost-update/atomic: the same schedule adds both", lu, "atomic", allModels, "", lostUpdate, -1,
        "Balance=1300; Lost updates (money)=0", "", "", "");
    // Optimistic: B's UPDATE … WHERE version = 0 finds version 1, affects 0 rows, backs off and retries.
    add("lost-update/optimistic/threads: B's update misses and retries", lu, "optimistic", threads, "", lostUpdate, -1,
        "Balance=1300; Version=2; Rejected requests=0", "", "", "update0:B=1");
    add("lost-update/optimistic/eventloop: B's update misses and retries", lu, "optimistic", loop, "", lostUpdate, -1,
        "Balance=1300; Version=2; Rejected requests=0", "", "", "update0:B=1");
    // Pessimistic: begin | SELECT … FOR UPDATE | UPDATE | COMMIT. B's locking read waits for A's commit.
    add("lost-update/pessimistic: B waits for the row lock", lu, "pessimistic", allModels, "", lostUpdate, 3,
        "Balance=1300", "", "", "wait:B=1 commit:A=1 commit:B=1");
    // A transaction without FOR UPDATE, at the default MySQL REPEATABLE READ: B's UPDATE writes over
    // A's committed 1100 with the 1200 it computed from its snapshot. The retry never fires: no error.
    for (const char *strategy : {"transaction", "transaction-retry"})
        add("lost-update/transaction: B's update overwrites A's committed deposit", lu, strategy, allModels, "",
            "A A B B A A B B", -1, "Balance=1200; Lost updates (money)=100", "", "sum", "");
    add("lost-update/mutex: B waits for the mutex", lu, "mutex", "threads,eventloop", "", lostUpdate, 1, "Balance=1300",
        "", "", "wait:B=1");
    // Two instances: each has its own mutex; both lock, both read 1000.
    add("lost-update/mutex/instances: each process has its own mutex", lu, "mutex", "instances:2", "", lostUpdate, -1,
        "Balance=1200; Lost updates (money)=100", "", "sum", "wait:B=0");
    add("lost-update/distributed-lock: B waits for the lease", lu, "distributed-lock", allModels, "", lostUpdate, 1,
        "Balance=1300", "", "", "wait:B=1 expire:A=0");
    // Time passes while A holds the lease: it expires, B gets it, both read 1000; A's write is stale.
    add("lost-update/distributed-lock: the lease expires under A", lu, "distributed-lock", allModels, "",
        "A ~ B A B A B", -1, "Balance=1200; Lost updates (money)=100", "", "sum", "expire:A=1 anomaly:A=1 anomaly:B=0");
    add("lost-update/queue: B's job waits for A's", lu, "queue", allModels, "", lostUpdate, 3, "Balance=1300", "", "",
        "wait:B=1");

    // ---- double withdraw: 60 and 60 from 100 (seed 001) ----
    const char *const dw = "double-withdraw";
    // SELECT | UPDATE balance = balance − 60: both pass the check on 100.
    add("double-withdraw/broken: both pass the check", dw, "broken", allModels, "", lostUpdate, -1,
        "Balance=-20; Paid out=120; Withdrawals paid out=2", "", "no-overdraft,covered", "");
    add("double-withdraw/atomic: B's conditional update affects 0 rows", dw, "atomic", allModels, "", lostUpdate, 2,
        "Balance=40; Paid out=60", "B=Insufficient funds", "", "update0:B=1");
    add("double-withdraw/optimistic/threads: B's version is stale", dw, "optimistic", threads, "", lostUpdate, -1,
        "Balance=40; Paid out=60", "B=Concurrent update detected — retry", "", "update0:B=1");
    add("double-withdraw/optimistic/eventloop: B's version is stale", dw, "optimistic", loop, "", lostUpdate, -1,
        "Balance=40; Paid out=60", "B=Concurrent update detected — retry", "", "update0:B=1");
    // Seed 001 never retries: with 30 + 30 the money was there, but B still fails.
    add("double-withdraw/optimistic: no retry, B fails although 30 + 30 fits", dw, "optimistic", threads, "amount=30",
        lostUpdate, -1, "Balance=70; Paid out=30", "B=Concurrent update detected — retry", "", "");
    add("double-withdraw/pessimistic: B waits, then sees 40 and rolls back", dw, "pessimistic", allModels, "",
        lostUpdate, 3, "Balance=40; Paid out=60", "B=Insufficient funds", "", "wait:B=1 rollback:B=1");
    add("double-withdraw/mutex: B waits, then sees 40", dw, "mutex", "threads,eventloop", "", lostUpdate, 1,
        "Balance=40", "B=Insufficient funds", "", "wait:B=1");
    add("double-withdraw/mutex/instances: both pass the check", dw, "mutex", "instances:2", "", lostUpdate, -1,
        "Balance=-20; Paid out=120", "", "no-overdraft,covered", "wait:B=0");
    // Seed 002's handler on threads: check | read for -= | write.
    add("double-withdraw/sync-handler/threads: overdraft", dw, "sync-handler", threads, "", "A B A A B B", -1,
        "Balance=-20; Paid out=120", "", "no-overdraft,covered", "");
    add("double-withdraw/sync-handler/threads: lost update inside balance -= amount", dw, "sync-handler", threads, "",
        "A B A B A B", -1, "Balance=40; Paid out=120", "", "paid-out,covered", "");
    // The seed's own numbers: 50 + 50 from 100 ends at 0, and that is correct.
    add("double-withdraw/sync-handler/threads: seed 002's 0 is correct", dw, "sync-handler", threads, "amount=50",
        "A B A A B B", -1, "Balance=0; Paid out=100", "", "", "");
    add("double-withdraw/sync-handler/threads: seed 002's real bug is a lost update", dw, "sync-handler", threads,
        "amount=50", "A B A B A B", -1, "Balance=50; Paid out=100", "", "paid-out", "");
    // No await: on the event loop each request is one unbroken unit.
    add("double-withdraw/sync-handler/eventloop: cannot interleave", dw, "sync-handler", "eventloop", "", lostUpdate, 2,
        "Balance=40; Paid out=60; Withdrawals paid out=1", "", "", "");
    add("double-withdraw/sync-handler/instances: each process has its own balance", dw, "sync-handler", "instances:2",
        "", lostUpdate, 2, "Balance=40; Paid out=120", "", "paid-out,covered", "");

    // ---- last seat: two students, one seat (seed 003) ----
    const char *const ls = "last-seat";
    // race.mjs on threads: setTimeout | check | read for -- | write, push.
    add("last-seat/seed-race/threads: the seed's -1", ls, "seed-race", threads, "", "A B A B A A B B", -1,
        "Seats left=-1; Bookings=2", "", "seats-nonnegative,not-oversold", "");
    add("last-seat/seed-race/threads: lost decrement", ls, "seed-race", threads, "", "A B A B A B", -1,
        "Seats left=0; Bookings=2", "", "not-oversold,seats-add-up", "");
    add("last-seat/seed-race/eventloop: check and decrement cannot be split", ls, "seed-race", "eventloop", "",
        lostUpdate, 2, "Seats left=0; Bookings=1", "B=No seats left", "", "");
    add("last-seat/seed-race/instances: each process has its own seat", ls, "seed-race", "instances:2", "", lostUpdate,
        2, "Seats left=0; Bookings=2", "", "not-oversold,seats-add-up", "");
    // locking.mjs on one event loop: the seed's own safe output.
    add("last-seat/seed-set-lock/eventloop: Trip 1 is locked, try later", ls, "seed-set-lock", "eventloop", "",
        lostUpdate, 3, "Seats left=0; Bookings=1", "B=Trip 1 is locked, try later", "", "");
    add("last-seat/seed-set-lock/eventloop: after A released, B finds no seat", ls, "seed-set-lock", "eventloop", "",
        "A A B B", -1, "Seats left=0; Bookings=1", "B=No seats left", "", "");
    // On threads has() and add() race: both see the trip unlocked, both book.
    add("last-seat/seed-set-lock/threads: has() and add() race", ls, "seed-set-lock", threads, "",
        "A B A B A B A B A B", -1, "Seats left=0; Bookings=2", "", "not-oversold,seats-add-up", "");
    add("last-seat/seed-set-lock/instances: each process has its own Set", ls, "seed-set-lock", "instances:2", "",
        lostUpdate, -1, "Seats left=0; Bookings=2", "", "not-oversold,seats-add-up", "");
    add("last-seat/seed-set-lock: a refused student although a seat is left", ls, "seed-set-lock", "eventloop",
        "capacity=2", lostUpdate, 3, "Seats left=1; Bookings=1", "B=Trip 1 is locked, try later", "", "");
    add("last-seat/db-check-then-update: both SELECT 1 seat", ls, "db-check-then-update", allModels, "", lostUpdate, -1,
        "Seats left=-1; Bookings=2", "", "seats-nonnegative,not-oversold", "");
    add("last-seat/mutex: B waits, then finds no seat", ls, "mutex", "threads,eventloop", "", lostUpdate, 1,
        "Seats left=0; Bookings=1", "B=No seats left", "", "wait:B=1");
    add("last-seat/mutex/instances: each process has its own mutex and seat", ls, "mutex", "instances:2", "",
        lostUpdate, -1, "Seats left=0; Bookings=2", "", "not-oversold,seats-add-up", "wait:B=0");
    add("last-seat/atomic: B's UPDATE … WHERE seats > 0 affects 0 rows", ls, "atomic", allModels, "", lostUpdate, 3,
        "Seats left=0; Bookings=1", "B=No seats left", "", "update0:B=1");
    add("last-seat/row-lock: B waits, then sees 0 and rolls back", ls, "row-lock", allModels, "", lostUpdate, 3,
        "Seats left=0; Bookings=1", "B=No seats left", "", "wait:B=1 rollback:B=1 commit:A=1");

    // ---- transfers: Txn 1 moves 500 from Alice to Bob, Txn 2 500 from Bob to Alice ----
    const char *const td = "transfer-deadlock";
    // Both read both balances, then each write overwrites the other's.
    add("transfer-deadlock/no-locks: money created", td, "no-locks", allModels, "", "A A B B A B A B", -1,
        "Alice=1500; Bob=1500; Total money=3000", "", "conserved", "");
    add("transfer-deadlock/no-locks: money destroyed", td, "no-locks", allModels, "", "A B B B A B A A", -1,
        "Alice=500; Bob=1000; Total money=1500", "", "conserved", "");
    // Threads: begin | lock 1, sleep | lock 2 …; seed example 8's order: Txn 2 closes the cycle and is the victim.
    add("transfer-deadlock/request-order/threads: Txn 2 is the victim", td, "request-order", threads, "",
        "A A B B A B A B", 5, "Alice=500; Bob=1500; Total money=2000",
        "B=ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction", "completes",
        "deadlock:B=1 deadlock:A=0 rollback:B=1 commit:A=1");
    add("transfer-deadlock/request-order/threads: Txn 1 can be the victim too", td, "request-order", threads, "",
        "B B A A", -1, "Alice=1500; Bob=500; Total money=2000",
        "A=ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction", "completes",
        "deadlock:A=1 deadlock:B=0");
    // Event loop: begin | lock 1 | sleep | lock 2 ….
    add("transfer-deadlock/request-order/eventloop: Txn 2 is the victim", td, "request-order", loop, "", "A A A B B B",
        -1, "Alice=500; Bob=1500; Total money=2000",
        "B=ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction", "completes",
        "deadlock:B=1 rollback:B=1");
    // Both lock account 1 first: Txn 2 waits for Txn 1's commit, no cycle.
    add("transfer-deadlock/sorted-order/threads: Txn 2 waits instead of deadlocking", td, "sorted-order", threads, "",
        "A A B B A B A B", 3, "Alice=1000; Bob=1000; Total money=2000", "", "", "wait:B=1 deadlock:A=0 deadlock:B=0");
    add("transfer-deadlock/sorted-order/eventloop: Txn 2 waits instead of deadlocking", td, "sorted-order", loop, "",
        "A A A B B B", 4, "Alice=1000; Bob=1000; Total money=2000", "", "", "wait:B=1 deadlock:A=0 deadlock:B=0");
    // No detector: both wait until innodb_lock_wait_timeout; the one that waited first times out.
    add("transfer-deadlock/lock-timeout/threads: ER_LOCK_WAIT_TIMEOUT after 50 s", td, "lock-timeout", threads, "",
        "A A B B ~", -1, "Alice=1500; Bob=500; Total money=2000",
        "A=ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded; try restarting transaction", "completes",
        "timeout:A=1 deadlock:A=0 deadlock:B=0 rollback:A=1");
    add("transfer-deadlock/lock-timeout/eventloop: ER_LOCK_WAIT_TIMEOUT after 50 s", td, "lock-timeout", loop, "",
        "A A A B B B ~", -1, "Alice=1500; Bob=500; Total money=2000",
        "A=ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded; try restarting transaction", "completes",
        "timeout:A=1 deadlock:A=0 deadlock:B=0");
    return rows;
}

} // namespace

void TestScenariosMoney::schedules_data()
{
    addScheduleData(scheduleRows());
}

void TestScenariosMoney::schedules()
{
    QFETCH(ScheduleRow, row);
    checkScheduleRow(row);
}

void TestScenariosMoney::everyStrategyAndModelIsCovered()
{
    checkEveryStrategyAndModelIsCovered(scheduleRows(), MoneyScenarios);
}

void TestScenariosMoney::verdictsHoldOverEveryInterleaving_data()
{
    addVerdictData(MoneyScenarios);
}

void TestScenariosMoney::verdictsHoldOverEveryInterleaving()
{
    // Every money fix lets each request finish: an end where somebody waits
    // forever fails the test.
    QFETCH(QString, scenarioId);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    checkVerdict(scenarioId, strategy, model, StuckEnd::FailsTheTest);
}

void TestScenariosMoney::twoDepositsHaveSixInterleavings()
{
    // Seed 004 example 1 on threads: read and write are the only scheduling
    // points, so (2·2)!/(2!·2!) = 6 schedules: two end at 1300, two at 1200, two at 1100.
    const auto machine =
        compile(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"), QString());
    QVERIFY(machine);
    QMap<int64_t, int> balances;
    std::function<void(const State &)> walk = [&](const State &s) {
        if (machine->isTerminal(s)) {
            int64_t balance = 0;
            QVERIFY(figure(*machine, s, QStringLiteral("Balance"), &balance));
            ++balances[balance];
            return;
        }
        QVERIFY(!machine->canTick(s));
        for (int a = 0; a < machine->actorCount(); ++a)
            if (machine->isEnabled(s, a)) {
                State next = s;
                machine->step(next, a, nullptr, 0);
                walk(next);
            }
    };
    walk(machine->initialState());
    const QMap<int64_t, int> expected{{1100, 2}, {1200, 2}, {1300, 2}};
    QCOMPARE(balances, expected);
}

void TestScenariosMoney::loadTestOptimisticRejectsUnderContention()
{
    // Seed 004 example 7: 100 concurrent deposits of 10 on 1000 with optimistic
    // locking and 3 attempts. The seed claims 0 errors and 2000. Round-robin
    // scheduling (every request reads, then every request tries its UPDATE)
    // lets one request win per round: 3 succeed and 97 get 409.
    for (const QString &model : {QStringLiteral("eventloop"), QStringLiteral("threads")}) {
        const auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("optimistic"), model,
                                     QStringLiteral("requests=100,first_amount=10,amount_step=0"));
        QVERIFY(machine);
        QCOMPARE(machine->actorCount(), 100);
        Stepper stepper(machine);
        for (int round = 0; round < 1000 && !machine->isTerminal(stepper.state()); ++round)
            for (int a = 0; a < machine->actorCount(); ++a)
                stepper.move(a);
        const State &s = stepper.state();
        QVERIFY(machine->isFinal(s));
        // The seed's formula calls every rejected request a lost update.
        checkFigures(*machine, s,
                     QStringLiteral("Balance=1030; Rejected requests=97; Lost updates (money)=0; "
                                    "Seed's \"lost updates\" formula=970; Version=3"),
                     QStringLiteral("[%1] ").arg(model));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(brokenRules(*machine, s), QString());
        int conflicts = 0;
        for (int a = 0; a < machine->actorCount(); ++a)
            conflicts += machine->messages().value(machine->errorOf(s, a)) ==
                QLatin1String("409 Too many conflicts, please retry");
        QCOMPARE(conflicts, 97);
    }
}

void TestScenariosMoney::loadTestBrokenLosesUpdates()
{
    // The same load test on the broken endpoint: round-robin makes all 100
    // read 1000 before anyone writes, so only one deposit of 10 survives.
    const auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("eventloop"),
                                 QStringLiteral("requests=100,first_amount=10,amount_step=0"));
    QVERIFY(machine);
    Stepper stepper(machine);
    for (int round = 0; round < 10 && !machine->isTerminal(stepper.state()); ++round)
        for (int a = 0; a < machine->actorCount(); ++a)
            stepper.move(a);
    QVERIFY(machine->isFinal(stepper.state()));
    checkFigures(*machine, stepper.state(), QStringLiteral("Balance=1010; Lost updates (money)=990"), QString());
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(brokenRules(*machine, stepper.state()), QStringLiteral("sum"));
}

void TestScenariosMoney::seedNotesArePresent()
{
    // Where a seed claims an output that does not happen, the scenario says so.
    const QHash<QString, QStringList> mustMention{
        {QStringLiteral("lost-update"),
         {QStringLiteral("Errors: 0"), QStringLiteral("Lost updates"), QStringLiteral("exclusively")}},
        {QStringLiteral("double-withdraw"),
         {QStringLiteral("no await"), QStringLiteral("correct result"), QStringLiteral("never retries")}},
        {QStringLiteral("last-seat"),
         {QStringLiteral("-1"), QStringLiteral("try/finally"), QStringLiteral("instances")}},
        {QStringLiteral("transfer-deadlock"),
         {QStringLiteral("1500"), QStringLiteral("index order"), QStringLiteral("victim")}},
    };
    for (auto it = mustMention.begin(); it != mustMention.end(); ++it) {
        const auto spec = scenario(it.key());
        QVERIFY(spec);
        QString text;
        for (const SeedNote &note : spec->seedNotes) {
            QVERIFY(!note.claim.isEmpty() && !note.reality.isEmpty());
            text += note.claim + u' ' + note.reality + u' ';
        }
        for (const QString &phrase : it.value())
            QVERIFY2(text.contains(phrase),
                     qPrintable(QStringLiteral("%1: seed notes should mention \"%2\"").arg(it.key(), phrase)));
    }
}

QTEST_GUILESS_MAIN(TestScenariosMoney)
#include "tst_scenarios_money.moc"
