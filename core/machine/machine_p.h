#pragma once

// Private layout and step representation of Machine; shared by its .cpp files only.

#include "machine/machine.h"

namespace Interleave {

enum class OpCode : uint8_t {
    Read,
    Write,
    Let,
    Fail,
    Goto,
    Finish,
    Update,
    Insert,
    Exists,
    Begin,
    Commit,
    Rollback,
    LockRow,
    MutexLock,
    MutexUnlock,
    TryLock,
    LeaseAcquire,
    LeaseRelease,
    Enqueue,
    Dequeue,
    Sleep,
    Cpu,
    Pause,
    PoolAcquire,
    PoolRelease,
};

struct Step
{
    OpCode op = OpCode::Let;
    int line = 0;
    bool await = false; // a yield point on an event loop
    bool shared = false; // touches shared state: a scheduling point on threads
    Place place = Place::None; // Row or Memory for cells; resource place otherwise
    int table = -1; // row table or key table
    Expression rowId; // which row, for Row cells
    int column = -1; // column, or memory cell
    int resource = -1; // mutex, lease, queue, pool index
    int into = -1; // local receiving a result
    Expression value; // written value, let value, key, ms, ttl
    Expression condition; // if/where
    bool hasCondition = false;
    std::vector<std::pair<int, Expression>> sets; // update: column <- expression over row.*
    Expression fence; // fencing token checked by storage
    bool hasFence = false;
    int leaseCheck = -1; // write claims to hold this lease
    int message = -1; // error text index
    int target = -1; // goto destination step
    bool wait = false; // lease/pool: wait instead of failing
    bool checkOwner = true; // lease release
    bool forUpdate = false; // read with SELECT … FOR UPDATE
    bool offload = false; // CPU work on a worker thread
    int timeoutMs = -1; // pool wait timeout
    Expression latency; // threaded driver: real delay after the step
};

// Offsets into State::v.
namespace Slot {
constexpr int Now = 0, Fence = 1, Violated = 2, Anomalies = 3, Loop = 4;
}
namespace ActorSlot {
constexpr int Pc = 0, Status = 1, Error = 2, Wake = 3, WaitStart = 4, Txn = 5, PendingError = 6, Finished = 7,
              Queued = 8, Fields = 9;
}

} // namespace Interleave
