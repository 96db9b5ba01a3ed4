// Real servers (core/realdb): private MariaDB, PostgreSQL and Redis servers start, answer
// and leave no process or directory behind; a server killed mid-run gives a clear error
// and no hang; a bad --db-url gives one line; and Hermitage's schedules give the same
// reads, waits, errors and final rows on the servers as in the model, at every level.
// Skipped only where a server's binaries are not installed (./setup test installs them).

#include "machine/machine.h"
#include "realdb/hermitage.h"
#include "realdb/privateserver.h"
#include "realdb/sqlrunner.h"
#include "realdb/sqlsession.h"
#include "scenario/scenario.h"

#include <QDir>
#include <QFile>
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
    void hermitageOnRealServers_data();
    void hermitageOnRealServers();

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

QTEST_GUILESS_MAIN(TestRealDb)
#include "tst_realdb.moc"
