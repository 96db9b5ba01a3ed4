// The main window, driven as a student would: pick a scenario, toggle the fix
// and the model, step by button and by key, undo and redo, explore every
// interleaving, click a histogram bar, and feed it a broken scenario file.

#include "classroom/lessonbanner.h"
#include "classroom/lessonplayer.h"
#include "classroom/playcontroller.h"
#include "classroom/predictionpanel.h"
#include "classroom/presentermode.h"
#include "classroom/sidebysideview.h"
#include "dashboard/codepanel.h"
#include "dashboard/codepanelstrip.h"
#include "dashboard/dashboardview.h"
#include "dashboard/narrationmodel.h"
#include "dashboard/narrationpanel.h"
#include "dashboard/outcomechart.h"
#include "dashboard/strategybar.h"
#include "dashboard/strategychart.h"
#include "dashboard/waitforgraphview.h"
#include "explore/explorer.h"
#include "export/exporter.h"
#include "export/widgetexporter.h"
#include "machine/safetyreason.h"
#include "realdb/privateserver.h"
#include "timeline/timelineview.h"
#include "window/desktoplook.h"
#include "window/enginejobs.h"
#include "window/mainwindow.h"
#include "window/modelbar.h"
#include "window/parameterbar.h"
#include "window/recentfiles.h"
#include "window/scenariolibrary.h"
#include "window/scenariosession.h"
#include "window/serverbackend.h"
#include "window/sessionactions.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <limits>

using namespace Interleave;

namespace {

QByteArray counterScenario(const QString &title, int initial)
{
    return QStringLiteral(R"({
  "format": 1, "id": "my-counter", "title": "%1",
  "summary": "Two increments of a counter.", "explanation": "Read, then write.",
  "params": [{"name": "initial", "default": %2}],
  "state": {"tables": [{"name": "counters", "columns": ["value"], "rows": [{"id": 1, "value": "initial"}]}]},
  "actors": [{"name": "Request %1", "repeat": "2", "locals": {"id": 1}}],
  "strategies": [{"id": "broken", "label": "No fix", "programs": {"main": [
      {"code": "const v = await get();", "steps": [{"op": "read", "cell": "counters[id].value", "into": "v", "await": true}]},
      {"code": "await set(v + 1);", "steps": [{"op": "write", "cell": "counters[id].value", "value": "v + 1", "await": true}]}
  ]}}],
  "invariants": [{"id": "count", "label": "value = initial + 2", "check": "counters[1].value == initial + 2"}],
  "figures": [{"label": "Counter", "actual": "counters[1].value", "expected": "initial + 2"}]
})")
        .arg(title)
        .arg(initial)
        .toUtf8();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void selectScenarioFromLibrary();
    void toggleStrategyReplaysSameSchedule();
    void pinnedScheduleSurvivesEveryFix();
    void toggleModel();
    void stepByButtonAndKey_data();
    void stepByButtonAndKey();
    void blockedActorExplainsWhy();
    void timePassesByKey_data();
    void timePassesByKey();
    void narrationModelContract();
    void exploreAllMatchesEngine_data();
    void exploreAllMatchesEngine();
    void uncountedExplorationSaysSo();
    void parameterBeyondAnIntIsClamped();
    void clickBarLoadsSchedule();
    void waitForGraphShowsDeadlockVictim();
    void playPolicies_data();
    void playPolicies();
    void showMeTheBugPlaysSimplestCounterexample();
    void runOnThreadsShowsWallTime();
    void cancelStopsLongJob();
    void trialsHistogramCountsEveryTrial();
    void compareFixesHasEveryStrategy();
    void badScenarioFileKeepsPrevious();
    void changedFileReloadsOrShowsError();
    void dropOpensScenarioFile();
    void settingsRestoreLastVariant();
    void classroomKeys();
    void snapshotRebuildsTheSameWindow();
    void sessionFileReopensWhereItWasLeft();
    void recentFilesKeepTenNewestFirst();
    void recentFileReopensOrIsForgotten();
    void menusCarryIconsWithoutATheme();
    void everythingReachableByKeyboard();
    void fixesChosenByKey();
    void lessonMomentsByPageKeys();
    void narrowPanelShowsTheStatement();
    void widgetExportStaysLightOnADarkDesktop();
    void culpritAgreesAcrossFrontEnds_data();
    void culpritAgreesAcrossFrontEnds();
    void scenariosOpenOnTheirBug();
    void safeVariantsSayWhy();
    void viewsFollowTheSession();
    void fitsASmallProjector();
    void predictThenRevealAt1280();
    void sideBySideStepsTogether();
    void serverBackendRunsEveryMove();
};

namespace {
QtMessageHandler g_previousHandler = nullptr;

// The offscreen platform warns about size hints for every dock and toolbar; that is noise here.
void dropPlatformNoise(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("propagateSizeHints")))
        return;
    g_previousHandler(type, context, message);
}
} // namespace

// A layout Qt warns about is a layout bug ("Negative sizes (0,-1)" from a height asked of a
// layout with nothing to wrap): such a warning fails the test that caused it.
void TestMainWindow::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^(QWidget|QLayout|QBoxLayout|QGridLayout)::")));
}

void TestMainWindow::initTestCase()
{
    g_previousHandler = qInstallMessageHandler(dropPlatformNoise);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("InterleaveTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings().clear();
}

void TestMainWindow::selectScenarioFromLibrary()
{
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    ScenarioLibrary *library = w.library();
    QVERIFY2(library->count() >= 2, qPrintable(w.errorText()));
    auto *list = library->findChild<QListWidget *>(QStringLiteral("scenarioList"));
    QVERIFY(list);
    const int row = library->rowOf(QStringLiteral("transfer-deadlock"));
    QVERIFY(row >= 0);
    list->scrollToItem(list->item(row));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(row)).center());
    QCOMPARE(w.session()->scenario()->id, QStringLiteral("transfer-deadlock"));
    // Every fix of the scenario and nothing else is offered.
    QCOMPARE(w.strategyBar()->strategyCount(), int(w.session()->scenario()->strategies.size()));
    QCOMPARE(w.codePanels()->panelCount(), w.session()->machine()->actorCount());
    QVERIFY(library->detailsText().contains(w.session()->scenario()->summary));
    QVERIFY(w.windowTitle().contains(w.session()->scenario()->title));
}

void TestMainWindow::toggleStrategyReplaysSameSchedule()
{
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    QVERIFY(w.setSchedule(QStringLiteral("A B A B")));
    QCOMPARE(w.dashboard()->figureActual(0), QStringLiteral("1200"));
    QCOMPARE(w.dashboard()->ruleState(0), DashboardView::Broken);

    // The same interleaving with the fix on: the balance is right.
    QTest::mouseClick(w.strategyBar()->strategyButton(QStringLiteral("atomic")), Qt::LeftButton);
    QCOMPARE(w.session()->strategyId(), QStringLiteral("atomic"));
    QCOMPARE(w.session()->stepper()->schedule().toString(*w.session()->machine()), QStringLiteral("A B A B"));
    QCOMPARE(w.dashboard()->figureActual(0), QStringLiteral("1300"));
    QCOMPARE(w.dashboard()->ruleState(0), DashboardView::Holds);

    // With the mutex the same schedule stops where B has to wait, and says why.
    QTest::mouseClick(w.strategyBar()->strategyButton(QStringLiteral("mutex")), Qt::LeftButton);
    QCOMPARE(w.session()->strategyId(), QStringLiteral("mutex"));
    QVERIFY(w.session()->stepper()->cursor() < 4);
    QVERIFY(!w.codePanels()->noteText().isEmpty());
    const int blocked = w.session()->stepper()->fullSchedule().moves.size() > size_t(w.session()->stepper()->cursor())
        ? w.session()->stepper()->fullSchedule().moves[size_t(w.session()->stepper()->cursor())]
        : -1;
    if (blocked >= 0)
        QVERIFY(!w.codePanels()->panel(blocked)->stepButton()->isEnabled());
}

void TestMainWindow::pinnedScheduleSurvivesEveryFix()
{
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setModel(*ExecutionModel::parse(QStringLiteral("threads"), nullptr)));
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    for (int actor : {0, 1, 0, 1})
        QVERIFY(w.session()->step(actor));
    const auto scheduleText = [&w] { return w.session()->stepper()->fullSchedule().toString(*w.session()->machine()); };
    QCOMPARE(scheduleText(), QStringLiteral("A B A B"));
    QCOMPARE(w.dashboard()->ruleState(0), DashboardView::Broken);

    // Pessimistic locking cannot run all of it: it stops early and says why, but the pin stays whole.
    QTest::mouseClick(w.strategyBar()->strategyButton(QStringLiteral("pessimistic")), Qt::LeftButton);
    QCOMPARE(w.session()->strategyId(), QStringLiteral("pessimistic"));
    QVERIFY(w.session()->stepper()->length() < 4);
    QVERIFY(!w.session()->replayNote().isEmpty());
    QVERIFY(!w.codePanels()->noteText().isEmpty());
    QCOMPARE(w.session()->pinnedSchedule().moves.size(), size_t(4));

    // Back to No fix: the whole schedule, the lost update with it, and Redo reaches the end.
    QTest::mouseClick(w.strategyBar()->strategyButton(QStringLiteral("broken")), Qt::LeftButton);
    QCOMPARE(scheduleText(), QStringLiteral("A B A B"));
    QCOMPARE(w.session()->stepper()->cursor(), 4);
    QCOMPARE(w.dashboard()->ruleState(0), DashboardView::Broken);
    QVERIFY(w.dashboard()->lostUpdatesText().contains(QLatin1String("1")));
    QVERIFY(w.session()->replayNote().isEmpty());
    QTest::keyClick(&w, Qt::Key_Home);
    QCOMPARE(w.session()->stepper()->cursor(), 0);
    for (int i = 0; i < 4; ++i)
        QTest::keyClick(&w, Qt::Key_Y, Qt::ControlModifier);
    QCOMPARE(w.session()->stepper()->cursor(), 4);

    // Stepping along the pin keeps the rest redoable; stepping elsewhere starts a new one.
    QTest::keyClick(&w, Qt::Key_Home);
    QVERIFY(w.session()->step(0));
    QCOMPARE(w.session()->stepper()->length(), 4);
    QVERIFY(w.session()->step(0));
    QCOMPARE(scheduleText(), QStringLiteral("A A"));
    QCOMPARE(w.session()->pinnedSchedule().moves.size(), size_t(2));
}

void TestMainWindow::toggleModel()
{
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QComboBox *box = w.modelBar()->modelBox();
    const int eventLoop = box->findData(QStringLiteral("eventloop"));
    QVERIFY(eventLoop >= 0);
    box->setCurrentIndex(eventLoop);
    QCOMPARE(w.session()->model().kind, ExecutionModel::EventLoop);
    const int instances = box->findData(QStringLiteral("instances:2"));
    QVERIFY(instances >= 0);
    box->setCurrentIndex(instances);
    QCOMPARE(w.session()->model().kind, ExecutionModel::Instances);
    QCOMPARE(w.session()->model().instances, 2);
    w.modelBar()->instancesBox()->setValue(3);
    QCOMPARE(w.session()->model().instances, 3);
    // A parameter from the toolbar recompiles too: three requests, three panels.
    QSpinBox *requests = w.parameterBar()->spinBox(QStringLiteral("requests"));
    QVERIFY(requests);
    requests->setValue(3);
    QCOMPARE(w.session()->params().value(QStringLiteral("requests")), 3);
    QCOMPARE(w.codePanels()->panelCount(), 3);
}

void TestMainWindow::stepByButtonAndKey_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("afterTwoMoves");
    QTest::addColumn<QString>("finalBalance");
    QTest::addColumn<int>("finalRule");
    // No fix: both have only read after two moves. Atomic: both updates are in.
    QTest::newRow("no fix loses a deposit")
        << QStringLiteral("broken") << QStringLiteral("1000") << QStringLiteral("1200") << int(DashboardView::Broken);
    QTest::newRow("atomic update keeps both")
        << QStringLiteral("atomic") << QStringLiteral("1300") << QStringLiteral("1300") << int(DashboardView::Holds);
}

void TestMainWindow::stepByButtonAndKey()
{
    QFETCH(QString, strategy);
    QFETCH(QString, afterTwoMoves);
    QFETCH(QString, finalBalance);
    QFETCH(int, finalRule);
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(strategy));
    const Machine &machine = *w.session()->machine();
    CodePanel *a = w.codePanels()->panel(0);
    CodePanel *b = w.codePanels()->panel(1);
    QCOMPARE(a->currentLine(), machine.currentLine(machine.initialState(), 0));
    QCOMPARE(w.dashboard()->figureActual(0), QStringLiteral("1000"));
    QCOMPARE(w.dashboard()->ruleState(0), DashboardView::Pending);

    // A by its button, B by its key, as far as the schedule A B A B goes.
    QTest::mouseClick(a->stepButton(), Qt::LeftButton);
    QCOMPARE(w.session()->stepper()->cursor(), 1);
    QCOMPARE(a->currentLine(), machine.currentLine(w.session()->stepper()->state(), 0));
    QTest::keyClick(&w, Qt::Key_2);
    QCOMPARE(w.session()->stepper()->cursor(), 2);
    QCOMPARE(b->currentLine(), machine.currentLine(w.session()->stepper()->state(), 1));
    QCOMPARE(w.dashboard()->figureActual(0), afterTwoMoves);
    QTest::keyClick(&w, Qt::Key_1);
    QTest::mouseClick(b->stepButton(), Qt::LeftButton);
    QCOMPARE(w.session()->stepper()->schedule().toString(machine), QStringLiteral("A B A B"));
    QVERIFY(machine.isFinal(w.session()->stepper()->state()));
    QCOMPARE(a->currentLine(), -1);
    QVERIFY(!a->stepButton()->isEnabled());
    QVERIFY(!a->stepButton()->toolTip().isEmpty());
    QCOMPARE(w.dashboard()->figureActual(0), finalBalance);
    QCOMPARE(int(w.dashboard()->ruleState(0)), finalRule);
    if (finalRule == DashboardView::Broken) {
        QVERIFY(w.dashboard()->figureDifference(0).contains(QLatin1String("100")));
        QVERIFY(w.dashboard()->ruleText(0).contains(QLatin1String("move 4")));
        QVERIFY(w.dashboard()->lostUpdatesText().contains(QLatin1String("1")));
    }

    // Undo by Backspace and Ctrl+Z, redo by Ctrl+Y, Home back to the start.
    QTest::keyClick(&w, Qt::Key_Backspace);
    QCOMPARE(w.session()->stepper()->cursor(), 3);
    QCOMPARE(w.dashboard()->ruleState(0), DashboardView::Pending);
    QCOMPARE(b->currentLine(), machine.currentLine(w.session()->stepper()->state(), 1));
    QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w.session()->stepper()->cursor(), 2);
    QCOMPARE(a->currentLine(), machine.currentLine(w.session()->stepper()->state(), 0));
    QTest::keyClick(&w, Qt::Key_Y, Qt::ControlModifier);
    QTest::keyClick(&w, Qt::Key_Y, Qt::ControlModifier);
    QCOMPARE(w.session()->stepper()->cursor(), 4);
    QCOMPARE(w.dashboard()->figureActual(0), finalBalance);
    QCOMPARE(int(w.dashboard()->ruleState(0)), finalRule);
    QTest::keyClick(&w, Qt::Key_Home);
    QCOMPARE(w.session()->stepper()->cursor(), 0);
    QCOMPARE(w.dashboard()->figureActual(0), QStringLiteral("1000"));
    QCOMPARE(a->currentLine(), machine.currentLine(machine.initialState(), 0));
    QTest::keyClick(&w, Qt::Key_End);
    QCOMPARE(w.session()->stepper()->cursor(), 4);
}

void TestMainWindow::blockedActorExplainsWhy()
{
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("pessimistic")));
    const Machine &machine = *w.session()->machine();
    // Search a short schedule after which B waits for a lock A holds.
    std::vector<int> found;
    std::function<bool(Stepper &, std::vector<int> &)> search = [&](Stepper &s, std::vector<int> &moves) {
        const BlockInfo info = machine.blockInfo(s.state(), 1);
        if (info.kind == BlockInfo::WaitsForLock && info.holder == 0) {
            found = moves;
            return true;
        }
        if (moves.size() >= 8)
            return false;
        for (int m : s.availableMoves()) {
            s.move(m);
            moves.push_back(m);
            if (search(s, moves))
                return true;
            moves.pop_back();
            s.undo();
        }
        return false;
    };
    Stepper probe(w.session()->machinePtr());
    std::vector<int> moves;
    QVERIFY(search(probe, moves));
    QVERIFY(w.session()->loadSchedule(Schedule{found}, nullptr));

    QPushButton *stepB = w.codePanels()->panel(1)->stepButton();
    QVERIFY(!stepB->isEnabled());
    const BlockInfo info = machine.blockInfo(w.session()->stepper()->state(), 1);
    QCOMPARE(stepB->toolTip(), info.text);
    QVERIFY(w.codePanels()->panel(1)->statusText().contains(QLatin1String("blocked")));
    // Key 2 does nothing but say why.
    const int cursor = w.session()->stepper()->cursor();
    QTest::keyClick(&w, Qt::Key_2);
    QCOMPARE(w.session()->stepper()->cursor(), cursor);
    QCOMPARE(w.statusText(), info.text);
    QCOMPARE(w.waitForGraph()->edges().size(), size_t(2)); // B waits for the row, A holds it
}

void TestMainWindow::timePassesByKey_data()
{
    QTest::addColumn<int>("key");
    QTest::newRow("T") << int(Qt::Key_T);
    QTest::newRow("~") << int(Qt::Key_AsciiTilde);
}

void TestMainWindow::timePassesByKey()
{
    QFETCH(int, key);
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lease-expiry")));
    const Machine &machine = *w.session()->machine();
    QVERIFY(!w.codePanels()->tickButton()->isEnabled() || machine.canTick(w.session()->stepper()->state()));
    // Step the first request until a deadline lies ahead (its lock's TTL, a pause).
    for (int i = 0; i < 12 && !machine.canTick(w.session()->stepper()->state()); ++i)
        QTest::keyClick(&w, Qt::Key_1);
    QVERIFY(machine.canTick(w.session()->stepper()->state()));
    QVERIFY(w.codePanels()->tickButton()->isEnabled());
    const int cursor = w.session()->stepper()->cursor();
    const int64_t before = machine.now(w.session()->stepper()->state());
    QTest::keyClick(&w, Qt::Key(key));
    QCOMPARE(w.session()->stepper()->cursor(), cursor + 1);
    QCOMPARE(w.session()->stepper()->fullSchedule().moves.back(), Schedule::Tick);
    QVERIFY(machine.now(w.session()->stepper()->state()) > before);
}

void TestMainWindow::narrationModelContract()
{
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QAbstractItemModelTester tester(w.narration(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    QVERIFY(w.setSchedule(QStringLiteral("A B A B")));
    const Trace &trace = w.session()->stepper()->trace();
    QVERIFY(w.narration()->rowCount() > int(trace.size())); // the lost update gets its explanation
    for (int e = 0; e < int(trace.size()); ++e) {
        const int row = w.narration()->rowOfEvent(e);
        QVERIFY(row >= 0);
        QVERIFY(w.narration()->textAt(row).startsWith(w.session()->machine()->narrate(trace[size_t(e)])));
    }
    bool explained = false;
    for (int r = 0; r < w.narration()->rowCount(); ++r)
        explained = explained ||
            (w.narration()->index(r).data(NarrationModel::KindRole).toInt() == NarrationModel::Explanation &&
             w.narration()->textAt(r).contains(QLatin1String("Lost update")));
    QVERIFY(explained);
    // The last move's sentences are the highlighted ones.
    QVERIFY(w.narration()->index(w.narration()->rowCount() - 1).data(NarrationModel::CurrentRole).toBool());
    QVERIFY(!w.narration()->index(0).data(NarrationModel::CurrentRole).toBool());
    QTest::keyClick(&w, Qt::Key_Home);
    QCOMPARE(w.narration()->rowCount(), 0);
}

void TestMainWindow::exploreAllMatchesEngine_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("strategy");
    QTest::newRow("lost update, no fix") << QStringLiteral("lost-update") << QStringLiteral("broken");
    QTest::newRow("lost update, atomic") << QStringLiteral("lost-update") << QStringLiteral("atomic");
    QTest::newRow("transfer, request order") << QStringLiteral("transfer-deadlock") << QStringLiteral("request-order");
}

void TestMainWindow::exploreAllMatchesEngine()
{
    QFETCH(QString, scenario);
    QFETCH(QString, strategy);
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(w.openScenario(scenario));
    QVERIFY(w.session()->setStrategy(strategy));
    QSignalSpy explored(w.jobs(), &EngineJobs::explored);
    w.action(QStringLiteral("exploreAction"))->trigger();
    QVERIFY(explored.wait(30000));

    const ExplorerResult expected = Explorer::explore(*w.session()->machine(), ExplorerOptions{});
    OutcomeChart *chart = w.outcomeChart();
    QCOMPARE(chart->barCount(), int(expected.outcomes.size()));
    for (int i = 0; i < chart->barCount(); ++i) {
        QCOMPARE(chart->bar(i).count, expected.outcomes[size_t(i)].count.toDouble());
        QCOMPARE(chart->bar(i).breaksRule, expected.outcomes[size_t(i)].breaksRule);
        QCOMPARE(chart->bar(i).schedule, expected.outcomes[size_t(i)].scheduleText);
    }
    QCOMPARE(chart->headline(), expected.summary());
}

// A big exploration cancelled before counting has outcomes with a count of zero:
// the bars say "not counted", never "0 of 0 interleavings".
void TestMainWindow::uncountedExplorationSaysSo()
{
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    auto result = std::make_shared<ExplorerResult>(Explorer::explore(*w.session()->machine(), ExplorerOptions{}));
    QVERIFY(!result->outcomes.empty());
    result->counted = false;
    result->complete = false;
    result->cancelled = true;
    result->interleavings = {};
    result->breaking = {};
    for (ExplorerOutcome &o : result->outcomes)
        o.count = {};
    emit w.jobs()->explored(result, w.session()->machinePtr());
    OutcomeChart *chart = w.outcomeChart();
    QCOMPARE(chart->barCount(), int(result->outcomes.size()));
    for (int i = 0; i < chart->barCount(); ++i) {
        QVERIFY2(!chart->bar(i).countText.contains(QLatin1String("0 of 0")), qPrintable(chart->bar(i).countText));
        QCOMPARE(chart->bar(i).countText, QCoreApplication::translate("OutcomesPresenter", "reached; not counted"));
    }
}

// Parameters are 64-bit, spin boxes hold an int: the box shows the nearest int, never a wrapped value.
void TestMainWindow::parameterBeyondAnIntIsClamped()
{
    QString error;
    const auto spec = ScenarioLoader::loadData(R"({
        "format": 1, "id": "wide", "title": "Wide parameters",
        "params": [{"name": "big", "default": 5000000000, "min": -9000000000000, "max": 9000000000000},
                   {"name": "small", "default": -5000000000, "min": -9000000000000, "max": 0}],
        "state": {"memory": {"x": 0}},
        "actors": [{"name": "A"}],
        "strategies": [{"id": "s", "label": "S", "programs": {"main": [{"code": "x", "steps": [{"op": "sleep", "ms": "1"}]}]}}]
    })",
                                               QStringLiteral("wide.json"), &error);
    QVERIFY2(spec, qPrintable(error));
    ParameterBar bar;
    bar.setScenario(*spec);
    QSpinBox *big = bar.spinBox(QStringLiteral("big"));
    QSpinBox *small = bar.spinBox(QStringLiteral("small"));
    QVERIFY(big && small);
    QCOMPARE(big->maximum(), std::numeric_limits<int>::max());
    QCOMPARE(big->minimum(), std::numeric_limits<int>::min());
    QCOMPARE(big->value(), std::numeric_limits<int>::max());
    QCOMPARE(small->value(), std::numeric_limits<int>::min());
    bar.setValues({{QStringLiteral("big"), int64_t(1) << 40}, {QStringLiteral("small"), -(int64_t(1) << 40)}});
    QCOMPARE(big->value(), std::numeric_limits<int>::max());
    QCOMPARE(small->value(), std::numeric_limits<int>::min());
}

void TestMainWindow::clickBarLoadsSchedule()
{
    MainWindow w(MainWindow::Options::quiet());
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    QSignalSpy explored(w.jobs(), &EngineJobs::explored);
    w.exploreAll();
    QVERIFY(explored.wait(30000));
    OutcomeChart *chart = w.outcomeChart();
    QVERIFY(chart->barCount() >= 2);
    QCoreApplication::processEvents();
    for (int i = 0; i < chart->barCount(); ++i) {
        QTest::keyClick(&w, Qt::Key_Home);
        const QPoint at = chart->barCentre(i);
        QVERIFY(chart->chartView()->viewport()->rect().contains(at));
        QTest::mouseClick(chart->chartView()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(w.session()->stepper()->schedule().toString(*w.session()->machine()), chart->bar(i).schedule);
        QVERIFY(w.session()->machine()->isTerminal(w.session()->stepper()->state()));
        bool broken = false;
        for (int r = 0; r < w.dashboard()->ruleCount(); ++r)
            broken = broken || w.dashboard()->ruleState(r) == DashboardView::Broken;
        QCOMPARE(broken, chart->bar(i).breaksRule);
    }
}

void TestMainWindow::waitForGraphShowsDeadlockVictim()
{
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(QStringLiteral("transfer-deadlock")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("request-order")));
    const ExplorerResult result = Explorer::explore(*w.session()->machine(), ExplorerOptions{});
    const ExplorerOutcome *deadlock = result.deadlock();
    QVERIFY(deadlock);
    QString error;
    QVERIFY2(w.session()->loadSchedule(deadlock->schedule, &error), qPrintable(error));
    // Walk back to the move where the cycle closed: the graph shows it with its victim.
    const Trace &trace = w.session()->stepper()->trace();
    int closing = -1;
    for (const TraceEvent &e : trace)
        if (e.kind == EventKind::Deadlock)
            closing = e.step;
    if (closing >= 0) {
        w.session()->seek(closing + 1);
        QCOMPARE(w.waitForGraph()->cycleActors().size(), size_t(2));
        QVERIFY(w.waitForGraph()->victim() >= 0);
        QVERIFY(!w.waitForGraph()->safeOrder().isEmpty());
    } else {
        // An in-process deadlock: the cycle stays open at the end.
        QCOMPARE(w.waitForGraph()->cycleActors().size(), size_t(2));
    }
    int cycleEdges = 0;
    for (const auto &edge : w.waitForGraph()->edges())
        cycleEdges += edge.onCycle;
    QCOMPARE(cycleEdges, 4); // two "waits for" and two "held by"
    // It follows the cursor: at the start nobody waits.
    w.session()->seek(0);
    QVERIFY(w.waitForGraph()->edges().empty());
    QVERIFY(w.waitForGraph()->cycleActors().empty());
}

void TestMainWindow::playPolicies_data()
{
    QTest::addColumn<int>("policy");
    QTest::newRow("round-robin") << int(PlayController::RoundRobin);
    QTest::newRow("random with a seed") << int(PlayController::Random);
}

void TestMainWindow::playPolicies()
{
    QFETCH(int, policy);
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    PlayController *player = w.player();
    player->setPolicy(PlayController::Policy(policy));
    auto playToEnd = [&] {
        w.session()->seek(0);
        player->setSeed(7);
        int guard = 0;
        while (player->stepOnce() && !w.session()->machine()->isTerminal(w.session()->stepper()->state()) &&
               ++guard < 100) { }
        return w.session()->stepper()->schedule().toString(*w.session()->machine());
    };
    const QString first = playToEnd();
    QVERIFY(w.session()->machine()->isTerminal(w.session()->stepper()->state()));
    // The same seed plays the same schedule; round-robin takes turns.
    QCOMPARE(playToEnd(), first);
    if (policy == PlayController::RoundRobin)
        QCOMPARE(first, QStringLiteral("A B A B"));
}

void TestMainWindow::showMeTheBugPlaysSimplestCounterexample()
{
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    w.player()->setMovesPerSecond(50);
    QSignalSpy playing(w.player(), &PlayController::playingChanged);
    w.showMeTheBug(); // explores first, then plays
    QVERIFY(playing.wait(30000));
    QCOMPARE(playing.last().at(0).toBool(), true);
    QVERIFY(playing.wait(30000));
    QCOMPARE(playing.last().at(0).toBool(), false);
    const ExplorerResult expected = Explorer::explore(*w.session()->machine(), ExplorerOptions{});
    QVERIFY(expected.simplestCounterexample());
    QCOMPARE(w.session()->stepper()->schedule().toString(*w.session()->machine()),
             expected.simplestCounterexample()->scheduleText);
    QCOMPARE(w.dashboard()->ruleState(0), DashboardView::Broken);
}

void TestMainWindow::runOnThreadsShowsWallTime()
{
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setParam(QStringLiteral("delay_ms"), 10));
    QSignalSpy ran(w.jobs(), &EngineJobs::threadedRunFinished);
    w.runOnThreads();
    QVERIFY(ran.wait(30000));
    QVERIFY(w.timeline()->timelineLayout());
    QCOMPARE(w.timeline()->timelineLayout()->axis(), AxisMode::WallTime);
    // The run's moves are in the stepper: dashboard and code panels show its end.
    QVERIFY(w.session()->machine()->isTerminal(w.session()->stepper()->state()));
    QVERIFY(w.session()->stepper()->cursor() > 0);
    // The next move of the user's brings back the stepper's logical time axis.
    QTest::keyClick(&w, Qt::Key_Backspace);
    QCOMPARE(w.timeline()->timelineLayout()->axis(), AxisMode::Steps);
}

void TestMainWindow::cancelStopsLongJob()
{
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setParam(QStringLiteral("delay_ms"), 10000));
    w.findChild<QSpinBox *>(QStringLiteral("trialsBox"))->setValue(100000);
    QSignalSpy finished(w.jobs(), &EngineJobs::finished);
    w.runTrials();
    QVERIFY(w.jobs()->isBusy());
    auto *cancel = w.findChild<QPushButton *>(QStringLiteral("cancelButton"));
    QVERIFY(cancel);
    QVERIFY(cancel->isVisible());
    // The window keeps working while the job runs.
    QTest::keyClick(&w, Qt::Key_1);
    QCOMPARE(w.session()->stepper()->cursor(), 1);
    QVERIFY(w.jobs()->isBusy());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().at(1).toBool(), true);
    QVERIFY(!w.jobs()->isBusy());
    QVERIFY(!cancel->isVisible());
}

void TestMainWindow::trialsHistogramCountsEveryTrial()
{
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setParam(QStringLiteral("delay_ms"), 0));
    w.findChild<QSpinBox *>(QStringLiteral("trialsBox"))->setValue(20);
    QSignalSpy done(w.jobs(), &EngineJobs::trialsFinished);
    w.runTrials();
    QVERIFY(done.wait(60000));
    double total = 0;
    for (int i = 0; i < w.outcomeChart()->barCount(); ++i)
        total += w.outcomeChart()->bar(i).count;
    QCOMPARE(total, 20.0);
    QVERIFY(w.outcomeChart()->headline().contains(QLatin1String("20")));
}

void TestMainWindow::compareFixesHasEveryStrategy()
{
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setParam(QStringLiteral("delay_ms"), 0));
    w.findChild<QSpinBox *>(QStringLiteral("trialsBox"))->setValue(5);
    QSignalSpy done(w.jobs(), &EngineJobs::comparisonFinished);
    w.compareStrategies();
    QVERIFY(done.wait(120000));
    const auto comparison = w.strategyChart()->comparison();
    QVERIFY(comparison);
    QCOMPARE(comparison->rows.size(), size_t(w.session()->scenario()->strategies.size()));
    for (const auto &row : comparison->rows)
        QCOMPARE(row.stats.trials, 5);
}

void TestMainWindow::badScenarioFileKeepsPrevious()
{
    QTemporaryDir dir;
    const QString good = dir.filePath(QStringLiteral("good.json"));
    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QVERIFY(writeFile(good, counterScenario(QStringLiteral("My counter"), 5)));
    QVERIFY(writeFile(bad, QByteArray("{ \"format\": 1, \"id\": \"x\", \"title\": ")));
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(w.openScenarioFile(good));
    QCOMPARE(w.session()->scenario()->title, QStringLiteral("My counter"));
    QVERIFY(w.errorText().isEmpty());
    QVERIFY(w.library()->rowOf(good) >= 0);
    QVERIFY(w.setSchedule(QStringLiteral("A B")));

    QSignalSpy failed(&w, &MainWindow::scenarioLoadFailed);
    QVERIFY(!w.openScenarioFile(bad));
    QCOMPARE(failed.count(), 1);
    QVERIFY(w.errorText().contains(QLatin1String("bad.json")));
    // Nothing half-loaded: the previous scenario, its variant and its moves stay.
    QCOMPARE(w.session()->scenario()->title, QStringLiteral("My counter"));
    QCOMPARE(w.session()->stepper()->cursor(), 2);
    QCOMPARE(w.dashboard()->figureActual(0), QStringLiteral("5"));
}

void TestMainWindow::changedFileReloadsOrShowsError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("counter.json"));
    QVERIFY(writeFile(path, counterScenario(QStringLiteral("Counter v1"), 5)));
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenarioFile(path));
    QVERIFY(w.setSchedule(QStringLiteral("A")));

    // A good new version reloads, keeping the schedule.
    QSignalSpy changed(w.session(), &ScenarioSession::scenarioChanged);
    QVERIFY(writeFile(path, counterScenario(QStringLiteral("Counter v2"), 7)));
    QVERIFY(changed.wait(10000));
    QCOMPARE(w.session()->scenario()->title, QStringLiteral("Counter v2"));
    QTRY_COMPARE(w.session()->stepper()->cursor(), 1);
    QCOMPARE(w.dashboard()->figureActual(0), QStringLiteral("7"));

    // A broken new version shows its error and leaves v2 loaded.
    QSignalSpy failed(&w, &MainWindow::scenarioLoadFailed);
    QVERIFY(writeFile(path, QByteArray("{ not json")));
    QVERIFY(failed.wait(10000));
    QVERIFY(w.errorText().contains(QLatin1String("counter.json")));
    QCOMPARE(w.session()->scenario()->title, QStringLiteral("Counter v2"));
    QCOMPARE(w.session()->stepper()->cursor(), 1);
}

void TestMainWindow::dropOpensScenarioFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dropped.json"));
    QVERIFY(writeFile(path, counterScenario(QStringLiteral("Dropped counter"), 1)));
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&w, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&w, &drop);
    QCOMPARE(w.session()->scenario()->title, QStringLiteral("Dropped counter"));
}

void TestMainWindow::settingsRestoreLastVariant()
{
    MainWindow::Options persistent;
    {
        MainWindow w(persistent);
        QVERIFY(w.openScenario(QStringLiteral("double-withdraw")));
        QVERIFY(w.session()->setStrategy(QStringLiteral("atomic")));
        QVERIFY(w.session()->setModel(ExecutionModel{ExecutionModel::EventLoop, 1}));
        QVERIFY(w.session()->setParam(QStringLiteral("requests"), 3));
        QVERIFY(w.session()->setDatabase(DatabaseVariant{DatabaseVariant::Postgres, DatabaseVariant::ReadCommitted}));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *splitter = w.findChild<QSplitter *>(QStringLiteral("centreSplitter"));
        QVERIFY(splitter);
        splitter->setSizes({500, 120});
        w.close();
    }
    MainWindow again(persistent);
    // The timeline / code split the user chose comes back (as a ratio of what it had).
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    auto *splitter = again.findChild<QSplitter *>(QStringLiteral("centreSplitter"));
    QVERIFY(splitter);
    QVERIFY(splitter->sizes().value(0) > 2 * splitter->sizes().value(1));
    QCOMPARE(again.session()->scenario()->id, QStringLiteral("double-withdraw"));
    QCOMPARE(again.session()->strategyId(), QStringLiteral("atomic"));
    QCOMPARE(again.session()->model().kind, ExecutionModel::EventLoop);
    QCOMPARE(again.session()->params().value(QStringLiteral("requests")), 3);
    // The database flavour and isolation level come back like the fix and the model, on the combo too.
    QCOMPARE(again.session()->database().toString(),
             (DatabaseVariant{DatabaseVariant::Postgres, DatabaseVariant::ReadCommitted}).toString());
    QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("databaseBox"))->currentData().toString(),
             (DatabaseVariant{DatabaseVariant::Postgres, DatabaseVariant::ReadCommitted}).toString());
    QSettings().clear();
}

void TestMainWindow::classroomKeys()
{
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    QVERIFY(w.action(QStringLiteral("exportAction")));

    // F5: presenter mode, with the timeline's presenter theme; F5 again restores.
    QTest::keyClick(&w, Qt::Key_F5);
    QVERIFY(w.presenterMode()->isActive());
    QCOMPARE(w.timeline()->theme().name, QStringLiteral("presenter"));
    QTest::keyClick(&w, Qt::Key_F5);
    QVERIFY(!w.presenterMode()->isActive());
    QCOMPARE(w.timeline()->theme().name, QStringLiteral("light"));

    // F6 covers the dashboard and histogram while students predict; F7 checks against every interleaving.
    QTest::keyClick(&w, Qt::Key_F6);
    QVERIFY(w.predictionPanel()->isConcealing());
    QVERIFY(w.predictionPanel()->isVisible());
    w.predictionPanel()->setPrediction(0, QStringLiteral("1300"));
    QSignalSpy revealed(w.predictionPanel(), &PredictionPanel::revealed);
    QTest::keyClick(&w, Qt::Key_F7);
    QVERIFY(revealed.wait(30000));
    QVERIFY(!w.predictionPanel()->isConcealing());
    QVERIFY(!w.predictionPanel()->resultText().isEmpty());
}

void TestMainWindow::snapshotRebuildsTheSameWindow()
{
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(QStringLiteral("double-withdraw")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("atomic")));
    QVERIFY(w.session()->setModel(ExecutionModel{ExecutionModel::EventLoop, 1}));
    QVERIFY(w.session()->setParam(QStringLiteral("requests"), 3));
    QVERIFY(w.session()->setDatabase(DatabaseVariant{DatabaseVariant::Postgres, DatabaseVariant::ReadCommitted}));
    QVERIFY(w.setSchedule(QStringLiteral("A B C")));
    w.session()->seek(2);
    QSignalSpy explored(w.jobs(), &EngineJobs::explored);
    w.exploreAll();
    QVERIFY(explored.wait(30000));

    // What main() does after a language switch: the explored outcomes come back too.
    MainWindow next(MainWindow::Options::quiet());
    QSignalSpy exploredAgain(next.jobs(), &EngineJobs::explored);
    next.applySnapshot(w.snapshot());
    QVERIFY(exploredAgain.wait(30000));
    QVERIFY(next.lastExploration());
    QCOMPARE(next.outcomeChart()->barCount(), w.outcomeChart()->barCount());
    QCOMPARE(next.session()->scenario()->id, QStringLiteral("double-withdraw"));
    QCOMPARE(next.session()->strategyId(), QStringLiteral("atomic"));
    QCOMPARE(next.session()->model().kind, ExecutionModel::EventLoop);
    QCOMPARE(next.session()->params().value(QStringLiteral("requests")), 3);
    QCOMPARE(next.session()->database().toString(), w.session()->database().toString());
    QCOMPARE(next.session()->stepper()->cursor(), 2);
    QCOMPARE(next.session()->stepper()->length(), 3);
    QCOMPARE(next.session()->stepper()->state(), w.session()->stepper()->state());
}

void TestMainWindow::sessionFileReopensWhereItWasLeft()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.interleave"));
    MainWindow home(MainWindow::Options::quiet());
    QVERIFY(home.openScenario(QStringLiteral("lost-update")));
    QVERIFY(home.session()->setStrategy(QStringLiteral("broken")));
    QVERIFY(home.setSchedule(QStringLiteral("A B A B")));
    home.session()->seek(3);
    auto *sessions = home.findChild<SessionActions *>();
    QVERIFY(sessions);
    QString error;
    QVERIFY2(sessions->save(path, &error), qPrintable(error));

    // In class: opened like a scenario (command line, drop), over another scenario.
    MainWindow classroom(MainWindow::Options::quiet());
    QVERIFY(classroom.openScenario(QStringLiteral("transfer-deadlock")));
    QVERIFY(classroom.openScenario(path));
    QCOMPARE(classroom.session()->scenario()->id, QStringLiteral("lost-update"));
    QCOMPARE(classroom.session()->strategyId(), QStringLiteral("broken"));
    QCOMPARE(classroom.session()->stepper()->cursor(), 3);
    QCOMPARE(classroom.session()->stepper()->length(), 4);
    QCOMPARE(classroom.session()->stepper()->state(), home.session()->stepper()->state());
    QCOMPARE(classroom.codePanels()->panelCount(), 2);
}

void TestMainWindow::recentFilesKeepTenNewestFirst()
{
    QSettings().clear();
    QTemporaryDir dir;
    {
        QWidget window;
        RecentFiles recent(true, &window);
        QCOMPARE(recent.menu()->menuAction()->isEnabled(), false); // nothing to offer yet
        for (int i = 0; i < RecentFiles::MaxEntries + 2; ++i)
            recent.add(dir.filePath(QStringLiteral("f%1.json").arg(i)));
        recent.add(dir.filePath(QStringLiteral("f5.json"))); // opened again: moves to the front, not twice
        QCOMPARE(recent.files().size(), RecentFiles::MaxEntries);
        QCOMPARE(recent.files().front(), dir.filePath(QStringLiteral("f5.json")));
        QCOMPARE(recent.files().at(1), dir.filePath(QStringLiteral("f11.json")));
        QVERIFY(!recent.files().contains(dir.filePath(QStringLiteral("f1.json")))); // the oldest went
        QCOMPARE(recent.files().count(dir.filePath(QStringLiteral("f5.json"))), 1);
        // Keyboard: the submenu and every entry carry a mnemonic, the last action clears.
        QVERIFY(recent.menu()->title().contains(u'&'));
        const QList<QAction *> actions = recent.menu()->actions();
        QCOMPARE(actions.front()->text(), QStringLiteral("&1 f5.json"));
        QCOMPARE(actions.front()->toolTip(), QDir::toNativeSeparators(dir.filePath(QStringLiteral("f5.json"))));
        QCOMPARE(actions.back()->objectName(), QStringLiteral("clearRecentAction"));
        QVERIFY(actions.back()->isEnabled());
    }
    // The next run finds the same list in the settings; a non-persistent one neither reads nor writes them.
    QWidget window;
    RecentFiles again(true, &window);
    QCOMPARE(again.files().size(), RecentFiles::MaxEntries);
    QCOMPARE(again.files().front(), dir.filePath(QStringLiteral("f5.json")));
    RecentFiles quiet(false, &window);
    QVERIFY(quiet.files().isEmpty());
    quiet.add(dir.filePath(QStringLiteral("other.json")));
    again.menu()->actions().back()->trigger(); // Clear List
    QVERIFY(again.files().isEmpty());
    QVERIFY(!again.menu()->menuAction()->isEnabled());
    QVERIFY(QSettings().value(QStringLiteral("recentFiles")).toStringList().isEmpty());
}

void TestMainWindow::recentFileReopensOrIsForgotten()
{
    QTemporaryDir dir;
    const QString scenario = dir.filePath(QStringLiteral("counter.json"));
    const QString session = dir.filePath(QStringLiteral("demo.interleave"));
    QVERIFY(writeFile(scenario, counterScenario(QStringLiteral("Recent counter"), 3)));
    MainWindow w(MainWindow::Options::quiet());
    auto *recent = w.findChild<RecentFiles *>();
    QVERIFY(recent);
    QVERIFY(w.openScenarioFile(scenario));
    QVERIFY(w.setSchedule(QStringLiteral("A B")));
    QString error;
    QVERIFY2(w.findChild<SessionActions *>()->save(session, &error), qPrintable(error));
    recent->add(session); // what File › Save session… adds
    QCOMPARE(recent->files(), (QStringList{session, scenario}));

    // Chosen from the menu: the scenario file opens again.
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    recent->menu()->actions().at(1)->trigger();
    QCOMPARE(w.session()->scenario()->title, QStringLiteral("Recent counter"));
    QCOMPARE(recent->files().front(), scenario);

    // The session file has gone: one clear line, and it leaves the list.
    QVERIFY(QFile::remove(session));
    QSignalSpy missing(recent, &RecentFiles::missing);
    recent->menu()->actions().at(1)->trigger();
    QCOMPARE(missing.count(), 1);
    QVERIFY(w.errorText().contains(QLatin1String("demo.interleave")));
    QCOMPARE(recent->files(), QStringList{scenario});
    QCOMPARE(w.session()->scenario()->title, QStringLiteral("Recent counter"));
}

// Offscreen there is no icon theme: Qt's standard pixmaps stand in, so no entry is left blank.
void TestMainWindow::menusCarryIconsWithoutATheme()
{
    MainWindow w(MainWindow::Options::quiet());
    for (const char *name : {"openAction", "openSession", "saveSession", "exportAction", "quitAction", "undoAction",
                             "redoAction", "resetAction", "endAction", "cancelAction", "fitAction", "zoomInAction",
                             "zoomOutAction", "keysAction", "aboutAction", "clearRecentAction"}) {
        auto *action = w.findChild<QAction *>(QLatin1String(name));
        QVERIFY2(action, name);
        QVERIFY2(!action->icon().isNull(), name);
    }
    QVERIFY(!w.findChild<QMenu *>(QStringLiteral("recentMenu"))->icon().isNull());
}

// Tab reaches the timeline, the Step buttons, the code and the narration; the digit keys still
// step wherever the focus is; walking the timeline moves the narration's current line.
void TestMainWindow::everythingReachableByKeyboard()
{
    MainWindow w(MainWindow::Options::quiet());
    w.resize(1366, 768);
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    QVERIFY(w.setSchedule(QStringLiteral("A B A B")));
    w.session()->seek(2); // Step A enabled: a disabled button is rightly skipped
    auto *narration = w.findChild<QListView *>(QStringLiteral("narrationView"));
    auto *timeline = w.findChild<TimelineView *>();
    QPushButton *stepA = w.codePanels()->panel(0)->stepButton();
    // In this order, right after the timeline: the Step buttons and the code.
    const QList<QWidget *> wanted{timeline, stepA, w.codePanels()->panel(0)->lineList(),
                                  w.codePanels()->panel(1)->stepButton(), w.codePanels()->panel(1)->lineList()};
    timeline->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(timeline->hasFocus());
    QList<QWidget *> reached;
    for (int i = 0; i < 60 && !reached.contains(narration); ++i) {
        reached << QApplication::focusWidget();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    }
    QCOMPARE(reached.mid(0, wanted.size()), wanted);
    QVERIFY(reached.contains(narration));

    // A focused Step button or narration leaves the digit keys to the window.
    w.session()->seek(0);
    stepA->setFocus(Qt::TabFocusReason);
    QTest::keyClick(stepA, Qt::Key_1);
    QCOMPARE(w.session()->stepper()->cursor(), 1);
    narration->setFocus(Qt::TabFocusReason);
    QTest::keyClick(narration, Qt::Key_2);
    QCOMPARE(w.session()->stepper()->cursor(), 2);
    QVERIFY(w.setSchedule(QStringLiteral("A B A B")));

    // Walking the timeline by key: the narration's current line is the walked event's.
    timeline->setFocus(Qt::TabFocusReason);
    timeline->setSelectedEvent(-1);
    QTest::keyClick(timeline, Qt::Key_Right, Qt::ControlModifier);
    QTest::keyClick(timeline, Qt::Key_Right, Qt::ControlModifier);
    QCOMPARE(timeline->selectedEvent(), 1);
    QCOMPARE(narration->currentIndex().data(NarrationModel::EventRole).toInt(), 1);
    // And the other way: Down in the narration selects the next event on the timeline.
    narration->setFocus(Qt::TabFocusReason);
    QTest::keyClick(narration, Qt::Key_Down);
    const int next = narration->currentIndex().data(NarrationModel::EventRole).toInt();
    QVERIFY(next > 1);
    QCOMPARE(timeline->selectedEvent(), next);
}

// A dashboard exported on a dark desktop looks like one exported on a light one; the screen keeps its dark.
void TestMainWindow::fixesChosenByKey()
{
    // Ctrl+N presses the Nth fix, with the toolbars shown or hidden (presenter mode hides
    // them), and the schedule stays pinned across the switch.
    MainWindow w(MainWindow::Options::quiet());
    w.resize(1366, 768);
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.setSchedule(QStringLiteral("A B A B")));
    const auto &strategies = w.session()->scenario()->strategies;
    QVERIFY(strategies.size() >= 4);
    QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(w.session()->strategyId(), strategies[1].id);
    QVERIFY(static_cast<QAbstractButton *>(w.strategyBar()->strategyButton(strategies[1].id))->isChecked());
    w.presenterMode()->setActive(true);
    QVERIFY(!w.strategyBar()->isVisible());
    QTest::keyClick(&w, Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(w.session()->strategyId(), strategies[3].id);
    QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(w.session()->strategyId(), strategies[0].id);
    QCOMPARE(w.session()->stepper()->fullSchedule().toString(*w.session()->machine()), QStringLiteral("A B A B"));
    w.presenterMode()->setActive(false);
    // The whole name and its key are in the button's tooltip, whatever the button shows.
    const QString tip = w.strategyBar()->strategyButton(strategies[3].id)->toolTip();
    QVERIFY2(tip.contains(strategies[3].label.toHtmlEscaped()), qPrintable(tip));
}

void TestMainWindow::lessonMomentsByPageKeys()
{
    // A teacher saves three moments at home; in class PageDown / PageUp (a presenter remote)
    // bring each back exactly: scenario, fix, schedule, cursor and panels.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.lesson"));
    struct Expected
    {
        QString scenario, strategy, schedule;
        int cursor;
        bool dashboard;
    };
    QList<Expected> expected;
    {
        MainWindow home(MainWindow::Options::quiet());
        home.show();
        QVERIFY(QTest::qWaitForWindowExposed(&home));
        auto *dashboardDock = home.findChild<QDockWidget *>(QStringLiteral("dashboardDock"));
        const auto save = [&](const QString &scenario, const QString &strategy, const QString &schedule, int cursor,
                              bool dashboard) {
            QVERIFY(home.openScenario(scenario));
            QVERIFY(home.session()->setStrategy(strategy));
            QVERIFY(home.setSchedule(schedule));
            home.session()->seek(cursor);
            dashboardDock->setVisible(dashboard);
            QString error;
            QVERIFY2(home.lessonPlayer()->saveMoment(path, &error), qPrintable(error));
            expected << Expected{scenario, strategy, schedule, cursor, dashboard};
        };
        save(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"), 3, true);
        save(QStringLiteral("lost-update"), QStringLiteral("atomic"), QStringLiteral("B A"), 1, false);
        save(QStringLiteral("transfer-deadlock"), QStringLiteral("request-order"), QStringLiteral("A B A B"), 4, true);
    }
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QString error;
    QVERIFY2(w.lessonPlayer()->openLesson(path, &error), qPrintable(error));
    auto *dashboardDock = w.findChild<QDockWidget *>(QStringLiteral("dashboardDock"));
    const auto verifyMoment = [&](int index) {
        const Expected &e = expected[index];
        QCOMPARE(w.lessonPlayer()->current(), index);
        QCOMPARE(w.session()->scenario()->id, e.scenario);
        QCOMPARE(w.session()->strategyId(), e.strategy);
        QCOMPARE(w.session()->stepper()->fullSchedule().toString(*w.session()->machine()), e.schedule);
        QCOMPARE(w.session()->stepper()->cursor(), e.cursor);
        if (!w.presenterMode()->isActive())
            QCOMPARE(dashboardDock->isVisible(), e.dashboard);
    };
    verifyMoment(0);
    // Outside presenter mode the keys are the timeline's (its lanes scroll): nothing moves.
    QTest::keyClick(&w, Qt::Key_PageDown);
    verifyMoment(0);
    w.presenterMode()->setActive(true);
    for (int i : {1, 2}) {
        QTest::keyClick(&w, Qt::Key_PageDown);
        verifyMoment(i);
    }
    QTest::keyClick(&w, Qt::Key_PageDown); // past the end: stays
    verifyMoment(2);
    for (int i : {1, 0}) {
        QTest::keyClick(&w, Qt::Key_PageUp);
        verifyMoment(i);
    }
    w.presenterMode()->setActive(false);
    QVERIFY(w.lessonPlayer()->showMoment(1, &error));
    verifyMoment(1);
}

void TestMainWindow::narrowPanelShowsTheStatement()
{
    // Line 2 of the lost update's No fix is "const [rows] = await pool.query('SELECT balance …'":
    // a panel too narrow for it shows it from the statement on, the whole line in the tooltip.
    MainWindow w(MainWindow::Options::quiet());
    w.resize(1280, 720);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    QListWidget *lines = w.codePanels()->panel(0)->lineList();
    lines->parentWidget()->resize(260, lines->parentWidget()->height()); // as narrow as at 1280×720
    QCoreApplication::processEvents();
    QListWidgetItem *line2 = lines->item(1);
    QVERIFY(line2->toolTip().startsWith(QLatin1String("const [rows] = await pool.query('SELECT")));
    if (lines->fontMetrics().horizontalAdvance(line2->toolTip()) > lines->viewport()->width()) {
        QVERIFY2(line2->text().contains(QStringLiteral("…'SELECT balance")), qPrintable(line2->text()));
        QVERIFY2(!line2->text().contains(QLatin1String("const [rows]")), qPrintable(line2->text()));
    }
    // A line without a statement is left to the list's own elision at its tail.
    QVERIFY(lines->item(0)->text().contains(QLatin1String("app.post(")));
}

void TestMainWindow::widgetExportStaysLightOnADarkDesktop()
{
    QTemporaryDir dir;
    QWidget panel;
    panel.resize(200, 120);
    panel.setAutoFillBackground(true);
    panel.setPalette(DesktopLook::darkPalette());
    ExportSettings settings;
    settings.scale = 1;
    const QString path = dir.filePath(QStringLiteral("panel.png"));
    QString error;
    QVERIFY2(WidgetExporter::exportWidget(&panel, ExportCaption{}, settings, path, &error), qPrintable(error));
    const QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY(image.pixelColor(image.width() / 2, image.height() - 10).lightnessF() > 0.8);
    QCOMPARE(panel.palette().color(QPalette::Window), DesktopLook::darkPalette().color(QPalette::Window));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

void TestMainWindow::culpritAgreesAcrossFrontEnds_data()
{
    QTest::addColumn<QString>("scenario");
    for (const auto &spec : ScenarioLoader::loadBuiltins())
        if (spec->id != QLatin1String("hermitage-g0")) // prevented by every database: nothing breaks
            QTest::newRow(qPrintable(spec->id)) << spec->id;
}

// The dashboard, the command line and an export name the same event as the
// one that broke each rule, on the simplest schedule that breaks one.
void TestMainWindow::culpritAgreesAcrossFrontEnds()
{
    QFETCH(QString, scenario);
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(scenario));
    const Machine &machine = *w.session()->machine();
    QCOMPARE(w.session()->strategyId(), w.session()->scenario()->strategies.at(0).id);
    const ExplorerResult explored = Explorer::explore(machine, ExplorerOptions{});
    const ExplorerOutcome *bug = explored.simplestCounterexample();
    QVERIFY2(bug, "the broken code opens on a model where it breaks");
    const QString schedule = bug->schedule.toString(machine);
    QVERIFY(w.setSchedule(schedule));
    const Stepper &stepper = *w.session()->stepper();
    const ExportCaption caption = ExportCaption::describe(machine, &stepper.state(), schedule, &stepper.trace());

    QProcess cli;
    cli.start(QStringLiteral(INTERLEAVE_CLI_PATH),
              {QStringLiteral("step"), QStringLiteral("--scenario"), scenario, QStringLiteral("--strategy"),
               w.session()->strategyId(), QStringLiteral("--model"), w.session()->model().toString(),
               QStringLiteral("--schedule"), schedule, QStringLiteral("--json")});
    QVERIFY(cli.waitForFinished(60000));
    const QJsonArray rules =
        QJsonDocument::fromJson(cli.readAllStandardOutput()).object().value(QLatin1String("rules")).toArray();
    QCOMPARE(rules.size(), w.dashboard()->ruleCount());

    QList<int> dashboardCulprits;
    int broken = 0;
    for (int i = 0; i < rules.size(); ++i) {
        const QJsonObject rule = rules.at(i).toObject();
        const bool dashboardBroken = w.dashboard()->ruleState(i) == DashboardView::Broken;
        QCOMPARE(!rule.value(QLatin1String("holds")).toBool(), dashboardBroken);
        if (!dashboardBroken)
            continue;
        ++broken;
        const int culprit = w.dashboard()->ruleCulprit(i);
        QCOMPARE(rule.value(QLatin1String("event")).toObject().value(QLatin1String("index")).toInt(-1), culprit);
        dashboardCulprits << culprit;
    }
    QCOMPARE(caption.culprits, dashboardCulprits);
    // A counterexample breaks a rule or ends stuck; a rule's culprit, when there is one, is a real event.
    for (int culprit : std::as_const(dashboardCulprits))
        QVERIFY(culprit >= 0 && culprit < int(stepper.trace().size()));
    QVERIFY(broken > 0 || machine.isStuck(stepper.state()) || bug->kind != ExplorerOutcome::Finished);
}

void TestMainWindow::scenariosOpenOnTheirBug()
{
    QSettings().clear();
    MainWindow w(MainWindow::Options{}); // a first start: nothing saved
    QCOMPARE(w.session()->scenario()->id, QStringLiteral("lost-update"));
    QVERIFY(w.openScenario(QStringLiteral("event-loop-blocking")));
    QCOMPARE(w.session()->model().kind, ExecutionModel::EventLoop);
    QVERIFY(w.lessonText().contains(QStringLiteral("✗")));
    // The seed's check-then-act cannot break on one event loop: the banner says why, not that a fix holds.
    QVERIFY(w.openScenario(QStringLiteral("last-seat")));
    QCOMPARE(w.session()->model().kind, ExecutionModel::Threads);
    QVERIFY(w.session()->setModel(*ExecutionModel::parse(QStringLiteral("eventloop"), nullptr)));
    QVERIFY(!w.lessonText().contains(w.tr("This fix holds")));
    QVERIFY(w.lessonText().contains(QLatin1String("await")));
    QSettings().clear();
}

// Every variant that cannot go wrong on its model says why from its own code, the same words
// in the window's banner and on the command line.
void TestMainWindow::safeVariantsSayWhy()
{
    for (const auto &spec : ScenarioLoader::loadBuiltins()) {
        for (const StrategySpec &strategy : spec->strategies)
            for (const char *modelName : {"threads", "eventloop", "instances:2"}) {
                const ExecutionModel model = *ExecutionModel::parse(QLatin1String(modelName), nullptr);
                QString error;
                const auto machine = Machine::compile(*spec, strategy.id, model, {}, &error);
                QVERIFY2(machine, qPrintable(error));
                const QString why = SafetyReason::explain(*machine);
                const QString where = QStringLiteral("%1 %2 %3").arg(spec->id, strategy.id, model.toString());
                if (strategy.expect.value(SafetyReason::modelKey(model)) != QLatin1String("safe")) {
                    QVERIFY2(why.isEmpty(), qPrintable(where));
                    continue;
                }
                QVERIFY2(!why.isEmpty(), qPrintable(where + QStringLiteral(": no reason")));
                QVERIFY2(why.contains(QLatin1String("line ")), qPrintable(where + u' ' + why)); // points at the code
                QVERIFY2(LessonBanner::verdictLine(*machine).contains(why.toHtmlEscaped()), qPrintable(where));
            }
    }
    // The lecture's example: the seat count on one event loop.
    QString error;
    const auto seat =
        Machine::compile(*ScenarioLoader::resolve(QStringLiteral("last-seat"), &error), QStringLiteral("seed-race"),
                         *ExecutionModel::parse(QStringLiteral("eventloop"), nullptr), {}, &error);
    QVERIFY(seat);
    const QString why = SafetyReason::explain(*seat);
    QVERIFY2(why.contains(QLatin1String("seats")) && why.contains(QLatin1String("no await")), qPrintable(why));

    QProcess cli;
    cli.start(QStringLiteral(INTERLEAVE_CLI_PATH),
              {QStringLiteral("step"), QStringLiteral("--scenario"), QStringLiteral("last-seat"),
               QStringLiteral("--strategy"), QStringLiteral("seed-race"), QStringLiteral("--model"),
               QStringLiteral("eventloop"), QStringLiteral("--schedule"), QStringLiteral("A B")});
    QVERIFY(cli.waitForFinished(60000));
    const QString text = QString::fromUtf8(cli.readAllStandardOutput());
    QVERIFY2(text.contains(why), qPrintable(text));
}

// The views update themselves from the session: no window pushes state into them.
void TestMainWindow::viewsFollowTheSession()
{
    ScenarioSession session;
    CodePanelStrip code;
    DashboardView dashboard;
    WaitForGraphView graph;
    NarrationPanel narration;
    code.follow(&session);
    dashboard.follow(&session);
    graph.follow(&session);
    narration.follow(&session);
    QSignalSpy waiting(&graph, &WaitForGraphView::waitingStarted);
    QString error;
    QVERIFY(session.setScenario(ScenarioLoader::resolve(QStringLiteral("transfer-deadlock"), &error),
                                QStringLiteral("request-order"), {}, {}, &error));
    QCOMPARE(code.panelCount(), session.machine()->actorCount());
    QCOMPARE(dashboard.ruleCount(), int(session.machine()->invariants().size()));
    QCOMPARE(narration.narration()->rowCount(), 0);
    for (int move = 0; move < 20 && graph.edges().empty(); ++move) // in turns until one waits for the other
        session.step(move % 2);
    QVERIFY(narration.narration()->rowCount() > 0);
    QVERIFY(code.scheduleText().contains(QLatin1String("A B")));
    QVERIFY(!graph.edges().empty());
    QCOMPARE(waiting.count(), 1);
    session.reset();
    QCOMPARE(narration.narration()->rowCount(), 0);
    QVERIFY(graph.edges().empty());
    QVERIFY(!code.scheduleText().contains(QLatin1String("A B")));
}

// Toolbars that do not fit fold into their overflow menus: every scenario fits 1024×700.
void TestMainWindow::fitsASmallProjector()
{
    MainWindow w(MainWindow::Options::quiet());
    w.resize(1024, 700);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    for (const auto &spec : ScenarioLoader::loadBuiltins()) {
        QVERIFY(w.openScenario(spec->id));
        QCoreApplication::processEvents();
        QVERIFY2(w.minimumSizeHint().width() <= 1024 && w.minimumSizeHint().height() <= 700,
                 qPrintable(QStringLiteral("%1: %2×%3")
                                .arg(spec->id)
                                .arg(w.minimumSizeHint().width())
                                .arg(w.minimumSizeHint().height())));
        QCOMPARE(w.size(), QSize(1024, 700));
    }
    QVERIFY(!w.secondaryDocks().isEmpty());
}

namespace {
// Fully readable: shown, not squeezed below the height its wrapped text needs, and inside the window.
bool readable(const QLabel *label)
{
    return label && label->isVisible() && !label->visibleRegion().isEmpty() &&
        label->height() >= (label->wordWrap() ? label->heightForWidth(label->width()) : label->sizeHint().height()) - 1;
}

bool coveredByPrediction(const QWidget *widget)
{
    for (const QLabel *cover :
         widget->findChildren<QLabel *>(QStringLiteral("predictionCover"), Qt::FindDirectChildrenOnly))
        if (cover->isVisible())
            return true;
    return false;
}
} // namespace

void TestMainWindow::predictThenRevealAt1280()
{
    MainWindow w(MainWindow::Options::quiet());
    w.resize(1280, 720);
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.setSchedule(QStringLiteral("A B A B")));

    // F6: every spoiler hides: dashboard, outcomes, narration, the banner's verdict, the lost-update mark.
    QTest::keyClick(&w, Qt::Key_F6);
    QVERIFY(w.predictionPanel()->isConcealing());
    QCoreApplication::processEvents();
    QVERIFY(coveredByPrediction(w.dashboard()));
    QVERIFY(coveredByPrediction(w.outcomeChart()));
    QVERIFY(coveredByPrediction(w.findChild<QListView *>(QStringLiteral("narrationView"))));
    QVERIFY(!w.lessonText().contains(QStringLiteral("✗")));
    // The code panels name their locals but hide the values: B's "balance=1000" tells what A's write meets.
    const QString locals = w.codePanels()->panel(1)->localsText();
    QVERIFY2(locals.contains(QLatin1String("=?")) && !locals.contains(QRegularExpression(QStringLiteral("\\d{3}"))),
             qPrintable(locals));
    QVERIFY(w.timeline()->timelineLayout());
    QVERIFY(w.timeline()->timelineLayout()->analysis().lostUpdates.empty());
    const auto *question = w.predictionPanel()->findChild<QLabel *>(QStringLiteral("predictionQuestion"));
    QVERIFY(readable(question));
    const auto *answer = w.predictionPanel()->findChild<QLineEdit *>(QStringLiteral("predictionValues"));
    QVERIFY(answer && answer->isVisible());
    QVERIFY(answer->width() >= answer->fontMetrics().horizontalAdvance(QStringLiteral("1100, 1300")));

    // F7: the verdict in large type, and the Outcomes panel filled from the same exploration.
    w.predictionPanel()->setPrediction(0, QStringLiteral("1300, 1400"));
    QSignalSpy revealed(w.predictionPanel(), &PredictionPanel::revealed);
    QTest::keyClick(&w, Qt::Key_F7);
    QVERIFY(revealed.wait(30000));
    QCoreApplication::processEvents();
    const auto *verdict = w.predictionPanel()->findChild<QLabel *>(QStringLiteral("predictionResult"));
    QVERIFY(readable(verdict));
    QVERIFY(verdict->text().contains(QLatin1String("1100"))); // missed
    QVERIFY(verdict->text().contains(QLatin1String("1400"))); // impossible
    QVERIFY(w.outcomeChart()->barCount() > 0);
    QVERIFY(w.lastExploration());
    QVERIFY(!coveredByPrediction(w.dashboard()));
    QVERIFY(!w.timeline()->timelineLayout()->analysis().lostUpdates.empty());
    QVERIFY2(!w.codePanels()->panel(1)->localsText().contains(u'?'),
             qPrintable(w.codePanels()->panel(1)->localsText()));
    QVERIFY(w.codePanels()->panel(1)->localsText().contains(QLatin1String("1000")));
}

// No fix and SELECT … FOR UPDATE on the same pinned schedule, each with its verdict, stepping together.
void TestMainWindow::sideBySideStepsTogether()
{
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.setSchedule(QStringLiteral("A B A B")));
    QTest::keyClick(&w, Qt::Key_F8); // keyboard reachable
    SideBySideView *view = w.sideBySide();
    QVERIFY(view->isVisible());
    view->setComparedStrategy(QStringLiteral("pessimistic"));
    QVERIFY(view->verdict(0).contains(QStringLiteral("✗")));
    QVERIFY(view->comparedStepper());
    QVERIFY(view->comparedStepper()->length() < 4); // B waits for A's row lock
    QVERIFY(!view->verdict(1).contains(QStringLiteral("✗")));
    QVERIFY(view->verdict(1).contains(QLatin1String("3")));
    QVERIFY(view->timeline(1)->timelineLayout());

    QTest::keyClick(&w, Qt::Key_Home);
    QCOMPARE(view->comparedStepper()->cursor(), 0);
    QCOMPARE(view->timeline(0)->cursorStep(), 0);
    QTest::keyClick(&w, Qt::Key_Y, Qt::ControlModifier);
    QTest::keyClick(&w, Qt::Key_Y, Qt::ControlModifier);
    QCOMPARE(view->comparedStepper()->cursor(), 2);
    QCOMPARE(view->timeline(1)->cursorStep(), 2);
}

// Backend MariaDB: a private server starts in the background, the schedule the student steps runs
// on it in lockstep with the model, and a banner says it agrees; back to the model removes it.
void TestMainWindow::serverBackendRunsEveryMove()
{
    if (const QString missing = PrivateServer::missingBinaries(ServerKind::MariaDb); !missing.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no MariaDB to start (./setup test installs it): ") + missing));
    MainWindow w(MainWindow::Options::quiet());
    w.show();
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setStrategy(QStringLiteral("broken")));
    ServerBackend *backend = w.serverBackend();
    QComboBox *box = backend->box();
    const int mariadb = box->findData(QStringLiteral("mariadb"));
    QVERIFY(mariadb > 0);
    QVERIFY(box->itemData(mariadb, Qt::ToolTipRole).toString().contains(QStringLiteral("private MariaDB")));
    QVERIFY(backend->bannerText().isEmpty());

    box->setCurrentIndex(mariadb); // as the student picks it
    QVERIFY(backend->isStarting());
    QTRY_VERIFY_WITH_TIMEOUT(!backend->isStarting(), 120000);
    QCOMPARE(backend->choice(), ServerBackend::MariaDb); // it started: a failure goes back to Model
    QCOMPARE(w.session()->database().flavour, DatabaseVariant::MySql);

    QVERIFY(w.setSchedule(QStringLiteral("A B A B")));
    QTRY_VERIFY_WITH_TIMEOUT(backend->bannerText().contains(QStringLiteral("agrees with the model on 6 observation")),
                             120000);
    QVERIFY2(backend->bannerText().startsWith(QStringLiteral("Ran on MariaDB ")), qPrintable(backend->bannerText()));
    // The views keep the model's trace, which the server has just confirmed.
    QCOMPARE(w.dashboard()->figureActual(0), QStringLiteral("1200"));

    // An undo runs the shorter schedule: still in agreement, on fewer observations.
    QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w.session()->stepper()->cursor(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(backend->bannerText().contains(QStringLiteral("agrees with the model on")) &&
                                 !backend->bannerText().contains(QStringLiteral(" 6 observation")),
                             120000);

    box->setCurrentIndex(box->findData(QStringLiteral("model")));
    QCOMPARE(backend->choice(), ServerBackend::Model);
    QVERIFY(backend->bannerText().isEmpty());

    // Escape while a server starts: back to the model, nothing runs.
    box->setCurrentIndex(mariadb);
    QVERIFY(backend->isStarting());
    w.action(QStringLiteral("cancelAction"))->trigger();
    QVERIFY(!backend->isStarting());
    QCOMPARE(backend->choice(), ServerBackend::Model);
    QVERIFY(backend->bannerText().isEmpty());

    // PostgreSQL runs the model's PostgreSQL flavour, and the banner says so.
    if (!PrivateServer::missingBinaries(ServerKind::Postgres).isEmpty())
        return;
    backend->choose(ServerBackend::Postgres);
    QCOMPARE(w.session()->database().flavour, DatabaseVariant::Postgres);
    QTRY_VERIFY_WITH_TIMEOUT(backend->bannerText().contains(QStringLiteral("agrees with the model")), 120000);
    QVERIFY2(backend->bannerText().startsWith(QStringLiteral("Ran on PostgreSQL ")), qPrintable(backend->bannerText()));
    QVERIFY(backend->bannerText().contains(QStringLiteral("PostgreSQL flavour")));
}
