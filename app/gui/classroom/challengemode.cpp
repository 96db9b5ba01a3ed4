#include "classroom/challengemode.h"

#include "classroom/challengecourse.h"
#include "explore/predictioncheck.h"
#include "window/scenariosession.h"
#include "window/windowsettings.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
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

namespace {
QLabel *wrappedLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

void scaleFont(QWidget *widget, qreal factor, bool bold)
{
    QFont f = widget->font();
    f.setPointSizeF(f.pointSizeF() * factor);
    f.setBold(bold);
    widget->setFont(f);
}

QAction *makeAction(const QString &text, const QString &name, const QKeySequence &key, QObject *parent)
{
    auto *action = new QAction(text, parent);
    action->setObjectName(name);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WindowShortcut);
    return action;
}
} // namespace

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

void ChallengeMode::buildActions()
{
    m_courseAction =
        makeAction(tr("&Challenges…"), QStringLiteral("challengeCourseAction"), Qt::CTRL | Qt::Key_G, this);
    m_courseAction->setToolTip(tr("The course: be the scheduler and reach each goal; the explorer grades"));
    connect(m_courseAction, &QAction::triggered, this, &ChallengeMode::openCourseDialog);
    m_openFileAction = makeAction(tr("Open challenge &file…"), QStringLiteral("challengeFileAction"),
                                  Qt::CTRL | Qt::SHIFT | Qt::Key_G, this);
    connect(m_openFileAction, &QAction::triggered, this, &ChallengeMode::openFileDialog);
    m_checkAction =
        makeAction(tr("C&heck the challenge"), QStringLiteral("challengeCheckAction"), Qt::CTRL | Qt::Key_Return, this);
    connect(m_checkAction, &QAction::triggered, this, [this] { check(); });
    m_hintAction = makeAction(tr("&Hint"), QStringLiteral("challengeHintAction"), Qt::CTRL | Qt::Key_H, this);
    connect(m_hintAction, &QAction::triggered, this, [this] { showHint(); });
    m_nextAction = makeAction(tr("&Next challenge"), QStringLiteral("challengeNextAction"), Qt::CTRL | Qt::Key_N, this);
    connect(m_nextAction, &QAction::triggered, this, &ChallengeMode::startNext);
    m_leaveAction = makeAction(tr("&Leave challenge mode"), QStringLiteral("challengeLeaveAction"),
                               Qt::CTRL | Qt::SHIFT | Qt::Key_L, this);
    connect(m_leaveAction, &QAction::triggered, this, &ChallengeMode::leave);
    m_resetAction = makeAction(tr("&Reset progress…"), QStringLiteral("challengeResetAction"),
                               Qt::CTRL | Qt::SHIFT | Qt::Key_R, this);
    connect(m_resetAction, &QAction::triggered, this, [this] {
        if (QMessageBox::question(this, tr("Reset progress"),
                                  tr("Forget every solved challenge and every outcome found?")) == QMessageBox::Yes)
            resetProgress();
    });
    for (QAction *a : {m_checkAction, m_hintAction, m_nextAction, m_leaveAction})
        a->setEnabled(false);
}

QList<QAction *> ChallengeMode::actions() const
{
    return {m_courseAction, m_openFileAction, m_checkAction, m_hintAction, m_nextAction, m_leaveAction, m_resetAction};
}

QWidget *ChallengeMode::buildWorkPage()
{
    auto *page = new QWidget(this);
    auto *grid = new QGridLayout(page);
    grid->setContentsMargins(0, 0, 0, 0);
    m_title = wrappedLabel(QStringLiteral("challengeTitle"), page);
    scaleFont(m_title, 1.8, true); // the goal, read from the back of the room
    m_moves = wrappedLabel(QStringLiteral("challengeMoves"), page);
    scaleFont(m_moves, 1.3, true);
    m_moves->setWordWrap(false);
    m_task = wrappedLabel(QStringLiteral("challengeTask"), page);
    scaleFont(m_task, 1.15, false);
    grid->addWidget(m_title, 0, 0);
    grid->addWidget(m_moves, 0, 1, Qt::AlignRight | Qt::AlignVCenter);
    grid->addWidget(m_task, 1, 0, 1, 2);

    auto *row = new QHBoxLayout;
    m_choices = new QComboBox(page);
    m_choices->setObjectName(QStringLiteral("challengeChoices"));
    connect(m_choices, &QComboBox::activated, this, &ChallengeMode::chooseVariant);
    m_prediction = new QLineEdit(page);
    m_prediction->setObjectName(QStringLiteral("challengePrediction"));
    m_prediction->setPlaceholderText(tr("Every possible final value, for example 1100, 1300"));
    connect(m_prediction, &QLineEdit::returnPressed, this, [this] { check(); });
    auto *checkButton = new QPushButton(tr("Check (Ctrl+Enter)"), page);
    connect(checkButton, &QPushButton::clicked, this, [this] { check(); });
    auto *hintButton = new QPushButton(tr("Hint (Ctrl+H)"), page);
    connect(hintButton, &QPushButton::clicked, this, [this] { showHint(); });
    m_progressBar = new QProgressBar(page);
    m_progressBar->setObjectName(QStringLiteral("challengeProgress"));
    m_progressBar->setRange(0, 0); // how many states there are is what it finds out
    m_progressBar->setTextVisible(true);
    m_cancel = new QPushButton(tr("Cancel (Esc)"), page);
    m_cancel->setObjectName(QStringLiteral("challengeCancel"));
    connect(m_cancel, &QPushButton::clicked, this, &ChallengeMode::cancelGrading);
    m_foundCount = new QLabel(page);
    m_foundCount->setObjectName(QStringLiteral("challengeFoundCount"));
    scaleFont(m_foundCount, 1.15, true);
    for (QWidget *w : std::initializer_list<QWidget *>{m_choices, m_prediction, checkButton, hintButton, m_foundCount,
                                                       m_progressBar, m_cancel})
        row->addWidget(w);
    row->addStretch(1);
    grid->addLayout(row, 2, 0, 1, 2);

    m_verdict = wrappedLabel(QStringLiteral("challengeVerdict"), page);
    scaleFont(m_verdict, 1.0, true);
    m_found = wrappedLabel(QStringLiteral("challengeFound"), page);
    grid->addWidget(m_verdict, 3, 0, 1, 2);
    grid->addWidget(m_found, 4, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setVerticalSpacing(2); // every pixel of height goes to the timeline and the code
    grid->setRowStretch(5, 1); // spare height below, not between the lines
    return page;
}

QWidget *ChallengeMode::buildSuccessPage()
{
    // In a scroll area: in presenter mode a long German or Spanish lesson text would otherwise
    // make the window taller than the projector; a page that does not fit scrolls instead.
    auto *area = new QScrollArea(this);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidgetResizable(true);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *page = new QWidget(area);
    auto *grid = new QGridLayout(page);
    grid->setContentsMargins(0, 0, 0, 0);
    m_successTitle = wrappedLabel(QStringLiteral("challengeSuccessTitle"), page);
    scaleFont(m_successTitle, 1.8, true);
    m_yours = wrappedLabel(QStringLiteral("challengeYours"), page);
    m_simplest = wrappedLabel(QStringLiteral("challengeSimplest"), page);
    for (QLabel *l : {m_yours, m_simplest}) {
        scaleFont(l, 1.3, false);
        l->setTextFormat(Qt::RichText);
    }
    m_teaches = wrappedLabel(QStringLiteral("challengeTeaches"), page);
    scaleFont(m_teaches, 1.1, false);
    auto *next = new QPushButton(tr("Next challenge (Ctrl+N)"), page);
    connect(next, &QPushButton::clicked, this, &ChallengeMode::startNext);
    auto *course = new QPushButton(tr("Course (Ctrl+G)"), page);
    connect(course, &QPushButton::clicked, this, &ChallengeMode::openCourseDialog);
    // The buttons beside the title: a 720 px screen has no row to spare for them.
    auto *top = new QHBoxLayout;
    top->addWidget(m_successTitle, 1);
    top->addWidget(next);
    top->addWidget(course);
    grid->addLayout(top, 0, 0, 1, 2);
    grid->addWidget(m_yours, 1, 0);
    grid->addWidget(m_simplest, 1, 1);
    grid->addWidget(m_teaches, 2, 0, 1, 2);
    grid->setRowStretch(3, 1); // spare height below, not between the lines
    grid->setVerticalSpacing(2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    area->setWidget(page);
    return area;
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
