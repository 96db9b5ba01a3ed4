// Rules and outcomes: the rule and figure context, committed values for dashboards,
// invariants, the verdict and the outcome's identity and description.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <QCoreApplication>

#include <algorithm>

namespace Interleave {

int64_t Machine::evaluate(const Expression &e, const State &s) const
{
    return evalRule(e, s, -1);
}

// mem.name reads `instance`'s process memory; inside a per-request aggregate, the request's own.
int64_t Machine::evalRule(const Expression &e, const State &s, int actor, int instance) const
{
    Expression::Context ctx;
    ctx.locals = actor >= 0 ? regs(s, actor) + ActorSlot::Fields : nullptr;
    ctx.call = [&](int fn, const int64_t *args, int) { return ruleFunction(fn, args, s, actor, instance); };
    ctx.aggregate = [&](int kind, const Expression &sub) { return ruleAggregate(kind, sub, s); };
    return e.evaluate(ctx);
}

// The rule context's functions (machine_impl.h, Fn): cells, memory, tables, errors, time, leases, actors.
int64_t Machine::ruleFunction(int fn, const int64_t *args, const State &s, int actor, int instance) const
{
    const int kind = fn & Fn::Mask, payload = fn & ~Fn::Mask;
    switch (kind) {
    case Fn::Cell: {
        const int r = findRow(payload >> 8, args[0]);
        return r < 0 ? 0 : cellValue(s, r, payload & 0xff);
    }
    case Fn::Memory:
        return s.v[size_t(d->memoryBase + instance * m_memoryNames.size() + payload)];
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
        if (args[0] < 0 || args[0] >= m_leaseNames.size())
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
}

// sum(…), count(…), max(…), min(…) over the requests, each evaluated with its own locals.
int64_t Machine::ruleAggregate(int kind, const Expression &sub, const State &s) const
{
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
}

int64_t Machine::cellValue(const State &s, int row, int column) const
{
    return s.v[size_t(m_rows[size_t(row)].offset + RowSlot::committed(column))];
}

int64_t Machine::memoryValue(const State &s, int instance, int cell) const
{
    return s.v[size_t(d->memoryBase + instance * m_memoryNames.size() + cell)];
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
               s.v.begin() + d->memoryBase + m_memoryNames.size() * d->instances);
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
                                  QStringLiteral("mem.") + m_memoryNames.at(cell))
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

} // namespace Interleave
