#pragma once

#include "challenge/challengegrader.h"
#include "challenge/challengejob.h"
#include "challenge/challengeprogress.h"

#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class ScenarioSession;

// The student's QSettings (per user), through the window's typed settings.
class SettingsProgressStore : public Interleave::ChallengeProgressStore
{
public:
    Interleave::ChallengeProgress load(const QString &challengeId) const override;
    void save(const QString &challengeId, const Interleave::ChallengeProgress &progress) override;
    void resetAll() override;
};

// Challenge mode: the student is the scheduler and the explorer grades. The goal in large
// type, the moves counted (Undo is the stepper's), a hint on request, "2 of 3 found" for
// "find every" goals, an exact grade for predictions and a success page with the student's
// schedule beside the simplest one. The explorations run on the thread pool (ChallengeJob)
// with progress and cancel; a run that ends is checked at once, Ctrl+Return checks any time.
class ChallengeMode : public QWidget
{
    Q_OBJECT
public:
    ChallengeMode(ScenarioSession *session, Interleave::ChallengeProgressStore *store, QWidget *parent = nullptr);
    ~ChallengeMode() override;

    QAction *courseAction() const { return m_courseAction; } // Ctrl+G: the course dialog
    QAction *openFileAction() const { return m_openFileAction; } // Ctrl+Shift+G
    QAction *checkAction() const { return m_checkAction; } // Ctrl+Return
    QAction *hintAction() const { return m_hintAction; } // Ctrl+H
    QAction *nextAction() const { return m_nextAction; } // Ctrl+N
    QAction *leaveAction() const { return m_leaveAction; } // Ctrl+Shift+L
    QAction *resetProgressAction() const { return m_resetAction; } // Ctrl+Shift+R, asks first
    QList<QAction *> actions() const;

    const QList<std::shared_ptr<const Interleave::Challenge>> &course() const { return m_course; }
    Interleave::ChallengeProgressStore *store() const { return m_store; }
    // Loads the challenge's variant into the session and starts grading in the background.
    bool start(std::shared_ptr<const Interleave::Challenge> challenge, QString *error);
    bool startById(const QString &idOrPath, QString *error); // a built-in id or a challenge file
    void leave();
    bool isActive() const { return m_grader != nullptr; }
    const Interleave::ChallengeGrader *grader() const { return m_grader.get(); }
    bool isGrading() const { return m_job.isRunning(); }
    void cancelGrading();

    Interleave::ChallengeVerdict check(); // the schedule on screen, or the typed prediction
    Interleave::ChallengeHint showHint(); // the next hint
    void setPrediction(const QString &values); // as if typed
    void chooseVariant(int choice); // a "make the fix fail" goal's choice
    void resetProgress(); // without asking

    QString titleText() const;
    QString verdictText() const;
    QString foundText() const; // "2 of 3 found.", then the schedules that found them
    bool isSuccessShown() const;
    QString successText() const; // the two schedules, as shown

signals:
    void activeChanged(bool active);
    void gradingFinished();
    void solved(const QString &challengeId);
    void hintLine(int actor, int line); // the race's line, to select in the code
    void failed(const QString &message);

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitWrappedLabels();
    void buildActions();
    QWidget *buildWorkPage();
    QWidget *buildSuccessPage();
    void openCourseDialog();
    void openFileDialog();
    void startNext();
    void onGraded(std::shared_ptr<const Interleave::ChallengeWork> work);
    void onCursorChanged();
    void setVerdict(const QString &text);
    void showSuccessPage(bool success);
    void showVerdict(const Interleave::ChallengeVerdict &verdict);
    void showSuccess(const QString &studentSchedule);
    void updateMoves();
    void updateFound();
    void saveProgress();
    bool loadVariant(int choice, QString *error);

    ScenarioSession *m_session = nullptr;
    Interleave::ChallengeProgressStore *m_store = nullptr;
    QList<std::shared_ptr<const Interleave::Challenge>> m_course;
    std::shared_ptr<const Interleave::Challenge> m_challenge;
    std::unique_ptr<Interleave::ChallengeGrader> m_grader;
    Interleave::ChallengeJob m_job;
    Interleave::ChallengeProgress m_progress;
    int m_choice = 0;
    int m_nextHint = 0;
    QString m_solvedWith; // the schedule (or prediction) on the success page
    bool m_loading = false; // the session is being set to the challenge's variant

    QAction *m_courseAction = nullptr;
    QAction *m_openFileAction = nullptr;
    QAction *m_checkAction = nullptr;
    QAction *m_hintAction = nullptr;
    QAction *m_nextAction = nullptr;
    QAction *m_leaveAction = nullptr;
    QAction *m_resetAction = nullptr;

    QWidget *m_workPage = nullptr;
    QWidget *m_successPage = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_task = nullptr;
    QLabel *m_moves = nullptr;
    QComboBox *m_choices = nullptr;
    QLineEdit *m_prediction = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QPushButton *m_cancel = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_foundCount = nullptr;
    QLabel *m_found = nullptr;
    QLabel *m_successTitle = nullptr;
    QLabel *m_yours = nullptr;
    QLabel *m_simplest = nullptr;
    QLabel *m_teaches = nullptr;
};
