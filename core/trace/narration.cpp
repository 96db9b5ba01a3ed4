// Machine::narrate: one plain sentence per trace event, for the narration
// panel, tooltips and the CLI.

#include "machine/machine.h"
#include "machine/machine_p.h"

#include <QCoreApplication>

namespace Interleave {

namespace {

// Reads and writes of data: cells, rows, keys.
QString narrateData(const TraceEvent &e, const QString &who, const QString &cell)
{
    switch (e.kind) {
    case EventKind::Read:
        return e.version ? Machine::tr("%1 locks and reads %2 = %3 (SELECT … FOR UPDATE).").arg(who, cell).arg(e.value)
                         : Machine::tr("%1 reads %2 = %3.").arg(who, cell).arg(e.value);
    case EventKind::Write:
        if (e.message >= 0)
            return Machine::
                tr("%1 tries to write %2 = %3 with fencing token %4; storage has seen a newer token and rejects it.")
                    .arg(who, cell)
                    .arg(e.value)
                    .arg(e.version);
        if (e.version > 0)
            return Machine::tr("%1 writes %2 = %3 with fencing token %4.").arg(who, cell).arg(e.value).arg(e.version);
        return Machine::tr("%1 writes %2 = %3.").arg(who, cell).arg(e.value);
    case EventKind::Update:
        return e.version
            ? Machine::tr("%1 updates %2 to %3 in one atomic statement (1 row affected).").arg(who, cell).arg(e.value)
            : Machine::tr("%1's atomic update of %2 matches no row (0 rows affected): its condition is false.")
                  .arg(who, cell);
    case EventKind::Insert:
        return e.version ? Machine::tr("%1 inserts key %2 into %3.").arg(who).arg(e.value).arg(cell)
                         : Machine::tr("%1 tries to insert key %2 into %3, but the unique key rejects the duplicate.")
                               .arg(who)
                               .arg(e.value)
                               .arg(cell);
    case EventKind::Lookup:
        return e.version
            ? Machine::tr("%1 looks for key %2 in %3 and finds it.").arg(who).arg(e.value).arg(cell)
            : Machine::tr("%1 looks for key %2 in %3 and does not find it.").arg(who).arg(e.value).arg(cell);
    default:
        return {};
    }
}

// What an owner-checked (or unchecked) lease release says when the lock is not the mover's.
QString narrateLeaseNotOwned(const Step &step, const QString &who, const QString &cell, const QString &other)
{
    if (!step.checkOwner)
        return Machine::tr("%1 deletes lock %2, but it is already gone: nothing to delete.").arg(who, cell);
    if (other.isEmpty())
        return Machine::tr("%1 leaves lock %2 alone: it no longer holds it (the lease expired), "
                           "and the owner check deletes only its own lock.")
            .arg(who, cell);
    return Machine::tr("%1 leaves lock %2 alone: it now belongs to %3, and the owner check "
                       "deletes only its own lock.")
        .arg(who, cell, other);
}

// The same event kind reports an owner-checked release that finds the lock is not its
// own: the lease release step on the event's line, if there is one.
const Step *leaseReleaseStep(const MachineDescription &m, const TraceEvent &e)
{
    if (e.place != Place::Lease || e.actor < 0 || e.actor >= m.actorCount() || e.line < 0 ||
        size_t(e.line) >= m.programOf(e.actor).lines.size())
        return nullptr;
    const Program &p = m.programOf(e.actor);
    const ProgramLine &pl = p.lines[size_t(e.line)];
    for (int k = pl.firstStep; k < pl.firstStep + pl.stepCount; ++k)
        if (p.steps[size_t(k)].op == OpCode::LeaseRelease)
            return &p.steps[size_t(k)];
    return nullptr;
}

// Locks, leases, pools and queues: who takes, waits for, releases or loses what.
QString narrateLock(const MachineDescription &m, const TraceEvent &e, const QString &who, const QString &cell,
                    const QString &other)
{
    switch (e.kind) {
    case EventKind::LockWait:
        return other.isEmpty() ? Machine::tr("%1 must wait for %2.").arg(who, cell)
                               : Machine::tr("%1 must wait for %2, held by %3.").arg(who, cell, other);
    case EventKind::LockAcquire:
        if (e.place == Place::Lease)
            return Machine::tr("%1 acquires lock %2 (SET NX PX) with fencing token %3; it expires at t=%4 ms.")
                .arg(who, cell)
                .arg(e.version)
                .arg(e.value);
        if (e.place == Place::Pool)
            return Machine::tr("%1 takes a connection from pool %2 (%3 left).").arg(who, cell).arg(e.value);
        return Machine::tr("%1 acquires the lock on %2.").arg(who, cell);
    case EventKind::LockRelease:
        if (e.place == Place::Lease && !other.isEmpty() && e.value != e.actor)
            return Machine::tr("%1 deletes lock %2 without checking its owner, but the lock now belongs to %3!")
                .arg(who, cell, other);
        return Machine::tr("%1 releases %2.").arg(who, cell);
    case EventKind::LockDenied:
        if (const Step *release = leaseReleaseStep(m, e))
            return narrateLeaseNotOwned(*release, who, cell, other);
        if (e.place == Place::Lease && !other.isEmpty() && e.line >= 0 && m.programOf(e.actor).steps.size() > 0)
            return Machine::tr("%1 finds lock %2 held by %3.").arg(who, cell, other);
        return Machine::tr("%1 cannot take %2: it is already taken.").arg(who, cell);
    case EventKind::LeaseExpire:
        return Machine::tr("Lock %1 of %2 expires (TTL ran out). Its holder is not told.").arg(cell, who);
    case EventKind::Enqueue:
        return Machine::tr("%1 puts its job on queue %2.").arg(who, cell);
    case EventKind::Dequeue:
        return Machine::tr("The worker finishes %1's job from queue %2.").arg(who, cell);
    default:
        return {};
    }
}

// How a request ends or what goes wrong: errors, deadlocks, timeouts, broken rules, anomalies.
QString narrateTrouble(const MachineDescription &m, const TraceEvent &e, const QString &who, const QString &cell)
{
    switch (e.kind) {
    case EventKind::Fail:
        if (e.version == 1)
            return Machine::tr("%1 gets %2 and retries its transaction from BEGIN.")
                .arg(who, m.messages().value(e.message));
        return Machine::tr("%1 fails: %2").arg(who, m.messages().value(e.message));
    case EventKind::Deadlock:
        return Machine::tr("Deadlock: %1 requests wait for each other in a cycle. The database picks %2 as the victim "
                           "and rolls it back.")
            .arg(e.value)
            .arg(who);
    case EventKind::Timeout:
        return Machine::tr("%1 has waited too long for %2 and gives up.").arg(who, cell);
    case EventKind::Violation:
        if (e.value >= 0 && e.value < int64_t(m.invariants().size()))
            return Machine::tr("Rule broken: %1. %2")
                .arg(m.invariants()[size_t(e.value)].label, m.invariants()[size_t(e.value)].explanation);
        return Machine::tr("A rule is broken.");
    case EventKind::Anomaly:
        if (e.value == Machine::StaleLeaseWrite)
            return Machine::tr("%1 writes although it no longer holds its lock (the lease expired or was deleted): "
                               "nothing stops this stale write.")
                .arg(who);
        if (e.value == Machine::ForeignRelease)
            return Machine::tr("%1 released a lock it no longer owned.").arg(who);
        return Machine::tr("Anomaly.");
    default:
        return {};
    }
}

} // namespace

QString MachineDescription::narrate(const TraceEvent &e) const
{
    const QString who = e.actor >= 0 && e.actor < actorCount() ? m_actors[size_t(e.actor)].name : tr("The clock");
    const QString other = e.value >= 0 && e.value < actorCount() ? m_actors[size_t(e.value)].name : QString();
    const QString cell = e.place == Place::Memory ? resourceName(Place::Memory, 0, e.column)
                                                  : resourceName(e.place, e.resource, e.column);
    switch (e.kind) {
    case EventKind::Read:
    case EventKind::Write:
    case EventKind::Update:
    case EventKind::Insert:
    case EventKind::Lookup:
        return narrateData(e, who, cell);
    case EventKind::LockWait:
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::LockDenied:
    case EventKind::LeaseExpire:
    case EventKind::Enqueue:
    case EventKind::Dequeue:
        return narrateLock(*this, e, who, cell, other);
    case EventKind::Fail:
    case EventKind::Deadlock:
    case EventKind::Timeout:
    case EventKind::Violation:
    case EventKind::Anomaly:
        return narrateTrouble(*this, e, who, cell);
    case EventKind::Begin:
        return tr("%1 begins a transaction.").arg(who);
    case EventKind::Commit:
        return tr("%1 commits: its changes become visible and its row locks are released.").arg(who);
    case EventKind::Rollback:
        return tr("%1 rolls back: its uncommitted changes are discarded.").arg(who);
    case EventKind::Yield:
        // On an event loop the timer's await ended the previous unit; this event is the resumption.
        return m_model.kind == ExecutionModel::Threads
            ? tr("%1 waits %2 ms (setTimeout); other threads keep running.").arg(who).arg(e.value)
            : tr("%1 resumes after awaiting a %2 ms timer; meanwhile the event loop was free for other requests.")
                  .arg(who)
                  .arg(e.value);
    case EventKind::Sleep:
        return e.version
            ? tr("%1 is paused for %2 ms (for example a GC pause); it does not notice.").arg(who).arg(e.value)
            : tr("%1 does %2 ms of CPU work.").arg(who).arg(e.value);
    case EventKind::Wake:
        return tr("%1 resumes.").arg(who);
    case EventKind::Local:
        return tr("%1 computes %2 = %3.").arg(who, m_localNames.value(e.column)).arg(e.value);
    case EventKind::Done:
        return tr("%1 finishes successfully.").arg(who);
    case EventKind::Tick:
        return tr("Time passes: the clock is now t=%1 ms.").arg(e.value);
    }
    return {};
}

} // namespace Interleave
