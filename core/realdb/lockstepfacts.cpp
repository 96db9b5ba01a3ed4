#include "realdb/lockstepfacts.h"

#include "realdb/lockstep.h"
#include "realdb/redisleases.h"
#include "realdb/sqlsession.h"
#include "realdb/sqlstatement.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace Interleave {

namespace {

QString joined(const QList<qint64> &values)
{
    QStringList parts;
    for (qint64 v : values)
        parts << QString::number(v);
    return parts.join(QLatin1String(", "));
}

} // namespace

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

bool overTable(DatabaseStatement::Kind kind)
{
    return kind == DatabaseStatement::Count || kind == DatabaseStatement::Update || kind == DatabaseStatement::Delete ||
        kind == DatabaseStatement::Insert;
}

std::vector<size_t> eventOrder(const Trace &trace, size_t firstEvent, int mover, DatabaseVariant::Flavour flavour)
{
    std::vector<size_t> order;
    bool victim = false;
    for (size_t i = firstEvent; i < trace.size(); ++i) {
        order.push_back(i);
        victim = victim || (trace[i].kind == EventKind::Fail && trace[i].actor == mover);
    }
    auto rowWait = [&](size_t i) {
        const TraceEvent &e = trace[i];
        return e.kind == EventKind::LockWait && (e.place == Place::Row || e.place == Place::Table);
    };
    const auto own =
        std::find_if(order.begin(), order.end(), [&](size_t i) { return rowWait(i) && trace[i].actor == mover; });
    if (mover < 0 || !victim || own == order.end())
        return order;
    const size_t moved = *own;
    order.erase(own);
    auto later = [&](size_t i) { return i > moved; };
    if (flavour == DatabaseVariant::Postgres) {
        order.insert(std::min(std::find_if(order.begin(), order.end(), rowWait),
                              std::find_if(order.begin(), order.end(), later)),
                     moved);
    } else {
        auto after = std::find_if(order.begin(), order.end(), later);
        for (auto it = after; it != order.end(); ++it)
            if (rowWait(*it))
                after = it + 1;
        order.insert(after, moved);
    }
    return order;
}

void Lockstep::recordTableStatement(int mover, int n, const QStringList &resultLocals,
                                    const QHash<QString, qint64> &results, int changedRows)
{
    if (moved == DatabaseStatement::Count) {
        QList<qint64> values;
        for (const QString &local : resultLocals)
            values << results.value(local);
        out.model << readsFact(name(mover), n, values);
    } else {
        out.model << changesFact(name(mover), n, moved, changedRows);
    }
}

void Lockstep::observe(int actor, const SqlResult &r)
{
    inFlight[size_t(actor)] = false;
    blockedSinceMs[size_t(actor)] = -1;
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
    if (overTable(st.kind) && st.kind != DatabaseStatement::Count)
        out.server << changesFact(name(actor), n, st.kind, r.rowsAffected);
    if (st.kind == DatabaseStatement::Count)
        out.server << readsFact(name(actor), n, r.rows.value(0));
    if (st.kind == DatabaseStatement::KeyExists)
        out.server << readsFact(name(actor), n, {r.rows.value(0).value(0) > 0 ? 1 : 0});
    if (st.kind == DatabaseStatement::InsertKey)
        out.server << changesFact(name(actor), n, DatabaseStatement::Insert, r.rowsAffected);
    if (st.kind != DatabaseStatement::Select)
        return;
    // Columns: id, then the distinct columns in the order of the cells (SqlRunner::sql).
    QStringList columns;
    for (const auto &c : st.cells)
        if (!columns.contains(c.column))
            columns << c.column;
    // A fenced read whose token storage has seen a newer one than is refused: no value read.
    if (st.hasFence && r.rows.value(0).value(1 + columns.size()) != st.fence)
        return;
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

void Lockstep::waitFacts()
{
    auto facts = [this](const QMap<QPair<int, int>, QSet<int>> &waits, QStringList &into) {
        for (auto it = waits.cbegin(); it != waits.cend(); ++it) {
            QStringList names;
            for (int h : it.value())
                names << name(h);
            names.sort();
            into << SqlRunner::tr("%1 #%2 waits for %3")
                        .arg(name(it.key().first))
                        .arg(it.key().second)
                        .arg(names.join(QLatin1String(", ")));
        }
    };
    facts(modelWaits, out.model);
    facts(serverWaits, out.server);
}

// A row that does not exist (its hidden #exists column is 0) is no row on the server.
void Lockstep::modelRows(const State &state)
{
    for (int r = 0; r < m.rowCount(); ++r) {
        QStringList cells;
        bool exists = true;
        for (int c = 0; c < m.columnCount(r); ++c) {
            const QString cell = m.resourceName(Place::Row, r, c);
            const qint64 value = m.cellValue(state, r, c);
            if (cell.endsWith(QLatin1String(".#exists")))
                exists = value != 0;
            else
                cells << QStringLiteral("%1 = %2").arg(cell).arg(value);
        }
        if (exists)
            out.model << cells;
    }
    for (int t = 0; t < m.tableCount(); ++t)
        if (m.isKeyTable(t)) {
            const auto keys = m.tableKeys(state, t);
            out.model << keyTableFact(m.resourceName(Place::Table, t), QList<qint64>(keys.begin(), keys.end()));
        }
}

void Lockstep::serverRows()
{
    if (!out.problem.isEmpty())
        return;
    const QString schemaName = QLatin1String(SqlRunner::SchemaName);
    for (const QJsonValue &t : m.scenario().state.value(QLatin1String("tables")).toArray()) {
        const QJsonObject table = t.toObject();
        QStringList columns, quotedColumns;
        for (const QJsonValue &c : table.value(QLatin1String("columns")).toArray()) {
            columns << c.toString();
            quotedColumns << sqlName(c.toString(), address.kind);
        }
        const QString name = table.value(QLatin1String("name")).toString();
        if (columns.isEmpty()) {
            serverKeys(name);
            continue;
        }
        const SqlResult r =
            c->admin->run(QStringLiteral("SELECT id, %1 FROM %2.%3 ORDER BY id")
                              .arg(quotedColumns.join(QLatin1String(", ")), schemaName, sqlName(name, address.kind)));
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

// A key table's keys on the server.
void Lockstep::serverKeys(const QString &table)
{
    const SqlResult r = c->admin->run(
        QStringLiteral("SELECT id FROM %1.%2").arg(QLatin1String(SqlRunner::SchemaName), sqlName(table, address.kind)));
    QList<qint64> keys;
    for (const auto &row : r.rows)
        keys << row.value(0);
    if (r.ok)
        out.server << keyTableFact(table, keys);
}

} // namespace Interleave
