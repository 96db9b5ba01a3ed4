// MainWindow, part three: challenge mode, the forecast line with the point of no return on
// the timeline, and a lesson's caption over the centre in presenter mode. Kept apart so the
// window's build and its reactions stay readable.
#include "window/mainwindow.h"

#include "classroom/captionoverlay.h"
#include "classroom/challengemode.h"
#include "classroom/lessonbanner.h"
#include "classroom/lessonplayer.h"
#include "classroom/predictionpanel.h"
#include "classroom/presentermode.h"
#include "dashboard/codepanelstrip.h"
#include "timeline/timelineview.h"
#include "window/forecastpresenter.h"
#include "window/scenariosession.h"

#include <QAction>
#include <QBoxLayout>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Interleave;

void MainWindow::buildChallenges()
{
    // Tests, screenshots and benchmarks leave the student's progress alone.
    if (m_options.restoreSettings && m_options.saveSettings)
        m_progressStore = std::make_unique<SettingsProgressStore>();
    else
        m_progressStore = std::make_unique<MemoryProgressStore>();
    m_challenges = new ChallengeMode(m_session, m_progressStore.get(), this);
    m_challengeDock = new QDockWidget(tr("Challenge"), this);
    m_challengeDock->setObjectName(QStringLiteral("challengeDock"));
    m_challengeDock->setWidget(m_challenges);
    m_challengeDock->setFeatures(QDockWidget::NoDockWidgetFeatures);
    // Its goal is its title, in large type: no title bar above it (a 720 px screen has no row to spare).
    m_challengeDock->setTitleBarWidget(new QWidget(m_challengeDock));
    addDockWidget(Qt::TopDockWidgetArea, m_challengeDock);
    m_challengeDock->hide();

    QMenu *menu = menuBar()->addMenu(tr("Challen&ges"));
    const QList<QAction *> actions = m_challenges->actions();
    for (QAction *action : actions) {
        menu->addAction(action);
        addAction(action); // the keys work with the menu bar hidden (presenter mode)
        if (action == m_challenges->openFileAction() || action == m_challenges->leaveAction())
            menu->addSeparator();
    }
    connect(m_challenges, &ChallengeMode::activeChanged, this, &MainWindow::onChallengeActive);
    connect(m_challenges, &ChallengeMode::solved, this, &MainWindow::updateConcealedAnswers);
    connect(m_challenges, &ChallengeMode::failed, this, &MainWindow::showError);
    connect(m_challenges, &ChallengeMode::hintLine, m_codePanels, &CodePanelStrip::setSelectedLine);
    if (QAction *cancel = action(QStringLiteral("cancelAction")))
        connect(cancel, &QAction::triggered, m_challenges, &ChallengeMode::cancelGrading);

    // The forecast line in the status bar, its mark over the timeline.
    m_forecast = new ForecastPresenter(m_session, m_timeline, this);
    statusBar()->addPermanentWidget(m_forecast->line(), 2);
    connect(m_prediction, &PredictionPanel::concealingChanged, this, &MainWindow::updateConcealedAnswers);
    // … and in the narration: the sentence that says which move decided it, under the story.
    if (auto *narrationDock = findChild<QDockWidget *>(QStringLiteral("narrationDock"))) {
        auto *box = new QWidget(narrationDock);
        auto *layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        layout->addWidget(narrationDock->widget(), 1);
        layout->addWidget(m_forecast->narrationNote());
        narrationDock->setWidget(box);
    }

    m_caption = new CaptionOverlay(centralWidget());
    connect(m_lessons, &LessonPlayer::momentCaptionChanged, m_caption, &CaptionOverlay::setCaption);
    connect(m_lessons, &LessonPlayer::predictRequested, this, &MainWindow::onLessonPredict);
    connect(m_lessons, &LessonPlayer::challengeRequested, this, &MainWindow::onLessonChallenge);
    connect(m_presenter, &PresenterMode::activeChanged, this, [this](bool active) {
        m_caption->setPresenting(active);
        if (active && m_challenges->isActive())
            m_challengeDock->show(); // the lecture arrangement keeps the goal in sight
    });
}

void MainWindow::onChallengeActive(bool active)
{
    // The toolbars would let the student change the variant under the goal: out of the way.
    if (active) {
        for (QToolBar *bar : findChildren<QToolBar *>(Qt::FindDirectChildrenOnly))
            if (bar->isVisibleTo(this)) { // also before the window is first shown
                m_barsHiddenForChallenge << bar;
                bar->hide();
            }
        m_challengeDock->show();
        m_challengeDock->raise();
    } else {
        for (QWidget *bar : std::as_const(m_barsHiddenForChallenge))
            bar->show();
        m_barsHiddenForChallenge.clear();
        m_challengeDock->hide();
    }
    updateConcealedAnswers();
}

void MainWindow::updateConcealedAnswers()
{
    // What is still possible is the answer to a prediction and a hint to a challenge; so is
    // "this fix holds here" when the challenge is to find where it does not.
    const bool challengeOpen = m_challenges->isActive() && !m_challenges->isSuccessShown();
    m_forecast->setConcealed(m_prediction->isConcealing() || challengeOpen);
    if (m_prediction->isConcealing())
        m_banner->setVerdict(LessonBanner::Verdict::HiddenForPrediction);
    else if (challengeOpen)
        m_banner->setVerdict(LessonBanner::Verdict::HiddenForChallenge);
    else
        m_banner->setVerdict(LessonBanner::Verdict::Shown);
}

void MainWindow::onLessonPredict(const QString &figure)
{
    if (figure.isEmpty()) {
        if (m_prediction->isConcealing())
            m_prediction->predictAction()->setChecked(false);
        return;
    }
    int index = 0;
    if (const Machine *machine = m_session->machine())
        for (size_t i = 0; i < machine->figures().size(); ++i)
            if (machine->figures()[i].label == figure)
                index = int(i);
    m_prediction->startRound();
    m_prediction->setPrediction(index, QString());
}

void MainWindow::onLessonChallenge(const QString &challenge)
{
    if (challenge.isEmpty()) {
        m_challenges->leave();
        return;
    }
    QString error;
    if (!m_challenges->startById(challenge, &error))
        showError(error);
}
