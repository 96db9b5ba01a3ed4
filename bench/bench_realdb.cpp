// One real step on each private server: how long the server takes to start, and one
// statement's round trip (a primary-key SELECT and an UPDATE in autocommit, over the
// Unix socket, through Qt SQL or hiredis), and trials per second of the threaded driver on
// the server (`run --backend`): the 2-request lost update and seed 004's 100-request load
// test. The README lists the figures.
// Run from the build directory: ./bench/bench_realdb

#include "drivers/threadeddriver.h"
#include "realdb/privateserver.h"
#include "realdb/sqlsession.h"
#include "realdb/trialbackend.h"
#include "scenario/scenario.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

#ifdef INTERLEAVE_HAVE_HIREDIS
#include <hiredis/hiredis.h>
#endif

using namespace Interleave;

namespace {

constexpr int Rounds = 2000;

void sqlRoundTrips(const PrivateServer &server)
{
    SqlSession session(server.address());
    qint64 id = 0;
    QString error;
    if (!session.open({}, &id, &error)) {
        std::printf("  cannot connect: %s\n", qPrintable(error));
        return;
    }
    const bool pg = server.kind() == ServerKind::Postgres;
    // mariadb-install-db made no test database (--skip-test-db): the bench makes its own.
    if (!pg)
        session.run(QStringLiteral("CREATE DATABASE test"));
    for (const QString &sql : {pg ? QStringLiteral("CREATE TABLE bench (id BIGINT PRIMARY KEY, v BIGINT)")
                                  : QStringLiteral("CREATE TABLE test.bench (id BIGINT PRIMARY KEY, v BIGINT)"),
                               pg ? QStringLiteral("INSERT INTO bench VALUES (1, 0)")
                                  : QStringLiteral("INSERT INTO test.bench VALUES (1, 0)")})
        session.run(sql);
    const QString table = pg ? QStringLiteral("bench") : QStringLiteral("test.bench");
    for (const QString &sql : {QStringLiteral("SELECT v FROM %1 WHERE id = 1").arg(table),
                               QStringLiteral("UPDATE %1 SET v = v + 1 WHERE id = 1").arg(table)}) {
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < Rounds; ++i)
            session.run(sql);
        std::printf("  %-40s %7.1f µs per round trip\n", qPrintable(sql.section(u' ', 0, 0)),
                    clock.nsecsElapsed() / 1000.0 / Rounds);
    }
}

// Threaded trials with every statement on the server in lockstep with the model.
void trialsPerSecond(const PrivateServer &server)
{
    struct Case
    {
        const char *label, *strategy;
        int requests, trials;
    };
    const DatabaseVariant::Flavour flavour =
        server.kind() == ServerKind::Postgres ? DatabaseVariant::Postgres : DatabaseVariant::MySql;
    QString error;
    const auto spec = ScenarioLoader::builtin(QStringLiteral("lost-update"), &error);
    for (const Case &c : {Case{"lost update, 2 requests, broken", "broken", 2, 40},
                          Case{"load test, 100 requests, optimistic", "optimistic", 100, 5}}) {
        const QHash<QString, int64_t> params{{QStringLiteral("requests"), c.requests},
                                             {QStringLiteral("first_amount"), 10},
                                             {QStringLiteral("amount_step"), 0}};
        DatabaseVariant database = spec->database;
        database.flavour = flavour;
        const auto machine = Machine::compile(*spec, QString::fromLatin1(c.strategy), {}, params, &error, database);
        if (!machine) {
            std::printf("  %s\n", qPrintable(error));
            continue;
        }
        ThreadedDriver driver(machine);
        driver.setBackend(serverTrialBackend(machine, server.address()));
        const ThreadedSummary summary = driver.runTrials(c.trials, 1);
        std::printf("  %-40s %7.2f trials/s (%d trials, %d differing from the model)\n", c.label,
                    summary.completed * 1000.0 / summary.wallMs, summary.completed, summary.trialsDiffering);
    }
}

void redisRoundTrips(const PrivateServer &server)
{
#ifdef INTERLEAVE_HAVE_HIREDIS
    redisContext *c = redisConnectUnix(QFile::encodeName(server.address().socket).constData());
    if (!c || c->err) {
        std::printf("  cannot connect\n");
        redisFree(c);
        return;
    }
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < Rounds; ++i)
        freeReplyObject(redisCommand(c, "SET lease:1 A NX PX 30000"));
    std::printf("  %-40s %7.1f µs per round trip\n", "SET NX PX", clock.nsecsElapsed() / 1000.0 / Rounds);
    redisFree(c);
#else
    Q_UNUSED(server);
    std::printf("  (built without hiredis)\n");
#endif
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    for (ServerKind kind : {ServerKind::MariaDb, ServerKind::Postgres, ServerKind::Redis}) {
        PrivateServer server(kind);
        QString error;
        if (!server.start(&error)) {
            std::printf("%s: %s\n", qPrintable(ServerAddress::kindName(kind)), qPrintable(error));
            continue;
        }
        std::printf("%s: started in %.1f s\n", qPrintable(ServerAddress::kindName(kind)), server.startSeconds());
        if (kind == ServerKind::Redis)
            redisRoundTrips(server);
        else {
            sqlRoundTrips(server);
            trialsPerSecond(server);
        }
    }
    return 0;
}
