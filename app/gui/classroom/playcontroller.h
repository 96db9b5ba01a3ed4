#pragma once

#include "drivers/stepper.h"

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <memory>
#include <optional>

class ScenarioSession;

// Play: the stepper moves by itself at an adjustable speed, choosing moves by
// a policy — random with a seed, round-robin, or "show me the bug", which
// plays the explorer's simplest counterexample.
class PlayController : public QObject
{
    Q_OBJECT
public:
    enum Policy {
        Random,
        RoundRobin,
        ShowBug
    };
    Q_ENUM(Policy)

    explicit PlayController(ScenarioSession *session, QObject *parent = nullptr);

    void setPolicy(Policy policy);
    Policy policy() const { return m_policy; }
    void setSeed(quint64 seed);
    quint64 seed() const { return m_seed; }
    void setMovesPerSecond(double speed);
    double movesPerSecond() const { return m_speed; }
    // The counterexample for the machine it was found on; ShowBug plays it.
    void setCounterexample(std::shared_ptr<const Interleave::Machine> machine, const Interleave::Schedule &schedule);
    bool hasCounterexample() const;

    bool isPlaying() const { return m_timer.isActive(); }
    // One move by the policy; false when nothing can move (or nothing is left to show).
    bool stepOnce();

public slots:
    void play();
    void pause();
    void toggle();

signals:
    void playingChanged(bool playing);
    // ShowBug needs the explorer first; the window runs it and calls setCounterexample.
    void counterexampleNeeded();
    void message(const QString &text);

private:
    void onTimer();

    ScenarioSession *m_session = nullptr;
    QTimer m_timer;
    Policy m_policy = Random;
    quint64 m_seed = 1;
    QRandomGenerator m_random;
    double m_speed = 2;
    int m_lastActor = -1;
    std::weak_ptr<const Interleave::Machine> m_bugMachine;
    Interleave::Schedule m_bug;
    bool m_waitingForBug = false;
};
