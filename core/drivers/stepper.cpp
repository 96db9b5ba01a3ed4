#include "drivers/stepper.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

namespace Interleave {

QString Schedule::toString(const Machine &machine) const
{
    QStringList tokens;
    for (int m : moves)
        tokens << (m == Tick ? QStringLiteral("~") : machine.actor(m).letter);
    return tokens.join(u' ');
}

std::optional<Schedule> Schedule::parse(const QString &text, const Machine &machine, QString *error)
{
    Schedule schedule;
    QStringList tokens = text.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    // "AABAB" without spaces: one letter per move.
    if (tokens.size() == 1 && !tokens.front().contains(QRegularExpression(QStringLiteral("\\d")))) {
        const QString compact = tokens.front();
        tokens.clear();
        for (QChar c : compact)
            tokens << QString(c);
    }
    for (int i = 0; i < tokens.size(); ++i) {
        const QString &t = tokens.at(i);
        if (t == QLatin1String("~") || t.compare(QLatin1String("tick"), Qt::CaseInsensitive) == 0) {
            schedule.moves.push_back(Tick);
            continue;
        }
        const int actor = machine.actorByToken(t);
        if (actor < 0) {
            if (error)
                *error = QCoreApplication::translate(
                             "Schedule",
                             "schedule move %1 \"%2\": no such request (this scenario has %3 to %4, and ~ for time)")
                             .arg(i + 1)
                             .arg(t, machine.actor(0).letter, machine.actor(machine.actorCount() - 1).letter);
            return std::nullopt;
        }
        schedule.moves.push_back(actor);
    }
    return schedule;
}

Stepper::Stepper(std::shared_ptr<const Machine> machine)
    : m_machine(std::move(machine))
{
    reset();
}

void Stepper::reset()
{
    m_state = m_machine->initialState();
    m_checkpoints.assign(1, m_state);
    m_hasPrevious = false;
    m_moves.clear();
    m_moveStarts.clear();
    m_trace.clear();
    m_cursor = 0;
}

Schedule Stepper::schedule() const
{
    return Schedule{std::vector<int>(m_moves.begin(), m_moves.begin() + m_cursor)};
}

Schedule Stepper::fullSchedule() const
{
    return Schedule{m_moves};
}

bool Stepper::canMove(int move) const
{
    if (move == Schedule::Tick)
        return m_machine->canTick(state());
    return move >= 0 && move < m_machine->actorCount() && m_machine->isEnabled(state(), move);
}

std::vector<int> Stepper::availableMoves() const
{
    std::vector<int> moves;
    for (int a = 0; a < m_machine->actorCount(); ++a)
        if (m_machine->isEnabled(state(), a))
            moves.push_back(a);
    if (m_machine->canTick(state()))
        moves.push_back(Schedule::Tick);
    return moves;
}

void Stepper::advance(Trace *trace)
{
    const int move = m_moves[size_t(m_cursor)];
    if (move == Schedule::Tick)
        m_machine->tick(m_state, trace, m_cursor);
    else
        m_machine->step(m_state, move, trace, m_cursor);
    ++m_cursor;
}

void Stepper::advanceKeepingPrevious()
{
    m_previous = m_state;
    advance(&m_trace);
    m_hasPrevious = true;
}

// Called right after a move that extends the known schedule.
void Stepper::keepCheckpoint()
{
    if (m_cursor % CheckpointInterval == 0 && m_checkpoints.size() == size_t(m_cursor / CheckpointInterval))
        m_checkpoints.push_back(m_state);
}

bool Stepper::isFull() const
{
    return m_cursor >= MaxMoves || m_trace.size() >= size_t(MaxEvents);
}

bool Stepper::move(int move)
{
    if (isFull() || !canMove(move))
        return false;
    // A new move drops the redoable ones and every checkpoint past the cursor.
    m_moves.resize(size_t(m_cursor));
    m_moveStarts.resize(size_t(m_cursor));
    m_checkpoints.resize(size_t(m_cursor / CheckpointInterval) + 1);
    m_moves.push_back(move);
    m_moveStarts.push_back(int(m_trace.size()));
    advanceKeepingPrevious();
    keepCheckpoint();
    return true;
}

bool Stepper::undo()
{
    if (m_cursor == 0)
        return false;
    seek(m_cursor - 1);
    return true;
}

bool Stepper::redo()
{
    if (m_cursor >= length())
        return false;
    seek(m_cursor + 1);
    return true;
}

void Stepper::seek(int cursor)
{
    cursor = std::clamp(cursor, 0, length());
    if (cursor == m_cursor - 1 && m_hasPrevious) {
        m_trace.resize(size_t(m_moveStarts[size_t(cursor)]));
        std::swap(m_state, m_previous);
        m_hasPrevious = false;
        m_cursor = cursor;
    } else if (cursor < m_cursor) {
        // Back: the nearest checkpoint at or before the target, then replay without events.
        m_trace.resize(size_t(m_moveStarts[size_t(cursor)]));
        const int checkpoint = cursor / CheckpointInterval;
        m_state = m_checkpoints[size_t(checkpoint)];
        m_cursor = checkpoint * CheckpointInterval;
        m_hasPrevious = false;
        while (m_cursor < cursor)
            advance(nullptr);
    } else if (cursor > m_cursor) {
        // Forward: the redoable moves again; the machine is deterministic, so the events are the same.
        while (m_cursor < cursor - 1)
            advance(&m_trace);
        advanceKeepingPrevious();
    }
}

bool Stepper::replay(const Schedule &schedule, QString *error)
{
    reset();
    if (schedule.moves.size() > size_t(MaxMoves)) {
        if (error)
            *error =
                QCoreApplication::translate(
                    "Schedule", "the schedule has %1 moves; at most %2 are replayed (a lesson needs a few hundred)")
                    .arg(schedule.moves.size())
                    .arg(MaxMoves);
        return false;
    }
    for (size_t i = 0; i < schedule.moves.size(); ++i) {
        const int m = schedule.moves[i];
        if (isFull()) {
            if (error)
                *error = QCoreApplication::translate("Schedule",
                                                     "schedule move %1: the run has reached %2 events, the most a "
                                                     "session may make (a lesson makes a few hundred)")
                             .arg(i + 1)
                             .arg(m_trace.size());
            return false;
        }
        if (!move(m)) {
            if (error) {
                const QString who = m == Schedule::Tick ? QCoreApplication::translate("Schedule", "time (~)")
                                                        : m_machine->actor(m).name;
                const QString why = m == Schedule::Tick
                    ? QCoreApplication::translate("Schedule", "no deadline lies ahead")
                    : m_machine->blockInfo(state(), m).text;
                *error = QCoreApplication::translate("Schedule", "schedule move %1: %2 cannot move now. %3")
                             .arg(i + 1)
                             .arg(who, why);
            }
            return false;
        }
    }
    return true;
}

int Stepper::replayPossible(const Schedule &schedule)
{
    reset();
    int done = 0;
    for (int m : schedule.moves) {
        if (!move(m))
            break;
        ++done;
    }
    return done;
}

} // namespace Interleave
