// The scenario loader: a teacher's file either loads completely or not at all,
// with one line that names the file, the line and what is wrong.

#include "machine.h"
#include "scenario.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Interleave;

class TestLoader : public QObject
{
    Q_OBJECT
private slots:
    void baseLoads();
    void malformed_data();
    void malformed();
    void syntaxErrorHasLineAndColumn_data();
    void syntaxErrorHasLineAndColumn();
    void badFiles();
    void builtinsLoad();
    void builtinsCompileEveryStrategyAndModel();
    void resolve();
};

namespace {

const QString FileName = QStringLiteral("teacher.json");

// A small valid scenario; every malformed row breaks exactly one thing in it.
const char *const Base = R"J({
  "format": 1,
  "id": "probe",
  "title": "Probe",
  "params": [
    {"name": "requests", "default": 2, "min": 1, "max": 4},
    {"name": "initial", "default": 100}
  ],
  "state": {
    "tables": [
      {"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": "initial"}]},
      {"name": "likes", "keys": [], "unique": true}
    ],
    "memory": {"counter": 0},
    "mutexes": ["m"]
  },
  "actors": [
    {"name": "Request %1", "repeat": "requests", "locals": {"amount": 10}}
  ],
  "strategies": [
    {
      "id": "broken",
      "expect": "broken",
      "programs": {
        "main": [
          {"code": "lock", "steps": [{"op": "lock", "mutex": "m"}]},
          {"code": "read", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "b", "await": true}]},
          {"code": "write", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "b + amount", "await": true}]},
          {"code": "retry?", "label": "again", "steps": [{"op": "goto", "to": "again", "if": "false"}]},
          {"code": "unlock", "steps": [{"op": "unlock", "mutex": "m"}]}
        ]
      }
    }
  ],
  "invariants": [
    {"id": "sum", "label": "sum", "check": "accounts[1].balance == initial + sum_ok(amount)"}
  ],
  "figures": [
    {"label": "Balance", "actual": "accounts[1].balance"}
  ]
}
)J";

QByteArray variant(const char *from, const char *to)
{
    QByteArray text(Base);
    const int at = text.indexOf(from);
    if (at < 0)
        qFatal("test data: \"%s\" is not in the base scenario", from);
    return text.replace(at, int(qstrlen(from)), to);
}

int lineOf(const QByteArray &text, const QByteArray &marker)
{
    const int at = text.indexOf(marker);
    return at < 0 ? -1 : int(text.left(at).count('\n')) + 1;
}

} // namespace

void TestLoader::baseLoads()
{
    QString error;
    const auto spec = ScenarioLoader::loadData(Base, FileName, &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->id, QStringLiteral("probe"));
    QCOMPARE(spec->strategies.size(), 1);
    QCOMPARE(spec->models.size(), 3);
}

void TestLoader::malformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("marker");   // the line the error must name; empty: line 1
    QTest::addColumn<QString>("problem");     // what the message must say

    QTest::newRow("not an object") << QByteArray("[1, 2, 3]\n") << QByteArray() << "must hold one JSON object";
    QTest::newRow("missing id") << variant(R"("id": "probe",)", "") << QByteArray() << R"(missing required field "id")";
    QTest::newRow("bad id") << variant(R"("id": "probe")", R"("id": "two words")") << QByteArray(R"("id": "two)")
                            << "is not a valid id";
    QTest::newRow("bad format") << variant(R"("format": 1)", R"("format": 2)") << QByteArray(R"("format")")
                                << "unsupported format 2";
    QTest::newRow("unknown top-level field") << variant(R"("title": "Probe",)", R"("title": "Probe", "titel": "x",)")
                                             << QByteArray(R"("titel")") << R"(unknown field "titel")";
    QTest::newRow("wrong type") << variant(R"("title": "Probe",)", R"("title": "Probe", "seedNotes": {"claim": "x"},)")
                                << QByteArray(R"("seedNotes")") << "must be a list";
    QTest::newRow("no actors") << variant(R"({"name": "Request %1", "repeat": "requests", "locals": {"amount": 10}})", "")
                               << QByteArray(R"("actors")") << "at least one actor";
    QTest::newRow("fractional number") << variant(R"("default": 100})", R"("default": 2.5})") << QByteArray(R"("default": 2.5)")
                                       << "whole number";
    QTest::newRow("default outside range") << variant(R"("default": 2, "min": 1)", R"("default": 9, "min": 1)")
                                           << QByteArray(R"("default": 9)") << "default 9 lies outside 1…4";
    QTest::newRow("duplicate parameter") << variant(R"({"name": "initial")", R"({"name": "requests")")
                                         << QByteArray(R"({"name": "requests", "default": 100)") << "defined twice";
    QTest::newRow("unknown state field") << variant(R"("mutexes": ["m"])", R"("mutexs": ["m"])") << QByteArray(R"("mutexs")")
                                         << R"(unknown state field "mutexs")";
    QTest::newRow("unknown op") << variant(R"("op": "read")", R"("op": "reed")") << QByteArray(R"("op": "reed")")
                                << R"(unknown step kind "reed")";
    QTest::newRow("unknown step field") << variant(R"("into": "b",)", R"("intoo": "b",)") << QByteArray(R"("intoo")")
                                        << R"(unknown step field "intoo")";
    QTest::newRow("missing step field") << variant(R"("value": "b + amount", )", "") << QByteArray(R"("op": "write")")
                                        << R"(step "write" needs "value")";
    QTest::newRow("unknown table") << variant(R"("cell": "accounts[1].balance", "into")", R"("cell": "acounts[1].balance", "into")")
                                   << QByteArray("acounts[1]") << R"(no table "acounts")";
    QTest::newRow("unknown column") << variant(R"("cell": "accounts[1].balance", "value")", R"("cell": "accounts[1].balanse", "value")")
                                    << QByteArray("balanse") << R"(has no column "balanse")";
    QTest::newRow("not a cell") << variant(R"("cell": "accounts[1].balance", "into")", R"("cell": "balance", "into")")
                                << QByteArray(R"("cell": "balance")") << "is not a cell";
    QTest::newRow("unknown mutex") << variant(R"({"op": "lock", "mutex": "m"})", R"({"op": "lock", "mutex": "n"})")
                                   << QByteArray(R"("mutex": "n")") << R"(no mutex "n" is declared)";
    QTest::newRow("bad expression") << variant(R"("value": "b + amount")", R"("value": "b + ")") << QByteArray(R"("value": "b + ")")
                                    << "unexpected end";
    QTest::newRow("unknown name in expression") << variant(R"("value": "b + amount")", R"("value": "b + amont")")
                                                << QByteArray("amont") << "unknown name 'amont'";
    QTest::newRow("unknown rule function") << variant("sum_ok(amount)", "sum_okay(amount)") << QByteArray("sum_okay")
                                           << "unknown function sum_okay()";
    QTest::newRow("unknown label") << variant(R"("to": "again")", R"("to": "nowhere")") << QByteArray(R"("main")")
                                   << R"(goto to unknown label "nowhere")";
    QTest::newRow("duplicate label") << variant(R"({"code": "unlock", )", R"({"code": "unlock", "label": "again", )")
                                     << QByteArray(R"("code": "unlock")") << R"(label "again" is used twice)";
    QTest::newRow("duplicate strategy")
        << variant(R"("id": "broken",)", R"("id": "broken", "programs": {"main": ["x"]}}, {"id": "broken",)")
        << QByteArray(R"({"id": "broken",)") << R"(strategy "broken" is defined twice)";
    QTest::newRow("bad expect") << variant(R"("expect": "broken")", R"("expect": "maybe")") << QByteArray(R"("expect")")
                                << R"(must be "safe" or "broken")";
    QTest::newRow("unknown database setting")
        << variant(R"("expect": "broken",)", R"("expect": "broken", "database": {"deadlockDetecton": false},)")
        << QByteArray(R"("database")") << R"(unknown database setting "deadlockDetecton")";
    QTest::newRow("database setting of the wrong type")
        << variant(R"("expect": "broken",)", R"("expect": "broken", "database": {"lockWaitTimeoutMs": "50 s"},)")
        << QByteArray(R"("database")") << "whole number of milliseconds";
    QTest::newRow("unknown program") << variant(R"("repeat": "requests",)", R"("repeat": "requests", "program": "worker",)")
                                     << QByteArray(R"("program": "worker")") << R"(has no program "worker")";
    QTest::newRow("local shadows a parameter") << variant(R"("locals": {"amount": 10})", R"("locals": {"initial": 10})")
                                               << QByteArray(R"("initial": 10)") << "has the name of a parameter";
    QTest::newRow("parameter assigned") << variant(R"("into": "b",)", R"("into": "initial",)") << QByteArray(R"("into": "initial")")
                                        << "is a parameter and cannot be assigned";
    QTest::newRow("unknown model") << variant(R"("title": "Probe",)", R"("title": "Probe", "models": ["threads", "gpu"],)")
                                   << QByteArray(R"("models")") << R"(unknown model "gpu")";
    QTest::newRow("duplicate row id") << variant(R"("rows": [{"id": 1, "balance": "initial"}])",
                                                 R"("rows": [{"id": 1, "balance": "initial"}, {"id": 1, "balance": 0}])")
                                      << QByteArray(R"("rows")") << "duplicate row id 1";
}

void TestLoader::malformed()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, marker);
    QFETCH(QString, problem);
    const int line = marker.isEmpty() ? 1 : lineOf(text, marker);
    QVERIFY2(line > 0, "test data: marker not found");

    QString error;
    const auto spec = ScenarioLoader::loadData(text, FileName, &error);
    QVERIFY2(!spec, "a malformed file must not load");
    QVERIFY(!error.contains(u'\n'));
    const QString prefix = QStringLiteral("%1:%2: ").arg(FileName).arg(line);
    QVERIFY2(error.startsWith(prefix), qPrintable(QStringLiteral("expected \"%1…\", got: %2").arg(prefix, error)));
    QVERIFY2(error.contains(problem), qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(problem, error)));
}

void TestLoader::syntaxErrorHasLineAndColumn_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    // Qt's parser reports the position just inside the token where it gave up.
    QTest::newRow("missing comma") << variant(R"("title": "Probe",)", R"("title": "Probe")") << 5 << 4;
    QTest::newRow("trailing comma") << variant(R"({"name": "initial", "default": 100})", R"({"name": "initial", "default": 100},)")
                                    << 8 << 4;
    QTest::newRow("empty file") << QByteArray() << 1 << 1;
    QTest::newRow("unterminated") << QByteArray("{\n  \"format\": 1,\n  \"id\": \"x") << 3 << 11;
}

void TestLoader::syntaxErrorHasLineAndColumn()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QString error;
    QVERIFY(!ScenarioLoader::loadData(text, FileName, &error));
    QVERIFY(!error.contains(u'\n'));
    const QString prefix = QStringLiteral("%1:%2:%3: JSON syntax error: ").arg(FileName).arg(line).arg(column);
    QVERIFY2(error.startsWith(prefix), qPrintable(QStringLiteral("expected \"%1…\", got: %2").arg(prefix, error)));
}

void TestLoader::badFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;

    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    QVERIFY(!ScenarioLoader::loadFile(missing, &error));
    QVERIFY(error.startsWith(missing));
    QVERIFY(error.contains(QLatin1String("no such scenario file")));

    QVERIFY(!ScenarioLoader::loadFile(dir.path(), &error));
    QVERIFY(error.contains(QLatin1String("no such scenario file")));

    // Errors from a file on disk name its path, as a teacher typed it.
    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(variant(R"("op": "read")", R"("op": "reed")"));
    file.close();
    QVERIFY(!ScenarioLoader::loadFile(bad, &error));
    QVERIFY2(error.startsWith(bad + QStringLiteral(":%1: ").arg(lineOf(variant(R"("op": "read")", R"("op": "reed")"), "reed"))),
             qPrintable(error));

    const QString good = dir.filePath(QStringLiteral("good.json"));
    QFile goodFile(good);
    QVERIFY(goodFile.open(QIODevice::WriteOnly));
    goodFile.write(Base);
    goodFile.close();
    const auto spec = ScenarioLoader::loadFile(good, &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->fileName, good);
}

void TestLoader::builtinsLoad()
{
    QStringList errors;
    const auto builtins = ScenarioLoader::loadBuiltins(&errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QStringList ids;
    for (const auto &spec : builtins) {
        ids << spec->id;
        QVERIFY2(!spec->title.isEmpty() && !spec->explanation.isEmpty(), qPrintable(spec->id));
        QVERIFY2(spec->fileName.startsWith(QLatin1String(":/scenarios/")), qPrintable(spec->fileName));
    }
    for (const char *id : {"lost-update", "double-withdraw", "last-seat", "transfer-deadlock"})
        QVERIFY2(ids.contains(QLatin1String(id)), id);
    QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size());
}

void TestLoader::builtinsCompileEveryStrategyAndModel()
{
    // The loader compiles every strategy under the scenario's models with the
    // defaults; this also covers more instances and each parameter's extremes.
    for (const auto &spec : ScenarioLoader::loadBuiltins()) {
        for (const StrategySpec &strategy : spec->strategies) {
            for (const QString &modelText : {QStringLiteral("threads"), QStringLiteral("eventloop"), QStringLiteral("instances:3")}) {
                const ExecutionModel model = *ExecutionModel::parse(modelText, nullptr);
                for (const ParameterSpec &p : spec->params) {
                    for (const qint64 value : {p.minimum, p.maximum}) {
                        QString error;
                        const auto machine = Machine::compile(*spec, strategy.id, model, {{p.name, value}}, &error);
                        QVERIFY2(machine, qPrintable(QStringLiteral("%1/%2/%3 with %4=%5: %6")
                                                         .arg(spec->id, strategy.id, modelText, p.name)
                                                         .arg(value)
                                                         .arg(error)));
                    }
                }
            }
        }
    }
}

void TestLoader::resolve()
{
    QString error;
    QVERIFY(ScenarioLoader::resolve(QStringLiteral("last-seat"), &error));
    QVERIFY(!ScenarioLoader::resolve(QStringLiteral("no-such-scenario"), &error));
    QVERIFY(error.contains(QLatin1String("no-such-scenario")));
    QVERIFY2(error.contains(QLatin1String("double-withdraw")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestLoader)
#include "tst_loader.moc"
