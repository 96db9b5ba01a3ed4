#pragma once

// The database's bookkeeping beyond what each row's own slots hold (committed
// values, one transaction's pending values, the exclusive row lock): snapshots
// for plain reads, shared row locks, row commit counters, and serializable
// snapshot isolation's read-write dependencies. It is one block of State's
// shared part, sized by the variant: empty when the variant needs none of it,
// so the old READ COMMITTED state space stays exactly what it was. Each
// transaction's own words (its snapshot) go at the end of its registers
// instead, unless SSI needs to read them from other transactions.
// docs/database-model.md says what is modelled and what is simplified.

#include "machine/database.h"
#include "machine/state.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace Interleave {

class Mvcc
{
public:
    // The rows' committed-value slots in State, row by row, column by column.
    struct Rows
    {
        std::vector<int> firstCell; // per row: index into cellSlots
        std::vector<int> cellSlots; // absolute State index of each committed value
    };

    // Sizes the block for this variant; `transactions`: some program runs `begin`;
    // `predicates`: some step reads, changes, inserts or deletes rows by a predicate
    // (gap locks in InnoDB, statement snapshots in PostgreSQL READ COMMITTED).
    // Returns an error sentence when the model cannot run the variant at this size.
    QString configure(const DatabaseVariant &variant, const Rows &rows, int actors, bool transactions,
                      bool predicates = false);
    // Appends the block's initial words at the end of `init` (which is where it lives).
    void appendInitial(std::vector<int64_t> &init);
    // Words each actor's registers must hold for it (0: its words are in the shared block),
    // and where they are: from `firstWord`, actor 1's `registerStride` words later, and so on.
    int registerWords() const;
    void placeInRegisters(int firstWord, int registerStride);

    bool enabled() const { return m_size > 0; }
    bool snapshots() const { return m_snapshots; } // room for a snapshot per actor
    // Plain reads in a transaction read its snapshot (REPEATABLE READ, PostgreSQL SERIALIZABLE).
    bool transactionSnapshots() const { return m_transactionSnapshots; }
    bool sharedLocks() const { return m_sharedLocks; }
    bool versions() const { return m_versions; }
    bool ssi() const { return m_ssi; }
    const DatabaseVariant &variant() const { return m_variant; }

    // ---- Transactions ----
    void begin(State &s, int actor) const; // forget the previous transaction's snapshot and reads
    bool hasSnapshot(const State &s, int actor) const;
    void takeSnapshot(State &s, int actor) const; // copies every committed value, if not taken yet
    int64_t snapshotValue(const State &s, int actor, int row, int column) const;
    // PostgreSQL READ COMMITTED: a predicate statement that waited used its own snapshot; it is over.
    void endStatement(State &s, int actor) const;
    // The transaction ends: its row writes became committed (`wroteRows`) or vanished.
    // Releases its shared locks; keeps what SSI must remember about a committed one.
    void commit(State &s, int actor, const std::vector<int> &wroteRows) const;
    void rollback(State &s, int actor) const;
    // A statement outside a transaction changed the row: a transaction of its own, committed.
    void autocommitted(State &s, int actor, int row) const;

    // ---- Shared locks (InnoDB SERIALIZABLE's plain reads) ----
    void lockShared(State &s, int actor, int row) const;
    bool holdsShared(const State &s, int actor, int row) const;
    // Another transaction holding a shared lock on the row, or -1.
    int otherSharedHolder(const State &s, int actor, int row) const;

    // ---- First updater wins (PostgreSQL REPEATABLE READ and SERIALIZABLE) ----
    // A transaction committed a change to the row after this actor's snapshot.
    bool changedSinceSnapshot(const State &s, int actor, int row) const;

    // ---- Serializable snapshot isolation (PostgreSQL SERIALIZABLE) ----
    // A snapshot read: remembers it, and records actor →rw the writer of a version
    // it cannot see (committed after its snapshot, or `pendingOwner`'s uncommitted one).
    void recordRead(State &s, int actor, int row, int pendingOwner) const;
    // A write: records reader →rw actor for every concurrent transaction that read the row.
    void recordWrite(State &s, int actor, int row) const;
    // PostgreSQL's commit-time check: the actor has a dependency into it and one out of
    // it to a transaction that committed first, a dangerous structure it would close.
    bool commitWouldCloseCycle(const State &s, int actor) const;

private:
    // Per actor: whether it holds a snapshot, the commit counter at that moment, rows read
    // (bit per row), whether some rw-dependency points at it, the actors it has one to,
    // the commit counter when it committed (0: not committed), then the snapshot's values.
    enum ActorWord {
        SnapTaken,
        SnapSeq,
        ReadRows,
        InConflict,
        OutTo,
        CommittedAt,
        Values
    };
    // Per row: shared holders (bit per actor), the commit counter when it last changed, who changed it.
    enum RowWord {
        SharedHolders,
        LastCommit,
        LastWriter,
        RowWords
    };
    int actorWord(int actor, ActorWord w) const { return m_actorBase + actor * m_actorSpacing + w; }
    void addDependency(State &s, int reader, int writer) const; // reader →rw writer
    int rowWord(int row, RowWord w) const { return m_rowBase + row * RowWords + w; }

    DatabaseVariant m_variant;
    Rows m_rows;
    int m_actors = 0;
    bool m_snapshots = false, m_transactionSnapshots = false, m_sharedLocks = false, m_versions = false, m_ssi = false;
    int m_base = 0, m_size = 0;
    int m_commitCounter = 0, m_rowBase = 0, m_actorBase = 0, m_actorStride = 0;
    int m_actorSpacing = 0; // from one actor's words to the next
    bool m_inRegisters = false;
};

} // namespace Interleave
