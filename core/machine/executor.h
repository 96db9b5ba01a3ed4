#pragma once

// Machine::Executor, private to core/machine: runs one step of one actor on a State.
// The family functions live in exec.cpp (memory, rows, transactions),
// exec_predicates.cpp (statements over many rows, row inserts) and exec_resources.cpp
// (key tables, program flow, mutexes, leases, queues, time, pools).

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <algorithm>
#include <limits>

namespace Interleave {

// Every family function returns false when the step failed the actor: failActor() has
// then moved the pc (to the finally block or the end) and exec() must not move it again.
class Machine::Executor
{
public:
    Executor(const Machine &m, State &s, int actor, Trace *trace, int stepNumber, bool &holdLoop)
        : m(m)
        , d(*m.d)
        , s(s)
        , actor(actor)
        , trace(trace)
        , stepNumber(stepNumber)
        , holdLoop(holdLoop)
        , r(m.regs(s, actor))
        , locals(r + ActorSlot::Fields)
        , st(m.programOf(actor).steps[size_t(r[ActorSlot::Pc])])
        , inst(m.m_actors[size_t(actor)].instance)
        , inTxn(r[ActorSlot::Txn] != 0)
        , nextPc(r[ActorSlot::Pc] + 1)
        , latency(st.latency.isValid() ? realDelay(eval(st.latency)) : 0)
    { }

    bool run();

    int64_t next() const { return nextPc; }
    int64_t delay() const { return latency; }

private:
    // A deadline `ms` after `now`, saturating: a huge TTL or pause means "never", not a wrapped clock.
    static int64_t later(int64_t now, int64_t ms)
    {
        int64_t t = 0;
        return __builtin_add_overflow(now, ms, &t) ? std::numeric_limits<int64_t>::max() / 2
                                                   : std::min(t, std::numeric_limits<int64_t>::max() / 2);
    }
    // Real-time delay of one step for the threaded driver; step() caps the sum at 60 s anyway.
    static int64_t realDelay(int64_t ms) { return std::clamp<int64_t>(ms, 0, 60000); }

    // ---- helpers shared by the families ----
    int64_t eval(const Expression &e) const { return m.evalProgram(e, s, actor); }
    bool condition() const { return !st.hasCondition || eval(st.condition); }
    int64_t &word(int64_t offset) { return s.v[size_t(offset)]; }

    TraceEvent &event(EventKind kind)
    {
        TraceEvent &e = m.record(trace, s, actor, kind, stepNumber);
        e.place = st.place;
        e.resource = st.resource;
        return e;
    }
    TraceEvent &rowEvent(EventKind kind, int row, int64_t value, int64_t version)
    {
        TraceEvent &e = event(kind);
        e.place = Place::Row;
        e.resource = row;
        e.column = st.column;
        e.value = value;
        e.version = version;
        return e;
    }
    bool fail(int message)
    {
        // failActor moves the pc to the finally block or the end; the event keeps this step's line.
        m.failActor(s, actor, message, trace, stepNumber);
        return false;
    }
    void setAnomaly(uint64_t bit)
    {
        s.v[Slot::Anomalies] |= int64_t(bit);
        event(EventKind::Anomaly).value = int64_t(bit);
    }

    int rowOf() const { return m.findRow(st.table, eval(st.rowId)); }
    int rowOffset(int row) const { return m.m_rows[size_t(row)].offset; }
    // What this actor sees: its own transaction's pending value, else the committed one.
    int64_t visible(int row, int col)
    {
        const int off = rowOffset(row);
        if (word(off + RowSlot::Lock) == actor && word(off + RowSlot::hasPending(col)))
            return word(off + RowSlot::pending(col));
        return word(off + RowSlot::committed(col));
    }
    void lockRow(int row)
    {
        // Writes and locking reads take the row lock; outside a transaction only for the statement.
        int64_t &owner = word(rowOffset(row) + RowSlot::Lock);
        if (owner == actor || !inTxn)
            return;
        owner = actor;
        TraceEvent &e = event(EventKind::LockAcquire);
        e.place = Place::Row;
        e.resource = row;
    }
    void store(int row, int col, int64_t value)
    {
        const int off = rowOffset(row);
        if (inTxn) {
            word(off + RowSlot::pending(col)) = value;
            word(off + RowSlot::hasPending(col)) = 1;
        } else {
            word(off + RowSlot::committed(col)) = value;
            d.mvcc.autocommitted(s, actor, row);
        }
    }

    // ---- isolation levels (docs/database-model.md) ----
    const DatabaseVariant &db() const { return m.m_database; }
    // PostgreSQL takes a transaction's snapshot at its first statement of any kind.
    void startStatement()
    {
        if (inTxn && db().snapshotAtFirstStatement() && d.mvcc.transactionSnapshots())
            d.mvcc.takeSnapshot(s, actor);
    }
    // Pending values always belong to the row lock's owner.
    bool hasPendingWrite(int row)
    {
        const int off = rowOffset(row);
        for (int c = 0; c < m.columnCount(row); ++c)
            if (word(off + RowSlot::hasPending(c)))
                return true;
        return false;
    }
    bool ownsPendingWrite(int row) { return word(rowOffset(row) + RowSlot::Lock) == actor && hasPendingWrite(row); }
    // What a plain SELECT returns: someone's uncommitted write at READ UNCOMMITTED, the
    // transaction's snapshot at REPEATABLE READ, else the newest committed version. A row
    // this transaction changed itself reads as its own newest version.
    int64_t plainRead(int row, int col)
    {
        const int off = rowOffset(row);
        if (ownsPendingWrite(row))
            return visible(row, col);
        if (db().dirtyReads() && word(off + RowSlot::hasPending(col)))
            return word(off + RowSlot::pending(col));
        if (inTxn && d.mvcc.transactionSnapshots()) {
            d.mvcc.takeSnapshot(s, actor);
            return d.mvcc.snapshotValue(s, actor, row, col);
        }
        return word(off + RowSlot::committed(col));
    }
    // Another transaction's uncommitted write to the row, for SSI's dependencies; -1 if none.
    int pendingWriter(int row)
    {
        const int owner = int(word(rowOffset(row) + RowSlot::Lock));
        return owner != actor && hasPendingWrite(row) ? owner : -1;
    }
    // First updater wins: a row a newer transaction changed after this one's snapshot.
    bool concurrentlyUpdated(int row) { return inTxn && d.mvcc.changedSinceSnapshot(s, actor, row); }
    int64_t &memoryCell() { return word(d.memoryBase + inst * m.m_memoryNames.size() + st.column); }
    int64_t &mutexOwner() { return word(d.mutexBase + inst * m.m_mutexNames.size() + st.resource); }
    int64_t &poolAvailable() { return word(d.poolBase + inst * m.m_poolNames.size() + st.resource); }
    int leaseOffset() const { return d.leaseBase + LeaseSlot::Size * st.resource; }
    int queueOffset() const { return d.queueBase + st.resource * (1 + m.actorCount()); }

    // ---- memory ----
    bool readMemory();
    void checkLease();
    bool writeMemory();

    // ---- database rows ----
    bool tokenIsStale(int row, int64_t token);
    bool readRow();
    bool writeRow();
    bool update();
    bool lockRowStatement();
    bool transaction();

    // ---- predicates: statements over every row of a table (docs/database-model.md) ----
    int firstRow() const { return d.tableFirstRow[size_t(st.table)]; }
    int endRow() const { return firstRow() + d.tableRowCount[size_t(st.table)]; }
    int existsColumn() const { return m.m_tables[size_t(st.table)].existsColumn; }
    // `e` over one version of a row: `version(column)` gives its values.
    template<class Version>
    int64_t overRow(const Expression &e, int row, Version version)
    {
        Expression::Context ctx;
        ctx.locals = locals;
        ctx.call = [&](int, const int64_t *, int) { return s.v[Slot::Now]; };
        ctx.symbol = [&](int col) { return col == RowIdSymbol ? m.m_rows[size_t(row)].id : version(col); };
        return e.evaluate(ctx);
    }
    // The row exists in this version and satisfies the WHERE.
    template<class Version>
    bool matches(int row, Version version)
    {
        const int exists = existsColumn();
        return (exists < 0 || version(exists)) && (!st.hasCondition || overRow(st.condition, row, version));
    }
    int64_t statementVersion(int row, int col);
    void localEvent(int local);
    bool selectRows();
    void lockScanned(int row);
    bool changeRows();
    void changeRow(int row);
    bool insertRow();

    // ---- key tables ----
    bool insertKey();
    bool lookUpKey();

    // ---- program flow ----
    bool control();

    // ---- mutexes ----
    bool lockMutex();
    bool unlockMutex();

    // ---- leases (a lock service with expiry and fencing tokens) ----
    bool acquireLease();
    bool releaseLease();

    // ---- queues ----
    bool enqueue();
    bool dequeue();

    // ---- time and CPU ----
    bool spendTime();

    // ---- connection pools ----
    bool acquireConnection();
    bool releaseConnection();

    const Machine &m;
    const Impl &d;
    State &s;
    const int actor;
    Trace *const trace;
    const int stepNumber;
    bool &holdLoop;
    int64_t *const r;
    int64_t *const locals;
    const Step &st;
    const int inst;
    const bool inTxn;
    int64_t nextPc;
    int64_t latency;
};

} // namespace Interleave
