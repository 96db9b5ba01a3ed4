#pragma once

// Facts derived from a trace that no single event states: which write each
// read saw, lost updates, lock hold and wait intervals, deadlock cycles, and
// the wait-for graph at any moment. The timeline, the dashboard, the
// wait-for graph and the exporters all read the same TraceAnalysis.

#include "machine/machine.h"
#include "trace/trace.h"

#include <cstdint>
#include <vector>

namespace Interleave {

// A write that read-modify-write logic threw away: actor X read a cell, someone
// else committed a write to it that X never saw, and X's write overwrote it.
struct LostUpdate
{
    int overwrittenWrite = -1; // event index of the committed write that vanished
    int overwritingWrite = -1; // event index of X's write that replaced it
    int staleRead = -1; // event index of X's read the overwriting write was based on
};

// A stretch of time an actor spends holding or waiting for something.
struct LockInterval
{
    enum Kind : uint8_t {
        Hold, // row lock, mutex, lease, connection, or its turn at the head of a queue
        Wait, // blocked waiting for one of those
        Busy, // CPU work or a pause (GC): the actor cannot move until time passes
    };
    enum End : uint8_t {
        Open, // still going at the end of the trace
        Released, // the holder let go (unlock, commit/rollback, lease delete, dequeue)
        Expired, // a lease's TTL ran out
        Taken, // a waiter got what it waited for
        Victim, // the deadlock detector rolled this actor back
        TimedOut, // lock wait timeout
        Failed, // the actor failed or finished while holding/waiting
        Woke, // Busy: time passed
    };
    Kind kind = Hold;
    End end = Open;
    Place place = Place::None;
    int resource = -1; // row, mutex, lease, queue or pool index
    int instance = 0; // server instance for per-process places (mutex, pool)
    int actor = -1;
    int holder = -1; // Wait: who held it when the wait began (-1 unknown); Hold: foreign releaser
    int startEvent = -1;
    int endEvent = -1; // event that closed it; -1 while Open (ends with the trace)
    // Leases only.
    int64_t token = 0; // fencing token handed out by the lock service
    int64_t expiresAtMs = -1; // virtual ms at which the TTL runs out
    int64_t ttlMs = 0;
    int expireEvent = -1; // LeaseExpire event, -1 if it did not expire in the trace
    // After expiry the holder still believes it holds the lease until it
    // releases (or tries to) or finishes: -1 while it still believes so at the end.
    int believedEndEvent = -1;

    bool isOpen() const { return end == Open; }
};

// A cycle of waits. With a database detector, `event` is the Deadlock event and
// `victim` the actor rolled back; an in-process (mutex) deadlock has no
// detector: event is -1 and the cycle is the one left open at the end.
struct DeadlockCycle
{
    int event = -1;
    int victim = -1;
    int step = -1; // logical step where it closed
    int closingEvent = -1; // the LockWait that closed the cycle
    std::vector<int> actors; // in cycle order: actors[i] waits for actors[i+1]
    std::vector<Machine::WaitEdge> edges; // edges of the cycle, same order
};

struct TraceAnalysis
{
    // Per event (same size as the trace). For reads (Read, Update, and Lookup
    // that found its key): the event index of the write/insert whose value it
    // saw, or InitialValue. NotARead for every other event.
    static constexpr int InitialValue = -1;
    static constexpr int NotARead = -2;
    std::vector<int> readFrom;

    // (write, read) pairs with write >= 0, sorted by read index: the arrows.
    struct Flow
    {
        int write;
        int read;
    };
    std::vector<Flow> flows;

    std::vector<LostUpdate> lostUpdates; // in order of the overwriting write
    std::vector<int> violations; // Violation events
    std::vector<int> failures; // Fail, Deadlock, Timeout, Anomaly, rejected (fenced) writes
    std::vector<int> retries; // first event of an actor after it jumped back to an earlier line
    std::vector<LockInterval> intervals; // holds, waits and busy spells, sorted by startEvent
    std::vector<DeadlockCycle> deadlocks;

    // Event index where logical step k begins; stepStart.size() == stepCount + 1,
    // the last entry is the trace size. Steps without events start where the next does.
    std::vector<int> stepStart;
    int stepCount = 0;

    // Lost-update lookups by event (-1 when none).
    int lostUpdateOverwriting(int writeEvent) const; // index into lostUpdates where this write was lost
    int lostUpdateOverwritten(int writeEvent) const; // index into lostUpdates where this write overwrote

    // The wait-for graph just after event `eventIndex` (-1: before any event):
    // every wait open then, pointing at the actor that held the resource then.
    std::vector<Machine::WaitEdge> waitForGraphAt(int eventIndex) const;
    // The same after the first `steps` logical steps (what the stepper shows at cursor `steps`).
    std::vector<Machine::WaitEdge> waitForGraphAfterStep(int steps) const;
    // Intervals open just after event `eventIndex`.
    std::vector<int> intervalsOpenAt(int eventIndex) const;
};

// Derives every fact above from one pass (plus small per-resource tables) over the trace.
TraceAnalysis analyze(const Machine &machine, const Trace &trace);

// Shared event classification, so every view agrees on what counts as what.
bool isWriteEvent(const TraceEvent &e); // Write (not rejected), Update with a matched row
bool isReadEvent(const TraceEvent &e); // Read, Update, Lookup
bool isFailureEvent(const TraceEvent &e); // Fail, Deadlock, Timeout, Anomaly, rejected Write

} // namespace Interleave
