#include "realdb/redisleases.h"

#include <QFile>
#include <QThread>

#include <algorithm>

#ifdef INTERLEAVE_HAVE_HIREDIS
#include <hiredis/hiredis.h>
#endif

namespace Interleave {

namespace {

// A lease that runs out in the model is given this long past its real TTL to go on Redis.
constexpr int ExpiryGraceMs = 2000;
// The PX of an acquire the model refused: if Redis grants it, that is a difference anyway.
constexpr qint64 RefusedAcquireTtlMs = 1000;

} // namespace

#ifdef INTERLEAVE_HAVE_HIREDIS
namespace {

struct Reply
{
    bool ok = false; // an answer came, and it is not an error
    bool nil = false;
    qint64 integer = 0;
    QByteArray text; // a string or status answer, or the error
};

Reply command(redisContext *c, const QList<QByteArray> &args)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lengths.push_back(size_t(a.size()));
    }
    Reply out;
    auto *r = static_cast<redisReply *>(redisCommandArgv(c, int(argv.size()), argv.data(), lengths.data()));
    if (!r) {
        out.text = QByteArray(c->errstr);
        return out;
    }
    out.ok = r->type != REDIS_REPLY_ERROR;
    out.nil = r->type == REDIS_REPLY_NIL;
    out.integer = r->type == REDIS_REPLY_INTEGER ? qint64(r->integer) : 0;
    if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS || r->type == REDIS_REPLY_ERROR)
        out.text = QByteArray(r->str, qsizetype(r->len));
    freeReplyObject(r);
    return out;
}

} // namespace
#endif

QString RedisLeases::keyOf(const QString &lease)
{
    return QStringLiteral("interleave:") + lease;
}

RedisLeases::RedisLeases(const Machine &machine, int realMsPerVirtualSecond)
    : m(machine)
    , m_scale(std::max(1, realMsPerVirtualSecond))
    , m_realExpiry(size_t(machine.leaseCount()), 0)
    , m_held(size_t(machine.leaseCount()), 0)
{ }

// After a command whose answer depends on whether the lease's key is still there: if it
// returned after the real TTL, Redis may have deleted the key although the model holds it.
void RedisLeases::checkInTime(int lease)
{
    if (m_held[size_t(lease)] && m_outran.isEmpty() && m_clock.elapsed() >= m_realExpiry[size_t(lease)])
        m_outran = tr("the runner took longer than %1's real TTL (%2 ms per model second)")
                       .arg(leaseName(lease))
                       .arg(m_scale);
}

RedisLeases::~RedisLeases()
{
#ifdef INTERLEAVE_HAVE_HIREDIS
    if (m_redis)
        redisFree(m_redis);
#endif
}

qint64 RedisLeases::realTtlMs(qint64 virtualMs) const
{
    // At least 1 ms (PX 0 is an error); at most a day, for a TTL the model calls "never".
    return std::clamp<qint64>(virtualMs / 1000 * m_scale + virtualMs % 1000 * m_scale / 1000, 1, 86400000);
}

bool RedisLeases::open(const ServerAddress &address, QString *error)
{
#ifdef INTERLEAVE_HAVE_HIREDIS
    const timeval timeout{10, 0};
    m_redis = address.socket.isEmpty()
        ? redisConnectWithTimeout(address.host.toUtf8().constData(), address.port > 0 ? address.port : 6379, timeout)
        : redisConnectUnixWithTimeout(QFile::encodeName(address.socket).constData(), timeout);
    if (!m_redis || m_redis->err) {
        *error = tr("cannot reach Redis at %1: %2")
                     .arg(address.toString(), m_redis ? QString::fromUtf8(m_redis->errstr) : tr("out of memory"));
        return false;
    }
    redisSetTimeout(m_redis, timeout);
    if (!address.password.isEmpty()) {
        const Reply r = command(m_redis, {"AUTH", address.password.toUtf8()});
        if (!r.ok) {
            *error = tr("Redis at %1 refused the password: %2").arg(address.toString(), QString::fromUtf8(r.text));
            return false;
        }
    }
    // Only this run's keys: a class's own Redis keeps everything else.
    QList<QByteArray> del{"DEL", FenceKey};
    for (int l = 0; l < m.leaseCount(); ++l)
        del << keyOf(leaseName(l)).toUtf8();
    const Reply r = command(m_redis, del);
    if (!r.ok) {
        *error = tr("Redis at %1 does not answer: %2").arg(address.toString(), QString::fromUtf8(r.text));
        return false;
    }
    m_clock.start();
    return true;
#else
    Q_UNUSED(address);
    *error = tr("built without hiredis (Debian package libhiredis-dev): lease steps cannot run on Redis");
    return false;
#endif
}

QString RedisLeases::holderName(const QByteArray &owner) const
{
    const int a = m.actorByToken(QString::fromUtf8(owner));
    return a >= 0 ? m.actor(a).name : tr("an unknown owner (%1)").arg(QString::fromUtf8(owner));
}

QByteArray RedisLeases::get(int lease)
{
#ifdef INTERLEAVE_HAVE_HIREDIS
    const Reply r = command(m_redis, {"GET", keyOf(leaseName(lease)).toUtf8()});
    if (!r.ok)
        m_problem = tr("Redis stopped answering: %1").arg(QString::fromUtf8(r.text));
    return r.nil ? QByteArray() : r.text;
#else
    Q_UNUSED(lease);
    return {};
#endif
}

void RedisLeases::replay(const Trace &trace, size_t firstEvent, QStringList &model, QStringList &server,
                         QString *problem)
{
    for (size_t i = firstEvent; i < trace.size() && !failed(); ++i) {
        const TraceEvent &e = trace[i];
        if (e.place != Place::Lease || e.resource < 0 || e.resource >= m.leaseCount())
            continue;
        const QString lease = leaseName(e.resource);
        const QString who = e.actor >= 0 ? m.actor(e.actor).name : QString();
        auto nameOf = [&](int64_t actor) {
            return actor >= 0 && actor < m.actorCount() ? m.actor(int(actor)).name : QStringLiteral("?");
        };
        switch (e.kind) {
        case EventKind::LockAcquire:
            model << tr("%1 acquires %2, token %3").arg(who, lease).arg(e.version);
            acquire(e, server);
            break;
        case EventKind::LockWait:
            model << tr("%1 waits for %2, held by %3").arg(who, lease, nameOf(e.value));
            acquire(e, server);
            break;
        case EventKind::LockDenied:
            if (e.version == 1) { // a release that found the lock not its own
                model << tr("%1 releases %2: deletes nothing").arg(who, lease);
                release(e, server);
            } else {
                model << tr("%1 is refused %2, held by %3").arg(who, lease, nameOf(e.value));
                acquire(e, server);
            }
            break;
        case EventKind::LockRelease:
            model << tr("%1 releases %2: deletes %3's lock").arg(who, lease, nameOf(e.value));
            release(e, server);
            break;
        case EventKind::LeaseExpire:
            model << tr("%1 runs out, held by %2").arg(lease, who);
            runOut(e, server);
            break;
        default:
            break;
        }
    }
    if (failed() && problem && problem->isEmpty())
        *problem = m_problem;
}

// SET NX PX for a granted, refused or waiting acquire alike: what Redis answers is the fact.
void RedisLeases::acquire(const TraceEvent &e, QStringList &server)
{
#ifdef INTERLEAVE_HAVE_HIREDIS
    const QString lease = leaseName(e.resource);
    const QString who = m.actor(e.actor).name;
    const qint64 ttl = e.kind == EventKind::LockAcquire ? realTtlMs(e.value - e.virtualMs) : RefusedAcquireTtlMs;
    // Before the command: Redis counts the TTL from when it receives it, which is no earlier.
    const qint64 sent = m_clock.elapsed();
    const Reply set = command(
        m_redis, {"SET", keyOf(lease).toUtf8(), m.actor(e.actor).letter.toUtf8(), "NX", "PX", QByteArray::number(ttl)});
    if (!set.ok) {
        m_problem = tr("Redis stopped answering: %1").arg(QString::fromUtf8(set.text));
        return;
    }
    checkInTime(e.resource);
    if (!set.nil) {
        const Reply token = command(m_redis, {"INCR", FenceKey});
        m_realExpiry[size_t(e.resource)] = sent + ttl;
        m_held[size_t(e.resource)] = 1;
        server << tr("%1 acquires %2, token %3").arg(who, lease).arg(token.integer);
        return;
    }
    const QString holder = holderName(get(e.resource));
    server << (e.kind == EventKind::LockWait ? tr("%1 waits for %2, held by %3") : tr("%1 is refused %2, held by %3"))
                  .arg(who, lease, holder);
#else
    Q_UNUSED(e);
    Q_UNUSED(server);
#endif
}

void RedisLeases::release(const TraceEvent &e, QStringList &server)
{
#ifdef INTERLEAVE_HAVE_HIREDIS
    const QString lease = leaseName(e.resource);
    const QByteArray key = keyOf(lease).toUtf8();
    const QByteArray before = get(e.resource);
    const Reply r = m.releaseChecksOwner(e.actor, e.line)
        ? command(m_redis, {"EVAL", ReleaseScript, "1", key, m.actor(e.actor).letter.toUtf8()})
        : command(m_redis, {"DEL", key});
    if (!r.ok) {
        m_problem = tr("Redis stopped answering: %1").arg(QString::fromUtf8(r.text));
        return;
    }
    checkInTime(e.resource);
    if (r.integer == 1)
        m_held[size_t(e.resource)] = 0;
    const QString who = m.actor(e.actor).name;
    server << (r.integer == 1 ? tr("%1 releases %2: deletes %3's lock").arg(who, lease, holderName(before))
                              : tr("%1 releases %2: deletes nothing").arg(who, lease));
#else
    Q_UNUSED(e);
    Q_UNUSED(server);
#endif
}

// The model let the lease run out: wait until Redis has deleted the key by itself.
void RedisLeases::runOut(const TraceEvent &e, QStringList &server)
{
    const QString lease = leaseName(e.resource);
    const qint64 deadline = m_realExpiry[size_t(e.resource)] + ExpiryGraceMs;
    QByteArray holder = get(e.resource);
    const QByteArray first = holder;
    while (!holder.isEmpty() && !failed() && m_clock.elapsed() < deadline) {
        QThread::msleep(2);
        holder = get(e.resource);
    }
    if (failed())
        return;
    m_held[size_t(e.resource)] = 0;
    if (holder.isEmpty())
        server << tr("%1 runs out, held by %2").arg(lease, first.isEmpty() ? m.actor(e.actor).name : holderName(first));
    else
        server << tr("%1 is still held by %2 %3 ms after its TTL").arg(lease, holderName(holder)).arg(ExpiryGraceMs);
}

bool RedisLeases::touchesLease(const Trace &trace, size_t firstEvent)
{
    return std::any_of(trace.begin() + qsizetype(firstEvent), trace.end(),
                       [](const TraceEvent &e) { return e.place == Place::Lease; });
}

QString RedisLeases::untranslatedTick(const Trace &trace, size_t firstEvent)
{
    for (size_t i = firstEvent; i < trace.size(); ++i)
        if (trace[i].kind == EventKind::Timeout && (trace[i].place == Place::Row || trace[i].place == Place::Table))
            return tr("a lock wait timeout on the model's clock");
    return {};
}

void RedisLeases::finalFacts(const State &state, QStringList &model, QStringList &server, QString *problem)
{
    for (int l = 0; l < m.leaseCount() && !failed(); ++l) {
        const int holder = m.leaseHolder(state, l);
        model << (holder >= 0 ? tr("%1 is held by %2").arg(leaseName(l), m.actor(holder).name)
                              : tr("%1 is free").arg(leaseName(l)));
        const QByteArray owner = get(l);
        checkInTime(l);
        server << (!owner.isEmpty() ? tr("%1 is held by %2").arg(leaseName(l), holderName(owner))
                                    : tr("%1 is free").arg(leaseName(l)));
    }
    if (failed() && problem && problem->isEmpty())
        *problem = m_problem;
}

} // namespace Interleave
