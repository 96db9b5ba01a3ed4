#include "classroom/challengemode.h"

#include "classroom/challengecourse.h"
#include "explore/predictioncheck.h"
#include "window/scenariosession.h"
#include "window/windowsettings.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

using namespace Interleave;

ChallengeProgress SettingsProgressStore::load(const QString &challengeId) const
{
    return WindowSettings::loadChallenge(challengeId);
}

void SettingsProgressStore::save(const QString &challengeId, const ChallengeProgress &progress)
{
    WindowSettings::saveChallenge(challengeId, progress);
}

void SettingsProgressStore::resetAll()
{
    WindowSettings::resetChallenges();
}

ChallengeMode::ChallengeMode(ScenarioSession *session, ChallengeProgressStore *store, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_store(store)
{
    setObjectName(QStringLiteral("challengeMode"));
    m_course = ChallengeLoader::loadCourse();
    buildActions();
    // Two pages in one box, one shown: the dock is as tall as the page on screen needs.
    m_workPage = buildWorkPage();
    m_successPage = buildSuccessPage();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 1, 8, 1);
    layout->addWidget(m_workPage);
    layout->addWidget(m_successPage);
    m_successPage->hide();
    connect(&m_job, &ChallengeJob::progress, this, [this](qint64 states) {
        m_progressBar->setFormat(tr("Exploring every interleaving: %L1 states").arg(states));
    });
    connect(&m_job, &ChallengeJob::finished, this, &ChallengeMode::onGraded);
    for (QLabel *label : {m_title, m_task, m_verdict, m_found, m_successTitle, m_yours, m_simplest, m_teaches})
        label->installEventFilter(this);
    connect(m_session, &ScenarioSession::cursorChanged, this, &ChallengeMode::onCursorChanged);
    // Another scenario (the library, a file, a session) ends the challenge: its goal is not on screen any more.
    connect(m_session, &ScenarioSession::scenarioChanged, this, [this] {
        if (!m_loading && m_challenge && m_session->scenario() != m_challenge->scenario)
            leave();
    });
}

ChallengeMode::~ChallengeMode() = default;

void ChallengeMode::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitWrappedLabels();
}

bool ChallengeMode::eventFilter(QObject *watched, QEvent *event)
{
    // Presenter mode scales the labels' own fonts: their lines need another height.
    if (event->type() == QEvent::FontChange)
        QTimer::singleShot(0, this, &ChallengeMode::fitWrappedLabels);
    return QWidget::eventFilter(watched, event);
}

void ChallengeMode::fitWrappedLabels()
{
    // A dock does not ask its content's height for a width: the wrapped lines say how tall
    // they need to be, so no sentence of the task or the verdict is cut off.
    // The dock spans the window's width (top area); before the first layout its own width is not
    // known yet, and the window's is: the wider of the two.
    const int width = std::max(contentsRect().width(), window()->width()) - 24;
    if (width < 200)
        return;
    for (QLabel *label : {m_title, m_task, m_verdict, m_found, m_successTitle, m_yours, m_simplest, m_teaches}) {
        const int column = label == m_yours || label == m_simplest ? width / 2 : width; // side by side
        // Fixed, not only at least: the dock takes its content's size hint, and a wrapped label's
        // hint is for a narrower width (gaps between the rows).
        label->setFixedHeight(label->text().isEmpty() ? 0 : label->heightForWidth(column));
    }
}

bool ChallengeMode::startById(const QString &idOrPath, QString *error)
{
    const auto challenge = ChallengeLoader::resolve(idOrPath, error);
    return challenge && start(challenge, error);
}

bool ChallengeMode::start(std::shared_ptr<const Challenge> challenge, QString *error)
{
    auto grader = ChallengeGrader::create(challenge, error);
    if (!grader)
        return false;
    const bool wasActive = isActive();
    m_job.cancel();
    m_challenge = challenge;
    m_grader = std::move(grader);
    m_progress = m_store->load(challenge->id);
    m_nextHint = 0;
    m_choice = 0;
    m_choices->clear();
    for (int choice = 0; choice < challenge->choiceCount(); ++choice)
        m_choices->addItem(challenge->choiceLabel(choice));
    m_choices->setVisible(challenge->goal.kind == ChallengeGoal::FixFails);
    m_prediction->setVisible(challenge->goal.kind == ChallengeGoal::Predict);
    m_prediction->setText(m_progress.prediction);
    if (!loadVariant(0, error)) {
        leave();
        return false;
    }
    m_title->setText(challenge->title);
    m_task->setText(challenge->goalText);
    setVerdict(m_progress.solved ? tr("Solved before. Solve it again, or go on with Ctrl+N.") : QString());
    showSuccessPage(false);
    m_progressBar->setFormat(tr("Exploring every interleaving…"));
    m_progressBar->show();
    m_cancel->show();
    m_job.start(*m_grader);
    for (QAction *a : {m_checkAction, m_hintAction, m_nextAction, m_leaveAction})
        a->setEnabled(true);
    updateMoves();
    updateFound();
    fitWrappedLabels();
    if (!wasActive)
        emit activeChanged(true);
    return true;
}

bool ChallengeMode::loadVariant(int choice, QString *error)
{
    QString ignored;
    const auto compiled = m_challenge->compile(choice, error ? error : &ignored);
    if (!compiled)
        return false;
    m_loading = true;
    const bool ok = m_session->setScenario(m_challenge->scenario, compiled->strategy().id, compiled->model(),
                                           compiled->params(), error ? error : &ignored) &&
        m_session->setDatabase(compiled->database());
    if (ok)
        m_session->loadSchedule(Schedule{}, nullptr); // the student starts from the first move
    m_loading = false;
    m_choice = choice;
    m_choices->setCurrentIndex(choice);
    return ok;
}

void ChallengeMode::chooseVariant(int choice)
{
    QString error;
    if (isActive() && choice != m_choice && !loadVariant(choice, &error))
        emit failed(error);
    updateMoves();
}

void ChallengeMode::leave()
{
    if (!isActive())
        return;
    m_job.cancel();
    m_grader.reset();
    m_challenge.reset();
    for (QAction *a : {m_checkAction, m_hintAction, m_nextAction, m_leaveAction})
        a->setEnabled(false);
    emit activeChanged(false);
}

void ChallengeMode::cancelGrading()
{
    if (!m_job.isRunning())
        return;
    m_job.cancel();
    setVerdict(tr("Grading cancelled: schedules that reach or break something are still checked; "
                  "hints, predictions and \"find every\" need the explorer (Ctrl+G starts again)."));
}

void ChallengeMode::onGraded(std::shared_ptr<const ChallengeWork> work)
{
    m_progressBar->hide();
    m_cancel->hide();
    if (!m_grader || work->cancelled || int(work->explorations.size()) != m_grader->choiceCount())
        return;
    for (int choice = 0; choice < m_grader->choiceCount(); ++choice)
        m_grader->setExploration(choice, work->explorations[size_t(choice)]);
    if (m_challenge->goal.kind == ChallengeGoal::FindAll)
        m_grader->restoreFound(m_progress.schedules);
    updateFound();
    if (isSuccessShown())
        showSuccess(m_solvedWith); // solved before the explorer finished: now with the simplest beside it
    else
        onCursorChanged(); // a run that ended while the explorer counted is graded now
    emit gradingFinished();
}

void ChallengeMode::onCursorChanged()
{
    if (!isActive() || m_loading)
        return;
    updateMoves();
    const Stepper *stepper = m_session->stepper();
    // A run that has ended is checked at once: the student sees the verdict of every finished schedule.
    if (stepper && stepper->cursor() == stepper->length() && stepper->cursor() > 0 &&
        stepper->machine().isTerminal(stepper->state()) && m_challenge->goal.kind != ChallengeGoal::Predict)
        check();
    else if (isSuccessShown())
        showSuccessPage(false); // stepping back after success: play on
}

ChallengeVerdict ChallengeMode::check()
{
    ChallengeVerdict verdict;
    const Stepper *stepper = m_session->stepper();
    if (!isActive() || !stepper)
        return verdict;
    if (m_challenge->goal.kind == ChallengeGoal::Predict) {
        QString error;
        const auto values = PredictionCheck::parseValues(m_prediction->text(), &error);
        if (!values) {
            verdict.reason = error;
            showVerdict(verdict);
            return verdict;
        }
        verdict = m_grader->checkPrediction(*values);
        m_progress.prediction = m_prediction->text();
    } else {
        verdict = m_grader->check(stepper->schedule(), m_choice);
        if (verdict.newlyFound)
            m_progress.schedules = [this] {
                QStringList schedules;
                for (const FoundOutcome &f : m_grader->found())
                    schedules << f.schedule;
                return schedules;
            }();
    }
    showVerdict(verdict);
    if (verdict.solved) {
        m_progress.solved = true;
        if (m_challenge->goal.kind != ChallengeGoal::FindAll && m_challenge->goal.kind != ChallengeGoal::Predict)
            m_progress.schedules = {stepper->schedule().toString(stepper->machine())};
        showSuccess(m_challenge->goal.kind == ChallengeGoal::Predict
                        ? m_prediction->text()
                        : stepper->schedule().toString(stepper->machine()));
    }
    saveProgress();
    if (verdict.solved)
        emit solved(m_challenge->id);
    return verdict;
}

void ChallengeMode::showSuccessPage(bool success)
{
    m_workPage->setVisible(!success);
    m_successPage->setVisible(success);
}

void ChallengeMode::setVerdict(const QString &text)
{
    m_verdict->setText(text);
    m_verdict->setVisible(!text.isEmpty()); // no empty line under the buttons
    fitWrappedLabels();
}

void ChallengeMode::showVerdict(const ChallengeVerdict &verdict)
{
    QString reason = verdict.reason;
    if (m_challenge->goal.kind == ChallengeGoal::FindAll) // "2 of 3 found." is beside the buttons already
        reason = reason.remove(m_grader->progressText()).trimmed();
    setVerdict(reason);
    updateFound();
}

void ChallengeMode::showSuccess(const QString &studentSchedule)
{
    m_solvedWith = studentSchedule;
    m_successTitle->setText(tr("Solved: %1").arg(m_challenge->title));
    const Machine &machine = *m_grader->machine(m_choice);
    int simplestChoice = 0;
    const std::optional<Schedule> simplest = m_grader->simplestSolution(&simplestChoice);
    if (m_challenge->goal.kind == ChallengeGoal::Predict) {
        m_yours->setText(tr("<b>Your prediction</b><br>%1").arg(studentSchedule.toHtmlEscaped()));
        m_simplest->setText(tr("<b>The explorer</b><br>%1").arg(m_verdict->text().toHtmlEscaped()));
    } else if (m_challenge->goal.kind == ChallengeGoal::FindAll) {
        const QString found = m_found->toolTip().toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
        m_yours->setText(tr("<b>Your schedules</b><br>%1").arg(found));
        m_simplest->setText(tr("<b>Every outcome that breaks a rule</b><br>%1").arg(m_grader->progressText()));
    } else {
        m_yours->setText(tr("<b>Your schedule:</b> <tt>%1</tt>").arg(studentSchedule.toHtmlEscaped()));
        m_simplest->setText(
            simplest ? tr("<b>The simplest:</b> <tt>%1</tt>").arg(simplest->toString(machine).toHtmlEscaped())
                     : tr("<b>The simplest:</b> the explorer has not finished"));
    }
    m_teaches->setText(m_challenge->teaches);
    showSuccessPage(true);
    fitWrappedLabels();
}

ChallengeHint ChallengeMode::showHint()
{
    if (!isActive())
        return {};
    const ChallengeHint hint = m_grader->hint(m_nextHint);
    if (m_grader->isExplored())
        m_nextHint = (m_nextHint + 1) % m_grader->hintCount();
    m_progress.hintsShown = std::max(m_progress.hintsShown, m_nextHint);
    saveProgress();
    setVerdict(tr("Hint: %1").arg(hint.text));
    // The hint names a program's line; the code panels are per request: the first that runs it.
    const Machine &machine = *m_grader->machine(m_choice);
    for (int actor = 0; hint.line >= 0 && actor < machine.actorCount(); ++actor)
        if (machine.actor(actor).program == hint.program) {
            emit hintLine(actor, hint.line);
            break;
        }
    return hint;
}

void ChallengeMode::setPrediction(const QString &values)
{
    m_prediction->setText(values);
}

void ChallengeMode::resetProgress()
{
    m_store->resetAll();
    m_progress = {};
    if (isActive())
        start(m_challenge, nullptr); // the found outcomes are forgotten too
}

void ChallengeMode::updateMoves()
{
    const Stepper *stepper = m_session->stepper();
    if (!isActive() || !stepper)
        return;
    const int most = m_challenge->goal.maxMoves;
    m_moves->setText(most > 0 ? tr("Moves: %1 of at most %2").arg(stepper->cursor()).arg(most)
                              : tr("Moves: %1").arg(stepper->cursor()));
}

void ChallengeMode::updateFound()
{
    if (!isActive() || m_challenge->goal.kind != ChallengeGoal::FindAll) {
        m_found->clear();
        m_found->hide();
        m_foundCount->hide();
        return;
    }
    // "2 of 3 found." beside the buttons; the schedules that found them on one line below,
    // each outcome in full in the tooltip (a 720 px screen has no room for a line each).
    m_foundCount->setText(m_grader->progressText());
    m_foundCount->show();
    QStringList schedules, outcomes;
    for (const FoundOutcome &f : m_grader->found()) {
        schedules << tr("✓ %1").arg(f.schedule);
        outcomes << tr("✓ %1 — %2").arg(f.schedule, f.description);
    }
    m_found->setText(schedules.join(QStringLiteral("     ")));
    m_found->setToolTip(outcomes.join(u'\n'));
    m_found->setVisible(!schedules.isEmpty());
    fitWrappedLabels();
}

void ChallengeMode::saveProgress()
{
    if (isActive())
        m_store->save(m_challenge->id, m_progress);
}

void ChallengeMode::openCourseDialog()
{
    ChallengeCourseDialog dialog(m_course, *m_store, window());
    const int result = dialog.exec();
    if (result == ChallengeCourseDialog::OpenFile)
        return openFileDialog();
    if (result == ChallengeCourseDialog::ResetProgress)
        return m_resetAction->trigger();
    QString error;
    if (result == QDialog::Accepted && dialog.chosenRow() >= 0 && !start(m_course.at(dialog.chosenRow()), &error))
        emit failed(error);
}

void ChallengeMode::openFileDialog()
{
    const QString path = QFileDialog::getOpenFileName(window(), tr("Open challenge"), QString(),
                                                      tr("Challenge files (*.json);;All files (*)"));
    QString error;
    if (!path.isEmpty() && !startById(path, &error))
        emit failed(error);
}

void ChallengeMode::startNext()
{
    int row = -1;
    for (int i = 0; i < m_course.size(); ++i)
        if (m_challenge && m_course.at(i)->id == m_challenge->id)
            row = i;
    QString error;
    if (row + 1 < m_course.size() && !start(m_course.at(row + 1), &error))
        emit failed(error);
}

QString ChallengeMode::titleText() const
{
    return m_title->text();
}

QString ChallengeMode::verdictText() const
{
    return m_verdict->text();
}

QString ChallengeMode::foundText() const
{
    return m_foundCount->text() + u'\n' + m_found->text();
}

bool ChallengeMode::isSuccessShown() const
{
    return isActive() && !m_successPage->isHidden();
}

QString ChallengeMode::successText() const
{
    return QStringList{m_successTitle->text(), m_yours->text(), m_simplest->text()}.join(u'\n');
}
