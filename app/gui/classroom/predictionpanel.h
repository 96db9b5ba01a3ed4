#pragma once

#include "explore/predictioncheck.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

// Predict, then reveal. F6 starts a round: the widgets registered with
// addConcealed() (final state, outcome histogram, narration) are covered,
// concealingChanged() tells the other views to hide what gives the answer
// away, and students type which final values of a figure they think are
// possible. F7 reveals: the explorer runs in the background over every
// interleaving, the prediction is checked against it, the verdict is shown in
// large type, the exploration goes to the Outcomes panel (explored()), and the
// covers come off.
//
// Hook-up in the main window:
//     auto *predict = new PredictionPanel(this);            // e.g. in a dock above the dashboard
//     predict->addConcealed(m_dashboard); predict->addConcealed(m_outcomeChart);
//     predict->setMachine(m_session->machinePtr());         // on every variant change
//     menu->addAction(predict->predictAction()); menu->addAction(predict->revealAction());
class PredictionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PredictionPanel(QWidget *parent = nullptr);
    ~PredictionPanel() override;

    void setMachine(std::shared_ptr<const Interleave::Machine> machine);
    void addConcealed(QWidget *widget);

    QAction *predictAction() const { return m_predictAction; } // F6, checkable: a round is open
    QAction *revealAction() const { return m_revealAction; } // F7

    bool isConcealing() const { return m_predictAction->isChecked(); }
    bool isRevealing() const { return m_watcher.isRunning(); }
    const Interleave::PredictionCheck *lastCheck() const { return m_check ? m_check.get() : nullptr; }
    QString resultText() const;

    void setPrediction(int figure, const QString &values); // as if typed
    void startRound();
    void reveal();

    // What a reveal found: the check, and the exploration it was made from (for the Outcomes panel).
    struct Revealed
    {
        Interleave::PredictionCheck check;
        std::shared_ptr<const Interleave::ExplorerResult> explored;
        std::shared_ptr<const Interleave::Machine> machine;
    };

signals:
    void roundStarted();
    void concealingChanged(bool concealing); // views that give the answer away hide it while true
    void revealed(const Interleave::PredictionCheck &check);
    void explored(std::shared_ptr<const Interleave::ExplorerResult> result,
                  std::shared_ptr<const Interleave::Machine> machine);

private:
    void setConcealed(bool concealed);
    void onChecked();
    void setTexts();
    void updateFigures();

    std::shared_ptr<const Interleave::Machine> m_machine;
    QList<QPointer<QWidget>> m_concealed;
    QList<QPointer<QWidget>> m_covers;
    void showVerdict();

    QFutureWatcher<Revealed> m_watcher;
    std::unique_ptr<Interleave::PredictionCheck> m_check;
    quint64 m_job = 0;

    QAction *m_predictAction = nullptr;
    QAction *m_revealAction = nullptr;
    QLabel *m_question = nullptr;
    QComboBox *m_figure = nullptr;
    QLineEdit *m_values = nullptr;
    QPushButton *m_revealButton = nullptr;
    QLabel *m_result = nullptr;
};
