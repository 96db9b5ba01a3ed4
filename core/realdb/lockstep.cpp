#include "realdb/lockstep.h"

#include "drivers/stepper.h"
#include "realdb/lockstepfacts.h"
#include "realdb/redisleases.h"
#include "realdb/sqlsession.h"
#include "realdb/sqlstatement.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Interleave {

namespace {

// How long a statement may take before the runner says so; blocking is never judged by it.
constexpr int StatementLimitMs = 20000;
constexpr int PollMs = 10;
// A statement the model says may go on, which the server's lock tables still show waiting
// this long after, waits on the server only: a difference, reported without waiting longer.
constexpr int ServerOnlyWaitMs = 2000;

// The database error code behind the model's error text ("ER_LOCK_DEADLOCK: …" -> 1213),
// empty for a request's own error (a `fail` step: "409 Too many conflicts"), which no
// statement returned.
QString codeOf(const QString &message, DatabaseVariant::Flavour flavour)
{
    for (auto e : {DatabaseError::Deadlock, DatabaseError::LockWaitTimeout, DatabaseError::ConcurrentUpdate,
                   DatabaseError::DangerousStructure, DatabaseError::DuplicateKey})
        if (message == databaseErrorText(flavour, e))
            return databaseErrorCode(flavour, e);
    return {};
}

} // namespace

LockstepConnections::LockstepConnections() = default;
LockstepConnections::~LockstepConnections() = default;

Lockstep::Lockstep(const Machine &machine, const ServerAddress &address,
                   std::shared_ptr<LockstepConnections> connections)
    : m(machine)
    , address(address)
    , flavour(machine.database().flavour)
    , c(connections ? std::move(connections) : std::make_shared<LockstepConnections>())
{ }

Lockstep::~Lockstep()
{
    abandon();
}

bool Lockstep::setUp()
{
    statements.assign(size_t(m.actorCount()), 0);
    current.assign(size_t(m.actorCount()), {});
    inFlight.assign(size_t(m.actorCount()), false);
    blockedSinceMs.assign(size_t(m.actorCount()), -1);
    clock.start();
    if (c->reusable && refill())
        return true;
    out.problem.clear();
    return connect();
}

// The schema made anew and a connection per request.
bool Lockstep::connect()
{
    c->reusable = false;
    c->sessions.clear();
    c->serverIds.clear();
    c->admin = std::make_unique<SqlSession>(address);
    qint64 id = 0;
    if (!c->admin->open({}, &id, &out.problem))
        return false;
    const QStringList schema = SqlRunner::schema(m, address.kind, &out.problem);
    if (schema.isEmpty())
        return false;
    for (const QString &sql : schema) {
        const SqlResult r = c->admin->run(sql);
        if (!r.ok) {
            out.problem = sql + QStringLiteral(": ") + r.errorText;
            return false;
        }
    }
    ServerAddress own = address;
    QStringList setup{SqlRunner::isolationStatement(m.database(), address.kind)};
    // libpq prints a server's warnings on our stderr (a ROLLBACK with no transaction open).
    if (address.kind == ServerKind::Postgres)
        setup << QStringLiteral("SET search_path TO ") + QLatin1String(SqlRunner::SchemaName)
              << QStringLiteral("SET client_min_messages TO error");
    else
        own.database = QLatin1String(SqlRunner::SchemaName);
    for (int a = 0; a < m.actorCount(); ++a) {
        c->sessions.push_back(std::make_unique<SqlSession>(own));
        if (!c->sessions.back()->open(setup, &id, &out.problem))
            return false;
        c->serverIds.push_back(id);
    }
    return true;
}

// The last run's connections: each one's transaction ended, the initial rows back.
bool Lockstep::refill()
{
    c->reusable = false;
    if (int(c->sessions.size()) != m.actorCount())
        return false;
    for (const auto &session : c->sessions)
        if (!session->run(QStringLiteral("ROLLBACK"), 10000).ok)
            return false;
    for (const QString &sql : SqlRunner::schema(m, address.kind, &out.problem, true))
        if (!c->admin->run(sql).ok)
            return false;
    return true;
}

bool Lockstep::beforeMove(const State &state, int actor)
{
    moved = DatabaseStatement::None;
    if (actor < 0 || stopped())
        return !stopped();
    if (inFlight[size_t(actor)]) {
        moved = current[size_t(actor)].kind;
        settle(actor, true); // the model says its wait is over: the server's statement must end
        return !stopped();
    }
    const DatabaseStatement st = m.nextStatement(state, actor);
    QString refused;
    if (st.kind == DatabaseStatement::Unsupported)
        refused = st.op;
    else if (st.kind != DatabaseStatement::None && SqlRunner::sql(st, address.kind, &refused).isEmpty())
        refused = refused.isEmpty() ? QStringLiteral("?") : refused;
    if (!refused.isEmpty()) {
        out.notRun = refused;
        return false;
    }
    if (st.kind != DatabaseStatement::None && send(actor, st)) {
        moved = st.kind;
        settle(actor, false);
    }
    return !stopped();
}

bool Lockstep::serverStillBlocks(int actor)
{
    if (actor < 0 || stopped() || !inFlight[size_t(actor)] || !c->sessions[size_t(actor)]->isBusy())
        return false;
    qint64 &since = blockedSinceMs[size_t(actor)];
    if (since >= 0 && clock.elapsed() - since > StatementLimitMs)
        return false; // beforeMove waits for it and reports the statement that still runs
    const int askEveryMs = address.kind == ServerKind::MariaDb ? 150 : 20; // as settle()
    if (clock.elapsed() - lastPollMs < askEveryMs)
        return true; // still busy, and the server's answer now would be the last one's
    lastPollMs = clock.elapsed();
    const QList<int> holders = blockers(actor);
    for (int h : holders)
        serverWaits[{actor, statements[size_t(actor)]}] << h;
    if (holders.isEmpty())
        return false;
    if (since < 0)
        since = clock.elapsed();
    return true;
}

// What the model did in the move, as facts; a request that began waiting sends its statement.
// A statement over a row table (`moved`) is one fact once it ends: the rows it changed, or
// its COUNT and SUMs, which the model leaves in the step's locals.
void Lockstep::afterMove(const State &state, const Trace &trace, size_t firstEvent, int mover)
{
    QMap<int, QPair<int, QList<qint64>>> reads; // request -> (statement, values)
    QSet<int> beganWaiting;
    QSet<QPair<int, int>> stopped; // (request, statement) that began waiting or failed
    // The move may also start the mover's next statement (the model takes a lock wait as
    // soon as the next step would block): this move's statement keeps its own number.
    const int movedNumber = mover >= 0 ? statements[size_t(mover)] : 0;
    const QStringList resultLocals = mover >= 0 ? current[size_t(mover)].resultLocals : QStringList();
    const bool table = mover >= 0 && overTable(moved);
    int changedRows = 0;
    QHash<QString, qint64> results; // the mover's locals set in the move
    bool wroteRow = false; // a write of a row that is not there changes nothing, with no event
    failedInMove.clear();
    if (mover < 0) // time passed: only a lease that ran out has a translation (on Redis)
        out.notRun = RedisLeases::untranslatedTick(trace, firstEvent);
    if (!out.notRun.isEmpty())
        return;
    for (size_t i : eventOrder(trace, firstEvent, mover, flavour)) {
        const TraceEvent &e = trace[i];
        if (e.actor < 0)
            continue;
        wroteRow = wroteRow || (e.actor == mover && e.kind == EventKind::Write && e.place == Place::Row);
        if (e.actor == mover && table) {
            if ((e.kind == EventKind::Update || e.kind == EventKind::Insert) && e.place == Place::Row)
                changedRows += e.version != 0;
            if (e.kind == EventKind::Local)
                results.insert(m.localName(e.column), e.value);
            if (e.kind == EventKind::Read || e.kind == EventKind::Update || e.kind == EventKind::Insert ||
                e.kind == EventKind::Local)
                continue;
        }
        recordEvent(state, e, reads, beganWaiting, stopped);
    }
    for (auto it = reads.cbegin(); it != reads.cend(); ++it)
        out.model << readsFact(name(it.key()), it->first, it->second);
    const bool moverStopped = stopped.contains(qMakePair(mover, movedNumber));
    // (The threaded driver reports the clock's moves without a beforeMove: `moved` is then the
    // last request's, and says nothing about this move.)
    if (mover >= 0 && moved == DatabaseStatement::Write && !wroteRow && !moverStopped)
        out.model << updatesFact(name(mover), movedNumber, 0);
    if (table && !moverStopped)
        recordTableStatement(mover, movedNumber, resultLocals, results, changedRows);
    replayLeases(trace, firstEvent);
}

void Lockstep::replayLeases(const Trace &trace, size_t firstEvent)
{
    if (leases) {
        leases->replay(trace, firstEvent, out.model, out.server, &out.problem);
        setOutran();
    } else if (RedisLeases::touchesLease(trace, firstEvent))
        out.notRun = SqlRunner::tr("a lease step (no Redis server given)");
}

void Lockstep::setOutran()
{
    if (const QString why = leases->outran(); !why.isEmpty()) {
        out.notRun = why;
        out.outranLease = true;
    }
}

bool Lockstep::setUpLeases(const std::optional<ServerAddress> &redis, int realMsPerVirtualSecond)
{
    if (!redis || !m.usesPlace(Place::Lease))
        return true; // without a Redis, the first lease step makes the run "not run"
    leases = std::make_unique<RedisLeases>(m, realMsPerVirtualSecond);
    return leases->open(*redis, &out.problem);
}

// A key table's lookup is a read; an insert a changed row, or a duplicate key's failure.
void Lockstep::recordKeyTableEvent(const TraceEvent &e, int n)
{
    const int a = e.actor;
    if (e.kind == EventKind::Lookup) {
        out.model << readsFact(name(a), n, {e.version});
    } else if (e.version != 0 || current[size_t(a)].ignoreDuplicate) {
        out.model << changesFact(name(a), n, DatabaseStatement::Insert, int(e.version));
    } else if (codeOf(m.messages().value(e.message), flavour).isEmpty()) {
        // A duplicate fails with the unique key's error, whatever text the scenario gives it
        // (with the database's own text, its Fail event says so).
        out.model << failsFact(name(a), n, databaseErrorCode(flavour, DatabaseError::DuplicateKey));
    }
}

void Lockstep::recordEvent(const State &state, const TraceEvent &e, QMap<int, QPair<int, QList<qint64>>> &reads,
                           QSet<int> &beganWaiting, QSet<QPair<int, int>> &stopped)
{
    const int a = e.actor;
    const int n = statements[size_t(a)];
    if (e.kind == EventKind::Read && e.place == Place::Row) {
        reads[a].first = n;
        reads[a].second << e.value;
    } else if (e.kind == EventKind::Write && e.place == Place::Row) {
        out.model << updatesFact(name(a), n, e.message >= 0 ? 0 : 1); // a message: a stale token, refused
    } else if ((e.kind == EventKind::Lookup || e.kind == EventKind::Insert) && e.place == Place::Table) {
        recordKeyTableEvent(e, n);
    } else if (e.kind == EventKind::LockWait && (e.place == Place::Row || e.place == Place::Table)) {
        if (!inFlight[size_t(a)] && send(a, m.nextStatement(state, a, e.line)))
            settle(a, false);
        beganWaiting << a;
        stopped << qMakePair(a, statements[size_t(a)]);
        if (const QSet<int> ahead = queuedAhead(e, a); !ahead.isEmpty()) {
            modelWaits[{a, statements[size_t(a)]}] = ahead;
            return;
        }
        for (const auto &edge : m.waitForGraph(state))
            if (edge.waiter == a)
                modelWaits[{a, statements[size_t(a)]}] << edge.holder;
        if (e.value >= 0)
            modelWaits[{a, statements[size_t(a)]}] << int(e.value);
    } else if (e.kind == EventKind::Begin && failedInMove.contains(a)) {
        // A transaction retried after its error begins again in the same move (its catch
        // block's retry): the server's new transaction begins now too.
        DatabaseStatement begin;
        begin.kind = DatabaseStatement::Begin;
        if (send(a, begin))
            settle(a, true);
    } else if (e.kind == EventKind::Fail) {
        const QString code = codeOf(m.messages().value(e.message), flavour);
        if (code.isEmpty())
            return; // the request's own error: the server saw no statement fail
        stopped << qMakePair(a, n);
        failedInMove << a;
        out.model << failsFact(name(a), n, code);
        // InnoDB checks for a cycle before a lock request waits: the request that would
        // close one fails at once and never waits (PostgreSQL's victim does wait).
        if (flavour == DatabaseVariant::MySql && beganWaiting.contains(a) &&
            code == databaseErrorCode(flavour, DatabaseError::Deadlock))
            modelWaits.remove({a, n});
        if (inFlight[size_t(a)])
            settle(a, true); // the victim's statement must end with the server's error
        // The model rolls the failed request's transaction back, as the seeds' catch blocks
        // do; the server has not (PostgreSQL keeps it aborted, InnoDB keeps it after 1205).
        if (!inFlight[size_t(a)])
            c->sessions[size_t(a)]->run(QStringLiteral("ROLLBACK"), 10000);
    }
}

// PostgreSQL queues the waiters for one row: the first holds the row's tuple lock while it
// waits for the holder's transaction, and each later one waits for the tuple lock, so the
// server names the requests queued ahead of it (pg_blocking_pids), not the row's holder.
// The waiters still waiting for the row before `waiter` (empty: the first, or InnoDB).
QSet<int> Lockstep::queuedAhead(const TraceEvent &e, int waiter)
{
    if (address.kind != ServerKind::Postgres || e.place != Place::Row)
        return {};
    QList<QPair<int, int>> &queue = rowQueues[e.resource];
    queue.removeIf([this](const QPair<int, int> &w) {
        return !inFlight[size_t(w.first)] || statements[size_t(w.first)] != w.second;
    });
    QSet<int> ahead;
    for (const auto &w : queue) {
        if (w.first == waiter)
            return ahead; // waits again (a new holder) in its place in the queue
        ahead << w.first;
    }
    queue.append({waiter, statements[size_t(waiter)]});
    return ahead;
}

bool Lockstep::send(int actor, const DatabaseStatement &statement)
{
    const QString text = SqlRunner::sql(statement, address.kind);
    if (text.isEmpty())
        return false;
    ++statements[size_t(actor)];
    current[size_t(actor)] = statement;
    inFlight[size_t(actor)] = true;
    c->sessions[size_t(actor)]->send(text);
    if (qEnvironmentVariableIsSet("INTERLEAVE_REALDB_DEBUG"))
        qDebug("%s #%d: %s", qPrintable(name(actor)), statements[size_t(actor)], qPrintable(text));
    return true;
}

// Until the statement ends, or (unless untilFinished) the server says it waits for a lock.
void Lockstep::settle(int actor, bool untilFinished)
{
    // InnoDB refreshes its INNODB_TRX / INNODB_LOCK_WAITS cache only when it was not read
    // for 100 ms: asking more often would keep reading the old picture.
    const int askEveryMs = address.kind == ServerKind::MariaDb ? 150 : 20;
    QElapsedTimer limit;
    limit.start();
    while (limit.elapsed() < StatementLimitMs && out.problem.isEmpty()) {
        if (const auto r = c->sessions[size_t(actor)]->result(PollMs)) {
            observe(actor, *r);
            return;
        }
        if (clock.elapsed() - lastPollMs < askEveryMs)
            continue;
        lastPollMs = clock.elapsed();
        const QList<int> holders = blockers(actor);
        for (int h : holders)
            serverWaits[{actor, statements[size_t(actor)]}] << h;
        if (!holders.isEmpty() && !untilFinished)
            return;
        if (!holders.isEmpty() && limit.elapsed() > ServerOnlyWaitMs) {
            QStringList names;
            for (int h : holders)
                names << name(h);
            out.server << SqlRunner::tr("%1 #%2 still waits for %3 where the model goes on")
                              .arg(name(actor))
                              .arg(statements[size_t(actor)])
                              .arg(names.join(QLatin1String(", ")));
            m_diverged = true;
            return;
        }
    }
    if (out.problem.isEmpty())
        out.server << SqlRunner::tr("%1 #%2 still runs after %3 s")
                          .arg(name(actor))
                          .arg(statements[size_t(actor)])
                          .arg(StatementLimitMs / 1000);
}

// The requests the server says this one waits for.
QList<int> Lockstep::blockers(int actor)
{
    const qint64 id = c->serverIds[size_t(actor)];
    const QString sql = address.kind == ServerKind::Postgres
        ? QStringLiteral("SELECT unnest(pg_blocking_pids(%1))").arg(id)
        : QStringLiteral("SELECT b.trx_mysql_thread_id FROM information_schema.INNODB_LOCK_WAITS w "
                         "JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id "
                         "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id "
                         "WHERE r.trx_mysql_thread_id = %1")
              .arg(id);
    const SqlResult r = c->admin->run(sql, 10000);
    if (!r.ok) {
        out.problem = SqlRunner::tr("the server stopped answering: %1").arg(r.errorText);
        return {};
    }
    QList<int> holders;
    for (const auto &row : r.rows) {
        const auto it = std::find(c->serverIds.begin(), c->serverIds.end(), row.value(0));
        if (it != c->serverIds.end() && !holders.contains(int(it - c->serverIds.begin())))
            holders << int(it - c->serverIds.begin());
    }
    return holders;
}

void Lockstep::finish(const State &state)
{
    for (int a = 0; a < int(inFlight.size()); ++a)
        if (inFlight[size_t(a)] && !stopped())
            settle(a, true);
    if (!out.notRun.isEmpty() || m_diverged) {
        abandon();
        return;
    }
    serverRows();
    if (leases && out.problem.isEmpty()) {
        leases->finalFacts(state, out.model, out.server, &out.problem);
        setOutran();
    }
    waitFacts();
    modelRows(state);
    out.model.sort();
    out.server.sort();
    c->reusable = out.problem.isEmpty() && std::find(inFlight.begin(), inFlight.end(), true) == inFlight.end();
}

// A run that stops early: a statement still waiting would keep its session's thread (and
// the session's destructor) waiting, so every connection of the run is ended on the server.
void Lockstep::abandon()
{
    if (!c->admin || std::find(inFlight.begin(), inFlight.end(), true) == inFlight.end())
        return;
    c->reusable = false;
    for (qint64 id : c->serverIds)
        c->admin->run(address.kind == ServerKind::Postgres ? QStringLiteral("SELECT pg_terminate_backend(%1)").arg(id)
                                                           : QStringLiteral("KILL %1").arg(id));
    inFlight.assign(inFlight.size(), false);
}

} // namespace Interleave
