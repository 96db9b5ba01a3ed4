#pragma once

#include <QObject>

class QAction;
class QMenu;
class ScenarioSession;

// The Step menu's actions: step request 1 … 9, let time pass, undo, redo,
// restart and redo all. Each acts on the session; undo and redo are enabled
// only where the session can go.
class StepActions : public QObject
{
    Q_OBJECT
public:
    explicit StepActions(ScenarioSession *session, QObject *parent = nullptr);

    void addTo(QMenu *menu) const;
    QAction *stepAction(int actor) const { return m_steps.value(actor); } // 0 … 8
    QAction *tickAction() const { return m_tick; }
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    QAction *resetAction() const { return m_reset; }
    QAction *endAction() const { return m_end; }

signals:
    void aboutToMove(); // the user moves: leave any other view of the run
    void blocked(const QString &why); // a request that cannot move, and why

private:
    QAction *makeAction(const QString &text, const QString &name, const QList<QKeySequence> &keys);
    void move(const std::function<void()> &change);
    void updateEnabled();

    ScenarioSession *m_session = nullptr;
    QList<QAction *> m_steps;
    QAction *m_tick = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_reset = nullptr;
    QAction *m_end = nullptr;
};
