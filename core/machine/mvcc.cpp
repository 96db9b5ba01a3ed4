// Snapshots, shared locks, row versions and SSI bookkeeping: see mvcc.h.

#include "machine/mvcc.h"

#include <QCoreApplication>

namespace Interleave {

namespace {
constexpr int MaskBits = 63; // bits of one int64_t word the masks may use

uint64_t bit(int i)
{
    return uint64_t(1) << i;
}
} // namespace

QString Mvcc::configure(const DatabaseVariant &variant, const Rows &rows, int actors, bool transactions,
                        bool predicates)
{
    m_variant = variant;
    m_rows = rows;
    m_actors = actors;
    m_transactionSnapshots = transactions && variant.transactionSnapshot();
    // PostgreSQL READ COMMITTED: a waiting UPDATE or DELETE keeps the snapshot its statement started with.
    m_snapshots =
        m_transactionSnapshots || (transactions && predicates && variant.flavour == DatabaseVariant::Postgres);
    // InnoDB's gap locks (REPEATABLE READ and up) are shared marks: they only keep inserts out.
    const bool gapLocks = predicates && variant.flavour == DatabaseVariant::MySql &&
        variant.effectiveLevel() >= DatabaseVariant::RepeatableRead;
    m_sharedLocks = transactions && (variant.lockingPlainReads() || gapLocks);
    m_versions = transactions && variant.firstUpdaterWins();
    m_ssi = transactions && variant.serializableSnapshots();
    const int rowCount = int(rows.firstCell.size());
    const bool masks = m_sharedLocks || m_ssi;
    if (masks && (actors > MaskBits || rowCount > MaskBits))
        return QCoreApplication::translate("Machine",
                                           "%1 is modelled for at most %2 requests and %2 rows; this variant has "
                                           "%3 requests and %4 rows (choose another isolation level or fewer requests)")
            .arg(variant.displayName())
            .arg(MaskBits)
            .arg(actors)
            .arg(rowCount);
    if (!m_snapshots && !m_sharedLocks && !m_versions && !m_ssi) {
        m_size = 0;
        return {};
    }
    m_commitCounter = 0;
    m_rowBase = 1;
    m_actorBase = m_rowBase + rowCount * RowWords;
    m_actorStride = Values + (m_snapshots ? int(rows.cellSlots.size()) : 0);
    // Without SSI a transaction's words are read and written by itself alone, so they go
    // with its registers (placeInRegisters): the shared part then stays the same for
    // states that differ only in who holds which snapshot, which the explorer's step
    // reuse depends on. SSI reads other transactions' words, so they stay shared.
    m_inRegisters = !m_ssi;
    m_actorSpacing = m_actorStride;
    m_size = m_actorBase + (m_inRegisters ? 0 : actors * m_actorStride);
    return {};
}

int Mvcc::registerWords() const
{
    return enabled() && m_inRegisters ? m_actorStride : 0;
}

void Mvcc::placeInRegisters(int firstWord, int registerStride)
{
    if (registerWords() == 0)
        return;
    m_actorBase = firstWord;
    m_actorSpacing = registerStride;
}

void Mvcc::appendInitial(std::vector<int64_t> &init)
{
    m_base = int(init.size());
    init.resize(init.size() + size_t(m_size), 0);
    // Offsets were relative to the block: make them absolute.
    m_commitCounter += m_base;
    m_rowBase += m_base;
    if (!m_inRegisters)
        m_actorBase += m_base;
    for (int r = 0; r < int(m_rows.firstCell.size()) && m_size > 0; ++r)
        init[size_t(rowWord(r, LastWriter))] = -1;
}

void Mvcc::begin(State &s, int actor) const
{
    if (!enabled())
        return;
    for (int w = SnapTaken; w < m_actorStride; ++w)
        s.v[size_t(m_actorBase + actor * m_actorSpacing + w)] = 0;
}

bool Mvcc::hasSnapshot(const State &s, int actor) const
{
    return m_snapshots && s.v[size_t(actorWord(actor, SnapTaken))] != 0;
}

void Mvcc::takeSnapshot(State &s, int actor) const
{
    if (!m_snapshots || hasSnapshot(s, actor))
        return;
    s.v[size_t(actorWord(actor, SnapTaken))] = 1;
    s.v[size_t(actorWord(actor, SnapSeq))] = s.v[size_t(m_commitCounter)];
    int64_t *values = s.v.data() + actorWord(actor, Values);
    for (size_t i = 0; i < m_rows.cellSlots.size(); ++i)
        values[i] = s.v[size_t(m_rows.cellSlots[i])];
}

int64_t Mvcc::snapshotValue(const State &s, int actor, int row, int column) const
{
    return s.v[size_t(actorWord(actor, Values) + m_rows.firstCell[size_t(row)] + column)];
}

void Mvcc::endStatement(State &s, int actor) const
{
    if (m_snapshots && !m_transactionSnapshots)
        begin(s, actor);
}

void Mvcc::commit(State &s, int actor, const std::vector<int> &wroteRows) const
{
    if (!enabled())
        return;
    if (m_versions || m_ssi) {
        const int64_t seq = ++s.v[size_t(m_commitCounter)];
        for (int row : wroteRows) {
            s.v[size_t(rowWord(row, LastCommit))] = seq;
            s.v[size_t(rowWord(row, LastWriter))] = actor;
        }
        if (m_ssi)
            s.v[size_t(actorWord(actor, CommittedAt))] = seq;
    }
    const int64_t committedAt = m_ssi ? s.v[size_t(actorWord(actor, CommittedAt))] : 0;
    const int64_t read = m_ssi ? s.v[size_t(actorWord(actor, ReadRows))] : 0;
    const int64_t in = m_ssi ? s.v[size_t(actorWord(actor, InConflict))] : 0;
    const int64_t out = m_ssi ? s.v[size_t(actorWord(actor, OutTo))] : 0;
    rollback(s, actor);
    if (m_ssi) {
        // SSI remembers a committed transaction's reads and dependencies while
        // transactions that overlapped it still run (PostgreSQL keeps its SIREAD locks).
        s.v[size_t(actorWord(actor, SnapSeq))] = 0;
        s.v[size_t(actorWord(actor, CommittedAt))] = committedAt;
        s.v[size_t(actorWord(actor, ReadRows))] = read;
        s.v[size_t(actorWord(actor, InConflict))] = in;
        s.v[size_t(actorWord(actor, OutTo))] = out;
    }
}

void Mvcc::rollback(State &s, int actor) const
{
    if (!enabled())
        return;
    if (m_sharedLocks)
        for (int r = 0; r < int(m_rows.firstCell.size()); ++r)
            s.v[size_t(rowWord(r, SharedHolders))] &= ~int64_t(bit(actor));
    // A finished transaction's snapshot is dropped: equal states stay equal words.
    begin(s, actor);
}

void Mvcc::autocommitted(State &s, int actor, int row) const
{
    if (!m_versions && !m_ssi)
        return;
    recordWrite(s, actor, row);
    s.v[size_t(rowWord(row, LastCommit))] = ++s.v[size_t(m_commitCounter)];
    s.v[size_t(rowWord(row, LastWriter))] = actor;
}

void Mvcc::lockShared(State &s, int actor, int row) const
{
    s.v[size_t(rowWord(row, SharedHolders))] |= int64_t(bit(actor));
}

bool Mvcc::holdsShared(const State &s, int actor, int row) const
{
    return m_sharedLocks && (uint64_t(s.v[size_t(rowWord(row, SharedHolders))]) & bit(actor));
}

int Mvcc::otherSharedHolder(const State &s, int actor, int row) const
{
    if (!m_sharedLocks)
        return -1;
    const uint64_t others = uint64_t(s.v[size_t(rowWord(row, SharedHolders))]) & ~bit(actor);
    return others ? __builtin_ctzll(others) : -1;
}

bool Mvcc::changedSinceSnapshot(const State &s, int actor, int row) const
{
    return m_versions && hasSnapshot(s, actor) &&
        s.v[size_t(rowWord(row, LastCommit))] > s.v[size_t(actorWord(actor, SnapSeq))];
}

void Mvcc::recordRead(State &s, int actor, int row, int pendingOwner) const
{
    if (!m_ssi)
        return;
    s.v[size_t(actorWord(actor, ReadRows))] |= int64_t(bit(row));
    int writer = pendingOwner;
    if (writer < 0 && changedSinceSnapshot(s, actor, row))
        writer = int(s.v[size_t(rowWord(row, LastWriter))]);
    if (writer >= 0 && writer != actor)
        addDependency(s, actor, writer);
}

void Mvcc::recordWrite(State &s, int actor, int row) const
{
    if (!m_ssi)
        return;
    const int64_t since = s.v[size_t(actorWord(actor, SnapSeq))];
    for (int reader = 0; reader < m_actors; ++reader) {
        if (reader == actor || !(uint64_t(s.v[size_t(actorWord(reader, ReadRows))]) & bit(row)))
            continue;
        // Concurrent: still running, or committed after this transaction's snapshot.
        const int64_t committedAt = s.v[size_t(actorWord(reader, CommittedAt))];
        if (committedAt == 0 || committedAt > since)
            addDependency(s, reader, actor);
    }
}

void Mvcc::addDependency(State &s, int reader, int writer) const
{
    s.v[size_t(actorWord(reader, OutTo))] |= int64_t(bit(writer));
    s.v[size_t(actorWord(writer, InConflict))] = 1;
}

bool Mvcc::commitWouldCloseCycle(const State &s, int actor) const
{
    if (!m_ssi || !s.v[size_t(actorWord(actor, InConflict))])
        return false;
    const uint64_t out = uint64_t(s.v[size_t(actorWord(actor, OutTo))]);
    for (int other = 0; other < m_actors; ++other)
        if ((out & bit(other)) && s.v[size_t(actorWord(other, CommittedAt))] != 0)
            return true;
    return false;
}

} // namespace Interleave
