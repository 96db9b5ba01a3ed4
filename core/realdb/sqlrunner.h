#pragma once

// Runs one scenario variant's schedule on a real SQL server, statement by statement, in
// lockstep with the model, and records what each side observed, so they can be compared.
//
// Each request gets its own connection on its own thread (sqlsession.h). A move of the
// model that executes a database step sends that step's statement (Machine::nextStatement)
// and waits until it finishes or the server itself says it waits for a lock
// (INNODB_LOCK_WAITS / pg_blocking_pids): a timeout never counts as blocking. When the model
// says a request starts waiting, its statement is sent then, as a client would have.
// Deadlocks and serialization failures are what the server answers, with its codes.
//
// The values a statement writes are the model's (its locals); they equal the server's as
// long as the values read agree, and the first read that does not is a reported difference.

#include "drivers/stepper.h"
#include "machine/machine.h"
#include "realdb/serveraddress.h"

#include <QCoreApplication>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace Interleave {

struct DifferentialRun
{
    QString schedule; // the model's moves, as letters
    // One line per observation: "T1 #2 reads 10", "T2 #3 waits for T1", "T2 #3 fails 40001",
    // "T1 #3 updates rows: 1", "test[1].value = 11". #n counts a request's statements.
    QStringList model;
    QStringList server;
    QString problem; // why the run could not be done on the server; empty when it was
    // The step kind ("insert") that has no SQL translation: the run stopped before it, and
    // nothing was compared; neither an agreement nor a difference.
    QString notRun;
    bool outranLease = false; // not run because the runner outran a lease's real TTL (redisleases.h)
    bool agrees() const { return problem.isEmpty() && notRun.isEmpty() && model == server; }
    QStringList differences() const; // "model: …" / "server: …" lines
};

class SqlRunner
{
    Q_DECLARE_TR_FUNCTIONS(SqlRunner)
public:
    // `order`: request letters; each moves that request if the model lets it and is
    // skipped if not (it waits or has ended); then the requests still running move in
    // turn until the run ends. Hermitage's statement order gives its schedule this way.
    static DifferentialRun run(const std::shared_ptr<const Machine> &machine, const ServerAddress &address,
                               const QString &order, const std::function<bool()> &cancelled = {});
    // The same, with the lease steps on a real Redis too (redisleases.h). Without a Redis,
    // a schedule that reaches a lease step is "not run" there. `~` in `order` lets time pass.
    static DifferentialRun run(const std::shared_ptr<const Machine> &machine, const ServerAddress &address,
                               const std::optional<ServerAddress> &redis, const QString &order,
                               const std::function<bool()> &cancelled = {}, int realMsPerVirtualSecond = 60);
    // Exactly these moves (a request or ~), nothing after them: `step` on a real server.
    // The caller has checked that the model can make every move.
    static DifferentialRun runExactly(const std::shared_ptr<const Machine> &machine, const ServerAddress &address,
                                      const Schedule &schedule, const std::function<bool()> &cancelled = {});
    // The SQL for a statement in the server's dialect (empty for DatabaseStatement::None).
    // Empty, and *refused says why in one line, when a step has no faithful translation.
    static QString sql(const DatabaseStatement &statement, ServerKind kind, QString *refused = nullptr);
    // The schema and initial rows of the machine's scenario, one statement each; with
    // rowsOnly, what puts the initial rows back into the tables made before.
    static QStringList schema(const Machine &machine, ServerKind kind, QString *error, bool rowsOnly = false);
    static QString isolationStatement(const DatabaseVariant &variant, ServerKind kind);
    static constexpr const char *SchemaName = "interleave_run";

private:
    static DifferentialRun runOnce(const std::shared_ptr<const Machine> &machine, const ServerAddress &address,
                                   const std::optional<ServerAddress> &redis, const QString &order,
                                   const std::function<bool()> &cancelled, int realMsPerVirtualSecond);
};

} // namespace Interleave
