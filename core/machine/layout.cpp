// Register layout and step locality, for the explorer's state compression and
// step reuse; kept apart from the semantics in machine.cpp.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include "scenario/expression.h"

namespace Interleave {

int Machine::registerOffset(int actor) const
{
    return d->actorBase + actor * d->actorStride;
}

int Machine::registerCount() const
{
    return d->actorStride;
}

bool Machine::stepsAreLocal() const
{
    return d->localSteps;
}

namespace {

// Whether a rule reads only shared registers: no locals, no per-actor
// aggregates, and none of the functions that look at actors.
bool readsOnlyShared(const Expression &e)
{
    for (const Expression::Instr &in : e.code()) {
        if (in.op == Expression::Op::Local || in.op == Expression::Op::SubExpr)
            return false;
        if (in.op == Expression::Op::Call) {
            const int kind = in.a & Fn::Mask;
            if (kind != Fn::Cell && kind != Fn::Memory && kind != Fn::Rows && kind != Fn::Distinct && kind != Fn::Has &&
                kind != Fn::Now && kind != Fn::Anomaly && kind != Fn::Holder)
                return false;
        }
    }
    for (const Expression &sub : e.subExpressions())
        if (!readsOnlyShared(sub))
            return false;
    return true;
}

} // namespace

void Machine::analyseLocality()
{
    bool waits = false, transactions = false, poolTimeouts = false;
    for (const Program &p : m_programs)
        for (const Step &st : p.steps)
            switch (st.op) {
            // Row and key locks outlive a statement only inside a transaction.
            case OpCode::Begin:
                waits = transactions = true;
                break;
            case OpCode::MutexLock:
            case OpCode::Enqueue:
                waits = true;
                break;
            case OpCode::PoolAcquire:
                waits = waits || st.wait;
                poolTimeouts = poolTimeouts || (st.wait && st.timeoutMs >= 0);
                break;
            case OpCode::LeaseAcquire:
                waits = waits || st.wait;
                break;
            default:
                break;
            }
    d->nobodyWaits = !waits;
    d->waitTimeouts = poolTimeouts || (transactions && d->lockWaitTimeoutMs >= 0);
    bool rulesShared = true;
    for (const Invariant &inv : m_invariants)
        if (inv.always && !readsOnlyShared(inv.check))
            rulesShared = false;
    // Waits for mutexes, leases, queues and pools touch only the waiter, as long as
    // nobody times out (settle() then records no wait start). Transactions do not
    // qualify: the deadlock detector reads every request's wait.
    d->localSteps = !transactions && !d->waitTimeouts && rulesShared;
}

} // namespace Interleave
