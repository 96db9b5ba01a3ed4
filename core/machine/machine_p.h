#pragma once

// Private layout and step representation of Machine; shared by its .cpp files only.

#include "machine/machine.h"

namespace Interleave {

// A compiled step runs the kind of step the loader read (scenario.h).
using OpCode = StepKind;

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
    std::vector<std::pair<int, Expression>> sets; // update: column <- expression over row.*; row insert: values
    std::vector<std::pair<int, Expression>> sums; // select: local <- SUM(expression over row.*)
    // begin: which database errors retry the transaction (RetryOn bits), and how many attempts in all
    int retryOn = 0;
    int retryAttempts = 0;
    bool predicate = false; // select, delete, update: every row of `table` where `condition` holds
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

// Database errors a transaction's retry can catch.
enum RetryOn {
    RetrySerialization = 1, // 40001
    RetryDeadlock = 2, // 1213, 40P01
    RetryTimeout = 4 // 1205, 55P03
};

// In an expression over row.*, the symbol that stands for the row's id.
constexpr int RowIdSymbol = 1 << 16;

// Offsets into State::v.
namespace Slot {
constexpr int Now = 0, Fence = 1, Violated = 2, Anomalies = 3, Loop = 4;
}
namespace ActorSlot {
constexpr int Pc = 0, Status = 1, Error = 2, Wake = 3, WaitStart = 4, Txn = 5, PendingError = 6, Finished = 7,
              Queued = 8, Fields = 9;
}

// Words of one database row, from its offset: the lock owner (-1 when free), the highest
// fencing token storage has seen, then per column the committed value, the open
// transaction's pending value and whether a pending value is set.
namespace RowSlot {
constexpr int Lock = 0, Token = 1, PerColumn = 3;
constexpr int committed(int column)
{
    return 2 + PerColumn * column;
}
constexpr int pending(int column)
{
    return committed(column) + 1;
}
constexpr int hasPending(int column)
{
    return committed(column) + 2;
}
} // namespace RowSlot

// Words of one key table, from its offset: the key count, then `capacity` sorted slots
// of (key, actor whose open transaction inserted it, or -1 once committed).
namespace KeySlot {
constexpr int Count = 0;
constexpr int64_t key(int64_t i)
{
    return 1 + 2 * i;
}
constexpr int64_t owner(int64_t i)
{
    return 2 + 2 * i;
}
} // namespace KeySlot

// Words of one lease, from leaseBase + Size * lease: holder actor + 1 (0 when free),
// expiry time, and the fencing token it was granted with.
namespace LeaseSlot {
constexpr int Owner = 0, Expiry = 1, Token = 2, Size = 3;
}

// Words of one queue, from queueBase + queue * (1 + actors): its length, then one slot per
// actor, head first (-1 when empty).
namespace QueueSlot {
constexpr int Length = 0, Head = 1;
}

} // namespace Interleave
