#include "timeline/timelineframe.h"

namespace Interleave {

using TimelinePaint::tr;

namespace {

// "balance" when the trace touches one row; "accounts[1].balance" when it touches several,
// so a read in a transfer says which account it saw.
QString columnName(const TimelineLayout &layout, const TraceEvent &e)
{
    const Machine &m = layout.machine();
    const QString full = e.place == Place::Memory ? m.resourceName(Place::Memory, 0, e.column)
                                                  : m.resourceName(e.place, e.resource, e.column);
    if (e.place == Place::Row && layout.touchesSeveralRows())
        return full;
    const int dot = full.lastIndexOf(u'.');
    return dot >= 0 ? full.mid(dot + 1) : full;
}

// A mutex or connection pool lives in one server process: with several instances, say which.
QString lockName(const Machine &m, Place place, int resource, int instance)
{
    const QString name = m.resourceName(place, resource);
    if (m.model().kind == ExecutionModel::Instances && (place == Place::Mutex || place == Place::Pool))
        return tr("%1 of instance %2").arg(name).arg(instance + 1);
    return name;
}

QString shortMessage(const Machine &m, int message)
{
    const QString text = m.messages().value(message);
    // "ER_LOCK_DEADLOCK: Deadlock found …" reads best as its code.
    const int colon = text.indexOf(u':');
    if (colon > 0 && colon < 24 && text.left(colon).toUpper() == text.left(colon) && !text.left(colon).contains(u' '))
        return text.left(colon);
    return text;
}

} // namespace

// ---- labels ----

QString TimelineRenderer::markLabel(const TimelineLayout &layout, int event)
{
    const Machine &m = layout.machine();
    const TraceEvent &e = layout.trace()[size_t(event)];
    const QString cell = e.place == Place::Memory ? m.resourceName(Place::Memory, 0, e.column)
                                                  : m.resourceName(e.place, e.resource, e.column);
    switch (e.kind) {
    case EventKind::Read:
        return QStringLiteral("R %1=%2").arg(columnName(layout, e)).arg(e.value);
    case EventKind::Write:
        if (e.message >= 0)
            return tr("W %1=%2 token %3 rejected").arg(columnName(layout, e)).arg(e.value).arg(e.version);
        if (e.version > 0)
            return tr("W %1=%2 token %3").arg(columnName(layout, e)).arg(e.value).arg(e.version);
        return QStringLiteral("W %1=%2").arg(columnName(layout, e)).arg(e.value);
    case EventKind::Update:
        return e.version ? tr("U %1=%2").arg(columnName(layout, e)).arg(e.value)
                         : tr("U %1: 0 rows").arg(columnName(layout, e));
    case EventKind::Insert:
        return e.version ? tr("INSERT %1").arg(e.value) : tr("INSERT %1 duplicate").arg(e.value);
    case EventKind::Lookup:
        return e.version ? tr("find %1: yes").arg(e.value) : tr("find %1: no").arg(e.value);
    case EventKind::Begin:
        return tr("BEGIN");
    case EventKind::Commit:
        return tr("COMMIT");
    case EventKind::Rollback:
        return tr("ROLLBACK");
    case EventKind::LockWait:
        return tr("waits %1").arg(cell);
    case EventKind::LockAcquire:
        if (e.place == Place::Lease)
            return tr("lock %1 token %2").arg(cell).arg(e.version);
        if (e.place == Place::Pool)
            return tr("connection");
        return tr("lock %1").arg(cell);
    case EventKind::LockRelease:
        if (e.place == Place::Pool)
            return tr("release conn.");
        return tr("unlock %1").arg(cell);
    case EventKind::LockDenied:
        if (e.version) // a release that found the lock expired or someone else's
            return e.value >= 0 ? tr("%1 not its own").arg(cell) : tr("%1 no longer held").arg(cell);
        return tr("%1 busy").arg(cell);
    case EventKind::LeaseExpire:
        return tr("%1 expired").arg(cell);
    case EventKind::Enqueue:
        return tr("enqueue");
    case EventKind::Dequeue:
        return tr("job done");
    case EventKind::Yield:
        return tr("await");
    case EventKind::Sleep:
        return e.version ? tr("paused %1 ms").arg(e.value) : tr("CPU %1 ms").arg(e.value);
    case EventKind::Wake:
        return tr("resumes");
    case EventKind::Local: {
        return QStringLiteral("%1=%2").arg(m.localName(e.column)).arg(e.value);
    }
    case EventKind::Fail:
        return shortMessage(m, e.message);
    case EventKind::Done:
        return tr("done");
    case EventKind::Deadlock:
        return tr("DEADLOCK: victim");
    case EventKind::Timeout:
        return tr("timeout");
    case EventKind::Violation:
        if (e.value >= 0 && e.value < int64_t(m.invariants().size()))
            return tr("RULE BROKEN: %1").arg(m.invariants()[size_t(e.value)].label);
        return tr("RULE BROKEN");
    case EventKind::Anomaly:
        if (e.value == Machine::StaleLeaseWrite)
            return tr("stale write!");
        if (e.value == Machine::ForeignRelease)
            return tr("deleted another's lock!");
        return tr("anomaly");
    case EventKind::Tick:
        return tr("t=%1 ms").arg(e.value);
    }
    return {};
}

QString TimelineRenderer::intervalLabel(const TimelineLayout &layout, int interval)
{
    const LockInterval &iv = layout.analysis().intervals[size_t(interval)];
    const Machine &m = layout.machine();
    const QString name = lockName(m, iv.place, iv.resource, iv.instance);
    switch (iv.kind) {
    case LockInterval::Hold:
        switch (iv.place) {
        case Place::Lease:
            return tr("holds %1 · token %2 · TTL %3 ms").arg(name).arg(iv.token).arg(iv.ttlMs);
        case Place::Queue:
            return tr("job of %1").arg(iv.actor >= 0 ? m.actor(iv.actor).name : QString());
        case Place::Pool:
            return tr("holds a connection");
        default:
            return tr("holds %1").arg(name);
        }
    case LockInterval::Wait:
        if (iv.place == Place::Queue)
            return tr("waits in queue %1").arg(name);
        if (iv.holder >= 0)
            return tr("waits for %1 (held by %2)").arg(name, m.actor(iv.holder).letter);
        return tr("waits for %1").arg(name);
    case LockInterval::Busy:
        return iv.resource == 1 ? tr("paused %1 ms").arg(iv.ttlMs) : tr("CPU work %1 ms").arg(iv.ttlMs);
    }
    return {};
}

} // namespace Interleave
