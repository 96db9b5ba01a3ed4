// Whether a statement over many rows (a predicate SELECT, UPDATE or DELETE) or a row
// INSERT has to wait, and for whom: the blocking half of exec_predicates.cpp's
// statements. docs/database-model.md, "Predicates", says what each database locks.

#include "machine/machine.h"
#include "machine/machine_impl.h"

namespace Interleave {

namespace {
// One row's words, read the way a statement of `actor` sees them.
struct RowView
{
    const State &s;
    int offset;
    int actor;
    int64_t word(int w) const { return s.v[size_t(offset + w)]; }
    int64_t owner() const { return word(RowSlot::Lock); }
    int64_t committed(int col) const { return word(RowSlot::committed(col)); }
    // The newest version: the actor's own pending value, else the committed one.
    int64_t latest(int col) const
    {
        return owner() == actor && word(RowSlot::hasPending(col)) ? word(RowSlot::pending(col)) : committed(col);
    }
    // No row here, committed or pending: a gap in InnoDB's index.
    bool isGap(int exists) const
    {
        if (exists < 0)
            return false;
        const bool pendingInsert = word(RowSlot::hasPending(exists)) && word(RowSlot::pending(exists));
        return !committed(exists) && !pendingInsert;
    }
};
} // namespace

bool Machine::rowStatementWaits(const State &s, int actor, const Step &st, RowWait &wait) const
{
    const int64_t *r = regs(s, actor);
    const bool inTxn = r[ActorSlot::Txn] != 0;
    const TableInfo &table = m_tables[size_t(st.table)];
    const int exists = table.existsColumn;
    const int64_t *locals = r + ActorSlot::Fields;
    auto found = [&](int row, int holder, bool shared) {
        wait = {row, holder, shared};
        return true;
    };
    if (st.op == OpCode::Insert) {
        // An insert waits for the row's inserter or locker, and for a gap lock on it (InnoDB's
        // insert intention lock conflicts with every other transaction's gap lock).
        const int row = findRow(st.table, evalProgram(st.rowId, s, actor));
        if (row < 0)
            return false;
        const RowView v{s, m_rows[size_t(row)].offset, actor};
        if (v.owner() >= 0 && v.owner() != actor)
            return found(row, int(v.owner()), false);
        const int reader = d->mvcc.otherSharedHolder(s, actor, row);
        return reader >= 0 && found(row, reader, true);
    }
    const bool postgres = m_database.flavour == DatabaseVariant::Postgres;
    const bool plainSelect = st.op == OpCode::Select && !st.forUpdate;
    if (plainSelect && !(inTxn && m_database.lockingPlainReads()))
        return false; // a snapshot read never waits
    const bool semiConsistent =
        !postgres && st.op == OpCode::Update && m_database.effectiveLevel() <= DatabaseVariant::ReadCommitted;
    const int first = d->tableFirstRow[size_t(st.table)];
    for (int row = first; row < first + d->tableRowCount[size_t(st.table)]; ++row) {
        const RowView v{s, m_rows[size_t(row)].offset, actor};
        auto where = [&](auto version) {
            if (exists >= 0 && !version(exists))
                return false;
            if (!st.hasCondition)
                return true;
            Expression::Context ctx;
            ctx.locals = locals;
            ctx.call = [&](int, const int64_t *, int) { return s.v[Slot::Now]; };
            ctx.symbol = [&](int col) { return col == RowIdSymbol ? m_rows[size_t(row)].id : version(col); };
            return st.condition.evaluate(ctx) != 0;
        };
        if (postgres) {
            // PostgreSQL waits only for a row its snapshot selects and another transaction locked.
            const bool snap = d->mvcc.hasSnapshot(s, actor) && v.owner() != actor;
            const bool selected = snap ? where([&](int col) { return d->mvcc.snapshotValue(s, actor, row, col); })
                                       : where([&](int col) { return v.latest(col); });
            if (selected && v.owner() >= 0 && v.owner() != actor)
                return found(row, int(v.owner()), false);
            continue;
        }
        // InnoDB: a scan waits for every locked record it reads (a gap lock waits for nobody);
        // READ COMMITTED's UPDATE skips a row whose newest committed version does not match.
        if (v.isGap(exists))
            continue;
        if (semiConsistent && !where([&](int col) { return v.committed(col); }))
            continue;
        if (v.owner() >= 0 && v.owner() != actor)
            return found(row, int(v.owner()), false);
        const int reader = plainSelect ? -1 : d->mvcc.otherSharedHolder(s, actor, row);
        if (reader >= 0)
            return found(row, reader, true);
    }
    return false;
}

} // namespace Interleave
