// Machine semantics: what one scheduling unit does to a State, and how the others
// settle after it (waits begin, the deadlock detector, "always" rules). Drivers
// (stepper, explorer, threads) only choose. Waits are in waits.cpp, time in clock.cpp,
// transactions and an actor's end in transaction.cpp, rules and outcomes in rules.cpp.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <QVarLengthArray>

#include <algorithm>

namespace Interleave {

int64_t *Machine::regs(State &s, int actor) const
{
    return s.v.data() + d->actorBase + actor * d->actorStride;
}

const int64_t *Machine::regs(const State &s, int actor) const
{
    return s.v.data() + d->actorBase + actor * d->actorStride;
}

TraceEvent &Machine::record(Trace *trace, const State &s, int actor, EventKind kind, int stepNumber) const
{
    static thread_local TraceEvent sink;
    if (!trace)
        return sink;
    TraceEvent &e = trace->emplace_back();
    e.kind = kind;
    e.actor = int16_t(actor);
    e.step = stepNumber;
    e.virtualMs = int32_t(s.v[Slot::Now]);
    if (actor >= 0) {
        const int64_t pc = regs(s, actor)[ActorSlot::Pc];
        const Program &p = programOf(actor);
        if (pc >= 0 && pc < int64_t(p.steps.size()))
            e.line = int16_t(p.steps[size_t(pc)].line);
    }
    return e;
}

State Machine::initialState() const
{
    return d->initial;
}

ActorStatus Machine::status(const State &s, int actor) const
{
    return ActorStatus(regs(s, actor)[ActorSlot::Status]);
}

int Machine::errorOf(const State &s, int actor) const
{
    return int(regs(s, actor)[ActorSlot::Error]);
}

int Machine::currentLine(const State &s, int actor) const
{
    const int64_t *r = regs(s, actor);
    const Program &p = programOf(actor);
    if (r[ActorSlot::Status] != int64_t(ActorStatus::Running) || r[ActorSlot::Pc] >= int64_t(p.steps.size()))
        return -1;
    return p.steps[size_t(r[ActorSlot::Pc])].line;
}

int64_t Machine::local(const State &s, int actor, const QString &name) const
{
    const int i = m_localNames.indexOf(name);
    return i < 0 ? 0 : regs(s, actor)[ActorSlot::Fields + i];
}

int Machine::findRow(int table, int64_t id) const
{
    const int first = d->tableFirstRow[size_t(table)];
    for (int r = first; r < first + d->tableRowCount[size_t(table)]; ++r)
        if (m_rows[size_t(r)].id == id)
            return r;
    return -1;
}

bool Machine::isPoint(const Step &step) const
{
    return m_model.kind == ExecutionModel::Threads ? step.shared : step.await;
}

int64_t Machine::evalProgram(const Expression &e, const State &s, int actor) const
{
    const int64_t *locals = regs(s, actor) + ActorSlot::Fields;
    for (const Expression::Instr &in : e.code())
        if (in.op == Expression::Op::Call && in.a == Fn::Now) {
            Expression::Context ctx;
            ctx.locals = locals;
            ctx.call = [&](int, const int64_t *, int) { return s.v[Slot::Now]; };
            return e.evaluate(ctx);
        }
    return e.evaluate(locals);
}

void Machine::runLocals(State &s, int actor, Trace *trace, int stepNumber) const
{
    // Pure local steps (no shared state, no time) before the actor's first real step.
    const Program &p = programOf(actor);
    int guard = 0;
    for (;;) {
        int64_t *r = regs(s, actor);
        if (r[ActorSlot::Status] != int64_t(ActorStatus::Running))
            return;
        if (r[ActorSlot::Pc] >= int64_t(p.steps.size())) {
            finishActor(s, actor, trace, stepNumber);
            return;
        }
        const OpCode op = p.steps[size_t(r[ActorSlot::Pc])].op;
        if (op != OpCode::Let && op != OpCode::Goto && op != OpCode::Fail && op != OpCode::Finish)
            return;
        bool hold = false;
        exec(s, actor, trace, stepNumber, hold);
        if (++guard > 10000) {
            failActor(s, actor, d->msgRunaway, trace, stepNumber);
            return;
        }
    }
}

int Machine::step(State &s, int actor, Trace *trace, int stepNumber) const
{
    const int latency = runStep(s, actor, trace, stepNumber);
    settle(s, trace, stepNumber, actor);
    return latency;
}

int Machine::runStep(State &s, int actor, Trace *trace, int stepNumber) const
{
    const Program &p = programOf(actor);
    const int inst = m_actors[size_t(actor)].instance;
    bool executedPoint = false, holdLoop = false;
    int64_t latency = 0;
    int guard = 0;
    for (;;) {
        int64_t *r = regs(s, actor);
        if (r[ActorSlot::Status] != int64_t(ActorStatus::Running))
            break;
        if (r[ActorSlot::Pc] >= int64_t(p.steps.size())) {
            finishActor(s, actor, trace, stepNumber);
            break;
        }
        const Step &st = p.steps[size_t(r[ActorSlot::Pc])];
        if (executedPoint && isPoint(st))
            break;
        if (blockedBy(s, actor, nullptr))
            break;
        latency += exec(s, actor, trace, stepNumber, holdLoop);
        const OpCode op = st.op;
        if (op != OpCode::Let && op != OpCode::Goto && op != OpCode::Fail && op != OpCode::Finish)
            executedPoint = true;
        if (regs(s, actor)[ActorSlot::Wake] >= 0)
            break;
        if (++guard > 10000) {
            failActor(s, actor, d->msgRunaway, trace, stepNumber);
            break;
        }
    }
    int64_t &loop = s.v[size_t(Slot::Loop + inst)];
    if (m_model.kind != ExecutionModel::Threads) {
        const bool running = regs(s, actor)[ActorSlot::Status] == int64_t(ActorStatus::Running);
        loop = (running && holdLoop && regs(s, actor)[ActorSlot::Wake] >= 0) ? actor : (loop == actor ? -1 : loop);
    }
    return int(std::clamp<int64_t>(latency, 0, 60000));
}

void Machine::settle(State &s, Trace *trace, int stepNumber, int lastActor) const
{
    // Without anything to wait for, nobody starts or stops waiting and no cycle can form.
    // When a wait begins matters only to its timeout and to the trace's wait event:
    // without either it is not recorded, so a step changes no one else's registers.
    const bool recordWaits = trace || d->waitTimeouts;
    QVarLengthArray<int, 256> waitsFor(actorCount());
    for (int round = 0; !d->nobodyWaits && round <= actorCount(); ++round) {
        const int64_t now = s.v[Slot::Now];
        bool anyWaits = false, snapshotTaken = false;
        for (int a = 0; a < actorCount(); ++a) {
            int64_t *r = regs(s, a);
            waitsFor[a] = -1;
            if (r[ActorSlot::Status] != int64_t(ActorStatus::Running))
                continue;
            BlockInfo info; // without its sentence, which only blockInfo() composes
            const bool waits = r[ActorSlot::Wake] < 0 && blockedBy(s, a, &info);
            anyWaits = anyWaits || waits;
            if (waits) {
                waitsFor[a] = info.holder;
                // PostgreSQL takes a transaction's snapshot when its first statement starts;
                // a statement that has to wait has started, so its snapshot predates what it waits for.
                if (waitTakesSnapshot(s, a)) {
                    d->mvcc.takeSnapshot(s, a);
                    snapshotTaken = true;
                    info = {};
                    blockedBy(s, a, &info); // what it waits for, as its snapshot sees it
                }
            }
            if (waits && r[ActorSlot::WaitStart] < 0 && recordWaits) {
                r[ActorSlot::WaitStart] = now;
                TraceEvent &e = record(trace, s, a, EventKind::LockWait, stepNumber);
                e.place = info.place;
                e.resource = info.resource;
                e.value = info.holder;
            } else if (!waits && r[ActorSlot::WaitStart] >= 0) {
                r[ActorSlot::WaitStart] = -1;
            }
        }
        // No one waits, so the wait-for graph has no edge and no cycle: the common case, kept cheap.
        if (!d->deadlockDetection || !anyWaits)
            break;
        // blockedBy() does not read when a wait began, so the waits just seen are the
        // wait-for graph, unless a snapshot was taken since (a PostgreSQL predicate wait
        // depends on it).
        const std::vector<int> cycle = snapshotTaken ? findCycle(s) : cycleAmong(waitsFor.constData(), actorCount());
        bool database = !cycle.empty();
        for (int a : cycle) {
            BlockInfo info;
            blockedBy(s, a, &info);
            database = database && (info.place == Place::Row || info.place == Place::Table);
        }
        if (!database)
            break;
        // InnoDB rolls back the transaction whose lock request closed the cycle.
        int victim = cycle.back();
        if (std::find(cycle.begin(), cycle.end(), lastActor) != cycle.end())
            victim = lastActor;
        TraceEvent &e = record(trace, s, victim, EventKind::Deadlock, stepNumber);
        e.value = int64_t(cycle.size());
        regs(s, victim)[ActorSlot::WaitStart] = -1;
        failActor(s, victim, d->msgDeadlock, trace, stepNumber);
    }
    // Rules that must hold at every moment: checked on committed state, sticky once broken.
    for (size_t i = 0; i < m_invariants.size(); ++i) {
        const Invariant &inv = m_invariants[i];
        if (!inv.always || (s.v[Slot::Violated] & (int64_t(1) << i)))
            continue;
        if (!ruleHolds(inv.check, s)) {
            s.v[Slot::Violated] |= int64_t(1) << i;
            TraceEvent &e = record(trace, s, lastActor, EventKind::Violation, stepNumber);
            e.value = int64_t(i);
            e.line = -1;
        }
    }
}

bool Machine::waitTakesSnapshot(const State &s, int actor) const
{
    if (!d->mvcc.snapshots() || !m_database.snapshotAtFirstStatement() || !regs(s, actor)[ActorSlot::Txn] ||
        d->mvcc.hasSnapshot(s, actor))
        return false;
    const Step &st = programOf(actor).steps[size_t(regs(s, actor)[ActorSlot::Pc])];
    // READ COMMITTED: only a predicate UPDATE or DELETE keeps its statement's snapshot while it waits.
    if (!d->mvcc.transactionSnapshots() && !st.predicate)
        return false;
    const OpCode op = st.op;
    return op == OpCode::Read || op == OpCode::Write || op == OpCode::Update || op == OpCode::LockRow ||
        op == OpCode::Insert || op == OpCode::Select || op == OpCode::Delete;
}

} // namespace Interleave
