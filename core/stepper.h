#pragma once

#include "machine.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace Interleave {

// A schedule is a list of moves: an actor index, or Tick (let time pass).
// Written as space-separated tokens: "A B A ~ B" (letters per actor, ~ for time).
struct Schedule {
    static constexpr int Tick = -1;
    std::vector<int> moves;

    QString toString(const Machine &machine) const;
    static std::optional<Schedule> parse(const QString &text, const Machine &machine, QString *error);
};

// Deterministic driver: the caller chooses each move. Keeps every state, so
// undo, redo and jumping to any point are O(1).
class Stepper
{
public:
    explicit Stepper(std::shared_ptr<const Machine> machine);

    const Machine &machine() const { return *m_machine; }
    std::shared_ptr<const Machine> machinePtr() const { return m_machine; }
    const State &state() const { return m_states[size_t(m_cursor)]; }
    const Trace &trace() const { return m_trace; }     // events up to the cursor
    int cursor() const { return m_cursor; }            // moves taken
    int length() const { return int(m_moves.size()); } // moves available to redo up to
    Schedule schedule() const;                         // moves up to the cursor
    Schedule fullSchedule() const;                     // including redoable moves

    bool canMove(int move) const;                      // actor index or Schedule::Tick
    std::vector<int> availableMoves() const;
    bool move(int move);                               // false if not allowed; drops redo history
    bool undo();
    bool redo();
    void reset();
    void seek(int cursor);                             // 0 … length()

    // Replays from the start; stops at the first impossible move and reports it.
    bool replay(const Schedule &schedule, QString *error);
    // Follows moves as far as they stay possible (used when a fix changes the program).
    int replayPossible(const Schedule &schedule);

    // Index of the first trace event of each move, for the timeline cursor.
    const std::vector<int> &moveStarts() const { return m_moveStarts; }

private:
    void applyMove(int move);

    std::shared_ptr<const Machine> m_machine;
    std::vector<State> m_states;      // m_states[k] is the state after k moves
    std::vector<int> m_moves;
    std::vector<int> m_moveStarts;    // trace index where move k begins
    std::vector<Trace> m_traces;      // per move, so undo/redo keep events
    Trace m_trace;
    int m_cursor = 0;
};

} // namespace Interleave
