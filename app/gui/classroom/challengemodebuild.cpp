// ChallengeMode's parts: its actions (the Challenges menu and their keys), the work page
// (goal, moves, choices, check, hint, progress, verdict) and the success page.

#include "classroom/challengemode.h"

#include <QAction>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>

using namespace Interleave;

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
