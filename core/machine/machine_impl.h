#pragma once

#include "machine/machine_p.h"
#include "machine/mvcc.h"

namespace Interleave {

// Function ids used by the rule/figure context (Expression::Op::Call / SubExpr).
namespace Fn {
constexpr int Cell = 1 << 20; // | table << 8 | column; one argument: row id
constexpr int Memory = 2 << 20; // | cell; symbol
constexpr int Rows = 3 << 20, Distinct = 4 << 20, Has = 5 << 20, Errors = 6 << 20, Now = 7 << 20, Stuck = 8 << 20,
              FinishedAt = 9 << 20, Ok = 10 << 20, FailedFlag = 11 << 20, Anomaly = 12 << 20, Holder = 13 << 20,
              LoopWaiters = 14 << 20;
constexpr int Mask = 0xfff00000;
enum Aggregate {
    SumOk = 1,
    SumAll,
    SumFailed,
    CountOk,
    CountFailed,
    CountAll,
    MaxAll,
    MinAll
};
} // namespace Fn

struct Machine::Impl
{
    int instances = 1;
    std::vector<int64_t> poolSizes;

    int memoryBase = 0, mutexBase = 0, leaseBase = 0, queueBase = 0, poolBase = 0;
    int actorBase = 0, actorStride = 0, stateSize = 0;
    std::vector<int> tableFirstRow, tableRowCount; // per table (row tables)

    bool deadlockDetection = true;
    // No step of any program can ever wait for another actor (no transactions,
    // mutexes, queues or waiting acquires): blockedBy() is always false, so
    // settle() need not look for waits. Set by analyseLocality().
    bool nobodyWaits = false;
    // Some wait can time out (a lock wait timeout in a transaction, a pool's
    // timeoutMs): settle() must record when each wait began even without a trace.
    bool waitTimeouts = false;
    // Each step reads and writes only the shared registers and its own actor's
    // (see Machine::stepsAreLocal).
    bool localSteps = false;
    bool rulesShared = false; // every "always" rule reads only shared registers
    int lockWaitTimeoutMs = -1; // -1: wait forever

    int msgDeadlock = -1, msgLockTimeout = -1, msgStaleToken = -1, msgNoRow = -1, msgTableFull = -1, msgRunaway = -1,
        msgPoolTimeout = -1, msgDuplicate = -1, msgLeaseBusy = -1, msgLocked = -1, msgPoolEmpty = -1, msgStaleRead = -1,
        msgQueuedTwice = -1, msgConcurrentUpdate = -1, msgDangerousStructure = -1;

    std::vector<int> tryStep; // per program: failures from this step on run its finally block

    Mvcc mvcc; // snapshots, shared locks, row versions, SSI: sized by the database variant

    State initial;
};

} // namespace Interleave
