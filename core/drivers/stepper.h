#pragma once

#include "machine/machine.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace Interleave {

// A schedule is a list of moves: an actor index, or Tick (let time pass).
// Written as space-separated tokens: "A B A ~ B" (letters per actor, ~ for time).
struct Schedule
{
    static constexpr int Tick = -1;
    std::vector<int> moves;

    QString toString(const Machine &machine) const;
    static std::optional<Schedule> parse(const QString &text, const Machine &machine, QString *error);
};

// Deterministic driver: the caller chooses each move. Memory per move is the
// move itself, where its events begin, and the events: states are kept only
// every CheckpointInterval moves, and undo, redo and seek replay from the
// nearest one (the machine is deterministic, so the replay is exact). A copy
// of the state per move once made a 100,000-move session take gigabytes.
class Stepper
{
public:
    // Far above any lesson (the longest built-in run, lost-update with 100
    // requests, takes about 1,000 moves), low enough that the window's views
    // of the whole trace stay small and quick. A longer schedule is refused.
    static constexpr int MaxMoves = 10000;
    // One move may run up to 10,000 local steps, each an event: without this bound a
    // hostile session of 10,000 such moves would hold 100 million events (gigabytes).
    // Lessons make a few hundred; at a million the window took 40 s and 340 MB to open one.
    static constexpr int MaxEvents = 200000;
    static constexpr int CheckpointInterval = 64;

    explicit Stepper(std::shared_ptr<const Machine> machine);

    const Machine &machine() const { return *m_machine; }
    std::shared_ptr<const Machine> machinePtr() const { return m_machine; }
    const State &state() const { return m_state; }
    const Trace &trace() const { return m_trace; } // events up to the cursor
    int cursor() const { return m_cursor; } // moves taken
    int length() const { return int(m_moves.size()); } // moves available to redo up to
    Schedule schedule() const; // moves up to the cursor
    Schedule fullSchedule() const; // including redoable moves
    const std::vector<int> &moves() const { return m_moves; } // the same, without a copy

    bool canMove(int move) const; // actor index or Schedule::Tick
    std::vector<int> availableMoves() const;
    bool move(int move); // false if not allowed, or at MaxMoves or MaxEvents; drops redo history
    bool isFull() const; // MaxMoves moves or MaxEvents events taken: no further move
    bool undo();
    bool redo();
    void reset();
    void seek(int cursor); // 0 … length()

    // Replays from the start; stops at the first impossible move and reports it.
    // A schedule longer than MaxMoves is refused before any move, one that reaches MaxEvents when it gets there.
    bool replay(const Schedule &schedule, QString *error);
    // Follows moves as far as they stay possible (used when a fix changes the program), at most MaxMoves.
    int replayPossible(const Schedule &schedule);

    // Index of the first trace event of each move (redoable ones included), for the timeline cursor.
    const std::vector<int> &moveStarts() const { return m_moveStarts; }

private:
    // Applies m_moves[m_cursor] to m_state; events go to `trace` (may be null).
    void advance(Trace *trace);
    // The same, keeping the state before it for a quick undo.
    void advanceKeepingPrevious();
    void keepCheckpoint();

    std::shared_ptr<const Machine> m_machine;
    State m_state; // after m_cursor moves
    State m_previous; // after m_cursor - 1 moves, when m_hasPrevious: undo right after a move is a swap
    bool m_hasPrevious = false;
    std::vector<State> m_checkpoints; // m_checkpoints[i] is the state after i * CheckpointInterval moves
    std::vector<int> m_moves;
    std::vector<int> m_moveStarts; // trace index where move k begins
    Trace m_trace; // events of the moves up to the cursor
    int m_cursor = 0;
};

} // namespace Interleave
