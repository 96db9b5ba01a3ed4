// Register layout and step locality, for the explorer's state compression and
// step reuse; kept apart from the semantics in machine.cpp.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include "scenario/expression.h"

#include <algorithm>
#include <cstring>

namespace Interleave {

int Machine::registerOffset(int actor) const
{
    return d->actorBase + actor * d->actorStride;
}

int Machine::registerCount() const
{
    return d->actorStride;
}

int Machine::localCount() const
{
    return int(m_localNames.size());
}

bool Machine::stepsAreLocal() const
{
    return d->localSteps;
}

bool Machine::rulesReadOnlyShared() const
{
    return d->rulesShared;
}

bool Machine::waitsCanTimeOut() const
{
    return d->waitTimeouts;
}

void Machine::stepAlone(State &s, int actor) const
{
    runStep(s, actor, nullptr, 0);
}

void Machine::settleAfter(State &s, int actor) const
{
    settle(s, nullptr, 0, actor);
}

bool Machine::settledAlone(const State &alone, const State &settled, int actor) const
{
    // Every word but the broken rules and when the mover's wait began: three runs around those two.
    const int64_t *a = alone.v.data(), *b = settled.v.data();
    const size_t mover = size_t(registerOffset(actor) + ActorSlot::WaitStart), violated = size_t(Slot::Violated);
    const size_t lo = std::min(mover, violated), hi = std::max(mover, violated), n = alone.v.size();
    auto same = [&](size_t from, size_t to) {
        return to <= from || std::memcmp(a + from, b + from, (to - from) * sizeof(int64_t)) == 0;
    };
    return same(0, lo) && same(lo + 1, hi) && same(hi + 1, n);
}

// Mirrors one actor's turn in settle() and its edge in waitForGraph(), without changing s.
Machine::SettleView Machine::settleView(const State &s, int actor) const
{
    SettleView view;
    const int64_t *r = regs(s, actor);
    view.running = r[ActorSlot::Status] == int64_t(ActorStatus::Running);
    if (!view.running || r[ActorSlot::Wake] >= 0) {
        view.quiet = !view.running || r[ActorSlot::WaitStart] < 0;
        return view;
    }
    BlockInfo info;
    const bool waits = blockedBy(s, actor, &info);
    if (waits)
        view.waitsFor = info.holder;
    view.enabled = !waits && !loopBusyFor(s, actor); // as isEnabled()
    // settle() records when a wait begins only where waits can time out (the explorer keeps no trace).
    view.quiet = waits ? (r[ActorSlot::WaitStart] >= 0 || !d->waitTimeouts) : r[ActorSlot::WaitStart] < 0;
    if (waits && waitTakesSnapshot(s, actor))
        view.quiet = false;
    return view;
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
    d->rulesShared = rulesShared;
    d->localSteps = !transactions && !d->waitTimeouts && rulesShared;
}

} // namespace Interleave
