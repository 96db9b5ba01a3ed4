#pragma once

#include <QString>

#include <cstdint>
#include <vector>

namespace Interleave {

// What happened. One event per observable effect; a scheduling unit emits several.
enum class EventKind : uint8_t {
    Read, // value read into a local (row, memory cell); version = column version if any
    Write, // value written; version = fencing token when fenced
    Update, // atomic read-modify-write in the database; version = rows affected (0 or 1)
    Insert, // row inserted into a table; value = key
    Lookup, // existence check; value = key, version = found
    Begin,
    Commit,
    Rollback,
    LockWait, // started waiting for a lock (row, mutex, lease, queue, pool)
    LockAcquire, // got it; for a lease version = fencing token
    LockRelease,
    LockDenied, // try-lock / NX acquire refused; version 1: a lease release that deleted nothing
    LeaseExpire, // a lease's TTL ran out; actor = its holder
    Enqueue,
    Dequeue,
    Yield, // awaited I/O gave the event loop away
    Sleep, // timed wait begins (pause, CPU work); value = ms
    Wake, // timed wait ends
    Local, // local computation (let); value = result
    Fail, // actor ends with error message `message`
    Done, // actor finished successfully
    Deadlock, // detector picked this actor as the victim; value = cycle id
    Timeout, // lock wait timeout hit this actor
    Violation, // a rule broke; value = invariant index
    Anomaly, // value = Anomaly bit (stale lease write, foreign release)
    Tick, // virtual time advanced; value = new time (actor = -1)
};

enum class Place : uint8_t {
    None,
    Row,
    Table,
    Memory,
    Mutex,
    Lease,
    Queue,
    Pool,
    Clock
};

struct TraceEvent
{
    int64_t wallNs = -1; // threaded driver: ns since the run started; -1 otherwise
    int64_t value = 0;
    int64_t version = 0;
    int32_t step = 0; // logical step (scheduling unit) number, 0-based
    int32_t virtualMs = 0; // virtual clock when it happened
    int32_t resource = -1; // index within the place (row, table, mutex, ...)
    int32_t column = -1; // column for rows, cell for memory
    int16_t actor = -1;
    int16_t line = -1; // program line index of the actor's program
    int16_t message = -1; // index into Machine::messages() for Fail, else -1
    EventKind kind = EventKind::Local;
    Place place = Place::None;
};

using Trace = std::vector<TraceEvent>;

} // namespace Interleave
