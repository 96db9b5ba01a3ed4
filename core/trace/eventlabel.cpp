#include "trace/eventlabel.h"

namespace Interleave {

namespace {

// "ER_LOCK_DEADLOCK: Deadlock found …" reads best on a mark as its code.
QString shortMessage(const Machine &m, int message)
{
    const QString text = m.messages().value(message);
    const int colon = text.indexOf(u':');
    if (colon > 0 && colon < 24 && text.left(colon).toUpper() == text.left(colon) && !text.left(colon).contains(u' '))
        return text.left(colon);
    return text;
}

QString fullCellName(const Machine &m, const TraceEvent &e)
{
    return m.resourceName(e.place, e.place == Place::Memory ? 0 : e.resource, e.column);
}

// A cell on a timeline mark: its column, or all of it for a row when several rows are touched.
QString columnName(const TraceEvent &e, const QString &fullName, bool severalRows)
{
    if (e.place == Place::Row && severalRows)
        return fullName;
    const int dot = fullName.lastIndexOf(u'.');
    return dot >= 0 ? fullName.mid(dot + 1) : fullName;
}

} // namespace

QString EventLabel::shortText(const Machine &machine, const TraceEvent &event, bool severalRows)
{
    // On a mark a lock is named with its column, like a cell.
    const QString cell = fullCellName(machine, event);
    return text(machine, event, Short, {cell, cell, severalRows});
}

QString EventLabel::longText(const Machine &machine, const TraceEvent &event)
{
    return text(machine, event, Long,
                {fullCellName(machine, event), machine.resourceName(event.place, event.resource)});
}

QString EventLabel::text(const Machine &machine, const TraceEvent &e, Length length, const Names &names)
{
    switch (e.kind) {
    case EventKind::Read:
    case EventKind::Write:
    case EventKind::Update:
    case EventKind::Insert:
    case EventKind::Lookup:
    case EventKind::Local:
        return dataText(machine, e, length, names);
    case EventKind::Begin:
    case EventKind::Commit:
    case EventKind::Rollback:
    case EventKind::Yield:
    case EventKind::Sleep:
    case EventKind::Wake:
    case EventKind::Tick:
        return timeText(e, length);
    case EventKind::LockWait:
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::LockDenied:
    case EventKind::LeaseExpire:
    case EventKind::Enqueue:
    case EventKind::Dequeue:
        return lockText(e, length, names);
    case EventKind::Fail:
    case EventKind::Done:
    case EventKind::Deadlock:
    case EventKind::Timeout:
    case EventKind::Violation:
    case EventKind::Anomaly:
        return outcomeText(machine, e, length);
    }
    return {};
}

QString EventLabel::dataText(const Machine &m, const TraceEvent &e, Length length, const Names &names)
{
    const bool brief = length == Short;
    const QString cell = brief ? columnName(e, names.cell, names.severalRows) : names.cell;
    switch (e.kind) {
    case EventKind::Read:
        if (brief)
            return QStringLiteral("R %1=%2").arg(cell).arg(e.value);
        return e.version ? tr("R %1=%2 (FOR UPDATE)").arg(cell).arg(e.value) : tr("R %1=%2").arg(cell).arg(e.value);
    case EventKind::Write:
        if (e.message >= 0)
            return (brief ? tr("W %1=%2 token %3 rejected") : tr("W %1=%2 rejected (token %3)"))
                .arg(cell)
                .arg(e.value)
                .arg(e.version);
        if (e.version > 0)
            return (brief ? tr("W %1=%2 token %3") : tr("W %1=%2 (token %3)")).arg(cell).arg(e.value).arg(e.version);
        return (brief ? QStringLiteral("W %1=%2") : tr("W %1=%2")).arg(cell).arg(e.value);
    case EventKind::Update:
        return e.version ? tr("U %1=%2").arg(cell).arg(e.value) : tr("U %1: 0 rows").arg(cell);
    case EventKind::Insert:
        if (brief)
            return e.version ? tr("INSERT %1").arg(e.value) : tr("INSERT %1 duplicate").arg(e.value);
        return e.version ? tr("INSERT %1 into %2").arg(e.value).arg(names.resource)
                         : tr("INSERT %1 into %2: duplicate").arg(e.value).arg(names.resource);
    case EventKind::Lookup:
        if (brief)
            return e.version ? tr("find %1: yes").arg(e.value) : tr("find %1: no").arg(e.value);
        return e.version ? tr("find %1 in %2: found").arg(e.value).arg(names.resource)
                         : tr("find %1 in %2: none").arg(e.value).arg(names.resource);
    case EventKind::Local:
        return brief ? QStringLiteral("%1=%2").arg(m.localName(e.column)).arg(e.value)
                     : tr("compute = %1").arg(e.value);
    default:
        return {};
    }
}

QString EventLabel::timeText(const TraceEvent &e, Length length)
{
    const bool brief = length == Short;
    switch (e.kind) {
    case EventKind::Begin:
        return tr("BEGIN");
    case EventKind::Commit:
        return tr("COMMIT");
    case EventKind::Rollback:
        return tr("ROLLBACK");
    case EventKind::Yield:
        return brief ? tr("await") : tr("await (%1 ms)").arg(e.value);
    case EventKind::Sleep:
        if (brief)
            return e.version ? tr("paused %1 ms").arg(e.value) : tr("CPU %1 ms").arg(e.value);
        return e.version ? tr("pause (%1 ms)").arg(e.value) : tr("CPU work (%1 ms)").arg(e.value);
    case EventKind::Wake:
        return brief ? tr("resumes") : tr("resume");
    case EventKind::Tick:
        return (brief ? tr("t=%1 ms") : tr("t = %1 ms")).arg(e.value);
    default:
        return {};
    }
}

QString EventLabel::lockText(const TraceEvent &e, Length length, const Names &names)
{
    const bool brief = length == Short;
    const QString &lock = names.resource;
    switch (e.kind) {
    case EventKind::LockWait:
        return (brief ? tr("waits %1") : tr("wait for %1")).arg(lock);
    case EventKind::LockAcquire:
        if (!brief)
            return tr("acquire %1").arg(lock);
        if (e.place == Place::Lease)
            return tr("lock %1 token %2").arg(lock).arg(e.version);
        return e.place == Place::Pool ? tr("connection") : tr("lock %1").arg(lock);
    case EventKind::LockRelease:
        if (!brief)
            return tr("release %1").arg(lock);
        return e.place == Place::Pool ? tr("release conn.") : tr("unlock %1").arg(lock);
    case EventKind::LockDenied:
        if (!brief)
            return e.version ? tr("release refused %1").arg(lock) : tr("denied %1").arg(lock);
        if (e.version) // a release that found the lock expired or someone else's
            return e.value >= 0 ? tr("%1 not its own").arg(lock) : tr("%1 no longer held").arg(lock);
        return tr("%1 busy").arg(lock);
    case EventKind::LeaseExpire:
        return (brief ? tr("%1 expired") : tr("lease %1 expired")).arg(lock);
    case EventKind::Enqueue:
        return brief ? tr("enqueue") : tr("enqueue on %1").arg(lock);
    case EventKind::Dequeue:
        return brief ? tr("job done") : tr("job done on %1").arg(lock);
    default:
        return {};
    }
}

QString EventLabel::outcomeText(const Machine &m, const TraceEvent &e, Length length)
{
    const bool brief = length == Short;
    switch (e.kind) {
    case EventKind::Fail:
        return brief ? shortMessage(m, e.message) : tr("error: %1").arg(m.messages().value(e.message));
    case EventKind::Done:
        return tr("done");
    case EventKind::Deadlock:
        return brief ? tr("DEADLOCK: victim") : tr("deadlock: victim");
    case EventKind::Timeout:
        return brief ? tr("timeout") : tr("lock wait timeout");
    case EventKind::Violation:
        if (e.value >= 0 && e.value < int64_t(m.invariants().size()))
            return (brief ? tr("RULE BROKEN: %1") : tr("rule broken: %1")).arg(m.invariants()[size_t(e.value)].label);
        return brief ? tr("RULE BROKEN") : tr("rule broken");
    case EventKind::Anomaly:
        if (e.value == Machine::StaleLeaseWrite)
            return brief ? tr("stale write!") : tr("stale write after lease expiry");
        if (e.value == Machine::ForeignRelease)
            return brief ? tr("deleted another's lock!") : tr("released a lock it did not own");
        if (e.value == Machine::RejectedStaleToken && !brief)
            return tr("stale token rejected");
        return tr("anomaly");
    default:
        return {};
    }
}

} // namespace Interleave
