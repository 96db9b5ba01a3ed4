#pragma once

// Which database the scenario's SQL runs on, and at which isolation level: a
// variant setting next to the strategy and the execution model. The rules
// below say what each (flavour, level) does differently; Machine's executor
// asks them instead of testing flavours itself. See docs/database-model.md.

#include <QString>

#include <optional>

namespace Interleave {

struct DatabaseVariant
{
    enum Flavour {
        MySql, // MySQL / MariaDB with InnoDB
        Postgres
    };
    enum Level {
        ReadUncommitted,
        ReadCommitted,
        RepeatableRead,
        Serializable
    };
    Flavour flavour = MySql;
    Level level = RepeatableRead; // InnoDB's default, and the seeds' database

    // "mysql" / "mariadb" / "innodb", "postgres" / "postgresql" / "pg".
    static std::optional<Flavour> parseFlavour(const QString &text, QString *error);
    // "ru", "rc", "rr", "ser", or the level's name ("read-committed", "READ COMMITTED", "serializable").
    static std::optional<Level> parseLevel(const QString &text, QString *error);
    // "mysql/rr", as sessions store it; also accepts "postgres/read-committed".
    static std::optional<DatabaseVariant> parse(const QString &text, QString *error);
    QString toString() const; // "mysql/rr"
    static QString flavourId(Flavour flavour); // "mysql", "postgres"
    static QString levelId(Level level); // "ru", "rc", "rr", "ser"
    static QString flavourName(Flavour flavour); // "MySQL/InnoDB", "PostgreSQL"
    static QString levelName(Level level); // "REPEATABLE READ" (SQL keywords: not translated)
    QString displayName() const; // "MySQL/InnoDB, REPEATABLE READ"

    // ---- What this variant does (docs/database-model.md) ----
    // PostgreSQL runs READ UNCOMMITTED as READ COMMITTED.
    Level effectiveLevel() const;
    // Plain SELECTs see other transactions' uncommitted writes (InnoDB READ UNCOMMITTED).
    bool dirtyReads() const;
    // Plain SELECTs in a transaction read one snapshot for the whole transaction
    // (REPEATABLE READ, and PostgreSQL SERIALIZABLE), not one per statement.
    bool transactionSnapshot() const;
    // The snapshot is taken at the transaction's first statement of any kind (PostgreSQL),
    // not at its first plain SELECT (InnoDB's read view).
    bool snapshotAtFirstStatement() const { return flavour == Postgres; }
    // Plain SELECTs in a transaction take shared row locks (InnoDB SERIALIZABLE).
    bool lockingPlainReads() const;
    // UPDATE, DELETE and locking reads of a row that a concurrent transaction changed
    // after this one's snapshot fail with a serialization error (PostgreSQL REPEATABLE
    // READ and SERIALIZABLE: first updater wins). InnoDB instead reads the latest version.
    bool firstUpdaterWins() const;
    // Serializable snapshot isolation: read-write dependencies are tracked and a
    // transaction closing a dangerous structure is aborted (PostgreSQL SERIALIZABLE).
    bool serializableSnapshots() const;

    bool operator==(const DatabaseVariant &) const = default;
};

// Errors a client sees from the database, with each flavour's real code, so the
// narration and a scenario's retry logic name what the server would say.
enum class DatabaseError {
    Deadlock, // MySQL 1213 ER_LOCK_DEADLOCK (SQLSTATE 40001); PostgreSQL 40P01
    LockWaitTimeout, // MySQL 1205 ER_LOCK_WAIT_TIMEOUT; PostgreSQL 55P03 (lock_timeout)
    ConcurrentUpdate, // PostgreSQL 40001 could not serialize access due to concurrent update
    DangerousStructure, // PostgreSQL 40001 … due to read/write dependencies among transactions
    DuplicateKey // MySQL 1062 ER_DUP_ENTRY; PostgreSQL 23505 unique_violation
};

// "1213", "40P01", "40001", …: what error.code / error.errno carries.
QString databaseErrorCode(DatabaseVariant::Flavour flavour, DatabaseError error);
// The message the client prints, starting with the code.
QString databaseErrorText(DatabaseVariant::Flavour flavour, DatabaseError error);

} // namespace Interleave
