// Challenges: the built-in course loads, the explorer solves every challenge
// (a challenge it cannot solve is broken), wrong answers are refused, "find
// every" counts what `explore` counts, bad files get one clear line, and the
// forecast's numbers agree with the explorer's.

#include "challenge/challengegrader.h"
#include "challenge/challengejob.h"
#include "challenge/challengeprogress.h"
#include "challenge/forecast.h"
#include "explore/predictioncheck.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace Interleave;

class TestChallenge : public QObject
{
    Q_OBJECT

private:
    static std::unique_ptr<ChallengeGrader> explored(const std::shared_ptr<const Challenge> &challenge)
    {
        QString error;
        auto grader = ChallengeGrader::create(challenge, &error);
        if (!grader)
            qFatal("%s", qPrintable(error));
        if (!grader->exploreAll())
            qFatal("exploration cancelled");
        return grader;
    }
    static std::shared_ptr<const Challenge> builtin(const QString &id)
    {
        QString error;
        auto c = ChallengeLoader::resolve(id, &error);
        if (!c)
            qFatal("%s", qPrintable(error));
        return c;
    }
    static std::shared_ptr<const Machine> lostUpdate(const QString &strategy, int requests)
    {
        QString error;
        auto spec = ScenarioLoader::builtin(QStringLiteral("lost-update"), &error);
        QHash<QString, int64_t> params;
        for (const ParameterSpec &p : spec->params)
            params.insert(p.name, p.defaultValue);
        params.insert(QStringLiteral("requests"), requests);
        return Machine::compile(*spec, strategy, ExecutionModel{}, params, &error);
    }
    static Schedule parse(const Machine &m, const QString &text)
    {
        QString error;
        const auto s = Schedule::parse(text, m, &error);
        if (!s)
            qFatal("%s", qPrintable(error));
        return *s;
    }

private slots:
    void courseLoads()
    {
        QStringList errors;
        const auto course = ChallengeLoader::loadCourse(&errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QVERIFY(course.size() >= 12);
        QSet<QString> ids, scenarios;
        for (const auto &c : course) {
            QVERIFY2(!ids.contains(c->id), qPrintable(c->id));
            ids.insert(c->id);
            scenarios.insert(c->scenario->id);
            QVERIFY2(!c->teaches.isEmpty(), qPrintable(c->id));
        }
        // Every seed scenario, from the lost update first to lease expiry with fencing last.
        QCOMPARE(scenarios.size(), 8);
        QCOMPARE(course.first()->scenario->id, QStringLiteral("lost-update"));
        QCOMPARE(course.last()->scenario->id, QStringLiteral("lease-expiry"));
        QVERIFY(course.last()->compile(0, nullptr)->strategy().fix == QLatin1String("fencing"));
    }

    void everyChallengeSolvedByTheExplorer_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto &c : ChallengeLoader::loadCourse())
            QTest::newRow(qPrintable(c->id)) << c->id;
    }
    void everyChallengeSolvedByTheExplorer()
    {
        QFETCH(QString, id);
        const auto challenge = builtin(id);
        const auto grader = explored(challenge);
        for (int i = 0; i < grader->choiceCount(); ++i)
            QVERIFY(grader->exploration(i)->complete);
        switch (challenge->goal.kind) {
        case ChallengeGoal::Predict: {
            const int figure = challenge->figureIndex(*grader->machine());
            const PredictionCheck all = PredictionCheck::check(*grader->machine(), *grader->exploration(), figure, {});
            std::vector<int64_t> values;
            for (const auto &[value, count] : all.possible)
                values.push_back(value);
            QVERIFY(values.size() >= 2);
            QVERIFY(grader->checkPrediction(values).solved);
            values.pop_back();
            QVERIFY(!grader->checkPrediction(values).solved); // one value missing
            values.push_back(-12345);
            QVERIFY(!grader->checkPrediction(values).solved); // and one that never happens
            break;
        }
        case ChallengeGoal::FindAll: {
            // Exactly what `explore` counts on the challenge's variant.
            const ExplorerResult fresh = Explorer::explore(*challenge->compile(0, nullptr), ExplorerOptions{});
            QCOMPARE(grader->targetCount(), fresh.breakingOutcomes());
            QVERIFY(grader->targetCount() >= 2);
            ChallengeVerdict last;
            for (const ExplorerOutcome &o : grader->exploration()->outcomes) {
                if (!o.breaksRule)
                    continue;
                QVERIFY(!last.solved);
                last = grader->check(o.schedule);
                QVERIFY(last.newlyFound);
                QVERIFY(!grader->check(o.schedule).newlyFound); // the same outcome twice counts once
            }
            QVERIFY(last.solved);
            QCOMPARE(int(grader->found().size()), fresh.breakingOutcomes());
            break;
        }
        default: {
            int choice = -1;
            const auto solution = grader->simplestSolution(&choice);
            QVERIFY2(solution, "the explorer found no schedule that solves it");
            const ChallengeVerdict v = grader->check(*solution, choice);
            QVERIFY2(v.solved, qPrintable(v.reason));
            // Hints name a line or say that none must be interrupted, and give a prefix of the solution.
            QVERIFY(!grader->hint(0).text.isEmpty());
            QVERIFY(solution->toString(*grader->machine(choice)).startsWith(grader->hint(1).schedulePrefix));
        }
        }
    }

    void wrongSchedulesRefused_data() { everyChallengeSolvedByTheExplorer_data(); }
    void wrongSchedulesRefused()
    {
        QFETCH(QString, id);
        const auto challenge = builtin(id);
        if (challenge->goal.kind == ChallengeGoal::Predict)
            QSKIP("solved by a prediction");
        const auto grader = explored(challenge);
        int refused = 0;
        for (int choice = 0; choice < grader->choiceCount(); ++choice) {
            // Those that break nothing first: once "find every" is complete, it stays solved.
            std::vector<ExplorerOutcome> outcomes = grader->exploration(choice)->outcomes;
            std::stable_partition(outcomes.begin(), outcomes.end(), [](const auto &o) { return !o.breaksRule; });
            for (const ExplorerOutcome &o : outcomes) {
                const ChallengeVerdict v = grader->check(o.schedule, choice);
                if (!o.breaksRule && challenge->goal.kind != ChallengeGoal::Reach)
                    QVERIFY2(!v.solved, qPrintable(o.scheduleText)); // breaks nothing: never accepted
                refused += v.solved ? 0 : 1;
            }
        }
        QVERIFY(refused > 0);
        // A run that has not finished is never accepted.
        Schedule one;
        one.moves = {0};
        QVERIFY(!grader->check(one).solved);
    }

    void fixFailsOnlyOnTheBrokenChoice()
    {
        const auto grader = explored(builtin(QStringLiteral("lost-update-mutex-fails")));
        QCOMPARE(grader->choiceCount(), 3);
        QCOMPARE(grader->exploration(0)->breakingOutcomes(), 0); // threads: the mutex holds
        QCOMPARE(grader->exploration(1)->breakingOutcomes(), 0); // one event loop
        QVERIFY(grader->exploration(2)->breakingOutcomes() > 0); // two instances
        const Schedule s = parse(*grader->machine(2), QStringLiteral("A A A B B B B A"));
        QVERIFY(grader->check(s, 2).solved);
        QVERIFY(!grader->check(s, 0).solved);
    }

    void hintsPointAtTheRace()
    {
        const auto grader = explored(builtin(QStringLiteral("lost-update-lose-a-deposit")));
        const ChallengeHint line = grader->hint(0);
        QVERIFY(line.line >= 0);
        QVERIFY(
            grader->machine()->program(line.program).lines[size_t(line.line)].code.contains(QLatin1String("UPDATE")));
        QCOMPARE(grader->hint(1).schedulePrefix, QStringLiteral("A B"));
    }

    void progressRestoresFoundOutcomes()
    {
        const auto challenge = builtin(QStringLiteral("lost-update-three-ways"));
        auto grader = explored(challenge);
        QVERIFY(grader->check(parse(*grader->machine(), QStringLiteral("A A B C C B"))).newlyFound);
        QCOMPARE(grader->progressText(), QStringLiteral("1 of 5 found."));
        MemoryProgressStore store;
        ChallengeProgress progress;
        progress.schedules << grader->found().front().schedule;
        store.save(challenge->id, progress);
        auto again = explored(challenge);
        again->restoreFound(store.load(challenge->id).schedules);
        QCOMPARE(again->found().size(), size_t(1));
        store.resetAll();
        QCOMPARE(store.load(challenge->id), ChallengeProgress{});
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray head = "{\n\"format\": 1,\n\"id\": \"x\",\n\"title\": \"T\",\n\"task\": \"Do it\",\n"
                                "\"scenario\": \"lost-update\",\n";
        QTest::newRow("syntax") << QByteArray("{\n\"format\": 1,,\n}") << "bad.json:2:";
        QTest::newRow("not an object") << QByteArray("[1]") << "bad.json:1: the file must hold one JSON object";
        QTest::newRow("no goal") << QByteArray(head + "\"x\": 1\n}") << "bad.json:7: x: unknown field";
        QTest::newRow("missing goal") << QByteArray(head.chopped(2) + "\n}") << "missing required field \"goal\"";
        QTest::newRow("format") << QByteArray("{\"format\": 2}") << "bad.json:1: format: unsupported format 2";
        QTest::newRow("kind") << QByteArray(head + "\"goal\": {\n\"kind\": \"win\"}\n}")
                              << "bad.json:8: goal.kind: unknown goal";
        QTest::newRow("rule") << QByteArray(head + "\"goal\": {\"kind\": \"break\",\n\"rule\": \"nope\"}\n}")
                              << "bad.json:8: goal.rule: the scenario has no rule \"nope\"";
        QTest::newRow("anomaly") << QByteArray(head + "\"goal\": {\"kind\": \"break\", \"anomaly\": \"boom\"}}")
                                 << "goal.anomaly: unknown anomaly \"boom\"";
        QTest::newRow("strategy")
            << QByteArray(head + "\"variant\": {\n\"strategy\": \"nope\"},\n\"goal\": {\"kind\": \"find-all\"}}")
            << "bad.json:8: variant.strategy: unknown strategy \"nope\"";
        QTest::newRow("param range")
            << QByteArray(head + "\"variant\": {\"params\": {\"requests\": 0}},\n\"goal\": {\"kind\": \"find-all\"}}")
            << "variant.params.requests: 0 is outside";
        QTest::newRow("param name")
            << QByteArray(head + "\"variant\": {\"params\": {\"nope\": 1}},\n\"goal\": {\"kind\": \"find-all\"}}")
            << "variant.params.nope: the scenario has no parameter";
        QTest::newRow("expression") << QByteArray(head +
                                                  "\"goal\": {\"kind\": \"reach\",\n\"expression\": \"nope ==\"}}")
                                    << "bad.json:8: goal.expression:";
        QTest::newRow("one choice") << QByteArray(head + "\"goal\": {\"kind\": \"fix-fails\", \"choices\": [{}]}}")
                                    << "goal.choices: a fix-fails goal needs a list of at least two";
        QTest::newRow("figure") << QByteArray(head + "\"goal\": {\"kind\": \"predict\", \"figure\": \"Nope\"}}")
                                << "goal.figure: the scenario has no figure \"Nope\"";
        QTest::newRow("moves") << QByteArray(head + "\"goal\": {\"kind\": \"break\", \"maxMoves\": 1.5}}")
                               << "goal.maxMoves: must be a whole number";
        QTest::newRow("scenario") << QByteArray("{\"format\": 1, \"id\": \"x\", \"title\": \"T\", \"task\": \"t\", "
                                                "\"scenario\": \"nope\", \"goal\": {\"kind\": \"break\"}}")
                                  << "scenario: unknown scenario \"nope\"";
        QTest::newRow("line break in a key") << QByteArray(head + "\"a\\nb\": 1}") << "unknown field \"a\\u000ab\"";
        QTest::newRow("deep") << QByteArray(head + "\"x\": " + QByteArray(40, '[') + QByteArray(40, ']') + "}")
                              << "nested more than";
    }
    void badFiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!ChallengeLoader::loadData(json, QStringLiteral("bad.json"), &error, false));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(!error.contains(u'\n'), qPrintable(error)); // one line
    }

    void builtinsMayNotOpenFiles()
    {
        QString error;
        const QByteArray json = "{\"format\": 1, \"id\": \"x\", \"title\": \"T\", \"task\": \"t\", "
                                "\"scenario\": \"/etc/passwd.json\", \"goal\": {\"kind\": \"break\"}}";
        QVERIFY(!ChallengeLoader::loadData(json, QStringLiteral("bad.json"), &error, false));
        QVERIFY2(error.contains(QLatin1String("must name a built-in scenario")), qPrintable(error));
    }

    // The forecast's numbers are the explorer's: at the start they are its totals.
    void forecastAgreesWithExplore_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<int>("requests");
        QTest::newRow("broken, 2 requests") << "broken" << 2;
        QTest::newRow("broken, 3 requests") << "broken" << 3;
        QTest::newRow("atomic, 3 requests") << "atomic" << 3;
        QTest::newRow("optimistic, 2 requests") << "optimistic" << 2;
    }
    void forecastAgreesWithExplore()
    {
        QFETCH(QString, strategy);
        QFETCH(int, requests);
        const auto machine = lostUpdate(strategy, requests);
        const auto forecast = Forecast::build(machine, nullptr);
        QVERIFY2(forecast->complete(), qPrintable(forecast->error()));
        const ExplorerResult result = Explorer::explore(*machine, ExplorerOptions{});
        const ForecastAt start = forecast->at(machine->initialState());
        QVERIFY(start.known);
        QCOMPARE(start.total, result.interleavings);
        QCOMPARE(start.breaking, result.breaking);
        QCOMPARE(start.reachable.size(), result.outcomes.size());
        for (const ExplorerOutcome &o : result.outcomes) {
            const auto it = std::find_if(start.reachable.begin(), start.reachable.end(), [&](const auto &r) {
                return forecast->outcomes()[size_t(r.first)].description == o.description;
            });
            QVERIFY(it != start.reachable.end());
            QCOMPARE(it->second, o.count);
        }
    }

    void forecastAlongTheLostUpdate()
    {
        const auto machine = lostUpdate(QStringLiteral("broken"), 2);
        const auto forecast = Forecast::build(machine, nullptr);
        Stepper stepper(machine);
        QVERIFY(stepper.move(0));
        ForecastAt at = forecast->at(stepper.state());
        // A has read: of the 3 ways on, B reading before A writes (2 of them) loses money.
        QCOMPARE(at.total, InterleavingCount(3));
        QCOMPARE(at.breaking, InterleavingCount(2));
        QCOMPARE(forecast->describe(at), QStringLiteral("From here: 2 of 3 continuations break a rule."));
        QVERIFY(stepper.move(1));
        at = forecast->at(stepper.state());
        QVERIFY(at.badCertain());
        QCOMPARE(at.total, InterleavingCount(2));

        const TurningPoint point = forecast->turningPoint(parse(*machine, QStringLiteral("A B B A")));
        QCOMPARE(point.kind, TurningPoint::BadCertain);
        QCOMPARE(point.move, 2);
        QVERIFY2(point.narration.startsWith(QLatin1String("after move 2, breaking")), qPrintable(point.narration));
        // Derived from the state: the reads that make it certain.
        QVERIFY2(point.narration.endsWith(
                     QLatin1String("both Request A and Request B have read accounts[1].balance = 1000.")),
                 qPrintable(point.narration));

        const TurningPoint safe = forecast->turningPoint(parse(*machine, QStringLiteral("A A B B")));
        QCOMPARE(safe.kind, TurningPoint::BadImpossible);
        QCOMPARE(safe.move, 2); // A has written before B reads
    }

    // The window's way: explorations and forecast in the background, results by signal.
    void backgroundJob()
    {
        auto challenge = builtin(QStringLiteral("lost-update-mutex-fails"));
        QString error;
        auto grader = ChallengeGrader::create(challenge, &error);
        ChallengeJob job;
        QSignalSpy finished(&job, &ChallengeJob::finished);
        job.start(*grader, grader->machine(2));
        QVERIFY(finished.wait(60000));
        const auto work = finished.at(0).at(0).value<std::shared_ptr<const ChallengeWork>>();
        QVERIFY(!work->cancelled);
        QCOMPARE(int(work->explorations.size()), 3);
        for (int choice = 0; choice < 3; ++choice)
            grader->setExploration(choice, work->explorations[size_t(choice)]);
        QVERIFY(grader->isExplored());
        QVERIFY(grader->simplestSolution());
        QVERIFY(work->forecast && work->forecast->complete());
        QCOMPARE(work->forecast->at(grader->machine(2)->initialState()).total, work->explorations[2]->interleavings);

        // Cancelled at once: a result still arrives, marked cancelled, or complete if it was that quick.
        ChallengeJob cancelled;
        QSignalSpy spy(&cancelled, &ChallengeJob::finished);
        cancelled.start(*grader);
        cancelled.cancel();
        QVERIFY(spy.wait(60000));
        const auto partial = spy.at(0).at(0).value<std::shared_ptr<const ChallengeWork>>();
        QVERIFY(partial->cancelled || partial->explorations.size() == 3);
    }

    void forecastBudgetAndCancel()
    {
        const auto machine = lostUpdate(QStringLiteral("broken"), 3);
        const auto small = Forecast::build(machine, nullptr, 10);
        QVERIFY(!small->complete());
        QVERIFY(!small->at(machine->initialState()).known);
        QVERIFY(!small->error().isEmpty());
        ExplorerControl control;
        control.cancel = true;
        QVERIFY(!Forecast::build(lostUpdate(QStringLiteral("broken"), 6), &control)->complete());
    }
};

QTEST_GUILESS_MAIN(TestChallenge)
#include "tst_challenge.moc"
