#include "stepper.h"

#include <QCoreApplication>
#include <QRegularExpression>

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
                *error = QCoreApplication::translate("Schedule", "schedule move %1 \"%2\": no such request (this scenario has %3 to %4, and ~ for time)")
                             .arg(i + 1)
                             .arg(t, machine.actor(0).letter, machine.actor(machine.actorCount() - 1).letter);
            return std::nullopt;
        }
        schedule.moves.push_back(actor);
    }
    return schedule;
}

Stepper::Stepper(std::shared_ptr<const Machine> machine) : m_machine(std::move(machine))
{
    reset();
}

void Stepper::reset()
{
    m_states.assign(1, m_machine->initialState());
    m_moves.clear();
    m_traces.clear();
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

void Stepper::applyMove(int move)
{
    State next = state();
    Trace events;
    if (move == Schedule::Tick)
        m_machine->tick(next, &events, m_cursor);
    else
        m_machine->step(next, move, &events, m_cursor);
    m_states.resize(size_t(m_cursor) + 1);
    m_moves.resize(size_t(m_cursor));
    m_traces.resize(size_t(m_cursor));
    m_moveStarts.resize(size_t(m_cursor));
    m_states.push_back(std::move(next));
    m_moves.push_back(move);
    m_moveStarts.push_back(int(m_trace.size()));
    m_trace.insert(m_trace.end(), events.begin(), events.end());
    m_traces.push_back(std::move(events));
    ++m_cursor;
}

bool Stepper::move(int move)
{
    if (!canMove(move))
        return false;
    applyMove(move);
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
    if (cursor < m_cursor) {
        m_trace.resize(size_t(m_moveStarts[size_t(cursor)]));
    } else {
        for (int k = m_cursor; k < cursor; ++k)
            m_trace.insert(m_trace.end(), m_traces[size_t(k)].begin(), m_traces[size_t(k)].end());
    }
    m_cursor = cursor;
}

bool Stepper::replay(const Schedule &schedule, QString *error)
{
    reset();
    for (size_t i = 0; i < schedule.moves.size(); ++i) {
        const int m = schedule.moves[i];
        if (!move(m)) {
            if (error) {
                const QString who = m == Schedule::Tick ? QCoreApplication::translate("Schedule", "time (~)")
                                                        : m_machine->actor(m).name;
                const QString why = m == Schedule::Tick ? QCoreApplication::translate("Schedule", "no deadline lies ahead")
                                                        : m_machine->blockInfo(state(), m).text;
                *error = QCoreApplication::translate("Schedule", "schedule move %1: %2 cannot move now. %3")
                             .arg(i + 1).arg(who, why);
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
