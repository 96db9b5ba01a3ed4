#pragma once

#include "challenge/challengeprogress.h"
#include "machine/machine.h"
#include "scenario/scenario.h"
#include "trace/traceanalysis.h"
#include "window/enginejobs.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>

class CaptionOverlay;
class ChallengeMode;
class CodePanelStrip;
class ForecastPresenter;

class JobStatus;
class LanguageManager;
class LessonBanner;
class PredictionPanel;
class PresenterMode;
class RunToolBar;
class ServerBackend;
class SessionActions;
class SideBySideView;
class DashboardView;
class NarrationModel;
class NarrationPanel;
class OutcomeChart;
class OutcomesPresenter;
class ParameterBar;
class PlayController;
class QAction;
class QApplication;
class QComboBox;
class QLabel;
class QSplitter;
class QListView;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QDockWidget;
class RecentFiles;
class ScenarioFiles;
class ScenarioLibrary;
class ScenarioSession;
class StepActions;
class TimelinePresenter;
class StrategyChart;
class ModelBar;
class LessonPlayer;
class StrategyBar;
class WaitForGraphView;
class TimelineView;

// The window a teacher projects and a student steps through: the scenario
// library (left), fix/model/parameter toolbars, the timeline over one code
// panel per actor (centre), the dashboard, outcome charts and wait-for graph
// (right) and the narration (bottom). It owns no engine logic and pushes no
// state: the views follow the session themselves; the window builds them and
// wires the session, the background jobs and the views together.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Options
    {
        bool restoreSettings = true; // off for screenshots and benchmarks
        bool saveSettings = true;
        // Neither reads nor writes QSettings: for tests, screenshots and benchmarks.
        static Options quiet() { return Options{false, false}; }
    };
    explicit MainWindow(QWidget *parent = nullptr);
    explicit MainWindow(const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Names for QSettings, the version, the saved language, and a base font large enough for a projector.
    static void setUpApplication(QApplication &app);

    // What a rebuilt window needs to look the same: after a language switch,
    // every text is made anew by building a new window from this.
    struct Snapshot
    {
        QString scenario; // built-in id or file path
        QString strategy;
        QString model;
        QString database; // "mysql/rr"
        QString backend; // "model", "mariadb", "postgres": the new window starts its own server
        QHash<QString, int64_t> params;
        QString schedule; // every move, redoable ones included
        int cursor = 0;
        QByteArray geometry;
        QByteArray dockState;
        bool explored = false; // the Outcomes panel showed every interleaving: explore again
    };
    Snapshot snapshot() const;
    void applySnapshot(const Snapshot &snapshot);

    // Loads a scenario by built-in id or file path; false with the error shown in the window.
    bool openScenario(const QString &idOrPath);
    bool openScenarioFile(const QString &path);
    bool setSchedule(const QString &schedule);

    // For tests, the benchmark and the screenshot tool.
    ScenarioSession *session() const { return m_session; }
    ScenarioLibrary *library() const { return m_library; }
    StrategyBar *strategyBar() const { return m_strategyBar; }
    LessonPlayer *lessonPlayer() const { return m_lessons; }
    ModelBar *modelBar() const { return m_modelBar; }
    ServerBackend *serverBackend() const { return m_backend; }
    ParameterBar *parameterBar() const { return m_parameterBar; }
    CodePanelStrip *codePanels() const { return m_codePanels; }
    DashboardView *dashboard() const { return m_dashboard; }
    OutcomeChart *outcomeChart() const { return m_outcomeChart; }
    StrategyChart *strategyChart() const { return m_strategyChart; }
    WaitForGraphView *waitForGraph() const { return m_waitForGraph; }
    NarrationModel *narration() const;
    TimelineView *timeline() const { return m_timeline; }
    EngineJobs *jobs() const { return m_jobs; }
    PlayController *player() const { return m_player; }
    RunToolBar *runBar() const { return m_runBar; }
    StepActions *stepActions() const { return m_steps; }
    SideBySideView *sideBySide() const { return m_sideBySide; }
    QString errorText() const; // the error banner, empty when hidden
    QString lessonText() const; // the line under the title: variant and whether it can go wrong here
    LessonBanner *lessonBanner() const { return m_banner; }
    QString statusText() const;
    std::shared_ptr<const Interleave::ExplorerResult> lastExploration() const;
    QAction *action(const QString &name) const; // by objectName
    PresenterMode *presenterMode() const { return m_presenter; }
    // The docks a lecture layout may hide (library, narration, outcomes, comparison,
    // wait-for graph, prediction); the dashboard and the centre are primary.
    QList<QDockWidget *> secondaryDocks() const;
    PredictionPanel *predictionPanel() const { return m_prediction; }

    // ---- Challenges, the forecast and the lesson caption (mainwindowchallenge.cpp) ----
    ChallengeMode *challengeMode() const { return m_challenges; }
    ForecastPresenter *forecast() const { return m_forecast; }
    CaptionOverlay *captionOverlay() const { return m_caption; }

public slots:
    void exploreAll();
    void runTrials();
    void runOnThreads();
    void compareStrategies();
    void showMeTheBug();
    void showKeyboardReference();
    void showAbout();
    void openScenarioDialog();
    void exportDialog(int content = 0); // an ExportDialog::Content; 0: the whole timeline

signals:
    void scenarioLoadFailed(const QString &error);
    // The language changed: main() replaces this window by one built from snapshot().
    void languageSwitched();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildCentre();
    void buildDocks();
    void buildPredictionDock(QDockWidget *dashboardDock);
    void buildToolbars();
    void buildMenus();
    void buildFileMenu();
    void buildStatusBar();
    void connectSession();
    void restoreSettings();
    void restoreDatabase(const QString &database);
    void saveSettings() const;

    void onVariantChanged();
    void showError(const QString &text);
    void hideError();
    void userMove(const std::function<void()> &move); // leaves the threaded-run view first
    void onEventSelected(int event);
    void onNarrationClicked(int event, int actor);
    void onThreadedRun(std::shared_ptr<const Interleave::ThreadedTrial> trial,
                       std::shared_ptr<const Interleave::Machine> machine);
    void showTimelineMenu(const QPoint &globalPos);

    // ---- Challenges, the forecast and the lesson caption (mainwindowchallenge.cpp) ----
    void buildChallenges(); // after the menus: needs the lesson player, presenter mode and prediction
    void onChallengeActive(bool active);
    void onLessonPredict(const QString &figure);
    void onLessonChallenge(const QString &challenge);
    void updateConcealedAnswers();

    Options m_options;
    PresenterMode *m_presenter = nullptr;
    PredictionPanel *m_prediction = nullptr;
    LanguageManager *m_languages = nullptr;
    SessionActions *m_sessions = nullptr;
    ScenarioFiles *m_files = nullptr;
    RecentFiles *m_recent = nullptr; // File › Open Recent
    ScenarioSession *m_session = nullptr;
    EngineJobs *m_jobs = nullptr;
    PlayController *m_player = nullptr;

    ScenarioLibrary *m_library = nullptr;
    StrategyBar *m_strategyBar = nullptr;
    LessonPlayer *m_lessons = nullptr;
    ModelBar *m_modelBar = nullptr;
    ServerBackend *m_backend = nullptr; // model, or a private MariaDB / PostgreSQL besides it
    ParameterBar *m_parameterBar = nullptr;
    CodePanelStrip *m_codePanels = nullptr;
    QSplitter *m_centreSplitter = nullptr; // timeline above, code panels below; sizes persist
    DashboardView *m_dashboard = nullptr;
    OutcomeChart *m_outcomeChart = nullptr;
    OutcomesPresenter *m_outcomes = nullptr;
    StrategyChart *m_strategyChart = nullptr;
    QDockWidget *m_outcomeDock = nullptr;
    QDockWidget *m_compareDock = nullptr;
    WaitForGraphView *m_waitForGraph = nullptr;
    NarrationPanel *m_narration = nullptr;
    SideBySideView *m_sideBySide = nullptr;
    TimelineView *m_timeline = nullptr;
    TimelinePresenter *m_timelineView = nullptr; // decides what the timeline shows
    LessonBanner *m_banner = nullptr;

    RunToolBar *m_runBar = nullptr;
    StepActions *m_steps = nullptr;

    // ---- Challenges, the forecast and the lesson caption (mainwindowchallenge.cpp) ----
    std::unique_ptr<Interleave::ChallengeProgressStore> m_progressStore;
    ChallengeMode *m_challenges = nullptr;
    QDockWidget *m_challengeDock = nullptr;
    ForecastPresenter *m_forecast = nullptr;
    CaptionOverlay *m_caption = nullptr;
    QList<QWidget *> m_barsHiddenForChallenge; // toolbars challenge mode hid, shown again on leaving
};
