// The scenario loader: a teacher's file either loads completely or not at all,
// with one line that names the file, the line and what is wrong.

#include "machine/machine.h"
#include "scenario/expression.h"
#include "scenario/jsoninput.h"
#include "scenario/scenario.h"

#include <QDir>
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
    // Hostile files (issue 13): a bound crossed is one clean line, never a hang, crash or wrong value.
    void hostile_data();
    void hostile();
    void deepNestingBeyondQtsLimit();
    void deepRuleEvaluatesTrue();
    void numbersUpTo2pow53AreExact();
    void lineFinderAlwaysAdvances();
    void builtinIdsNeverOpenFiles();
    void unknownIdListsTheBuiltins();
    void typedWholeNumbers();
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

QByteArray variant(const char *from, const QByteArray &to)
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

// Loads `text` and checks for one line "teacher.json:LINE: …problem…", LINE being the marker's.
void expectError(const QByteArray &text, const QByteArray &marker, const QString &problem, QString *errorOut = nullptr)
{
    const int line = marker.isEmpty() ? 1 : lineOf(text, marker);
    QVERIFY2(line > 0, "test data: marker not found");

    QString error;
    const auto spec = ScenarioLoader::loadData(text, FileName, &error);
    QVERIFY2(!spec, "a malformed file must not load");
    QVERIFY(!error.contains(u'\n'));
    const QString prefix = QStringLiteral("%1:%2: ").arg(FileName).arg(line);
    QVERIFY2(error.startsWith(prefix), qPrintable(QStringLiteral("expected \"%1…\", got: %2").arg(prefix, error)));
    QVERIFY2(error.contains(problem), qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(problem, error)));
    if (errorOut)
        *errorOut = error;
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
    QTest::addColumn<QByteArray>("marker"); // the line the error must name; empty: line 1
    QTest::addColumn<QString>("problem"); // what the message must say

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
    QTest::newRow("no actors") << variant(R"({"name": "Request %1", "repeat": "requests", "locals": {"amount": 10}})",
                                          "")
                               << QByteArray(R"("actors")") << "at least one actor";
    QTest::newRow("fractional number") << variant(R"("default": 100})", R"("default": 2.5})")
                                       << QByteArray(R"("default": 2.5)") << "whole number";
    QTest::newRow("default outside range") << variant(R"("default": 2, "min": 1)", R"("default": 9, "min": 1)")
                                           << QByteArray(R"("default": 9)") << "default 9 lies outside 1…4";
    QTest::newRow("duplicate parameter") << variant(R"({"name": "initial")", R"({"name": "requests")")
                                         << QByteArray(R"({"name": "requests", "default": 100)") << "defined twice";
    QTest::newRow("unknown state field") << variant(R"("mutexes": ["m"])", R"("mutexs": ["m"])")
                                         << QByteArray(R"("mutexs")") << R"(unknown state field "mutexs")";
    QTest::newRow("unknown op") << variant(R"("op": "read")", R"("op": "reed")") << QByteArray(R"("op": "reed")")
                                << R"(unknown step kind "reed")";
    QTest::newRow("unknown step field") << variant(R"("into": "b",)", R"("intoo": "b",)") << QByteArray(R"("intoo")")
                                        << R"(unknown step field "intoo")";
    // Step flags are read by the loader: a quoted true would otherwise read as false.
    QTest::newRow("mistyped step flag") << variant(R"("into": "b", "await": true)", R"("into": "b", "await": "true")")
                                        << QByteArray(R"("await": "true")") << "must be true or false";
    QTest::newRow("missing step field") << variant(R"("value": "b + amount", )", "") << QByteArray(R"("op": "write")")
                                        << R"(step "write" needs "value")";
    QTest::newRow("unknown table") << variant(R"("cell": "accounts[1].balance", "into")",
                                              R"("cell": "acounts[1].balance", "into")")
                                   << QByteArray("acounts[1]") << R"(no table "acounts")";
    QTest::newRow("unknown column") << variant(R"("cell": "accounts[1].balance", "value")",
                                               R"("cell": "accounts[1].balanse", "value")")
                                    << QByteArray("balanse") << R"(has no column "balanse")";
    QTest::newRow("not a cell") << variant(R"("cell": "accounts[1].balance", "into")", R"("cell": "balance", "into")")
                                << QByteArray(R"("cell": "balance")") << "is not a cell";
    QTest::newRow("unknown mutex") << variant(R"({"op": "lock", "mutex": "m"})", R"({"op": "lock", "mutex": "n"})")
                                   << QByteArray(R"("mutex": "n")") << R"(no mutex "n" is declared)";
    QTest::newRow("bad expression") << variant(R"("value": "b + amount")", R"("value": "b + ")")
                                    << QByteArray(R"("value": "b + ")") << "unexpected end";
    QTest::newRow("unknown name in expression") << variant(R"("value": "b + amount")", R"("value": "b + amont")")
                                                << QByteArray("amont") << "unknown name 'amont'";
    QTest::newRow("unknown rule function")
        << variant("sum_ok(amount)", "sum_okay(amount)") << QByteArray("sum_okay") << "unknown function sum_okay()";
    QTest::newRow("unknown label") << variant(R"("to": "again")", R"("to": "nowhere")") << QByteArray(R"("main")")
                                   << R"(goto to unknown label "nowhere")";
    QTest::newRow("duplicate label") << variant(R"({"code": "unlock", )", R"({"code": "unlock", "label": "again", )")
                                     << QByteArray(R"("code": "unlock")") << R"(label "again" is used twice)";
    QTest::newRow("duplicate strategy") << variant(R"("id": "broken",)",
                                                   R"("id": "broken", "programs": {"main": ["x"]}}, {"id": "broken",)")
                                        << QByteArray(R"({"id": "broken",)") << R"(strategy "broken" is defined twice)";
    QTest::newRow("bad expect") << variant(R"("expect": "broken")", R"("expect": "maybe")") << QByteArray(R"("expect")")
                                << R"(must be "safe" or "broken")";
    QTest::newRow("unknown database setting")
        << variant(R"("expect": "broken",)", R"("expect": "broken", "database": {"deadlockDetecton": false},)")
        << QByteArray(R"("database")") << R"(unknown database setting "deadlockDetecton")";
    QTest::newRow("database setting of the wrong type")
        << variant(R"("expect": "broken",)", R"("expect": "broken", "database": {"lockWaitTimeoutMs": "50 s"},)")
        << QByteArray(R"("database")") << "whole number of milliseconds";
    QTest::newRow("unknown program") << variant(R"("repeat": "requests",)",
                                                R"("repeat": "requests", "program": "worker",)")
                                     << QByteArray(R"("program": "worker")") << R"(has no program "worker")";
    QTest::newRow("local shadows a parameter") << variant(R"("locals": {"amount": 10})", R"("locals": {"initial": 10})")
                                               << QByteArray(R"("initial": 10)") << "has the name of a parameter";
    QTest::newRow("parameter assigned") << variant(R"("into": "b",)", R"("into": "initial",)")
                                        << QByteArray(R"("into": "initial")")
                                        << "is a parameter and cannot be assigned";
    QTest::newRow("unknown model") << variant(R"("title": "Probe",)",
                                              R"("title": "Probe", "models": ["threads", "gpu"],)")
                                   << QByteArray(R"("models")") << R"(unknown model "gpu")";
    QTest::newRow("duplicate row id") << variant(
                                             R"("rows": [{"id": 1, "balance": "initial"}])",
                                             R"("rows": [{"id": 1, "balance": "initial"}, {"id": 1, "balance": 0}])")
                                      << QByteArray(R"("rows")") << "duplicate row id 1";
}

void TestLoader::malformed()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, marker);
    QFETCH(QString, problem);
    expectError(text, marker, problem);
}

void TestLoader::hostile_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("marker");
    QTest::addColumn<QString>("problem");

    // The reproducer from the issue (407 bytes): a load error and an array nested 250 deep. Before,
    // the line scanner stopped advancing at depth 200 and every command hung.
    const QByteArray deep = QByteArray(250, '[') + QByteArray(250, ']');
    QTest::newRow("deep array with a load error")
        << QByteArray("{\n\"format\": 1,\n\"id\": \"deep\",\n\"titel\": \"typo\",\n\"title\": \"x\", \"x\": " + deep +
                      "\n}\n")
        << QByteArray("\"x\":") << "nested more than 32 levels deep";
    QTest::newRow("deep object") << variant(R"("mutexes": ["m"])",
                                            R"("mutexes": ["m"], "deep": )" + QByteArray("{\"a\": ").repeated(40) +
                                                "1" + QByteArray(40, '}'))
                                 << QByteArray(R"("deep")") << "nested more than 32 levels deep";

    // Numbers: none is silently rounded, none reaches a float-to-integer cast out of range.
    QTest::newRow("1e20") << variant(R"("default": 100})", R"("default": 1e20})") << QByteArray("1e20")
                          << "1e+20 is outside the 64-bit range";
    QTest::newRow("2^63") << variant(R"("default": 100})", R"("default": 9223372036854775808})")
                          << QByteArray("9223372036854775808") << "outside the 64-bit range";
    QTest::newRow("-1e300 in a row") << variant(R"("balance": "initial")", R"("balance": -1e300)")
                                     << QByteArray("-1e300") << "outside the 64-bit range";
    QTest::newRow("2^53 + 1") << variant(R"("max": 4})", R"("max": 9007199254740993})")
                              << QByteArray("9007199254740993")
                              << "9007199254740993 is not exactly representable (above 2^53";
    QTest::newRow("2^63 - 1 in a local") << variant(R"("amount": 10)", R"("amount": 9223372036854775807)")
                                         << QByteArray("9223372036854775807") << "not exactly representable";
    QTest::newRow("fraction in a step") << variant(R"("to": "again", "if": "false")", R"("to": "again", "if": 0.5)")
                                        << QByteArray("0.5") << "must be a whole number, not 0.5";
    QTest::newRow("literal beyond 64 bits")
        << variant(R"("value": "b + amount")", R"("value": "b + 99999999999999999999")")
        << QByteArray("99999999999999999999") << "99999999999999999999 is outside the 64-bit range";

    // Expressions: the parser's recursion and the evaluator's stack are bounded at load.
    for (const int depth : {4000, 20000}) {
        QTest::addRow("%d parentheses", depth)
            << variant(R"J("check": "accounts[1].balance == initial + sum_ok(amount)")J",
                       "\"check\": \"" + QByteArray(depth, '(') + "1" + QByteArray(depth, ')') + "\"")
            << QByteArray("\"check\"")
            << (depth < Expression::MaxLength / 2 ? "nested more than 100 levels deep"
                                                  : "longer than 10000 characters");
    }
    QTest::newRow("unary minus chain") << variant(R"("value": "b + amount")",
                                                  "\"value\": \"" + QByteArray(9000, '-') + "b\"")
                                       << QByteArray("\"value\": \"--") << "nested more than 100 levels deep";
    QTest::newRow("ternary chain") << variant(R"("actual": "accounts[1].balance")",
                                              "\"actual\": \"" + QByteArray("1 ? 1 : ").repeated(150) + "1\"")
                                   << QByteArray("\"actual\"") << "nested more than 100 levels deep";
    QTest::newRow("expression too long") << variant(R"("repeat": "requests")",
                                                    "\"repeat\": \"" + QByteArray("1 + ").repeated(3000) + "1\"")
                                         << QByteArray("\"repeat\"") << "longer than 10000 characters";
}

void TestLoader::hostile()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, marker);
    QFETCH(QString, problem);
    QString error;
    expectError(text, marker, problem, &error);
    QVERIFY2(error.size() < 400, qPrintable(error)); // one readable line, not the whole source
}

void TestLoader::deepNestingBeyondQtsLimit()
{
    // Qt's parser refuses more than 1024 levels itself; that is a syntax error like any other.
    QString error;
    QVERIFY(!ScenarioLoader::loadData(QByteArray(5000, '[') + QByteArray(5000, ']'), FileName, &error));
    QVERIFY2(error.startsWith(FileName + QStringLiteral(":1:")) && error.contains(QLatin1String("JSON syntax error")),
             qPrintable(error));
}

void TestLoader::deepRuleEvaluatesTrue()
{
    // A true rule wrapped in 59 levels needs 61 evaluator slots. It evaluated to 0 before, and the
    // safe strategy was reported as breaking it; now it loads and holds.
    QByteArray check = "count_all() >= 0";
    for (int i = 0; i < 59; ++i)
        check = "0 + (" + check + ")";
    const QByteArray text = variant("accounts[1].balance == initial + sum_ok(amount)", check);
    QString error;
    const auto spec = ScenarioLoader::loadData(text, FileName, &error);
    QVERIFY2(spec, qPrintable(error));
    const auto machine = Machine::compile(*spec, QStringLiteral("broken"), ExecutionModel{}, {}, &error);
    QVERIFY2(machine, qPrintable(error));
    QCOMPARE(machine->evaluate(machine->invariants().front().check, machine->initialState()), int64_t(1));
}

void TestLoader::numbersUpTo2pow53AreExact()
{
    QString error;
    const auto spec =
        ScenarioLoader::loadData(variant(R"("max": 4})", R"("max": 9007199254740992})"), FileName, &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->param(QStringLiteral("requests"))->maximum, qint64(9007199254740992));
    const auto negative =
        ScenarioLoader::loadData(variant(R"("min": 1,)", R"("min": -9007199254740992,)"), FileName, &error);
    QVERIFY2(negative, qPrintable(error));
    QCOMPARE(negative->param(QStringLiteral("requests"))->minimum, -qint64(9007199254740992));
}

void TestLoader::lineFinderAlwaysAdvances()
{
    // Deep, odd and even broken text: the finder ends and names the right line.
    const QByteArray deep = QByteArray(3000, '[') + QByteArray(3000, ']');
    QCOMPARE(jsonLineOf("{\"a\": " + deep + ",\n\"b\": 1}", QStringLiteral("b")), 2);
    QCOMPARE(jsonLineOf("{\"a\": [1, {\"x\": \"]}\"},\n 2]}", QStringLiteral("a[1].x")), 1);
    QCOMPARE(jsonLineOf("{\"a\": [1, {\"x\": \"]}\"},\n 2]}", QStringLiteral("a[2]")), 2);
    QCOMPARE(jsonLineOf("{\"k\\u00e9y.x\":\n 1}", QStringLiteral("k\u00e9y.x")), 2);
    QCOMPARE(jsonLineOf("{\"a\":\n {\"b\": [", QStringLiteral("a.b[0].c")), 2);
    QCOMPARE(jsonLineOf("[,,,:::]]]}}}", QStringLiteral("[9]")), 1);
    QCOMPARE(jsonLineOf(QByteArray(), QStringLiteral("a")), 1);
}

void TestLoader::builtinIdsNeverOpenFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("probe.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(Base);
    file.close();
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    QString error;
    for (const char *id : {"probe.json", "./probe.json", "../x/probe", "probe", ""})
        QVERIFY2(!ScenarioLoader::builtin(QLatin1String(id), &error) &&
                     error.contains(QLatin1String("unknown scenario")),
                 id);
    QVERIFY(ScenarioLoader::builtin(QStringLiteral("lost-update"), &error));
    QVERIFY(ScenarioLoader::resolve(QStringLiteral("./probe.json"), &error)); // an explicit path still opens
    QVERIFY(QDir::setCurrent(previous));
}

// The list comes from the file names; it must be exactly the ids the files declare.
void TestLoader::unknownIdListsTheBuiltins()
{
    QStringList declared;
    for (const auto &spec : ScenarioLoader::loadBuiltins())
        declared << spec->id;
    QVERIFY(!declared.isEmpty());
    QCOMPARE(ScenarioLoader::builtinIds(), declared);
    QString error;
    QVERIFY(!ScenarioLoader::builtin(QStringLiteral("no-such-scenario"), &error));
    QVERIFY2(error.contains(declared.join(QLatin1String(", "))), qPrintable(error));
}

void TestLoader::syntaxErrorHasLineAndColumn_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    // Qt's parser reports the position just inside the token where it gave up.
    QTest::newRow("missing comma") << variant(R"("title": "Probe",)", R"("title": "Probe")") << 5 << 4;
    QTest::newRow("trailing comma") << variant(R"({"name": "initial", "default": 100})",
                                               R"({"name": "initial", "default": 100},)")
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
    QVERIFY2(error.startsWith(
                 bad + QStringLiteral(":%1: ").arg(lineOf(variant(R"("op": "read")", R"("op": "reed")"), "reed"))),
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
            for (const QString &modelText :
                 {QStringLiteral("threads"), QStringLiteral("eventloop"), QStringLiteral("instances:3")}) {
                const ExecutionModel model = *ExecutionModel::parse(modelText, nullptr);
                for (const ParameterSpec &p : spec->params) {
                    for (const qint64 value : {p.minimum, p.maximum}) {
                        QString error;
                        const auto machine = Machine::compile(*spec, strategy.id, model, {{p.name, value}}, &error);
                        QVERIFY2(machine,
                                 qPrintable(QStringLiteral("%1/%2/%3 with %4=%5: %6")
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

void TestLoader::typedWholeNumbers()
{
    // The reader for typed text (--param): exact over the whole 64-bit range, no detour through double.
    QString problem;
    QCOMPARE(wholeNumberFromText(QStringView(u" -9223372036854775808 "), &problem), std::optional<int64_t>(INT64_MIN));
    QCOMPARE(wholeNumberFromText(QStringView(u"9007199254740993"), &problem), std::optional<int64_t>(9007199254740993));
    QVERIFY(!wholeNumberFromText(QStringView(u"9223372036854775808"), &problem));
    QCOMPARE(problem, QStringLiteral("9223372036854775808 is outside the 64-bit range"));
    for (const char16_t *text : {u"1e3", u"2.0", u"", u"-", u"0x10", u"12a"}) {
        QVERIFY(!wholeNumberFromText(QStringView(text), &problem));
        QVERIFY2(problem.endsWith(QLatin1String("is not a whole number")), qPrintable(problem));
    }
}

QTEST_GUILESS_MAIN(TestLoader)
#include "tst_loader.moc"
