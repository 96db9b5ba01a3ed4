// Virtual time: deadlines (sleepers, leases, lock and pool wait timeouts) and the
// tick that moves the clock to the next one.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <algorithm>

namespace Interleave {

std::optional<int64_t> Machine::timeoutDeadline(const State &s, int actor) const
{
    const int64_t *r = regs(s, actor);
    if (r[ActorSlot::Status] != int64_t(ActorStatus::Running) || r[ActorSlot::WaitStart] < 0 || r[ActorSlot::Wake] >= 0)
        return std::nullopt;
    BlockInfo info;
    if (!blockedBy(s, actor, &info))
        return std::nullopt;
    if ((info.place == Place::Row || info.place == Place::Table) && d->lockWaitTimeoutMs >= 0)
        return r[ActorSlot::WaitStart] + d->lockWaitTimeoutMs;
    if (info.place == Place::Pool) {
        const Step &st = programOf(actor).steps[size_t(r[ActorSlot::Pc])];
        if (st.timeoutMs >= 0)
            return r[ActorSlot::WaitStart] + st.timeoutMs;
    }
    return std::nullopt;
}

std::optional<int64_t> Machine::nextDeadline(const State &s) const
{
    const int64_t now = s.v[Slot::Now];
    std::optional<int64_t> best;
    auto consider = [&](int64_t t) {
        if (t >= now && (!best || t < *best))
            best = t;
    };
    for (int a = 0; a < actorCount(); ++a) {
        const int64_t *r = regs(s, a);
        if (r[ActorSlot::Status] != int64_t(ActorStatus::Running))
            continue;
        if (r[ActorSlot::Wake] >= 0)
            consider(r[ActorSlot::Wake]);
        if (auto t = timeoutDeadline(s, a))
            consider(*t);
    }
    for (int l = 0; l < m_leaseNames.size(); ++l) {
        const int off = d->leaseBase + LeaseSlot::Size * l;
        if (s.v[size_t(off + LeaseSlot::Owner)] != 0 && !isFinal(s))
            consider(s.v[size_t(off + LeaseSlot::Expiry)]);
    }
    return best;
}

bool Machine::canTick(const State &s) const
{
    return nextDeadline(s).has_value();
}

void Machine::tick(State &s, Trace *trace, int stepNumber) const
{
    if (auto t = nextDeadline(s))
        advance(s, *t, false, trace, stepNumber);
}

void Machine::advanceClock(State &s, int64_t nowMs, Trace *trace, int stepNumber) const
{
    if (nowMs < s.v[Slot::Now])
        return;
    // Fire only if something is due, so an idle clock adds no events.
    auto next = nextDeadline(s);
    s.v[Slot::Now] = nowMs;
    if (next && *next <= nowMs)
        advance(s, nowMs, true, trace, stepNumber);
}

void Machine::advance(State &s, int64_t t, bool fireAll, Trace *trace, int stepNumber) const
{
    s.v[Slot::Now] = std::max(t, s.v[Slot::Now]);
    // A deterministic tick is a move of its own, so it always shows in the trace.
    if (!fireAll)
        record(trace, s, -1, EventKind::Tick, stepNumber).value = s.v[Slot::Now];
    const int64_t now = s.v[Slot::Now];
    for (int l = 0; l < m_leaseNames.size(); ++l) {
        const int off = d->leaseBase + LeaseSlot::Size * l;
        if (s.v[size_t(off + LeaseSlot::Owner)] != 0 && s.v[size_t(off + LeaseSlot::Expiry)] <= now) {
            TraceEvent &e =
                record(trace, s, int(s.v[size_t(off + LeaseSlot::Owner)] - 1), EventKind::LeaseExpire, stepNumber);
            e.place = Place::Lease;
            e.resource = l;
            e.version = s.v[size_t(off + LeaseSlot::Token)];
            e.line = -1;
            s.v[size_t(off + LeaseSlot::Owner)] = 0; // Redis deletes the key when its TTL runs out
        }
    }
    for (int a = 0; a < actorCount(); ++a) {
        int64_t *r = regs(s, a);
        if (r[ActorSlot::Status] == int64_t(ActorStatus::Running) && r[ActorSlot::Wake] >= 0 &&
            r[ActorSlot::Wake] <= now) {
            r[ActorSlot::Wake] = -1;
            record(trace, s, a, EventKind::Wake, stepNumber);
        }
    }
    // Lock and pool wait timeouts: deterministic drivers fire one per tick, earliest first.
    for (;;) {
        int victim = -1;
        int64_t victimDeadline = 0;
        for (int a = 0; a < actorCount(); ++a)
            if (auto dl = timeoutDeadline(s, a); dl && *dl <= now && (victim < 0 || *dl < victimDeadline)) {
                victim = a;
                victimDeadline = *dl;
            }
        if (victim < 0)
            break;
        BlockInfo info;
        blockedBy(s, victim, &info);
        TraceEvent &e = record(trace, s, victim, EventKind::Timeout, stepNumber);
        e.place = info.place;
        e.resource = info.resource;
        regs(s, victim)[ActorSlot::WaitStart] = -1;
        failActor(s, victim, info.place == Place::Pool ? d->msgPoolTimeout : d->msgLockTimeout, trace, stepNumber);
        if (!fireAll)
            break;
    }
    settle(s, trace, stepNumber, -1);
}

} // namespace Interleave
