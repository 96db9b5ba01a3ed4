// Machine::Executor's statements over every row of a table (SELECT COUNT/SUM … WHERE,
// UPDATE … WHERE, DELETE … WHERE) and row inserts (docs/database-model.md, "Predicates").

#include "machine/executor.h"

namespace Interleave {

// The version a PostgreSQL UPDATE or DELETE selects rows by: its own changes, else the
// transaction's snapshot, else the snapshot its statement kept while it waited, else the newest.
int64_t Machine::Executor::statementVersion(int row, int col)
{
    if (ownsPendingWrite(row) || !d.mvcc.hasSnapshot(s, actor))
        return visible(row, col);
    return d.mvcc.snapshotValue(s, actor, row, col);
}

void Machine::Executor::localEvent(int local)
{
    TraceEvent &ev = event(EventKind::Local);
    ev.column = local;
    ev.value = locals[local];
}

// SELECT COUNT(*), SUM(…) FROM t WHERE …: a plain read sees the level's version of every
// row; InnoDB's locking reads (FOR UPDATE, every read at SERIALIZABLE) see the newest and
// lock what they scan, gaps included from REPEATABLE READ up (next-key locks).
bool Machine::Executor::selectRows()
{
    startStatement();
    const bool locking = inTxn && (st.forUpdate || db().lockingPlainReads());
    const bool gaps = db().effectiveLevel() >= DatabaseVariant::RepeatableRead;
    int64_t count = 0;
    std::vector<int64_t> sums(st.sums.size(), 0);
    for (int row = firstRow(); row < endRow(); ++row) {
        const auto latest = [&](int col) { return visible(row, col); };
        const auto plain = [&](int col) { return plainRead(row, col); };
        const bool match = locking ? matches(row, latest) : matches(row, plain);
        if (locking && (gaps || match))
            lockScanned(row);
        if (!locking && inTxn)
            d.mvcc.recordRead(s, actor, row, pendingWriter(row)); // a scan reads the whole table (SIREAD)
        if (!match)
            continue;
        ++count;
        for (size_t i = 0; i < st.sums.size(); ++i)
            sums[i] += locking ? overRow(st.sums[i].second, row, latest) : overRow(st.sums[i].second, row, plain);
        rowEvent(EventKind::Read, row, locking ? visible(row, 0) : plainRead(row, 0), st.forUpdate);
    }
    locals[st.into] = count;
    localEvent(st.into);
    for (size_t i = 0; i < st.sums.size(); ++i) {
        locals[st.sums[i].first] = sums[i];
        localEvent(st.sums[i].first);
    }
    return true;
}

// InnoDB: FOR UPDATE takes the row lock; a shared read a shared lock. A gap (a row that does
// not exist) gets a shared mark either way: gap locks only keep inserts out.
void Machine::Executor::lockScanned(int row)
{
    const int exists = existsColumn();
    const bool record = exists < 0 || word(rowOffset(row) + RowSlot::committed(exists)) || visible(row, exists);
    if (record && (st.op != OpCode::Select || st.forUpdate)) {
        lockRow(row);
        return;
    }
    if (word(rowOffset(row) + RowSlot::Lock) != actor)
        d.mvcc.lockShared(s, actor, row);
}

// UPDATE … WHERE, DELETE … WHERE, and PostgreSQL's SELECT … WHERE … FOR UPDATE.
bool Machine::Executor::changeRows()
{
    startStatement();
    const bool postgres = db().flavour == DatabaseVariant::Postgres;
    const bool gaps = !postgres && db().effectiveLevel() >= DatabaseVariant::RepeatableRead;
    int64_t affected = 0;
    for (int row = firstRow(); row < endRow(); ++row) {
        const auto latest = [&](int col) { return visible(row, col); };
        if (postgres) {
            if (inTxn)
                d.mvcc.recordRead(s, actor, row, pendingWriter(row));
            // PostgreSQL picks rows by its snapshot; one changed since fails the statement at
            // REPEATABLE READ, and is re-checked in its newest version at READ COMMITTED.
            if (!matches(row, [&](int col) { return statementVersion(row, col); }))
                continue;
            if (concurrentlyUpdated(row))
                return fail(d.msgConcurrentUpdate);
            if (!matches(row, latest))
                continue;
        } else {
            // InnoDB reads the newest version of every row it scans, and locks it.
            const bool match = matches(row, latest);
            if (inTxn && (gaps || match))
                lockScanned(row);
            if (!match)
                continue;
        }
        lockRow(row);
        changeRow(row);
        ++affected;
    }
    d.mvcc.endStatement(s, actor);
    if (st.into >= 0) {
        locals[st.into] = affected;
        localEvent(st.into);
    }
    return true;
}

void Machine::Executor::changeRow(int row)
{
    if (st.op == OpCode::Select) {
        rowEvent(EventKind::Read, row, visible(row, 0), 1);
        return;
    }
    if (inTxn)
        d.mvcc.recordWrite(s, actor, row);
    if (st.op == OpCode::Delete) {
        // A deleted row keeps no values: equal tables stay equal words.
        for (int c = 0; c < m.columnCount(row); ++c)
            store(row, c, 0);
        TraceEvent &ev = rowEvent(EventKind::Update, row, 0, 1);
        ev.column = existsColumn();
        return;
    }
    std::vector<int64_t> values;
    for (const auto &[col, e] : st.sets)
        values.push_back(overRow(e, row, [&](int c) { return visible(row, c); }));
    for (size_t i = 0; i < st.sets.size(); ++i)
        store(row, st.sets[i].first, values[i]);
    TraceEvent &ev = rowEvent(EventKind::Update, row, values.front(), 1);
    ev.column = st.sets.front().first;
}

// INSERT INTO t (id, …) VALUES (…): one of the table's absent rows comes into existence.
bool Machine::Executor::insertRow()
{
    const int row = rowOf();
    if (row < 0)
        return fail(d.msgNoRow);
    startStatement();
    const int exists = existsColumn();
    if (visible(row, exists)) {
        TraceEvent &ev = rowEvent(EventKind::Insert, row, m.m_rows[size_t(row)].id, 0);
        ev.message = int16_t(st.message);
        if (st.into < 0)
            return fail(st.message);
        locals[st.into] = 0;
        return true;
    }
    lockRow(row);
    if (concurrentlyUpdated(row))
        return fail(d.msgConcurrentUpdate);
    if (inTxn)
        d.mvcc.recordWrite(s, actor, row);
    std::vector<int64_t> values(size_t(m.columnCount(row)), 0);
    for (const auto &[col, e] : st.sets)
        values[size_t(col)] = eval(e);
    values[size_t(exists)] = 1;
    for (int c = 0; c < int(values.size()); ++c)
        store(row, c, values[size_t(c)]);
    rowEvent(EventKind::Insert, row, m.m_rows[size_t(row)].id, 1);
    if (st.into >= 0)
        locals[st.into] = 1;
    return true;
}

} // namespace Interleave
