// The layout of State::v: the scenario's "state" (tables, memory, mutexes, leases,
// queues, pools) placed one after the other, with their initial values.

#include "machine/compiler.h"

namespace Interleave {

bool MachineCompiler::checkStateFields(const QJsonObject &state)
{
    static const char *const known[] = {"tables", "memory", "mutexes", "leases", "queues", "pools"};
    for (auto it = state.begin(); it != state.end(); ++it) {
        bool ok = false;
        for (const char *k : known)
            ok = ok || it.key() == QLatin1String(k);
        if (!ok)
            return fail(QStringLiteral("state.") + it.key(),
                        tr("unknown state field \"%1\" (expected tables, memory, mutexes, leases, queues or pools)")
                            .arg(it.key()));
    }
    return true;
}

QStringList MachineCompiler::names(const QJsonObject &state, const char *key, const QString &path)
{
    QStringList out;
    const QJsonValue v = state.value(QLatin1String(key));
    if (v.isUndefined())
        return out;
    if (!v.isArray()) {
        fail(path + u'.' + QLatin1String(key), tr("must be a list of names"));
        return out;
    }
    const QJsonArray a = v.toArray();
    for (int i = 0; i < a.size(); ++i) {
        if (!a.at(i).isString() || a.at(i).toString().isEmpty()) {
            fail(QStringLiteral("%1.%2[%3]").arg(path, QLatin1String(key)).arg(i), tr("must be a name"));
            return out;
        }
        if (out.contains(a.at(i).toString())) {
            fail(QStringLiteral("%1.%2[%3]").arg(path, QLatin1String(key)).arg(i),
                 tr("\"%1\" is declared twice").arg(a.at(i).toString()));
            return out;
        }
        out << a.at(i).toString();
    }
    return out;
}

// Each row: lock owner, highest token, then committed/pending/has-pending per column (RowSlot).
bool MachineCompiler::compileRows(const QJsonArray &rows, const QString &path, const TableInfo &info,
                                  std::vector<int64_t> &init)
{
    const int tableIdx = int(m_tables.size()) - 1;
    for (int r = 0; r < rows.size(); ++r) {
        const QString rp = QStringLiteral("%1.rows[%2]").arg(path).arg(r);
        const QJsonObject ro = rows.at(r).toObject();
        if (!ro.value(QLatin1String("id")).isDouble())
            return fail(rp, tr("a row needs a numeric \"id\""));
        const std::optional<int64_t> rowId = whole(ro.value(QLatin1String("id")), rp + QLatin1String(".id"));
        if (!rowId)
            return false;
        const int64_t id = *rowId;
        for (size_t other = size_t(d.tableFirstRow.back()); other < m_rows.size(); ++other)
            if (m_rows[other].id == id)
                return fail(rp + QLatin1String(".id"), tr("duplicate row id %1").arg(id));
        const QJsonValue absentValue = ro.value(QLatin1String("absent"));
        if (!absentValue.isUndefined() && !absentValue.isBool())
            return fail(rp + QLatin1String(".absent"), tr("must be true or false"));
        const bool absent = absentValue.toBool(false);
        for (auto it = ro.begin(); it != ro.end(); ++it)
            if (it.key() != QLatin1String("id") && it.key() != QLatin1String("absent") &&
                (!info.columns.contains(it.key()) || it.key() == ExistsColumn))
                return fail(rp + u'.' + it.key(), tr("table \"%1\" has no column \"%2\"").arg(info.name, it.key()));
        if (absent && info.existsColumn < 0)
            return fail(rp + QLatin1String(".absent"),
                        tr("only a table that some step inserts into can have an absent row"));
        if (absent && ro.size() > 2)
            return fail(rp, tr("an absent row has no values: its insert gives them"));
        m_rows.push_back({tableIdx, id, int(init.size())});
        init.push_back(-1); // RowSlot::Lock
        init.push_back(0); // RowSlot::Token
        for (const QString &col : std::as_const(info.columns)) {
            const QJsonValue cv = ro.value(col);
            int64_t value = 0;
            if (col == ExistsColumn) {
                value = absent ? 0 : 1;
            } else if (cv.isDouble()) {
                const std::optional<int64_t> n = whole(cv, rp + u'.' + col);
                if (!n)
                    return false;
                value = *n;
            } else if (cv.isString()) {
                auto c = constant(cv.toString(), rp + u'.' + col);
                if (!c)
                    return false;
                value = *c;
            }
            init.insert(init.end(), {value, 0, 0}); // committed, pending, has pending
        }
    }
    return true;
}

bool MachineCompiler::compileTable(const QJsonObject &to, const QString &tp, std::vector<int64_t> &init,
                                   std::vector<std::pair<int, std::vector<int64_t>>> &keyTables)
{
    for (auto it = to.begin(); it != to.end(); ++it)
        if (it.key() != QLatin1String("name") && it.key() != QLatin1String("columns") &&
            it.key() != QLatin1String("rows") && it.key() != QLatin1String("unique") &&
            it.key() != QLatin1String("keys"))
            return fail(tp + u'.' + it.key(), tr("unknown field \"%1\"").arg(it.key()));
    TableInfo info;
    info.name = to.value(QLatin1String("name")).toString();
    if (info.name.isEmpty())
        return fail(tp, tr("a table needs a \"name\""));
    if (tableIndex(info.name) >= 0)
        return fail(tp + QLatin1String(".name"), tr("table \"%1\" is declared twice").arg(info.name));
    if (m_params.contains(info.name))
        return fail(tp + QLatin1String(".name"),
                    tr("table \"%1\" has the name of a parameter; rename one of them").arg(info.name));
    info.isRowTable = to.contains(QLatin1String("columns"));
    if (to.contains(QLatin1String("unique")) && !to.value(QLatin1String("unique")).isBool())
        return fail(tp + QLatin1String(".unique"), tr("must be true or false"));
    info.unique = to.value(QLatin1String("unique")).toBool(false);
    if (!info.isRowTable) {
        std::vector<int64_t> keys;
        for (const QJsonValue &k : to.value(QLatin1String("keys")).toArray()) {
            const std::optional<int64_t> key = whole(k, tp + QLatin1String(".keys"));
            if (!key)
                return false;
            keys.push_back(*key);
        }
        m_tables.push_back(info);
        d.tableFirstRow.push_back(0);
        d.tableRowCount.push_back(0);
        keyTables.push_back({int(m_tables.size()) - 1, keys});
        return true;
    }
    for (const QJsonValue &c : to.value(QLatin1String("columns")).toArray())
        info.columns << c.toString();
    if (info.columns.isEmpty() || info.columns.contains(QString()))
        return fail(tp + QLatin1String(".columns"), tr("must list at least one column name"));
    // Rules address a cell as table << 8 | column (Fn::Cell).
    if (rowsChange.contains(info.name)) {
        // Rows that come and go keep their existence as a hidden last column, so that
        // snapshots, pending writes and row locks treat it like any other value.
        info.existsColumn = int(info.columns.size());
        info.columns << ExistsColumn;
    }
    if (info.columns.size() > MaxColumns)
        return fail(tp + QLatin1String(".columns"), tr("model limit: at most %1 columns").arg(MaxColumns));
    m_tables.push_back(info);
    d.tableFirstRow.push_back(int(m_rows.size()));
    const QJsonArray rows = to.value(QLatin1String("rows")).toArray();
    if (rows.isEmpty())
        return fail(tp + QLatin1String(".rows"), tr("a table with columns needs at least one row"));
    if (!compileRows(rows, tp, info, init))
        return false;
    d.tableRowCount.push_back(int(m_rows.size()) - d.tableFirstRow.back());
    return true;
}

// Tables: row tables (with columns) and key sets (unique or not).
bool MachineCompiler::compileTables(const QJsonObject &state, std::vector<int64_t> &init,
                                    std::vector<std::pair<int, std::vector<int64_t>>> &keyTables)
{
    const QJsonValue tables = state.value(QLatin1String("tables"));
    if (!tables.isUndefined() && !tables.isArray())
        return fail(QStringLiteral("state.tables"), tr("must be a list of tables"));
    const QJsonArray ta = tables.toArray();
    if (ta.size() > MaxTables)
        return fail(QStringLiteral("state.tables"), tr("model limit: at most %1 tables").arg(MaxTables));
    for (int t = 0; t < ta.size(); ++t) {
        const QString tp = QStringLiteral("state.tables[%1]").arg(t);
        if (!ta.at(t).isObject())
            return fail(tp, tr("must be an object { … }"));
        if (!compileTable(ta.at(t).toObject(), tp, init, keyTables))
            return false;
    }
    return true;
}

// Memory cells, one set per server instance.
bool MachineCompiler::compileMemory(const QJsonObject &state, std::vector<int64_t> &init)
{
    const QJsonValue memory = state.value(QLatin1String("memory"));
    if (!memory.isUndefined() && !memory.isObject())
        return fail(QStringLiteral("state.memory"), tr("must be an object of name: value"));
    const QJsonObject mo = memory.toObject();
    std::vector<int64_t> memoryInit;
    for (auto it = mo.begin(); it != mo.end(); ++it) {
        m_memoryNames << it.key();
        const QString path = QLatin1String("state.memory.") + it.key();
        const auto c = it.value().isDouble() ? whole(it.value(), path) : constant(it.value().toString(), path);
        if (!c)
            return false;
        memoryInit.push_back(*c);
    }
    if (m_memoryNames.size() > MaxMemoryCells)
        return fail(QStringLiteral("state.memory"), tr("model limit: at most %1 memory cells").arg(MaxMemoryCells));
    d.memoryBase = int(init.size());
    for (int i = 0; i < d.instances; ++i)
        init.insert(init.end(), memoryInit.begin(), memoryInit.end());
    return true;
}

// Key tables get room for every actor's inserts: KeySlot::Count, then sorted (key, owner) slots.
void MachineCompiler::placeKeyTables(std::vector<std::pair<int, std::vector<int64_t>>> &keyTables,
                                     std::vector<int64_t> &init)
{
    for (auto &[table, keys] : keyTables) {
        TableInfo &info = m_tables[size_t(table)];
        info.offset = int(init.size());
        info.capacity = std::max(8, actorCount() * 4 + int(keys.size()));
        std::sort(keys.begin(), keys.end());
        init.push_back(int64_t(keys.size()));
        for (int s = 0; s < info.capacity; ++s) {
            init.push_back(s < int(keys.size()) ? keys[size_t(s)] : 0);
            init.push_back(-1);
        }
    }
}

bool MachineCompiler::compilePools(const QJsonObject &state, std::vector<int64_t> &init)
{
    const QJsonValue pools = state.value(QLatin1String("pools"));
    if (!pools.isUndefined() && !pools.isObject())
        return fail(QStringLiteral("state.pools"), tr("must be an object of name: size"));
    const QJsonObject po = pools.toObject();
    for (auto it = po.begin(); it != po.end(); ++it) {
        m_poolNames << it.key();
        const QString path = QLatin1String("state.pools.") + it.key();
        const auto c = it.value().isDouble() ? whole(it.value(), path) : constant(it.value().toString(), path);
        if (!c)
            return false;
        if (*c < 1)
            return fail(path, tr("a pool needs at least one connection"));
        d.poolSizes.push_back(*c);
    }
    d.poolBase = int(init.size());
    for (int i = 0; i < d.instances; ++i)
        init.insert(init.end(), d.poolSizes.begin(), d.poolSizes.end());
    return true;
}

bool MachineCompiler::compileState(const ScenarioSpec &spec)
{
    const QJsonObject state = spec.state;
    const QString sp = QStringLiteral("state");
    if (!checkStateFields(state))
        return false;
    std::vector<int64_t> init = {0, 0, 0, 0}; // Slot::Now, Fence, Violated, Anomalies
    for (int i = 0; i < d.instances; ++i)
        init.push_back(-1); // Slot::Loop: loop owner per instance
    std::vector<std::pair<int, std::vector<int64_t>>> keyTables; // table -> initial keys
    for (const StrategySpec &strategy : spec.strategies)
        for (const ProgramSpec &program : strategy.programs)
            for (const LineSpec &line : program.lines)
                for (const StepSpec &step : line.steps)
                    if (step.kind == StepKind::Insert || step.kind == StepKind::Delete)
                        rowsChange.insert(step.table);
    if (!compileTables(state, init, keyTables) || !compileMemory(state, init))
        return false;

    m_mutexNames = names(state, "mutexes", sp);
    d.mutexBase = int(init.size());
    init.insert(init.end(), size_t(m_mutexNames.size() * d.instances), -1);

    m_leaseNames = names(state, "leases", sp);
    d.leaseBase = int(init.size());
    for (int i = 0; i < m_leaseNames.size(); ++i)
        init.insert(init.end(), {0, 0, 0}); // LeaseSlot: owner + 1, expiry, token

    placeKeyTables(keyTables, init);

    m_queueNames = names(state, "queues", sp);
    d.queueBase = int(init.size());
    for (int q = 0; q < m_queueNames.size(); ++q) {
        init.push_back(0); // QueueSlot::Length
        init.insert(init.end(), size_t(actorCount()), -1);
    }
    if (!compilePools(state, init))
        return false;
    d.actorBase = int(init.size());
    d.initial.v = std::move(init);
    return error.isEmpty();
}

// Sizes the isolation level's bookkeeping (core/machine/mvcc.h) and appends it to the
// shared state, between the shared words and the registers: only transactions need it,
// and which programs open one is known once they are compiled.
bool MachineCompiler::compileDatabaseModel()
{
    bool transactions = false, predicates = false;
    for (const Program &p : m_programs)
        for (const Step &st : p.steps) {
            transactions = transactions || st.op == OpCode::Begin;
            predicates = predicates || st.predicate || (st.op == OpCode::Insert && st.place == Place::Row);
        }
    Mvcc::Rows rows;
    for (const RowInfo &row : m_rows) {
        rows.firstCell.push_back(int(rows.cellSlots.size()));
        for (int c = 0; c < m_tables[size_t(row.table)].columns.size(); ++c)
            rows.cellSlots.push_back(row.offset + RowSlot::committed(c));
    }
    const QString problem = d.mvcc.configure(m_database, rows, actorCount(), transactions, predicates);
    if (!problem.isEmpty())
        return fail(QStringLiteral("database"), problem);
    d.mvcc.appendInitial(d.initial.v);
    d.actorBase = int(d.initial.v.size());
    return true;
}

} // namespace Interleave
