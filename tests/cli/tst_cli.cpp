// The command line as a user meets it: the built binary, run as a process.
// Bad input must end with exit code 2 and exactly one line on stderr that
// names the bad argument; good input must print what docs/cli.md promises.

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

Result runCli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(INTERLEAVE_CLI_PATH), arguments);
    Result r;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return r;
    }
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

QJsonObject runCliJson(const QStringList &arguments)
{
    const Result r = runCli(arguments + QStringList{QStringLiteral("--json")});
    if (r.exitCode != 0)
        qWarning("%s", qPrintable(r.err));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void badInput_data();
    void badInput();
    void help_data();
    void help();
    void listText();
    void listJson();
    void listOneScenario();
    void stepText();
    void stepJson();
    void stepDeadlock();
    void stepUnfinished();
    void runText();
    void runJson();
    void runFixHolds();
    void runDeadlockEnds();
    void exploreReplayCommandReplays();
    void exploreMemoryBudget();
    void exploreBadMemoryBudget();
    void runAndExploreAgreeOnADeadlock();
    void challengeVerb();
    void challengeFindEveryJson();
    void stepPrintsTheForecast();
    void interruptCancels_data();
    void interruptCancels();
    void stepOnARealServer();
    void runOnARealServer();

private:
    QString writeScenario(const QString &name, const QByteArray &json);

    QTemporaryDir m_dir;
    QString m_threadsOnly; // a scenario file that offers only the threads model
    QString m_malformed;
    QString m_noSql; // a predicate over `now`, which has no SQL translation
};

void TestCli::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(INTERLEAVE_CLI_PATH)));
    QVERIFY(m_dir.isValid());
    m_threadsOnly = m_dir.filePath(QStringLiteral("threads-only.json"));
    QFile f(m_threadsOnly);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"J({"format": 1, "id": "counter", "title": "Counter", "models": ["threads"],
        "state": {"memory": {"count": 0}},
        "actors": [{"name": "Request %1", "repeat": "2"}],
        "strategies": [{"id": "broken", "label": "Read, then write", "programs": {"main": [
            {"code": "const c = count;", "steps": [{"op": "read", "cell": "mem.count", "into": "c"}]},
            {"code": "count = c + 1;", "steps": [{"op": "write", "cell": "mem.count", "value": "c + 1"}]}]}}],
        "invariants": [{"id": "all", "label": "count = 2", "check": "mem.count == 2"}]})J");
    f.close();
    m_noSql = writeScenario(QStringLiteral("no-sql.json"), R"J({"format": 1, "id": "no-sql", "title": "No SQL",
        "models": ["threads"],
        "state": {"tables": [{"name": "test", "columns": ["value"], "rows": [{"id": 1, "value": 10}]}]},
        "actors": [{"name": "Request %1", "repeat": "1"}],
        "strategies": [{"id": "s", "label": "S", "programs": {"main": [
            {"code": "SELECT COUNT(*) FROM test WHERE value > NOW()",
             "steps": [{"op": "select", "table": "test", "where": "row.value > now", "into": "n", "await": true}]}]}}]})J");
    m_malformed = m_dir.filePath(QStringLiteral("malformed.json"));
    QFile g(m_malformed);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write("{\"format\": 1, \"id\": \"x\",\n \"title\": }\n");
    g.close();
}

void TestCli::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("names"); // the one-line error must name this

    QTest::newRow("no verb") << QStringList{} << QStringLiteral("missing verb");
    QTest::newRow("unknown verb") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("\"frobnicate\"");
    QTest::newRow("unknown challenge") << QStringList{QStringLiteral("challenge"), QStringLiteral("show"),
                                                      QStringLiteral("no-such")}
                                       << QStringLiteral("\"no-such\"");
    QTest::newRow("challenge action") << QStringList{QStringLiteral("challenge"), QStringLiteral("solve")}
                                      << QStringLiteral("expected list");
    QTest::newRow("challenge schedule") << QStringList{QStringLiteral("challenge"), QStringLiteral("check"),
                                                       QStringLiteral("lost-update-lose-a-deposit"),
                                                       QStringLiteral("--schedule"), QStringLiteral("A Q")}
                                        << QStringLiteral("--schedule");
    QTest::newRow("challenge prediction")
        << QStringList{QStringLiteral("challenge"), QStringLiteral("check"), QStringLiteral("lost-update-predict"),
                       QStringLiteral("--schedule"), QStringLiteral("A B")}
        << QStringLiteral("--predict");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("list"), QStringLiteral("--colour")}
                                    << QStringLiteral("--colour");
    QTest::newRow("another verb's option")
        << QStringList{QStringLiteral("run"), QStringLiteral("--schedule"), QStringLiteral("A")}
        << QStringLiteral("--schedule");
    QTest::newRow("unknown scenario") << QStringList{QStringLiteral("run"), QStringLiteral("--scenario"),
                                                     QStringLiteral("no-such")}
                                      << QStringLiteral("\"no-such\"");
    QTest::newRow("missing scenario file")
        << QStringList{QStringLiteral("list"), QStringLiteral("--scenario"), QStringLiteral("/nonexistent/x.json")}
        << QStringLiteral("/nonexistent/x.json");
    QTest::newRow("malformed scenario file")
        << QStringList{QStringLiteral("list"), QStringLiteral("--scenario"), m_malformed}
        << QStringLiteral("malformed.json");
    QTest::newRow("unknown strategy") << QStringList{QStringLiteral("run"), QStringLiteral("--strategy"),
                                                     QStringLiteral("magic")}
                                      << QStringLiteral("\"magic\"");
    QTest::newRow("unknown model") << QStringList{QStringLiteral("run"), QStringLiteral("--model"),
                                                  QStringLiteral("fibers")}
                                   << QStringLiteral("\"fibers\"");
    QTest::newRow("instances out of range")
        << QStringList{QStringLiteral("step"), QStringLiteral("--model"), QStringLiteral("instances:99"),
                       QStringLiteral("--schedule"), QStringLiteral("A")}
        << QStringLiteral("instances:99");
    QTest::newRow("model not offered") << QStringList{QStringLiteral("run"), QStringLiteral("--scenario"),
                                                      m_threadsOnly, QStringLiteral("--model"),
                                                      QStringLiteral("eventloop")}
                                       << QStringLiteral("\"eventloop\"");
    QTest::newRow("param not k=v") << QStringList{QStringLiteral("run"), QStringLiteral("--param"),
                                                  QStringLiteral("requests")}
                                   << QStringLiteral("\"requests\"");
    QTest::newRow("param not a number") << QStringList{QStringLiteral("run"), QStringLiteral("--param"),
                                                       QStringLiteral("requests=many")}
                                        << QStringLiteral("\"requests=many\"");
    QTest::newRow("unknown param") << QStringList{QStringLiteral("step"), QStringLiteral("--param"),
                                                  QStringLiteral("speed=3"), QStringLiteral("--schedule"),
                                                  QStringLiteral("A")}
                                   << QStringLiteral("\"speed\"");
    QTest::newRow("param out of range") << QStringList{QStringLiteral("run"), QStringLiteral("--param"),
                                                       QStringLiteral("requests=1000")}
                                        << QStringLiteral("requests=1000");
    QTest::newRow("param missing value") << QStringList{QStringLiteral("run"), QStringLiteral("--param")}
                                         << QStringLiteral("--param");
    QTest::newRow("step without schedule") << QStringList{QStringLiteral("step")} << QStringLiteral("--schedule");
    QTest::newRow("bad schedule token") << QStringList{QStringLiteral("step"), QStringLiteral("--schedule"),
                                                       QStringLiteral("A Q B")}
                                        << QStringLiteral("\"Q\"");
    QTest::newRow("impossible move") << QStringList{QStringLiteral("step"), QStringLiteral("--schedule"),
                                                    QStringLiteral("A A A B")}
                                     << QStringLiteral("move 3");
    QTest::newRow("impossible tick") << QStringList{QStringLiteral("step"), QStringLiteral("--schedule"),
                                                    QStringLiteral("~")}
                                     << QStringLiteral("move 1");
    QTest::newRow("trials zero") << QStringList{QStringLiteral("run"), QStringLiteral("--trials"), QStringLiteral("0")}
                                 << QStringLiteral("--trials");
    QTest::newRow("trials not a number") << QStringList{QStringLiteral("run"), QStringLiteral("--trials"),
                                                        QStringLiteral("lots")}
                                         << QStringLiteral("\"lots\"");
    QTest::newRow("trials fraction") << QStringList{QStringLiteral("run"), QStringLiteral("--trials"),
                                                    QStringLiteral("2.5")}
                                     << QStringLiteral("--trials");
    QTest::newRow("negative jitter") << QStringList{QStringLiteral("run"), QStringLiteral("--jitter"),
                                                    QStringLiteral("-1")}
                                     << QStringLiteral("--jitter");
    QTest::newRow("time scale zero") << QStringList{QStringLiteral("run"), QStringLiteral("--time-scale"),
                                                    QStringLiteral("0")}
                                     << QStringLiteral("--time-scale");
    QTest::newRow("bad db-url") << QStringList{QStringLiteral("isolation"), QStringLiteral("--db-url"),
                                               QStringLiteral("oracle://db/shop")}
                                << QStringLiteral("bad --db-url \"oracle://db/shop\"");
    QTest::newRow("unknown backend") << QStringList{QStringLiteral("run"), QStringLiteral("--backend"),
                                                    QStringLiteral("oracle")}
                                     << QStringLiteral("--backend \"oracle\"");
    QTest::newRow("backend against db") << QStringList{QStringLiteral("step"),     QStringLiteral("--backend"),
                                                       QStringLiteral("postgres"), QStringLiteral("--db"),
                                                       QStringLiteral("mysql"),    QStringLiteral("--schedule"),
                                                       QStringLiteral("A")}
                                        << QStringLiteral("--db mysql does not match");
    QTest::newRow("backend bad db-url") << QStringList{QStringLiteral("run"), QStringLiteral("--backend"),
                                                       QStringLiteral("mariadb"), QStringLiteral("--db-url"),
                                                       QStringLiteral("oracle://db/shop")}
                                        << QStringLiteral("bad --db-url \"oracle://db/shop\"");
    QTest::newRow("db-url against backend") << QStringList{QStringLiteral("step"),
                                                           QStringLiteral("--backend"),
                                                           QStringLiteral("postgres"),
                                                           QStringLiteral("--db-url"),
                                                           QStringLiteral("mysql://root@localhost/shop"),
                                                           QStringLiteral("--schedule"),
                                                           QStringLiteral("A")}
                                            << QStringLiteral("--db-url is a MariaDB server");
    QTest::newRow("backend without database steps")
        << QStringList{QStringLiteral("run"), QStringLiteral("--scenario"), m_threadsOnly, QStringLiteral("--backend"),
                       QStringLiteral("mariadb")}
        << QStringLiteral("no database steps");
    QTest::newRow("backend step without sql")
        << QStringList{QStringLiteral("step"),      QStringLiteral("--scenario"), m_noSql,
                       QStringLiteral("--backend"), QStringLiteral("postgres"),   QStringLiteral("--schedule"),
                       QStringLiteral("A")}
        << QStringLiteral("move 1 (Request A, line 1");
    QTest::newRow("backend run without sql")
        << QStringList{QStringLiteral("run"), QStringLiteral("--scenario"), m_noSql, QStringLiteral("--backend"),
                       QStringLiteral("mariadb")}
        << QStringLiteral("row.value > now");
    QTest::newRow("extra argument") << QStringList{QStringLiteral("list"), QStringLiteral("everything")}
                                    << QStringLiteral("\"everything\"");
}

void TestCli::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, names);
    const Result r = runCli(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
    QVERIFY2(r.err.endsWith(u'\n') && r.err.count(u'\n') == 1, qPrintable(r.err));
    QVERIFY2(r.err.startsWith(QLatin1String("interleave-cli: ")), qPrintable(r.err));
    QVERIFY2(r.err.contains(names), qPrintable(r.err));
}

void TestCli::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << QStringLiteral("step");
    QTest::newRow("list --help") << QStringList{QStringLiteral("list"), QStringLiteral("--help")}
                                 << QStringLiteral("--scenario");
    QTest::newRow("run --help") << QStringList{QStringLiteral("run"), QStringLiteral("--help")}
                                << QStringLiteral("--time-scale");
    QTest::newRow("step --help") << QStringList{QStringLiteral("step"), QStringLiteral("--help")}
                                 << QStringLiteral("--schedule");
    QTest::newRow("help run") << QStringList{QStringLiteral("help"), QStringLiteral("run")}
                              << QStringLiteral("--trials");
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << QStringLiteral("interleave-cli");
}

void TestCli::help()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Result r = runCli(arguments);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(mentions), qPrintable(r.out));
    QVERIFY(r.err.isEmpty());
}

void TestCli::listText()
{
    const Result r = runCli({QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QLatin1String("lost-update")));
    QVERIFY(r.out.contains(QLatin1String("broken, atomic")));
    QVERIFY(r.out.contains(QStringLiteral("requests=2 (1…")));
    QVERIFY(r.out.contains(QLatin1String("instances:N")));
}

void TestCli::listJson()
{
    const QJsonObject root = runCliJson({QStringLiteral("list")});
    const QJsonArray scenarios = root.value(QLatin1String("scenarios")).toArray();
    QVERIFY(scenarios.size() >= 1);
    QJsonObject lost;
    for (const QJsonValue &v : scenarios)
        if (v.toObject().value(QLatin1String("id")).toString() == QLatin1String("lost-update"))
            lost = v.toObject();
    QVERIFY(!lost.isEmpty());
    QCOMPARE(lost.value(QLatin1String("strategies")).toArray().at(0).toObject().value(QLatin1String("id")).toString(),
             QStringLiteral("broken"));
    const QJsonObject requests = lost.value(QLatin1String("params")).toArray().at(0).toObject();
    QCOMPARE(requests.value(QLatin1String("name")).toString(), QStringLiteral("requests"));
    QCOMPARE(requests.value(QLatin1String("default")).toInt(), 2);
    QCOMPARE(requests.value(QLatin1String("min")).toInt(), 1);
    QVERIFY(requests.value(QLatin1String("max")).toInt() >= 2);
    QCOMPARE(root.value(QLatin1String("models")).toArray().size(), 3);
}

void TestCli::listOneScenario()
{
    const Result r = runCli({QStringLiteral("list"), QStringLiteral("--scenario"), m_threadsOnly,
                             QStringLiteral("--strategy"), QStringLiteral("broken")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QLatin1String("Counter")));
    QVERIFY(r.out.contains(QLatin1String("count = c + 1;"))); // --strategy shows the code
    const QJsonObject root = runCliJson({QStringLiteral("list"), QStringLiteral("--scenario"), m_threadsOnly});
    const QJsonObject counter = root.value(QLatin1String("scenarios")).toArray().at(0).toObject();
    QCOMPARE(counter.value(QLatin1String("id")).toString(), QStringLiteral("counter"));
    QCOMPARE(counter.value(QLatin1String("models")).toArray(), QJsonArray{QStringLiteral("threads")});
}

// Seed 004 example 1: A reads, B reads, A writes 1100, B writes 1200. A's deposit is lost.
void TestCli::stepText()
{
    const Result r = runCli({QStringLiteral("step"), QStringLiteral("--schedule"), QStringLiteral("A B A B")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QLatin1String("Request A reads accounts[1].balance = 1000.")));
    QVERIFY(r.out.contains(QLatin1String("accounts[1].balance = 1200")));
    QVERIFY(r.out.contains(QStringLiteral("✗")));
    QVERIFY(r.out.contains(QLatin1String("broken at step 4")));
    QVERIFY(r.out.contains(QLatin1String("lost update")));
    QVERIFY(r.out.contains(QLatin1String("Schedule: A B A B")));
}

void TestCli::stepJson()
{
    const QJsonObject root =
        runCliJson({QStringLiteral("step"), QStringLiteral("--schedule"), QStringLiteral("A B A B")});
    QCOMPARE(root.value(QLatin1String("schedule")).toString(), QStringLiteral("A B A B"));
    const QJsonObject state = root.value(QLatin1String("finalState")).toObject();
    QCOMPARE(state.value(QLatin1String("rows"))
                 .toObject()
                 .value(QLatin1String("accounts[1]"))
                 .toObject()
                 .value(QLatin1String("balance"))
                 .toInt(),
             1200);
    QVERIFY(state.value(QLatin1String("final")).toBool());
    const QJsonObject rule = root.value(QLatin1String("rules")).toArray().at(0).toObject();
    QCOMPARE(rule.value(QLatin1String("holds")).toBool(), false);
    const QJsonObject culprit = rule.value(QLatin1String("event")).toObject();
    QCOMPARE(culprit.value(QLatin1String("kind")).toString(), QStringLiteral("write"));
    QCOMPARE(culprit.value(QLatin1String("actor")).toString(), QStringLiteral("B"));
    QCOMPARE(culprit.value(QLatin1String("step")).toInt(), 3);
    const QJsonArray lost =
        root.value(QLatin1String("anomalies")).toObject().value(QLatin1String("lostUpdates")).toArray();
    QCOMPARE(lost.size(), 1);
    const QJsonArray events = root.value(QLatin1String("events")).toArray();
    QCOMPARE(events.at(lost.at(0).toObject().value(QLatin1String("overwritten")).toInt())
                 .toObject()
                 .value(QLatin1String("actor"))
                 .toString(),
             QStringLiteral("A"));
    QVERIFY(!events.at(0).toObject().value(QLatin1String("text")).toString().isEmpty());
    QVERIFY(root.value(QLatin1String("errorsPerActor")).toObject().isEmpty());
}

// Seed 004 example 8: row locks taken in opposite order; the detector rolls one back.
void TestCli::stepDeadlock()
{
    const QJsonObject root =
        runCliJson({QStringLiteral("step"), QStringLiteral("--scenario"), QStringLiteral("transfer-deadlock"),
                    QStringLiteral("--strategy"), QStringLiteral("request-order"), QStringLiteral("--schedule"),
                    QStringLiteral("A B A B")});
    const QJsonArray deadlocks =
        root.value(QLatin1String("anomalies")).toObject().value(QLatin1String("deadlocks")).toArray();
    QCOMPARE(deadlocks.size(), 1);
    const QString victim = deadlocks.at(0).toObject().value(QLatin1String("victim")).toString();
    QVERIFY(victim == QLatin1String("A") || victim == QLatin1String("B"));
    const QJsonObject errors = root.value(QLatin1String("errorsPerActor")).toObject();
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.value(victim).toObject().keys().at(0).startsWith(QLatin1String("ER_LOCK_DEADLOCK")));
}

void TestCli::stepUnfinished()
{
    const Result r = runCli({QStringLiteral("step"), QStringLiteral("--schedule"), QStringLiteral("A")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QLatin1String("Possible next moves: A B")));
    const QJsonObject root = runCliJson({QStringLiteral("step"), QStringLiteral("--schedule"), QStringLiteral("A")});
    QCOMPARE(root.value(QLatin1String("finalState")).toObject().value(QLatin1String("final")).toBool(), false);
    QCOMPARE(root.value(QLatin1String("next")).toArray().size(), 2);
}

void TestCli::runText()
{
    const Result r = runCli({QStringLiteral("run"), QStringLiteral("--trials"), QStringLiteral("20")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QLatin1String("20 of 20 trials")));
    QVERIFY(r.out.contains(QLatin1String("Outcomes:")));
    QVERIFY(r.out.contains(QLatin1String("Errors per actor:")));
    QVERIFY(r.out.contains(QLatin1String("Balance = ")));
}

void TestCli::runJson()
{
    const QJsonObject root =
        runCliJson({QStringLiteral("run"), QStringLiteral("--trials"), QStringLiteral("30"), QStringLiteral("--jitter"),
                    QStringLiteral("50"), QStringLiteral("--param"), QStringLiteral("requests=3")});
    QCOMPARE(root.value(QLatin1String("trials")).toObject().value(QLatin1String("completed")).toInt(), 30);
    QCOMPARE(root.value(QLatin1String("variant"))
                 .toObject()
                 .value(QLatin1String("params"))
                 .toObject()
                 .value(QLatin1String("requests"))
                 .toInt(),
             3);
    int total = 0;
    for (const QJsonValue &v : root.value(QLatin1String("outcomes")).toArray()) {
        const QJsonObject o = v.toObject();
        total += o.value(QLatin1String("count")).toInt();
        // Each outcome shows a schedule that really reached it: 3 requests, 2 moves each.
        QCOMPARE(o.value(QLatin1String("schedule")).toString().split(u' ').size(), 6);
        const int balance = o.value(QLatin1String("finalState"))
                                .toObject()
                                .value(QLatin1String("rows"))
                                .toObject()
                                .value(QLatin1String("accounts[1]"))
                                .toObject()
                                .value(QLatin1String("balance"))
                                .toInt();
        QCOMPARE(o.value(QLatin1String("breaksRule")).toBool(), balance != 1600);
    }
    QCOMPARE(total, 30);
    const QJsonObject stats = root.value(QLatin1String("stats")).toObject();
    QCOMPARE(stats.value(QLatin1String("successes")).toInt(), 90);
    QVERIFY(root.value(QLatin1String("anomalies")).toObject().contains(QLatin1String("lostUpdates")));
    QVERIFY(root.contains(QLatin1String("errorsPerActor")));
}

void TestCli::runFixHolds()
{
    const QJsonObject root = runCliJson({QStringLiteral("run"), QStringLiteral("--strategy"), QStringLiteral("atomic"),
                                         QStringLiteral("--trials"), QStringLiteral("50")});
    const QJsonObject lost =
        root.value(QLatin1String("anomalies")).toObject().value(QLatin1String("lostUpdates")).toObject();
    QCOMPARE(lost.value(QLatin1String("total")).toInt(), 0);
    QCOMPARE(root.value(QLatin1String("outcomes")).toArray().size(), 1);
    QVERIFY(
        root.value(QLatin1String("anomalies")).toObject().value(QLatin1String("ruleViolations")).toArray().isEmpty());
}

void TestCli::runDeadlockEnds()
{
    const QJsonObject root =
        runCliJson({QStringLiteral("run"), QStringLiteral("--scenario"), QStringLiteral("transfer-deadlock"),
                    QStringLiteral("--strategy"), QStringLiteral("request-order"), QStringLiteral("--trials"),
                    QStringLiteral("10")});
    QCOMPARE(root.value(QLatin1String("trials")).toObject().value(QLatin1String("completed")).toInt(), 10);
    for (const QJsonValue &v : root.value(QLatin1String("outcomes")).toArray())
        QCOMPARE(v.toObject().value(QLatin1String("end")).toString(), QStringLiteral("finished"));
}

QString TestCli::writeScenario(const QString &name, const QByteArray &json)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(json);
    return path;
}

void TestCli::exploreReplayCommandReplays()
{
    // A file scenario (its path has a space) with a parameter set: the printed command must replay exactly that.
    const QString path =
        writeScenario(QStringLiteral("my counter.json"), R"J({"format": 1, "id": "counter", "title": "Counter",
        "params": [{"name": "requests", "default": 2, "min": 1, "max": 5}],
        "state": {"memory": {"count": 0}},
        "actors": [{"name": "Request %1", "repeat": "requests"}],
        "strategies": [{"id": "broken", "label": "Read, then write", "programs": {"main": [
            {"code": "const c = count;", "steps": [{"op": "read", "cell": "mem.count", "into": "c"}]},
            {"code": "count = c + 1;", "steps": [{"op": "write", "cell": "mem.count", "value": "c + 1"}]}]}}],
        "invariants": [{"id": "all", "label": "count = requests", "check": "mem.count == requests"}]})J");
    const Result explored = runCli({QStringLiteral("explore"), QStringLiteral("--scenario"), path,
                                    QStringLiteral("--param"), QStringLiteral("requests=3")});
    QCOMPARE(explored.exitCode, 0);
    const int at = explored.out.indexOf(QLatin1String("Replay it: "));
    QVERIFY2(at >= 0, qPrintable(explored.out));
    const QString command = explored.out.mid(at + 11).section(u'\n', 0, 0);
    QVERIFY2(command.startsWith(QLatin1String("interleave-cli step ")), qPrintable(command));
    QVERIFY(command.contains(QLatin1String("requests=3")));
    // As a user pastes it into a POSIX shell.
    QProcess shell;
    shell.start(
        QStringLiteral("/bin/sh"),
        {QStringLiteral("-c"), QStringLiteral("exec \"$0\" ") + command.mid(15), QStringLiteral(INTERLEAVE_CLI_PATH)});
    QVERIFY(shell.waitForFinished(60000));
    const QString out = QString::fromUtf8(shell.readAllStandardOutput()),
                  err = QString::fromUtf8(shell.readAllStandardError());
    QCOMPARE(shell.exitCode(), 0);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QVERIFY2(out.contains(QLatin1String("requests=3")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("count = requests")), qPrintable(out));
}

void TestCli::exploreMemoryBudget()
{
    const QJsonObject root =
        runCliJson({QStringLiteral("explore"), QStringLiteral("--param"), QStringLiteral("requests=7"),
                    QStringLiteral("--memory-budget"), QStringLiteral("2M")});
    QCOMPARE(root.value(QLatin1String("complete")).toBool(true), false);
    QVERIFY(root.value(QLatin1String("incompleteReasons")).toArray().contains(QStringLiteral("memory-budget")));
    QCOMPARE(root.value(QLatin1String("options")).toObject().value(QLatin1String("memoryBudgetBytes")).toDouble(),
             double(2 << 20));
    QVERIFY(root.value(QLatin1String("states")).toDouble() > 0);
}

void TestCli::exploreBadMemoryBudget()
{
    for (const char *size : {"lots", "0", "1.5", "-1G", "2048T"}) {
        const Result r = runCli({QStringLiteral("explore"), QStringLiteral("--memory-budget"), QLatin1String(size)});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.trimmed().count(u'\n'), 0);
        QVERIFY2(r.err.contains(QLatin1String("--memory-budget")), qPrintable(r.err));
    }
}

void TestCli::runAndExploreAgreeOnADeadlock()
{
    // Two requests take two mutexes in opposite orders; no rule mentions it, yet every one waits forever.
    const QString path =
        writeScenario(QStringLiteral("mutex-deadlock.json"), R"J({"format": 1, "id": "mutexes", "title": "Mutexes",
        "models": ["threads"], "state": {"mutexes": ["m1", "m2"], "memory": {"x": 0}},
        "actors": [{"name": "T%1", "repeat": 2}],
        "strategies": [{"id": "broken", "label": "Opposite orders", "programs": {"main": [
            {"code": "first", "steps": [{"op": "goto", "to": "other", "if": "i == 1"}, {"op": "lock", "mutex": "m1"},
                                        {"op": "lock", "mutex": "m2"}, {"op": "finish"}]},
            {"code": "other", "label": "other", "steps": [{"op": "lock", "mutex": "m2"}, {"op": "lock", "mutex": "m1"}]}]}}],
        "invariants": [{"id": "x", "label": "x stays 0", "check": "mem.x == 0"}]})J");
    const QJsonObject explored = runCliJson({QStringLiteral("explore"), QStringLiteral("--scenario"), path});
    const QJsonObject run = runCliJson(
        {QStringLiteral("run"), QStringLiteral("--scenario"), path, QStringLiteral("--trials"), QStringLiteral("50")});
    bool exploreSawStuck = false, runSawStuck = false;
    for (const QJsonValue &v : explored.value(QLatin1String("outcomes")).toArray())
        if (v.toObject().value(QLatin1String("stuck")).toBool()) {
            exploreSawStuck = true;
            QVERIFY(v.toObject().value(QLatin1String("breaksRule")).toBool());
        }
    for (const QJsonValue &v : run.value(QLatin1String("outcomes")).toArray())
        if (v.toObject().value(QLatin1String("end")).toString() == QLatin1String("deadlock")) {
            runSawStuck = true;
            QVERIFY(v.toObject().value(QLatin1String("breaksRule")).toBool());
        }
    QVERIFY(exploreSawStuck);
    Q_UNUSED(runSawStuck); // threads may happen to miss the deadlock; when they meet it, the verdict is the same
}

// docs/cli.md: 0 when solved, 1 when not (yet).
void TestCli::challengeVerb()
{
    const Result list = runCli({QStringLiteral("challenge"), QStringLiteral("list")});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.count(u'\n') >= 12);
    const QStringList check{QStringLiteral("challenge"), QStringLiteral("check"),
                            QStringLiteral("lost-update-lose-a-deposit"), QStringLiteral("--schedule")};
    QCOMPARE(runCli(check + QStringList{QStringLiteral("A B B A")}).exitCode, 0);
    const Result wrong = runCli(check + QStringList{QStringLiteral("A A B B")});
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.out.startsWith(QLatin1String("Not yet.")), qPrintable(wrong.out));
    const QStringList predict{QStringLiteral("challenge"), QStringLiteral("check"),
                              QStringLiteral("lost-update-predict"), QStringLiteral("--predict")};
    QCOMPARE(runCli(predict + QStringList{QStringLiteral("1100, 1200, 1300")}).exitCode, 0);
    QCOMPARE(runCli(predict + QStringList{QStringLiteral("1300")}).exitCode, 1);
    const Result hint =
        runCli({QStringLiteral("challenge"), QStringLiteral("hint"), QStringLiteral("lost-update-lose-a-deposit"),
                QStringLiteral("--level"), QStringLiteral("2")});
    QCOMPARE(hint.exitCode, 0);
    QVERIFY2(hint.out.contains(QLatin1String("\"A B\"")), qPrintable(hint.out));
}

void TestCli::challengeFindEveryJson()
{
    const QJsonObject o =
        runCliJson({QStringLiteral("challenge"), QStringLiteral("check"), QStringLiteral("last-seat-every-oversell"),
                    QStringLiteral("--schedule"), QStringLiteral("A A A B B B B A"), QStringLiteral("--schedule"),
                    QStringLiteral("A A B B B B A A")});
    QCOMPARE(o.value(QStringLiteral("solved")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("of")).toInt(), 2);
    QCOMPARE(o.value(QStringLiteral("found")).toArray().size(), 2);
}

void TestCli::stepPrintsTheForecast()
{
    const Result r = runCli({QStringLiteral("step"), QStringLiteral("--schedule"), QStringLiteral("A")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("Forecast: From here: 2 of 3 continuations break a rule.")),
             qPrintable(r.out));
    const QJsonObject o = runCliJson({QStringLiteral("step"), QStringLiteral("--schedule"), QStringLiteral("A B B A")});
    const QJsonObject turning =
        o.value(QStringLiteral("forecast")).toObject().value(QStringLiteral("turningPoint")).toObject();
    QCOMPARE(turning.value(QStringLiteral("kind")).toString(), QStringLiteral("bad-certain"));
    QCOMPARE(turning.value(QStringLiteral("move")).toInt(), 2);
}

void TestCli::interruptCancels_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("verb");
    const QString params = QStringLiteral("requests=8");
    QTest::newRow("run") << QStringList{QStringLiteral("run"), QStringLiteral("--param"), params,
                                        QStringLiteral("--trials"), QStringLiteral("1000000")}
                         << QStringLiteral("run");
    QTest::newRow("explore") << QStringList{QStringLiteral("explore"), QStringLiteral("--param"), params,
                                            QStringLiteral("--budget"), QStringLiteral("0")}
                             << QStringLiteral("explore");
    QTest::newRow("export --counterexample") << QStringList{QStringLiteral("export"),
                                                            QStringLiteral("--param"),
                                                            params,
                                                            QStringLiteral("--counterexample"),
                                                            QStringLiteral("-o"),
                                                            m_dir.filePath(QStringLiteral("never.png"))}
                                             << QStringLiteral("export");
}

// Ctrl+C during a long verb cancels it: what was done is printed, one line says so, exit code 4.
// The signal is sent at once but blocked in the child until the verb takes it (the shared
// handler unblocks it), so it always lands while the work runs, whatever the machine's speed.
void TestCli::interruptCancels()
{
#ifdef Q_OS_UNIX
    QFETCH(QStringList, arguments);
    QFETCH(QString, verb);
    QProcess process;
    process.setChildProcessModifier([] {
        sigset_t interrupt;
        sigemptyset(&interrupt);
        sigaddset(&interrupt, SIGINT);
        sigprocmask(SIG_BLOCK, &interrupt, nullptr);
    });
    process.start(QStringLiteral(INTERLEAVE_CLI_PATH), arguments);
    QVERIFY(process.waitForStarted());
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(120000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 4);
    const QString err = QString::fromUtf8(process.readAllStandardError()).trimmed();
    const QString lastLine = err.section(u'\n', -1);
    QVERIFY2(lastLine.startsWith(QStringLiteral("interleave-cli: %1: cancelled by Ctrl+C; ").arg(verb)),
             qPrintable(err));
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    if (verb == QLatin1String("explore"))
        QVERIFY2(out.contains(QLatin1String("Incomplete: it was cancelled")), qPrintable(out));
    if (verb == QLatin1String("run"))
        QVERIFY2(out.contains(QLatin1String("CANCELLED")), qPrintable(out));
    if (verb == QLatin1String("export"))
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("never.png"))));
#else
    QSKIP("signals are a Unix thing");
#endif
}

// `step --backend`: the same narration, a line naming the server, and the server's agreement.
void TestCli::stepOnARealServer()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/mariadbd")))
        QSKIP("mariadbd is not installed (./setup test installs it)");
    const Result r = runCli({QStringLiteral("step"), QStringLiteral("--scenario"), QStringLiteral("lost-update"),
                             QStringLiteral("--backend"), QStringLiteral("mariadb"), QStringLiteral("--schedule"),
                             QStringLiteral("A B A B")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains(QLatin1String("Ran on MariaDB 1")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("accounts[1].balance = 1200")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("✓ MariaDB")) && r.out.contains(QLatin1String("agrees with the model")),
             qPrintable(r.out));
}

// `run --backend postgres`: the trials on the server, each checked against the model and the explorer.
void TestCli::runOnARealServer()
{
    if (QDir(QStringLiteral("/usr/lib/postgresql")).isEmpty())
        QSKIP("PostgreSQL is not installed (./setup test installs it)");
    const QJsonObject o =
        runCliJson({QStringLiteral("run"), QStringLiteral("--scenario"), QStringLiteral("lost-update"),
                    QStringLiteral("--strategy"), QStringLiteral("optimistic"), QStringLiteral("--backend"),
                    QStringLiteral("postgres"), QStringLiteral("--trials"), QStringLiteral("3"),
                    QStringLiteral("--param"), QStringLiteral("requests=3")});
    const QJsonObject backend = o.value(QLatin1String("backend")).toObject();
    QVERIFY2(backend.value(QLatin1String("server")).toString().startsWith(QLatin1String("PostgreSQL")),
             qPrintable(QString::fromUtf8(QJsonDocument(o).toJson())));
    QCOMPARE(o.value(QLatin1String("variant")).toObject().value(QLatin1String("db")).toString(),
             QStringLiteral("postgres"));
    QCOMPARE(o.value(QLatin1String("trials")).toObject().value(QLatin1String("completed")).toInt(), 3);
    QCOMPARE(backend.value(QLatin1String("trialsDiffering")).toInt(), 0);
    QCOMPARE(backend.value(QLatin1String("explorerComplete")).toBool(), true);
    QVERIFY(backend.value(QLatin1String("impossibleObserved")).toArray().isEmpty());
    QCOMPARE(backend.value(QLatin1String("modelError")).toBool(), false);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
