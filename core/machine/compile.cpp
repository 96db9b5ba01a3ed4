// Machine::compile: from a ScenarioSpec strategy to a runnable, immutable Machine.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <QCoreApplication>

#include <limits>

namespace Interleave {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Machine", text);
}
} // namespace

class MachineCompiler
{
public:
    // What the rule context's function ids can address (machine_impl.h, Fn).
    static constexpr int MaxColumns = 255, MaxTables = 4095, MaxMemoryCells = 65535;

    MachineCompiler(Machine &m)
        : m(m)
        , d(*m.d)
    { }

    bool fail(const QString &path, const QString &message)
    {
        if (error.isEmpty())
            error = path + QLatin1String(": ") + message;
        return false;
    }

    int message(const QString &text)
    {
        int i = m.m_messages.indexOf(text);
        if (i < 0) {
            m.m_messages.append(text);
            i = int(m.m_messages.size()) - 1;
        }
        return i;
    }

    int tableIndex(const QString &name) const
    {
        for (size_t i = 0; i < m.m_tables.size(); ++i)
            if (m.m_tables[i].name == name)
                return int(i);
        return -1;
    }

    // ---- expressions ----
    enum class Context {
        Params,
        Program,
        Update,
        Rule
    };

    std::optional<Expression> expr(const QString &source, const QString &path, Context ctx, int updateTable = -1)
    {
        Expression::Resolver r;
        r.identifier = [&](const QString &name, Expression::Instr &out) -> bool {
            if (name.startsWith(u'\'')) {
                out = {Expression::Op::Const, 0, 0, message(name.mid(1))};
                return ctx == Context::Rule || ctx == Context::Program;
            }
            if (m.m_params.contains(name)) {
                out = {Expression::Op::Const, 0, 0, m.m_params.value(name)};
                return true;
            }
            if (ctx == Context::Params)
                return name == QLatin1String("i") && allowIndex ? (out = {Expression::Op::Local, 0, 0, 0}, true)
                                                                : false;
            if (ctx == Context::Update && name.startsWith(QLatin1String("row."))) {
                const int col = m.m_tables[size_t(updateTable)].columns.indexOf(name.mid(4));
                if (col < 0)
                    return false;
                out = {Expression::Op::Symbol, col, 0, 0};
                return true;
            }
            if (name == QLatin1String("now")) {
                out = {Expression::Op::Call, Fn::Now, 0, 0};
                return true;
            }
            const int local = d.localNames.indexOf(name);
            if (local >= 0 && ctx != Context::Params) {
                out = {Expression::Op::Local, local, 0, 0};
                return true;
            }
            if (ctx == Context::Rule) {
                if (name.startsWith(QLatin1String("mem."))) {
                    const int cell = d.memoryNames.indexOf(name.mid(4));
                    if (cell < 0)
                        return false;
                    out = {Expression::Op::Call, Fn::Memory | cell, 0, 0};
                    return true;
                }
                const int t = tableIndex(name);
                if (t >= 0) {
                    out = {Expression::Op::Const, 0, 0, t};
                    return true;
                }
                static const std::pair<const char *, int> symbols[] = {
                    {"finished_at", Fn::FinishedAt}, {"ok", Fn::Ok}, {"failed", Fn::FailedFlag}};
                for (const auto &[text, id] : symbols)
                    if (name == QLatin1String(text)) {
                        out = {Expression::Op::Call, id, 0, 0};
                        return true;
                    }
            }
            return false;
        };
        r.member = [&](const QString &name, const QString &member, Expression::Instr &out) -> bool {
            if (ctx != Context::Rule)
                return false;
            const int t = tableIndex(name);
            if (t < 0 || !m.m_tables[size_t(t)].isRowTable)
                return false;
            const int col = m.m_tables[size_t(t)].columns.indexOf(member);
            if (col < 0)
                return false;
            out = {Expression::Op::Call, Fn::Cell | (t << 8) | col, 1, 0};
            return true;
        };
        r.function = [&](const QString &name, int argc, Expression::Instr &out, bool &isAggregate) -> bool {
            if (ctx != Context::Rule)
                return false;
            static const std::tuple<const char *, int, int> calls[] = {
                {"rows", 1, Fn::Rows},     {"distinct", 1, Fn::Distinct},
                {"has", 2, Fn::Has},       {"errors", 1, Fn::Errors},
                {"stuck", 0, Fn::Stuck},   {"anomaly", 1, Fn::Anomaly},
                {"holder", 1, Fn::Holder}, {"loop_waiters", 0, Fn::LoopWaiters}};
            for (const auto &[text, n, id] : calls)
                if (name == QLatin1String(text) && argc == n) {
                    out = {Expression::Op::Call, id, argc, 0};
                    return true;
                }
            static const std::tuple<const char *, int, int> aggregates[] = {{"sum_ok", 1, Fn::SumOk},
                                                                            {"sum_all", 1, Fn::SumAll},
                                                                            {"sum_failed", 1, Fn::SumFailed},
                                                                            {"count_ok", 0, Fn::CountOk},
                                                                            {"count_failed", 0, Fn::CountFailed},
                                                                            {"count_all", 0, Fn::CountAll},
                                                                            {"max_all", 1, Fn::MaxAll},
                                                                            {"min_all", 1, Fn::MinAll}};
            for (const auto &[text, n, id] : aggregates)
                if (name == QLatin1String(text) && argc == n) {
                    out = {Expression::Op::SubExpr, id, 0, 0};
                    isAggregate = true;
                    return true;
                }
            return false;
        };
        QString exprError;
        auto result = Expression::compile(source, r, &exprError);
        if (!result)
            fail(path, exprError);
        return result;
    }

    std::optional<int64_t> constant(const QString &source, const QString &path)
    {
        auto e = expr(source, path, Context::Params);
        if (!e)
            return std::nullopt;
        if (!e->isConstant()) {
            fail(path, tr("\"%1\" must be a constant built from parameters").arg(source));
            return std::nullopt;
        }
        return e->constantValue();
    }

    QStringList names(const QJsonObject &state, const char *key, const QString &path)
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

    bool compileState(const ScenarioSpec &spec)
    {
        const QJsonObject state = spec.state;
        const QString sp = QStringLiteral("state");
        for (auto it = state.begin(); it != state.end(); ++it) {
            static const char *const known[] = {"tables", "memory", "mutexes", "leases", "queues", "pools"};
            bool ok = false;
            for (const char *k : known)
                ok = ok || it.key() == QLatin1String(k);
            if (!ok)
                return fail(sp + u'.' + it.key(),
                            tr("unknown state field \"%1\" (expected tables, memory, mutexes, leases, queues or pools)")
                                .arg(it.key()));
        }
        std::vector<int64_t> init = {0, 0, 0, 0};
        for (int i = 0; i < d.instances; ++i)
            init.push_back(-1); // loop owner per instance

        // Tables: row tables (with columns) and key sets (unique or not).
        const QJsonValue tables = state.value(QLatin1String("tables"));
        if (!tables.isUndefined() && !tables.isArray())
            return fail(sp + QLatin1String(".tables"), tr("must be a list of tables"));
        const QJsonArray ta = tables.toArray();
        if (ta.size() > MaxTables)
            return fail(sp + QLatin1String(".tables"), tr("model limit: at most %1 tables").arg(MaxTables));
        std::vector<std::pair<int, std::vector<int64_t>>> keyTables; // table -> initial keys
        for (int t = 0; t < ta.size(); ++t) {
            const QString tp = QStringLiteral("state.tables[%1]").arg(t);
            if (!ta.at(t).isObject())
                return fail(tp, tr("must be an object { … }"));
            const QJsonObject to = ta.at(t).toObject();
            for (auto it = to.begin(); it != to.end(); ++it)
                if (it.key() != QLatin1String("name") && it.key() != QLatin1String("columns") &&
                    it.key() != QLatin1String("rows") && it.key() != QLatin1String("unique") &&
                    it.key() != QLatin1String("keys"))
                    return fail(tp + u'.' + it.key(), tr("unknown field \"%1\"").arg(it.key()));
            Machine::TableInfo info;
            info.name = to.value(QLatin1String("name")).toString();
            if (info.name.isEmpty())
                return fail(tp, tr("a table needs a \"name\""));
            if (tableIndex(info.name) >= 0)
                return fail(tp + QLatin1String(".name"), tr("table \"%1\" is declared twice").arg(info.name));
            if (m.m_params.contains(info.name))
                return fail(tp + QLatin1String(".name"),
                            tr("table \"%1\" has the name of a parameter; rename one of them").arg(info.name));
            info.isRowTable = to.contains(QLatin1String("columns"));
            if (to.contains(QLatin1String("unique")) && !to.value(QLatin1String("unique")).isBool())
                return fail(tp + QLatin1String(".unique"), tr("must be true or false"));
            info.unique = to.value(QLatin1String("unique")).toBool(false);
            if (info.isRowTable) {
                const QJsonArray cols = to.value(QLatin1String("columns")).toArray();
                for (const QJsonValue &c : cols)
                    info.columns << c.toString();
                if (info.columns.isEmpty() || info.columns.contains(QString()))
                    return fail(tp + QLatin1String(".columns"), tr("must list at least one column name"));
                // Rules address a cell as table << 8 | column (Fn::Cell).
                if (info.columns.size() > MaxColumns)
                    return fail(tp + QLatin1String(".columns"), tr("model limit: at most %1 columns").arg(MaxColumns));
                m.m_tables.push_back(info);
                const int tableIdx = int(m.m_tables.size()) - 1;
                d.tableFirstRow.push_back(int(m.m_rows.size()));
                const QJsonArray rows = to.value(QLatin1String("rows")).toArray();
                if (rows.isEmpty())
                    return fail(tp + QLatin1String(".rows"), tr("a table with columns needs at least one row"));
                for (int r = 0; r < rows.size(); ++r) {
                    const QString rp = QStringLiteral("%1.rows[%2]").arg(tp).arg(r);
                    const QJsonObject ro = rows.at(r).toObject();
                    if (!ro.value(QLatin1String("id")).isDouble())
                        return fail(rp, tr("a row needs a numeric \"id\""));
                    const int64_t id = int64_t(ro.value(QLatin1String("id")).toDouble());
                    for (size_t other = size_t(d.tableFirstRow.back()); other < m.m_rows.size(); ++other)
                        if (m.m_rows[other].id == id)
                            return fail(rp + QLatin1String(".id"), tr("duplicate row id %1").arg(id));
                    for (auto it = ro.begin(); it != ro.end(); ++it)
                        if (it.key() != QLatin1String("id") && !info.columns.contains(it.key()))
                            return fail(rp + u'.' + it.key(),
                                        tr("table \"%1\" has no column \"%2\"").arg(info.name, it.key()));
                    m.m_rows.push_back({tableIdx, id, int(init.size())});
                    init.push_back(-1); // lock owner
                    init.push_back(0); // highest fencing token seen
                    for (const QString &col : std::as_const(info.columns)) {
                        const QJsonValue cv = ro.value(col);
                        int64_t value = 0;
                        if (cv.isDouble())
                            value = int64_t(cv.toDouble());
                        else if (cv.isString()) {
                            auto c = constant(cv.toString(), rp + u'.' + col);
                            if (!c)
                                return false;
                            value = *c;
                        }
                        init.push_back(value); // committed
                        init.push_back(0); // pending
                        init.push_back(0); // has pending
                    }
                }
                d.tableRowCount.push_back(int(m.m_rows.size()) - d.tableFirstRow.back());
            } else {
                std::vector<int64_t> keys;
                for (const QJsonValue &k : to.value(QLatin1String("keys")).toArray())
                    keys.push_back(int64_t(k.toDouble()));
                m.m_tables.push_back(info);
                d.tableFirstRow.push_back(0);
                d.tableRowCount.push_back(0);
                keyTables.push_back({int(m.m_tables.size()) - 1, keys});
            }
        }

        // Memory cells (per instance).
        const QJsonValue memory = state.value(QLatin1String("memory"));
        if (!memory.isUndefined() && !memory.isObject())
            return fail(sp + QLatin1String(".memory"), tr("must be an object of name: value"));
        const QJsonObject mo = memory.toObject();
        std::vector<int64_t> memoryInit;
        for (auto it = mo.begin(); it != mo.end(); ++it) {
            d.memoryNames << it.key();
            if (it.value().isDouble())
                memoryInit.push_back(int64_t(it.value().toDouble()));
            else {
                auto c = constant(it.value().toString(), sp + QLatin1String(".memory.") + it.key());
                if (!c)
                    return false;
                memoryInit.push_back(*c);
            }
        }
        if (d.memoryNames.size() > MaxMemoryCells)
            return fail(sp + QLatin1String(".memory"), tr("model limit: at most %1 memory cells").arg(MaxMemoryCells));
        d.memoryBase = int(init.size());
        for (int i = 0; i < d.instances; ++i)
            init.insert(init.end(), memoryInit.begin(), memoryInit.end());

        d.mutexNames = names(state, "mutexes", sp);
        d.mutexBase = int(init.size());
        init.insert(init.end(), size_t(d.mutexNames.size() * d.instances), -1);

        d.leaseNames = names(state, "leases", sp);
        d.leaseBase = int(init.size());
        for (int i = 0; i < d.leaseNames.size(); ++i)
            init.insert(init.end(), {0, 0, 0}); // owner+1, expiry, token

        for (auto &[table, keys] : keyTables) {
            Machine::TableInfo &info = m.m_tables[size_t(table)];
            info.offset = int(init.size());
            info.capacity = std::max(8, m.actorCount() * 4 + int(keys.size()));
            std::sort(keys.begin(), keys.end());
            init.push_back(int64_t(keys.size()));
            for (int s = 0; s < info.capacity; ++s) {
                init.push_back(s < int(keys.size()) ? keys[size_t(s)] : 0);
                init.push_back(-1);
            }
        }

        d.queueNames = names(state, "queues", sp);
        d.queueBase = int(init.size());
        for (int q = 0; q < d.queueNames.size(); ++q) {
            init.push_back(0);
            init.insert(init.end(), size_t(m.actorCount()), -1);
        }

        const QJsonValue pools = state.value(QLatin1String("pools"));
        if (!pools.isUndefined() && !pools.isObject())
            return fail(sp + QLatin1String(".pools"), tr("must be an object of name: size"));
        const QJsonObject po = pools.toObject();
        for (auto it = po.begin(); it != po.end(); ++it) {
            d.poolNames << it.key();
            auto c = it.value().isDouble() ? std::optional<int64_t>(int64_t(it.value().toDouble()))
                                           : constant(it.value().toString(), sp + QLatin1String(".pools.") + it.key());
            if (!c)
                return false;
            if (*c < 1)
                return fail(sp + QLatin1String(".pools.") + it.key(), tr("a pool needs at least one connection"));
            d.poolSizes.push_back(*c);
        }
        d.poolBase = int(init.size());
        for (int i = 0; i < d.instances; ++i)
            init.insert(init.end(), d.poolSizes.begin(), d.poolSizes.end());

        d.actorBase = int(init.size());
        d.initial.v = std::move(init);
        return error.isEmpty();
    }

    // Resolves a cell reference: "table[idExpr].column" or "mem.name".
    bool cell(const QString &text, const QString &path, Step &step)
    {
        const QString t = text.trimmed();
        if (t.startsWith(QLatin1String("mem."))) {
            step.place = Place::Memory;
            step.column = d.memoryNames.indexOf(t.mid(4));
            if (step.column < 0)
                return fail(path, tr("no memory cell \"%1\" in state.memory").arg(t.mid(4)));
            return true;
        }
        const int open = t.indexOf(u'['), close = t.lastIndexOf(u']');
        if (open <= 0 || close < open || close + 1 >= t.size() || t.at(close + 1) != u'.')
            return fail(path, tr("\"%1\" is not a cell; write table[id].column or mem.name").arg(text));
        step.place = Place::Row;
        step.table = tableIndex(t.left(open));
        if (step.table < 0 || !m.m_tables[size_t(step.table)].isRowTable)
            return fail(path, tr("no table \"%1\" with columns in state.tables").arg(t.left(open)));
        auto id = expr(t.mid(open + 1, close - open - 1), path, Context::Program);
        if (!id)
            return false;
        step.rowId = *id;
        step.column = m.m_tables[size_t(step.table)].columns.indexOf(t.mid(close + 2));
        if (step.column < 0)
            return fail(path, tr("table \"%1\" has no column \"%2\"").arg(t.left(open), t.mid(close + 2)));
        return true;
    }

    bool row(const QString &text, const QString &path, Step &step)
    {
        const QString t = text.trimmed();
        const int open = t.indexOf(u'['), close = t.lastIndexOf(u']');
        if (open <= 0 || close != t.size() - 1)
            return fail(path, tr("\"%1\" is not a row; write table[id]").arg(text));
        step.place = Place::Row;
        step.table = tableIndex(t.left(open));
        if (step.table < 0 || !m.m_tables[size_t(step.table)].isRowTable)
            return fail(path, tr("no table \"%1\" with columns in state.tables").arg(t.left(open)));
        auto id = expr(t.mid(open + 1, close - open - 1), path, Context::Program);
        if (!id)
            return false;
        step.rowId = *id;
        return true;
    }

    int named(const QStringList &list, const QJsonObject &o, const char *key, const QString &path, const char *what)
    {
        const QString name = o.value(QLatin1String(key)).toString();
        const int i = list.indexOf(name);
        if (i < 0)
            fail(path + u'.' + QLatin1String(key),
                 name.isEmpty() ? tr("missing \"%1\"").arg(QLatin1String(key))
                                : tr("no %1 \"%2\" is declared in state").arg(QLatin1String(what), name));
        return i;
    }

    void collectLocals(const StrategySpec &strategy, const ScenarioSpec &spec)
    {
        d.localNames = {QStringLiteral("i")};
        for (const ActorSpec &a : spec.actors)
            for (const auto &[name, value] : a.locals)
                if (!d.localNames.contains(name))
                    d.localNames << name;
        for (const ProgramSpec &p : strategy.programs)
            for (const LineSpec &l : p.lines)
                for (const StepSpec &s : l.steps)
                    for (const char *k : {"into", "token"}) {
                        const QString name = s.json.value(QLatin1String(k)).toString();
                        if (!name.isEmpty() && !d.localNames.contains(name))
                            d.localNames << name;
                    }
    }

    bool compileStep(const StepSpec &spec, int line, Step &step, QHash<QString, int> &labels,
                     std::vector<std::pair<int, QString>> &gotos, int stepIndex)
    {
        const QJsonObject o = spec.json;
        const QString p = spec.path;
        const QString op = o.value(QLatin1String("op")).toString();
        static const std::pair<const char *, OpCode> ops[] = {{"read", OpCode::Read},
                                                              {"write", OpCode::Write},
                                                              {"let", OpCode::Let},
                                                              {"fail", OpCode::Fail},
                                                              {"goto", OpCode::Goto},
                                                              {"finish", OpCode::Finish},
                                                              {"update", OpCode::Update},
                                                              {"insert", OpCode::Insert},
                                                              {"exists", OpCode::Exists},
                                                              {"begin", OpCode::Begin},
                                                              {"commit", OpCode::Commit},
                                                              {"rollback", OpCode::Rollback},
                                                              {"lock_row", OpCode::LockRow},
                                                              {"lock", OpCode::MutexLock},
                                                              {"unlock", OpCode::MutexUnlock},
                                                              {"try_lock", OpCode::TryLock},
                                                              {"lease_acquire", OpCode::LeaseAcquire},
                                                              {"lease_release", OpCode::LeaseRelease},
                                                              {"enqueue", OpCode::Enqueue},
                                                              {"dequeue", OpCode::Dequeue},
                                                              {"sleep", OpCode::Sleep},
                                                              {"cpu", OpCode::Cpu},
                                                              {"pause", OpCode::Pause},
                                                              {"pool_acquire", OpCode::PoolAcquire},
                                                              {"pool_release", OpCode::PoolRelease}};
        bool found = false;
        for (const auto &[text, code] : ops)
            if (op == QLatin1String(text)) {
                step.op = code;
                found = true;
            }
        if (!found) {
            QStringList all;
            for (const auto &[text, code] : ops)
                all << QLatin1String(text);
            return fail(p + QLatin1String(".op"),
                        tr("unknown step kind \"%1\" (expected one of %2)").arg(op, all.join(QLatin1String(", "))));
        }
        // Every field a step may carry; anything else is a typo worth reporting.
        static const char *const fields[] = {
            "op",      "cell", "row",       "into",  "value",   "if",    "where",     "set",        "error", "to",
            "table",   "key",  "mutex",     "lease", "ttl",     "token", "wait",      "checkOwner", "queue", "ms",
            "offload", "pool", "timeoutMs", "await", "latency", "fence", "forUpdate", "note"};
        for (auto it = o.begin(); it != o.end(); ++it) {
            bool ok = false;
            for (const char *f : fields)
                ok = ok || it.key() == QLatin1String(f);
            if (!ok)
                return fail(p + u'.' + it.key(), tr("unknown step field \"%1\"").arg(it.key()));
        }
        // A mistyped flag would otherwise read as false: no yield point, no lock, no wait.
        for (const char *flag : {"await", "forUpdate", "wait", "checkOwner", "offload"})
            if (o.contains(QLatin1String(flag)) && !o.value(QLatin1String(flag)).isBool())
                return fail(p + u'.' + QLatin1String(flag), tr("must be true or false"));
        step.line = line;
        step.await = o.value(QLatin1String("await")).toBool(false);
        auto str = [&](const char *key) {
            return o.value(QLatin1String(key)).isDouble()
                ? QString::number(int64_t(o.value(QLatin1String(key)).toDouble()))
                : o.value(QLatin1String(key)).toString();
        };
        auto need = [&](const char *key) -> QString {
            const QString v = str(key);
            if (v.isEmpty())
                fail(p, tr("step \"%1\" needs \"%2\"").arg(op, QLatin1String(key)));
            return v;
        };
        auto program = [&](const char *key, Expression &out) -> bool {
            const QString src = need(key);
            if (src.isEmpty())
                return false;
            auto e = expr(src, p + u'.' + QLatin1String(key), Context::Program);
            if (!e)
                return false;
            out = *e;
            return true;
        };
        auto local = [&](const char *key, bool required) -> bool {
            const QString name = str(key);
            if (name.isEmpty())
                return !required || fail(p, tr("step \"%1\" needs \"%2\"").arg(op, QLatin1String(key)));
            if (m.m_params.contains(name))
                return fail(p + u'.' + QLatin1String(key),
                            tr("\"%1\" is a parameter and cannot be assigned").arg(name));
            step.into = d.localNames.indexOf(name);
            return true;
        };
        auto condition = [&](const char *key) -> bool {
            if (!o.contains(QLatin1String(key)))
                return true;
            step.hasCondition = true;
            auto e = expr(str(key), p + u'.' + QLatin1String(key), Context::Program);
            if (!e)
                return false;
            step.condition = *e;
            return true;
        };
        auto errorText = [&](const char *fallback) {
            const QString text = o.value(QLatin1String("error")).toString();
            step.message = message(text.isEmpty() ? tr(fallback) : text);
        };
        if (o.contains(QLatin1String("latency"))) {
            auto e = expr(str("latency"), p + QLatin1String(".latency"), Context::Program);
            if (!e)
                return false;
            step.latency = *e;
        }

        switch (step.op) {
        case OpCode::Read:
            step.shared = true;
            step.forUpdate = o.value(QLatin1String("forUpdate")).toBool(false);
            if (!cell(need("cell"), p + QLatin1String(".cell"), step) || !local("into", true))
                return false;
            if (step.forUpdate && step.place != Place::Row)
                return fail(p + QLatin1String(".forUpdate"), tr("only database rows can be read FOR UPDATE"));
            if (o.contains(QLatin1String("fence"))) {
                // Storage that checks tokens on every request, reads included.
                if (step.place != Place::Row)
                    return fail(p + QLatin1String(".fence"), tr("only database rows check fencing tokens"));
                step.hasFence = true;
                if (!program("fence", step.fence))
                    return false;
            }
            break;
        case OpCode::Write:
            step.shared = true;
            if (!cell(need("cell"), p + QLatin1String(".cell"), step) || !program("value", step.value))
                return false;
            if (o.contains(QLatin1String("fence"))) {
                step.hasFence = true;
                if (!program("fence", step.fence))
                    return false;
            }
            if (o.contains(QLatin1String("lease")) &&
                (step.leaseCheck = named(d.leaseNames, o, "lease", p, "lease")) < 0)
                return false;
            break;
        case OpCode::Let:
            if (!local("into", true) || !program("value", step.value))
                return false;
            break;
        case OpCode::Fail:
            errorText("Request failed");
            if (!condition("if"))
                return false;
            break;
        case OpCode::Goto:
            gotos.push_back({stepIndex, need("to")});
            if (!condition("if"))
                return false;
            break;
        case OpCode::Finish:
            if (!condition("if"))
                return false;
            break;
        case OpCode::Update: {
            step.shared = true;
            if (!row(need("row"), p + QLatin1String(".row"), step) || !local("into", false))
                return false;
            const QJsonObject set = o.value(QLatin1String("set")).toObject();
            if (set.isEmpty())
                return fail(p, tr("step \"update\" needs \"set\": { column: expression }"));
            const Machine::TableInfo &table = m.m_tables[size_t(step.table)];
            for (auto it = set.begin(); it != set.end(); ++it) {
                const int col = table.columns.indexOf(it.key());
                if (col < 0)
                    return fail(p + QLatin1String(".set.") + it.key(),
                                tr("table \"%1\" has no column \"%2\"").arg(table.name, it.key()));
                const QString src =
                    it.value().isDouble() ? QString::number(int64_t(it.value().toDouble())) : it.value().toString();
                auto e = expr(src, p + QLatin1String(".set.") + it.key(), Context::Update, step.table);
                if (!e)
                    return false;
                step.sets.push_back({col, *e});
            }
            if (o.contains(QLatin1String("where"))) {
                step.hasCondition = true;
                auto e = expr(str("where"), p + QLatin1String(".where"), Context::Update, step.table);
                if (!e)
                    return false;
                step.condition = *e;
            }
            break;
        }
        case OpCode::Insert:
        case OpCode::Exists: {
            step.shared = true;
            step.place = Place::Table;
            step.table = tableIndex(need("table"));
            if (step.table < 0 || m.m_tables[size_t(step.table)].isRowTable)
                return fail(p + QLatin1String(".table"), tr("no key table \"%1\" in state.tables").arg(str("table")));
            if (!program("key", step.value) || !local("into", step.op == OpCode::Exists))
                return false;
            errorText("ER_DUP_ENTRY: Duplicate entry for key");
            break;
        }
        case OpCode::Begin:
            break;
        case OpCode::Commit:
        case OpCode::Rollback:
            step.shared = true;
            break;
        case OpCode::LockRow:
            step.shared = true;
            if (!row(need("row"), p + QLatin1String(".row"), step))
                return false;
            break;
        case OpCode::MutexLock:
        case OpCode::MutexUnlock:
        case OpCode::TryLock:
            step.shared = true;
            step.place = Place::Mutex;
            if ((step.resource = named(d.mutexNames, o, "mutex", p, "mutex")) < 0 || !local("into", false))
                return false;
            errorText("429 Busy");
            break;
        case OpCode::LeaseAcquire:
            step.shared = true;
            step.place = Place::Lease;
            if ((step.resource = named(d.leaseNames, o, "lease", p, "lease")) < 0 || !program("ttl", step.value))
                return false;
            if (o.contains(QLatin1String("token"))) {
                step.into = d.localNames.indexOf(str("token"));
            }
            step.wait = o.value(QLatin1String("wait")).toBool(false);
            errorText("Could not acquire lock");
            break;
        case OpCode::LeaseRelease:
            step.shared = true;
            step.place = Place::Lease;
            if ((step.resource = named(d.leaseNames, o, "lease", p, "lease")) < 0)
                return false;
            step.checkOwner = o.value(QLatin1String("checkOwner")).toBool(true);
            break;
        case OpCode::Enqueue:
        case OpCode::Dequeue:
            step.shared = true;
            step.place = Place::Queue;
            if ((step.resource = named(d.queueNames, o, "queue", p, "queue")) < 0)
                return false;
            break;
        case OpCode::Sleep:
        case OpCode::Cpu:
        case OpCode::Pause:
            if (!program("ms", step.value))
                return false;
            step.offload = o.value(QLatin1String("offload")).toBool(false);
            if (step.op == OpCode::Sleep)
                step.await = true; // setTimeout is always awaited
            break;
        case OpCode::PoolAcquire:
        case OpCode::PoolRelease:
            step.shared = true;
            step.place = Place::Pool;
            if ((step.resource = named(d.poolNames, o, "pool", p, "pool")) < 0)
                return false;
            step.wait = o.value(QLatin1String("wait")).toBool(true);
            if (o.contains(QLatin1String("timeoutMs"))) {
                // A number or a parameter expression; a string used to be read silently as "no timeout".
                auto timeout = constant(str("timeoutMs"), p + QLatin1String(".timeoutMs"));
                if (!timeout)
                    return false;
                step.timeoutMs = int(std::clamp<int64_t>(*timeout, 0, 86400000));
            }
            errorText("Pool exhausted: no connection available");
            break;
        }
        Q_UNUSED(labels);
        return error.isEmpty();
    }

    bool compileProgram(const ProgramSpec &spec, Program &out)
    {
        out.name = spec.name;
        if (spec.lines.size() > std::numeric_limits<int16_t>::max()) // trace events keep the line in 16 bits
            return fail(spec.path,
                        tr("model limit: at most %1 lines in a program").arg(std::numeric_limits<int16_t>::max()));
        QHash<QString, int> labels;
        std::vector<std::pair<int, QString>> gotos;
        int tryStep = 0; // a "try" label: what comes before it (an acquire outside try { }) skips finally
        for (int l = 0; l < spec.lines.size(); ++l) {
            const LineSpec &line = spec.lines.at(l);
            ProgramLine pl;
            pl.code = line.code;
            pl.firstStep = int(out.steps.size());
            if (!line.label.isEmpty()) {
                if (labels.contains(line.label))
                    return fail(QStringLiteral("%1[%2].label").arg(spec.path).arg(l),
                                tr("label \"%1\" is used twice").arg(line.label));
                labels.insert(line.label, pl.firstStep);
                if (line.label == QLatin1String("finally"))
                    out.finallyStep = pl.firstStep;
                if (line.label == QLatin1String("try"))
                    tryStep = pl.firstStep;
            }
            for (const StepSpec &s : line.steps) {
                Step step;
                if (!compileStep(s, l, step, labels, gotos, int(out.steps.size())))
                    return false;
                out.steps.push_back(std::move(step));
            }
            pl.stepCount = int(out.steps.size()) - pl.firstStep;
            out.lines.push_back(pl);
        }
        for (const auto &[stepIndex, label] : gotos) {
            if (!labels.contains(label))
                return fail(spec.path, tr("goto to unknown label \"%1\"").arg(label));
            out.steps[size_t(stepIndex)].target = labels.value(label);
        }
        if (out.steps.empty())
            return fail(spec.path, tr("the program has no steps; add \"steps\" to at least one line"));
        d.tryStep.push_back(tryStep);
        return true;
    }

    QString error;
    bool allowIndex = false;

private:
    Machine &m;
    Machine::Impl &d;
};

std::optional<ExecutionModel> ExecutionModel::parse(const QString &text, QString *error)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("threads"))
        return ExecutionModel{Threads, 1};
    if (t == QLatin1String("eventloop") || t == QLatin1String("event-loop") || t == QLatin1String("node"))
        return ExecutionModel{EventLoop, 1};
    if (t.startsWith(QLatin1String("instances"))) {
        bool ok = t == QLatin1String("instances");
        const int n = ok ? 2 : t.mid(10).toInt(&ok);
        if (ok && t.size() > 9 && t.at(9) != u':')
            ok = false;
        if (ok && n >= 1 && n <= 16)
            return ExecutionModel{Instances, n};
    }
    if (error)
        *error = QCoreApplication::translate(
                     "Machine", "unknown model \"%1\" (expected threads, eventloop or instances:N with N from 1 to 16)")
                     .arg(text);
    return std::nullopt;
}

QString ExecutionModel::toString() const
{
    switch (kind) {
    case Threads:
        return QStringLiteral("threads");
    case EventLoop:
        return QStringLiteral("eventloop");
    case Instances:
        return QStringLiteral("instances:%1").arg(instances);
    }
    return {};
}

QString ExecutionModel::displayName() const
{
    switch (kind) {
    case Threads:
        return QCoreApplication::translate("Machine", "Threads");
    case EventLoop:
        return QCoreApplication::translate("Machine", "Node.js event loop");
    case Instances:
        return QCoreApplication::translate("Machine", "%n server instance(s)", nullptr, instances);
    }
    return {};
}

Machine::Machine()
    : d(std::make_unique<Impl>())
{ }
Machine::~Machine() = default;

std::shared_ptr<const Machine> Machine::compile(const ScenarioSpec &scenario, const QString &strategyId,
                                                const ExecutionModel &model, const QHash<QString, int64_t> &params,
                                                QString *error)
{
    std::shared_ptr<Machine> m(new Machine);
    MachineCompiler c(*m);
    auto failed = [&]() -> std::shared_ptr<const Machine> {
        if (error)
            *error = c.error;
        return nullptr;
    };
    m->m_scenario = std::make_shared<ScenarioSpec>(scenario);
    m->m_strategyIndex = scenario.strategyIndex(strategyId);
    if (m->m_strategyIndex < 0) {
        QStringList ids;
        for (const StrategySpec &s : scenario.strategies)
            ids << s.id;
        c.fail(QStringLiteral("strategy"),
               tr("scenario \"%1\" has no strategy \"%2\" (it has %3)")
                   .arg(scenario.id, strategyId, ids.join(QLatin1String(", "))));
        return failed();
    }
    m->m_model = model;
    m->d->instances = model.kind == ExecutionModel::Instances ? model.instances : 1;

    for (const ParameterSpec &p : scenario.params)
        m->m_params.insert(p.name, p.defaultValue);
    for (auto it = params.begin(); it != params.end(); ++it) {
        const ParameterSpec *p = scenario.param(it.key());
        if (!p) {
            QStringList names;
            for (const ParameterSpec &q : scenario.params)
                names << q.name;
            c.fail(QStringLiteral("param ") + it.key(),
                   tr("scenario \"%1\" has no parameter \"%2\" (it has %3)")
                       .arg(scenario.id, it.key(), names.join(QLatin1String(", "))));
            return failed();
        }
        if (it.value() < p->minimum || it.value() > p->maximum) {
            c.fail(QStringLiteral("param ") + it.key(),
                   tr("%1 = %2 is outside the allowed range %3…%4")
                       .arg(it.key())
                       .arg(it.value())
                       .arg(p->minimum)
                       .arg(p->maximum));
            return failed();
        }
        m->m_params.insert(it.key(), it.value());
    }

    const StrategySpec &strategy = scenario.strategies.at(m->m_strategyIndex);
    // A misspelt or mistyped setting would silently leave the database at its defaults.
    for (auto it = strategy.database.begin(); it != strategy.database.end(); ++it) {
        const QString path = strategy.path + QLatin1String(".database.") + it.key();
        const double number = it.value().toDouble(-1);
        if (it.key() == QLatin1String("deadlockDetection")) {
            if (!it.value().isBool())
                c.fail(path, tr("must be true or false"));
        } else if (it.key() == QLatin1String("lockWaitTimeoutMs")) {
            if (!it.value().isDouble() || number < 0 || number > 86400000 || number != double(int64_t(number)))
                c.fail(path, tr("must be a whole number of milliseconds from 0 to 86400000"));
        } else if (it.key() != QLatin1String("unique")) {
            c.fail(path,
                   tr("unknown database setting \"%1\" (expected deadlockDetection, lockWaitTimeoutMs or unique)")
                       .arg(it.key()));
        }
        if (!c.error.isEmpty())
            return failed();
    }
    m->d->deadlockDetection = strategy.database.value(QLatin1String("deadlockDetection")).toBool(true);
    m->d->lockWaitTimeoutMs = strategy.database.value(QLatin1String("lockWaitTimeoutMs")).toInt(-1);

    // Actors first: table capacities and queues depend on how many there are.
    c.collectLocals(strategy, scenario);
    for (const ActorSpec &a : scenario.actors) {
        for (const auto &[name, value] : a.locals)
            if (m->m_params.contains(name)) {
                c.fail(a.path + QLatin1String(".locals.") + name,
                       tr("local \"%1\" has the name of a parameter; rename one of them").arg(name));
                return failed();
            }
        auto count = c.constant(a.repeat, a.path + QLatin1String(".repeat"));
        if (!count)
            return failed();
        if (*count < 0 || *count > 200) {
            c.fail(a.path + QLatin1String(".repeat"), tr("%1 actors is outside 0…200").arg(*count));
            return failed();
        }
        int program = -1;
        for (int p = 0; p < strategy.programs.size(); ++p)
            if (strategy.programs.at(p).name == a.program)
                program = p;
        if (program < 0) {
            c.fail(a.path + QLatin1String(".program"),
                   tr("strategy \"%1\" has no program \"%2\"").arg(strategy.id, a.program));
            return failed();
        }
        for (int k = 0; k < *count; ++k) {
            const int index = int(m->m_actors.size());
            Actor actor;
            actor.letter = index < 26 ? QString(QChar(u'A' + index)) : QStringLiteral("R%1").arg(index + 1);
            actor.name = a.name.contains(QLatin1String("%1"))
                ? QString(a.name).replace(QLatin1String("%1"), actor.letter)
                : a.name;
            actor.program = program;
            actor.instance = index % m->d->instances;
            m->m_actors.push_back(actor);
        }
    }
    if (m->m_actors.empty()) {
        c.fail(QStringLiteral("actors"), tr("no actors with these parameters"));
        return failed();
    }

    if (!c.compileState(scenario))
        return failed();
    // A strategy may add UNIQUE keys to key tables: the fix is a schema change on the same table.
    const QJsonValue uniqueKeys = strategy.database.value(QLatin1String("unique"));
    if (!uniqueKeys.isUndefined()) {
        const QString up = strategy.path + QLatin1String(".database.unique");
        if (!uniqueKeys.isArray()) {
            c.fail(up, tr("must be a list of key table names"));
            return failed();
        }
        for (const QJsonValue &name : uniqueKeys.toArray()) {
            const int t = c.tableIndex(name.toString());
            if (t < 0 || m->m_tables[size_t(t)].isRowTable) {
                c.fail(up, tr("no key table \"%1\" in state.tables").arg(name.toString()));
                return failed();
            }
            m->m_tables[size_t(t)].unique = true;
        }
    }

    for (const ProgramSpec &p : strategy.programs) {
        Program program;
        if (!c.compileProgram(p, program))
            return failed();
        m->m_programs.push_back(std::move(program));
    }

    // Actor registers and initial locals.
    Impl &d = *m->d;
    d.actorStride = ActorSlot::Fields + int(d.localNames.size());
    State &init = d.initial;
    {
        int index = 0;
        for (const ActorSpec &a : scenario.actors) {
            const int count = int(*c.constant(a.repeat, a.path));
            for (int k = 0; k < count; ++k, ++index) {
                std::vector<int64_t> regs(size_t(d.actorStride), 0);
                regs[ActorSlot::Wake] = -1;
                regs[ActorSlot::WaitStart] = -1;
                regs[ActorSlot::Error] = -1;
                regs[ActorSlot::PendingError] = -1;
                regs[ActorSlot::Finished] = -1;
                int64_t *locals = regs.data() + ActorSlot::Fields;
                locals[0] = index;
                c.allowIndex = true;
                for (const auto &[name, value] : a.locals) {
                    auto e = c.expr(value, a.path + QLatin1String(".locals.") + name, MachineCompiler::Context::Params);
                    if (!e)
                        return failed();
                    locals[d.localNames.indexOf(name)] = e->evaluate(locals);
                }
                c.allowIndex = false;
                init.v.insert(init.v.end(), regs.begin(), regs.end());
            }
        }
    }
    d.stateSize = int(init.v.size());

    for (const InvariantSpec &inv : scenario.invariants) {
        auto e = c.expr(inv.check, inv.path + QLatin1String(".check"), MachineCompiler::Context::Rule);
        if (!e)
            return failed();
        m->m_invariants.push_back({inv.id, inv.label, inv.explanation, inv.always, *e});
    }
    if (m->m_invariants.size() > 60) {
        c.fail(QStringLiteral("invariants"), tr("at most 60 rules"));
        return failed();
    }
    for (const FigureSpec &f : scenario.figures) {
        Figure figure;
        figure.label = f.label;
        auto actual = c.expr(f.actual, f.path + QLatin1String(".actual"), MachineCompiler::Context::Rule);
        if (!actual)
            return failed();
        figure.actual = *actual;
        if (!f.expected.isEmpty()) {
            auto expected = c.expr(f.expected, f.path + QLatin1String(".expected"), MachineCompiler::Context::Rule);
            if (!expected)
                return failed();
            figure.expected = *expected;
            figure.hasExpected = true;
        }
        m->m_figures.push_back(figure);
    }

    d.msgDeadlock =
        c.message(tr("ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction"));
    d.msgLockTimeout = c.message(tr("ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded; try restarting transaction"));
    d.msgStaleToken = c.message(tr("Storage rejected the write: its fencing token is older than one already seen"));
    d.msgStaleRead = c.message(tr("Storage rejected the read: its fencing token is older than one already seen"));
    d.msgNoRow = c.message(tr("No such row"));
    d.msgTableFull = c.message(tr("Model limit: table is full"));
    d.msgRunaway = c.message(tr("Model limit: more than 10,000 local steps without touching shared state"));
    d.msgPoolTimeout = c.message(tr("Pool exhausted: timed out waiting for a connection"));
    d.msgQueuedTwice =
        c.message(tr("Model limit: a request waits in one queue at a time; it enqueued again before its dequeue"));
    // Trace events keep message and line indexes in 16 bits.
    if (m->m_messages.size() > std::numeric_limits<int16_t>::max()) {
        c.fail(QStringLiteral("strategy"),
               tr("model limit: more than %1 distinct error messages").arg(std::numeric_limits<int16_t>::max()));
        return failed();
    }

    m->analyseLocality();
    // Leading local steps run before anyone is scheduled, so every actor rests on a scheduling point.
    for (int a = 0; a < m->actorCount(); ++a)
        m->runLocals(init, a, nullptr, 0);
    return m;
}

} // namespace Interleave
