// MainWindow, part two: how the window is put together (centre, docks,
// toolbars, menus, status bar) and wired to the session. What it does when
// something changes is in mainwindow.cpp.
#include "window/mainwindow.h"

#include "classroom/lessonbanner.h"
#include "classroom/lessonplayer.h"
#include "classroom/playcontroller.h"
#include "classroom/predictionpanel.h"
#include "classroom/presentermode.h"
#include "classroom/sidebysideview.h"
#include "dashboard/codepanel.h"
#include "dashboard/codepanelstrip.h"
#include "dashboard/dashboardview.h"
#include "dashboard/narrationpanel.h"
#include "dashboard/outcomechart.h"
#include "dashboard/outcomespresenter.h"
#include "dashboard/strategybar.h"
#include "dashboard/strategychart.h"
#include "dashboard/verdictline.h"
#include "dashboard/waitforgraphview.h"
#include "export/exportdialog.h"
#include "timeline/timelinepresenter.h"
#include "timeline/timelineview.h"
#include "window/desktoplook.h"
#include "window/helpdialogs.h"
#include "window/jobstatus.h"
#include "window/languagemanager.h"
#include "window/modelbar.h"
#include "window/movestatus.h"
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
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include <functional>

using namespace Interleave;

namespace {
QDockWidget *makeDock(const QString &title, const QString &name, QWidget *content, QWidget *parent)
{
    auto *dock = new QDockWidget(title, parent);
    dock->setObjectName(name); // saveState() needs it
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    return dock;
}
} // namespace

void MainWindow::buildCentre()
{
    auto *centre = new QWidget(this);
    auto *layout = new QVBoxLayout(centre);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->setSpacing(3);

    m_banner = new LessonBanner(m_session, centre);
    layout->addWidget(m_banner->errorLabel());
    layout->addWidget(m_banner->titleLabel());
    layout->addWidget(m_banner->lessonLabel());
    m_backend = new ServerBackend(m_session, centre);
    layout->addWidget(m_backend->banner());

    auto *splitter = m_centreSplitter = new QSplitter(Qt::Vertical, centre);
    splitter->setObjectName(QStringLiteral("centreSplitter"));
    m_timeline = new TimelineView(splitter);
    m_timelineView = new TimelinePresenter(m_session, m_timeline, m_options.restoreSettings, this);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_codePanels = new CodePanelStrip(splitter);
    m_codePanels->setObjectName(QStringLiteral("codePanels"));
    m_codePanels->follow(m_session);
    splitter->addWidget(m_timeline);
    splitter->addWidget(m_codePanels);
    // Two requests' timeline fits as it is; taller ones scroll, and the user's
    // split is kept with the window state.
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({290, 370});
    layout->addWidget(splitter, 1);
    setCentralWidget(centre);
}

void MainWindow::buildDocks()
{
    m_library = new ScenarioLibrary(this);
    auto *libraryDock = makeDock(tr("Scenarios"), QStringLiteral("libraryDock"), m_library, this);
    addDockWidget(Qt::LeftDockWidgetArea, libraryDock);

    m_dashboard = new DashboardView(this);
    m_dashboard->follow(m_session);
    auto *dashScroll = new QScrollArea(this);
    dashScroll->setWidgetResizable(true);
    dashScroll->setFrameShape(QFrame::NoFrame);
    dashScroll->setWidget(m_dashboard);
    auto *dashboardDock = makeDock(tr("Dashboard"), QStringLiteral("dashboardDock"), dashScroll, this);
    addDockWidget(Qt::RightDockWidgetArea, dashboardDock);

    // Outcomes, the fix comparison and the wait-for graph share one place;
    // whichever has news comes to the front.
    m_outcomeChart = new OutcomeChart(this);
    m_outcomes = new OutcomesPresenter(m_session, m_jobs, m_outcomeChart, m_player, this);
    m_outcomeDock = makeDock(tr("Outcomes"), QStringLiteral("outcomeDock"), m_outcomeChart, this);
    addDockWidget(Qt::RightDockWidgetArea, m_outcomeDock);
    m_strategyChart = new StrategyChart(this);
    m_strategyChart->follow(m_session);
    m_compareDock = makeDock(tr("Compare fixes"), QStringLiteral("compareDock"), m_strategyChart, this);
    addDockWidget(Qt::RightDockWidgetArea, m_compareDock);
    m_waitForGraph = new WaitForGraphView(this);
    m_waitForGraph->follow(m_session);
    auto *waitForDock = makeDock(tr("Who waits for whom"), QStringLiteral("waitForDock"), m_waitForGraph, this);
    addDockWidget(Qt::RightDockWidgetArea, waitForDock);
    // Brought forward the moment somebody starts waiting.
    connect(m_waitForGraph, &WaitForGraphView::waitingStarted, waitForDock, &QDockWidget::raise);
    buildPredictionDock(dashboardDock);

    tabifyDockWidget(m_outcomeDock, m_compareDock);
    tabifyDockWidget(m_compareDock, waitForDock);
    m_outcomeDock->raise();

    m_narration = new NarrationPanel(this);
    m_narration->follow(m_session);
    m_prediction->addConcealed(m_narration); // it names the lost update as it happens
    auto *narrationDock = makeDock(tr("What happens"), QStringLiteral("narrationDock"), m_narration, this);
    // Under the scenario list, not under the code: the centre's height goes to the timeline and the code.
    addDockWidget(Qt::LeftDockWidgetArea, narrationDock);

    // "Same schedule, now with the fix": two variants stepping together (F8).
    m_sideBySide = new SideBySideView(m_session, this);
    auto *sideBySideDock = makeDock(tr("Side by side"), QStringLiteral("sideBySideDock"), m_sideBySide, this);
    addDockWidget(Qt::BottomDockWidgetArea, sideBySideDock);
    sideBySideDock->toggleViewAction()->setShortcut(Qt::Key_F8);
    sideBySideDock->hide();

    resizeDocks({libraryDock, dashboardDock}, {250, 440},
                Qt::Horizontal); // the centre gets the width: its lines wrap less
    // The dashboard's figures and its rules (the verdict) above the fold at 720 px, in Spanish too.
    resizeDocks({dashboardDock, m_outcomeDock}, {540, 320}, Qt::Vertical);
    resizeDocks({libraryDock, narrationDock}, {420, 300}, Qt::Vertical);
}

void MainWindow::buildPredictionDock(QDockWidget *dashboardDock)
{
    // Predict, then reveal: hidden until a round starts (F6); it covers the
    // dashboard and the histogram while students guess.
    m_prediction = new PredictionPanel(this);
    m_prediction->addConcealed(m_dashboard);
    m_prediction->addConcealed(m_outcomeChart);
    m_prediction->addConcealed(m_strategyChart);
    auto *predictionDock = makeDock(tr("Predict, then reveal"), QStringLiteral("predictionDock"), m_prediction, this);
    addDockWidget(Qt::RightDockWidgetArea, predictionDock);
    splitDockWidget(dashboardDock, predictionDock, Qt::Vertical); // between the two things it covers
    predictionDock->hide();
    connect(m_prediction, &PredictionPanel::roundStarted, this, [this, dashboardDock, predictionDock] {
        // The dashboard is covered anyway: the question, the answer and the verdict get its room.
        predictionDock->show();
        predictionDock->raise();
        if (!predictionDock->isFloating() && !m_outcomeDock->isFloating())
            resizeDocks({dashboardDock, predictionDock, m_outcomeDock}, {1, 3, 2}, Qt::Vertical);
    });
    connect(m_prediction, &PredictionPanel::explored, m_outcomes, &OutcomesPresenter::showExploration);
    connect(m_prediction, &PredictionPanel::revealed, m_outcomeDock, &QDockWidget::raise);
    connect(m_prediction, &PredictionPanel::concealingChanged, this, [this](bool concealed) {
        m_timelineView->setConcealed(concealed);
        m_codePanels->setConcealed(concealed); // the locals hold the values students are to predict
    });
}

void MainWindow::buildToolbars()
{
    // Each bar is a toolbar of its own: what does not fit the width folds into
    // its overflow menu (») instead of widening the window. The fixes have the first row
    // to themselves ("same schedule, now with each fix" is the lecture's central move): every
    // one stays in sight at 1366 px. Where it runs and the run controls share the second row;
    // what folds there has a key and a menu entry.
    m_strategyBar = new StrategyBar(this);
    addToolBar(m_strategyBar);
    addToolBarBreak();

    auto *modelTools = addToolBar(tr("Execution model"));
    modelTools->setObjectName(QStringLiteral("modelToolBar"));
    m_modelBar = new ModelBar(modelTools);
    modelTools->addWidget(m_modelBar);
    modelTools->addWidget(m_backend->box());
    connect(m_backend, &ServerBackend::flavourNeeded, this, [this](DatabaseVariant::Flavour flavour) {
        DatabaseVariant database = m_session->database();
        database.flavour = flavour;
        m_session->setDatabase(database);
    });
    connect(m_backend, &ServerBackend::busy, this, [this](const QString &text) {
        if (text.isEmpty())
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(tr("%1 (Esc cancels)").arg(text));
    });
    connect(m_backend, &ServerBackend::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });

    m_runBar = new RunToolBar(m_player, this);
    addToolBar(m_runBar);
    connect(m_runBar->bugAction(), &QAction::triggered, this, &MainWindow::showMeTheBug);
    connect(m_runBar->exploreAction(), &QAction::triggered, this, &MainWindow::exploreAll);
    connect(m_runBar->threadsAction(), &QAction::triggered, this, &MainWindow::runOnThreads);
    connect(m_runBar->trialsAction(), &QAction::triggered, this, &MainWindow::runTrials);
    connect(m_runBar->compareAction(), &QAction::triggered, this, &MainWindow::compareStrategies);

    // On the Run row: the height goes to the timeline; parameters that do not fit wait behind ».
    m_parameterBar = new ParameterBar(this);
    addToolBar(m_parameterBar);

    connect(m_runBar->playAction(), &QAction::triggered, this, [this] {
        m_runBar->configurePlayer();
        userMove([this] { m_player->toggle(); });
    });
    connect(m_player, &PlayController::counterexampleNeeded, this, &MainWindow::exploreAll);
    connect(m_player, &PlayController::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });

    connect(m_strategyBar, &StrategyBar::strategyChosen, this,
            [this](const QString &id) { userMove([this, id] { m_session->setStrategy(id); }); });
    connect(m_modelBar, &ModelBar::modelChosen, this,
            [this](const ExecutionModel &model) { userMove([this, model] { m_session->setModel(model); }); });
    connect(m_modelBar, &ModelBar::databaseChosen, this, [this](const DatabaseVariant &database) {
        userMove([this, database] { m_session->setDatabase(database); });
    });
    connect(m_parameterBar, &ParameterBar::parameterChanged, this, [this](const QString &name, int64_t value) {
        userMove([this, name, value] { m_session->setParam(name, value); });
    });
}

void MainWindow::buildFileMenu()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    auto *open = file->addAction(tr("&Open scenario file…"), this, &MainWindow::openScenarioDialog);
    open->setObjectName(QStringLiteral("openAction"));
    open->setShortcut(QKeySequence::Open);
    // Sessions: a teacher prepares a demo at home and opens it in class where it was left.
    m_sessions = new SessionActions(m_session, this);
    file->addAction(m_sessions->openAction());
    file->addAction(m_sessions->saveAction());
    m_recent = new RecentFiles(m_options.restoreSettings && m_options.saveSettings, this);
    file->addMenu(m_recent->menu());
    connect(m_recent, &RecentFiles::openRequested, this, &MainWindow::openScenario);
    connect(m_recent, &RecentFiles::missing, this, &MainWindow::showError);
    connect(m_sessions, &SessionActions::opened, m_recent, &RecentFiles::add);
    connect(m_sessions, &SessionActions::saved, m_recent, &RecentFiles::add);
    m_sessions->setViewState(
        [this] {
            const TimeRange zoom = m_timeline->visibleRange();
            return QJsonObject{{QStringLiteral("zoomStart"), zoom.start},
                               {QStringLiteral("zoomEnd"), zoom.end},
                               {QStringLiteral("presenter"), m_presenter && m_presenter->isActive()}};
        },
        [this](const QJsonObject &view) {
            if (m_presenter && view.contains(QStringLiteral("presenter")))
                m_presenter->setActive(view.value(QStringLiteral("presenter")).toBool());
            const double start = view.value(QStringLiteral("zoomStart")).toDouble(-1);
            const double end = view.value(QStringLiteral("zoomEnd")).toDouble(-1);
            if (start >= 0 && end > start)
                m_timeline->setVisibleRange({start, end});
        });
    connect(m_sessions, &SessionActions::failed, this, &MainWindow::showError);
    connect(m_sessions, &SessionActions::opened, this, [this](const QString &path) {
        hideError();
        statusBar()->showMessage(tr("Opened the session %1.").arg(QFileInfo(path).fileName()), 8000);
    });
    file->addSeparator();
    auto *exportAction = file->addAction(tr("&Export…"), this, [this] { exportDialog(); });
    exportAction->setObjectName(QStringLiteral("exportAction"));
    exportAction->setShortcut(Qt::CTRL | Qt::Key_E);
    exportAction->setToolTip(
        tr("The timeline, dashboard or wait-for graph as PNG, SVG or PDF; the trace for Perfetto; the graph as DOT"));
    auto *handoutAction =
        file->addAction(tr("Export &handout…"), this, [this] { exportDialog(ExportDialog::HandoutPages); });
    handoutAction->setObjectName(QStringLiteral("handoutAction"));
    handoutAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_E);
    handoutAction->setToolTip(tr("For class, on paper: one page per move, an exercise sheet, its answer sheet"));
    file->addSeparator();
    auto *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("quitAction"));
}

void MainWindow::buildMenus()
{
    buildFileMenu();

    QMenu *step = menuBar()->addMenu(tr("&Step"));
    m_steps = new StepActions(m_session, this);
    m_steps->addTo(step);
    connect(m_steps, &StepActions::aboutToMove, this, [this] { userMove([] {}); });
    connect(m_steps, &StepActions::blocked, this, [this](const QString &why) { statusBar()->showMessage(why, 5000); });

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addActions(m_runBar->runActions());
    run->addSeparator();
    auto *cancel = run->addAction(tr("Cancel running job"), m_jobs, &EngineJobs::cancel);
    cancel->setObjectName(QStringLiteral("cancelAction"));
    cancel->setShortcut(Qt::Key_Escape);
    connect(cancel, &QAction::triggered, m_backend, &ServerBackend::cancel); // a server being started

    QMenu *classroom = menuBar()->addMenu(tr("&Classroom"));
    m_presenter = new PresenterMode(this, this);
    classroom->addAction(m_presenter->toggleAction());
    connect(m_presenter, &PresenterMode::activeChanged, m_timeline, &TimelineView::setPresenterMode);
    // The teacher knows how to step: in the lecture arrangement the code gets the hint's line.
    connect(m_presenter, &PresenterMode::activeChanged, m_codePanels, &CodePanelStrip::setHintHidden);
    auto *verdict = new VerdictLine(m_dashboard, this);
    m_prediction->addConcealed(verdict);
    m_presenter->setVerdictLine(verdict);
    classroom->addSeparator();
    classroom->addAction(m_prediction->predictAction());
    classroom->addAction(m_prediction->revealAction());
    // A prepared lesson: PageDown / PageUp in presenter mode, as a presenter remote sends them.
    classroom->addSeparator();
    m_lessons = new LessonPlayer(m_session, m_sessions, this);
    classroom->addAction(m_lessons->openAction());
    classroom->addAction(m_lessons->saveMomentAction());
    classroom->addAction(m_lessons->nextAction());
    classroom->addAction(m_lessons->previousAction());
    connect(m_presenter, &PresenterMode::activeChanged, m_lessons, &LessonPlayer::setPresenting);
    connect(m_lessons, &LessonPlayer::failed, this, &MainWindow::showError);
    connect(m_lessons, &LessonPlayer::captionChanged, this,
            [this](const QString &caption) { statusBar()->showMessage(caption); });
    buildChallenges(); // the Challenges menu and dock, the forecast line, the caption overlay

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const auto docks = findChildren<QDockWidget *>();
    for (QDockWidget *dock : docks)
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    auto *fit = view->addAction(tr("Fit timeline to window"), m_timeline, &TimelineView::fitToWindow);
    fit->setShortcut(Qt::CTRL | Qt::Key_0);
    fit->setObjectName(QStringLiteral("fitAction"));
    auto *zoomIn = view->addAction(tr("Zoom in"), m_timeline, &TimelineView::zoomIn);
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    zoomIn->setObjectName(QStringLiteral("zoomInAction"));
    auto *zoomOut = view->addAction(tr("Zoom out"), m_timeline, &TimelineView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    zoomOut->setObjectName(QStringLiteral("zoomOutAction"));
    view->addSeparator();
    m_languages = new LanguageManager(this);
    view->addMenu(m_languages->createMenu(this));
    // Every text, the scenarios' included, is made in the new language by a new window.
    connect(m_languages, &LanguageManager::languageChanged, this,
            [this] { QTimer::singleShot(0, this, &MainWindow::languageSwitched); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    auto *keys = help->addAction(tr("&Keyboard reference"), this, &MainWindow::showKeyboardReference);
    keys->setObjectName(QStringLiteral("keysAction"));
    keys->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About Interleave"), this, &MainWindow::showAbout)
        ->setObjectName(QStringLiteral("aboutAction"));
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    DesktopLook::applyThemeIcons(this);
}

void MainWindow::buildStatusBar()
{
    statusBar()->addWidget(new MoveStatus(m_session, this), 1);
    new JobStatus(m_jobs, statusBar());
    connect(m_jobs, &EngineJobs::threadedRunFinished, this, &MainWindow::onThreadedRun);
    connect(m_jobs, &EngineJobs::comparisonFinished, this,
            [this](std::shared_ptr<const StrategyComparison> comparison) {
                m_strategyChart->setComparison(comparison);
                // Seven fixes need room: the comparison takes most of the right column for now.
                if (auto *dashboardDock = findChild<QDockWidget *>(QStringLiteral("dashboardDock"));
                    dashboardDock && !m_compareDock->isFloating())
                    resizeDocks({dashboardDock, m_compareDock}, {200, 700}, Qt::Vertical);
                m_compareDock->raise();
            });
}

void MainWindow::connectSession()
{
    connect(m_session, &ScenarioSession::scenarioChanged, this, [this] {
        const ScenarioSpec &spec = *m_session->scenario();
        m_strategyBar->setScenario(spec);
        m_modelBar->setScenario(spec);
        m_parameterBar->setScenario(spec);
    });
    connect(m_session, &ScenarioSession::variantChanged, this, &MainWindow::onVariantChanged);
    connect(m_session, &ScenarioSession::errorOccurred, this, &MainWindow::showError);

    connect(m_library, &ScenarioLibrary::scenarioChosen, this, [this](std::shared_ptr<const ScenarioSpec> spec) {
        userMove([this, spec] {
            QString error;
            if (!m_session->setScenario(spec, {}, {}, {}, &error))
                showError(error);
        });
    });
    connect(m_library, &ScenarioLibrary::openFileRequested, this, &MainWindow::openScenarioDialog);

    connect(m_codePanels, &CodePanelStrip::stepRequested, this,
            [this](int actor) { userMove([this, actor] { m_session->step(actor); }); });
    connect(m_codePanels, &CodePanelStrip::tickRequested, this, [this] { userMove([this] { m_session->tick(); }); });
    connect(m_codePanels, &CodePanelStrip::undoRequested, this, [this] { userMove([this] { m_session->undo(); }); });
    connect(m_codePanels, &CodePanelStrip::redoRequested, this, [this] { userMove([this] { m_session->redo(); }); });
    connect(m_codePanels, &CodePanelStrip::resetRequested, this, [this] { userMove([this] { m_session->reset(); }); });

    connect(m_timeline, &TimelineView::eventSelected, this, &MainWindow::onEventSelected);
    connect(m_timeline, &TimelineView::stepClicked, this, [this](int steps) {
        if (!m_timelineView->showsThreadedRun())
            userMove([this, steps] { m_session->seek(steps); });
    });
    connect(m_timeline, &TimelineView::contextMenuRequested, this,
            [this](const QPoint &pos, int) { showTimelineMenu(pos); });
    connect(m_narration, &NarrationPanel::eventClicked, this, &MainWindow::onNarrationClicked);
    connect(m_dashboard, &DashboardView::eventLinkActivated, this, [this](int event) {
        m_timeline->setSelectedEvent(event);
        onEventSelected(event);
    });
    connect(m_outcomes, &OutcomesPresenter::started, m_outcomeDock, &QDockWidget::raise);
    connect(m_outcomes, &OutcomesPresenter::scheduleChosen, this, [this](const QString &schedule) {
        userMove([this, schedule] {
            QString error;
            if (m_session->loadSchedule(schedule, &error))
                statusBar()->showMessage(
                    tr("Loaded the schedule %1. Undo (Backspace) to step back through it.").arg(schedule), 10000);
            else
                showError(error);
        });
    });
}
