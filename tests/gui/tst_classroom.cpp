#include "classroom/captionoverlay.h"
#include "classroom/challengecourse.h"
#include "classroom/challengemode.h"
#include "classroom/lessonplayer.h"
#include "classroom/predictionpanel.h"
#include "classroom/presentermode.h"
#include "export/exportdialog.h"
#include "export/widgetexporter.h"
#include "timeline/turningpointmark.h"
#include "window/forecastpresenter.h"
#include "window/languagemanager.h"
#include "window/mainwindow.h"
#include "window/scenariosession.h"
#include "window/sessionactions.h"

#include "drivers/session.h"
#include "drivers/stepper.h"
#include "i18n/translations.h"
#include "scenario/scenario.h"
#include "trace/traceanalysis.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace Interleave;

namespace {

std::shared_ptr<const Machine> lostUpdate(const QString &strategy)
{
    QString error;
    auto spec = ScenarioLoader::resolve(QStringLiteral("lost-update"), &error);
    if (!spec)
        qFatal("%s", qPrintable(error));
    auto machine = Machine::compile(*spec, strategy, ExecutionModel{}, {}, &error);
    if (!machine)
        qFatal("%s", qPrintable(error));
    return machine;
}

// The lost update stepped A B A B, with a dashboard stand-in: what an export dialog is given.
struct SteppedLostUpdate
{
    std::shared_ptr<const Machine> machine = lostUpdate(QStringLiteral("broken"));
    Stepper stepper{machine};
    QLabel dashboard{QStringLiteral("Balance = 1200")};
    ExportSource source;

    SteppedLostUpdate()
    {
        if (!stepper.replay(*Schedule::parse(QStringLiteral("A B A B"), *machine, nullptr), nullptr))
            qFatal("cannot replay A B A B");
        dashboard.resize(320, 200);
        source.layout =
            TimelineLayout::build(machine, stepper.trace(), analyze(*machine, stepper.trace()), AxisMode::Steps);
        source.caption = ExportCaption::describe(*machine, &stepper.state(), QStringLiteral("A B A B"));
        source.dashboard = &dashboard;
    }
};

// A session of `moves` moves of one request that loops forever (read, write, again):
// the shape of a hostile file that asks the window to keep a huge history.
QByteArray spinSession(int moves)
{
    QStringList schedule;
    schedule.reserve(moves);
    for (int i = 0; i < moves; ++i)
        schedule << QStringLiteral("A");
    return QStringLiteral(R"({"format": "interleave-session", "version": 1, "strategy": "loop", "model": "threads",
  "scenario": {"source": {"format": 1, "id": "spin", "title": "Spin",
    "state": {"memory": {"x": 0}}, "actors": [{"name": "Spinner"}],
    "strategies": [{"id": "loop", "label": "Loop", "programs": {"main": [
      {"code": "while (true) {", "label": "top", "steps": []},
      {"code": "  x = x + 1;", "steps": [{"op": "read", "cell": "mem.x", "into": "v"}, {"op": "write", "cell": "mem.x", "value": "v + 1"}]},
      {"code": "}", "steps": [{"op": "goto", "to": "top"}]}]}}]}},
  "schedule": "%1"})")
        .arg(schedule.join(u' '))
        .toUtf8();
}

// A session whose every move runs thousands of local steps, each an event.
QByteArray busySession(int moves)
{
    QStringList schedule;
    for (int i = 0; i < moves; ++i)
        schedule << QStringLiteral("A");
    return QStringLiteral(R"({"format": "interleave-session", "version": 1, "strategy": "loop", "model": "threads",
  "scenario": {"source": {"format": 1, "id": "busy", "title": "Busy",
    "state": {"memory": {"x": 0}}, "actors": [{"name": "Spinner"}],
    "strategies": [{"id": "loop", "label": "Loop", "programs": {"main": [
      {"code": "i = 0", "label": "top", "steps": [{"op": "let", "into": "i", "value": "0"}]},
      {"code": "i++", "label": "inner", "steps": [{"op": "let", "into": "i", "value": "i + 1"}, {"op": "goto", "to": "inner", "if": "i < 4900"}]},
      {"code": "x = i", "steps": [{"op": "write", "cell": "mem.x", "value": "i"}]},
      {"code": "again", "steps": [{"op": "goto", "to": "top"}]}]}}]}},
  "schedule": "%1"})")
        .arg(schedule.join(u' '))
        .toUtf8();
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &data)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return file.fileName();
}

bool covered(QWidget *widget)
{
    for (QObject *child : widget->children())
        if (child->objectName() == QLatin1String("predictionCover") && static_cast<QWidget *>(child)->isVisible())
            return true;
    return false;
}

// Every request runs to its end before the next starts: no interleaving, nothing lost.
Schedule serialSchedule(std::shared_ptr<const Machine> machine)
{
    Stepper stepper(std::move(machine));
    while (!stepper.availableMoves().empty())
        stepper.move(stepper.availableMoves().front());
    return stepper.schedule();
}

// Starts a built-in challenge in the window and waits for its explorations.
bool startChallenge(ChallengeMode *mode, const QString &id)
{
    QSignalSpy graded(mode, &ChallengeMode::gradingFinished);
    QString error;
    if (!mode->startById(id, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return graded.wait(60000) && mode->grader()->isExplored();
}

} // namespace

class TestClassroom : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void presenterModeToggles();
    void predictThenReveal_data();
    void predictThenReveal();
    void predictionInput();
    void languageMenuSwitchesAndPersists();
    void languageSwitchAsksForANewWindow();
    void sessionSavedAndOpenedInTheWindow();
    void stepperSeeksExactlyAcrossCheckpoints();
    void stepperStopsAtTheMoveCap();
    void sessionLongerThanTheCapIsRefused();
    void longSessionKeepsTheWindowItsSize();
    void exportDialogWritesEachKind_data();
    void exportDialogWritesEachKind();
    void exportDialogExportsOnAWorker_data();
    void exportDialogExportsOnAWorker();
    void challengeSolvedByTheExplorersScheduleShowsSuccess();
    void challengeFindEveryKeepsEachFoundSchedule();
    void challengePredictionIsGradedExactly();
    void challengeFixFailsKeepsItsAnswerHidden();
    void challengeProgressPersistsAndResets();
    void forecastAtTheCursor();
    void lessonWithPredictAndChallengeMoments();
};

void TestClassroom::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("InterleaveTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_classroom"));
    QSettings().clear();
}

void TestClassroom::cleanup()
{
    Translations::install(QStringLiteral("en"));
    QSettings().clear();
}

void TestClassroom::presenterModeToggles()
{
    QMainWindow window;
    window.resize(800, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QFont before = QApplication::font();
    const QColor windowColour = QApplication::palette().color(QPalette::Window);
    PresenterMode presenter(&window);
    QSignalSpy spy(&presenter, &PresenterMode::activeChanged);

    // One key toggles it.
    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(presenter.isActive());
    QCOMPARE(spy.count(), 1);
    QVERIFY(window.windowState() & Qt::WindowFullScreen);
    // Every part larger by one factor: the application font first.
    if (before.pixelSize() > 0)
        QCOMPARE(QApplication::font().pixelSize(), qRound(before.pixelSize() * PresenterMode::Scale));
    else
        QCOMPARE(QApplication::font().pointSizeF(), before.pointSizeF() * PresenterMode::Scale);
    QCOMPARE(QApplication::palette().color(QPalette::WindowText), QColor(Qt::black));
    QCOMPARE(PresenterMode::timelineTheme(true).name, QStringLiteral("presenter"));
    QVERIFY(PresenterMode::timelineTheme(true).lineWidth > PresenterMode::timelineTheme(false).lineWidth);
    // Patterns as well as colour.
    QVERIFY(PresenterMode::barBrush(1, true).style() != Qt::SolidPattern);
    QVERIFY(PresenterMode::barBrush(1, true).style() != PresenterMode::barBrush(2, true).style());

    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(!presenter.isActive());
    QCOMPARE(spy.count(), 2);
    QVERIFY(!(window.windowState() & Qt::WindowFullScreen));
    QCOMPARE(QApplication::font(), before);
    QCOMPARE(QApplication::palette().color(QPalette::Window), windowColour);
}

void TestClassroom::predictThenReveal_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("prediction");
    QTest::addColumn<QList<qint64>>("hits");
    QTest::addColumn<QList<qint64>>("missed");
    QTest::addColumn<QList<qint64>>("impossible");

    // Two deposits (+100, +200) on 1000: 1300 serially, 1200 or 1100 when one is lost.
    QTest::newRow("naive student, broken")
        << "broken"
        << "1300" << QList<qint64>{1300} << QList<qint64>{1100, 1200} << QList<qint64>{};
    QTest::newRow("all right, broken") << "broken"
                                       << "1100, 1200 1300" << QList<qint64>{1100, 1200, 1300} << QList<qint64>{}
                                       << QList<qint64>{};
    QTest::newRow("too pessimistic, atomic")
        << "atomic"
        << "1100 1300" << QList<qint64>{1300} << QList<qint64>{} << QList<qint64>{1100};
}

void TestClassroom::predictThenReveal()
{
    QFETCH(QString, strategy);
    QFETCH(QString, prediction);
    QFETCH(QList<qint64>, hits);
    QFETCH(QList<qint64>, missed);
    QFETCH(QList<qint64>, impossible);

    QWidget window;
    auto *dashboard = new QLabel(QStringLiteral("Balance = 1200"), &window);
    dashboard->setGeometry(0, 0, 300, 200);
    auto *panel = new PredictionPanel(&window);
    panel->setGeometry(0, 200, 600, 200);
    panel->addConcealed(dashboard);
    panel->setMachine(lostUpdate(strategy));
    window.resize(600, 400);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QVERIFY(!covered(dashboard));
    QTest::keyClick(&window, Qt::Key_F6); // a round starts: the outcome is hidden
    QVERIFY(panel->isConcealing());
    QVERIFY(covered(dashboard));

    QSignalSpy revealed(panel, &PredictionPanel::revealed);
    QLineEdit *values = panel->findChild<QLineEdit *>(QStringLiteral("predictionValues"));
    QVERIFY(values);
    values->setText(prediction);
    QTest::keyClick(&window, Qt::Key_F7); // one key reveals
    QVERIFY(revealed.wait(30000));
    const PredictionCheck *check = panel->lastCheck();
    QVERIFY(check);
    QVERIFY(check->complete);
    QCOMPARE(QList<qint64>(check->hits.begin(), check->hits.end()), hits);
    QCOMPARE(QList<qint64>(check->missed.begin(), check->missed.end()), missed);
    QCOMPARE(QList<qint64>(check->impossible.begin(), check->impossible.end()), impossible);
    QVERIFY(!covered(dashboard));
    QVERIFY(!panel->isConcealing());
    QVERIFY(panel->resultText().contains(QLatin1String("1300")));
}

void TestClassroom::predictionInput()
{
    QString error;
    QCOMPARE(*PredictionCheck::parseValues(QStringLiteral(" 1300,1100;1100  1200 "), &error),
             (std::vector<int64_t>{1100, 1200, 1300}));
    QVERIFY(!PredictionCheck::parseValues(QStringLiteral("1300, lots"), &error));
    QVERIFY(error.contains(QLatin1String("lots")));
    QVERIFY(!PredictionCheck::parseValues(QStringLiteral("  "), &error));

    // A bad prediction shows the error instead of revealing.
    PredictionPanel panel;
    panel.setMachine(lostUpdate(QStringLiteral("broken")));
    panel.startRound();
    panel.setPrediction(0, QStringLiteral("twelve hundred"));
    panel.reveal();
    QVERIFY(!panel.isRevealing());
    QVERIFY(panel.resultText().contains(QLatin1String("twelve")));
    QVERIFY(panel.isConcealing());
}

void TestClassroom::languageMenuSwitchesAndPersists()
{
    LanguageManager manager;
    QWidget host;
    QMenu *menu = manager.createMenu(&host);
    QAction *german = menu->findChild<QAction *>(QStringLiteral("language_de"));
    QAction *english = menu->findChild<QAction *>(QStringLiteral("language_en"));
    QAction *system = menu->findChild<QAction *>(QStringLiteral("language_system"));
    QVERIFY(german && english && system);
    QCOMPARE(german->text(), QStringLiteral("Deutsch")); // each language in its own name
    QCOMPARE(english->text(), QStringLiteral("English"));
    const QString englishTitle = menu->title();

    QSignalSpy changed(&manager, &LanguageManager::languageChanged);
    german->trigger();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(manager.language(), QStringLiteral("de"));
    QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("de"));
    QVERIFY(german->isChecked());
    // Visible texts change at run time, without a restart: the menu at once, and what
    // is built after the switch (the window rebuilds itself, tst_layout) in the new language.
    QVERIFY(menu->title() != englishTitle);
    QVERIFY(PredictionPanel().predictAction()->text() != QLatin1String("&Predict, then reveal"));

    // The choice persists: a new start applies it.
    Translations::install(QStringLiteral("en"));
    QCOMPARE(LanguageManager::applySaved(), QStringLiteral("de"));
    QVERIFY(PredictionPanel().predictAction()->text() != QLatin1String("&Predict, then reveal"));

    system->trigger();
    QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QString());
    english->trigger();
    QCOMPARE(PredictionPanel().predictAction()->text(), QStringLiteral("&Predict, then reveal"));
    QCOMPARE(menu->title(), englishTitle);
}

void TestClassroom::languageSwitchAsksForANewWindow()
{
    // The one way a window changes language: it asks main() for a new one, built in the new
    // language from its snapshot; it does not retranslate itself.
    MainWindow window(MainWindow::Options::quiet());
    QAction *german = window.findChild<QAction *>(QStringLiteral("language_de"));
    QVERIFY(german);
    QSignalSpy switched(&window, &MainWindow::languageSwitched);
    const QString title = window.menuBar()->actions().constFirst()->text();
    german->trigger();
    QVERIFY(switched.wait());
    QCOMPARE(switched.count(), 1);
    QCOMPARE(window.menuBar()->actions().constFirst()->text(), title); // the old window stays as it was
    MainWindow next(MainWindow::Options::quiet());
    QVERIFY(next.menuBar()->actions().constFirst()->text() != title);
}

void TestClassroom::exportDialogWritesEachKind_data()
{
    QTest::addColumn<int>("content");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("magic");
    QTest::newRow("whole timeline") << int(ExportDialog::WholeTimeline) << "t.png" << QByteArray("\x89PNG");
    QTest::newRow("visible timeline") << int(ExportDialog::VisibleTimeline) << "v.png" << QByteArray("\x89PNG");
    QTest::newRow("dashboard") << int(ExportDialog::Dashboard) << "d.png" << QByteArray("\x89PNG");
    QTest::newRow("wait-for graph") << int(ExportDialog::WaitForGraph) << "w.png" << QByteArray("\x89PNG");
    QTest::newRow("perfetto") << int(ExportDialog::PerfettoTrace) << "p.json" << QByteArray("{");
    QTest::newRow("dot") << int(ExportDialog::WaitForGraphDot) << "g.dot" << QByteArray("digraph");
}

void TestClassroom::exportDialogWritesEachKind()
{
    QFETCH(int, content);
    QFETCH(QString, file);
    QFETCH(QByteArray, magic);
    SteppedLostUpdate stepped;
    QLabel graph(QStringLiteral("A → B"));
    graph.resize(200, 120);
    ExportSource &source = stepped.source;
    source.visible = {1, 3};
    source.waitForGraph = &graph;
    ExportDialog dialog(source, ExportDialog::Content(content));
    QTemporaryDir dir;
    const QString path = dir.filePath(file);
    QString error;
    QVERIFY2(dialog.exportTo(path, &error), qPrintable(error));
    QFile out(path);
    QVERIFY(out.open(QIODevice::ReadOnly));
    QCOMPARE(out.read(magic.size()), magic);
    if (content == ExportDialog::Dashboard) {
        // The widget as it looks, under the caption.
        const QImage image(path);
        const QSizeF logical = WidgetExporter::size(&stepped.dashboard, source.caption, dialog.settings());
        QCOMPARE(image.size(), (logical * dialog.settings().scale).toSize());
    }
}

void TestClassroom::exportDialogExportsOnAWorker_data()
{
    QTest::addColumn<int>("content");
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("cancel");
    for (bool cancel : {false, true}) {
        const char *how = cancel ? " cancelled" : " finished";
        QTest::newRow(QByteArray(QByteArray("timeline png") + how).constData())
            << int(ExportDialog::WholeTimeline) << "t.png" << cancel;
        QTest::newRow(QByteArray(QByteArray("timeline svg") + how).constData())
            << int(ExportDialog::WholeTimeline) << "t.svg" << cancel;
        QTest::newRow(QByteArray(QByteArray("dashboard pdf") + how).constData())
            << int(ExportDialog::Dashboard) << "d.pdf" << cancel;
        QTest::newRow(QByteArray(QByteArray("perfetto") + how).constData())
            << int(ExportDialog::PerfettoTrace) << "p.json" << cancel;
    }
}

// The window's export runs on the thread pool. A finished export writes the file and
// closes the dialog; a cancelled one writes nothing (no temporary file either) and leaves
// the dialog ready for another try. The pool is held until the cancel has been pressed,
// so the cancel always comes first: no timing in the test.
void TestClassroom::exportDialogExportsOnAWorker()
{
    QFETCH(int, content);
    QFETCH(QString, file);
    QFETCH(bool, cancel);
    SteppedLostUpdate stepped;
    ExportDialog dialog(stepped.source, ExportDialog::Content(content));
    const int format =
        dialog.findChild<QComboBox *>(QStringLiteral("exportFormat"))
            ->findData(int(*Exporter::formatForFile(file) == ExportFormat::Perfetto ? ExportFormat::Png
                                                                                    : *Exporter::formatForFile(file)));
    dialog.findChild<QComboBox *>(QStringLiteral("exportFormat"))->setCurrentIndex(format);
    QTemporaryDir dir;
    const QString path = dir.filePath(file);
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);

    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    pool->setMaxThreadCount(1);
    QSemaphore hold;
    pool->start([&] { hold.acquire(); });
    dialog.startExport(path);
    QVERIFY(dialog.isExporting());
    QVERIFY(dialog.findChild<QProgressBar *>(QStringLiteral("exportProgress"))->isVisibleTo(&dialog));
    if (cancel)
        dialog.reject(); // the Cancel button while it runs: stops the export, keeps the dialog
    hold.release();
    QVERIFY(finished.wait(30000));
    pool->setMaxThreadCount(threads);

    QCOMPARE(finished.first().at(0).toBool(), !cancel);
    QVERIFY(!dialog.isExporting());
    QVERIFY(!dialog.findChild<QProgressBar *>(QStringLiteral("exportProgress"))->isVisibleTo(&dialog));
    if (cancel) {
        QVERIFY2(finished.first().at(1).toString().contains(QLatin1String("cancelled")),
                 qPrintable(finished.first().at(1).toString()));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    } else {
        QVERIFY(QFileInfo(path).size() > 0);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{file});
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
}

void TestClassroom::sessionSavedAndOpenedInTheWindow()
{
    QWidget window;
    ScenarioSession home;
    QString error;
    QVERIFY(home.setScenario(ScenarioLoader::resolve(QStringLiteral("lost-update"), &error), QStringLiteral("broken"),
                             ExecutionModel{}, {{QStringLiteral("requests"), 3}}, &error));
    QVERIFY(home.loadSchedule(QStringLiteral("A B C A B"), &error));
    QVERIFY(home.undo());
    SessionActions atHome(&home, &window);
    atHome.setViewState([] { return QJsonObject{{QStringLiteral("zoom"), 3}}; }, nullptr);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.interleave"));
    QVERIFY2(atHome.save(path, &error), qPrintable(error));
    QVERIFY(SessionActions::isSessionFile(path));

    // In class: another scenario is on screen; opening the session brings back the demo exactly.
    ScenarioSession inClass;
    QVERIFY(inClass.setScenario(ScenarioLoader::resolve(QStringLiteral("transfer-deadlock"), &error), QString(), {}, {},
                                &error));
    SessionActions atSchool(&inClass, &window);
    QJsonObject restoredView;
    atSchool.setViewState(nullptr, [&](const QJsonObject &view) { restoredView = view; });
    QSignalSpy opened(&atSchool, &SessionActions::opened);
    QVERIFY2(atSchool.open(path, &error), qPrintable(error));
    QCOMPARE(opened.count(), 1);
    QCOMPARE(inClass.scenario()->id, QStringLiteral("lost-update"));
    QCOMPARE(inClass.strategyId(), QStringLiteral("broken"));
    QCOMPARE(inClass.params().value(QStringLiteral("requests")), 3);
    QCOMPARE(inClass.stepper()->cursor(), home.stepper()->cursor());
    QCOMPARE(inClass.stepper()->length(), home.stepper()->length());
    QVERIFY(inClass.stepper()->state() == home.stepper()->state());
    QCOMPARE(restoredView.value(QLatin1String("zoom")).toInt(), 3);

    // A bad file changes nothing and says why in one line.
    QFile bad(dir.filePath(QStringLiteral("bad.interleave")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(
        R"({"format": "interleave-session", "version": 1, "scenario": {"id": "lost-update"}, "strategy": "broken", "model": "threads", "schedule": "A A A A A A A A"})");
    bad.close();
    QVERIFY(!atSchool.open(bad.fileName(), &error));
    QVERIFY(error.contains(QLatin1String("cannot move now")));
    QVERIFY(!error.contains(u'\n'));
    QCOMPARE(inClass.stepper()->cursor(), home.stepper()->cursor());
    QVERIFY(inClass.stepper()->state() == home.stepper()->state());
}

void TestClassroom::stepperSeeksExactlyAcrossCheckpoints()
{
    // Undo, redo and seek rebuild the state from a checkpoint: it must equal a fresh replay.
    const auto machine = lostUpdate(QStringLiteral("optimistic"));
    Stepper walked(machine);
    for (int turn = 0; !machine->isTerminal(walked.state()); ++turn) {
        const std::vector<int> moves = walked.availableMoves();
        QVERIFY(walked.move(moves[size_t(turn) % moves.size()]));
    }
    const Schedule all = walked.fullSchedule();
    QVERIFY(all.moves.size() > 2);
    const Trace fullTrace = walked.trace();
    for (int target : {0, 1, int(all.moves.size()) / 2, int(all.moves.size()) - 1, 1, int(all.moves.size())}) {
        walked.seek(target);
        Stepper fresh(machine);
        QVERIFY(fresh.replay(Schedule{std::vector<int>(all.moves.begin(), all.moves.begin() + target)}, nullptr));
        QCOMPARE(walked.cursor(), target);
        QCOMPARE(walked.length(), int(all.moves.size()));
        QVERIFY(walked.state() == fresh.state());
        QCOMPARE(walked.trace().size(), fresh.trace().size());
    }
    QCOMPARE(walked.trace().size(), fullTrace.size());

    // Long enough to cross several checkpoints: the spin loop never ends.
    QString error;
    const auto session =
        Session::fromJson(spinSession(5 * Stepper::CheckpointInterval + 3), QStringLiteral("spin"), &error);
    QVERIFY2(session, qPrintable(error));
    const std::unique_ptr<Stepper> spin = session->restore(&error);
    QVERIFY2(spin, qPrintable(error));
    const State end = spin->state();
    for (int target :
         {Stepper::CheckpointInterval, Stepper::CheckpointInterval - 1, 3 * Stepper::CheckpointInterval + 7, 0}) {
        spin->seek(target);
        Stepper fresh(spin->machinePtr());
        QVERIFY(
            fresh.replay(Schedule{std::vector<int>(spin->moves().begin(), spin->moves().begin() + target)}, nullptr));
        QVERIFY(spin->state() == fresh.state());
        QCOMPARE(spin->trace().size(), fresh.trace().size());
        QCOMPARE(spin->moveStarts()[size_t(target)], int(fresh.trace().size()));
    }
    spin->seek(spin->length());
    QVERIFY(spin->state() == end);
    // A new move after undo drops the redoable ones and still replays exactly.
    spin->seek(2 * Stepper::CheckpointInterval + 1);
    QVERIFY(spin->move(0));
    QCOMPARE(spin->length(), 2 * Stepper::CheckpointInterval + 2);
    spin->seek(Stepper::CheckpointInterval * 2 + 2);
    spin->undo();
    spin->redo();
    Stepper fresh(spin->machinePtr());
    QVERIFY(fresh.replay(spin->fullSchedule(), nullptr));
    QVERIFY(spin->state() == fresh.state());
    // Undo right after a move swaps in the kept state; the second undo goes back to a checkpoint.
    QVERIFY(spin->undo() && spin->undo());
    QVERIFY(fresh.undo() && fresh.undo());
    Stepper prefix(spin->machinePtr());
    QVERIFY(prefix.replay(spin->schedule(), nullptr));
    QVERIFY(spin->state() == prefix.state());
    QCOMPARE(spin->trace().size(), prefix.trace().size());
}

void TestClassroom::stepperStopsAtTheMoveCap()
{
    QString error;
    const auto session = Session::fromJson(spinSession(Stepper::MaxMoves), QStringLiteral("spin"), &error);
    QVERIFY2(session, qPrintable(error));
    const std::unique_ptr<Stepper> stepper = session->restore(&error);
    QVERIFY2(stepper, qPrintable(error));
    QCOMPARE(stepper->cursor(), Stepper::MaxMoves);
    QVERIFY(stepper->canMove(0)); // the program could go on,
    QVERIFY(!stepper->move(0)); // but the history is full
    QCOMPARE(stepper->length(), Stepper::MaxMoves);
}

void TestClassroom::sessionLongerThanTheCapIsRefused()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("long.interleave"), spinSession(Stepper::MaxMoves + 1));
    QString error;
    const auto session = Session::load(path, &error);
    QVERIFY2(session, qPrintable(error));
    QVERIFY(!session->restore(&error, path));
    QVERIFY2(error.startsWith(path) && error.contains(QString::number(Stepper::MaxMoves)), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));

    // Few moves, but each with thousands of events: refused at the event bound, not after gigabytes.
    const QString busy = writeFile(dir, QStringLiteral("busy.interleave"), busySession(Stepper::MaxEvents / 4900 + 10));
    QVERIFY(!Session::load(busy, &error)->restore(&error, busy));
    QVERIFY2(error.startsWith(busy) && error.contains(QLatin1String("events")), qPrintable(error));

    // The window says the same and keeps what it showed.
    QWidget window;
    ScenarioSession shown;
    QVERIFY(
        shown.setScenario(ScenarioLoader::resolve(QStringLiteral("lost-update"), &error), QString(), {}, {}, &error));
    SessionActions actions(&shown, &window);
    QVERIFY(!actions.open(path, &error));
    QVERIFY2(error.contains(QString::number(Stepper::MaxMoves)), qPrintable(error));
    QCOMPARE(shown.scenario()->id, QStringLiteral("lost-update"));
}

void TestClassroom::longSessionKeepsTheWindowItsSize()
{
    // The schedule label once grew the window by about 14 px per move (and its
    // backing store with it): 10,000 moves asked for a window 135,000 px wide.
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("cap.interleave"), spinSession(Stepper::MaxMoves));
    MainWindow::Options options;
    options.restoreSettings = false;
    options.saveSettings = false;
    MainWindow window(options);
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openScenario(path));
    QCoreApplication::processEvents();
    QCOMPARE(window.session()->stepper()->cursor(), Stepper::MaxMoves);
    QVERIFY2(window.minimumSizeHint().width() < 1200, qPrintable(QString::number(window.minimumSizeHint().width())));
    QCOMPARE(window.width(), 1200);
}

// The explorer's simplest schedule solves the first challenge and shows the success page with
// both schedules; a schedule that runs the requests one after the other does not.
void TestClassroom::challengeSolvedByTheExplorersScheduleShowsSuccess()
{
    MainWindow window(MainWindow::Options::quiet());
    ChallengeMode *mode = window.challengeMode();
    QVERIFY(startChallenge(mode, QStringLiteral("lost-update-lose-a-deposit")));
    QCOMPARE(mode->titleText(), QStringLiteral("Lose a deposit"));
    QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("challengeDock"))->isVisibleTo(&window));
    QVERIFY(window.forecast()->line()->isHidden()); // no free hint while it is unsolved

    // Hints on request: first the line where the race is (selected in the code), then the
    // simplest counterexample's first preemption.
    QSignalSpy lines(mode, &ChallengeMode::hintLine);
    const ChallengeHint first = mode->showHint();
    QVERIFY(first.line >= 0);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(mode->verdictText().startsWith(QStringLiteral("Hint: The race is at line %1").arg(first.line + 1)),
             qPrintable(mode->verdictText()));
    const ChallengeHint second = mode->showHint();
    QVERIFY(!second.schedulePrefix.isEmpty());
    QVERIFY(mode->verdictText().contains(QStringLiteral("is interrupted")));

    QString error;
    QVERIFY(window.session()->loadSchedule(serialSchedule(window.session()->machinePtr()), &error));
    QVERIFY(!mode->isSuccessShown());
    QVERIFY2(!mode->verdictText().isEmpty(), "a finished run gets a verdict");

    const std::optional<Schedule> simplest = mode->grader()->simplestSolution();
    QVERIFY(simplest);
    const QString text = simplest->toString(*window.session()->machine());
    window.session()->undo(); // Undo is allowed; the run is checked again once it ends
    QVERIFY(window.session()->loadSchedule(*simplest, &error));
    QVERIFY(mode->isSuccessShown());
    QCOMPARE(mode->successText().count(text), 2); // the student's beside the simplest
    QVERIFY(!window.forecast()->line()->isHidden());
}

// "Find every": each breaking outcome the explorer counts is found once, "n of N found" says
// so, and each found outcome keeps the schedule that found it.
void TestClassroom::challengeFindEveryKeepsEachFoundSchedule()
{
    MainWindow window(MainWindow::Options::quiet());
    ChallengeMode *mode = window.challengeMode();
    QVERIFY(startChallenge(mode, QStringLiteral("lost-update-three-ways")));
    const int target = mode->grader()->targetCount();
    QVERIFY(target >= 2);
    QVERIFY2(mode->foundText().startsWith(QStringLiteral("0 of %1 found").arg(target)), qPrintable(mode->foundText()));
    QStringList schedules;
    for (const ExplorerOutcome &o : mode->grader()->exploration()->outcomes) {
        if (!o.breaksRule)
            continue;
        QString error;
        QVERIFY(window.session()->loadSchedule(o.schedule, &error));
        schedules << o.schedule.toString(*window.session()->machine());
        if (schedules.size() < target) {
            QVERIFY2(mode->foundText().startsWith(QStringLiteral("%1 of %2 found").arg(schedules.size()).arg(target)),
                     qPrintable(mode->foundText()));
            QVERIFY(mode->foundText().contains(schedules.back()));
        }
    }
    QCOMPARE(schedules.size(), target);
    QVERIFY(mode->isSuccessShown());
    QCOMPARE(mode->store()->load(QStringLiteral("lost-update-three-ways")).schedules, schedules);
}

void TestClassroom::challengePredictionIsGradedExactly()
{
    MainWindow window(MainWindow::Options::quiet());
    ChallengeMode *mode = window.challengeMode();
    QVERIFY(startChallenge(mode, QStringLiteral("lost-update-predict")));
    mode->setPrediction(QStringLiteral("1300, 1200"));
    QVERIFY(!mode->check().solved); // 1100 is missing
    QVERIFY(!mode->isSuccessShown());
    mode->setPrediction(QStringLiteral("1100, 1200, 1300"));
    QVERIFY(mode->check().solved);
    QVERIFY(mode->isSuccessShown());
}

// "Make the mutex fail": the line under the title would say on which choice the fix holds and
// on which it cannot, which is the answer. It stays hidden on every choice until it is solved.
void TestClassroom::challengeFixFailsKeepsItsAnswerHidden()
{
    MainWindow window(MainWindow::Options::quiet());
    ChallengeMode *mode = window.challengeMode();
    QVERIFY(startChallenge(mode, QStringLiteral("lost-update-mutex-fails")));
    int solvingChoice = -1;
    const std::optional<Schedule> simplest = mode->grader()->simplestSolution(&solvingChoice);
    QVERIFY(simplest);
    QVERIFY(solvingChoice > 0); // not the first choice, or the test below proves little
    for (int choice = 0; choice < mode->grader()->choiceCount(); ++choice) {
        mode->chooseVariant(choice);
        const QString line = window.lessonText();
        QVERIFY2(line.contains(QStringLiteral("yours to find out")), qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("✓")) && !line.contains(QStringLiteral("✗")) &&
                     !line.contains(QStringLiteral("Cannot go wrong")),
                 qPrintable(line));
    }
    mode->chooseVariant(solvingChoice);
    QString error;
    QVERIFY2(window.session()->loadSchedule(*simplest, &error), qPrintable(error));
    QVERIFY(mode->isSuccessShown());
    QVERIFY2(window.lessonText().contains(QStringLiteral("✗ This can go wrong here")), qPrintable(window.lessonText()));
    mode->leave();
    QVERIFY(!window.lessonText().contains(QStringLiteral("yours to find out")));
}

// Progress lives in the user's QSettings: a new store (a new run of the program) sees it,
// the course list ticks it, and Reset progress forgets it.
void TestClassroom::challengeProgressPersistsAndResets()
{
    const QString id = QStringLiteral("lost-update-lose-a-deposit");
    {
        ScenarioSession session;
        SettingsProgressStore store;
        ChallengeMode mode(&session, &store);
        QVERIFY(startChallenge(&mode, id));
        QString error;
        QVERIFY(session.loadSchedule(*mode.grader()->simplestSolution(), &error));
        QVERIFY(mode.isSuccessShown());
    }
    SettingsProgressStore store;
    const ChallengeProgress saved = store.load(id);
    QVERIFY(saved.solved);
    QCOMPARE(saved.schedules.size(), 1);
    ScenarioSession session;
    ChallengeMode mode(&session, &store);
    ChallengeCourseDialog course(mode.course(), store);
    QVERIFY(course.list()->item(0)->text().startsWith(QStringLiteral("✓ 1. ")));
    QVERIFY(!course.list()->item(1)->text().startsWith(QStringLiteral("✓")));
    mode.resetProgress();
    QCOMPARE(store.load(id), ChallengeProgress{});
    ChallengeCourseDialog after(mode.course(), store);
    QVERIFY(!after.list()->item(0)->text().startsWith(QStringLiteral("✓")));
}

// Lost update, two requests: from the start 4 of the 6 ways on lose money; after A and B have
// both read, every way does, and the timeline marks move 2 as the point of no return.
void TestClassroom::forecastAtTheCursor()
{
    MainWindow window(MainWindow::Options::quiet());
    ForecastPresenter *forecast = window.forecast();
    if (!forecast->forecast()) {
        QSignalSpy built(forecast, &ForecastPresenter::built);
        QVERIFY(built.wait(30000));
    }
    QCOMPARE(forecast->text(), QStringLiteral("From here: 4 of 6 continuations break a rule."));
    QVERIFY(window.setSchedule(QStringLiteral("A B")));
    QVERIFY2(forecast->text().startsWith(
                 QStringLiteral("From here: all 2 continuations break a rule. Point of no return: after move 2")),
             qPrintable(forecast->text()));
    QVERIFY(forecast->text().contains(QStringLiteral("have read accounts[1].balance = 1000")));
    QCOMPARE(forecast->mark()->kind(), TurningPointMark::BadCertain);
    QCOMPARE(forecast->mark()->move(), 2);
    QVERIFY(forecast->narrationNote()->text().startsWith(QStringLiteral("Point of no return: after move 2")));
    QVERIFY(!forecast->narrationNote()->isHidden());
    window.session()->undo();
    QCOMPARE(forecast->text(), QStringLiteral("From here: 2 of 3 continuations break a rule."));
    QCOMPARE(forecast->mark()->kind(), TurningPointMark::None);
    QVERIFY(forecast->narrationNote()->isHidden());
    // Request A runs to its end first: after move 2 nothing can break any more, marked as safe.
    QVERIFY(window.setSchedule(QStringLiteral("A A")));
    QCOMPARE(forecast->mark()->kind(), TurningPointMark::BadImpossible);
    QCOMPARE(forecast->mark()->move(), 2);
    QCOMPARE(forecast->mark()->label(), QStringLiteral("now safe"));
    QVERIFY(forecast->text().contains(QStringLiteral("no rule can break any more")));
}

// A lesson's predict moment opens a round for its figure, its challenge moment challenge mode;
// the caption shows over the centre in presenter mode; the next plain moment leaves both.
void TestClassroom::lessonWithPredictAndChallengeMoments()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("class.lesson"), R"({
  "format": "interleave-lesson", "version": 1, "title": "Races",
  "moments": [
    {"scenario": {"id": "lost-update"}, "strategy": "broken", "model": "threads", "schedule": "A B",
     "predict": "Balance", "caption": "Which balances can this end with?"},
    {"challenge": "lost-update-lose-a-deposit", "caption": "Your turn"},
    {"scenario": {"id": "lost-update"}, "strategy": "atomic", "model": "threads", "schedule": "A B"}
  ]
})");
    MainWindow window(MainWindow::Options::quiet());
    window.resize(1366, 768);
    window.show();
    window.presenterMode()->setActive(true);
    QString error;
    QVERIFY2(window.lessonPlayer()->openLesson(path, &error), qPrintable(error));
    QVERIFY(window.predictionPanel()->isConcealing());
    QCOMPARE(window.session()->stepper()->cursor(), 2);
    CaptionOverlay *caption = window.captionOverlay();
    QVERIFY(caption->isVisible());
    QCOMPARE(caption->text(), QStringLiteral("Which balances can this end with?"));
    QVERIFY2(
        caption->font().pointSizeF() > QApplication::font().pointSizeF() * 1.5,
        qPrintable(QStringLiteral("%1 %2").arg(caption->font().pointSizeF()).arg(QApplication::font().pointSizeF())));

    QSignalSpy graded(window.challengeMode(), &ChallengeMode::gradingFinished);
    window.lessonPlayer()->nextAction()->trigger(); // PageDown
    QVERIFY(!window.predictionPanel()->isConcealing());
    QVERIFY(window.challengeMode()->isActive());
    QCOMPARE(window.challengeMode()->titleText(), QStringLiteral("Lose a deposit"));
    QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("challengeDock"))->isVisible());
    QCOMPARE(caption->text(), QStringLiteral("Your turn"));
    QCOMPARE(window.session()->stepper()->cursor(), 0);
    QVERIFY(graded.wait(60000));

    window.lessonPlayer()->nextAction()->trigger();
    QVERIFY(!window.challengeMode()->isActive());
    QCOMPARE(window.session()->strategyId(), QStringLiteral("atomic"));
    QVERIFY(caption->isHidden()); // no caption on this moment
    window.lessonPlayer()->previousAction()->trigger(); // PageUp: back into the challenge
    QVERIFY(window.challengeMode()->isActive());
    window.presenterMode()->setActive(false);
    QVERIFY(caption->isHidden());
}

QTEST_MAIN(TestClassroom)
#include "tst_classroom.moc"
