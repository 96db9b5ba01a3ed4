#include "timeline/timelineframe.h"
#include "trace/eventlabel.h"

using namespace Interleave;

namespace {

// A mutex or connection pool lives in one server process: with several instances, say which.
QString lockName(const Machine &m, Place place, int resource, int instance)
{
    const QString name = m.resourceName(place, resource);
    if (m.model().kind == ExecutionModel::Instances && (place == Place::Mutex || place == Place::Pool))
        return TimelineRenderer::tr("%1 of instance %2").arg(name).arg(instance + 1);
    return name;
}

} // namespace

// ---- labels ----

QString TimelineRenderer::markLabel(const TimelineLayout &layout, int event)
{
    return EventLabel::shortText(layout.machine(), layout.trace()[size_t(event)], layout.touchesSeveralRows());
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
