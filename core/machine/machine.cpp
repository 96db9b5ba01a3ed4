// Machine semantics: what one scheduling unit, a clock tick and the lock
// manager do to a State. Drivers (stepper, explorer, threads) only choose.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <QCoreApplication>

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
    const int i = d->localNames.indexOf(name);
    return i < 0 ? 0 : regs(s, actor)[ActorSlot::Fields + i];
}

QString Machine::localName(int index) const
{
    return d->localNames.value(index);
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

int Machine::actorByToken(const QString &token) const
{
    for (int a = 0; a < actorCount(); ++a)
        if (m_actors[size_t(a)].letter.compare(token, Qt::CaseInsensitive) == 0)
            return a;
    return -1;
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

int64_t Machine::evaluate(const Expression &e, const State &s) const
{
    return evalRule(e, s, -1);
}

// mem.name reads `instance`'s process memory; inside a per-request aggregate, the request's own.
int64_t Machine::evalRule(const Expression &e, const State &s, int actor, int instance) const
{
    Expression::Context ctx;
    ctx.locals = actor >= 0 ? regs(s, actor) + ActorSlot::Fields : nullptr;
    ctx.call = [&](int fn, const int64_t *args, int) -> int64_t {
        const int kind = fn & Fn::Mask, payload = fn & ~Fn::Mask;
        switch (kind) {
        case Fn::Cell: {
            const int r = findRow(payload >> 8, args[0]);
            return r < 0 ? 0 : cellValue(s, r, payload & 0xff);
        }
        case Fn::Memory:
            return s.v[size_t(d->memoryBase + instance * d->memoryNames.size() + payload)];
        case Fn::Rows:
            return int64_t(tableKeys(s, int(args[0])).size());
        case Fn::Distinct: {
            auto keys = tableKeys(s, int(args[0]));
            return int64_t(std::unique(keys.begin(), keys.end()) - keys.begin());
        }
        case Fn::Has: {
            const auto keys = tableKeys(s, int(args[0]));
            return std::find(keys.begin(), keys.end(), args[1]) != keys.end();
        }
        case Fn::Errors: {
            int64_t n = 0;
            for (int a = 0; a < actorCount(); ++a)
                n += regs(s, a)[ActorSlot::Error] == args[0];
            return n;
        }
        case Fn::Now:
            return s.v[Slot::Now];
        case Fn::Stuck:
            return isStuck(s);
        case Fn::Anomaly:
            return (s.v[Slot::Anomalies] & args[0]) != 0;
        case Fn::Holder: {
            if (args[0] < 0 || args[0] >= d->leaseNames.size())
                return -1;
            return s.v[size_t(d->leaseBase + LeaseSlot::Size * args[0] + LeaseSlot::Owner)] - 1;
        }
        case Fn::LoopWaiters: {
            // Requests that could run but wait because their event loop is busy with someone else's CPU work.
            int64_t n = 0;
            for (int a = 0; a < actorCount(); ++a) {
                const int64_t *r = regs(s, a);
                const int64_t owner = s.v[size_t(Slot::Loop + m_actors[size_t(a)].instance)];
                n += r[ActorSlot::Status] == int64_t(ActorStatus::Running) && r[ActorSlot::Wake] < 0 && owner >= 0 &&
                    owner != a;
            }
            return n;
        }
        case Fn::FinishedAt:
            return actor >= 0 ? regs(s, actor)[ActorSlot::Finished] : 0;
        case Fn::Ok:
            return actor >= 0 && regs(s, actor)[ActorSlot::Status] == int64_t(ActorStatus::Done);
        case Fn::FailedFlag:
            return actor >= 0 && regs(s, actor)[ActorSlot::Status] == int64_t(ActorStatus::Failed);
        default:
            return 0;
        }
    };
    ctx.aggregate = [&](int kind, const Expression &sub) -> int64_t {
        int64_t acc = 0;
        bool first = true;
        for (int a = 0; a < actorCount(); ++a) {
            const int64_t st = regs(s, a)[ActorSlot::Status];
            const bool ok = st == int64_t(ActorStatus::Done), failed = st == int64_t(ActorStatus::Failed);
            switch (kind) {
            case Fn::SumOk:
                acc += ok ? evalRule(sub, s, a, m_actors[size_t(a)].instance) : 0;
                break;
            case Fn::SumAll:
                acc += evalRule(sub, s, a, m_actors[size_t(a)].instance);
                break;
            case Fn::SumFailed:
                acc += failed ? evalRule(sub, s, a, m_actors[size_t(a)].instance) : 0;
                break;
            case Fn::CountOk:
                acc += ok;
                break;
            case Fn::CountFailed:
                acc += failed;
                break;
            case Fn::CountAll:
                acc += 1;
                break;
            case Fn::MaxAll:
            case Fn::MinAll: {
                const int64_t v = evalRule(sub, s, a, m_actors[size_t(a)].instance);
                acc = first ? v : (kind == Fn::MaxAll ? std::max(acc, v) : std::min(acc, v));
                first = false;
                break;
            }
            default:
                break;
            }
        }
        return acc;
    };
    return e.evaluate(ctx);
}

int64_t Machine::cellValue(const State &s, int row, int column) const
{
    return s.v[size_t(m_rows[size_t(row)].offset + RowSlot::committed(column))];
}

int Machine::columnCount(int row) const
{
    return int(m_tables[size_t(m_rows[size_t(row)].table)].columns.size());
}

bool Machine::isKeyTable(int table) const
{
    return table >= 0 && table < int(m_tables.size()) && !m_tables[size_t(table)].isRowTable;
}

int Machine::memoryCount() const
{
    return int(d->memoryNames.size());
}

int64_t Machine::memoryValue(const State &s, int instance, int cell) const
{
    return s.v[size_t(d->memoryBase + instance * d->memoryNames.size() + cell)];
}

std::vector<int64_t> Machine::tableKeys(const State &s, int table) const
{
    std::vector<int64_t> keys;
    if (table < 0 || table >= int(m_tables.size()) || m_tables[size_t(table)].isRowTable)
        return keys;
    const int off = m_tables[size_t(table)].offset;
    const int64_t n = s.v[size_t(off + KeySlot::Count)];
    for (int64_t i = 0; i < n; ++i)
        if (s.v[size_t(off + KeySlot::owner(i))] == -1) // committed rows only
            keys.push_back(s.v[size_t(off + KeySlot::key(i))]);
    return keys;
}

// ---- blocking ----

bool Machine::blockedBy(const State &s, int actor, BlockInfo *info) const
{
    if (d->nobodyWaits)
        return false;
    const int64_t *r = regs(s, actor);
    const Program &p = programOf(actor);
    const int64_t pc = r[ActorSlot::Pc];
    if (r[ActorSlot::Status] != int64_t(ActorStatus::Running) || pc >= int64_t(p.steps.size()))
        return false;
    const Step &st = p.steps[size_t(pc)];
    const int inst = m_actors[size_t(actor)].instance;
    // The sentence is built only when asked for: isEnabled() runs this in the explorer's hot loop.
    auto blocked = [&](BlockInfo::Kind kind, Place place, int resource, int holder, auto &&text) {
        if (info)
            *info = {kind, place, resource, holder, text()};
        return true;
    };
    if (r[ActorSlot::Queued] > 0) {
        const int q = int(r[ActorSlot::Queued]) - 1;
        const int off = d->queueBase + q * (1 + actorCount());
        if (s.v[size_t(off + QueueSlot::Head)] != actor) {
            const int head = int(s.v[size_t(off + QueueSlot::Head)]);
            return blocked(BlockInfo::WaitsInQueue, Place::Queue, q, head, [&] {
                return tr("Waits in queue %1 until the worker finishes %2's job.")
                    .arg(d->queueNames.at(q), m_actors[size_t(head)].name);
            });
        }
    }
    if (st.predicate || (st.op == OpCode::Insert && st.place == Place::Row)) {
        RowWait wait;
        if (!rowStatementWaits(s, actor, st, wait))
            return false;
        return blocked(BlockInfo::WaitsForLock, Place::Row, wait.row, wait.holder, [&] {
            return wait.shared ? tr("Waits for the shared lock on %1 that %2's SELECT holds.")
                                     .arg(resourceName(Place::Row, wait.row), m_actors[size_t(wait.holder)].name)
                               : tr("Waits for the row lock on %1, held by %2.")
                                     .arg(resourceName(Place::Row, wait.row), m_actors[size_t(wait.holder)].name);
        });
    }
    switch (st.op) {
    case OpCode::Read:
    case OpCode::Write:
    case OpCode::Update:
    case OpCode::LockRow: {
        if (st.place != Place::Row)
            return false;
        // A plain SELECT waits only where it takes a shared lock (InnoDB SERIALIZABLE).
        const bool plainRead = st.op == OpCode::Read && !st.forUpdate;
        const bool sharedRead = plainRead && r[ActorSlot::Txn] && m_database.lockingPlainReads();
        if (plainRead && !sharedRead)
            return false;
        const int row = findRow(st.table, evalProgram(st.rowId, s, actor));
        if (row < 0)
            return false;
        const int64_t owner = s.v[size_t(m_rows[size_t(row)].offset + RowSlot::Lock)];
        if (owner >= 0 && owner != actor)
            return blocked(BlockInfo::WaitsForLock, Place::Row, row, int(owner), [&] {
                return tr("Waits for the row lock on %1, held by %2.")
                    .arg(resourceName(Place::Row, row), m_actors[size_t(owner)].name);
            });
        const int reader = sharedRead ? -1 : d->mvcc.otherSharedHolder(s, actor, row);
        if (reader >= 0)
            return blocked(BlockInfo::WaitsForLock, Place::Row, row, reader, [&] {
                return tr("Waits for the shared lock on %1 that %2's SELECT holds.")
                    .arg(resourceName(Place::Row, row), m_actors[size_t(reader)].name);
            });
        return false;
    }
    case OpCode::Insert: {
        const TableInfo &t = m_tables[size_t(st.table)];
        if (!t.unique)
            return false;
        const int64_t key = evalProgram(st.value, s, actor);
        const int64_t n = s.v[size_t(t.offset + KeySlot::Count)];
        for (int64_t i = 0; i < n; ++i) {
            const int64_t k = s.v[size_t(t.offset + KeySlot::key(i))],
                          owner = s.v[size_t(t.offset + KeySlot::owner(i))];
            if (k == key && owner >= 0 && owner != actor)
                return blocked(BlockInfo::WaitsForLock, Place::Table, st.table, int(owner), [&] {
                    return tr("Waits: %1 inserted the same key %2 into %3 and has not committed yet.")
                        .arg(m_actors[size_t(owner)].name)
                        .arg(key)
                        .arg(t.name);
                });
        }
        return false;
    }
    case OpCode::MutexLock: {
        const int64_t owner = s.v[size_t(d->mutexBase + inst * d->mutexNames.size() + st.resource)];
        if (owner >= 0)
            return blocked(BlockInfo::WaitsForLock, Place::Mutex, st.resource, int(owner), [&] {
                return owner == actor ? tr("Waits for mutex %1, which it already holds itself: it will wait forever.")
                                            .arg(d->mutexNames.at(st.resource))
                                      : tr("Waits for mutex %1, held by %2.")
                                            .arg(d->mutexNames.at(st.resource), m_actors[size_t(owner)].name);
            });
        return false;
    }
    case OpCode::LeaseAcquire: {
        if (!st.wait)
            return false;
        const int off = d->leaseBase + LeaseSlot::Size * st.resource;
        const int64_t owner = s.v[size_t(off + LeaseSlot::Owner)];
        if (owner != 0 && s.v[size_t(off + LeaseSlot::Expiry)] > s.v[Slot::Now])
            return blocked(BlockInfo::WaitsForLock, Place::Lease, st.resource, int(owner - 1), [&] {
                return tr("Waits for lock %1, held by %2 until t=%3 ms.")
                    .arg(d->leaseNames.at(st.resource), m_actors[size_t(owner - 1)].name)
                    .arg(s.v[size_t(off + LeaseSlot::Expiry)]);
            });
        return false;
    }
    case OpCode::PoolAcquire: {
        if (!st.wait)
            return false;
        if (s.v[size_t(d->poolBase + inst * d->poolNames.size() + st.resource)] <= 0)
            return blocked(BlockInfo::WaitsForLock, Place::Pool, st.resource, -1, [&] {
                return tr("Waits for a free connection in pool %1.").arg(d->poolNames.at(st.resource));
            });
        return false;
    }
    default:
        return false;
    }
}

BlockInfo Machine::blockInfo(const State &s, int actor) const
{
    const int64_t *r = regs(s, actor);
    BlockInfo info;
    if (r[ActorSlot::Status] != int64_t(ActorStatus::Running)) {
        info.kind = BlockInfo::Finished;
        info.text = r[ActorSlot::Status] == int64_t(ActorStatus::Done)
            ? tr("%1 has finished.").arg(m_actors[size_t(actor)].name)
            : tr("%1 has failed: %2").arg(m_actors[size_t(actor)].name, m_messages.value(int(r[ActorSlot::Error])));
        return info;
    }
    if (r[ActorSlot::Wake] >= 0) {
        info.kind = BlockInfo::Sleeping;
        info.place = Place::Clock;
        info.text = tr("Busy or paused until t=%1 ms; advance time to wake it.").arg(r[ActorSlot::Wake]);
        return info;
    }
    const int inst = m_actors[size_t(actor)].instance;
    const int64_t owner = s.v[size_t(Slot::Loop + inst)];
    if (owner >= 0 && owner != actor) {
        info.kind = BlockInfo::LoopBusy;
        info.holder = int(owner);
        info.text =
            tr("The event loop is busy running %1; nothing else on it can run.").arg(m_actors[size_t(owner)].name);
        return info;
    }
    blockedBy(s, actor, &info);
    return info;
}

bool Machine::isEnabled(const State &s, int actor) const
{
    const int64_t *r = regs(s, actor);
    if (r[ActorSlot::Status] != int64_t(ActorStatus::Running) || r[ActorSlot::Wake] >= 0)
        return false;
    const int64_t owner = s.v[size_t(Slot::Loop + m_actors[size_t(actor)].instance)];
    if (owner >= 0 && owner != actor)
        return false;
    return !blockedBy(s, actor, nullptr);
}

bool Machine::isFinal(const State &s) const
{
    for (int a = 0; a < actorCount(); ++a)
        if (regs(s, a)[ActorSlot::Status] == int64_t(ActorStatus::Running))
            return false;
    return true;
}

bool Machine::isStuck(const State &s) const
{
    if (isFinal(s))
        return false;
    for (int a = 0; a < actorCount(); ++a)
        if (isEnabled(s, a))
            return false;
    return !canTick(s);
}

// ---- time ----

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
    for (int l = 0; l < d->leaseNames.size(); ++l) {
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
    for (int l = 0; l < d->leaseNames.size(); ++l) {
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

// ---- actor lifecycle ----

bool Machine::retryTransaction(State &s, int actor, int message, Trace *trace, int stepNumber) const
{
    int64_t *r = regs(s, actor);
    if (r[ActorSlot::Txn] <= 0)
        return false;
    const int64_t beginStep = r[ActorSlot::Txn] - 1;
    const Step &begin = programOf(actor).steps[size_t(beginStep)];
    const int kind = message == d->msgConcurrentUpdate || message == d->msgDangerousStructure ? RetrySerialization
        : message == d->msgDeadlock                                                           ? RetryDeadlock
        : message == d->msgLockTimeout                                                        ? RetryTimeout
                                                                                              : 0;
    int64_t &retries = r[ActorSlot::Fields + begin.into];
    if (!(begin.retryOn & kind) || retries + 1 >= begin.retryAttempts)
        return false;
    // catch (e) { await conn.rollback(); continue; }: the transaction starts again from BEGIN.
    TraceEvent &e = record(trace, s, actor, EventKind::Fail, stepNumber);
    e.message = int16_t(message);
    e.version = 1; // caught: the request retries
    rollback(s, actor, trace, stepNumber);
    ++retries;
    r[ActorSlot::Wake] = -1;
    r[ActorSlot::WaitStart] = -1;
    r[ActorSlot::Pc] = beginStep;
    return true;
}

void Machine::failActor(State &s, int actor, int message, Trace *trace, int stepNumber) const
{
    if (retryTransaction(s, actor, message, trace, stepNumber))
        return;
    int64_t *r = regs(s, actor);
    if (r[ActorSlot::Txn])
        rollback(s, actor, trace, stepNumber);
    TraceEvent &e = record(trace, s, actor, EventKind::Fail, stepNumber);
    e.message = int16_t(message);
    r[ActorSlot::Wake] = -1;
    r[ActorSlot::WaitStart] = -1;
    const Program &p = programOf(actor);
    const int tryStep = d->tryStep[size_t(m_actors[size_t(actor)].program)];
    if (p.finallyStep >= 0 && r[ActorSlot::Pc] >= tryStep && r[ActorSlot::Pc] < p.finallyStep &&
        r[ActorSlot::PendingError] < 0) {
        // try { … } finally { … }: run the cleanup, then fail with the original error.
        r[ActorSlot::PendingError] = message;
        r[ActorSlot::Pc] = p.finallyStep;
        return;
    }
    r[ActorSlot::PendingError] = message;
    finishActor(s, actor, nullptr, stepNumber);
}

void Machine::finishActor(State &s, int actor, Trace *trace, int stepNumber) const
{
    int64_t *r = regs(s, actor);
    if (r[ActorSlot::Txn])
        rollback(s, actor, trace, stepNumber); // a connection returned mid-transaction rolls back
    if (r[ActorSlot::Queued] > 0) {
        // The worker moves on to the next job even when this one failed.
        const int q = int(r[ActorSlot::Queued]) - 1;
        const int off = d->queueBase + q * (1 + actorCount());
        int64_t &n = s.v[size_t(off + QueueSlot::Length)];
        for (int i = 0; i < n; ++i)
            if (s.v[size_t(off + QueueSlot::Head + i)] == actor) {
                for (int k = i; k + 1 < n; ++k)
                    s.v[size_t(off + QueueSlot::Head + k)] = s.v[size_t(off + QueueSlot::Head + k + 1)];
                s.v[size_t(off + QueueSlot::Head + n - 1)] = -1;
                --n;
                break;
            }
        r[ActorSlot::Queued] = 0;
    }
    const bool failed = r[ActorSlot::PendingError] >= 0;
    r[ActorSlot::Status] = int64_t(failed ? ActorStatus::Failed : ActorStatus::Done);
    r[ActorSlot::Error] = r[ActorSlot::PendingError];
    r[ActorSlot::Finished] = s.v[Slot::Now];
    r[ActorSlot::Pc] = int64_t(programOf(actor).steps.size());
    const int inst = m_actors[size_t(actor)].instance;
    if (s.v[size_t(Slot::Loop + inst)] == actor)
        s.v[size_t(Slot::Loop + inst)] = -1;
    if (trace && !failed)
        record(trace, s, actor, EventKind::Done, stepNumber).line = -1;
}

void Machine::commit(State &s, int actor, Trace *trace, int stepNumber) const
{
    record(trace, s, actor, EventKind::Commit, stepNumber);
    std::vector<int> wroteRows;
    for (size_t row = 0; row < m_rows.size(); ++row) {
        const int off = m_rows[row].offset;
        if (s.v[size_t(off + RowSlot::Lock)] != actor)
            continue;
        const int cols = int(m_tables[size_t(m_rows[row].table)].columns.size());
        for (int c = 0; c < cols; ++c) {
            if (s.v[size_t(off + RowSlot::hasPending(c))]) {
                if (wroteRows.empty() || wroteRows.back() != int(row))
                    wroteRows.push_back(int(row));
                s.v[size_t(off + RowSlot::committed(c))] = s.v[size_t(off + RowSlot::pending(c))];
                s.v[size_t(off + RowSlot::pending(c))] = 0;
                s.v[size_t(off + RowSlot::hasPending(c))] = 0;
            }
        }
        releaseRowLock(s, row, actor, trace, stepNumber);
    }
    for (const TableInfo &t : m_tables) {
        if (t.isRowTable)
            continue;
        const int64_t n = s.v[size_t(t.offset + KeySlot::Count)];
        for (int64_t i = 0; i < n; ++i)
            if (s.v[size_t(t.offset + KeySlot::owner(i))] == actor)
                s.v[size_t(t.offset + KeySlot::owner(i))] = -1;
    }
    d->mvcc.commit(s, actor, wroteRows);
    regs(s, actor)[ActorSlot::Txn] = 0;
}

void Machine::releaseRowLock(State &s, size_t row, int actor, Trace *trace, int stepNumber) const
{
    s.v[size_t(m_rows[row].offset + RowSlot::Lock)] = -1;
    TraceEvent &e = record(trace, s, actor, EventKind::LockRelease, stepNumber);
    e.place = Place::Row;
    e.resource = int(row);
}

void Machine::rollback(State &s, int actor, Trace *trace, int stepNumber) const
{
    record(trace, s, actor, EventKind::Rollback, stepNumber);
    for (size_t row = 0; row < m_rows.size(); ++row) {
        const int off = m_rows[row].offset;
        if (s.v[size_t(off + RowSlot::Lock)] != actor)
            continue;
        const int cols = int(m_tables[size_t(m_rows[row].table)].columns.size());
        for (int c = 0; c < cols; ++c) {
            s.v[size_t(off + RowSlot::pending(c))] = 0;
            s.v[size_t(off + RowSlot::hasPending(c))] = 0;
        }
        releaseRowLock(s, row, actor, trace, stepNumber);
    }
    for (const TableInfo &t : m_tables) {
        if (t.isRowTable)
            continue;
        int64_t &n = s.v[size_t(t.offset + KeySlot::Count)];
        int64_t w = 0;
        for (int64_t i = 0; i < n; ++i) {
            const int64_t k = s.v[size_t(t.offset + KeySlot::key(i))], o = s.v[size_t(t.offset + KeySlot::owner(i))];
            if (o == actor)
                continue;
            s.v[size_t(t.offset + KeySlot::key(w))] = k;
            s.v[size_t(t.offset + KeySlot::owner(w))] = o;
            ++w;
        }
        for (int64_t i = w; i < n; ++i) {
            s.v[size_t(t.offset + KeySlot::key(i))] = 0;
            s.v[size_t(t.offset + KeySlot::owner(i))] = -1;
        }
        n = w;
    }
    d->mvcc.rollback(s, actor);
    regs(s, actor)[ActorSlot::Txn] = 0;
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
    settle(s, trace, stepNumber, actor);
    return int(std::clamp<int64_t>(latency, 0, 60000));
}

void Machine::settle(State &s, Trace *trace, int stepNumber, int lastActor) const
{
    // Without anything to wait for, nobody starts or stops waiting and no cycle can form.
    // When a wait begins matters only to its timeout and to the trace's wait event:
    // without either it is not recorded, so a step changes no one else's registers.
    const bool recordWaits = trace || d->waitTimeouts;
    for (int round = 0; !d->nobodyWaits && round <= actorCount(); ++round) {
        const int64_t now = s.v[Slot::Now];
        bool anyWaits = false;
        for (int a = 0; a < actorCount(); ++a) {
            int64_t *r = regs(s, a);
            if (r[ActorSlot::Status] != int64_t(ActorStatus::Running))
                continue;
            // Without BlockInfo first: its sentence is only needed when a wait begins.
            const bool waits = r[ActorSlot::Wake] < 0 && blockedBy(s, a, nullptr);
            anyWaits = anyWaits || waits;
            if (waits)
                snapshotWaitingStatement(s, a);
            if (waits && r[ActorSlot::WaitStart] < 0 && recordWaits) {
                BlockInfo info;
                blockedBy(s, a, &info);
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
        const std::vector<int> cycle = findCycle(s);
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

// PostgreSQL takes a transaction's snapshot when its first statement starts; a statement
// that has to wait has started, so its snapshot predates what it waits for.
void Machine::snapshotWaitingStatement(State &s, int actor) const
{
    if (!d->mvcc.snapshots() || !m_database.snapshotAtFirstStatement() || !regs(s, actor)[ActorSlot::Txn])
        return;
    const Step &st = programOf(actor).steps[size_t(regs(s, actor)[ActorSlot::Pc])];
    // READ COMMITTED: only a predicate UPDATE or DELETE keeps its statement's snapshot while it waits.
    if (!d->mvcc.transactionSnapshots() && !st.predicate)
        return;
    const OpCode op = st.op;
    if (op == OpCode::Read || op == OpCode::Write || op == OpCode::Update || op == OpCode::LockRow ||
        op == OpCode::Insert || op == OpCode::Select || op == OpCode::Delete)
        d->mvcc.takeSnapshot(s, actor);
}

std::vector<Machine::WaitEdge> Machine::waitForGraph(const State &s) const
{
    std::vector<WaitEdge> edges;
    for (int a = 0; a < actorCount(); ++a) {
        if (regs(s, a)[ActorSlot::Wake] >= 0)
            continue;
        BlockInfo info;
        if (blockedBy(s, a, &info) && info.holder >= 0)
            edges.push_back({a, info.holder, info.place, info.resource});
    }
    return edges;
}

std::vector<int> Machine::findCycle(const State &s) const
{
    const auto edges = waitForGraph(s);
    if (edges.empty())
        return {};
    std::vector<int> next(size_t(actorCount()), -1);
    for (const WaitEdge &e : edges)
        next[size_t(e.waiter)] = e.holder;
    // Each waiter waits for one holder: follow the chain until it repeats.
    for (int start = 0; start < actorCount(); ++start) {
        std::vector<int> path;
        std::vector<char> onPath(size_t(actorCount()), 0);
        int a = start;
        while (a >= 0 && !onPath[size_t(a)]) {
            onPath[size_t(a)] = 1;
            path.push_back(a);
            a = next[size_t(a)];
        }
        if (a >= 0) {
            const auto it = std::find(path.begin(), path.end(), a);
            return std::vector<int>(it, path.end());
        }
    }
    return {};
}

uint64_t Machine::violatedMask(const State &s) const
{
    return uint64_t(s.v[Slot::Violated]);
}

uint64_t Machine::anomalyMask(const State &s) const
{
    return uint64_t(s.v[Slot::Anomalies]);
}

// Each server instance has its own process memory, so a rule over mem.* must
// hold in every one of them: an overdraft on the second server is still one.
bool Machine::ruleHolds(const Expression &check, const State &s) const
{
    for (int inst = 0; inst < d->instances; ++inst)
        if (!evalRule(check, s, -1, inst))
            return false;
    return true;
}

std::vector<bool> Machine::checkInvariants(const State &s) const
{
    std::vector<bool> holds;
    for (size_t i = 0; i < m_invariants.size(); ++i) {
        const bool broken = (s.v[Slot::Violated] >> i) & 1;
        holds.push_back(!broken && ruleHolds(m_invariants[i].check, s));
    }
    return holds;
}

bool Machine::isDeadlockVictim(const State &s, int actor) const
{
    return status(s, actor) == ActorStatus::Failed && errorOf(s, actor) == d->msgDeadlock;
}

OutcomeVerdict Machine::verdict(const State &s) const
{
    OutcomeVerdict v;
    const std::vector<bool> holds = checkInvariants(s);
    for (size_t i = 0; i < holds.size() && i < 64; ++i)
        if (!holds[i])
            v.brokenRules |= uint64_t(1) << i;
    v.brokenRules |= violatedMask(s);
    v.anomalies = anomalyMask(s);
    v.stuck = isStuck(s);
    for (int a = 0; a < actorCount() && !v.deadlockDetected; ++a)
        v.deadlockDetected = isDeadlockVictim(s, a);
    const uint64_t harmful = v.anomalies & ~uint64_t(RejectedStaleToken);
    v.breaksRule = v.brokenRules != 0 || v.stuck || v.deadlockDetected || harmful != 0;
    return v;
}

std::vector<int64_t> Machine::outcomeKey(const State &s) const
{
    std::vector<int64_t> key;
    for (size_t row = 0; row < m_rows.size(); ++row) {
        const int cols = int(m_tables[size_t(m_rows[row].table)].columns.size());
        for (int c = 0; c < cols; ++c)
            key.push_back(cellValue(s, int(row), c));
    }
    key.insert(key.end(), s.v.begin() + d->memoryBase,
               s.v.begin() + d->memoryBase + d->memoryNames.size() * d->instances);
    for (size_t t = 0; t < m_tables.size(); ++t) {
        if (m_tables[t].isRowTable)
            continue;
        const auto keys = tableKeys(s, int(t));
        key.push_back(int64_t(keys.size()));
        key.insert(key.end(), keys.begin(), keys.end());
    }
    for (int a = 0; a < actorCount(); ++a) {
        key.push_back(regs(s, a)[ActorSlot::Status]);
        key.push_back(regs(s, a)[ActorSlot::Error]);
    }
    key.push_back(s.v[Slot::Violated]);
    key.push_back(s.v[Slot::Anomalies]);
    key.push_back(isStuck(s));
    for (size_t i = 0; i < m_invariants.size(); ++i)
        if (!m_invariants[i].always)
            key.push_back(ruleHolds(m_invariants[i].check, s));
    // Figures name the outcome (describeOutcome), so they are part of it: a row never
    // shows a figure value that some of its interleavings do not have.
    for (const Figure &f : m_figures)
        key.push_back(evalRule(f.actual, s, -1));
    return key;
}

QString Machine::describeOutcome(const State &s) const
{
    QStringList parts;
    for (const Figure &f : m_figures)
        parts << QStringLiteral("%1 = %2").arg(f.label).arg(evalRule(f.actual, s, -1));
    if (m_figures.empty()) {
        for (size_t row = 0; row < m_rows.size(); ++row) {
            const int cols = int(m_tables[size_t(m_rows[row].table)].columns.size());
            for (int c = 0; c < cols; ++c)
                parts << QStringLiteral("%1 = %2")
                             .arg(resourceName(Place::Row, int(row), c))
                             .arg(cellValue(s, int(row), c));
        }
        // Memory is part of the outcome too: two outcomes that differ only there must read differently.
        for (int inst = 0; inst < d->instances; ++inst)
            for (int cell = 0; cell < memoryCount(); ++cell)
                parts << QStringLiteral("%1%2 = %3")
                             .arg(d->instances > 1 ? QStringLiteral("#%1 ").arg(inst + 1) : QString(),
                                  QStringLiteral("mem.") + d->memoryNames.at(cell))
                             .arg(memoryValue(s, inst, cell));
    }
    QStringList failures;
    for (int a = 0; a < actorCount(); ++a)
        if (status(s, a) == ActorStatus::Failed)
            failures << QStringLiteral("%1: %2").arg(m_actors[size_t(a)].letter, m_messages.value(errorOf(s, a)));
    if (!failures.isEmpty())
        parts << failures.join(QLatin1String("; "));
    if (isStuck(s))
        parts << tr("stuck: every request waits forever");
    return parts.join(QStringLiteral(" · "));
}

bool Machine::usesPlace(Place place) const
{
    for (const Program &program : m_programs)
        for (const Step &step : program.steps)
            if (step.place == place)
                return true;
    return false;
}

QString Machine::resourceName(Place place, int resource, int column) const
{
    switch (place) {
    case Place::Row: {
        if (resource < 0 || resource >= int(m_rows.size()))
            return {};
        const RowInfo &r = m_rows[size_t(resource)];
        const TableInfo &t = m_tables[size_t(r.table)];
        QString name = QStringLiteral("%1[%2]").arg(t.name).arg(r.id);
        if (column >= 0 && column < t.columns.size())
            name += u'.' + t.columns.at(column);
        return name;
    }
    case Place::Table:
        return resource >= 0 && resource < int(m_tables.size()) ? m_tables[size_t(resource)].name : QString();
    case Place::Memory:
        return d->memoryNames.value(column);
    case Place::Mutex:
        return d->mutexNames.value(resource);
    case Place::Lease:
        return d->leaseNames.value(resource);
    case Place::Queue:
        return d->queueNames.value(resource);
    case Place::Pool:
        return d->poolNames.value(resource);
    case Place::Clock:
        return tr("clock");
    case Place::None:
        break;
    }
    return {};
}

} // namespace Interleave
