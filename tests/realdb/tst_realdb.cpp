// Real servers (core/realdb): private MariaDB, PostgreSQL and Redis servers start, answer
// and leave no process or directory behind; a server killed mid-run gives a clear error
// and no hang; a bad --db-url gives one line; and Hermitage's schedules give the same
// reads, waits, errors and final rows on the servers as in the model, at every level.
// Skipped only where a server's binaries are not installed (./setup test installs them).

#include "drivers/threadeddriver.h"
#include "explore/explorer.h"
#include "machine/machine.h"
#include "realdb/hermitage.h"
#include "realdb/privateserver.h"
#include "realdb/sqlrunner.h"
#include "realdb/sqlsession.h"
#include "realdb/trialbackend.h"
#include "scenario/scenario.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Interleave;

namespace {

// Processes whose command line names the directory (a server and its children).
int processesUsing(const QString &dir)
{
    int count = 0;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool number = false;
        entry.toLongLong(&number);
        QFile cmdline(QStringLiteral("/proc/") + entry + QStringLiteral("/cmdline"));
        if (number && cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(QFile::encodeName(dir)))
            ++count;
    }
    return count;
}

std::shared_ptr<const Machine> compiled(const ScenarioSpec &spec, const QString &variant)
{
    QString error;
    auto machine =
        Machine::compile(spec, spec.strategies.front().id, {}, {}, &error, DatabaseVariant::parse(variant, nullptr));
    if (!machine)
        qWarning("%s", qPrintable(error));
    return machine;
}

// hermitage-g2 with T2's SELECT (its line 1) replaced by `step`.
std::shared_ptr<const ScenarioSpec> g2WithStep(const QJsonObject &step)
{
    QFile file(QStringLiteral(":/scenarios/hermitage-g2.json"));
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    QJsonArray strategies = root.value(QLatin1String("strategies")).toArray();
    QJsonObject strategy = strategies.at(0).toObject();
    QJsonObject programs = strategy.value(QLatin1String("programs")).toObject();
    QJsonArray t2 = programs.value(QLatin1String("t2")).toArray();
    QJsonObject line = t2.at(1).toObject();
    line.insert(QLatin1String("steps"), QJsonArray{step});
    t2.replace(1, line);
    programs.insert(QLatin1String("t2"), t2);
    strategy.insert(QLatin1String("programs"), programs);
    strategies.replace(0, strategy);
    root.insert(QLatin1String("strategies"), strategies);
    QString error;
    auto spec = ScenarioLoader::loadData(QJsonDocument(root).toJson(), QStringLiteral("g2-step.json"), &error);
    if (!spec)
        qWarning("%s", qPrintable(error));
    return spec;
}

// hermitage-pmp with T1's first predicate replaced by `where`.
std::shared_ptr<const ScenarioSpec> pmpWhere(const QString &where)
{
    QFile file(QStringLiteral(":/scenarios/hermitage-pmp.json"));
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    QByteArray json = file.readAll();
    json.replace(QByteArrayLiteral("\"row.value == 30\""), QByteArray('"' + where.toUtf8() + '"'));
    QString error;
    auto spec = ScenarioLoader::loadData(json, QStringLiteral("pmp-where.json"), &error);
    if (!spec)
        qWarning("%s", qPrintable(error));
    return spec;
}

const QStringList allVariants = {QStringLiteral("mysql/ru"),    QStringLiteral("mysql/rc"),
                                 QStringLiteral("mysql/rr"),    QStringLiteral("mysql/ser"),
                                 QStringLiteral("postgres/ru"), QStringLiteral("postgres/rc"),
                                 QStringLiteral("postgres/rr"), QStringLiteral("postgres/ser")};

} // namespace

class TestRealDb : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void serverStartsServesAndLeavesNothing_data();
    void serverStartsServesAndLeavesNothing();
    void killedServerGivesAClearError();
    void staleDirectoryIsRemoved();
    void badDbUrlGivesOneLine();
    void predicateStepsAsSql_data();
    void predicateStepsAsSql();
    void rowStepsAsSql();
    void lineWithoutStepsHasNoStatement();
    void rowStepsOnRealServers_data();
    void rowStepsOnRealServers();
    void whatSqlCannotSayIsRefused();
    void noSqlIsNotRunNeverDiffers();
    void hermitageOnRealServers_data();
    void hermitageOnRealServers();
    void exactScheduleOnRealServers_data();
    void exactScheduleOnRealServers();
    void threadedTrialsOnRealServers_data();
    void threadedTrialsOnRealServers();

private:
    PrivateServer *serverFor(const QString &variant);
    std::unique_ptr<PrivateServer> m_mariadb, m_postgres;
};

void TestRealDb::initTestCase()
{
    qputenv("LC_ALL", "C.UTF-8");
}

void TestRealDb::cleanupTestCase()
{
    m_mariadb.reset();
    m_postgres.reset();
}

void TestRealDb::serverStartsServesAndLeavesNothing_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("mariadb") << int(ServerKind::MariaDb);
    QTest::newRow("postgres") << int(ServerKind::Postgres);
    QTest::newRow("redis") << int(ServerKind::Redis);
}

void TestRealDb::serverStartsServesAndLeavesNothing()
{
    QFETCH(int, kind);
    const auto k = ServerKind(kind);
    if (const QString missing = PrivateServer::missingBinaries(k); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    QString dir;
    qint64 pid = 0;
    {
        PrivateServer server(k);
        QStringList progress;
        QString error;
        QVERIFY2(server.start(&error, [&](const QString &p) { progress << p; }), qPrintable(error));
        QVERIFY(progress.size() >= 2);
        QVERIFY2(progress.constLast().contains(QLatin1String("ready")), qPrintable(progress.constLast()));
        dir = server.directory();
        pid = server.pid();
        QVERIFY(QFileInfo(dir).isDir());
        QVERIFY(pid > 0);
        QVERIFY(QFile::exists(dir + u'/' + QLatin1String(PrivateServer::MarkerName)));
        if (k != ServerKind::Redis) {
            SqlSession session(server.address());
            qint64 id = 0;
            QVERIFY2(session.open({}, &id, &error), qPrintable(error));
            const SqlResult r = session.run(QStringLiteral("SELECT 6 * 7"));
            QVERIFY2(r.ok, qPrintable(r.errorText));
            QCOMPARE(r.rows.value(0).value(0), 42);
        }
        if (k == ServerKind::MariaDb) {
            // Its temporary tables stay in its own directory: in a shared /tmp, two
            // servers (or install runs) side by side can clash on a file name.
            SqlSession session(server.address());
            qint64 id = 0;
            QVERIFY2(session.open({}, &id, &error), qPrintable(error));
            const SqlResult r = session.run(QStringLiteral("SELECT @@tmpdir = '%1'").arg(dir));
            QVERIFY2(r.ok, qPrintable(r.errorText));
            QCOMPARE(r.rows.value(0).value(0), 1);
        }
    }
    QVERIFY2(!QFileInfo::exists(dir), qPrintable(dir));
    QCOMPARE(processesUsing(dir), 0);
    QVERIFY(::kill(pid_t(pid), 0) != 0);
}

void TestRealDb::killedServerGivesAClearError()
{
    if (const QString missing = PrivateServer::missingBinaries(ServerKind::MariaDb); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    QString problem;
    const auto spec = ScenarioLoader::builtin(QStringLiteral("hermitage-p4"), &problem);
    QVERIFY(spec);
    const auto machine = Machine::compile(*spec, spec->strategies.front().id, {}, {}, &problem);
    QVERIFY(machine);
    PrivateServer server(ServerKind::MariaDb);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    // The server dies after the third move of the run: the run ends, saying so in one line.
    int moves = 0;
    const qint64 pid = server.pid();
    auto killAfterThree = [&] {
        if (++moves == 3)
            ::kill(pid_t(pid), SIGKILL);
        return false;
    };
    const DifferentialRun run = SqlRunner::run(machine, server.address(), hermitageOrder(spec->id), killAfterThree);
    QVERIFY(moves >= 3);
    QVERIFY2(run.problem.contains(QLatin1String("stopped answering")), qPrintable(run.problem));
    QVERIFY(!run.problem.contains(u'\n'));
    QVERIFY(!run.agrees());
    // A connection to the dead server fails at once, with the client's own text.
    SqlSession session(server.address());
    qint64 id = 0;
    QVERIFY(!session.open({}, &id, &error));
    QVERIFY2(!error.isEmpty() && !error.startsWith(QLatin1String("no answer")), qPrintable(error));
}

void TestRealDb::staleDirectoryIsRemoved()
{
    // A directory whose owner is gone, with a "server" still running in it.
    QTemporaryDir stale(QDir::tempPath() + QStringLiteral("/interleave-db-XXXXXX"));
    stale.setAutoRemove(false);
    QProcess gone;
    gone.start(QStringLiteral("sleep"), {QStringLiteral("0.1")});
    QVERIFY(gone.waitForStarted());
    const qint64 gonePid = gone.processId();
    QVERIFY(gone.waitForFinished());
    QProcess server;
    server.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("sleep 60"), stale.path()});
    QVERIFY(server.waitForStarted());
    QFile marker(stale.filePath(QLatin1String(PrivateServer::MarkerName)));
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.write(QByteArray::number(gonePid) + ' ' + QByteArray::number(server.processId()) + '\n');
    marker.close();
    QVERIFY(PrivateServer::removeStaleDirectories() >= 1);
    QVERIFY(!QFileInfo::exists(stale.path()));
    QVERIFY(server.waitForFinished(5000));
    QCOMPARE(server.exitStatus(), QProcess::CrashExit);
}

void TestRealDb::badDbUrlGivesOneLine()
{
    for (const char *bad : {"oracle://host/db", "mysql://", "not a url", "/no/such/socket"}) {
        QString error;
        QVERIFY(!ServerAddress::parse(QString::fromUtf8(bad), &error));
        QVERIFY2(error.startsWith(QLatin1String("bad --db-url")), qPrintable(error));
        QVERIFY(!error.contains(u'\n'));
    }
    QString error;
    const auto a = ServerAddress::parse(QStringLiteral("postgres://me:pw@db.example:5433/shop"), &error);
    QVERIFY2(a, qPrintable(error));
    QCOMPARE(a->kind, ServerKind::Postgres);
    QCOMPARE(a->host, QStringLiteral("db.example"));
    QCOMPARE(a->port, 5433);
    QCOMPARE(a->database, QStringLiteral("shop"));
    const auto s =
        ServerAddress::parse(QStringLiteral("mariadb://root@localhost/?socket=/run/mysqld/mysqld.sock"), &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->socket, QStringLiteral("/run/mysqld/mysqld.sock"));
}

PrivateServer *TestRealDb::serverFor(const QString &variant)
{
    const bool pg = variant.startsWith(QLatin1String("postgres"));
    auto &server = pg ? m_postgres : m_mariadb;
    if (!server) {
        server = std::make_unique<PrivateServer>(pg ? ServerKind::Postgres : ServerKind::MariaDb);
        QString error;
        if (!server->start(&error))
            qWarning("%s", qPrintable(error));
    }
    return server->isRunning() ? server.get() : nullptr;
}

// The statements of the predicate steps, in each dialect (no server needed).
void TestRealDb::predicateStepsAsSql_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<int>("actor");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("sql");
    auto row = [](const char *name, const char *scenario, const char *variant, int actor, int line, const char *sql) {
        QTest::newRow(name) << QString::fromUtf8(scenario) << QString::fromUtf8(variant) << actor << line
                            << QString::fromUtf8(sql);
    };
    row("select sum", "hermitage-pmp-write", "mysql/rc", 1, 1,
        "SELECT COUNT(*), COALESCE(SUM(id), 0) FROM `test` WHERE (`value` = 20)");
    row("delete", "hermitage-pmp-write", "mysql/rc", 1, 2, "DELETE FROM `test` WHERE (`value` = 20)");
    row("update all", "hermitage-pmp-write", "postgres/rc", 0, 1, "UPDATE \"test\" SET \"value\" = (\"value\" + 10)");
    row("update where", "hermitage-g-single-predicate", "postgres/rr", 1, 1,
        "UPDATE \"test\" SET \"value\" = 12 WHERE (\"value\" = 10)");
    row("modulo", "hermitage-pmp", "postgres/rc", 0, 2, "SELECT COUNT(*) FROM \"test\" WHERE ((\"value\" % 3) = 0)");
    row("insert", "hermitage-g2", "mysql/ser", 1, 2, "INSERT INTO `test` (id, `value`) VALUES (4, 42)");
}

void TestRealDb::predicateStepsAsSql()
{
    QFETCH(QString, scenario);
    QFETCH(QString, variant);
    QFETCH(int, actor);
    QFETCH(int, line);
    QFETCH(QString, sql);
    QString error;
    const auto spec = ScenarioLoader::builtin(scenario, &error);
    QVERIFY2(spec, qPrintable(error));
    const auto machine = compiled(*spec, variant);
    QVERIFY(machine);
    const DatabaseStatement st = machine->nextStatement(machine->initialState(), actor, line);
    const ServerKind kind = variant.startsWith(QLatin1String("postgres")) ? ServerKind::Postgres : ServerKind::MariaDb;
    QString refused;
    QCOMPARE(SqlRunner::sql(st, kind, &refused), sql);
    QVERIFY(refused.isEmpty());
}

// A line of code alone ("}", the closing line) sends nothing: neither the next line's statement
// nor, at the end of a program, a read past its last step (ASan found that in CI).
void TestRealDb::lineWithoutStepsHasNoStatement()
{
    QString error;
    const auto spec = ScenarioLoader::builtin(QStringLiteral("lost-update"), &error);
    QVERIFY2(spec, qPrintable(error));
    const auto machine = compiled(*spec, QStringLiteral("mysql/rr"));
    QVERIFY(machine);
    int empty = 0, emptyBeforeStatement = 0;
    for (int a = 0; a < machine->actorCount(); ++a) {
        const Program &p = machine->programOf(a);
        for (int line = 0; line < int(p.lines.size()); ++line) {
            if (p.lines[size_t(line)].stepCount > 0)
                continue;
            ++empty;
            QCOMPARE(machine->nextStatement(machine->initialState(), a, line).kind, DatabaseStatement::None);
            if (line + 1 < int(p.lines.size()) &&
                machine->nextStatement(machine->initialState(), a, line + 1).kind != DatabaseStatement::None)
                ++emptyBeforeStatement;
        }
    }
    QVERIFY(empty > 0);
    QVERIFY(emptyBeforeStatement > 0);
}

// The older row steps: update of one row with set and where, lock_row.
void TestRealDb::rowStepsAsSql()
{
    const QList<QPair<const char *, const char *>> cases{
        {R"j({"op": "update", "row": "test[2]", "set": {"value": "row.value * 2 - 5"},
             "where": "row.value >= 20 && !(row.id == 1)", "await": true})j",
         R"j(UPDATE "test" SET "value" = (("value" * 2) - 5) WHERE id = 2 AND (("value" >= 20) AND (NOT (id = 1))))j"},
        {R"j({"op": "lock_row", "row": "test[1]", "await": true})j",
         R"j(SELECT id FROM "test" WHERE id = 1 FOR UPDATE)j"}};
    for (const auto &[step, sql] : cases) {
        const auto spec = g2WithStep(QJsonDocument::fromJson(step).object());
        QVERIFY(spec);
        const auto machine = compiled(*spec, QStringLiteral("postgres/rc"));
        QVERIFY(machine);
        QString refused;
        QCOMPARE(SqlRunner::sql(machine->nextStatement(machine->initialState(), 1, 1), ServerKind::Postgres, &refused),
                 QString::fromUtf8(sql));
        QVERIFY(refused.isEmpty());
    }
}

// G2's schedule with T2's SELECT turned into a row update or lock_row, on the servers.
void TestRealDb::rowStepsOnRealServers_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<QString>("variant");
    const QByteArray update = R"({"op": "update", "row": "test[2]", "set": {"value": "row.value + 1"},
                                  "where": "row.value % 2 == 0", "into": "changed", "await": true})";
    const QByteArray lock = R"({"op": "lock_row", "row": "test[1]", "await": true})";
    for (const QString &v : allVariants) {
        QTest::newRow(qPrintable(QStringLiteral("update ") + v)) << update << v;
        QTest::newRow(qPrintable(QStringLiteral("lock_row ") + v)) << lock << v;
    }
}

void TestRealDb::rowStepsOnRealServers()
{
    QFETCH(QByteArray, step);
    QFETCH(QString, variant);
    const ServerKind kind = variant.startsWith(QLatin1String("postgres")) ? ServerKind::Postgres : ServerKind::MariaDb;
    if (const QString missing = PrivateServer::missingBinaries(kind); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    const auto spec = g2WithStep(QJsonDocument::fromJson(step).object());
    QVERIFY(spec);
    const auto machine = compiled(*spec, variant);
    QVERIFY(machine);
    PrivateServer *server = serverFor(variant);
    QVERIFY(server);
    const DifferentialRun run =
        SqlRunner::run(machine, server->address(), hermitageOrder(QStringLiteral("hermitage-g2")));
    if (qEnvironmentVariableIsSet("INTERLEAVE_REALDB_DEBUG"))
        qDebug("%s | server: %s | model: %s", qPrintable(run.schedule),
               qPrintable(run.server.join(QLatin1String("; "))), qPrintable(run.model.join(QLatin1String("; "))));
    QVERIFY2(run.problem.isEmpty() && run.notRun.isEmpty(), qPrintable(run.problem + run.notRun));
    // A real difference, reported (docs/database-model.md, "On real servers"): PostgreSQL's
    // SIREAD locks cover index pages and relations, so T2's lookup of one row conflicts with
    // T1's insert of another and T2's COMMIT fails with 40001; the model tracks rows.
    if (variant == QLatin1String("postgres/ser"))
        QEXPECT_FAIL("", "PostgreSQL SSI locks pages, the model rows", Continue);
    QVERIFY2(run.agrees(),
             qPrintable(run.schedule + QStringLiteral(": ") + run.differences().join(QLatin1String("; "))));
}

// A where whose meaning SQL does not keep (the model's x / 0 is 0, a function call) has no SQL.
void TestRealDb::whatSqlCannotSayIsRefused()
{
    for (const char *where : {"row.value / row.id == 1", "row.value > now"}) {
        const auto spec = pmpWhere(QString::fromUtf8(where));
        QVERIFY(spec);
        const auto machine = compiled(*spec, QStringLiteral("mysql/rc"));
        QVERIFY(machine);
        const DatabaseStatement st = machine->nextStatement(machine->initialState(), 0, 1);
        QCOMPARE(st.kind, DatabaseStatement::Count);
        QString refused;
        QVERIFY(SqlRunner::sql(st, ServerKind::MariaDb, &refused).isEmpty());
        QVERIFY2(refused.contains(QLatin1String("has no SQL translation")) && !refused.contains(u'\n'),
                 qPrintable(refused));
        QVERIFY2(refused.contains(QString::fromUtf8(where)), qPrintable(refused));
    }
}

// A schedule stopped by a step without SQL observed nothing: "not run", not a difference;
// threaded trials stop the same way.
void TestRealDb::noSqlIsNotRunNeverDiffers()
{
    if (const QString missing = PrivateServer::missingBinaries(ServerKind::MariaDb); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    const auto spec = pmpWhere(QStringLiteral("row.value > now"));
    QVERIFY(spec);
    const auto machine = compiled(*spec, QStringLiteral("mysql/rc"));
    QVERIFY(machine);
    PrivateServer *server = serverFor(QStringLiteral("mysql/rc"));
    QVERIFY(server);
    const DifferentialRun run =
        SqlRunner::run(machine, server->address(), hermitageOrder(QStringLiteral("hermitage-pmp")));
    QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
    QVERIFY2(run.notRun.contains(QLatin1String("row.value > now")), qPrintable(run.notRun));
    QVERIFY(!run.agrees());
    QCOMPARE(run.schedule, QStringLiteral("A B")); // both began; T1's SELECT was never sent

    // Threaded trials: the first stops there and says why, the rest are not started (no hang).
    ThreadedDriver driver(machine);
    driver.setBackend(serverTrialBackend(machine, server->address()));
    const ThreadedSummary summary = driver.runTrials(5, 1);
    QCOMPARE(summary.completed, 0);
    QCOMPARE(summary.backendStopped, 1);
    QVERIFY(!summary.cancelled);
    QVERIFY2(summary.backendStopReason.contains(QLatin1String("row.value > now")),
             qPrintable(summary.backendStopReason));
}

void TestRealDb::hermitageOnRealServers_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("variant");
    for (const QString &id : hermitageScenarios())
        for (const QString &v : allVariants)
            QTest::newRow(qPrintable(id + u' ' + v)) << id << v;
}

void TestRealDb::hermitageOnRealServers()
{
    QFETCH(QString, scenario);
    QFETCH(QString, variant);
    const ServerKind kind = variant.startsWith(QLatin1String("postgres")) ? ServerKind::Postgres : ServerKind::MariaDb;
    if (const QString missing = PrivateServer::missingBinaries(kind); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    PrivateServer *server = serverFor(variant);
    QVERIFY(server);
    QString error;
    const auto spec = ScenarioLoader::builtin(scenario, &error);
    QVERIFY(spec);
    const auto machine =
        Machine::compile(*spec, spec->strategies.front().id, {}, {}, &error, DatabaseVariant::parse(variant, nullptr));
    QVERIFY2(machine, qPrintable(error));
    const DifferentialRun run = SqlRunner::run(machine, server->address(), hermitageOrder(scenario));
    QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
    QVERIFY(!run.server.isEmpty());
    if (qEnvironmentVariableIsSet("INTERLEAVE_REALDB_DEBUG"))
        qDebug("%s | server: %s | model: %s", qPrintable(run.schedule),
               qPrintable(run.server.join(QLatin1String("; "))), qPrintable(run.model.join(QLatin1String("; "))));
    QVERIFY2(run.agrees(),
             qPrintable(run.schedule + QStringLiteral(": ") + run.differences().join(QLatin1String("; "))));
}

// `step --backend`: exactly the schedule's moves, nothing after, on both servers.
void TestRealDb::exactScheduleOnRealServers_data()
{
    QTest::addColumn<QString>("variant");
    QTest::newRow("mysql/rr") << QStringLiteral("mysql/rr");
    QTest::newRow("postgres/rc") << QStringLiteral("postgres/rc");
}

void TestRealDb::exactScheduleOnRealServers()
{
    QFETCH(QString, variant);
    const ServerKind kind = variant.startsWith(QLatin1String("postgres")) ? ServerKind::Postgres : ServerKind::MariaDb;
    if (const QString missing = PrivateServer::missingBinaries(kind); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    QString error;
    const auto spec = ScenarioLoader::builtin(QStringLiteral("lost-update"), &error);
    QVERIFY2(spec, qPrintable(error));
    const auto machine = compiled(*spec, variant);
    QVERIFY(machine);
    PrivateServer *server = serverFor(variant);
    QVERIFY(server);
    // Both read 1000, then both write: B's 1200 overwrites A's 1100.
    const auto all = Schedule::parse(QStringLiteral("A B A B"), *machine, &error);
    QVERIFY2(all, qPrintable(error));
    const DifferentialRun run = SqlRunner::runExactly(machine, server->address(), *all);
    QVERIFY2(run.agrees(), qPrintable(run.differences().join(QLatin1String("; "))));
    QCOMPARE(run.schedule, QStringLiteral("A B A B"));
    QVERIFY2(run.server.contains(QStringLiteral("accounts[1].balance = 1200")),
             qPrintable(run.server.join(QLatin1String("; "))));
    // A prefix stops where it stops: one read each, the balance untouched.
    const DifferentialRun prefix =
        SqlRunner::runExactly(machine, server->address(), *Schedule::parse(QStringLiteral("A B"), *machine, &error));
    QVERIFY2(prefix.agrees(), qPrintable(prefix.differences().join(QLatin1String("; "))));
    QCOMPARE(prefix.schedule, QStringLiteral("A B"));
    QVERIFY(prefix.server.contains(QStringLiteral("accounts[1].balance = 1000")));
}

// Seed 004's load test in small: optimistic deposits on the QThreadPool, every statement on
// the server in lockstep with the model; every trial agrees and ends in an outcome the
// explorer lists, with the balance the successes promise.
void TestRealDb::threadedTrialsOnRealServers_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<int>("requests");
    QTest::newRow("optimistic mysql/rr") << QStringLiteral("mysql/rr") << QStringLiteral("optimistic") << 3;
    QTest::newRow("optimistic postgres/rc") << QStringLiteral("postgres/rc") << QStringLiteral("optimistic") << 3;
    // A retry after 40001: the server's aborted transaction must be rolled back as the model's
    // is, and the retry begin a new one. (Two requests: with three waiting for one row the
    // waits reported can differ, docs/database-model.md.)
    QTest::newRow("transaction-retry postgres/rr")
        << QStringLiteral("postgres/rr") << QStringLiteral("transaction-retry") << 2;
}

void TestRealDb::threadedTrialsOnRealServers()
{
    QFETCH(QString, variant);
    QFETCH(QString, strategy);
    QFETCH(int, requests);
    const ServerKind kind = variant.startsWith(QLatin1String("postgres")) ? ServerKind::Postgres : ServerKind::MariaDb;
    if (const QString missing = PrivateServer::missingBinaries(kind); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    QString error;
    const auto spec = ScenarioLoader::builtin(QStringLiteral("lost-update"), &error);
    QVERIFY2(spec, qPrintable(error));
    const QHash<QString, int64_t> params{{QStringLiteral("requests"), requests},
                                         {QStringLiteral("first_amount"), 10},
                                         {QStringLiteral("amount_step"), 0}};
    const auto machine =
        Machine::compile(*spec, strategy, {}, params, &error, DatabaseVariant::parse(variant, nullptr));
    QVERIFY2(machine, qPrintable(error));
    PrivateServer *server = serverFor(variant);
    QVERIFY(server);
    ThreadedDriver driver(machine);
    driver.setBackend(serverTrialBackend(machine, server->address()));
    const ThreadedSummary summary = driver.runTrials(6, 7);
    QCOMPARE(summary.completed, 6);
    QCOMPARE(summary.backendStopped, 0);
    QVERIFY(!summary.cancelled);
    for (const OutcomeBucket &b : summary.outcomes)
        QVERIFY2(b.differing == 0, qPrintable(b.exampleDifferences.join(QLatin1String("; "))));
    QCOMPARE(summary.trialsDiffering, 0);
    const ExplorerResult explored = Explorer::explore(*machine, {});
    QVERIFY(explored.complete);
    int successes = 0;
    for (const OutcomeBucket &b : summary.outcomes) {
        const std::vector<int64_t> key(b.key.begin(), b.key.end() - 1);
        QVERIFY2(std::any_of(explored.outcomes.begin(), explored.outcomes.end(),
                             [&](const ExplorerOutcome &o) { return o.key == key; }),
                 qPrintable(b.description));
        successes = 0;
        for (int a = 0; a < machine->actorCount(); ++a)
            successes += machine->status(b.exampleState, a) == ActorStatus::Done;
        QCOMPARE(machine->cellValue(b.exampleState, 0, 0), 1000 + 10 * successes);
    }
}

QTEST_GUILESS_MAIN(TestRealDb)
#include "tst_realdb.moc"
