// Facts derived from traces on known schedules: read-from, lost updates,
// transactions, lock holds and waits, leases, deadlock cycles.

#include "drivers/stepper.h"
#include "explore/explorer.h"
#include "machine/ruleverdict.h"
#include "scenario/scenario.h"
#include "trace/traceanalysis.h"

#include <QTest>

using namespace Interleave;

namespace {

struct Run
{
    std::shared_ptr<const Machine> machine;
    Trace trace;
    TraceAnalysis analysis;
    QString error;

    // Index of the nth event of `kind` by `actor` (-1 for any actor), or -1.
    int find(int actor, EventKind kind, int nth = 0) const
    {
        for (int i = 0; i < int(trace.size()); ++i)
            if (trace[size_t(i)].kind == kind && (actor < 0 || trace[size_t(i)].actor == actor) && nth-- == 0)
                return i;
        return -1;
    }
};

Run run(const std::shared_ptr<const ScenarioSpec> &spec, const QString &strategy, const QString &model,
        const QString &schedule, const QHash<QString, int64_t> &params = {})
{
    Run r;
    if (!spec) {
        r.error = QStringLiteral("no scenario");
        return r;
    }
    auto em = ExecutionModel::parse(model, &r.error);
    if (!em)
        return r;
    r.machine = Machine::compile(*spec, strategy, *em, params, &r.error);
    if (!r.machine)
        return r;
    Stepper stepper(r.machine);
    auto s = Schedule::parse(schedule, *r.machine, &r.error);
    if (!s || !stepper.replay(*s, &r.error))
        return r;
    r.trace = stepper.trace();
    r.analysis = analyze(*r.machine, r.trace);
    if (qEnvironmentVariableIsSet("DUMP_TRACE"))
        for (size_t i = 0; i < r.trace.size(); ++i)
            qDebug("%zu step %d: %s", i, r.trace[i].step, qPrintable(r.machine->narrate(r.trace[i])));
    return r;
}

std::shared_ptr<const ScenarioSpec> load(const char *json)
{
    QString error;
    auto spec = ScenarioLoader::loadData(QByteArray(json), QStringLiteral("test.json"), &error);
    if (!spec)
        qWarning("%s", qPrintable(error));
    return spec;
}

// A writer in a transaction and a plain reader, to see what is visible when.
const char *const txnScenario = R"({
  "format": 1, "id": "txn", "title": "txn", "summary": "s", "explanation": "e",
  "state": {"tables": [{"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": 100}]}]},
  "actors": [{"name": "Writer", "program": "writer"}, {"name": "Reader", "program": "reader"}],
  "strategies": [
    {"id": "commit", "label": "commit", "programs": {
      "writer": [{"code": "begin", "steps": [{"op": "begin"}]},
                 {"code": "write", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "150", "await": true}]},
                 {"code": "read own", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "x", "await": true}]},
                 {"code": "commit", "steps": [{"op": "commit", "await": true}]}],
      "reader": [{"code": "read", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "x", "await": true}]},
                 {"code": "read", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "y", "await": true}]}]}},
    {"id": "rollback", "label": "rollback", "programs": {
      "writer": [{"code": "begin", "steps": [{"op": "begin"}]},
                 {"code": "write", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "150", "await": true}]},
                 {"code": "read own", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "x", "await": true}]},
                 {"code": "rollback", "steps": [{"op": "rollback", "await": true}]}],
      "reader": [{"code": "read", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "x", "await": true}]},
                 {"code": "read", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "y", "await": true}]}]}}
  ]
})";

// Two transfers locking rows FOR UPDATE, in opposite or in the same order.
const char *const transferScenario = R"({
  "format": 1, "id": "transfer", "title": "t", "summary": "s", "explanation": "e",
  "state": {"tables": [{"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": 1000}, {"id": 2, "balance": 1000}]}]},
  "actors": [{"name": "Txn %1", "locals": {"fromId": 1, "toId": 2}}, {"name": "Txn %1", "locals": {"fromId": 2, "toId": 1}}],
  "strategies": [
    {"id": "opposite", "label": "o", "programs": {"main": [
      {"code": "begin", "steps": [{"op": "begin", "await": true}]},
      {"code": "lock from", "steps": [{"op": "read", "cell": "accounts[fromId].balance", "into": "a", "forUpdate": true, "await": true}]},
      {"code": "lock to", "steps": [{"op": "read", "cell": "accounts[toId].balance", "into": "b", "forUpdate": true, "await": true}]},
      {"code": "debit", "steps": [{"op": "update", "row": "accounts[fromId]", "set": {"balance": "row.balance - 100"}, "await": true}]},
      {"code": "credit", "steps": [{"op": "update", "row": "accounts[toId]", "set": {"balance": "row.balance + 100"}, "await": true}]},
      {"code": "commit", "steps": [{"op": "commit", "await": true}]}]}},
    {"id": "sorted", "label": "s", "programs": {"main": [
      {"code": "begin", "steps": [{"op": "begin", "await": true}]},
      {"code": "lock low", "steps": [{"op": "read", "cell": "accounts[min(fromId, toId)].balance", "into": "a", "forUpdate": true, "await": true}]},
      {"code": "lock high", "steps": [{"op": "read", "cell": "accounts[max(fromId, toId)].balance", "into": "b", "forUpdate": true, "await": true}]},
      {"code": "debit", "steps": [{"op": "update", "row": "accounts[fromId]", "set": {"balance": "row.balance - 100"}, "await": true}]},
      {"code": "credit", "steps": [{"op": "update", "row": "accounts[toId]", "set": {"balance": "row.balance + 100"}, "await": true}]},
      {"code": "commit", "steps": [{"op": "commit", "await": true}]}]}}
  ]
})";

// In-process mutexes taken in opposite order (no detector), a per-instance
// counter, and a lease with a TTL and fencing tokens.
const char *const processScenario = R"({
  "format": 1, "id": "process", "title": "p", "summary": "s", "explanation": "e",
  "state": {"tables": [{"name": "files", "columns": ["data"], "rows": [{"id": 1, "data": 0}]}],
            "memory": {"counter": 0}, "mutexes": ["m1", "m2"], "leases": ["job"]},
  "actors": [{"name": "Worker %1", "locals": {"first": 0}}, {"name": "Worker %1", "locals": {"first": 1}}],
  "strategies": [
    {"id": "mutexes", "label": "m", "programs": {"main": [
      {"code": "lock first", "steps": [{"op": "goto", "to": "second", "if": "first == 1"}, {"op": "lock", "mutex": "m1"}, {"op": "lock", "mutex": "m2"}, {"op": "finish"}]},
      {"code": "second", "label": "second", "steps": [{"op": "lock", "mutex": "m2"}, {"op": "lock", "mutex": "m1"}]}]}},
    {"id": "memory", "label": "mem", "programs": {"main": [
      {"code": "read", "steps": [{"op": "read", "cell": "mem.counter", "into": "c", "await": true}]},
      {"code": "write", "steps": [{"op": "write", "cell": "mem.counter", "value": "c + 1", "await": true}]}]}},
    {"id": "lease", "label": "lease", "programs": {"main": [
      {"code": "acquire", "steps": [{"op": "lease_acquire", "lease": "job", "ttl": "100", "token": "token", "wait": true, "await": true}]},
      {"code": "pause", "steps": [{"op": "pause", "ms": "token == 1 ? 300 : 0"}]},
      {"code": "write", "steps": [{"op": "write", "cell": "files[1].data", "value": "token", "fence": "token", "await": true}]},
      {"code": "release", "steps": [{"op": "lease_release", "lease": "job", "await": true}]}]}}
  ]
})";

} // namespace

class TestTraceAnalysis : public QObject
{
    Q_OBJECT
private slots:
    void verdictsAgreeWithTheChecklist();
    void lostUpdate_data();
    void lostUpdate();
    void lostUpdateIndices();
    void atomicUpdateSeesPrevious();
    void transactionVisibility_data();
    void transactionVisibility();
    void forUpdateWaitsAndHolds();
    void databaseDeadlock();
    void mutexDeadlockWithoutDetector();
    void memoryIsPerInstance();
    void leaseExpiresAndFences();
    void stepStartsAndWaitForGraph();
};

void TestTraceAnalysis::lostUpdate_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<int>("lost");
    QTest::newRow("broken A B A B") << "broken"
                                    << "A B A B" << 1;
    QTest::newRow("broken B A B A") << "broken"
                                    << "B A B A" << 1;
    QTest::newRow("broken A B B A") << "broken"
                                    << "A B B A" << 1;
    QTest::newRow("broken serial A A B B") << "broken"
                                           << "A A B B" << 0;
    QTest::newRow("atomic A B A B") << "atomic"
                                    << "A B A B" << 0;
}

void TestTraceAnalysis::lostUpdate()
{
    QFETCH(QString, strategy);
    QFETCH(QString, schedule);
    QFETCH(int, lost);
    QString error;
    const Run r = run(ScenarioLoader::resolve(QStringLiteral("lost-update"), &error), strategy,
                      QStringLiteral("threads"), schedule);
    QVERIFY2(r.machine && !r.trace.empty(), qPrintable(r.error + error));
    QCOMPARE(int(r.analysis.lostUpdates.size()), lost);
    QCOMPARE(r.analysis.readFrom.size(), r.trace.size());
}

void TestTraceAnalysis::lostUpdateIndices()
{
    QString error;
    const Run r = run(ScenarioLoader::resolve(QStringLiteral("lost-update"), &error), QStringLiteral("broken"),
                      QStringLiteral("threads"), QStringLiteral("A B A B"));
    QVERIFY2(r.machine && r.error.isEmpty(), qPrintable(r.error + error));
    const int readA = r.find(0, EventKind::Read), readB = r.find(1, EventKind::Read);
    const int writeA = r.find(0, EventKind::Write), writeB = r.find(1, EventKind::Write);
    QVERIFY(readA >= 0 && readB >= 0 && writeA >= 0 && writeB >= 0);
    QVERIFY(readA < readB && readB < writeA && writeA < writeB);
    QCOMPARE(r.analysis.lostUpdates.size(), size_t(1));
    const LostUpdate &lu = r.analysis.lostUpdates.front();
    QCOMPARE(lu.overwrittenWrite, writeA);
    QCOMPARE(lu.overwritingWrite, writeB);
    QCOMPARE(lu.staleRead, readB);
    QCOMPARE(r.analysis.lostUpdateOverwriting(writeA), 0);
    QCOMPARE(r.analysis.lostUpdateOverwritten(writeB), 0);
    QCOMPARE(r.analysis.lostUpdateOverwriting(writeB), -1);
    // Both reads saw the initial balance; nobody read a write, so there are no arrows.
    QCOMPARE(r.analysis.readFrom[size_t(readA)], TraceAnalysis::InitialValue);
    QCOMPARE(r.analysis.readFrom[size_t(readB)], TraceAnalysis::InitialValue);
    QCOMPARE(r.analysis.readFrom[size_t(writeA)], TraceAnalysis::NotARead);
    QVERIFY(r.analysis.flows.empty());
    QCOMPARE(r.analysis.stepCount, 4);
}

void TestTraceAnalysis::atomicUpdateSeesPrevious()
{
    QString error;
    const Run r = run(ScenarioLoader::resolve(QStringLiteral("lost-update"), &error), QStringLiteral("atomic"),
                      QStringLiteral("threads"), QStringLiteral("A B A B"));
    QVERIFY2(r.machine && r.error.isEmpty(), qPrintable(r.error + error));
    const int updA = r.find(0, EventKind::Update), updB = r.find(1, EventKind::Update);
    const int readA = r.find(0, EventKind::Read), readB = r.find(1, EventKind::Read);
    QVERIFY(updA >= 0 && updB >= 0 && readA >= 0 && readB >= 0);
    QCOMPARE(r.analysis.readFrom[size_t(updA)], TraceAnalysis::InitialValue);
    QCOMPARE(r.analysis.readFrom[size_t(updB)], updA); // B's update builds on A's
    QCOMPARE(r.analysis.readFrom[size_t(readA)], updB); // A reads after both updates
    QCOMPARE(r.analysis.readFrom[size_t(readB)], updB);
    QVERIFY(r.analysis.lostUpdates.empty());
    QCOMPARE(int(r.analysis.flows.size()), 3);
}

void TestTraceAnalysis::transactionVisibility_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<bool>("secondSeesWrite");
    QTest::newRow("commit makes it visible") << "commit" << true;
    QTest::newRow("rollback discards it") << "rollback" << false;
}

void TestTraceAnalysis::transactionVisibility()
{
    QFETCH(QString, strategy);
    QFETCH(bool, secondSeesWrite);
    // Writer: begin+write, then reads its own write; Reader reads (uncommitted: invisible);
    // Writer commits or rolls back; Reader reads again.
    const Run r = run(load(txnScenario), strategy, QStringLiteral("threads"), QStringLiteral("A A B A A B"));
    QVERIFY2(r.machine && r.error.isEmpty(), qPrintable(r.error));
    const int write = r.find(0, EventKind::Write);
    const int ownRead = r.find(0, EventKind::Read);
    const int firstRead = r.find(1, EventKind::Read, 0), secondRead = r.find(1, EventKind::Read, 1);
    QVERIFY(write >= 0 && firstRead > write && ownRead > firstRead && secondRead > ownRead);
    QCOMPARE(r.analysis.readFrom[size_t(ownRead)], write); // a transaction sees its own write
    QCOMPARE(r.analysis.readFrom[size_t(firstRead)], TraceAnalysis::InitialValue);
    QCOMPARE(r.analysis.readFrom[size_t(secondRead)], secondSeesWrite ? write : TraceAnalysis::InitialValue);
    QCOMPARE(r.trace[size_t(secondRead)].value, secondSeesWrite ? 150 : 100);
    // The writer held the row lock from its write to its commit/rollback.
    bool held = false;
    for (const LockInterval &iv : r.analysis.intervals)
        if (iv.kind == LockInterval::Hold && iv.actor == 0 && iv.place == Place::Row)
            held = iv.end == LockInterval::Released && iv.startEvent <= write && iv.endEvent > ownRead;
    QVERIFY(held);
}

void TestTraceAnalysis::forUpdateWaitsAndHolds()
{
    // Sorted order: A locks both rows; B's first FOR UPDATE waits for A until A commits.
    const Run r = run(load(transferScenario), QStringLiteral("sorted"), QStringLiteral("threads"),
                      QStringLiteral("A A B A A A A B B B B B"));
    QVERIFY2(r.machine && r.error.isEmpty(), qPrintable(r.error));
    int holdsA = 0, waitsB = 0, holdsB = 0;
    const int commitA = r.find(0, EventKind::Commit);
    for (const LockInterval &iv : r.analysis.intervals) {
        if (iv.actor == 0 && iv.kind == LockInterval::Hold) {
            ++holdsA;
            QCOMPARE(iv.place, Place::Row);
            QCOMPARE(iv.end, LockInterval::Released);
            QVERIFY(iv.endEvent > commitA); // released by the commit
        }
        if (iv.actor == 1 && iv.kind == LockInterval::Wait) {
            ++waitsB;
            QCOMPARE(iv.holder, 0);
            QCOMPARE(iv.resource, 0); // row accounts[1]
            QCOMPARE(iv.end, LockInterval::Taken);
            QVERIFY(iv.endEvent > commitA);
        }
        if (iv.actor == 1 && iv.kind == LockInterval::Hold)
            ++holdsB;
    }
    QCOMPARE(holdsA, 2);
    QCOMPARE(waitsB, 1);
    QCOMPARE(holdsB, 2);
    QVERIFY(r.analysis.deadlocks.empty());
    // B read A's committed balance: accounts[1] after A's debit.
    const int readB = r.find(1, EventKind::Read);
    QCOMPARE(r.trace[size_t(readB)].value, 900);
    QCOMPARE(r.analysis.readFrom[size_t(readB)], r.find(0, EventKind::Update, 0));
}

void TestTraceAnalysis::databaseDeadlock()
{
    // Each locks its first row, then each asks for the other's: B's request closes the cycle.
    const Run r =
        run(load(transferScenario), QStringLiteral("opposite"), QStringLiteral("threads"), QStringLiteral("A B A B A"));
    QVERIFY2(r.machine && r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.analysis.deadlocks.size(), size_t(1));
    const DeadlockCycle &c = r.analysis.deadlocks.front();
    QCOMPARE(c.victim, 1);
    QCOMPARE(c.event, r.find(1, EventKind::Deadlock));
    QVERIFY(c.closingEvent >= 0 && c.closingEvent < c.event);
    QCOMPARE(r.trace[size_t(c.closingEvent)].kind, EventKind::LockWait);
    QCOMPARE(int(c.actors.size()), 2);
    QCOMPARE(int(c.edges.size()), 2);
    for (const Machine::WaitEdge &e : c.edges) {
        QCOMPARE(e.place, Place::Row);
        QCOMPARE(e.holder, 1 - e.waiter);
    }
    // The victim's wait ended as a victim; A's wait ended when it got the row.
    bool victimWait = false, survivorTook = false;
    for (const LockInterval &iv : r.analysis.intervals) {
        if (iv.kind != LockInterval::Wait)
            continue;
        victimWait = victimWait || (iv.actor == 1 && iv.end == LockInterval::Victim);
        survivorTook = survivorTook || (iv.actor == 0 && iv.end == LockInterval::Taken);
    }
    QVERIFY(victimWait);
    QVERIFY(survivorTook);
    QVERIFY(!r.analysis.failures.empty());
    // Just before the detector fired the graph had both edges; after, none.
    QCOMPARE(int(r.analysis.waitForGraphAt(c.event - 1).size()), 2);
    QVERIFY(r.analysis.waitForGraphAt(int(r.trace.size()) - 1).empty());
}

void TestTraceAnalysis::mutexDeadlockWithoutDetector()
{
    const Run r =
        run(load(processScenario), QStringLiteral("mutexes"), QStringLiteral("threads"), QStringLiteral("A B"));
    QVERIFY2(r.machine && r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.analysis.deadlocks.size(), size_t(1));
    const DeadlockCycle &c = r.analysis.deadlocks.front();
    QCOMPARE(c.event, -1); // nobody breaks an in-process deadlock
    QCOMPARE(c.victim, -1);
    QCOMPARE(int(c.edges.size()), 2);
    for (const Machine::WaitEdge &e : c.edges)
        QCOMPARE(e.place, Place::Mutex);
    int openWaits = 0, openHolds = 0;
    for (const LockInterval &iv : r.analysis.intervals) {
        openWaits += iv.kind == LockInterval::Wait && iv.isOpen();
        openHolds += iv.kind == LockInterval::Hold && iv.isOpen();
    }
    QCOMPARE(openWaits, 2);
    QCOMPARE(openHolds, 2);
    QCOMPARE(int(r.analysis.waitForGraphAt(int(r.trace.size()) - 1).size()), 2);
}

void TestTraceAnalysis::memoryIsPerInstance()
{
    // Two instances: B's read of its own process's counter never sees A's write.
    const Run two =
        run(load(processScenario), QStringLiteral("memory"), QStringLiteral("instances:2"), QStringLiteral("A A B B"));
    QVERIFY2(two.machine && two.error.isEmpty(), qPrintable(two.error));
    QCOMPARE(two.analysis.readFrom[size_t(two.find(1, EventKind::Read))], TraceAnalysis::InitialValue);
    // One process: it does.
    const Run one =
        run(load(processScenario), QStringLiteral("memory"), QStringLiteral("threads"), QStringLiteral("A A B B"));
    QVERIFY2(one.machine && one.error.isEmpty(), qPrintable(one.error));
    QCOMPARE(one.analysis.readFrom[size_t(one.find(1, EventKind::Read))], one.find(0, EventKind::Write));
    // And interleaved in one process: a lost update on a memory cell.
    const Run lost =
        run(load(processScenario), QStringLiteral("memory"), QStringLiteral("threads"), QStringLiteral("A B A B"));
    QVERIFY2(lost.machine && lost.error.isEmpty(), qPrintable(lost.error));
    QCOMPARE(lost.analysis.lostUpdates.size(), size_t(1));
}

void TestTraceAnalysis::leaseExpiresAndFences()
{
    // A takes the lease (token 1) and pauses past its TTL; time passes, the lease expires,
    // B takes it (token 2) and writes; A wakes and writes with its old token: rejected.
    const Run r =
        run(load(processScenario), QStringLiteral("lease"), QStringLiteral("threads"), QStringLiteral("A ~ B B B ~ A"));
    QVERIFY2(r.machine && r.error.isEmpty(), qPrintable(r.error));
    const LockInterval *leaseA = nullptr, *leaseB = nullptr;
    for (const LockInterval &iv : r.analysis.intervals)
        if (iv.kind == LockInterval::Hold && iv.place == Place::Lease)
            (iv.actor == 0 ? leaseA : leaseB) = &iv;
    QVERIFY(leaseA && leaseB);
    QCOMPARE(leaseA->token, 1);
    QCOMPARE(leaseB->token, 2);
    QCOMPARE(leaseA->ttlMs, 100);
    QCOMPARE(leaseA->end, LockInterval::Expired);
    QCOMPARE(leaseA->expireEvent, r.find(-1, EventKind::LeaseExpire));
    QVERIFY(leaseA->believedEndEvent == -1 || leaseA->believedEndEvent > leaseA->expireEvent);
    // A's pause is a Busy interval that ended when time passed.
    bool paused = false;
    for (const LockInterval &iv : r.analysis.intervals)
        paused = paused ||
            (iv.kind == LockInterval::Busy && iv.actor == 0 && iv.resource == 1 && iv.end == LockInterval::Woke);
    QVERIFY(paused);
    // A's stale write was rejected by the fence: a failure, not a write.
    int rejected = -1;
    for (int i = 0; i < int(r.trace.size()); ++i)
        if (r.trace[size_t(i)].kind == EventKind::Write && r.trace[size_t(i)].actor == 0)
            rejected = i;
    QVERIFY(rejected >= 0);
    QVERIFY(!isWriteEvent(r.trace[size_t(rejected)]));
    QVERIFY(std::find(r.analysis.failures.begin(), r.analysis.failures.end(), rejected) != r.analysis.failures.end());
}

void TestTraceAnalysis::stepStartsAndWaitForGraph()
{
    const Run r =
        run(load(transferScenario), QStringLiteral("opposite"), QStringLiteral("threads"), QStringLiteral("A B A B A"));
    QVERIFY2(r.machine && r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(int(r.analysis.stepStart.size()), r.analysis.stepCount + 1);
    QCOMPARE(r.analysis.stepStart.back(), int(r.trace.size()));
    for (int k = 0; k < r.analysis.stepCount; ++k) {
        const int first = r.analysis.stepStart[size_t(k)];
        QVERIFY(first <= r.analysis.stepStart[size_t(k) + 1]);
        if (first < int(r.trace.size()))
            QVERIFY(r.trace[size_t(first)].step >= k);
    }
    // B's fourth move takes accounts[2]: A, next in line for it, waits for B at once;
    // then B's own next request closes the cycle and the detector picks B.
    QVERIFY(r.analysis.waitForGraphAfterStep(3).empty());
    const auto afterFirstWait = r.analysis.waitForGraphAt(r.find(0, EventKind::LockWait));
    QCOMPARE(int(afterFirstWait.size()), 1);
    QCOMPARE(afterFirstWait.front().waiter, 0);
    QCOMPARE(afterFirstWait.front().holder, 1);
    QVERIFY(r.analysis.waitForGraphAfterStep(4).empty()); // B was rolled back, A has both rows
}

QTEST_GUILESS_MAIN(TestTraceAnalysis)
#include "tst_traceanalysis.moc"

namespace {
struct Judged
{
    std::shared_ptr<const Machine> machine;
    std::unique_ptr<Stepper> stepper;
    std::vector<RuleVerdict> rules;
    std::vector<FigureVerdict> figures;
};

Judged judge(const char *scenario, const QString &model, const QString &schedule)
{
    Judged j;
    for (const auto &spec : ScenarioLoader::loadBuiltins())
        if (spec->id == QLatin1String(scenario))
            j.machine =
                Machine::compile(*spec, spec->strategies.at(0).id, *ExecutionModel::parse(model, nullptr), {}, nullptr);
    if (!j.machine)
        return j;
    j.stepper = std::make_unique<Stepper>(j.machine);
    QString text = schedule;
    if (text == QLatin1String("bug")) {
        const ExplorerResult explored = Explorer::explore(*j.machine, ExplorerOptions{});
        if (const ExplorerOutcome *bug = explored.simplestCounterexample())
            text = bug->schedule.toString(*j.machine);
    }
    if (const auto moves = Schedule::parse(text, *j.machine, nullptr))
        j.stepper->replay(*moves, nullptr);
    j.rules = judgeRules(*j.machine, j.stepper->state(), j.stepper->trace(), analyze(*j.machine, j.stepper->trace()));
    j.figures = judgeFigures(*j.machine, j.stepper->state(), j.rules);
    return j;
}
} // namespace

// The three cases the dashboard got wrong: a figure is ✓ only under the checklist's own rule.
void TestTraceAnalysis::verdictsAgreeWithTheChecklist()
{
    // Double withdraw A B A B: the balance is its "expected" −20, but balance ≥ 0 is broken.
    Judged withdraw = judge("double-withdraw", QStringLiteral("threads"), QStringLiteral("A B A B"));
    QVERIFY(withdraw.machine);
    QCOMPARE(withdraw.figures[0].actual, -20);
    QCOMPARE(withdraw.figures[0].expected, -20);
    QCOMPARE(withdraw.figures[0].status, FigureVerdict::Wrong);
    QVERIFY(withdraw.figures[0].brokenRule >= 0);
    QCOMPARE(withdraw.rules[0].status, RuleVerdict::Broken);
    const TraceEvent &culprit = withdraw.stepper->trace()[size_t(withdraw.rules[0].culprit)];
    QVERIFY(isWriteEvent(culprit)); // the write that overdrew, not "finishes successfully"
    QCOMPARE(culprit.actor, 1);

    // Lost update before any move: nothing is judged, not "300 over so far".
    Judged start = judge("lost-update", QStringLiteral("threads"), QString());
    QVERIFY(start.machine);
    for (const FigureVerdict &f : start.figures)
        QVERIFY(f.status == FigureVerdict::Pending || f.status == FigureVerdict::NoExpectation);
    QCOMPARE(start.rules[0].status, RuleVerdict::Pending);

    // Event-loop blocking: nobody is held up at the end, but the rule broke while they were.
    Judged blocking = judge("event-loop-blocking", QStringLiteral("eventloop"), QStringLiteral("bug"));
    QVERIFY(blocking.machine);
    QCOMPARE(blocking.figures[0].actual, 0);
    QCOMPARE(blocking.figures[0].status, FigureVerdict::Wrong);
    QCOMPARE(blocking.rules[0].status, RuleVerdict::Broken);
    QVERIFY(blocking.rules[0].culprit >= 0);
}
