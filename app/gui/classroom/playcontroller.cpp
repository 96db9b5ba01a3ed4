#include "classroom/playcontroller.h"

#include "window/scenariosession.h"

using namespace Interleave;

PlayController::PlayController(ScenarioSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_random(1)
{
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, &PlayController::onTimer);
    // A new variant invalidates a counterexample found for the old one.
    connect(session, &ScenarioSession::variantChanged, this, [this] {
        if (m_waitingForBug)
            return;
        if (isPlaying())
            pause();
    });
}

void PlayController::setPolicy(Policy policy)
{
    m_policy = policy;
}

void PlayController::setSeed(quint64 seed)
{
    m_seed = seed;
    m_random.seed(seed);
}

void PlayController::setMovesPerSecond(double speed)
{
    m_speed = std::clamp(speed, 0.25, 50.0);
    m_timer.setInterval(int(1000 / m_speed));
}

void PlayController::setCounterexample(std::shared_ptr<const Machine> machine, const Schedule &schedule)
{
    m_bugMachine = machine;
    m_bug = schedule;
    if (m_waitingForBug && machine == m_session->machinePtr()) {
        m_waitingForBug = false;
        play();
    }
}

bool PlayController::hasCounterexample() const
{
    const auto machine = m_bugMachine.lock();
    return machine && machine == m_session->machinePtr() && !m_bug.moves.empty();
}

void PlayController::play()
{
    if (!m_session->isLoaded())
        return;
    if (m_policy == ShowBug) {
        if (!hasCounterexample()) {
            if (!m_bugMachine.expired() && m_bugMachine.lock() == m_session->machinePtr()) {
                emit message(tr("No interleaving breaks a rule here: there is no bug to show."));
                return;
            }
            m_waitingForBug = true;
            emit counterexampleNeeded();
            return;
        }
        // The counterexample becomes the redo history; playing is redoing it.
        QString error;
        m_session->loadSchedule(m_bug, &error);
        m_session->reset();
        emit message(
            tr("Playing the simplest schedule that breaks a rule: %1").arg(m_bug.toString(*m_session->machine())));
    } else {
        m_random.seed(m_seed);
        if (m_session->machine()->isTerminal(m_session->stepper()->state()))
            m_session->reset();
    }
    m_timer.start();
    emit playingChanged(true);
}

void PlayController::pause()
{
    m_waitingForBug = false;
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    emit playingChanged(false);
}

void PlayController::toggle()
{
    if (isPlaying())
        pause();
    else
        play();
}

bool PlayController::stepOnce()
{
    const Stepper *stepper = m_session->stepper();
    if (!stepper)
        return false;
    if (m_policy == ShowBug)
        return m_session->redo();
    const std::vector<int> moves = stepper->availableMoves();
    if (moves.empty())
        return false;
    int move = moves.front();
    if (m_policy == Random) {
        move = moves[size_t(m_random.bounded(int(moves.size())))];
    } else {
        // Round-robin: the next actor after the last one that moved; time only when nobody can.
        const int n = stepper->machine().actorCount();
        move = Schedule::Tick;
        for (int k = 1; k <= n; ++k) {
            const int a = (m_lastActor + k) % n;
            if (std::find(moves.begin(), moves.end(), a) != moves.end()) {
                move = a;
                break;
            }
        }
    }
    if (move != Schedule::Tick)
        m_lastActor = move;
    return move == Schedule::Tick ? m_session->tick() : m_session->step(move);
}

void PlayController::onTimer()
{
    if (!stepOnce() || m_session->machine()->isTerminal(m_session->stepper()->state())) {
        m_timer.stop();
        emit playingChanged(false);
    }
}
