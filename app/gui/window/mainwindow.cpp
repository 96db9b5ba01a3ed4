#include "window/mainwindow.h"

#include "classroom/lessonbanner.h"
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
#include "dashboard/outcomespresenter.h"
#include "dashboard/strategybar.h"
#include "dashboard/strategychart.h"
#include "dashboard/waitforgraphview.h"
#include "export/exportdialog.h"
#include "timeline/timelinepresenter.h"
#include "timeline/timelineview.h"
#include "window/helpdialogs.h"
#include "window/jobstatus.h"
#include "window/languagemanager.h"
#include "window/modelbar.h"
#include "window/parameterbar.h"
#include "window/recentfiles.h"
#include "window/runtoolbar.h"
#include "window/scenariofiles.h"
#include "window/scenariolibrary.h"
#include "window/scenariosession.h"
#include "window/serverbackend.h"
#include "window/sessionactions.h"
#include "window/stepactions.h"
#include "window/windowsettings.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QRandomGenerator>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>

#include <functional>

using namespace Interleave;

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(Options{}, parent)
{ }

void MainWindow::setUpApplication(QApplication &app)
{
    QApplication::setApplicationName(QStringLiteral("Interleave"));
    QApplication::setOrganizationName(QStringLiteral("Interleave"));
    QApplication::setApplicationVersion(QStringLiteral(INTERLEAVE_VERSION));
    // The installed desktop entry's name (the Wayland app id), so the desktop matches the window
    // to its entry; the icon from the theme when installed, else the embedded copy.
    QGuiApplication::setDesktopFileName(QStringLiteral(INTERLEAVE_APP_ID));
    QIcon embeddedIcon(QStringLiteral(":/icons/interleave.svg"));
    embeddedIcon.addFile(QStringLiteral(":/icons/interleave-256.png"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral(INTERLEAVE_APP_ID), embeddedIcon));
    LanguageManager::applySaved();
    // Read from the back of a lecture room: never below 11 pt.
    QFont font = app.font();
    if (font.pointSizeF() > 0 && font.pointSizeF() < 11)
        font.setPointSizeF(11);
    app.setFont(font);
}

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_session(new ScenarioSession(this))
    , m_jobs(new EngineJobs(this))
    , m_player(new PlayController(m_session, this))
{
    setWindowTitle(tr("Interleave"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
    // Library and dashboard run the full height; the narration sits under the code.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    buildCentre();
    buildDocks();
    buildToolbars();
    buildMenus();
    buildStatusBar();
    connectSession();

    m_files = new ScenarioFiles(m_session, m_library, this);
    connect(m_files, &ScenarioFiles::failed, this, [this](const QString &banner, const QString &error) {
        showError(banner);
        emit scenarioLoadFailed(error);
    });
    connect(m_files, &ScenarioFiles::opened, m_recent, &RecentFiles::add);
    connect(m_files, &ScenarioFiles::loaded, this, [this](const QString &message) {
        hideError();
        statusBar()->showMessage(message, 8000);
    });

    QStringList errors;
    m_library->setBuiltins(ScenarioLoader::loadBuiltins(&errors));
    if (!errors.isEmpty())
        showError(errors.join(u'\n'));
    resize(1600, 1000);
    if (m_options.restoreSettings)
        restoreSettings();
    if (!m_session->isLoaded() && m_library->count() > 0) {
        // A first start opens the lesson every course begins with.
        const int lostUpdate = m_library->rowOf(QStringLiteral("lost-update"));
        QString error;
        m_session->setScenario(m_library->scenarioAt(std::max(lostUpdate, 0)), {}, {}, {}, &error);
    }
}

MainWindow::~MainWindow()
{
    m_player->pause();
}

// ---------------------------------------------------------------- scenario files

bool MainWindow::openScenario(const QString &idOrPath)
{
    if (QFileInfo::exists(idOrPath) && SessionActions::isSessionFile(idOrPath)) {
        QString error;
        if (m_sessions->open(idOrPath, &error))
            return true;
        showError(error);
        emit scenarioLoadFailed(error);
        return false;
    }
    if (QFileInfo::exists(idOrPath))
        return openScenarioFile(idOrPath);
    const int row = m_library->rowOf(idOrPath);
    if (row < 0) {
        const QString error = tr("No built-in scenario \"%1\" and no such file.").arg(idOrPath);
        showError(error);
        emit scenarioLoadFailed(error);
        return false;
    }
    QString error;
    if (!m_session->setScenario(m_library->scenarioAt(row), {}, {}, {}, &error)) {
        showError(error);
        return false;
    }
    return true;
}

bool MainWindow::openScenarioFile(const QString &path)
{
    return m_files->open(path);
}

void MainWindow::openScenarioDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                      tr("Scenario files (*.json);;All files (*)"));
    if (!path.isEmpty())
        openScenarioFile(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.front().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.front().isLocalFile())
        return;
    openScenario(urls.front().toLocalFile()); // a scenario file or a saved session
    event->acceptProposedAction();
}

bool MainWindow::setSchedule(const QString &schedule)
{
    QString error;
    if (!m_session->loadSchedule(schedule, &error)) {
        showError(error);
        return false;
    }
    return true;
}

void MainWindow::showError(const QString &text)
{
    // The banner says it; the status line would only repeat it under the next message.
    m_banner->showError(text);
}

void MainWindow::hideError()
{
    m_banner->hideError();
}

QString MainWindow::errorText() const
{
    return m_banner->errorText();
}

QString MainWindow::lessonText() const
{
    return m_banner->lessonText();
}

QString MainWindow::statusText() const
{
    return statusBar()->currentMessage();
}

QList<QDockWidget *> MainWindow::secondaryDocks() const
{
    QList<QDockWidget *> docks = findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly);
    docks.removeAll(findChild<QDockWidget *>(QStringLiteral("dashboardDock"), Qt::FindDirectChildrenOnly));
    return docks;
}

NarrationModel *MainWindow::narration() const
{
    return m_narration->narration();
}

std::shared_ptr<const ExplorerResult> MainWindow::lastExploration() const
{
    return m_outcomes->exploration();
}

QAction *MainWindow::action(const QString &name) const
{
    return findChild<QAction *>(name);
}

// ---------------------------------------------------------------- session changes

void MainWindow::userMove(const std::function<void()> &move)
{
    // Any move of the user's leaves a threaded run's wall-time view for the stepper's.
    m_timelineView->leaveThreadedRun();
    move();
}

void MainWindow::onVariantChanged()
{
    const Machine &machine = *m_session->machine();
    m_strategyBar->setCurrent(m_session->strategyId());
    m_modelBar->setCurrent(m_session->model());
    m_modelBar->setCurrentDatabase(m_session->database());
    m_parameterBar->setValues(m_session->params());
    m_library->setCurrent(m_session->scenario().get(), m_session->strategyId());
    m_prediction->setMachine(m_session->machinePtr());
    setWindowTitle(tr("Interleave — %1 · %2 · %3 · %4")
                       .arg(machine.scenario().title, machine.strategy().label, machine.model().displayName(),
                            machine.database().displayName()));

    saveSettings();
}

void MainWindow::onEventSelected(int event)
{
    const auto layout = m_timeline->timelineLayout();
    if (!layout || event < 0 || event >= layout->eventCount()) {
        m_codePanels->setSelectedLine(-1, -1);
        m_narration->selectEvent(-1);
        return;
    }
    const TraceEvent &e = layout->trace()[size_t(event)];
    m_codePanels->setSelectedLine(e.actor, e.line);
    if (!m_timelineView->showsThreadedRun()) // a threaded run's events are not the narration's
        m_narration->selectEvent(event);
    statusBar()->showMessage(layout->machine().narrate(e), 8000);
}

void MainWindow::onNarrationClicked(int event, int actor)
{
    m_timeline->setSelectedEvent(event);
    const auto layout = m_timeline->timelineLayout();
    if (layout && event >= 0 && event < layout->eventCount())
        m_codePanels->setSelectedLine(actor, layout->trace()[size_t(event)].line);
}

// ---------------------------------------------------------------- engine jobs

void MainWindow::exploreAll()
{
    m_outcomes->explore();
}

void MainWindow::runTrials()
{
    m_outcomes->runTrials(m_runBar->trialsBox()->value(), quint64(m_runBar->seedBox()->value()));
}

void MainWindow::runOnThreads()
{
    if (!m_session->isLoaded())
        return;
    m_jobs->runOnThreads(m_session->machinePtr(), QRandomGenerator::global()->generate64());
}

void MainWindow::compareStrategies()
{
    if (!m_session->isLoaded())
        return;
    m_compareDock->raise();
    m_jobs->compareStrategies(m_session->machinePtr(), std::min(m_runBar->trialsBox()->value(), 500),
                              quint64(m_runBar->seedBox()->value()));
}

void MainWindow::showMeTheBug()
{
    m_runBar->choosePolicy(PlayController::ShowBug);
    m_player->pause();
    userMove([this] { m_player->play(); });
}

void MainWindow::onThreadedRun(std::shared_ptr<const ThreadedTrial> trial, std::shared_ptr<const Machine> machine)
{
    if (machine != m_session->machinePtr())
        return;
    // The run's moves go into the stepper (dashboard, code, narration follow
    // them); the timeline keeps the run's wall-clock trace until the next move.
    m_timelineView->showThreadedRun(trial, machine);
    QString error;
    m_session->loadSchedule(trial->schedule, &error);
    statusBar()->showMessage(tr("Ran once on real threads in %1 ms: %2")
                                 .arg(trial->wallNs / 1e6, 0, 'f', 1)
                                 .arg(machine->describeOutcome(trial->state)),
                             10000);
}

// ---------------------------------------------------------------- export, language

namespace {
ExportSource exportSourceOf(const ScenarioSession &session, const TimelineView *timeline, QWidget *dashboard,
                            QWidget *graph)
{
    ExportSource source;
    const Stepper *stepper = session.stepper();
    if (!stepper)
        return source;
    const Machine &machine = stepper->machine();
    source.layout = timeline->timelineLayout();
    source.visible = timeline->visibleRange();
    source.caption =
        ExportCaption::describe(machine, &stepper->state(), stepper->schedule().toString(machine), &stepper->trace());
    source.cursorStep = stepper->cursor();
    source.cursorEvent = int(stepper->trace().size()) - 1;
    source.dashboard = dashboard;
    source.waitForGraph = graph;
    source.machine = stepper->machinePtr();
    source.schedule = stepper->fullSchedule();
    return source;
}
} // namespace

void MainWindow::exportDialog(int content)
{
    if (!m_session->isLoaded())
        return;
    ExportDialog::run(this, exportSourceOf(*m_session, m_timeline, m_dashboard, m_waitForGraph),
                      ExportDialog::Content(content));
}

void MainWindow::showTimelineMenu(const QPoint &globalPos)
{
    if (!m_session->isLoaded())
        return;
    QMenu menu(this);
    const ExportSource source = exportSourceOf(*m_session, m_timeline, m_dashboard, m_waitForGraph);
    menu.addAction(tr("Export the visible range…"), this,
                   [this, source] { ExportDialog::run(this, source, ExportDialog::VisibleTimeline); });
    menu.addAction(tr("Export the whole timeline…"), this,
                   [this, source] { ExportDialog::run(this, source, ExportDialog::WholeTimeline); });
    menu.addAction(tr("Export the trace for Perfetto…"), this,
                   [this, source] { ExportDialog::run(this, source, ExportDialog::PerfettoTrace); });
    menu.addSeparator();
    menu.addAction(tr("Fit to window"), m_timeline, &TimelineView::fitToWindow);
    menu.exec(globalPos);
}

MainWindow::Snapshot MainWindow::snapshot() const
{
    Snapshot s;
    if (const auto spec = m_session->scenario())
        s.scenario = spec->fileName.startsWith(u':') ? spec->id : spec->fileName;
    s.strategy = m_session->strategyId();
    s.model = m_session->model().toString();
    s.database = m_session->database().toString();
    s.backend = ServerBackend::settingName(m_backend->choice());
    s.params = m_session->params();
    if (const Stepper *stepper = m_session->stepper()) {
        s.schedule = m_session->pinnedSchedule().toString(stepper->machine());
        s.cursor = stepper->cursor();
    }
    s.geometry = saveGeometry();
    s.dockState = saveState(WindowSettings::LayoutVersion);
    s.explored = m_outcomes->source() == OutcomesPresenter::Source::Explorer;
    return s;
}

void MainWindow::applySnapshot(const Snapshot &s)
{
    restoreGeometry(s.geometry);
    restoreState(s.dockState, WindowSettings::LayoutVersion);
    const auto spec = m_files->find(s.scenario);
    QString error;
    if (!spec || !m_session->setScenario(spec, s.strategy, ExecutionModel::parse(s.model, nullptr), s.params, &error))
        return;
    restoreDatabase(s.database);
    if (!s.schedule.isEmpty()) {
        m_session->loadSchedule(s.schedule, &error);
        m_session->seek(s.cursor);
    }
    m_backend->choose(ServerBackend::fromSetting(s.backend));
    // The outcomes are made anew too, their labels in the new language.
    if (s.explored)
        exploreAll();
}

// ---------------------------------------------------------------- help

void MainWindow::showKeyboardReference()
{
    HelpDialogs::showKeyboardReference(this);
}

void MainWindow::showAbout()
{
    HelpDialogs::showAbout(this);
}

// ---------------------------------------------------------------- settings

void MainWindow::restoreSettings()
{
    const std::optional<WindowSettings> saved = WindowSettings::load();
    if (!saved)
        return;
    restoreGeometry(saved->geometry);
    restoreState(saved->dockState, WindowSettings::LayoutVersion);
    m_centreSplitter->restoreState(saved->centreSplitter);
    if (saved->playSpeed)
        m_runBar->speedSlider()->setValue(*saved->playSpeed);
    if (saved->trials)
        m_runBar->trialsBox()->setValue(*saved->trials);
    const auto spec = m_files->find(saved->scenario);
    if (!spec)
        return;
    QString error;
    if (m_session->setScenario(spec, saved->strategy, ExecutionModel::parse(saved->model, nullptr), saved->params,
                               &error))
        restoreDatabase(saved->database);
    // Started in the background: a server that cannot start leaves the model, never blocks.
    m_backend->choose(ServerBackend::fromSetting(saved->backend));
}

void MainWindow::restoreDatabase(const QString &database)
{
    // Nothing saved (an older settings file) or unreadable: the scenario's own database stays.
    if (const auto variant = DatabaseVariant::parse(database, nullptr))
        m_session->setDatabase(*variant);
}

void MainWindow::saveSettings() const
{
    if (!m_options.saveSettings || !m_session->isLoaded())
        return;
    WindowSettings s;
    s.geometry = saveGeometry();
    s.dockState = saveState(WindowSettings::LayoutVersion);
    s.centreSplitter = m_centreSplitter->saveState();
    const ScenarioSpec &spec = *m_session->scenario();
    s.scenario = spec.fileName.startsWith(u':') ? spec.id : spec.fileName;
    s.strategy = m_session->strategyId();
    s.model = m_session->model().toString();
    s.database = m_session->database().toString();
    s.backend = ServerBackend::settingName(m_backend->choice());
    s.params = m_session->params();
    const TimeRange zoom = m_timeline->visibleRange();
    s.zoomStart = zoom.start;
    s.zoomEnd = zoom.end;
    s.playSpeed = m_runBar->speedSlider()->value();
    s.trials = m_runBar->trialsBox()->value();
    s.save();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_player->pause();
    m_jobs->cancel();
    saveSettings();
    m_backend->choose(ServerBackend::Model); // stops the private server and removes its directory
    QMainWindow::closeEvent(event);
}
