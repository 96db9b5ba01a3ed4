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
#include <vector>

namespace Interleave {

class SqlSession;
struct SqlResult;

class Lockstep
{
public:
    Lockstep(const Machine &machine, const ServerAddress &address);
    ~Lockstep();
    Lockstep(const Lockstep &) = delete;
    Lockstep &operator=(const Lockstep &) = delete;

    // A fresh schema from the scenario's tables, and one connection per request.
    bool setUp();
    // Before the model moves `actor` from `state` (Schedule::Tick: time passes, no SQL):
    // sends its statement, or ends the one the model says has stopped waiting. False when
    // the run must stop: `out.notRun` (no SQL for the step) or `out.problem` is set.
    bool beforeMove(const State &state, int actor);
    // After the move: what the model did (trace from firstEvent on), as facts; a request the
    // move made wait sends its statement now.
    void afterMove(const State &state, const Trace &trace, size_t firstEvent, int actor);
    // Ends what still runs, reads the final rows on both sides and sorts the facts.
    void finish(const State &state);
    bool stopped() const { return !out.problem.isEmpty() || !out.notRun.isEmpty(); }

    DifferentialRun out;

private:
    QString name(int actor) const { return m.actor(actor).name; }
    void recordEvent(const State &state, const TraceEvent &e, int mover, QMap<int, QPair<int, QList<qint64>>> &reads,
                     QSet<int> &beganWaiting, QSet<QPair<int, int>> &stopped);
    // `resultLocals`: those of the statement the move ran (the move may have sent the next).
    void recordTableStatement(int mover, int number, const QStringList &resultLocals,
                              const QHash<QString, qint64> &results, int changedRows);
    bool send(int actor, const DatabaseStatement &statement);
    void settle(int actor, bool untilFinished);
    void observe(int actor, const SqlResult &result);
    QList<int> blockers(int actor);
    void waitFacts();
    void modelRows(const State &state);
    void serverRows();
    void abandon();

    const Machine &m;
    ServerAddress address;
    DatabaseVariant::Flavour flavour;
    std::unique_ptr<SqlSession> admin;
    std::vector<std::unique_ptr<SqlSession>> sessions;
    std::vector<qint64> serverIds;
    std::vector<int> statements; // per request: statements sent
    std::vector<DatabaseStatement> current; // per request: the last statement sent
    std::vector<bool> inFlight;
    DatabaseStatement::Kind moved = DatabaseStatement::None; // the statement the move in progress runs
    // Whom each statement waited for, over its life: (request, statement) -> holders.
    QMap<QPair<int, int>, QSet<int>> modelWaits, serverWaits;
    qint64 lastPollMs = -1000;
    QElapsedTimer clock;
};

} // namespace Interleave
