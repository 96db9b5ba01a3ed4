// The money scenarios of the built-in library (lost update, double withdraw,
// last seat, transfer deadlock). For each strategy and model: a schedule that
// breaks the broken version, with its exact bad final state, and the same
// schedule under each fix, which blocks, retries, aborts or rejects as the real
// system would. Plus the properties a teacher relies on: every strategy's
// declared verdict holds over every interleaving, and the seeds' numbers.

#include "machine.h"
#include "scenario.h"
#include "stepper.h"

#include <QHash>
#include <QSet>
#include <QTest>

#include <unordered_set>

using namespace Interleave;


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

std::shared_ptr<const ScenarioSpec> scenario(const QString &id)
{
    QString error;
    auto spec = ScenarioLoader::resolve(id, &error);
    if (!spec)
        qWarning("%s", qPrintable(error));
    return spec;
}

std::shared_ptr<const Machine> compile(const QString &id, const QString &strategy, const QString &model, const QString &params)
{
    const auto spec = scenario(id);
    if (!spec)
        return nullptr;
    QHash<QString, int64_t> values;
    for (const QString &pair : params.split(u',', Qt::SkipEmptyParts)) {
        const QStringList kv = pair.split(u'=');
        values.insert(kv.value(0).trimmed(), kv.value(1).toLongLong());
    }
    QString error;
    auto machine = Machine::compile(*spec, strategy, *ExecutionModel::parse(model, nullptr), values, &error);
    if (!machine)
        qWarning("%s", qPrintable(error));
    return machine;
}

// Lets the run end the same way every time: the first request that can move
// does, and time passes only when nobody can move.
void finish(Stepper &stepper)
{
    for (int guard = 0; guard < 10000 && !stepper.machine().isTerminal(stepper.state()); ++guard) {
        bool moved = false;
        for (int a = 0; a < stepper.machine().actorCount() && !moved; ++a)
            moved = stepper.move(a);
        if (!moved && !stepper.move(Schedule::Tick))
            break;
    }
}

double figure(const Machine &m, const State &s, const QString &label, bool *found)
{
    for (const Figure &f : m.figures())
        if (f.label == label) {
            *found = true;
            return double(m.evaluate(f.actual, s));
        }
    *found = false;
    return 0;
}

int countEvents(const Trace &trace, const QString &kind, int actor)
{
    int n = 0;
    for (const TraceEvent &e : trace) {
        if (e.actor != actor)
            continue;
        if ((kind == QLatin1String("wait") && e.kind == EventKind::LockWait)
            || (kind == QLatin1String("deadlock") && e.kind == EventKind::Deadlock)
            || (kind == QLatin1String("timeout") && e.kind == EventKind::Timeout)
            || (kind == QLatin1String("denied") && e.kind == EventKind::LockDenied)
            || (kind == QLatin1String("expire") && e.kind == EventKind::LeaseExpire)
            || (kind == QLatin1String("rollback") && e.kind == EventKind::Rollback)
            || (kind == QLatin1String("commit") && e.kind == EventKind::Commit)
            || (kind == QLatin1String("anomaly") && e.kind == EventKind::Anomaly)
            || (kind == QLatin1String("update0") && e.kind == EventKind::Update && e.version == 0))
            ++n;
    }
    return n;
}

QString brokenRules(const Machine &m, const State &s)
{
    QStringList ids;
    const std::vector<bool> holds = m.checkInvariants(s);
    for (size_t i = 0; i < holds.size(); ++i)
        if (!holds[i])
            ids << m.invariants()[i].id;
    return ids.join(u',');
}

QString expectFor(const StrategySpec &strategy, const ExecutionModel &model)
{
    const QString key = model.kind == ExecutionModel::Threads     ? QStringLiteral("threads")
                        : model.kind == ExecutionModel::EventLoop ? QStringLiteral("eventloop")
                                                                  : QStringLiteral("instances");
    return strategy.expect.value(key);
}

// Every reachable terminal state, by depth-first search over hashed states.
void collectTerminals(const Machine &m, const State &s, std::unordered_set<State, StateHash> &seen, std::vector<State> &terminals)
{
    if (!seen.insert(s).second)
        return;
    if (m.isTerminal(s)) {
        terminals.push_back(s);
        return;
    }
    for (int a = -1; a < m.actorCount(); ++a) {
        if (a < 0 ? !m.canTick(s) : !m.isEnabled(s, a))
            continue;
        State next = s;
        if (a < 0)
            m.tick(next, nullptr, 0);
        else
            m.step(next, a, nullptr, 0);
        collectTerminals(m, next, seen, terminals);
    }
}

struct ScheduleRow {
    QString name;
    QString scenarioId;
    QString strategy;
    QString models;     // comma-separated; each must behave the same
    QString params;
    QString schedule;
    int replayed;       // moves of the schedule still possible; -1: all
    QString figures;    // "label=value; …" at the end
    QString errors;     // "B=message | …"; every other request ends ok
    QString broken;     // ids of the rules broken at the end
    QString events;     // "kind:letter=count …" exact counts in the trace
};

QList<ScheduleRow> scheduleRows()
{
    QList<ScheduleRow> rows;
    auto add = [&rows](const char *name, const char *scenarioId, const char *strategy, const char *models, const char *params,
                       const char *schedule, int replayed, const char *figures, const char *errors, const char *broken,
                       const char *events) {
        rows.append({QString::fromUtf8(name), QString::fromUtf8(scenarioId), QString::fromUtf8(strategy), QString::fromUtf8(models),
                     QString::fromUtf8(params), QString::fromUtf8(schedule), replayed, QString::fromUtf8(figures),
                     QString::fromUtf8(errors), QString::fromUtf8(broken), QString::fromUtf8(events)});
    };

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
    add("lost-update/mutex: B waits for the mutex", lu, "mutex", "threads,eventloop", "", lostUpdate, 1,
        "Balance=1300", "", "", "wait:B=1");
    // Two instances: each has its own mutex; both lock, both read 1000.
    add("lost-update/mutex/instances: each process has its own mutex", lu, "mutex", "instances:2", "", lostUpdate, -1,
        "Balance=1200; Lost updates (money)=100", "", "sum", "wait:B=0");
    add("lost-update/distributed-lock: B waits for the lease", lu, "distributed-lock", allModels, "", lostUpdate, 1,
        "Balance=1300", "", "", "wait:B=1 expire:A=0");
    // Time passes while A holds the lease: it expires, B gets it, both read 1000; A's write is stale.
    add("lost-update/distributed-lock: the lease expires under A", lu, "distributed-lock", allModels, "", "A ~ B A B A B", -1,
        "Balance=1200; Lost updates (money)=100", "", "sum", "expire:A=1 anomaly:A=1 anomaly:B=0");
    add("lost-update/queue: B's job waits for A's", lu, "queue", allModels, "", lostUpdate, 3,
        "Balance=1300", "", "", "wait:B=1");

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
    add("double-withdraw/optimistic: no retry, B fails although 30 + 30 fits", dw, "optimistic", threads, "amount=30", lostUpdate, -1,
        "Balance=70; Paid out=30", "B=Concurrent update detected — retry", "", "");
    add("double-withdraw/pessimistic: B waits, then sees 40 and rolls back", dw, "pessimistic", allModels, "", lostUpdate, 3,
        "Balance=40; Paid out=60", "B=Insufficient funds", "", "wait:B=1 rollback:B=1");
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
    add("double-withdraw/sync-handler/threads: seed 002's 0 is correct", dw, "sync-handler", threads, "amount=50", "A B A A B B", -1,
        "Balance=0; Paid out=100", "", "", "");
    add("double-withdraw/sync-handler/threads: seed 002's real bug is a lost update", dw, "sync-handler", threads, "amount=50",
        "A B A B A B", -1, "Balance=50; Paid out=100", "", "paid-out", "");
    // No await: on the event loop each request is one unbroken unit.
    add("double-withdraw/sync-handler/eventloop: cannot interleave", dw, "sync-handler", "eventloop", "", lostUpdate, 2,
        "Balance=40; Paid out=60; Withdrawals paid out=1", "", "", "");
    add("double-withdraw/sync-handler/instances: each process has its own balance", dw, "sync-handler", "instances:2", "",
        lostUpdate, 2, "Balance=40; Paid out=120", "", "paid-out,covered", "");

    // ---- last seat: two students, one seat (seed 003) ----
    const char *const ls = "last-seat";
    // race.mjs on threads: setTimeout | check | read for -- | write, push.
    add("last-seat/seed-race/threads: the seed's -1", ls, "seed-race", threads, "", "A B A B A A B B", -1,
        "Seats left=-1; Bookings=2", "", "seats-nonnegative,not-oversold", "");
    add("last-seat/seed-race/threads: lost decrement", ls, "seed-race", threads, "", "A B A B A B", -1,
        "Seats left=0; Bookings=2", "", "not-oversold,seats-add-up", "");
    add("last-seat/seed-race/eventloop: check and decrement cannot be split", ls, "seed-race", "eventloop", "", lostUpdate, 2,
        "Seats left=0; Bookings=1", "B=No seats left", "", "");
    add("last-seat/seed-race/instances: each process has its own seat", ls, "seed-race", "instances:2", "", lostUpdate, 2,
        "Seats left=0; Bookings=2", "", "not-oversold,seats-add-up", "");
    // locking.mjs on one event loop: the seed's own safe output.
    add("last-seat/seed-set-lock/eventloop: Trip 1 is locked, try later", ls, "seed-set-lock", "eventloop", "", lostUpdate, 3,
        "Seats left=0; Bookings=1", "B=Trip 1 is locked, try later", "", "");
    add("last-seat/seed-set-lock/eventloop: after A released, B finds no seat", ls, "seed-set-lock", "eventloop", "", "A A B B", -1,
        "Seats left=0; Bookings=1", "B=No seats left", "", "");
    // On threads has() and add() race: both see the trip unlocked, both book.
    add("last-seat/seed-set-lock/threads: has() and add() race", ls, "seed-set-lock", threads, "", "A B A B A B A B A B", -1,
        "Seats left=0; Bookings=2", "", "not-oversold,seats-add-up", "");
    add("last-seat/seed-set-lock/instances: each process has its own Set", ls, "seed-set-lock", "instances:2", "", lostUpdate, -1,
        "Seats left=0; Bookings=2", "", "not-oversold,seats-add-up", "");
    add("last-seat/seed-set-lock: a refused student although a seat is left", ls, "seed-set-lock", "eventloop", "capacity=2",
        lostUpdate, 3, "Seats left=1; Bookings=1", "B=Trip 1 is locked, try later", "", "");
    add("last-seat/db-check-then-update: both SELECT 1 seat", ls, "db-check-then-update", allModels, "", lostUpdate, -1,
        "Seats left=-1; Bookings=2", "", "seats-nonnegative,not-oversold", "");
    add("last-seat/mutex: B waits, then finds no seat", ls, "mutex", "threads,eventloop", "", lostUpdate, 1,
        "Seats left=0; Bookings=1", "B=No seats left", "", "wait:B=1");
    add("last-seat/mutex/instances: each process has its own mutex and seat", ls, "mutex", "instances:2", "", lostUpdate, -1,
        "Seats left=0; Bookings=2", "", "not-oversold,seats-add-up", "wait:B=0");
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
    add("transfer-deadlock/request-order/threads: Txn 2 is the victim", td, "request-order", threads, "", "A A B B A B A B", 5,
        "Alice=500; Bob=1500; Total money=2000",
        "B=ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction", "completes",
        "deadlock:B=1 deadlock:A=0 rollback:B=1 commit:A=1");
    add("transfer-deadlock/request-order/threads: Txn 1 can be the victim too", td, "request-order", threads, "", "B B A A", -1,
        "Alice=1500; Bob=500; Total money=2000",
        "A=ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction", "completes",
        "deadlock:A=1 deadlock:B=0");
    // Event loop: begin | lock 1 | sleep | lock 2 ….
    add("transfer-deadlock/request-order/eventloop: Txn 2 is the victim", td, "request-order", loop, "", "A A A B B B", -1,
        "Alice=500; Bob=1500; Total money=2000",
        "B=ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction", "completes",
        "deadlock:B=1 rollback:B=1");
    // Both lock account 1 first: Txn 2 waits for Txn 1's commit, no cycle.
    add("transfer-deadlock/sorted-order/threads: Txn 2 waits instead of deadlocking", td, "sorted-order", threads, "",
        "A A B B A B A B", 3, "Alice=1000; Bob=1000; Total money=2000", "", "", "wait:B=1 deadlock:A=0 deadlock:B=0");
    add("transfer-deadlock/sorted-order/eventloop: Txn 2 waits instead of deadlocking", td, "sorted-order", loop, "",
        "A A A B B B", 4, "Alice=1000; Bob=1000; Total money=2000", "", "", "wait:B=1 deadlock:A=0 deadlock:B=0");
    // No detector: both wait until innodb_lock_wait_timeout; the one that waited first times out.
    add("transfer-deadlock/lock-timeout/threads: ER_LOCK_WAIT_TIMEOUT after 50 s", td, "lock-timeout", threads, "", "A A B B ~", -1,
        "Alice=1500; Bob=500; Total money=2000",
        "A=ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded; try restarting transaction", "completes",
        "timeout:A=1 deadlock:A=0 deadlock:B=0 rollback:A=1");
    add("transfer-deadlock/lock-timeout/eventloop: ER_LOCK_WAIT_TIMEOUT after 50 s", td, "lock-timeout", loop, "", "A A A B B B ~", -1,
        "Alice=1500; Bob=500; Total money=2000",
        "A=ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded; try restarting transaction", "completes",
        "timeout:A=1 deadlock:A=0 deadlock:B=0");
    return rows;
}

} // namespace

void TestScenariosMoney::schedules_data()
{
    QTest::addColumn<ScheduleRow>("row");
    for (const ScheduleRow &row : scheduleRows())
        QTest::newRow(qPrintable(row.name)) << row;
}

void TestScenariosMoney::schedules()
{
    QFETCH(ScheduleRow, row);
    const auto &[name, scenarioId, strategy, models, params, schedule, replayed, figures, errors, broken, events] = row;
    Q_UNUSED(name);

    for (const QString &model : models.split(u',')) {
        const QString where = QStringLiteral("[%1] ").arg(model);
        const auto machine = compile(scenarioId, strategy, model, params);
        QVERIFY(machine);
        QString error;
        const auto parsed = Schedule::parse(schedule, *machine, &error);
        QVERIFY2(parsed, qPrintable(error));
        Stepper stepper(machine);
        const int done = stepper.replayPossible(*parsed);
        QCOMPARE(done, replayed < 0 ? int(parsed->moves.size()) : replayed);
        finish(stepper);
        const State &s = stepper.state();
        QVERIFY2(machine->isFinal(s), qPrintable(where + machine->describeOutcome(s)));

        for (const QString &item : figures.split(u';', Qt::SkipEmptyParts)) {
            const QString label = item.section(u'=', 0, 0).trimmed();
            const double expected = item.section(u'=', 1).toDouble();
            bool found = false;
            const double actual = figure(*machine, s, label, &found);
            QVERIFY2(found, qPrintable(where + QStringLiteral("no figure \"%1\"").arg(label)));
            QVERIFY2(actual == expected, qPrintable(where + QStringLiteral("%1 = %2, expected %3; %4")
                                                                .arg(label).arg(actual).arg(expected)
                                                                .arg(machine->describeOutcome(s))));
        }

        QHash<int, QString> expectedErrors;
        for (const QString &item : errors.split(u'|', Qt::SkipEmptyParts))
            expectedErrors.insert(machine->actorByToken(item.section(u'=', 0, 0).trimmed()), item.section(u'=', 1).trimmed());
        for (int a = 0; a < machine->actorCount(); ++a) {
            const QString actual = machine->status(s, a) == ActorStatus::Failed ? machine->messages().value(machine->errorOf(s, a))
                                                                                : QString();
            QVERIFY2(actual == expectedErrors.value(a),
                     qPrintable(where + QStringLiteral("%1 ended with \"%2\", expected \"%3\"")
                                            .arg(machine->actor(a).name, actual, expectedErrors.value(a))));
        }

        QCOMPARE(brokenRules(*machine, s), broken);

        for (const QString &item : events.split(u' ', Qt::SkipEmptyParts)) {
            const QString kind = item.section(u':', 0, 0);
            const int actor = machine->actorByToken(item.section(u':', 1).section(u'=', 0, 0));
            const int expected = item.section(u'=', 1).toInt();
            QVERIFY(actor >= 0);
            const int actual = countEvents(stepper.trace(), kind, actor);
            QVERIFY2(actual == expected, qPrintable(where + QStringLiteral("%1 events for %2: %3, expected %4")
                                                                .arg(kind, machine->actor(actor).name).arg(actual).arg(expected)));
        }
    }
}

void TestScenariosMoney::everyStrategyAndModelIsCovered()
{
    // Every strategy of every money scenario has a schedule under every model,
    // and declares its verdict for each model.
    QSet<QString> covered;
    for (const ScheduleRow &row : scheduleRows())
        for (const QString &model : row.models.split(u','))
            covered.insert(row.scenarioId + u'/' + row.strategy + u'/' + model.section(u':', 0, 0));
    for (const char *id : MoneyScenarios) {
        const auto spec = scenario(QLatin1String(id));
        QVERIFY(spec);
        for (const StrategySpec &strategy : spec->strategies) {
            for (const QString &model : {QStringLiteral("threads"), QStringLiteral("eventloop"), QStringLiteral("instances")}) {
                const QString key = QLatin1String(id) + u'/' + strategy.id + u'/' + model;
                QVERIFY2(covered.contains(key), qPrintable(key + QStringLiteral(" has no schedule test")));
                const QString verdict = strategy.expect.value(model);
                QVERIFY2(verdict == QLatin1String("safe") || verdict == QLatin1String("broken"),
                         qPrintable(key + QStringLiteral(" declares no verdict")));
            }
        }
    }
}

void TestScenariosMoney::verdictsHoldOverEveryInterleaving_data()
{
    QTest::addColumn<QString>("scenarioId");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    for (const char *id : MoneyScenarios) {
        const auto spec = scenario(QLatin1String(id));
        if (!spec)
            continue;
        for (const StrategySpec &strategy : spec->strategies)
            for (const char *model : {"threads", "eventloop", "instances:2"})
                QTest::addRow("%s/%s/%s", id, qPrintable(strategy.id), model)
                    << QString::fromLatin1(id) << strategy.id << QString::fromLatin1(model);
    }
}

void TestScenariosMoney::verdictsHoldOverEveryInterleaving()
{
    // "safe" means no reachable end breaks a rule; "broken" means some does.
    QFETCH(QString, scenarioId);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    const auto machine = compile(scenarioId, strategy, model, QString());
    QVERIFY(machine);
    std::unordered_set<State, StateHash> seen;
    std::vector<State> terminals;
    collectTerminals(*machine, machine->initialState(), seen, terminals);
    QVERIFY(!terminals.empty());
    int breaking = 0;
    for (const State &s : terminals) {
        QVERIFY2(machine->isFinal(s), qPrintable(machine->describeOutcome(s))); // nobody waits forever
        const std::vector<bool> holds = machine->checkInvariants(s);
        breaking += std::find(holds.begin(), holds.end(), false) != holds.end();
    }
    const QString verdict = expectFor(machine->strategy(), machine->model());
    QCOMPARE(breaking > 0 ? QStringLiteral("broken") : QStringLiteral("safe"), verdict);
}

void TestScenariosMoney::twoDepositsHaveSixInterleavings()
{
    // Seed 004 example 1 on threads: read and write are the only scheduling
    // points, so (2·2)!/(2!·2!) = 6 schedules: two end at 1300, two at 1200, two at 1100.
    const auto machine = compile(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"), QString());
    QVERIFY(machine);
    QMap<int64_t, int> balances;
    std::function<void(const State &)> walk = [&](const State &s) {
        if (machine->isTerminal(s)) {
            bool found = false;
            ++balances[int64_t(figure(*machine, s, QStringLiteral("Balance"), &found))];
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
        bool found = false;
        QCOMPARE(figure(*machine, s, QStringLiteral("Balance"), &found), 1030.0);
        QCOMPARE(figure(*machine, s, QStringLiteral("Rejected requests"), &found), 97.0);
        QCOMPARE(figure(*machine, s, QStringLiteral("Lost updates (money)"), &found), 0.0);
        // The seed's formula calls every rejected request a lost update.
        QCOMPARE(figure(*machine, s, QStringLiteral("Seed's \"lost updates\" formula"), &found), 970.0);
        QCOMPARE(figure(*machine, s, QStringLiteral("Version"), &found), 3.0);
        QCOMPARE(brokenRules(*machine, s), QString());
        int conflicts = 0;
        for (int a = 0; a < machine->actorCount(); ++a)
            conflicts += machine->messages().value(machine->errorOf(s, a)) == QLatin1String("409 Too many conflicts, please retry");
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
    bool found = false;
    QVERIFY(machine->isFinal(stepper.state()));
    QCOMPARE(figure(*machine, stepper.state(), QStringLiteral("Balance"), &found), 1010.0);
    QCOMPARE(figure(*machine, stepper.state(), QStringLiteral("Lost updates (money)"), &found), 990.0);
    QCOMPARE(brokenRules(*machine, stepper.state()), QStringLiteral("sum"));
}

void TestScenariosMoney::seedNotesArePresent()
{
    // Where a seed claims an output that does not happen, the scenario says so.
    const QHash<QString, QStringList> mustMention{
        {QStringLiteral("lost-update"), {QStringLiteral("Errors: 0"), QStringLiteral("Lost updates"), QStringLiteral("exclusively")}},
        {QStringLiteral("double-withdraw"), {QStringLiteral("no await"), QStringLiteral("correct result"), QStringLiteral("never retries")}},
        {QStringLiteral("last-seat"), {QStringLiteral("-1"), QStringLiteral("try/finally"), QStringLiteral("instances")}},
        {QStringLiteral("transfer-deadlock"), {QStringLiteral("1500"), QStringLiteral("index order"), QStringLiteral("victim")}},
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
            QVERIFY2(text.contains(phrase), qPrintable(QStringLiteral("%1: seed notes should mention \"%2\"").arg(it.key(), phrase)));
    }
}

QTEST_GUILESS_MAIN(TestScenariosMoney)
#include "tst_scenarios_money.moc"
