// Step semantics of the machine, one step kind at a time, on small inline
// scenarios: what each step does to the state, when it blocks and why, what it
// records in the trace, and how the execution models place scheduling points.

#include "drivers/stepper.h"
#include "machine/machine.h"
#include "scenario/scenario.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace Interleave;

class TestMachine : public QObject
{
    Q_OBJECT
private slots:
    void readLetWrite();
    void memoryCells();
    void failStep_data();
    void failStep();
    void gotoAndFinish();
    void updateWhere_data();
    void updateWhere();
    void updateSetsFromTheOldRow();
    void insert_data();
    void insert();
    void insertWaitsForUncommittedKey_data();
    void insertWaitsForUncommittedKey();
    void uniqueKeyPerStrategy();
    void exists();
    void transactionPendingValuesAreInvisible();
    void rollbackDiscards();
    void writeInTransactionHoldsRowLock();
    void lockRowForUpdate();
    void mutexLockUnlock();
    void tryLock();
    void leaseAcquire_data();
    void leaseAcquire();
    void leaseRelease_data();
    void leaseRelease();
    void fencedWriteRejected();
    void fencedReadRejected();
    void staleLeaseWrite();
    void queueOrder();
    void sleepYieldsWithoutVirtualTime();
    void cpuStep_data();
    void cpuStep();
    void pauseStopsTheProcess();
    void pool_data();
    void pool();
    void finallyRunsCleanup();
    void failureBeforeTrySkipsFinally();
    void failureInsideFinally();
    void deadlockDetectorPicksVictim();
    void lockWaitTimeout();
    void mutexDeadlockIsStuck();
    void noAwaitCannotInterleaveOnEventLoop_data();
    void noAwaitCannotInterleaveOnEventLoop();
    void instancesHaveSeparateMemoryAndMutexes();
    void alwaysRuleIsSticky();
    void memoryRuleHoldsOnEveryInstance();
    void loaderRejectsBadSteps_data();
    void loaderRejectsBadSteps();
    void stepLocality_data();
    void stepLocality();
    void poolTimeoutIsNotLocal();
    void enqueueTwiceFailsTheRequest_data();
    void enqueueTwiceFailsTheRequest();
    void modelLimitsRejectedAtLoad_data();
    void modelLimitsRejectedAtLoad();
    void hugeDurationsSaturate();
    void compilerChecksNumbersItself();
    void verdictOfDeadlocks();
};

namespace {

// A one-strategy scenario from JSON fragments.
QByteArray scenario(const char *state, const char *actors, const char *programs, const char *database = "{}",
                    const char *rules = "[]", const char *params = "[]")
{
    return QByteArray(R"J({"format": 1, "id": "t", "title": "t", "params": )J") + params + R"J(, "state": )J" + state +
        R"J(, "actors": )J" + actors + R"J(, "strategies": [{"id": "s", "database": )J" + database +
        R"J(, "programs": )J" + programs + R"J(}], "invariants": )J" + rules + "}";
}

std::shared_ptr<const Machine> build(const QByteArray &json, const char *model, QString *error)
{
    const auto spec = ScenarioLoader::loadData(json, QStringLiteral("inline.json"), error);
    if (!spec)
        return nullptr;
    return Machine::compile(*spec, QStringLiteral("s"), *ExecutionModel::parse(QLatin1String(model), nullptr), {},
                            error);
}

bool play(Stepper &stepper, const char *schedule, QString *error)
{
    const auto parsed = Schedule::parse(QLatin1String(schedule), stepper.machine(), error);
    return parsed && stepper.replay(*parsed, error);
}

QString errorText(const Machine &m, const State &s, int actor)
{
    return m.status(s, actor) == ActorStatus::Failed ? m.messages().value(m.errorOf(s, actor)) : QString();
}

int count(const Trace &trace, EventKind kind, int actor = -2)
{
    int n = 0;
    for (const TraceEvent &e : trace)
        n += e.kind == kind && (actor == -2 || e.actor == actor);
    return n;
}

const TraceEvent *last(const Trace &trace, EventKind kind)
{
    for (auto it = trace.rbegin(); it != trace.rend(); ++it)
        if (it->kind == kind)
            return &*it;
    return nullptr;
}

const char *const Accounts = R"J({"tables": [{"name": "accounts", "columns": ["balance", "version"],
                                  "rows": [{"id": 1, "balance": 100, "version": 0}, {"id": 2, "balance": 50, "version": 0}]}]})J";
const char *const TwoRequests = R"J([{"name": "Request %1", "repeat": 2}])J";

} // namespace

#define BUILD(var, json, model)                                                                                        \
    QString var##Error;                                                                                                \
    const auto var = build(json, model, &var##Error);                                                                  \
    QVERIFY2(var, qPrintable(var##Error))

#define PLAY(stepper, schedule)                                                                                        \
    do {                                                                                                               \
        QString playError;                                                                                             \
        QVERIFY2(play(stepper, schedule, &playError), qPrintable(playError));                                          \
    } while (false)

void TestMachine::readLetWrite()
{
    BUILD(m, scenario(Accounts, R"J([{"name": "R"}])J", R"J({"main": [
        {"code": "read", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b"}]},
        {"code": "let", "steps": [{"op": "let", "into": "c", "value": "b * 2 + 1"}]},
        {"code": "write", "steps": [{"op": "write", "cell": "accounts[2].balance", "value": "c"}]}]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A");
    QCOMPARE(m->local(st.state(), 0, QStringLiteral("b")), 100);
    // The let is local: it runs in the same unit as the read, up to the write.
    QCOMPARE(m->local(st.state(), 0, QStringLiteral("c")), 201);
    QCOMPARE(m->cellValue(st.state(), 1, 0), 50);
    QCOMPARE(m->currentLine(st.state(), 0), 2);
    QVERIFY(st.move(0));
    QCOMPARE(m->cellValue(st.state(), 1, 0), 201);
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->status(st.state(), 0), ActorStatus::Done);
    const TraceEvent *read = last(st.trace(), EventKind::Read);
    QVERIFY(read);
    QCOMPARE(read->value, 100);
    QCOMPARE(read->place, Place::Row);
    QCOMPARE(read->line, 0);
    const TraceEvent *local = last(st.trace(), EventKind::Local);
    QVERIFY(local);
    QCOMPARE(local->value, 201);
    const TraceEvent *write = last(st.trace(), EventKind::Write);
    QVERIFY(write);
    QCOMPARE(write->value, 201);
    QCOMPARE(write->resource, 1);
    QCOMPARE(write->line, 2);
    QCOMPARE(count(st.trace(), EventKind::Done, 0), 1);
}

void TestMachine::memoryCells()
{
    BUILD(m,
          scenario(R"J({"memory": {"count": 7}})J", R"J([{"name": "R"}])J", R"J({"main": [
        {"code": "const c = count;", "steps": [{"op": "read", "cell": "mem.count", "into": "c"}]},
        {"code": "count = c + 1;", "steps": [{"op": "write", "cell": "mem.count", "value": "c + 1"}]}]})J",
                   "{}", R"J([{"id": "r", "label": "count is 8", "check": "mem.count == 8"}])J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A A");
    QCOMPARE(m->local(st.state(), 0, QStringLiteral("c")), 7);
    QCOMPARE(m->checkInvariants(st.state()), std::vector<bool>{true});
    QCOMPARE(last(st.trace(), EventKind::Write)->place, Place::Memory);
}

void TestMachine::failStep_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("ranOn");
    QTest::newRow("condition true") << QByteArray(R"J({"op": "fail", "if": "b < 200", "error": "Insufficient funds"})J")
                                    << QStringLiteral("Insufficient funds") << false;
    QTest::newRow("condition false") << QByteArray(R"J({"op": "fail", "if": "b < 50", "error": "Insufficient funds"})J")
                                     << QString() << true;
    QTest::newRow("unconditional") << QByteArray(R"J({"op": "fail", "error": "No seats left"})J")
                                   << QStringLiteral("No seats left") << false;
    QTest::newRow("default text") << QByteArray(R"J({"op": "fail"})J") << QStringLiteral("Request failed") << false;
}

void TestMachine::failStep()
{
    QFETCH(QByteArray, step);
    QFETCH(QString, error);
    QFETCH(bool, ranOn);
    const QByteArray programs = R"J({"main": [
        {"code": "read", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b"}]},
        {"code": "check", "steps": [)J" +
        step + R"J(]},
        {"code": "write", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "b - 50"}]}]})J";
    BUILD(m, scenario(Accounts, R"J([{"name": "R"}])J", programs.constData()), "threads");
    Stepper st(m);
    PLAY(st, "A");
    if (ranOn)
        QVERIFY(st.move(0));
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(errorText(*m, st.state(), 0), error);
    QCOMPARE(m->cellValue(st.state(), 0, 0), ranOn ? 50 : 100);
    QCOMPARE(count(st.trace(), EventKind::Fail, 0), ranOn ? 0 : 1);
}

void TestMachine::gotoAndFinish()
{
    // A counting loop of local steps, then a conditional early return.
    BUILD(m, scenario(Accounts, R"J([{"name": "R", "locals": {"n": 0}}])J", R"J({"main": [
        {"code": "loop", "label": "loop", "steps": [{"op": "let", "into": "n", "value": "n + 1"}, {"op": "goto", "to": "loop", "if": "n < 5"}]},
        {"code": "write", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "n"}]},
        {"code": "return", "steps": [{"op": "finish", "if": "n == 5"}]},
        {"code": "never", "steps": [{"op": "write", "cell": "accounts[2].balance", "value": "-1"}]}]})J"),
          "threads");
    // Leading local steps run before anyone is scheduled.
    QCOMPARE(m->local(m->initialState(), 0, QStringLiteral("n")), 5);
    Stepper st(m);
    PLAY(st, "A");
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->status(st.state(), 0), ActorStatus::Done);
    QCOMPARE(m->cellValue(st.state(), 0, 0), 5);
    QCOMPARE(m->cellValue(st.state(), 1, 0), 50);
}

void TestMachine::updateWhere_data()
{
    QTest::addColumn<int>("amount");
    QTest::addColumn<int>("affected");
    QTest::addColumn<int>("balance");
    QTest::newRow("matches: 1 row affected") << 60 << 1 << 40;
    QTest::newRow("exactly the balance") << 100 << 1 << 0;
    QTest::newRow("no match: 0 rows affected") << 101 << 0 << 100;
}

void TestMachine::updateWhere()
{
    QFETCH(int, amount);
    QFETCH(int, affected);
    QFETCH(int, balance);
    const QByteArray actors = R"J([{"name": "R", "locals": {"amount": )J" + QByteArray::number(amount) + "}}]";
    BUILD(m, scenario(Accounts, actors.constData(), R"J({"main": [
        {"code": "UPDATE accounts SET balance = balance - ? WHERE id = 1 AND balance >= ?",
         "steps": [{"op": "update", "row": "accounts[1]", "set": {"balance": "row.balance - amount"},
                    "where": "row.balance >= amount", "into": "affected"}]},
        {"code": "if (!affected) throw", "steps": [{"op": "fail", "if": "!affected", "error": "Insufficient funds"}]}]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A");
    QCOMPARE(m->local(st.state(), 0, QStringLiteral("affected")), affected);
    QCOMPARE(m->cellValue(st.state(), 0, 0), balance);
    QCOMPARE(errorText(*m, st.state(), 0), affected ? QString() : QStringLiteral("Insufficient funds"));
    const TraceEvent *update = last(st.trace(), EventKind::Update);
    QVERIFY(update);
    QCOMPARE(update->version, affected);
}

void TestMachine::updateSetsFromTheOldRow()
{
    // SET balance = version, version = balance: every right-hand side sees the old row.
    BUILD(m, scenario(Accounts, R"J([{"name": "R"}])J", R"J({"main": [
        {"code": "swap", "steps": [{"op": "update", "row": "accounts[1]", "set": {"balance": "row.version", "version": "row.balance"}}]}]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A");
    QCOMPARE(m->cellValue(st.state(), 0, 0), 0);
    QCOMPARE(m->cellValue(st.state(), 0, 1), 100);
}

void TestMachine::insert_data()
{
    QTest::addColumn<bool>("unique");
    QTest::addColumn<bool>("withInto");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("error");
    QTest::newRow("non-unique keeps the duplicate") << false << false << 2 << QString();
    QTest::newRow("unique rejects the duplicate")
        << true << false << 1 << QStringLiteral("ER_DUP_ENTRY: Duplicate entry for key");
    QTest::newRow("unique, ON CONFLICT DO NOTHING") << true << true << 1 << QString();
}

void TestMachine::insert()
{
    QFETCH(bool, unique);
    QFETCH(bool, withInto);
    QFETCH(int, rows);
    QFETCH(QString, error);
    const QByteArray state = R"J({"tables": [{"name": "likes", "unique": )J" + QByteArray(unique ? "true" : "false") +
        R"J(, "keys": [3]}]})J";
    const QByteArray step = withInto ? R"J({"op": "insert", "table": "likes", "key": "7", "into": "inserted"})J"
                                     : R"J({"op": "insert", "table": "likes", "key": "7"})J";
    const QByteArray programs = R"J({"main": [{"code": "INSERT", "steps": [)J" + step + "]}]}";
    BUILD(m, scenario(state.constData(), TwoRequests, programs.constData()), "threads");
    Stepper st(m);
    PLAY(st, "A B");
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->tableKeys(st.state(), 0), rows == 2 ? (std::vector<int64_t>{3, 7, 7}) : (std::vector<int64_t>{3, 7}));
    QCOMPARE(errorText(*m, st.state(), 0), QString());
    QCOMPARE(errorText(*m, st.state(), 1), error);
    if (withInto) {
        QCOMPARE(m->local(st.state(), 0, QStringLiteral("inserted")), 1);
        QCOMPARE(m->local(st.state(), 1, QStringLiteral("inserted")), 0);
    }
    const TraceEvent *insert = last(st.trace(), EventKind::Insert);
    QVERIFY(insert);
    QCOMPARE(insert->value, 7);
    QCOMPARE(insert->version, rows == 2 ? 1 : 0);
}

void TestMachine::insertWaitsForUncommittedKey_data()
{
    QTest::addColumn<bool>("firstCommits");
    QTest::newRow("first commits: duplicate") << true;
    QTest::newRow("first rolls back: second inserts") << false;
}

void TestMachine::insertWaitsForUncommittedKey()
{
    QFETCH(bool, firstCommits);
    const QByteArray end = firstCommits ? "commit" : "rollback";
    const QByteArray programs = R"J({"main": [
        {"code": "BEGIN", "steps": [{"op": "begin"}]},
        {"code": "INSERT", "steps": [{"op": "insert", "table": "likes", "key": "1"}]},
        {"code": "END", "steps": [{"op": ")J" +
        end + R"J("}]}]})J";
    BUILD(
        m,
        scenario(R"J({"tables": [{"name": "likes", "unique": true, "keys": []}]})J", TwoRequests, programs.constData()),
        "threads");
    Stepper st(m);
    // A: begin | insert; B: begin. B's INSERT of the same key must wait for A's transaction.
    PLAY(st, "A A B");
    QVERIFY(!m->isEnabled(st.state(), 1));
    const BlockInfo info = m->blockInfo(st.state(), 1);
    QCOMPARE(info.kind, BlockInfo::WaitsForLock);
    QCOMPARE(info.place, Place::Table);
    QCOMPARE(info.holder, 0);
    QCOMPARE(count(st.trace(), EventKind::LockWait, 1), 1);
    // Uncommitted: not yet a row anyone else counts.
    QCOMPARE(m->tableKeys(st.state(), 0).size(), size_t(0));
    QVERIFY(st.move(0));
    QVERIFY(m->isEnabled(st.state(), 1));
    QVERIFY(st.move(1));
    if (firstCommits) {
        QCOMPARE(errorText(*m, st.state(), 1), QStringLiteral("ER_DUP_ENTRY: Duplicate entry for key"));
        QCOMPARE(count(st.trace(), EventKind::Rollback, 1), 1);
    } else {
        QCOMPARE(errorText(*m, st.state(), 1), QString());
        const TraceEvent *insert = last(st.trace(), EventKind::Insert);
        QVERIFY(insert);
        QCOMPARE(insert->actor, 1);
        QCOMPARE(insert->version, 1);
        QVERIFY(st.move(1)); // and rolls back as well
    }
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->tableKeys(st.state(), 0), firstCommits ? std::vector<int64_t>{1} : std::vector<int64_t>{});
}

void TestMachine::uniqueKeyPerStrategy()
{
    // The same key table, made unique by the strategy: the fix is a schema change.
    const char *programs =
        R"J({"main": [{"code": "INSERT", "steps": [{"op": "insert", "table": "likes", "key": "1"}]}]})J";
    BUILD(m,
          scenario(R"J({"tables": [{"name": "likes", "keys": []}]})J", TwoRequests, programs,
                   R"J({"unique": ["likes"]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A B");
    QCOMPARE(errorText(*m, st.state(), 1), QStringLiteral("ER_DUP_ENTRY: Duplicate entry for key"));
    QString error;
    QVERIFY(!build(scenario(R"J({"tables": [{"name": "likes", "keys": []}]})J", TwoRequests, programs,
                            R"J({"unique": ["nope"]})J"),
                   "threads", &error));
    QVERIFY2(error.contains(QLatin1String("strategies[0].database.unique")) &&
                 error.contains(QLatin1String("\"nope\"")),
             qPrintable(error));
}

void TestMachine::exists()
{
    // Committed keys and one's own uncommitted keys are visible; another transaction's are not.
    BUILD(m, scenario(R"J({"tables": [{"name": "keys", "keys": [5]}]})J", TwoRequests, R"J({"main": [
        {"code": "BEGIN", "steps": [{"op": "begin"}]},
        {"code": "SELECT 5", "steps": [{"op": "exists", "table": "keys", "key": "5", "into": "five"}]},
        {"code": "INSERT 6", "steps": [{"op": "insert", "table": "keys", "key": "6 + i"}]},
        {"code": "SELECT 6", "steps": [{"op": "exists", "table": "keys", "key": "6", "into": "six"}]},
        {"code": "COMMIT", "steps": [{"op": "commit"}]}]})J"),
          "threads");
    Stepper st(m);
    // A inserts 6 (uncommitted); B inserts 7 and looks for 6.
    PLAY(st, "A A A B B B B");
    QCOMPARE(m->local(st.state(), 1, QStringLiteral("five")), 1);
    QCOMPARE(m->local(st.state(), 1, QStringLiteral("six")), 0);
    QVERIFY(st.move(0));
    QCOMPARE(m->local(st.state(), 0, QStringLiteral("six")), 1);
    const TraceEvent *lookup = last(st.trace(), EventKind::Lookup);
    QVERIFY(lookup);
    QCOMPARE(lookup->value, 6);
    QCOMPARE(lookup->version, 1);
}

void TestMachine::transactionPendingValuesAreInvisible()
{
    BUILD(m, scenario(Accounts, R"J([{"name": "Writer", "program": "w"}, {"name": "Reader", "program": "r"}])J", R"J({
        "w": [{"code": "BEGIN", "steps": [{"op": "begin"}]},
              {"code": "UPDATE", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "70"}]},
              {"code": "SELECT", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "own"}]},
              {"code": "COMMIT", "steps": [{"op": "commit"}]}],
        "r": [{"code": "SELECT", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "seen"}]},
              {"code": "SELECT again", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "later"}]}]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A A A B");
    QCOMPARE(m->local(st.state(), 0, QStringLiteral("own")), 70); // its own pending write
    QCOMPARE(m->local(st.state(), 1, QStringLiteral("seen")), 100); // others see the committed value
    QCOMPARE(m->cellValue(st.state(), 0, 0), 100);
    QVERIFY(st.move(0));
    QCOMPARE(count(st.trace(), EventKind::Commit, 0), 1);
    QCOMPARE(m->cellValue(st.state(), 0, 0), 70);
    QVERIFY(st.move(1));
    QCOMPARE(m->local(st.state(), 1, QStringLiteral("later")), 70);
}

void TestMachine::rollbackDiscards()
{
    BUILD(m, scenario(Accounts, R"J([{"name": "R"}])J", R"J({"main": [
        {"code": "BEGIN", "steps": [{"op": "begin"}]},
        {"code": "UPDATE", "steps": [{"op": "update", "row": "accounts[1]", "set": {"balance": "row.balance - 30"}}]},
        {"code": "ROLLBACK", "steps": [{"op": "rollback"}]},
        {"code": "SELECT", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b"}]}]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A A A A");
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->local(st.state(), 0, QStringLiteral("b")), 100);
    QCOMPARE(m->cellValue(st.state(), 0, 0), 100);
    QCOMPARE(count(st.trace(), EventKind::Rollback, 0), 1);
    QCOMPARE(count(st.trace(), EventKind::LockRelease, 0), 1);
}

void TestMachine::writeInTransactionHoldsRowLock()
{
    BUILD(m, scenario(Accounts, TwoRequests, R"J({"main": [
        {"code": "BEGIN", "steps": [{"op": "begin"}]},
        {"code": "UPDATE", "steps": [{"op": "update", "row": "accounts[1]", "set": {"balance": "row.balance + 10"}}]},
        {"code": "COMMIT", "steps": [{"op": "commit"}]}]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A A B");
    const BlockInfo info = m->blockInfo(st.state(), 1);
    QCOMPARE(info.kind, BlockInfo::WaitsForLock);
    QCOMPARE(info.place, Place::Row);
    QCOMPARE(info.holder, 0);
    QVERIFY(!st.move(1));
    QVERIFY(st.move(0));
    QVERIFY(st.move(1));
    QVERIFY(st.move(1));
    QCOMPARE(m->cellValue(st.state(), 0, 0), 120);
}

void TestMachine::lockRowForUpdate()
{
    // SELECT … FOR UPDATE in a transaction and lock_row take the row lock; a plain SELECT does not wait.
    BUILD(
        m,
        scenario(
            Accounts,
            R"J([{"name": "Locker", "program": "l"}, {"name": "Plain", "program": "p"}, {"name": "Second", "program": "l"}])J",
            R"J({
        "l": [{"code": "BEGIN", "steps": [{"op": "begin"}]},
              {"code": "SELECT … FOR UPDATE", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b", "forUpdate": true}]},
              {"code": "SELECT id FROM accounts WHERE id = 2 FOR UPDATE", "steps": [{"op": "lock_row", "row": "accounts[2]"}]},
              {"code": "COMMIT", "steps": [{"op": "commit"}]}],
        "p": [{"code": "SELECT", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b"}]}]})J"),
        "threads");
    Stepper st(m);
    PLAY(st, "A A A C");
    QVERIFY(m->isEnabled(st.state(), 1));
    QCOMPARE(m->blockInfo(st.state(), 2).kind, BlockInfo::WaitsForLock);
    QCOMPARE(m->blockInfo(st.state(), 2).holder, 0);
    QCOMPARE(last(st.trace(), EventKind::Read)->version, 1); // a locking read
    QVERIFY(st.move(1));
    QCOMPARE(m->local(st.state(), 1, QStringLiteral("b")), 100);
    QVERIFY(st.move(0));
    QCOMPARE(count(st.trace(), EventKind::LockRelease, 0), 2); // both rows
    QVERIFY(m->isEnabled(st.state(), 2));
}

void TestMachine::mutexLockUnlock()
{
    BUILD(m, scenario(R"J({"memory": {"x": 0}, "mutexes": ["m"]})J", TwoRequests, R"J({"main": [
        {"code": "await mutex.lock();", "steps": [{"op": "lock", "mutex": "m"}]},
        {"code": "x = i + 1", "steps": [{"op": "write", "cell": "mem.x", "value": "i + 1"}]},
        {"code": "mutex.unlock();", "steps": [{"op": "unlock", "mutex": "m"}]}]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A");
    QVERIFY(!m->isEnabled(st.state(), 1));
    const BlockInfo info = m->blockInfo(st.state(), 1);
    QCOMPARE(info.kind, BlockInfo::WaitsForLock);
    QCOMPARE(info.place, Place::Mutex);
    QCOMPARE(info.holder, 0);
    PLAY(st, "A A A B B B");
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(count(st.trace(), EventKind::LockAcquire), 2);
    QCOMPARE(count(st.trace(), EventKind::LockRelease), 2);
}

void TestMachine::tryLock()
{
    // try_lock without "into" fails the request (seed 002's 429 Busy); with "into" it reports and goes on.
    BUILD(
        m,
        scenario(
            R"J({"mutexes": ["m"]})J",
            R"J([{"name": "Holder", "program": "h"}, {"name": "Busy", "program": "t"}, {"name": "Asks", "program": "q"}])J",
            R"J({
        "h": [{"code": "lock", "steps": [{"op": "try_lock", "mutex": "m"}]},
              {"code": "unlock", "steps": [{"op": "unlock", "mutex": "m"}]}],
        "t": [{"code": "if (locked) return res.status(429).send('Busy')", "steps": [{"op": "try_lock", "mutex": "m"}]}],
        "q": [{"code": "const got = tryLock();", "steps": [{"op": "try_lock", "mutex": "m", "into": "got"}]},
              {"code": "got ? … : …", "steps": [{"op": "finish", "if": "!got"}]}]})J"),
        "threads");
    Stepper st(m);
    PLAY(st, "A B C");
    QCOMPARE(errorText(*m, st.state(), 1), QStringLiteral("429 Busy"));
    QCOMPARE(m->status(st.state(), 2), ActorStatus::Done);
    QCOMPARE(m->local(st.state(), 2, QStringLiteral("got")), 0);
    QCOMPARE(count(st.trace(), EventKind::LockDenied), 2);
    QVERIFY(st.move(0));
    QVERIFY(m->isFinal(st.state()));
}

void TestMachine::leaseAcquire_data()
{
    QTest::addColumn<bool>("wait");
    QTest::newRow("seed 004: throws when taken") << false;
    QTest::newRow("retries until free") << true;
}

void TestMachine::leaseAcquire()
{
    QFETCH(bool, wait);
    const QByteArray programs = R"J({"main": [
        {"code": "SET lock NX PX 100", "steps": [{"op": "lease_acquire", "lease": "lock", "ttl": "100", "token": "token", "wait": )J" +
        QByteArray(wait ? "true" : "false") + R"J(}]},
        {"code": "work", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b"}]}]})J";
    BUILD(
        m,
        scenario(
            R"J({"tables": [{"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": 0}]}], "leases": ["lock"]})J",
            TwoRequests, programs.constData()),
        "threads");
    Stepper st(m);
    PLAY(st, "A");
    QCOMPARE(m->local(st.state(), 0, QStringLiteral("token")), 1);
    const TraceEvent *acquire = last(st.trace(), EventKind::LockAcquire);
    QVERIFY(acquire);
    QCOMPARE(acquire->version, 1); // fencing token
    QCOMPARE(acquire->value, 100); // expires at t=100
    QVERIFY(m->canTick(st.state()));
    if (!wait) {
        QVERIFY(st.move(1));
        QCOMPARE(errorText(*m, st.state(), 1), QStringLiteral("Could not acquire lock"));
        QCOMPARE(count(st.trace(), EventKind::LockDenied, 1), 1);
        return;
    }
    QCOMPARE(m->blockInfo(st.state(), 1).kind, BlockInfo::WaitsForLock);
    QCOMPARE(m->blockInfo(st.state(), 1).place, Place::Lease);
    // Time passes: the TTL runs out although A is still working; B gets the lock with a newer token.
    QVERIFY(st.move(Schedule::Tick));
    QCOMPARE(m->now(st.state()), 100);
    QCOMPARE(count(st.trace(), EventKind::LeaseExpire, 0), 1);
    QVERIFY(st.move(1));
    QCOMPARE(m->local(st.state(), 1, QStringLiteral("token")), 2);
    QCOMPARE(last(st.trace(), EventKind::LockAcquire)->value, 200);
}

void TestMachine::leaseRelease_data()
{
    QTest::addColumn<bool>("checkOwner");
    QTest::addColumn<int>("holderAfter");
    QTest::addColumn<uint64_t>("anomalies");
    QTest::newRow("owner check: B keeps its lock") << true << 1 << uint64_t(0);
    QTest::newRow("plain DEL: A deletes B's lock") << false << -1 << uint64_t(Machine::ForeignRelease);
}

void TestMachine::leaseRelease()
{
    QFETCH(bool, checkOwner);
    QFETCH(int, holderAfter);
    QFETCH(uint64_t, anomalies);
    const QByteArray programs = R"J({"main": [
        {"code": "acquire", "steps": [{"op": "lease_acquire", "lease": "lock", "ttl": "100", "wait": true}]},
        {"code": "release", "steps": [{"op": "lease_release", "lease": "lock", "checkOwner": )J" +
        QByteArray(checkOwner ? "true" : "false") + R"J(}]}]})J";
    BUILD(m,
          scenario(R"J({"leases": ["lock"]})J", TwoRequests, programs.constData(), "{}",
                   R"J([{"id": "h", "label": "holder", "check": "holder(0)"}])J"),
          "threads");
    Stepper st(m);
    // A's lease expires, B takes the lock, then A releases.
    PLAY(st, "A ~ B A");
    QCOMPARE(m->anomalyMask(st.state()), anomalies);
    QCOMPARE(m->evaluate(m->invariants().front().check, st.state()), holderAfter);
    const TraceEvent *e =
        checkOwner ? last(st.trace(), EventKind::LockDenied) : last(st.trace(), EventKind::LockRelease);
    QVERIFY(e);
    QCOMPARE(e->actor, 0);
    QCOMPARE(e->value, 1); // whose lock it found
    QCOMPARE(e->version, int64_t(checkOwner ? 1 : 0)); // 1: a release that deleted nothing
    QVERIFY(m->narrate(*e).contains(m->actor(1).name));
    // B's own release afterwards.
    QVERIFY(st.move(1));
    QVERIFY(m->isFinal(st.state()));
    const TraceEvent *own = last(st.trace(), checkOwner ? EventKind::LockRelease : EventKind::LockDenied);
    QVERIFY(own);
    QCOMPARE(own->actor, 1);
    QCOMPARE(own->version, int64_t(checkOwner ? 0 : 1));
    QVERIFY2(!m->narrate(*own).contains(m->actor(0).name), qPrintable(m->narrate(*own)));
}

void TestMachine::fencedWriteRejected()
{
    BUILD(
        m,
        scenario(
            R"J({"tables": [{"name": "files", "columns": ["data"], "rows": [{"id": 1, "data": 0}]}], "leases": ["lock"]})J",
            TwoRequests, R"J({"main": [
        {"code": "acquire", "steps": [{"op": "lease_acquire", "lease": "lock", "ttl": "100", "token": "token", "wait": true}]},
        {"code": "write(data, token)", "steps": [{"op": "write", "cell": "files[1].data", "value": "10 + i", "fence": "token"}]}]})J"),
        "threads");
    Stepper st(m);
    // A holds token 1; its lease expires; B gets token 2 and writes; A's write with token 1 is rejected.
    PLAY(st, "A ~ B B A");
    QCOMPARE(m->cellValue(st.state(), 0, 0), 11);
    QCOMPARE(errorText(*m, st.state(), 0),
             QStringLiteral("Storage rejected the write: its fencing token is older than one already seen"));
    QCOMPARE(m->status(st.state(), 1), ActorStatus::Done);
    QCOMPARE(m->anomalyMask(st.state()), uint64_t(Machine::RejectedStaleToken));
    const TraceEvent *write = last(st.trace(), EventKind::Write);
    QVERIFY(write);
    QCOMPARE(write->version, 1);
    QVERIFY(write->message >= 0);
    // In token order both writes land.
    PLAY(st, "A A ~ B B");
    QCOMPARE(m->cellValue(st.state(), 0, 0), 11);
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->status(st.state(), 0), ActorStatus::Done);
}

void TestMachine::fencedReadRejected()
{
    BUILD(
        m,
        scenario(
            R"J({"tables": [{"name": "files", "columns": ["data"], "rows": [{"id": 1, "data": 0}]}], "leases": ["lock"]})J",
            TwoRequests, R"J({"main": [
        {"code": "acquire", "steps": [{"op": "lease_acquire", "lease": "lock", "ttl": "100", "token": "token", "wait": true}]},
        {"code": "read(token)", "steps": [{"op": "read", "cell": "files[1].data", "into": "d", "fence": "token"}]},
        {"code": "write(token)", "steps": [{"op": "write", "cell": "files[1].data", "value": "d + 1", "fence": "token"}]}]})J"),
        "threads");
    Stepper st(m);
    // B's read with token 2 tells storage about the newer holder: A's read with token 1 is refused.
    PLAY(st, "A ~ B B A");
    QCOMPARE(errorText(*m, st.state(), 0),
             QStringLiteral("Storage rejected the read: its fencing token is older than one already seen"));
    // And A's write after B's read is refused too, although B has not written yet.
    PLAY(st, "A A ~ B B A");
    QCOMPARE(errorText(*m, st.state(), 0),
             QStringLiteral("Storage rejected the write: its fencing token is older than one already seen"));
    QVERIFY(st.move(1));
    QCOMPARE(m->cellValue(st.state(), 0, 0), 1);
}

void TestMachine::staleLeaseWrite()
{
    BUILD(
        m,
        scenario(
            R"J({"tables": [{"name": "files", "columns": ["data"], "rows": [{"id": 1, "data": 0}]}], "leases": ["lock"]})J",
            R"J([{"name": "R"}])J", R"J({"main": [
        {"code": "acquire", "steps": [{"op": "lease_acquire", "lease": "lock", "ttl": "100"}]},
        {"code": "write", "steps": [{"op": "write", "cell": "files[1].data", "value": "1", "lease": "lock"}]}]})J"),
        "threads");
    Stepper st(m);
    PLAY(st, "A A");
    QCOMPARE(m->anomalyMask(st.state()), uint64_t(0));
    PLAY(st, "A ~ A");
    QCOMPARE(m->anomalyMask(st.state()), uint64_t(Machine::StaleLeaseWrite));
    QCOMPARE(m->cellValue(st.state(), 0, 0), 1); // nothing stops it
    QCOMPARE(count(st.trace(), EventKind::Anomaly, 0), 1);
}

void TestMachine::queueOrder()
{
    BUILD(m,
          scenario(R"J({"memory": {"log": 0}, "queues": ["jobs"]})J", R"J([{"name": "Job %1", "repeat": 3}])J",
                   R"J({"main": [
        {"code": "await queue.add(job)", "steps": [{"op": "enqueue", "queue": "jobs"}]},
        {"code": "log = log * 10 + i + 1", "steps": [{"op": "read", "cell": "mem.log", "into": "l"},
                                                    {"op": "write", "cell": "mem.log", "value": "l * 10 + i + 1"}]},
        {"code": "done", "steps": [{"op": "dequeue", "queue": "jobs"}]}]})J",
                   "{}", R"J([{"id": "order", "label": "jobs ran C, A, B", "check": "mem.log == 312"}])J"),
          "threads");
    Stepper st(m);
    // Enqueued in the order C, A, B: the worker runs them in that order.
    PLAY(st, "C A B");
    QCOMPARE(m->blockInfo(st.state(), 0).kind, BlockInfo::WaitsInQueue);
    QCOMPARE(m->blockInfo(st.state(), 0).holder, 2);
    QCOMPARE(m->blockInfo(st.state(), 1).kind, BlockInfo::WaitsInQueue);
    QVERIFY(m->isEnabled(st.state(), 2));
    QCOMPARE(last(st.trace(), EventKind::Enqueue)->value, 3); // third in line
    PLAY(st, "C A B C C C A A A B B B");
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->checkInvariants(st.state()), std::vector<bool>{true});
    QCOMPARE(m->local(st.state(), 1, QStringLiteral("l")), 31);
    QCOMPARE(count(st.trace(), EventKind::Dequeue), 3);
}

void TestMachine::sleepYieldsWithoutVirtualTime()
{
    BUILD(m, scenario(Accounts, TwoRequests, R"J({"main": [
        {"code": "await query", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b", "await": true}]},
        {"code": "await sleep(100)", "steps": [{"op": "sleep", "ms": "100"}]},
        {"code": "x = 1", "steps": [{"op": "let", "into": "x", "value": "1"}]}]})J"),
          "eventloop");
    State s = m->initialState();
    // First unit: the read, up to the timer's await.
    m->step(s, 0, nullptr, 0);
    QCOMPARE(m->local(s, 0, QStringLiteral("x")), 0);
    QVERIFY(m->isEnabled(s, 1)); // the loop is free while A awaits
    Trace trace;
    const int latency = m->step(s, 0, &trace, 1);
    QCOMPARE(latency, 100); // real time only for the threaded driver
    QCOMPARE(m->now(s), 0); // no virtual time
    QVERIFY(!m->canTick(s));
    QCOMPARE(m->status(s, 0), ActorStatus::Done);
    QCOMPARE(count(trace, EventKind::Yield, 0), 1);
}

void TestMachine::cpuStep_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("offload");
    QTest::addColumn<bool>("othersWait");
    QTest::newRow("event loop: blocks everyone") << QStringLiteral("eventloop") << false << true;
    QTest::newRow("event loop, worker thread") << QStringLiteral("eventloop") << true << false;
    QTest::newRow("threads: only its own thread") << QStringLiteral("threads") << false << false;
}

void TestMachine::cpuStep()
{
    QFETCH(QString, model);
    QFETCH(bool, offload);
    QFETCH(bool, othersWait);
    const QByteArray cpu =
        offload ? R"J({"op": "cpu", "ms": "200", "offload": true, "await": true})J" : R"J({"op": "cpu", "ms": "200"})J";
    const QByteArray programs = R"J({"cpu": [{"code": "renderReport();", "steps": [)J" + cpu + R"J(]}],
        "quick": [{"code": "await query", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b", "await": true}]}]})J";
    const QByteArray json =
        scenario(Accounts, R"J([{"name": "Report", "program": "cpu"}, {"name": "Quick", "program": "quick"}])J",
                 programs.constData(), "{}",
                 R"J([{"id": "free", "label": "loop free", "always": true, "check": "loop_waiters() == 0"}])J");
    BUILD(m, json, model.toLatin1().constData());
    Stepper st(m);
    PLAY(st, "A");
    QCOMPARE(m->isEnabled(st.state(), 1), !othersWait);
    QCOMPARE(m->blockInfo(st.state(), 0).kind, BlockInfo::Sleeping);
    const TraceEvent *sleep = last(st.trace(), EventKind::Sleep);
    QVERIFY(sleep);
    QCOMPARE(sleep->value, 200);
    QCOMPARE(sleep->version, 0); // CPU work, not a pause
    QCOMPARE(m->violatedMask(st.state()), othersWait ? uint64_t(1) : uint64_t(0));
    if (othersWait) {
        const BlockInfo info = m->blockInfo(st.state(), 1);
        QCOMPARE(info.kind, BlockInfo::LoopBusy);
        QCOMPARE(info.holder, 0);
        QVERIFY(st.move(Schedule::Tick));
        QCOMPARE(m->now(st.state()), 200);
        // Awake, but its synchronous code still holds the loop until it reaches an await or ends.
        QVERIFY(!m->isEnabled(st.state(), 1));
        QVERIFY(st.move(0));
        QVERIFY(st.move(1));
    } else {
        QVERIFY(st.move(1));
        QCOMPARE(m->status(st.state(), 1), ActorStatus::Done);
        QVERIFY(st.move(Schedule::Tick));
        QVERIFY(st.move(0));
    }
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->now(st.state()), 200);
}

void TestMachine::pauseStopsTheProcess()
{
    // A GC pause stops its whole process: on two instances only the requests of A's instance wait.
    BUILD(
        m,
        scenario(
            Accounts,
            R"J([{"name": "Paused", "program": "p"}, {"name": "Other process", "program": "q"}, {"name": "Same process", "program": "q"}])J",
            R"J({
        "p": [{"code": "// GC pause", "steps": [{"op": "pause", "ms": "500"}]},
              {"code": "write", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "1", "await": true}]}],
        "q": [{"code": "await query", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b", "await": true}]}]})J"),
        "instances:2");
    QCOMPARE(m->actor(2).instance, 0);
    Stepper st(m);
    PLAY(st, "A");
    QCOMPARE(last(st.trace(), EventKind::Sleep)->version, 1); // a pause
    QVERIFY(m->isEnabled(st.state(), 1));
    QCOMPARE(m->blockInfo(st.state(), 2).kind, BlockInfo::LoopBusy);
    QVERIFY(st.move(1));
    QVERIFY(st.move(Schedule::Tick));
    QCOMPARE(m->now(st.state()), 500);
    QCOMPARE(count(st.trace(), EventKind::Wake, 0), 1);
    PLAY(st, "A ~ A C B");
    QVERIFY(m->isFinal(st.state()));
}

void TestMachine::pool_data()
{
    QTest::addColumn<QByteArray>("acquire");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("canTick");
    QTest::newRow("waits without timeout")
        << QByteArray(R"J({"op": "pool_acquire", "pool": "db"})J") << QString() << false;
    QTest::newRow("times out") << QByteArray(R"J({"op": "pool_acquire", "pool": "db", "timeoutMs": "timeout"})J")
                               << QStringLiteral("Pool exhausted: timed out waiting for a connection") << true;
    QTest::newRow("does not wait") << QByteArray(R"J({"op": "pool_acquire", "pool": "db", "wait": false})J")
                                   << QStringLiteral("Pool exhausted: no connection available") << false;
}

void TestMachine::pool()
{
    QFETCH(QByteArray, acquire);
    QFETCH(QString, error);
    QFETCH(bool, canTick);
    const QByteArray programs = R"J({"main": [
        {"code": "const conn = await pool.getConnection();", "steps": [)J" +
        acquire + R"J(]},
        {"code": "conn.release();", "steps": [{"op": "pool_release", "pool": "db"}]}]})J";
    BUILD(m,
          scenario(R"J({"pools": {"db": 1}})J", TwoRequests, programs.constData(), "{}", "[]",
                   R"J([{"name": "timeout", "default": 250}])J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A");
    QCOMPARE(last(st.trace(), EventKind::LockAcquire)->value, 0); // connections left
    if (error.endsWith(QLatin1String("available"))) {
        QVERIFY(st.move(1));
        QCOMPARE(errorText(*m, st.state(), 1), error);
        return;
    }
    const BlockInfo info = m->blockInfo(st.state(), 1);
    QCOMPARE(info.kind, BlockInfo::WaitsForLock);
    QCOMPARE(info.place, Place::Pool);
    QCOMPARE(m->canTick(st.state()), canTick);
    if (canTick) {
        QVERIFY(st.move(Schedule::Tick));
        QCOMPARE(m->now(st.state()), 250);
        QCOMPARE(errorText(*m, st.state(), 1), error);
        QCOMPARE(count(st.trace(), EventKind::Timeout, 1), 1);
        return;
    }
    PLAY(st, "A A B B");
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(errorText(*m, st.state(), 1), QString());
}

void TestMachine::finallyRunsCleanup()
{
    BUILD(
        m,
        scenario(
            R"J({"mutexes": ["m"], "tables": [{"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": 100}]}]})J",
            TwoRequests, R"J({"main": [
        {"code": "lock", "steps": [{"op": "lock", "mutex": "m"}]},
        {"code": "try { throw }", "steps": [{"op": "fail", "if": "i == 0", "error": "boom"}]},
        {"code": "write", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "i"}]},
        {"code": "} finally { unlock }", "label": "finally", "steps": [{"op": "unlock", "mutex": "m"}]}]})J"),
        "threads");
    Stepper st(m);
    // A locks and fails; its finally releases the mutex; then it ends with the original error.
    PLAY(st, "A");
    QCOMPARE(m->status(st.state(), 0), ActorStatus::Running);
    QCOMPARE(m->currentLine(st.state(), 0), 3);
    QVERIFY(st.move(0));
    QCOMPARE(errorText(*m, st.state(), 0), QStringLiteral("boom"));
    QCOMPARE(m->cellValue(st.state(), 0, 0), 100);
    PLAY(st, "A A B B B");
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->cellValue(st.state(), 0, 0), 1);
    QCOMPARE(m->status(st.state(), 1), ActorStatus::Done);
}

void TestMachine::failureBeforeTrySkipsFinally()
{
    // const v = await acquire(); try { … } finally { release(v) }: a failed acquire releases nothing.
    BUILD(m,
          scenario(R"J({"memory": {"released": 0}})J",
                   R"J([{"name": "R", "locals": {"early": 1}}, {"name": "S", "locals": {"early": 0}}])J", R"J({"main": [
        {"code": "acquire", "steps": [{"op": "fail", "if": "early", "error": "Could not acquire lock"}]},
        {"code": "try {", "label": "try"},
        {"code": "work", "steps": [{"op": "fail", "error": "boom"}]},
        {"code": "} finally { release }", "label": "finally", "steps": [{"op": "write", "cell": "mem.released", "value": "1"}]}]})J"),
          "eventloop");
    const State s = m->initialState();
    QCOMPARE(errorText(*m, s, 0), QStringLiteral("Could not acquire lock"));
    QCOMPARE(m->status(s, 1), ActorStatus::Running);
    QCOMPARE(m->currentLine(s, 1), 3);
    Stepper st(m);
    PLAY(st, "B");
    QCOMPARE(errorText(*m, st.state(), 1), QStringLiteral("boom"));
    QCOMPARE(count(st.trace(), EventKind::Write, 1), 1);
}

void TestMachine::failureInsideFinally()
{
    // An error thrown inside finally ends the request with that error; it does not loop back.
    BUILD(m, scenario(Accounts, R"J([{"name": "R"}])J", R"J({"main": [
        {"code": "throw first", "steps": [{"op": "fail", "error": "first"}]},
        {"code": "finally { throw second }", "label": "finally", "steps": [{"op": "fail", "error": "second"}]}]})J"),
          "threads");
    QVERIFY(m->isFinal(m->initialState()));
    QCOMPARE(errorText(*m, m->initialState(), 0), QStringLiteral("second"));
}

void TestMachine::deadlockDetectorPicksVictim()
{
    BUILD(m,
          scenario(Accounts, R"J([{"name": "Txn %1", "repeat": 2, "locals": {"first": "1 + i", "second": "2 - i"}}])J",
                   R"J({"main": [
        {"code": "BEGIN", "steps": [{"op": "begin"}]},
        {"code": "lock first", "steps": [{"op": "lock_row", "row": "accounts[first]"}]},
        {"code": "lock second", "steps": [{"op": "lock_row", "row": "accounts[second]"}]},
        {"code": "UPDATE", "steps": [{"op": "update", "row": "accounts[first]", "set": {"version": "row.version + 1"}}]},
        {"code": "COMMIT", "steps": [{"op": "commit"}]}]})J"),
          "threads");
    Stepper st(m);
    // A locks 1, B locks 2; B's next request closes the cycle: InnoDB rolls B back.
    PLAY(st, "A A B B");
    QCOMPARE(errorText(*m, st.state(), 1),
             QStringLiteral("ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction"));
    QCOMPARE(count(st.trace(), EventKind::Deadlock, 1), 1);
    QCOMPARE(count(st.trace(), EventKind::Rollback, 1), 1);
    QVERIFY(m->isEnabled(st.state(), 0));
    PLAY(st, "A A B B A A A");
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->status(st.state(), 0), ActorStatus::Done);
    QCOMPARE(m->cellValue(st.state(), 0, 1), 1);
    // The other order: A closes the cycle.
    PLAY(st, "B B A A");
    QCOMPARE(m->status(st.state(), 0), ActorStatus::Failed);
    QVERIFY(m->isEnabled(st.state(), 1));
}

void TestMachine::lockWaitTimeout()
{
    BUILD(m,
          scenario(Accounts, R"J([{"name": "Txn %1", "repeat": 2, "locals": {"first": "1 + i", "second": "2 - i"}}])J",
                   R"J({"main": [
        {"code": "BEGIN", "steps": [{"op": "begin"}]},
        {"code": "lock first", "steps": [{"op": "lock_row", "row": "accounts[first]"}]},
        {"code": "lock second", "steps": [{"op": "lock_row", "row": "accounts[second]"}]},
        {"code": "COMMIT", "steps": [{"op": "commit"}]}]})J",
                   R"J({"deadlockDetection": false, "lockWaitTimeoutMs": 50000})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A A B B");
    QCOMPARE(count(st.trace(), EventKind::Deadlock), 0);
    QVERIFY(!m->isEnabled(st.state(), 0));
    QVERIFY(!m->isEnabled(st.state(), 1));
    QVERIFY(!m->isStuck(st.state()));
    QCOMPARE(m->findCycle(st.state()).size(), size_t(2));
    QVERIFY(st.move(Schedule::Tick));
    QCOMPARE(m->now(st.state()), 50000);
    // Both started waiting at t=0; the first waiter gives up, and its rollback frees B.
    QCOMPARE(errorText(*m, st.state(), 0),
             QStringLiteral("ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded; try restarting transaction"));
    QCOMPARE(m->status(st.state(), 1), ActorStatus::Running);
    QCOMPARE(count(st.trace(), EventKind::Timeout, 0), 1);
    QVERIFY(st.move(1));
    QVERIFY(st.move(1));
    QVERIFY(m->isFinal(st.state()));
}

void TestMachine::mutexDeadlockIsStuck()
{
    // In-process mutexes have no detector: both wait forever.
    BUILD(m, scenario(R"J({"mutexes": ["m1", "m2"]})J", R"J([{"name": "T%1", "repeat": 2}])J", R"J({"main": [
        {"code": "first", "steps": [{"op": "goto", "to": "other", "if": "i == 1"}, {"op": "lock", "mutex": "m1"}, {"op": "lock", "mutex": "m2"}, {"op": "finish"}]},
        {"code": "other", "label": "other", "steps": [{"op": "lock", "mutex": "m2"}, {"op": "lock", "mutex": "m1"}]}]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A B");
    QVERIFY(m->isStuck(st.state()));
    QVERIFY(!m->isFinal(st.state()));
    QVERIFY(m->isTerminal(st.state()));
    QCOMPARE(m->findCycle(st.state()).size(), size_t(2));
    QCOMPARE(count(st.trace(), EventKind::Deadlock), 0);
    QVERIFY(st.availableMoves().empty());
    QVERIFY(m->describeOutcome(st.state()).contains(QLatin1String("stuck")));
}

void TestMachine::noAwaitCannotInterleaveOnEventLoop_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<int>("movesPossible");
    QTest::addColumn<int>("balance");
    // Seed 002: if (balance >= 50) { balance -= 50; } with let balance = 100 and no await.
    QTest::newRow("threads: both check, lost update inside -=")
        << QStringLiteral("threads") << QStringLiteral("A B A B A B") << 6 << 50;
    QTest::newRow("threads: one after the other")
        << QStringLiteral("threads") << QStringLiteral("A A A B B B") << 6 << 0;
    QTest::newRow("event loop: A runs to the end in one move")
        << QStringLiteral("eventloop") << QStringLiteral("A B A B A B") << 2 << 0;
    QTest::newRow("two instances: each has its own balance")
        << QStringLiteral("instances:2") << QStringLiteral("A B") << 2 << 50;
}

void TestMachine::noAwaitCannotInterleaveOnEventLoop()
{
    QFETCH(QString, model);
    QFETCH(QString, schedule);
    QFETCH(int, movesPossible);
    QFETCH(int, balance);
    BUILD(m,
          scenario(R"J({"memory": {"balance": 100}})J", TwoRequests, R"J({"main": [
        {"code": "if (balance >= 50) {", "steps": [{"op": "read", "cell": "mem.balance", "into": "b"}, {"op": "goto", "to": "end", "if": "b < 50"}]},
        {"code": "  balance -= 50;", "steps": [{"op": "read", "cell": "mem.balance", "into": "c"}, {"op": "write", "cell": "mem.balance", "value": "c - 50"}]},
        {"code": "}", "label": "end"}]})J",
                   "{}", R"J([{"id": "b", "label": "balance", "check": "mem.balance"}])J"),
          model.toLatin1().constData());
    Stepper st(m);
    QString error;
    const auto parsed = Schedule::parse(schedule, *m, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(st.replayPossible(*parsed), movesPossible);
    QVERIFY(m->isFinal(st.state()));
    // mem.balance in rules is instance 0's copy; both requests succeed in every row.
    QCOMPARE(m->evaluate(m->invariants().front().check, st.state()), balance);
    QCOMPARE(m->status(st.state(), 1), ActorStatus::Done);
}

void TestMachine::instancesHaveSeparateMemoryAndMutexes()
{
    const char *json = R"J({"format": 1, "id": "t", "title": "t",
        "state": {"memory": {"hits": 0}, "mutexes": ["m"], "tables": [{"name": "accounts", "columns": ["hits"], "rows": [{"id": 1, "hits": 0}]}]},
        "actors": [{"name": "R%1", "repeat": 2}],
        "strategies": [{"id": "s", "programs": {"main": [
            {"code": "lock", "steps": [{"op": "lock", "mutex": "m", "await": true}]},
            {"code": "hits++", "steps": [{"op": "read", "cell": "mem.hits", "into": "h", "await": true}, {"op": "write", "cell": "mem.hits", "value": "h + 1"}]},
            {"code": "db hits++", "steps": [{"op": "update", "row": "accounts[1]", "set": {"hits": "row.hits + 1"}, "await": true}]},
            {"code": "unlock", "steps": [{"op": "unlock", "mutex": "m"}]}]}}],
        "figures": [{"label": "memory hits (instance 0)", "actual": "mem.hits"}, {"label": "db hits", "actual": "accounts[1].hits"}]})J";
    QString error;
    const auto spec = ScenarioLoader::loadData(QByteArray(json), QStringLiteral("inline.json"), &error);
    QVERIFY2(spec, qPrintable(error));
    const struct
    {
        const char *model;
        bool bothInside;
        int memoryHits;
    } cases[] = {{"eventloop", false, 2}, {"instances:2", true, 1}};
    for (const auto &c : cases) {
        const auto m = Machine::compile(*spec, QStringLiteral("s"),
                                        *ExecutionModel::parse(QLatin1String(c.model), nullptr), {}, &error);
        QVERIFY2(m, qPrintable(error));
        Stepper st(m);
        PLAY(st, "A");
        // A holds its process's mutex; B is in another process on instances:2.
        QCOMPARE(m->isEnabled(st.state(), 1), c.bothInside);
        PLAY(st, c.bothInside ? "A B A B A B" : "A A A B B B");
        QVERIFY2(m->isFinal(st.state()), c.model);
        QCOMPARE(m->evaluate(m->figures()[0].actual, st.state()), c.memoryHits);
        QCOMPARE(m->evaluate(m->figures()[1].actual, st.state()), 2); // the database is shared
    }
}

void TestMachine::alwaysRuleIsSticky()
{
    // An "always" rule broken for a moment stays broken, and names the step that broke it.
    BUILD(m,
          scenario(Accounts, R"J([{"name": "R"}])J", R"J({"main": [
        {"code": "overdraw", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "-5"}]},
        {"code": "repay", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "5"}]}]})J",
                   "{}",
                   R"J([{"id": "nonneg", "label": "balance ≥ 0", "always": true, "check": "accounts[1].balance >= 0"},
                               {"id": "final", "label": "balance ≥ 0 at the end", "check": "accounts[1].balance >= 0"}])J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A A");
    QCOMPARE(m->violatedMask(st.state()), uint64_t(1));
    QCOMPARE(m->checkInvariants(st.state()), (std::vector<bool>{false, true}));
    const TraceEvent *v = last(st.trace(), EventKind::Violation);
    QVERIFY(v);
    QCOMPARE(v->step, 0);
    QCOMPARE(v->value, 0);
}

void TestMachine::memoryRuleHoldsOnEveryInstance()
{
    // Request B runs on the second server: its overdraft of that server's memory breaks the rule.
    const char *json = R"J({"format": 1, "id": "t", "title": "t", "state": {"memory": {"balance": 10}},
        "actors": [{"name": "R%1", "repeat": 2, "locals": {"amount": "i * 15"}}],
        "strategies": [{"id": "s", "programs": {"main": [
            {"code": "balance -= amount", "steps": [{"op": "read", "cell": "mem.balance", "into": "b", "await": true},
                                                    {"op": "write", "cell": "mem.balance", "value": "b - amount"}]}]}}],
        "invariants": [{"id": "now", "label": "balance ≥ 0", "always": true, "check": "mem.balance >= 0"},
                       {"id": "end", "label": "balance ≥ 0 at the end", "check": "mem.balance >= 0"}],
        "figures": [{"label": "first server's balance", "actual": "mem.balance"}]})J";
    QString error;
    const auto spec = ScenarioLoader::loadData(QByteArray(json), QStringLiteral("inline.json"), &error);
    QVERIFY2(spec, qPrintable(error));
    const auto m = Machine::compile(*spec, QStringLiteral("s"),
                                    *ExecutionModel::parse(QStringLiteral("instances:2"), nullptr), {}, &error);
    QVERIFY2(m, qPrintable(error));
    Stepper st(m);
    PLAY(st, "A");
    QCOMPARE(m->violatedMask(st.state()), uint64_t(0));
    PLAY(st, "A B");
    QCOMPARE(m->memoryValue(st.state(), 0, 0), int64_t(10));
    QCOMPARE(m->memoryValue(st.state(), 1, 0), int64_t(-5));
    QCOMPARE(m->violatedMask(st.state()), uint64_t(1));
    QCOMPARE(m->checkInvariants(st.state()), (std::vector<bool>{false, false}));
    // Figures still read the first server's memory.
    QCOMPARE(m->evaluate(m->figures().front().actual, st.state()), int64_t(10));
}

void TestMachine::loaderRejectsBadSteps_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("fence on memory")
        << scenario(
               R"J({"memory": {"x": 0}})J", TwoRequests,
               R"J({"main": [{"code": "r", "steps": [{"op": "read", "cell": "mem.x", "into": "y", "fence": "1"}]}]})J")
        << QStringLiteral("only database rows check fencing tokens");
    QTest::newRow("table named like a parameter")
        << scenario(R"J({"tables": [{"name": "likes", "keys": []}]})J", TwoRequests,
                    R"J({"main": [{"code": "i", "steps": [{"op": "insert", "table": "likes", "key": "1"}]}]})J", "{}",
                    "[]", R"J([{"name": "likes", "default": 2}])J")
        << QStringLiteral("has the name of a parameter");
    QTest::newRow("timeout names no parameter")
        << scenario(
               R"J({"pools": {"db": 1}})J", TwoRequests,
               R"J({"main": [{"code": "a", "steps": [{"op": "pool_acquire", "pool": "db", "timeoutMs": "nope"}]}]})J")
        << QStringLiteral("timeoutMs");
    QTest::newRow("unique on a row table")
        << scenario(
               Accounts, TwoRequests,
               R"J({"main": [{"code": "r", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b"}]}]})J",
               R"J({"unique": ["accounts"]})J")
        << QStringLiteral("no key table \"accounts\"");
    // A mistyped flag must not silently read as false (no yield point, no lock).
    QTest::newRow("await as a string")
        << scenario(
               R"J({"memory": {"x": 0}})J", TwoRequests,
               R"J({"main": [{"code": "r", "steps": [{"op": "read", "cell": "mem.x", "into": "y", "await": "yes"}]}]})J")
        << QStringLiteral("steps[0].await: must be true or false");
    QTest::newRow("forUpdate as a number")
        << scenario(
               Accounts, TwoRequests,
               R"J({"main": [{"code": "r", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b", "forUpdate": 1}]}]})J")
        << QStringLiteral("forUpdate: must be true or false");
    QTest::newRow("unique as a string")
        << scenario(R"J({"tables": [{"name": "likes", "keys": [], "unique": "true"}]})J", TwoRequests,
                    R"J({"main": [{"code": "i", "steps": [{"op": "insert", "table": "likes", "key": "1"}]}]})J")
        << QStringLiteral("unique: must be true or false");
}

void TestMachine::loaderRejectsBadSteps()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!ScenarioLoader::loadData(json, QStringLiteral("inline.json"), &error));
    QVERIFY2(error.startsWith(QLatin1String("inline.json:")) && error.contains(message), qPrintable(error));
}

// Machine::stepsAreLocal() lets the explorer reuse one step for many states, so
// it must say no wherever a step can reach another request: transactions (the
// deadlock detector reads everyone's waits), waits that can time out (their start
// is recorded in the waiter), and "always" rules that look at requests.
void TestMachine::stepLocality_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("local");
    QTest::newRow("read then write") << "lost-update"
                                     << "broken"
                                     << "threads" << true;
    QTest::newRow("atomic update, event loop") << "lost-update"
                                               << "atomic"
                                               << "eventloop" << true;
    QTest::newRow("optimistic retry, 2 instances") << "lost-update"
                                                   << "optimistic"
                                                   << "instances:2" << true;
    QTest::newRow("transaction") << "lost-update"
                                 << "pessimistic"
                                 << "threads" << false;
    QTest::newRow("mutex") << "lost-update"
                           << "mutex"
                           << "threads" << true;
    QTest::newRow("queue") << "lost-update"
                           << "queue"
                           << "eventloop" << true;
    QTest::newRow("waiting for a lease") << "lost-update"
                                         << "distributed-lock"
                                         << "threads" << true;
    QTest::newRow("transaction with lock wait timeout") << "transfer-deadlock"
                                                        << "lock-timeout"
                                                        << "threads" << false;
    QTest::newRow("rule over requests") << "last-seat"
                                        << "seed-race"
                                        << "threads" << false;
    QTest::newRow("rule over the loop's waiters") << "event-loop-blocking"
                                                  << "blocking"
                                                  << "eventloop" << false;
}

void TestMachine::stepLocality()
{
    QFETCH(QString, scenario);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    QFETCH(bool, local);
    QString error;
    const auto spec = ScenarioLoader::resolve(scenario, &error);
    QVERIFY2(spec, qPrintable(error));
    const auto m = Machine::compile(*spec, strategy, *ExecutionModel::parse(model, nullptr), {}, &error);
    QVERIFY2(m, qPrintable(error));
    QCOMPARE(m->stepsAreLocal(), local);
}

void TestMachine::poolTimeoutIsNotLocal()
{
    // Waiting for a pool connection is local; a wait that can time out is not.
    const char *waits = R"J({"main": [{"code": "get", "steps": [{"op": "pool_acquire", "pool": "db", "await": true}]},
                                     {"code": "put", "steps": [{"op": "pool_release", "pool": "db"}]}]})J";
    const char *timesOut =
        R"J({"main": [{"code": "get", "steps": [{"op": "pool_acquire", "pool": "db", "timeoutMs": 50, "await": true}]},
                                        {"code": "put", "steps": [{"op": "pool_release", "pool": "db"}]}]})J";
    BUILD(plain, scenario(R"J({"pools": {"db": 1}})J", TwoRequests, waits), "threads");
    BUILD(timed, scenario(R"J({"pools": {"db": 1}})J", TwoRequests, timesOut), "threads");
    QVERIFY(plain->stepsAreLocal());
    QVERIFY(!timed->stepsAreLocal());
    // With a timeout the wait's start is recorded even with no trace: the timeout needs it.
    State s = timed->initialState();
    timed->step(s, 0, nullptr, 0);
    timed->step(s, 1, nullptr, 0);
    QCOMPARE(timed->nextDeadline(s), std::optional<int64_t>(50));
    State p = plain->initialState();
    plain->step(p, 0, nullptr, 0);
    plain->step(p, 1, nullptr, 0);
    QVERIFY(!plain->isEnabled(p, 1));
    QCOMPARE(plain->nextDeadline(p), std::optional<int64_t>());
}

void TestMachine::enqueueTwiceFailsTheRequest_data()
{
    QTest::addColumn<QByteArray>("programs");
    // The reproducer of the heap overflow: a queue has one slot per request, and A filled two.
    QTest::newRow("same queue, 5 steps") << QByteArray(R"J({"main": [
        {"code": "enqueue", "steps": [{"op": "enqueue", "queue": "q"}]},
        {"code": "enqueue", "steps": [{"op": "enqueue", "queue": "q"}]},
        {"code": "enqueue", "steps": [{"op": "enqueue", "queue": "q"}]},
        {"code": "x = 1", "steps": [{"op": "write", "cell": "mem.x", "value": "1"}]},
        {"code": "dequeue", "steps": [{"op": "dequeue", "queue": "q"}]}]})J");
    QTest::newRow("another queue before the dequeue") << QByteArray(R"J({"main": [
        {"code": "enqueue", "steps": [{"op": "enqueue", "queue": "q"}]},
        {"code": "enqueue", "steps": [{"op": "enqueue", "queue": "r"}]},
        {"code": "x = 1", "steps": [{"op": "write", "cell": "mem.x", "value": "1"}]},
        {"code": "dequeue", "steps": [{"op": "dequeue", "queue": "q"}]}]})J");
}

void TestMachine::enqueueTwiceFailsTheRequest()
{
    QFETCH(QByteArray, programs);
    BUILD(m, scenario(R"J({"memory": {"x": 0}, "queues": ["q", "r"]})J", TwoRequests, programs.constData()), "threads");
    Stepper st(m);
    PLAY(st, "A A");
    QVERIFY(
        errorText(*m, st.state(), 0).startsWith(QLatin1String("Model limit: a request waits in one queue at a time")));
    // A left the queue when it failed, so B is first in line and runs to its own failure.
    QVERIFY(m->isEnabled(st.state(), 1));
    PLAY(st, "A A B B");
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->memoryValue(st.state(), 0, 0), 0);
    QVERIFY(m->verdict(st.state()).breaksRule == false); // no rule here; both requests failed with the model limit
    QCOMPARE(m->status(st.state(), 1), ActorStatus::Failed);
}

void TestMachine::modelLimitsRejectedAtLoad_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QStringList columns;
    for (int c = 0; c < 256; ++c)
        columns << QStringLiteral("\"c%1\"").arg(c);
    const QByteArray wide =
        R"J({"tables": [{"name": "t", "columns": [)J" + columns.join(u',').toUtf8() + R"J(], "rows": [{"id": 1}]}]})J";
    QTest::newRow("256 columns")
        << scenario(wide.constData(), TwoRequests,
                    R"J({"main": [{"code": "r", "steps": [{"op": "read", "cell": "t[1].c255", "into": "v"}]}]})J")
        << QStringLiteral("state.tables[0].columns: model limit: at most 255 columns");
    QStringList lines;
    for (int l = 0; l < 32768; ++l)
        lines << QStringLiteral("{\"code\": \"x\", \"steps\": [{\"op\": \"let\", \"into\": \"v\", \"value\": \"1\"}]}");
    const QByteArray longProgram = "{\"main\": [" + lines.join(u',').toUtf8() + "]}";
    QTest::newRow("201 actors in all")
        << scenario(R"J({"memory": {"x": 0}})J", R"J([{"name": "A%1", "repeat": 150}, {"name": "B%1", "repeat": 51}])J",
                    R"J({"main": [{"code": "x", "steps": [{"op": "write", "cell": "mem.x", "value": "1"}]}]})J")
        << QStringLiteral("inline.json:1: actors[1].repeat: model limit: at most 200 actors in all");
    QTest::newRow("32768 lines") << scenario(R"J({"memory": {"x": 0}})J", TwoRequests, longProgram.constData())
                                 << QStringLiteral("model limit: at most 32767 lines in a program");
}

void TestMachine::modelLimitsRejectedAtLoad()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!build(json, "threads", &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

// The loader refuses numbers that are not whole 64-bit values; the compiler does not rely
// on that: a spec built some other way gets a clear error, not a cast out of range.
void TestMachine::compilerChecksNumbersItself()
{
    QString error;
    const auto spec = ScenarioLoader::loadData(
        scenario(R"J({"memory": {"x": 0}, "pools": {"db": 1},
                      "tables": [{"name": "t", "columns": ["v"], "rows": [{"id": 1, "v": 2}]}, {"name": "k", "keys": [1]}]})J",
                 TwoRequests,
                 R"J({"main": [{"code": "x", "steps": [{"op": "write", "cell": "mem.x", "value": 1}]}]})J"),
        QStringLiteral("inline.json"), &error);
    QVERIFY2(spec, qPrintable(error));
    const ExecutionModel threads = *ExecutionModel::parse(QStringLiteral("threads"), nullptr);
    QVERIFY2(Machine::compile(*spec, QStringLiteral("s"), threads, {}, &error), qPrintable(error));
    const QJsonArray tables = spec->state.value(QStringLiteral("tables")).toArray();
    // Each place a number is read: the state field to replace, the value's path in the error.
    auto withNumber = [&](const QString &field, const QJsonValue &value) {
        ScenarioSpec bad = *spec;
        bad.state.insert(field, value);
        return bad;
    };
    auto withTable = [&](int index, const QJsonObject &table) {
        QJsonArray changed = tables;
        changed.replace(index, table);
        return withNumber(QStringLiteral("tables"), changed);
    };
    for (const double bad : {1e20, -1e300, 0.5, std::nan("")}) {
        const QJsonObject row = tables.at(0).toObject();
        QJsonObject badId = row, badValue = row, badKeys = tables.at(1).toObject();
        badId.insert(QStringLiteral("rows"), QJsonArray{QJsonObject{{QStringLiteral("id"), bad}}});
        badValue.insert(QStringLiteral("rows"),
                        QJsonArray{QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("v"), bad}}});
        badKeys.insert(QStringLiteral("keys"), QJsonArray{bad});
        ScenarioSpec timeout = *spec;
        timeout.strategies[0].database.insert(QStringLiteral("lockWaitTimeoutMs"), bad);
        const std::pair<ScenarioSpec, const char *> cases[] = {
            {withNumber(QStringLiteral("memory"), QJsonObject{{QStringLiteral("x"), bad}}), "state.memory.x: "},
            {withNumber(QStringLiteral("pools"), QJsonObject{{QStringLiteral("db"), bad}}), "state.pools.db: "},
            {withTable(0, badId), "state.tables[0].rows[0].id: "},
            {withTable(0, badValue), "state.tables[0].rows[0].v: "},
            {withTable(1, badKeys), "state.tables[1].keys: "},
            {timeout, "strategies[0].database.lockWaitTimeoutMs: "},
        };
        for (const auto &[variant, path] : cases) {
            error.clear();
            QVERIFY2(!Machine::compile(variant, QStringLiteral("s"), threads, {}, &error), path);
            QVERIFY2(error.startsWith(QLatin1String(path)), qPrintable(error));
        }
    }
}

void TestMachine::hugeDurationsSaturate()
{
    // 4e18 ms twice would pass 2^63: the clock stops at "never" instead of wrapping round (undefined behaviour).
    BUILD(m, scenario(R"J({"memory": {"x": 0}})J", R"J([{"name": "R"}])J", R"J({"main": [
        {"code": "cpu", "steps": [{"op": "cpu", "ms": "4000000000000000000"}]},
        {"code": "cpu", "steps": [{"op": "cpu", "ms": "4000000000000000000"}]},
        {"code": "x = 1", "steps": [{"op": "write", "cell": "mem.x", "value": "1"}]}]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A ~ A ~ A");
    QVERIFY(m->isFinal(st.state()));
    QCOMPARE(m->now(st.state()), std::numeric_limits<int64_t>::max() / 2);
    QCOMPARE(m->memoryValue(st.state(), 0, 0), 1);
}

void TestMachine::verdictOfDeadlocks()
{
    // An in-process deadlock breaks a rule although no rule names it: everyone waits forever.
    BUILD(m, scenario(R"J({"mutexes": ["m1", "m2"]})J", R"J([{"name": "T%1", "repeat": 2}])J", R"J({"main": [
        {"code": "first", "steps": [{"op": "goto", "to": "other", "if": "i == 1"}, {"op": "lock", "mutex": "m1"}, {"op": "lock", "mutex": "m2"},
                                    {"op": "unlock", "mutex": "m2"}, {"op": "unlock", "mutex": "m1"}, {"op": "finish"}]},
        {"code": "other", "label": "other", "steps": [{"op": "lock", "mutex": "m2"}, {"op": "lock", "mutex": "m1"},
                                                      {"op": "unlock", "mutex": "m1"}, {"op": "unlock", "mutex": "m2"}]}]})J"),
          "threads");
    Stepper st(m);
    PLAY(st, "A B");
    OutcomeVerdict v = m->verdict(st.state());
    QVERIFY(v.stuck);
    QVERIFY(!v.deadlockDetected);
    QVERIFY(v.breaksRule);
    QCOMPARE(v.brokenRules, uint64_t(0));
    PLAY(st, "A A A A B B B B");
    QVERIFY(m->isFinal(st.state()));
    QVERIFY(!m->verdict(st.state()).breaksRule);

    // The database's detector: the victim is known by the machine, not by its message text.
    BUILD(db,
          scenario(Accounts, R"J([{"name": "Txn %1", "repeat": 2, "locals": {"first": "1 + i", "second": "2 - i"}}])J",
                   R"J({"main": [
        {"code": "BEGIN", "steps": [{"op": "begin"}]},
        {"code": "lock first", "steps": [{"op": "lock_row", "row": "accounts[first]"}]},
        {"code": "lock second", "steps": [{"op": "lock_row", "row": "accounts[second]"}]},
        {"code": "COMMIT", "steps": [{"op": "commit"}]}]})J"),
          "threads");
    Stepper victim(db);
    PLAY(victim, "A A B B A A");
    QVERIFY(db->isFinal(victim.state()));
    QVERIFY(db->isDeadlockVictim(victim.state(), 1));
    QVERIFY(!db->isDeadlockVictim(victim.state(), 0));
    v = db->verdict(victim.state());
    QVERIFY(v.deadlockDetected);
    QVERIFY(!v.stuck);
    QVERIFY(v.breaksRule);
}

QTEST_GUILESS_MAIN(TestMachine)
#include "tst_machine.moc"
