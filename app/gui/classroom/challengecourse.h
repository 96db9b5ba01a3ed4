#pragma once

#include "challenge/challenge.h"
#include "challenge/challengeprogress.h"

#include <QDialog>

#include <memory>

class QListWidget;

// Challenges › Course…: the built-in course in order, each with what it teaches and a tick
// when solved; Enter opens one. "Open challenge file…" and "Reset progress" are here too.
class ChallengeCourseDialog : public QDialog
{
    Q_OBJECT
public:
    enum Choice {
        OpenChosen = QDialog::Accepted,
        OpenFile = 2,
        ResetProgress = 3
    };
    ChallengeCourseDialog(const QList<std::shared_ptr<const Interleave::Challenge>> &course,
                          const Interleave::ChallengeProgressStore &store, QWidget *parent = nullptr);
    int chosenRow() const;
    QListWidget *list() const { return m_list; }
    // "✓ 3. Lose a deposit — The lost update: …"
    static QString itemText(int row, const Interleave::Challenge &challenge, bool solved);

private:
    QListWidget *m_list = nullptr;
};
