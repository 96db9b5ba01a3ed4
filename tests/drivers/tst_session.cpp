#include "drivers/lesson.h"
#include "drivers/session.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Interleave;

namespace {

bool sameEvents(const Trace &a, const Trace &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const TraceEvent &x = a[i], &y = b[i];
        if (x.kind != y.kind || x.actor != y.actor || x.step != y.step || x.value != y.value ||
            x.version != y.version || x.place != y.place || x.resource != y.resource || x.column != y.column ||
            x.line != y.line || x.message != y.message || x.virtualMs != y.virtualMs)
            return false;
    }
    return true;
}

std::unique_ptr<Stepper> makeStepper(const QString &scenario, const QString &strategy, const QString &model,
                                     const QHash<QString, int64_t> &params, const QString &schedule, int undos)
{
    QString error;
    auto spec = ScenarioLoader::resolve(scenario, &error);
    if (!spec)
        qFatal("%s", qPrintable(error));
    auto machine = Machine::compile(*spec, strategy, *ExecutionModel::parse(model, nullptr), params, &error);
    if (!machine)
        qFatal("%s", qPrintable(error));
    auto stepper = std::make_unique<Stepper>(machine);
    if (!stepper->replay(*Schedule::parse(schedule, *machine, nullptr), &error))
        qFatal("%s", qPrintable(error));
    for (int i = 0; i < undos; ++i)
        stepper->undo();
    return stepper;
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT
private slots:
    void lessonRoundTrip();
    void lessonErrorsNameLineAndField_data();
    void lessonErrorsNameLineAndField();
    void roundTrip_data();
    void roundTrip();
    void fileScenarioIsEmbedded();
    void viewIsCarried();
    void malformed_data();
    void malformed();
    void badFiles();
    void errorsNameTheLine();
    void idNeverOpensAFile();
    void embeddedDeepScenarioFailsCleanly();
};

void TestSession::roundTrip_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("requests");
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<int>("undos");

    QTest::newRow("broken, end of schedule") << "broken"
                                             << "threads" << 2 << "A B A B" << 0;
    QTest::newRow("broken, cursor mid-way, redo kept") << "broken"
                                                       << "threads" << 2 << "A B A B" << 3;
    QTest::newRow("three requests on an event loop") << "broken"
                                                     << "eventloop" << 3 << "A B C A B C" << 1;
    QTest::newRow("atomic, two instances") << "atomic"
                                           << "instances:2" << 2 << "A B" << 0;
    QTest::newRow("empty schedule") << "broken"
                                    << "threads" << 2 << "" << 0;
}

void TestSession::roundTrip()
{
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    QFETCH(int, requests);
    QFETCH(QString, schedule);
    QFETCH(int, undos);

    const auto original = makeStepper(QStringLiteral("lost-update"), strategy, model,
                                      {{QStringLiteral("requests"), requests}}, schedule, undos);
    const Session saved = Session::capture(*original);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.interleave"));
    QString error;
    QVERIFY2(saved.save(path, &error), qPrintable(error));

    const std::optional<Session> loaded = Session::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QVERIFY(*loaded == saved);
    const auto restored = loaded->restore(&error, path);
    QVERIFY2(restored, qPrintable(error));

    QCOMPARE(restored->cursor(), original->cursor());
    QCOMPARE(restored->length(), original->length());
    QVERIFY(restored->state() == original->state());
    QVERIFY(sameEvents(restored->trace(), original->trace()));
    QCOMPARE(restored->fullSchedule().moves, original->fullSchedule().moves);
    QCOMPARE(restored->machine().strategy().id, strategy);
    QCOMPARE(restored->machine().model().toString(), model);
    QCOMPARE(restored->machine().params(), original->machine().params());
    // Redo still reaches the same end.
    while (restored->redo())
        ;
    auto end = makeStepper(QStringLiteral("lost-update"), strategy, model, {{QStringLiteral("requests"), requests}},
                           schedule, 0);
    QVERIFY(restored->state() == end->state());
}

void TestSession::fileScenarioIsEmbedded()
{
    QTemporaryDir dir;
    const QString scenarioPath = dir.filePath(QStringLiteral("mine.json"));
    {
        QFile in(QStringLiteral(":/scenarios/lost-update.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(scenarioPath);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(in.readAll());
    }
    QString error;
    auto spec = ScenarioLoader::loadFile(scenarioPath, &error);
    QVERIFY2(spec, qPrintable(error));
    auto machine = Machine::compile(*spec, QStringLiteral("broken"), ExecutionModel{}, {}, &error);
    QVERIFY(machine);
    Stepper original(machine);
    QVERIFY(original.replay(*Schedule::parse(QStringLiteral("A B A B"), *machine, nullptr), &error));

    const Session saved = Session::capture(original);
    QVERIFY(saved.scenarioId.isEmpty());
    QVERIFY(!saved.scenarioSource.isEmpty());
    const QString sessionPath = dir.filePath(QStringLiteral("demo.interleave"));
    QVERIFY(saved.save(sessionPath, &error));
    // The teacher's scenario file is gone by the time of the lecture: the embedded copy replays.
    QVERIFY(QFile::remove(scenarioPath));
    const auto loaded = Session::load(sessionPath, &error);
    QVERIFY2(loaded, qPrintable(error));
    QVERIFY(*loaded == saved);
    const auto restored = loaded->restore(&error, sessionPath);
    QVERIFY2(restored, qPrintable(error));
    QVERIFY(restored->state() == original.state());
    QVERIFY(sameEvents(restored->trace(), original.trace()));
}

void TestSession::viewIsCarried()
{
    const auto stepper = makeStepper(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"),
                                     {}, QStringLiteral("A B"), 0);
    Session s = Session::capture(*stepper);
    s.view.insert(QStringLiteral("presenter"), true);
    s.view.insert(QStringLiteral("zoom"), 2.5);
    QString error;
    const auto back = Session::fromJson(s.toJson(), QStringLiteral("x"), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->view.value(QLatin1String("presenter")).toBool(), true);
    QCOMPARE(back->view.value(QLatin1String("zoom")).toDouble(), 2.5);
}

void TestSession::malformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected"); // part of the one-line error
    QTest::addColumn<bool>("parses"); // fromJson succeeds, restore fails

    const QByteArray head = R"("format": "interleave-session", "version": 1, )";
    const QByteArray good = head + R"("scenario": {"id": "lost-update"}, "strategy": "broken", "model": "threads", )";
    QTest::newRow("empty file") << QByteArray() << "not a session file" << false;
    QTest::newRow("not JSON") << QByteArray("hello") << "not a session file" << false;
    QTest::newRow("array") << QByteArray("[1, 2]") << "expected one JSON object" << false;
    QTest::newRow("a scenario file, not a session")
        << QByteArray(R"({"format": 1, "id": "x"})") << "not an Interleave session" << false;
    QTest::newRow("newer version") << QByteArray(R"({"format": "interleave-session", "version": 99})") << "newer"
                                   << false;
    QTest::newRow("unknown field") << QByteArray("{" + head + R"("colour": 1})") << "colour: unknown field" << false;
    QTest::newRow("no scenario") << QByteArray("{" + head + R"("strategy": "broken", "model": "threads"})")
                                 << "scenario" << false;
    QTest::newRow("scenario is a string")
        << QByteArray("{" + head + R"("scenario": "lost-update", "strategy": "broken", "model": "threads"})")
        << "scenario" << false;
    QTest::newRow("no strategy") << QByteArray("{" + head + R"("scenario": {"id": "lost-update"}, "model": "threads"})")
                                 << "strategy" << false;
    QTest::newRow("bad model") << QByteArray("{" + good.left(good.indexOf("\"model\"")) + R"("model": "fibers"})")
                               << "model" << false;
    QTest::newRow("fractional param") << QByteArray("{" + good + R"("params": {"requests": 2.5}})") << "params.requests"
                                      << false;
    QTest::newRow("negative cursor") << QByteArray("{" + good + R"("cursor": -1})") << "cursor" << false;
    QTest::newRow("unknown scenario")
        << QByteArray("{" + head + R"("scenario": {"id": "no-such"}, "strategy": "broken", "model": "threads"})")
        << "unknown scenario" << true;
    QTest::newRow("unknown strategy")
        << QByteArray("{" + head + R"("scenario": {"id": "lost-update"}, "strategy": "magic", "model": "threads"})")
        << "no strategy \"magic\"" << true;
    QTest::newRow("unknown param") << QByteArray("{" + good + R"("params": {"speed": 3}})") << "no parameter \"speed\""
                                   << true;
    QTest::newRow("param out of range") << QByteArray("{" + good + R"("params": {"requests": -5}})")
                                        << "outside the allowed range" << true;
    QTest::newRow("unknown actor in schedule")
        << QByteArray("{" + good + R"("schedule": "A Q"})") << "no such request" << true;
    QTest::newRow("impossible move") << QByteArray("{" + good + R"("schedule": "A A A A A A A A"})")
                                     << "cannot move now" << true;
    QTest::newRow("cursor past the end") << QByteArray("{" + good + R"("schedule": "A B", "cursor": 3})")
                                         << "past the schedule" << true;

    // Hostile values (issue 13).
    const QByteArray tail = R"(, "scenario": {"id": "lost-update"}, "strategy": "broken", "model": "threads"})";
    QTest::newRow("version 1e10") << QByteArray(R"({"format": "interleave-session", "version": 1e10)" + tail)
                                  << "version: version 10000000000 is newer than this program reads (1)" << false;
    QTest::newRow("version 1e300") << QByteArray(R"({"format": "interleave-session", "version": 1e300)" + tail)
                                   << "version: version 1.0000000000000001e+300 is newer" << false;
    QTest::newRow("version 0.5") << QByteArray(R"({"format": "interleave-session", "version": 0.5)" + tail)
                                 << "version: must be a whole number from 1 to 1" << false;
    QTest::newRow("version a string") << QByteArray(R"({"format": "interleave-session", "version": "1")" + tail)
                                      << "version: missing or not a number" << false;
    QTest::newRow("param 1e20") << QByteArray("{" + good + R"("params": {"requests": 1e20}})")
                                << "params.requests: 1e+20 is outside the 64-bit range" << false;
    QTest::newRow("param above 2^53") << QByteArray("{" + good + R"("params": {"requests": 9007199254740993}})")
                                      << "params.requests: 9007199254740993 is not exactly representable (above 2^53"
                                      << false;
    QTest::newRow("cursor 1e20") << QByteArray("{" + good + R"("cursor": 1e20})")
                                 << "cursor: must be a whole number ≥ 0" << false;
    QTest::newRow("cursor above int") << QByteArray("{" + good + R"("cursor": 4294967296})")
                                      << "cursor: must be a whole number ≥ 0" << false;
    QTest::newRow("id with a slash")
        << QByteArray("{" + head +
                      R"("scenario": {"id": "../scenarios/mine.json"}, "strategy": "broken", "model": "threads"})")
        << "scenario.id: \"../scenarios/mine.json\" is not a built-in scenario id" << false;
    QTest::newRow("id not a string")
        << QByteArray("{" + head + R"("scenario": {"id": 7}, "strategy": "broken", "model": "threads"})")
        << "scenario.id: must be a string" << false;
    QTest::newRow("view nested deep") << QByteArray("{" + good + R"("view": )" + QByteArray("{\"a\": ").repeated(40) +
                                                    "1" + QByteArray(41, '}'))
                                      << "nested more than 32 levels deep" << false;
}

void TestSession::malformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QFETCH(bool, parses);

    QString error;
    const auto session = Session::fromJson(json, QStringLiteral("demo.interleave"), &error);
    if (parses) {
        QVERIFY2(session, qPrintable(error));
        QVERIFY(!session->restore(&error, QStringLiteral("demo.interleave")));
    } else {
        QVERIFY(!session);
    }
    QVERIFY2(error.contains(expected), qPrintable(error));
    // Problems in the session file itself name the line; the rest name the session.
    static const QRegularExpression prefix(QStringLiteral("^demo\\.interleave:(\\d+:)? "));
    QVERIFY2(prefix.match(error).hasMatch(), qPrintable(error));
    QVERIFY2(!error.contains(u'\n'), qPrintable(error));
}

void TestSession::badFiles()
{
    QString error;
    QVERIFY(!Session::load(QStringLiteral("/nonexistent/demo.interleave"), &error));
    QVERIFY(error.contains(QLatin1String("no such session file")));

    const auto stepper = makeStepper(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"),
                                     {}, QStringLiteral("A"), 0);
    QVERIFY(!Session::capture(*stepper).save(QStringLiteral("/nonexistent/dir/demo.interleave"), &error));
    QVERIFY(error.contains(QLatin1String("cannot write")));
    QVERIFY(!QFile::exists(QStringLiteral("/nonexistent/dir/demo.interleave")));
}

void TestSession::errorsNameTheLine()
{
    const QByteArray json =
        "{\n  \"format\": \"interleave-session\",\n  \"version\": 1,\n"
        "  \"scenario\": {\"id\": \"lost-update\"},\n  \"strategy\": \"broken\",\n  \"model\": \"threads\",\n"
        "  \"params\": {\n    \"requests\": 1e20\n  }\n}\n";
    QString error;
    QVERIFY(!Session::fromJson(json, QStringLiteral("demo.interleave"), &error));
    QCOMPARE(error, QStringLiteral("demo.interleave:8: params.requests: 1e+20 is outside the 64-bit range"));
}

void TestSession::idNeverOpensAFile()
{
    // A session from a stranger must not make an id reach the file system, even
    // when a file of that name sits in the working directory.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QFile::copy(QStringLiteral(":/scenarios/lost-update.json"), dir.filePath(QStringLiteral("mine.json"))));
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    Session session;
    session.scenarioId = QStringLiteral("./mine.json");
    session.strategy = QStringLiteral("broken");
    session.model = QStringLiteral("threads");
    QString error;
    const bool loaded = bool(session.loadScenario(&error, QStringLiteral("demo.interleave")));
    QVERIFY(QDir::setCurrent(previous));
    QVERIFY(!loaded);
    QVERIFY2(error.startsWith(QLatin1String("demo.interleave: unknown scenario \"./mine.json\"")), qPrintable(error));
}

void TestSession::embeddedDeepScenarioFailsCleanly()
{
    // The issue's hang, through a session: an embedded scenario with a load error
    // and an array nested 250 deep. Now one line, at once.
    const QByteArray deep = QByteArray(250, '[') + QByteArray(250, ']');
    const QByteArray json =
        R"({"format": "interleave-session", "version": 1, "scenario": {"source": {"format": 1, "id": "deep", "titel": "x", "x": )" +
        deep + R"(}}, "strategy": "broken", "model": "threads"})";
    QString error;
    const auto session = Session::fromJson(json, QStringLiteral("demo.interleave"), &error);
    QVERIFY2(session, qPrintable(error));
    QVERIFY(!session->restore(&error, QStringLiteral("demo.interleave")));
    QVERIFY2(error.startsWith(QLatin1String("demo.interleave: embedded scenario:")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("nested more than 32 levels deep")), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));
}

void TestSession::lessonRoundTrip()
{
    Lesson lesson;
    lesson.title = QStringLiteral("Lost updates");
    LessonMoment first;
    first.session.scenarioId = QStringLiteral("lost-update");
    first.session.strategy = QStringLiteral("broken");
    first.session.model = QStringLiteral("threads");
    first.session.database = QStringLiteral("postgres/rc");
    first.session.params = {{QStringLiteral("requests"), 2}};
    first.session.schedule = QStringLiteral("A B A B");
    first.session.cursor = 3;
    first.panels = {QStringLiteral("dashboard")};
    first.caption = QStringLiteral("Both read 1000");
    first.note = QStringLiteral("Ask: what will the balance be?");
    LessonMoment second = first;
    second.session.strategy = QStringLiteral("atomic");
    second.panels.clear();
    second.caption.clear();
    second.predict = QStringLiteral("Balance");
    LessonMoment third; // a challenge moment: the challenge names its own variant
    third.challenge = QStringLiteral("lost-update-lose-a-deposit");
    third.caption = QStringLiteral("Your turn");
    lesson.moments = {first, second, third};
    QString error;
    const std::optional<Lesson> back = Lesson::fromJson(lesson.toJson(), QStringLiteral("l.lesson"), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->title, lesson.title);
    QCOMPARE(int(back->moments.size()), 3);
    QVERIFY(back->moments[0] == first);
    QVERIFY(back->moments[1] == second);
    QVERIFY(back->moments[2] == third);
    QVERIFY(!back->moments[2].hasSession());
}

void TestSession::lessonErrorsNameLineAndField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    const QByteArray head = "{\n  \"format\": \"interleave-lesson\",\n  \"version\": 1,\n  \"moments\": [\n";
    const QByteArray good = "    {\"scenario\": {\"id\": \"lost-update\"}, \"strategy\": \"broken\", \"model\": "
                            "\"threads\", \"schedule\": \"A B\"},\n";
    QTest::newRow("no strategy") << head + good +
            "    {\"scenario\": {\"id\": \"lost-update\"}, \"model\": \"threads\"}\n  ]\n}"
                                 << QStringLiteral("l.lesson:6: moments[1].strategy: ");
    QTest::newRow("unknown panel") << head + good +
            "    {\"scenario\": {\"id\": \"lost-update\"}, \"strategy\": \"broken\", "
            "\"model\": \"threads\", \"panels\": [\"timeline\"]}\n  ]\n}"
                                   << QStringLiteral("l.lesson:6: moments[1].panels[0]: not a panel");
    QTest::newRow("unknown field") << head + good +
            "    {\"scenario\": {\"id\": \"lost-update\"}, \"strategy\": \"broken\", "
            "\"model\": \"threads\", \"speed\": 3}\n  ]\n}"
                                   << QStringLiteral("l.lesson:6: moments[1].speed: unknown field");
    QTest::newRow("unknown figure") << head + good +
            "    {\"scenario\": {\"id\": \"lost-update\"}, \"strategy\": \"broken\", "
            "\"model\": \"threads\", \"predict\": \"Seats\"}\n  ]\n}"
                                    << QStringLiteral("l.lesson:6: moments[1].predict: the scenario has no figure "
                                                      "\"Seats\" (it has Balance");
    QTest::newRow("empty predict") << head + good +
            "    {\"scenario\": {\"id\": \"lost-update\"}, \"strategy\": \"broken\", "
            "\"model\": \"threads\", \"predict\": \" \"}\n  ]\n}"
                                   << QStringLiteral("l.lesson:6: moments[1].predict: must not be empty");
    QTest::newRow("unknown challenge") << head + good + "    {\"challenge\": \"lose-nothing\"}\n  ]\n}"
                                       << QStringLiteral("l.lesson:6: moments[1].challenge: unknown challenge "
                                                         "\"lose-nothing\"");
    QTest::newRow("missing challenge file") << head + good + "    {\"challenge\": \"mine.json\"}\n  ]\n}"
                                            << QStringLiteral("l.lesson:6: moments[1].challenge: ");
    QTest::newRow("challenge not a string") << head + good + "    {\"challenge\": 3}\n  ]\n}"
                                            << QStringLiteral("l.lesson:6: moments[1].challenge: must be a string");
    QTest::newRow("no scenario, no challenge")
        << head + good + "    {\"caption\": \"hello\"}\n  ]\n}" << QStringLiteral("l.lesson:6: moments[1].");
    QTest::newRow("not a lesson") << QByteArray("{\"format\": \"interleave-session\", \"version\": 1}")
                                  << QStringLiteral("l.lesson:1: format: not an Interleave lesson");
    QTest::newRow("broken JSON") << QByteArray("{\"format\": ") << QStringLiteral("l.lesson: not a lesson file");
}

void TestSession::lessonErrorsNameLineAndField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!Lesson::fromJson(json, QStringLiteral("l.lesson"), &error));
    QVERIFY2(error.startsWith(expected), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
