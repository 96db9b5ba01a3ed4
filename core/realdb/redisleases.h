#pragma once

// A variant's lease steps (lease_acquire, lease_release, a lease running out) on a real
// Redis, in lockstep with the model, through hiredis: acquire is SET key owner NX PX ttl and,
// when it succeeds, INCR of a counter for the fencing token; an owner-checked release is a
// Lua script (EVAL: DEL only if the value is still ours), the unchecked one a plain DEL.
// The owner value is the request's letter, as the model's owner is the request.
//
// Time. The model's clock is virtual and moves only at a tick; Redis's is real and never
// stops. A lease's real TTL is its virtual TTL scaled by realMsPerVirtualSecond (5000 ms
// of the model is 300 ms on Redis by default): the order of expiries is kept, and a tick
// in which the model lets a lease run out waits until Redis itself has deleted the key
// (never deletes it for Redis). The run is faithful while the runner's own work between
// an acquire and the tick that expires it takes less than the real TTL. When a command whose
// answer depends on a lease the model still holds returns after that lease's real TTL (a
// loaded machine), Redis may have deleted the key early: outran() says so, and the run is
// "not run" rather than a difference that is the runner's, not Redis's (SqlRunner retries
// it with a slower clock).
//
// Facts, as SqlRunner compares them (one line each, sorted): "Client B acquires
// lock:account:1, token 2", "Client B is refused lock:account:1, held by Client A",
// "Client B waits for lock:account:1, held by Client A", "Client A releases lock:account:1:
// deletes Client B's lock" / "…: deletes nothing", "lock:account:1 runs out, held by Client
// A", and at the end "lock:account:1 is held by Client B" or "lock:account:1 is free".

#include "machine/machine.h"
#include "realdb/serveraddress.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>

#include <vector>

struct redisContext;

namespace Interleave {

class RedisLeases
{
    Q_DECLARE_TR_FUNCTIONS(RedisLeases)
public:
    static constexpr int DefaultRealMsPerVirtualSecond = 60;
    // The keys this run uses: "interleave:" + the lease's name, and the fencing counter.
    static QString keyOf(const QString &lease);
    static constexpr const char *FenceKey = "interleave:fence";
    static constexpr const char *ReleaseScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    explicit RedisLeases(const Machine &machine, int realMsPerVirtualSecond = DefaultRealMsPerVirtualSecond);
    ~RedisLeases();
    RedisLeases(const RedisLeases &) = delete;
    RedisLeases &operator=(const RedisLeases &) = delete;

    // Connects and deletes this run's keys. False with one line in *error.
    bool open(const ServerAddress &address, QString *error);
    // The lease events of one model move (trace from firstEvent on), run on Redis: the
    // model's facts go to `model`, Redis's answers to `server`. *problem: Redis stopped answering.
    void replay(const Trace &trace, size_t firstEvent, QStringList &model, QStringList &server, QString *problem);
    // Who holds each lease at the end, in the model and on Redis.
    void finalFacts(const State &state, QStringList &model, QStringList &server, QString *problem);
    qint64 realTtlMs(qint64 virtualMs) const;
    // Why the run is not faithful to the model's clock (see Time above), or empty.
    QString outran() const { return m_outran; }

    // Whether a move's events (from firstEvent) touch a lease.
    static bool touchesLease(const Trace &trace, size_t firstEvent);
    // Why a tick's events cannot be run on the servers (a database lock wait that times out
    // on the model's clock), or empty.
    static QString untranslatedTick(const Trace &trace, size_t firstEvent);

private:
    QString leaseName(int lease) const { return m.resourceName(Place::Lease, lease); }
    QString holderName(const QByteArray &owner) const;
    void acquire(const TraceEvent &e, QStringList &server);
    void release(const TraceEvent &e, QStringList &server);
    void runOut(const TraceEvent &e, QStringList &server);
    QByteArray get(int lease);
    bool failed() const { return !m_problem.isEmpty(); }
    void checkInTime(int lease);

    const Machine &m;
    const int m_scale;
    redisContext *m_redis = nullptr;
    QString m_problem;
    QElapsedTimer m_clock;
    std::vector<qint64> m_realExpiry; // per lease: when Redis should delete the key (m_clock ms)
    std::vector<char> m_held; // per lease: granted on Redis, and not yet released or run out
    QString m_outran;
};

} // namespace Interleave
