#include "classroom/challengecourse.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Interleave;

ChallengeCourseDialog::ChallengeCourseDialog(const QList<std::shared_ptr<const Challenge>> &course,
                                             const ChallengeProgressStore &store, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Challenges"));
    setObjectName(QStringLiteral("challengeCourse"));
    auto *layout = new QVBoxLayout(this);
    int solved = 0;
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("challengeList"));
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    int firstOpen = -1;
    for (int row = 0; row < course.size(); ++row) {
        const bool done = store.load(course.at(row)->id).solved;
        solved += done ? 1 : 0;
        if (!done && firstOpen < 0)
            firstOpen = row;
        auto *item = new QListWidgetItem(itemText(row, *course.at(row), done), m_list);
        item->setToolTip(course.at(row)->goalText);
    }
    auto *summary = new QLabel(tr("You are the scheduler: choose who moves next until the goal is reached. "
                                  "%1 of %2 solved.")
                                   .arg(solved)
                                   .arg(course.size()),
                               this);
    summary->setWordWrap(true);
    layout->addWidget(summary);
    layout->addWidget(m_list, 1);
    m_list->setCurrentRow(std::max(firstOpen, 0));
    connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *open = buttons->addButton(tr("&Start"), QDialogButtonBox::AcceptRole);
    open->setDefault(true);
    QPushButton *file = buttons->addButton(tr("Open challenge &file…"), QDialogButtonBox::ActionRole);
    connect(file, &QPushButton::clicked, this, [this] { done(OpenFile); });
    QPushButton *reset = buttons->addButton(tr("&Reset progress…"), QDialogButtonBox::ResetRole);
    connect(reset, &QPushButton::clicked, this, [this] { done(ResetProgress); });
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, 520);
}

int ChallengeCourseDialog::chosenRow() const
{
    return m_list->currentRow();
}

QString ChallengeCourseDialog::itemText(int row, const Challenge &challenge, bool solved)
{
    const QString mark = solved ? QStringLiteral("✓") : QStringLiteral("   ");
    if (challenge.teaches.isEmpty())
        return QStringLiteral("%1 %2. %3").arg(mark).arg(row + 1).arg(challenge.title);
    return QStringLiteral("%1 %2. %3 — %4").arg(mark).arg(row + 1).arg(challenge.title, challenge.teaches);
}
