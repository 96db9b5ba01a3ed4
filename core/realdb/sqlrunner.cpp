#include "realdb/sqlrunner.h"

#include "drivers/stepper.h"
#include "realdb/sqlsession.h"
#include "realdb/sqlstatement.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QThread>

namespace Interleave {

namespace {

// How long a statement may take before the runner says so; blocking is never judged by it.
constexpr int StatementLimitMs = 20000;
constexpr int PollMs = 10;

QString quoted(const QString &name, ServerKind kind)
{
    return sqlName(name, kind);
}

bool isIdentifier(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}$"));
    return re.match(name).hasMatch();
}

// The model's error text starts with its code's name ("ER_LOCK_DEADLOCK: …", "40001: …").
QString codeOf(const QString &message, DatabaseVariant::Flavour flavour)
{
    for (auto e : {DatabaseError::Deadlock, DatabaseError::LockWaitTimeout, DatabaseError::ConcurrentUpdate,
                   DatabaseError::DangerousStructure, DatabaseError::DuplicateKey})
        if (message == databaseErrorText(flavour, e))
            return databaseErrorCode(flavour, e);
    return message.section(u':', 0, 0);
}

QString joined(const QList<qint64> &values)
{
    QStringList parts;
    for (qint64 v : values)
        parts << QString::number(v);
    return parts.join(QLatin1String(", "));
}

// The facts both sides record, from one place so that equal observations are equal text.
QString readsFact(const QString &who, int statement, const QList<qint64> &values)
{
    return SqlRunner::tr("%1 #%2 reads %3").arg(who).arg(statement).arg(joined(values));
}

QString updatesFact(const QString &who, int statement, int rows)
{
    return SqlRunner::tr("%1 #%2 updates rows: %3").arg(who).arg(statement).arg(rows);
}

QString changesFact(const QString &who, int statement, DatabaseStatement::Kind kind, int rows)
{
    if (kind == DatabaseStatement::Delete)
        return SqlRunner::tr("%1 #%2 deletes rows: %3").arg(who).arg(statement).arg(rows);
    if (kind == DatabaseStatement::Insert)
        return SqlRunner::tr("%1 #%2 inserts rows: %3").arg(who).arg(statement).arg(rows);
    return updatesFact(who, statement, rows);
}

QString failsFact(const QString &who, int statement, const QString &code)
{
    return SqlRunner::tr("%1 #%2 fails %3").arg(who).arg(statement).arg(code);
}

} // namespace

QStringList DifferentialRun::differences() const
{
    QStringList out;
    if (!problem.isEmpty())
        out << problem;
    const QSet<QString> m(model.begin(), model.end()), s(server.begin(), server.end());
    for (const QString &f : model)
        if (!s.contains(f))
            out << QStringLiteral("model: ") + f;
    for (const QString &f : server)
        if (!m.contains(f))
            out << QStringLiteral("server: ") + f;
    return out;
}

QString SqlRunner::isolationStatement(const DatabaseVariant &variant, ServerKind kind)
{
    const QString level = DatabaseVariant::levelName(variant.level);
    return kind == ServerKind::Postgres
        ? QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ") + level
        : QStringLiteral("SET SESSION TRANSACTION ISOLATION LEVEL ") + level;
}

QString SqlRunner::sql(const DatabaseStatement &st, ServerKind kind, QString *refused)
{
    switch (st.kind) {
    case DatabaseStatement::Count:
    case DatabaseStatement::Update:
    case DatabaseStatement::Delete:
    case DatabaseStatement::Insert:
        return rowTableStatement(st, kind, refused);
    case DatabaseStatement::LockRow:
        return QStringLiteral("SELECT id FROM %1 WHERE id = %2 FOR UPDATE").arg(quoted(st.table, kind)).arg(st.key);
    case DatabaseStatement::Begin:
        return kind == ServerKind::Postgres ? QStringLiteral("BEGIN") : QStringLiteral("START TRANSACTION");
    case DatabaseStatement::Commit:
        return QStringLiteral("COMMIT");
    case DatabaseStatement::Rollback:
        return QStringLiteral("ROLLBACK");
    case DatabaseStatement::Select: {
        QStringList columns{QStringLiteral("id")}, ids;
        for (const auto &c : st.cells) {
            if (!columns.contains(quoted(c.column, kind)))
                columns << quoted(c.column, kind);
            if (!ids.contains(QString::number(c.id)))
                ids << QString::number(c.id);
        }
        return QStringLiteral("SELECT %1 FROM %2 WHERE id IN (%3) ORDER BY id%4")
            .arg(columns.join(QLatin1String(", ")), quoted(st.cells.front().table, kind), ids.join(QLatin1String(", ")),
                 st.forUpdate ? QStringLiteral(" FOR UPDATE") : QString());
    }
    case DatabaseStatement::Write: {
        const auto &c = st.cells.front();
        return QStringLiteral("UPDATE %1 SET %2 = %3 WHERE id = %4")
            .arg(quoted(c.table, kind), quoted(c.column, kind))
            .arg(st.value)
            .arg(c.id);
    }
    default:
        return {};
    }
}

QStringList SqlRunner::schema(const Machine &machine, ServerKind kind, QString *error)
{
    const QString schemaName = QLatin1String(SchemaName);
    QStringList out;
    if (kind == ServerKind::Postgres)
        out << QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(schemaName)
            << QStringLiteral("CREATE SCHEMA %1").arg(schemaName);
    else
        out << QStringLiteral("DROP DATABASE IF EXISTS %1").arg(schemaName)
            << QStringLiteral("CREATE DATABASE %1").arg(schemaName);
    for (const QJsonValue &t : machine.scenario().state.value(QLatin1String("tables")).toArray()) {
        const QJsonObject table = t.toObject();
        const QString name = table.value(QLatin1String("name")).toString();
        const QJsonArray columns = table.value(QLatin1String("columns")).toArray();
        if (columns.isEmpty())
            continue; // a key table: no step that uses one has a SQL translation yet (exists, insert of a key)
        QStringList defs{QStringLiteral("id BIGINT PRIMARY KEY")}, names{QStringLiteral("id")};
        for (const QJsonValue &c : columns) {
            if (!isIdentifier(c.toString()) || !isIdentifier(name)) {
                *error = tr("table \"%1\" or its column \"%2\" is no SQL name").arg(name, c.toString());
                return {};
            }
            defs << quoted(c.toString(), kind) + QStringLiteral(" BIGINT NOT NULL DEFAULT 0");
            names << quoted(c.toString(), kind);
        }
        const QString full = schemaName + u'.' + quoted(name, kind);
        out << QStringLiteral("CREATE TABLE %1 (%2)%3")
                   .arg(full, defs.join(QLatin1String(", ")),
                        kind == ServerKind::Postgres ? QString() : QStringLiteral(" ENGINE=InnoDB"));
        QStringList rows;
        for (const QJsonValue &r : table.value(QLatin1String("rows")).toArray()) {
            if (r.toObject().value(QLatin1String("absent")).toBool())
                continue; // a row an insert may create: not there yet
            QStringList values;
            for (const QJsonValue &c : columns)
                values << QString::number(qint64(r.toObject().value(c.toString()).toDouble()));
            rows << QStringLiteral("(%1, %2)")
                        .arg(qint64(r.toObject().value(QLatin1String("id")).toDouble()))
                        .arg(values.join(QLatin1String(", ")));
        }
        if (!rows.isEmpty())
            out << QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
                       .arg(full, names.join(QLatin1String(", ")), rows.join(QLatin1String(", ")));
    }
    return out;
}

namespace {

// One run: the model's stepper, a session per request and one for the runner's own questions.
class RealRun
{
public:
    RealRun(const std::shared_ptr<const Machine> &machine, const ServerAddress &address)
        : m(*machine)
        , stepper(machine)
        , address(address)
        , flavour(machine->database().flavour)
    { }

    bool setUp();
    void play(const QString &order, const std::function<bool()> &cancelled);
    void finish();

    DifferentialRun out;

private:
    QString name(int actor) const { return m.actor(actor).name; }
    void move(int actor);
    void modelFacts(size_t firstEvent, int mover, DatabaseStatement::Kind moved);
    bool send(int actor, const DatabaseStatement &statement);
    void settle(int actor, bool untilFinished);
    void observe(int actor, const SqlResult &result);
    QList<int> blockers(int actor);
    void finalRows();
    void abandon();

    const Machine &m;
    Stepper stepper;
    ServerAddress address;
    DatabaseVariant::Flavour flavour;
    std::unique_ptr<SqlSession> admin;
    std::vector<std::unique_ptr<SqlSession>> sessions;
    std::vector<qint64> serverIds;
    std::vector<int> statements; // per request: statements sent
    std::vector<DatabaseStatement> current; // per request: the last statement sent
    std::vector<bool> inFlight;
    // Whom each statement waited for, over its life: (request, statement) -> holders.
    QMap<QPair<int, int>, QSet<int>> modelWaits, serverWaits;
    qint64 lastPollMs = -1000;
    QElapsedTimer clock;
};

bool RealRun::setUp()
{
    admin = std::make_unique<SqlSession>(address);
    qint64 id = 0;
    if (!admin->open({}, &id, &out.problem))
        return false;
    const QStringList schema = SqlRunner::schema(m, address.kind, &out.problem);
    if (schema.isEmpty())
        return false;
    for (const QString &sql : schema) {
        const SqlResult r = admin->run(sql);
        if (!r.ok) {
            out.problem = sql + QStringLiteral(": ") + r.errorText;
            return false;
        }
    }
    ServerAddress own = address;
    QStringList setup{SqlRunner::isolationStatement(m.database(), address.kind)};
    if (address.kind == ServerKind::Postgres)
        setup << QStringLiteral("SET search_path TO ") + QLatin1String(SqlRunner::SchemaName);
    else
        own.database = QLatin1String(SqlRunner::SchemaName);
    for (int a = 0; a < m.actorCount(); ++a) {
        sessions.push_back(std::make_unique<SqlSession>(own));
        if (!sessions.back()->open(setup, &id, &out.problem))
            return false;
        serverIds.push_back(id);
    }
    statements.assign(size_t(m.actorCount()), 0);
    current.assign(size_t(m.actorCount()), {});
    inFlight.assign(size_t(m.actorCount()), false);
    clock.start();
    return true;
}

void RealRun::play(const QString &order, const std::function<bool()> &cancelled)
{
    for (const QString &token : order.split(u' ', Qt::SkipEmptyParts)) {
        const int actor = m.actorByToken(token);
        if (actor >= 0 && stepper.canMove(actor))
            move(actor);
        if (!out.problem.isEmpty() || !out.notRun.isEmpty() || (cancelled && cancelled()))
            return;
    }
    // The rest: the requests still running, in turn.
    for (int guard = 0; !m.isTerminal(stepper.state()) && guard < Stepper::MaxMoves; ++guard) {
        int next = -1;
        for (int a = 0; a < m.actorCount() && next < 0; ++a)
            if (stepper.canMove(a))
                next = a;
        if (next < 0)
            break;
        move(next);
        if (!out.problem.isEmpty() || !out.notRun.isEmpty() || (cancelled && cancelled()))
            return;
    }
}

void RealRun::move(int actor)
{
    DatabaseStatement::Kind moved = DatabaseStatement::None; // the statement this move runs
    if (inFlight[size_t(actor)]) {
        moved = current[size_t(actor)].kind;
        settle(actor, true); // the model says its wait is over: the server's statement must end
    } else {
        const DatabaseStatement st = m.nextStatement(stepper.state(), actor);
        QString refused;
        if (st.kind == DatabaseStatement::Unsupported)
            refused = st.op;
        else if (st.kind != DatabaseStatement::None && SqlRunner::sql(st, address.kind, &refused).isEmpty())
            refused = refused.isEmpty() ? QStringLiteral("?") : refused;
        if (!refused.isEmpty()) {
            out.notRun = refused;
            return;
        }
        if (st.kind != DatabaseStatement::None && send(actor, st)) {
            moved = st.kind;
            settle(actor, false);
        }
    }
    const size_t firstEvent = stepper.trace().size();
    stepper.move(actor);
    out.schedule += (out.schedule.isEmpty() ? QString() : QStringLiteral(" ")) + m.actor(actor).letter;
    modelFacts(firstEvent, actor, moved);
}

// What the model did in the move, as facts; a request that began waiting sends its statement.
// A statement over a row table (`moved`) is one fact once it ends: the rows it changed, or
// its COUNT and SUMs, which the model leaves in the step's locals.
void RealRun::modelFacts(size_t firstEvent, int mover, DatabaseStatement::Kind moved)
{
    const Trace &trace = stepper.trace();
    QMap<int, QPair<int, QList<qint64>>> reads; // request -> (statement, values)
    QSet<int> beganWaiting;
    QSet<QPair<int, int>> stopped; // (request, statement) that began waiting or failed
    // The move may also start the mover's next statement (the model takes a lock wait as
    // soon as the next step would block): this move's statement keeps its own number.
    const int movedNumber = statements[size_t(mover)];
    const QStringList resultLocals = current[size_t(mover)].resultLocals;
    int changedRows = 0;
    QHash<QString, qint64> results; // the mover's locals set in the move
    const bool overTable = moved == DatabaseStatement::Count || moved == DatabaseStatement::Update ||
        moved == DatabaseStatement::Delete || moved == DatabaseStatement::Insert;
    for (size_t i = firstEvent; i < trace.size(); ++i) {
        const TraceEvent &e = trace[i];
        const int a = e.actor;
        if (a < 0)
            continue;
        const int n = statements[size_t(a)];
        if (a == mover && overTable) {
            if ((e.kind == EventKind::Update || e.kind == EventKind::Insert) && e.place == Place::Row)
                changedRows += e.version != 0;
            if (e.kind == EventKind::Local)
                results.insert(m.localName(e.column), e.value);
            if (e.kind == EventKind::Read || e.kind == EventKind::Update || e.kind == EventKind::Insert ||
                e.kind == EventKind::Local)
                continue;
        }
        if (e.kind == EventKind::Read && e.place == Place::Row) {
            reads[a].first = n;
            reads[a].second << e.value;
        } else if (e.kind == EventKind::Write && e.place == Place::Row) {
            out.model << updatesFact(name(a), n, 1);
        } else if (e.kind == EventKind::LockWait && (e.place == Place::Row || e.place == Place::Table)) {
            if (!inFlight[size_t(a)] && send(a, m.nextStatement(stepper.state(), a, e.line)))
                settle(a, false);
            beganWaiting << a;
            stopped << qMakePair(a, statements[size_t(a)]);
            for (const auto &edge : m.waitForGraph(stepper.state()))
                if (edge.waiter == a)
                    modelWaits[{a, statements[size_t(a)]}] << edge.holder;
            if (e.value >= 0)
                modelWaits[{a, statements[size_t(a)]}] << int(e.value);
        } else if (e.kind == EventKind::Fail) {
            stopped << qMakePair(a, n);
            const QString code = codeOf(m.messages().value(e.message), flavour);
            out.model << failsFact(name(a), n, code);
            // InnoDB checks for a cycle before a lock request waits: the request that would
            // close one fails at once and never waits (PostgreSQL's victim does wait).
            if (flavour == DatabaseVariant::MySql && beganWaiting.contains(a) &&
                code == databaseErrorCode(flavour, DatabaseError::Deadlock))
                modelWaits.remove({a, n});
            if (inFlight[size_t(a)])
                settle(a, true); // the victim's statement must end with the server's error
        }
    }
    for (auto it = reads.cbegin(); it != reads.cend(); ++it)
        out.model << readsFact(name(it.key()), it->first, it->second);
    if (!overTable || stopped.contains(qMakePair(mover, movedNumber)))
        return;
    const int n = movedNumber;
    if (moved == DatabaseStatement::Count) {
        QList<qint64> values;
        for (const QString &local : resultLocals)
            values << results.value(local);
        out.model << readsFact(name(mover), n, values);
    } else {
        out.model << changesFact(name(mover), n, moved, changedRows);
    }
}

bool RealRun::send(int actor, const DatabaseStatement &statement)
{
    const QString text = SqlRunner::sql(statement, address.kind);
    if (text.isEmpty())
        return false;
    ++statements[size_t(actor)];
    current[size_t(actor)] = statement;
    inFlight[size_t(actor)] = true;
    sessions[size_t(actor)]->send(text);
    if (qEnvironmentVariableIsSet("INTERLEAVE_REALDB_DEBUG"))
        qDebug("%s #%d: %s", qPrintable(name(actor)), statements[size_t(actor)], qPrintable(text));
    return true;
}

// Until the statement ends, or (unless untilFinished) the server says it waits for a lock.
void RealRun::settle(int actor, bool untilFinished)
{
    // InnoDB refreshes its INNODB_TRX / INNODB_LOCK_WAITS cache only when it was not read
    // for 100 ms: asking more often would keep reading the old picture.
    const int askEveryMs = address.kind == ServerKind::MariaDb ? 150 : 20;
    QElapsedTimer limit;
    limit.start();
    while (limit.elapsed() < StatementLimitMs && out.problem.isEmpty()) {
        if (const auto r = sessions[size_t(actor)]->result(PollMs)) {
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
    }
    if (out.problem.isEmpty())
        out.server << SqlRunner::tr("%1 #%2 still runs after %3 s")
                          .arg(name(actor))
                          .arg(statements[size_t(actor)])
                          .arg(StatementLimitMs / 1000);
}

void RealRun::observe(int actor, const SqlResult &r)
{
    inFlight[size_t(actor)] = false;
    const int n = statements[size_t(actor)];
    const DatabaseStatement &st = current[size_t(actor)];
    if (!r.ok) {
        if (r.errorCode.isEmpty() || r.errorCode == QLatin1String("2006") || r.errorCode == QLatin1String("2013"))
            out.problem = SqlRunner::tr("the server stopped answering: %1").arg(r.errorText);
        out.server << failsFact(name(actor), n, r.errorCode);
        return;
    }
    if (st.kind == DatabaseStatement::Write)
        out.server << updatesFact(name(actor), n, r.rowsAffected);
    if (st.kind == DatabaseStatement::Update || st.kind == DatabaseStatement::Delete ||
        st.kind == DatabaseStatement::Insert)
        out.server << changesFact(name(actor), n, st.kind, r.rowsAffected);
    if (st.kind == DatabaseStatement::Count)
        out.server << readsFact(name(actor), n, r.rows.value(0));
    if (st.kind != DatabaseStatement::Select)
        return;
    // Columns: id, then the distinct columns in the order of the cells (SqlRunner::sql).
    QStringList columns;
    for (const auto &c : st.cells)
        if (!columns.contains(c.column))
            columns << c.column;
    QList<qint64> values;
    // A row that is not there reads 0, as in the model (a deleted or not yet inserted row's
    // values read 0, docs/scenario-format.md): the one place the comparison maps a value.
    for (const auto &cell : st.cells) {
        const auto row =
            std::find_if(r.rows.cbegin(), r.rows.cend(), [&](const auto &row) { return row.value(0) == cell.id; });
        values << (row == r.rows.cend() ? 0 : row->value(1 + columns.indexOf(cell.column)));
    }
    out.server << readsFact(name(actor), n, values);
}

// The requests the server says this one waits for.
QList<int> RealRun::blockers(int actor)
{
    const qint64 id = serverIds[size_t(actor)];
    const QString sql = address.kind == ServerKind::Postgres
        ? QStringLiteral("SELECT unnest(pg_blocking_pids(%1))").arg(id)
        : QStringLiteral("SELECT b.trx_mysql_thread_id FROM information_schema.INNODB_LOCK_WAITS w "
                         "JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id "
                         "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id "
                         "WHERE r.trx_mysql_thread_id = %1")
              .arg(id);
    const SqlResult r = admin->run(sql, 10000);
    if (!r.ok) {
        out.problem = SqlRunner::tr("the server stopped answering: %1").arg(r.errorText);
        return {};
    }
    QList<int> holders;
    for (const auto &row : r.rows) {
        const auto it = std::find(serverIds.begin(), serverIds.end(), row.value(0));
        if (it != serverIds.end() && !holders.contains(int(it - serverIds.begin())))
            holders << int(it - serverIds.begin());
    }
    return holders;
}

void RealRun::finish()
{
    if (!out.notRun.isEmpty()) {
        abandon();
        return;
    }
    for (int a = 0; a < m.actorCount(); ++a)
        if (inFlight[size_t(a)] && out.problem.isEmpty())
            settle(a, true);
    finalRows();
    auto waitFacts = [this](const QMap<QPair<int, int>, QSet<int>> &waits, QStringList &facts) {
        for (auto it = waits.cbegin(); it != waits.cend(); ++it) {
            QStringList names;
            for (int h : it.value())
                names << name(h);
            names.sort();
            facts << SqlRunner::tr("%1 #%2 waits for %3")
                         .arg(name(it.key().first))
                         .arg(it.key().second)
                         .arg(names.join(QLatin1String(", ")));
        }
    };
    waitFacts(modelWaits, out.model);
    waitFacts(serverWaits, out.server);
    // A row that does not exist (its hidden #exists column is 0) is no row on the server.
    for (int r = 0; r < m.rowCount(); ++r) {
        QStringList cells;
        bool exists = true;
        for (int c = 0; c < m.columnCount(r); ++c) {
            const QString cell = m.resourceName(Place::Row, r, c);
            const qint64 value = m.cellValue(stepper.state(), r, c);
            if (cell.endsWith(QLatin1String(".#exists")))
                exists = value != 0;
            else
                cells << QStringLiteral("%1 = %2").arg(cell).arg(value);
        }
        if (exists)
            out.model << cells;
    }
}

// A run that stops early: a statement still waiting would keep its session's thread (and
// the session's destructor) waiting, so every connection of the run is ended on the server.
void RealRun::abandon()
{
    if (std::find(inFlight.begin(), inFlight.end(), true) == inFlight.end())
        return;
    for (qint64 id : serverIds)
        admin->run(address.kind == ServerKind::Postgres ? QStringLiteral("SELECT pg_terminate_backend(%1)").arg(id)
                                                        : QStringLiteral("KILL %1").arg(id));
}

void RealRun::finalRows()
{
    if (!out.problem.isEmpty())
        return;
    const QString schemaName = QLatin1String(SqlRunner::SchemaName);
    for (const QJsonValue &t : m.scenario().state.value(QLatin1String("tables")).toArray()) {
        const QJsonObject table = t.toObject();
        QStringList columns;
        for (const QJsonValue &c : table.value(QLatin1String("columns")).toArray())
            columns << c.toString();
        if (columns.isEmpty())
            continue;
        const QString name = table.value(QLatin1String("name")).toString();
        QStringList quotedColumns;
        for (const QString &c : columns)
            quotedColumns << quoted(c, address.kind);
        const SqlResult r =
            admin->run(QStringLiteral("SELECT id, %1 FROM %2.%3 ORDER BY id")
                           .arg(quotedColumns.join(QLatin1String(", ")), schemaName, quoted(name, address.kind)));
        if (!r.ok) {
            out.problem = SqlRunner::tr("the server stopped answering: %1").arg(r.errorText);
            return;
        }
        for (const auto &row : r.rows)
            for (int c = 0; c < columns.size(); ++c)
                out.server << QStringLiteral("%1[%2].%3 = %4")
                                  .arg(name)
                                  .arg(row.value(0))
                                  .arg(columns.at(c))
                                  .arg(row.value(1 + c));
    }
}

} // namespace

DifferentialRun SqlRunner::run(const std::shared_ptr<const Machine> &machine, const ServerAddress &address,
                               const QString &order, const std::function<bool()> &cancelled)
{
    RealRun run(machine, address);
    if (run.setUp()) {
        run.play(order, cancelled);
        run.finish();
    }
    run.out.model.sort();
    run.out.server.sort();
    return run.out;
}

} // namespace Interleave
