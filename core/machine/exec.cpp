// Machine::exec: the effect of one step on the state, with its trace events.
// One Executor runs one step; it has one function per step family.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <algorithm>
#include <limits>

namespace Interleave {

namespace {
// A deadline `ms` after `now`, saturating: a huge TTL or pause means "never", not a wrapped clock.
int64_t later(int64_t now, int64_t ms)
{
    int64_t t = 0;
    return __builtin_add_overflow(now, ms, &t) ? std::numeric_limits<int64_t>::max() / 2
                                               : std::min(t, std::numeric_limits<int64_t>::max() / 2);
}

// Real-time delay of one step for the threaded driver; step() caps the sum at 60 s anyway.
int64_t realDelay(int64_t ms)
{
    return std::clamp<int64_t>(ms, 0, 60000);
}
} // namespace

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

    bool run()
    {
        switch (st.op) {
        case OpCode::Read:
            return st.place == Place::Memory ? readMemory() : readRow();
        case OpCode::Write:
            return st.place == Place::Memory ? writeMemory() : writeRow();
        case OpCode::Let:
        case OpCode::Fail:
        case OpCode::Goto:
        case OpCode::Finish:
            return control();
        case OpCode::Update:
            return st.predicate ? changeRows() : update();
        case OpCode::Insert:
            return st.place == Place::Row ? insertRow() : insertKey();
        case OpCode::Select:
            return st.forUpdate && db().flavour == DatabaseVariant::Postgres ? changeRows() : selectRows();
        case OpCode::Delete:
            return changeRows();
        case OpCode::Exists:
            return lookUpKey();
        case OpCode::Begin:
        case OpCode::Commit:
        case OpCode::Rollback:
            return transaction();
        case OpCode::LockRow:
            return lockRowStatement();
        case OpCode::MutexLock:
        case OpCode::TryLock:
            return lockMutex();
        case OpCode::MutexUnlock:
            return unlockMutex();
        case OpCode::LeaseAcquire:
            return acquireLease();
        case OpCode::LeaseRelease:
            return releaseLease();
        case OpCode::Enqueue:
            return enqueue();
        case OpCode::Dequeue:
            return dequeue();
        case OpCode::Sleep:
        case OpCode::Cpu:
        case OpCode::Pause:
            return spendTime();
        case OpCode::PoolAcquire:
            return acquireConnection();
        case OpCode::PoolRelease:
            return releaseConnection();
        }
        return true;
    }

    int64_t next() const { return nextPc; }
    int64_t delay() const { return latency; }

private:
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
    int64_t &memoryCell() { return word(d.memoryBase + inst * d.memoryNames.size() + st.column); }
    int64_t &mutexOwner() { return word(d.mutexBase + inst * d.mutexNames.size() + st.resource); }
    int64_t &poolAvailable() { return word(d.poolBase + inst * d.poolNames.size() + st.resource); }
    int leaseOffset() const { return d.leaseBase + LeaseSlot::Size * st.resource; }
    int queueOffset() const { return d.queueBase + st.resource * (1 + m.actorCount()); }

    // ---- memory ----
    bool readMemory()
    {
        const int64_t value = memoryCell();
        TraceEvent &ev = event(EventKind::Read);
        ev.place = Place::Memory;
        ev.column = st.column;
        ev.resource = inst;
        ev.value = value;
        locals[st.into] = value;
        return true;
    }
    // A write that claims to hold a lease it no longer holds: the stale-lease anomaly, whatever it writes to.
    void checkLease()
    {
        if (st.leaseCheck < 0)
            return;
        const int off = d.leaseBase + LeaseSlot::Size * st.leaseCheck;
        if (word(off + LeaseSlot::Owner) != actor + 1 || word(off + LeaseSlot::Expiry) <= s.v[Slot::Now])
            setAnomaly(StaleLeaseWrite);
    }
    bool writeMemory()
    {
        checkLease();
        const int64_t value = eval(st.value);
        memoryCell() = value;
        TraceEvent &ev = event(EventKind::Write);
        ev.place = Place::Memory;
        ev.column = st.column;
        ev.resource = inst;
        ev.value = value;
        return true;
    }

    // ---- database rows ----
    // Storage that checks fencing tokens keeps the highest it has seen per row.
    bool tokenIsStale(int row, int64_t token)
    {
        int64_t &highest = word(rowOffset(row) + RowSlot::Token);
        if (token < highest) {
            s.v[Slot::Anomalies] |= int64_t(RejectedStaleToken);
            return true;
        }
        highest = token;
        return false;
    }
    bool readRow()
    {
        const int row = rowOf();
        if (row < 0)
            return fail(d.msgNoRow);
        if (st.hasFence && tokenIsStale(row, eval(st.fence)))
            return fail(d.msgStaleRead);
        startStatement();
        int64_t value = 0;
        if (st.forUpdate) {
            lockRow(row);
            if (concurrentlyUpdated(row))
                return fail(d.msgConcurrentUpdate);
            value = visible(row, st.column);
        } else if (inTxn && db().lockingPlainReads()) {
            // InnoDB SERIALIZABLE reads as SELECT … FOR SHARE.
            if (word(rowOffset(row) + RowSlot::Lock) != actor)
                d.mvcc.lockShared(s, actor, row);
            value = visible(row, st.column);
        } else {
            value = plainRead(row, st.column);
            if (inTxn)
                d.mvcc.recordRead(s, actor, row, pendingWriter(row));
        }
        rowEvent(EventKind::Read, row, value, st.forUpdate);
        locals[st.into] = value;
        return true;
    }
    bool writeRow()
    {
        const int64_t value = eval(st.value);
        const int row = rowOf();
        if (row < 0)
            return fail(d.msgNoRow);
        const int64_t token = st.hasFence ? eval(st.fence) : 0;
        if (st.hasFence && tokenIsStale(row, token)) {
            // Storage saw a newer token: the writer's lease must have expired.
            rowEvent(EventKind::Write, row, value, token).message = int16_t(d.msgStaleToken);
            return fail(d.msgStaleToken);
        }
        checkLease();
        startStatement();
        lockRow(row);
        if (concurrentlyUpdated(row))
            return fail(d.msgConcurrentUpdate);
        // UPDATE … WHERE id = ? of a row that does not exist (yet, or any more) changes nothing.
        const int exists = m.m_tables[size_t(st.table)].existsColumn;
        if (exists >= 0 && !visible(row, exists))
            return true;
        if (inTxn)
            d.mvcc.recordWrite(s, actor, row);
        store(row, st.column, value);
        rowEvent(EventKind::Write, row, value, token);
        return true;
    }
    bool update()
    {
        const int row = rowOf();
        if (row < 0)
            return fail(d.msgNoRow);
        startStatement();
        lockRow(row);
        Expression::Context ctx;
        ctx.locals = locals;
        ctx.call = [&](int, const int64_t *, int) { return s.v[Slot::Now]; };
        if (concurrentlyUpdated(row)) {
            // PostgreSQL: a row the snapshot's WHERE selects, changed since: 40001.
            ctx.symbol = [&](int col) {
                return col == RowIdSymbol ? m.m_rows[size_t(row)].id : d.mvcc.snapshotValue(s, actor, row, col);
            };
            if (!st.hasCondition || st.condition.evaluate(ctx))
                return fail(d.msgConcurrentUpdate);
        }
        ctx.symbol = [&](int col) { return col == RowIdSymbol ? m.m_rows[size_t(row)].id : visible(row, col); };
        const int exists = m.m_tables[size_t(st.table)].existsColumn;
        const bool match = (exists < 0 || visible(row, exists)) && (!st.hasCondition || st.condition.evaluate(ctx));
        if (match && inTxn)
            d.mvcc.recordWrite(s, actor, row);
        TraceEvent &ev = event(EventKind::Update);
        ev.place = Place::Row;
        ev.resource = row;
        ev.version = match;
        ev.column = st.sets.front().first;
        if (match) {
            // SET evaluates every right-hand side against the old row, then assigns.
            std::vector<int64_t> values;
            for (const auto &[col, e] : st.sets)
                values.push_back(e.evaluate(ctx));
            for (size_t i = 0; i < st.sets.size(); ++i)
                store(row, st.sets[i].first, values[i]);
            ev.value = values.front();
        } else {
            ev.value = visible(row, st.sets.front().first);
        }
        if (st.into >= 0)
            locals[st.into] = match;
        return true;
    }
    bool lockRowStatement()
    {
        const int row = rowOf();
        if (row < 0)
            return fail(d.msgNoRow);
        startStatement();
        lockRow(row);
        if (concurrentlyUpdated(row))
            return fail(d.msgConcurrentUpdate);
        return true;
    }
    bool transaction()
    {
        if (st.op == OpCode::Begin) {
            r[ActorSlot::Txn] = r[ActorSlot::Pc] + 1; // which begin: its retry catches the errors
            d.mvcc.begin(s, actor);
            event(EventKind::Begin);
        } else if (inTxn) {
            if (st.op == OpCode::Commit && d.mvcc.commitWouldCloseCycle(s, actor))
                return fail(d.msgDangerousStructure);
            if (st.op == OpCode::Commit)
                m.commit(s, actor, trace, stepNumber);
            else
                m.rollback(s, actor, trace, stepNumber);
        }
        return true;
    }

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
    // The version a PostgreSQL UPDATE or DELETE selects rows by: its own changes, else the
    // transaction's snapshot, else the snapshot its statement kept while it waited, else the newest.
    int64_t statementVersion(int row, int col)
    {
        if (ownsPendingWrite(row) || !d.mvcc.hasSnapshot(s, actor))
            return visible(row, col);
        return d.mvcc.snapshotValue(s, actor, row, col);
    }
    void localEvent(int local)
    {
        TraceEvent &ev = event(EventKind::Local);
        ev.column = local;
        ev.value = locals[local];
    }
    // SELECT COUNT(*), SUM(…) FROM t WHERE …: a plain read sees the level's version of every
    // row; InnoDB's locking reads (FOR UPDATE, every read at SERIALIZABLE) see the newest and
    // lock what they scan, gaps included from REPEATABLE READ up (next-key locks).
    bool selectRows()
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
    void lockScanned(int row)
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
    bool changeRows()
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
    void changeRow(int row)
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
    bool insertRow()
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

    // ---- key tables ----
    bool insertKey()
    {
        const TableInfo &t = m.m_tables[size_t(st.table)];
        const int64_t key = eval(st.value);
        int64_t &n = word(t.offset + KeySlot::Count);
        bool duplicate = false;
        for (int64_t i = 0; i < n; ++i)
            duplicate = duplicate || word(t.offset + KeySlot::key(i)) == key;
        TraceEvent &ev = event(EventKind::Insert);
        ev.place = Place::Table;
        ev.resource = st.table;
        ev.value = key;
        if (t.unique && duplicate) {
            ev.version = 0;
            ev.message = int16_t(st.message);
            if (st.into < 0)
                return fail(st.message);
            locals[st.into] = 0;
            return true;
        }
        if (n >= t.capacity)
            return fail(d.msgTableFull);
        // Keep slots sorted so equal tables hash equally.
        int64_t pos = n;
        while (pos > 0 && word(t.offset + KeySlot::key(pos - 1)) > key) {
            word(t.offset + KeySlot::key(pos)) = word(t.offset + KeySlot::key(pos - 1));
            word(t.offset + KeySlot::owner(pos)) = word(t.offset + KeySlot::owner(pos - 1));
            --pos;
        }
        word(t.offset + KeySlot::key(pos)) = key;
        word(t.offset + KeySlot::owner(pos)) = inTxn ? actor : -1;
        ++n;
        ev.version = 1;
        if (st.into >= 0)
            locals[st.into] = 1;
        return true;
    }
    bool lookUpKey()
    {
        const TableInfo &t = m.m_tables[size_t(st.table)];
        const int64_t key = eval(st.value);
        const int64_t n = word(t.offset + KeySlot::Count);
        bool found = false;
        for (int64_t i = 0; i < n; ++i) {
            const int64_t owner = word(t.offset + KeySlot::owner(i));
            found = found || (word(t.offset + KeySlot::key(i)) == key && (owner < 0 || owner == actor));
        }
        locals[st.into] = found;
        TraceEvent &ev = event(EventKind::Lookup);
        ev.place = Place::Table;
        ev.resource = st.table;
        ev.value = key;
        ev.version = found;
        return true;
    }

    // ---- program flow ----
    bool control()
    {
        switch (st.op) {
        case OpCode::Let: {
            locals[st.into] = eval(st.value);
            TraceEvent &ev = event(EventKind::Local);
            ev.column = st.into;
            ev.value = locals[st.into];
            return true;
        }
        case OpCode::Fail:
            return condition() ? fail(st.message) : true;
        case OpCode::Goto:
            if (condition())
                nextPc = st.target;
            return true;
        default: // Finish
            if (condition())
                nextPc = int64_t(m.programOf(actor).steps.size());
            return true;
        }
    }

    // ---- mutexes ----
    bool lockMutex()
    {
        int64_t &owner = mutexOwner();
        if (owner < 0) {
            owner = actor;
            event(EventKind::LockAcquire).column = inst;
            if (st.into >= 0)
                locals[st.into] = 1;
            return true;
        }
        TraceEvent &ev = event(EventKind::LockDenied);
        ev.column = inst;
        ev.value = owner;
        if (st.into < 0)
            return fail(st.message);
        locals[st.into] = 0;
        return true;
    }
    bool unlockMutex()
    {
        int64_t &owner = mutexOwner();
        if (owner == actor) {
            owner = -1;
            event(EventKind::LockRelease).column = inst;
        }
        return true;
    }

    // ---- leases (a lock service with expiry and fencing tokens) ----
    bool acquireLease()
    {
        const int off = leaseOffset();
        const int64_t now = s.v[Slot::Now];
        if (word(off + LeaseSlot::Owner) != 0 && word(off + LeaseSlot::Expiry) > now) {
            event(EventKind::LockDenied).value = word(off + LeaseSlot::Owner) - 1;
            return fail(st.message);
        }
        const int64_t token = ++s.v[Slot::Fence];
        word(off + LeaseSlot::Owner) = actor + 1;
        word(off + LeaseSlot::Expiry) = later(now, std::max<int64_t>(1, eval(st.value)));
        word(off + LeaseSlot::Token) = token;
        if (st.into >= 0)
            locals[st.into] = token;
        TraceEvent &ev = event(EventKind::LockAcquire);
        ev.version = token;
        ev.value = word(off + LeaseSlot::Expiry);
        return true;
    }
    bool releaseLease()
    {
        int64_t &owner = word(leaseOffset() + LeaseSlot::Owner);
        const int64_t holder = owner - 1;
        if (owner == actor + 1) {
            owner = 0;
            event(EventKind::LockRelease).value = actor; // value names whose lock was deleted
        } else if (owner != 0 && !st.checkOwner) {
            // DEL without checking the value: deletes the lock someone else now holds.
            owner = 0;
            event(EventKind::LockRelease).value = holder;
            setAnomaly(ForeignRelease);
        } else {
            TraceEvent &ev = event(EventKind::LockDenied);
            ev.value = holder;
            ev.version = 1; // a release that deletes nothing, not a refused acquire
        }
        return true;
    }

    // ---- queues ----
    bool enqueue()
    {
        // A queue has one slot per request: a request waits in one queue, once, at a time.
        if (r[ActorSlot::Queued] > 0)
            return fail(d.msgQueuedTwice);
        const int off = queueOffset();
        int64_t &n = word(off + QueueSlot::Length);
        word(off + QueueSlot::Head + n) = actor;
        ++n;
        r[ActorSlot::Queued] = st.resource + 1;
        event(EventKind::Enqueue).value = n;
        return true;
    }
    bool dequeue()
    {
        const int off = queueOffset();
        int64_t &n = word(off + QueueSlot::Length);
        if (n > 0 && word(off + QueueSlot::Head) == actor) {
            for (int k = 0; k + 1 < n; ++k)
                word(off + QueueSlot::Head + k) = word(off + QueueSlot::Head + k + 1);
            word(off + QueueSlot::Head + n - 1) = -1;
            --n;
            r[ActorSlot::Queued] = 0;
            event(EventKind::Dequeue);
        }
        return true;
    }

    // ---- time and CPU ----
    bool spendTime()
    {
        const int64_t ms = eval(st.value);
        if (st.op == OpCode::Sleep) {
            // I/O-like waiting: real time only in the threaded driver; on an event loop a yield.
            latency += realDelay(ms);
            TraceEvent &ev = event(EventKind::Yield);
            ev.place = Place::Clock;
            ev.value = ms;
            return true;
        }
        if (ms > 0) {
            r[ActorSlot::Wake] = later(s.v[Slot::Now], ms);
            // A GC pause stops the whole process; CPU work blocks its event loop unless offloaded.
            holdLoop = !st.offload;
            TraceEvent &ev = event(EventKind::Sleep);
            ev.place = Place::Clock;
            ev.value = ms;
            ev.version = st.op == OpCode::Pause;
        }
        return true;
    }

    // ---- connection pools ----
    bool acquireConnection()
    {
        int64_t &avail = poolAvailable();
        if (avail <= 0) {
            event(EventKind::LockDenied);
            return fail(st.message);
        }
        --avail;
        event(EventKind::LockAcquire).value = avail;
        return true;
    }
    bool releaseConnection()
    {
        int64_t &avail = poolAvailable();
        if (avail < d.poolSizes[size_t(st.resource)]) {
            ++avail;
            event(EventKind::LockRelease).value = avail;
        }
        return true;
    }

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

int64_t Machine::exec(State &s, int actor, Trace *trace, int stepNumber, bool &holdLoop) const
{
    Executor step(*this, s, actor, trace, stepNumber, holdLoop);
    if (step.run() && regs(s, actor)[ActorSlot::Status] == int64_t(ActorStatus::Running))
        regs(s, actor)[ActorSlot::Pc] = step.next();
    return step.delay();
}

} // namespace Interleave
