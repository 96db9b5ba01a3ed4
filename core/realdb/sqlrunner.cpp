#include "realdb/sqlrunner.h"

#include "drivers/stepper.h"
#include "realdb/lockstep.h"
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

QString quoted(const QString &name, ServerKind kind)
{
    return sqlName(name, kind);
}

bool isIdentifier(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}$"));
    return re.match(name).hasMatch();
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
    case DatabaseStatement::InsertKey:
    case DatabaseStatement::KeyExists:
        return keyTableStatement(st, kind);
    case DatabaseStatement::LockRow:
        return QStringLiteral("SELECT id FROM %1 WHERE id = %2 FOR UPDATE").arg(quoted(st.table, kind)).arg(st.key);
    case DatabaseStatement::Begin:
        return kind == ServerKind::Postgres ? QStringLiteral("BEGIN") : QStringLiteral("START TRANSACTION");
    case DatabaseStatement::Commit:
        return QStringLiteral("COMMIT");
    case DatabaseStatement::Rollback:
        return QStringLiteral("ROLLBACK");
    case DatabaseStatement::Select: {
        if (st.hasFence)
            return fencedSelect(st, kind);
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
        if (st.hasFence)
            return fencedWrite(st, kind);
        return QStringLiteral("UPDATE %1 SET %2 = %3 WHERE id = %4")
            .arg(quoted(c.table, kind), quoted(c.column, kind))
            .arg(st.value)
            .arg(c.id);
    }
    default:
        return {};
    }
}

namespace {

// The table's rows as the model starts them, "(id, value, …)": the values are the model's
// (a row's "balance": "initial" is the parameter's value), a row absent at the start is left out.
QStringList initialRows(const Machine &machine, const QString &table, const QJsonArray &columns)
{
    const State initial = machine.initialState();
    const QString prefix = table + u'[';
    QStringList rows;
    for (int r = 0; r < machine.rowCount(); ++r) {
        const QString row = machine.resourceName(Place::Row, r);
        if (!row.startsWith(prefix) || !row.endsWith(u']'))
            continue;
        QHash<QString, qint64> cells;
        for (int c = 0; c < machine.columnCount(r); ++c)
            cells.insert(machine.resourceName(Place::Row, r, c).section(u'.', -1), machine.cellValue(initial, r, c));
        if (cells.value(QStringLiteral("#exists"), 1) == 0)
            continue; // a row an insert may create: not there yet
        QStringList values{row.mid(prefix.size(), row.size() - prefix.size() - 1)};
        for (const QJsonValue &c : columns)
            values << QString::number(cells.value(c.toString()));
        rows << u'(' + values.join(QLatin1String(", ")) + u')';
    }
    return rows;
}

} // namespace

QStringList SqlRunner::schema(const Machine &machine, ServerKind kind, QString *error, bool rowsOnly)
{
    const QString schemaName = QLatin1String(SchemaName);
    QStringList out;
    const QString container = kind == ServerKind::Postgres ? QStringLiteral("SCHEMA") : QStringLiteral("DATABASE");
    if (!rowsOnly)
        out << QStringLiteral("DROP %1 IF EXISTS %2%3")
                   .arg(container, schemaName, kind == ServerKind::Postgres ? QStringLiteral(" CASCADE") : QString())
            << QStringLiteral("CREATE %1 %2").arg(container, schemaName);
    for (const QJsonValue &t : machine.scenario().state.value(QLatin1String("tables")).toArray()) {
        const QJsonObject table = t.toObject();
        const QString name = table.value(QLatin1String("name")).toString();
        const QJsonArray columns = table.value(QLatin1String("columns")).toArray();
        const QString full = schemaName + u'.' + quoted(name, kind);
        if (columns.isEmpty()) { // a key table: made anew, or emptied and its initial keys put back
            QStringList keyTable = keyTableSchema(machine, table, full, kind);
            if (rowsOnly)
                keyTable.front() = QStringLiteral("DELETE FROM %1").arg(full);
            out << keyTable;
            continue;
        }
        QStringList defs{QStringLiteral("id BIGINT PRIMARY KEY")}, names{QStringLiteral("id")};
        for (const QJsonValue &c : columns) {
            if (!isIdentifier(c.toString()) || !isIdentifier(name)) {
                *error = tr("table \"%1\" or its column \"%2\" is no SQL name").arg(name, c.toString());
                return {};
            }
            defs << quoted(c.toString(), kind) + QStringLiteral(" BIGINT NOT NULL DEFAULT 0");
            names << quoted(c.toString(), kind);
        }
        defs << QLatin1String(FenceColumn) + QStringLiteral(" BIGINT NOT NULL DEFAULT 0"); // fencing tokens seen
        if (rowsOnly)
            out << QStringLiteral("DELETE FROM %1").arg(full);
        else
            out << QStringLiteral("CREATE TABLE %1 (%2)%3")
                       .arg(full, defs.join(QLatin1String(", ")),
                            kind == ServerKind::Postgres ? QString() : QStringLiteral(" ENGINE=InnoDB"));
        const QStringList rows = initialRows(machine, name, columns);
        if (!rows.isEmpty())
            out << QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
                       .arg(full, names.join(QLatin1String(", ")), rows.join(QLatin1String(", ")));
    }
    return out;
}

namespace {

// The model's stepper moves; the server follows in lockstep.
struct SteppedRun
{
    SteppedRun(const std::shared_ptr<const Machine> &machine, const ServerAddress &address)
        : stepper(machine)
        , lockstep(*machine, address)
    { }
    // The requests still running, in turn, letting time pass when none can move.
    void runToEnd(const std::function<bool()> &cancelled)
    {
        const Machine &m = stepper.machine();
        for (int guard = 0; !m.isTerminal(stepper.state()) && guard < Stepper::MaxMoves; ++guard) {
            int next = -1;
            for (int a = 0; a < m.actorCount() && next < 0; ++a)
                if (stepper.canMove(a))
                    next = a;
            if (next < 0 && !stepper.canMove(Schedule::Tick))
                break;
            if (next < 0)
                next = Schedule::Tick;
            if ((cancelled && cancelled()) || !move(next))
                break;
        }
    }
    bool move(int actor)
    {
        if (!lockstep.beforeMove(stepper.state(), actor))
            return false;
        const size_t firstEvent = stepper.trace().size();
        stepper.move(actor);
        const Machine &m = stepper.machine();
        lockstep.out.schedule += (lockstep.out.schedule.isEmpty() ? QString() : QStringLiteral(" ")) +
            (actor < 0 ? QStringLiteral("~") : m.actor(actor).letter);
        lockstep.afterMove(stepper.state(), stepper.trace(), firstEvent, actor);
        return !lockstep.stopped();
    }
    Stepper stepper;
    Lockstep lockstep;
};

} // namespace

DifferentialRun SqlRunner::run(const std::shared_ptr<const Machine> &machine, const ServerAddress &address,
                               const QString &order, const std::function<bool()> &cancelled)
{
    return run(machine, address, std::nullopt, order, cancelled);
}

DifferentialRun SqlRunner::run(const std::shared_ptr<const Machine> &machine, const ServerAddress &address,
                               const std::optional<ServerAddress> &redis, const QString &order,
                               const std::function<bool()> &cancelled, int realMsPerVirtualSecond)
{
    // A loaded machine can outrun a lease's real TTL (redisleases.h): then the same schedule
    // again on a clock four times slower, twice at most, before it is called "not run".
    DifferentialRun out;
    for (int attempt = 0, scale = realMsPerVirtualSecond; attempt < 3; ++attempt, scale *= 4) {
        out = runOnce(machine, address, redis, order, cancelled, scale);
        if (!out.outranLease || (cancelled && cancelled()))
            break;
    }
    return out;
}

DifferentialRun SqlRunner::runOnce(const std::shared_ptr<const Machine> &machine, const ServerAddress &address,
                                   const std::optional<ServerAddress> &redis, const QString &order,
                                   const std::function<bool()> &cancelled, int realMsPerVirtualSecond)
{
    SteppedRun run(machine, address);
    if (run.lockstep.setUp() && run.lockstep.setUpLeases(redis, realMsPerVirtualSecond)) {
        const Machine &m = *machine;
        bool going = true;
        for (const QString &token : order.split(u' ', Qt::SkipEmptyParts)) {
            const int move = token == QLatin1String("~") ? int(Schedule::Tick) : m.actorByToken(token);
            if ((move >= 0 || token == QLatin1String("~")) && run.stepper.canMove(move))
                going = run.move(move);
            if (!going || (cancelled && cancelled()))
                break;
        }
        if (going)
            run.runToEnd(cancelled);
        run.lockstep.finish(run.stepper.state());
    }
    return run.lockstep.out;
}

DifferentialRun SqlRunner::runExactly(const std::shared_ptr<const Machine> &machine, const ServerAddress &address,
                                      const Schedule &schedule, const std::function<bool()> &cancelled)
{
    SteppedRun run(machine, address);
    if (run.lockstep.setUp()) {
        for (int move : schedule.moves)
            if (!run.stepper.canMove(move) || !run.move(move) || (cancelled && cancelled()))
                break;
        run.lockstep.finish(run.stepper.state());
    }
    return run.lockstep.out;
}

} // namespace Interleave
