#pragma once

#include <QToolBar>

class PlayController;
class QComboBox;
class QSlider;
class QSpinBox;

// The Run toolbar: Play with its policy, seed and speed; Show me the bug;
// Explore all; Run on threads; Run ×N with its count; Compare fixes. The
// actions are members so the menus and the tests reach them by type; the
// window connects them to what they do.
class RunToolBar : public QToolBar
{
    Q_OBJECT
public:
    RunToolBar(PlayController *player, QWidget *parent = nullptr);

    QAction *playAction() const { return m_play; }
    QAction *bugAction() const { return m_bug; }
    QAction *exploreAction() const { return m_explore; }
    QAction *threadsAction() const { return m_threads; }
    QAction *trialsAction() const { return m_trials; }
    QAction *compareAction() const { return m_compare; }
    QList<QAction *> runActions() const { return {m_play, m_bug, m_explore, m_threads, m_trials, m_compare}; }

    QComboBox *policyBox() const { return m_policy; }
    QSpinBox *seedBox() const { return m_seed; }
    QSlider *speedSlider() const { return m_speed; }
    QSpinBox *trialsBox() const { return m_trialCount; }
    // Hands Play's policy and seed to the player (before it starts).
    void configurePlayer() const;
    void choosePolicy(int policy);

private:
    QAction *addRunAction(const QString &text, const QString &name, const QKeySequence &key, const QString &toolTip);

    PlayController *m_player = nullptr;
    QAction *m_play = nullptr;
    QAction *m_bug = nullptr;
    QAction *m_explore = nullptr;
    QAction *m_threads = nullptr;
    QAction *m_trials = nullptr;
    QAction *m_compare = nullptr;
    QComboBox *m_policy = nullptr;
    QSpinBox *m_seed = nullptr;
    QSlider *m_speed = nullptr;
    QSpinBox *m_trialCount = nullptr;
};
