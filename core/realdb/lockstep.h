#pragma once

// One run of a variant on a real SQL server in lockstep with the model: whoever moves the
// model (the SqlRunner's stepper, or the threaded driver's actor threads, one move at a time)
// asks beforeMove() first and reports afterMove() once the model has moved.
//
// Each request gets its own connection on its own thread (sqlsession.h). A move of the model
// that executes a database step sends that step's statement (Machine::nextStatement) and
// waits until it finishes or the server itself says it waits for a lock (INNODB_LOCK_WAITS /
// pg_blocking_pids): a timeout never counts as blocking. When the model says a request starts
// waiting, its statement is sent then, as a client would have. Deadlocks and serialization
// failures are what the server answers, with its codes.

#include "machine/machine.h"
#include "realdb/serveraddress.h"
#include "realdb/sqlrunner.h"

#include <QElapsedTimer>
#include <QMap>
#include <QSet>

#include <memory>
#include <optional>
#include <vector>

namespace Interleave {

class RedisLeases;
class SqlSession;
struct SqlResult;

// The connections of a run. Threaded trials keep them from one trial to the next, so a trial
// only puts the initial rows back instead of making the schema and a connection per request.
struct LockstepConnections
{
    LockstepConnections();
    ~LockstepConnections();
    std::unique_ptr<SqlSession> admin; // the runner's own questions: schema, waits, final rows
    std::vector<std::unique_ptr<SqlSession>> sessions; // one per request
    std::vector<qint64> serverIds; // CONNECTION_ID() / pg_backend_pid() of each
    bool reusable = false; // the schema is there and every session is idle
};

class Lockstep
{
public:
    Lockstep(const Machine &machine, const ServerAddress &address,
             std::shared_ptr<LockstepConnections> connections = {});
    ~Lockstep();
    Lockstep(const Lockstep &) = delete;
    Lockstep &operator=(const Lockstep &) = delete;

    // A fresh schema from the scenario's tables, and one connection per request (or, with
    // reusable connections, the initial rows back in the tables).
    bool setUp();
    // The lease steps on a real Redis too (redisleases.h). Without one, a move that reaches
    // a lease step makes the run "not run".
    bool setUpLeases(const std::optional<ServerAddress> &redis, int realMsPerVirtualSecond);
    // Before the model moves `actor` from `state` (Schedule::Tick: time passes, no SQL):
    // sends its statement, or ends the one the model says has stopped waiting. False when
    // the run must stop: `out.notRun` (no SQL for the step) or `out.problem` is set.
    bool beforeMove(const State &state, int actor);
    // True while the statement the request sent is still blocked by a lock on the server
    // (asked of the server, at most for StatementLimitMs): its move can wait.
    bool serverStillBlocks(int actor);
    // After the move: what the model did (trace from firstEvent on), as facts; a request the
    // move made wait sends its statement now.
    void afterMove(const State &state, const Trace &trace, size_t firstEvent, int actor);
    // Ends what still runs, reads the final rows on both sides and sorts the facts.
    void finish(const State &state);
    bool stopped() const { return !out.problem.isEmpty() || !out.notRun.isEmpty() || m_diverged; }
    // A statement the model let go on still waits on the server: the run stopped there.
    bool diverged() const { return m_diverged; }

    DifferentialRun out;

private:
    QString name(int actor) const { return m.actor(actor).name; }
    void recordEvent(const State &state, const TraceEvent &e, QMap<int, QPair<int, QList<qint64>>> &reads,
                     QSet<int> &beganWaiting, QSet<QPair<int, int>> &stopped);
    void recordKeyTableEvent(const TraceEvent &e, int number);
    void replayLeases(const Trace &trace, size_t firstEvent);
    void setOutran(); // "not run" when the runner outran a lease's real TTL
    // `resultLocals`: those of the statement the move ran (the move may have sent the next).
    void recordTableStatement(int mover, int number, const QStringList &resultLocals,
                              const QHash<QString, qint64> &results, int changedRows);
    QSet<int> queuedAhead(const TraceEvent &e, int waiter);
    bool send(int actor, const DatabaseStatement &statement);
    void settle(int actor, bool untilFinished);
    void observe(int actor, const SqlResult &result);
    QList<int> blockers(int actor);
    void waitFacts();
    void modelRows(const State &state);
    void serverRows();
    void serverKeys(const QString &table);
    void abandon();
    bool connect();
    bool refill();

    const Machine &m;
    ServerAddress address;
    DatabaseVariant::Flavour flavour;
    std::shared_ptr<LockstepConnections> c;
    std::unique_ptr<RedisLeases> leases; // the lease steps on Redis, when the variant has any
    std::vector<int> statements; // per request: statements sent
    std::vector<DatabaseStatement> current; // per request: the last statement sent
    std::vector<bool> inFlight;
    DatabaseStatement::Kind moved = DatabaseStatement::None; // the statement the move in progress runs
    QSet<int> failedInMove; // requests whose statement failed in the move in progress
    QMap<int, QList<QPair<int, int>>> rowQueues; // PostgreSQL: per row, its waiters (request, statement)
    // Whom each statement waited for, over its life: (request, statement) -> holders.
    QMap<QPair<int, int>, QSet<int>> modelWaits, serverWaits;
    qint64 lastPollMs = -1000;
    std::vector<qint64> blockedSinceMs; // per request: when serverStillBlocks first said so, -1: not
    bool m_diverged = false;
    QElapsedTimer clock;
};

} // namespace Interleave
