// Database flavours and isolation levels: names, parsing, and what each one does.

#include "machine/database.h"

#include <QCoreApplication>

namespace Interleave {

namespace {
// The database's texts are the machine's: one translation context with the errors it raises.
QString normalised(const QString &text)
{
    QString t = text.trimmed().toLower();
    t.replace(u' ', u'-');
    t.replace(u'_', u'-');
    return t;
}
} // namespace

std::optional<DatabaseVariant::Flavour> DatabaseVariant::parseFlavour(const QString &text, QString *error)
{
    const QString t = normalised(text);
    if (t == QLatin1String("mysql") || t == QLatin1String("mariadb") || t == QLatin1String("innodb"))
        return MySql;
    if (t == QLatin1String("postgres") || t == QLatin1String("postgresql") || t == QLatin1String("pg"))
        return Postgres;
    if (error)
        *error =
            QCoreApplication::translate("Machine", "unknown database \"%1\" (expected mysql or postgres)").arg(text);
    return std::nullopt;
}

std::optional<DatabaseVariant::Level> DatabaseVariant::parseLevel(const QString &text, QString *error)
{
    const QString t = normalised(text);
    if (t == QLatin1String("ru") || t == QLatin1String("read-uncommitted"))
        return ReadUncommitted;
    if (t == QLatin1String("rc") || t == QLatin1String("read-committed"))
        return ReadCommitted;
    if (t == QLatin1String("rr") || t == QLatin1String("repeatable-read"))
        return RepeatableRead;
    if (t == QLatin1String("ser") || t == QLatin1String("serializable"))
        return Serializable;
    if (error)
        *error = QCoreApplication::translate("Machine", "unknown isolation level \"%1\" (expected ru, rc, rr or ser)")
                     .arg(text);
    return std::nullopt;
}

std::optional<DatabaseVariant> DatabaseVariant::parse(const QString &text, QString *error)
{
    const int slash = text.indexOf(u'/');
    if (slash < 0) {
        if (error)
            *error = QCoreApplication::translate("Machine", "\"%1\" is not a database variant such as \"mysql/rr\"")
                         .arg(text);
        return std::nullopt;
    }
    const auto flavour = parseFlavour(text.left(slash), error);
    if (!flavour)
        return std::nullopt;
    const auto level = parseLevel(text.mid(slash + 1), error);
    if (!level)
        return std::nullopt;
    return DatabaseVariant{*flavour, *level};
}

QString DatabaseVariant::flavourId(Flavour flavour)
{
    return flavour == MySql ? QStringLiteral("mysql") : QStringLiteral("postgres");
}

QString DatabaseVariant::levelId(Level level)
{
    switch (level) {
    case ReadUncommitted:
        return QStringLiteral("ru");
    case ReadCommitted:
        return QStringLiteral("rc");
    case RepeatableRead:
        return QStringLiteral("rr");
    case Serializable:
        return QStringLiteral("ser");
    }
    return {};
}

QString DatabaseVariant::toString() const
{
    return flavourId(flavour) + u'/' + levelId(level);
}

QString DatabaseVariant::flavourName(Flavour flavour)
{
    return flavour == MySql ? QStringLiteral("MySQL/InnoDB") : QStringLiteral("PostgreSQL");
}

QString DatabaseVariant::levelName(Level level)
{
    switch (level) {
    case ReadUncommitted:
        return QStringLiteral("READ UNCOMMITTED");
    case ReadCommitted:
        return QStringLiteral("READ COMMITTED");
    case RepeatableRead:
        return QStringLiteral("REPEATABLE READ");
    case Serializable:
        return QStringLiteral("SERIALIZABLE");
    }
    return {};
}

QString DatabaseVariant::displayName() const
{
    return flavourName(flavour) + QStringLiteral(", ") + levelName(level);
}

DatabaseVariant::Level DatabaseVariant::effectiveLevel() const
{
    return flavour == Postgres && level == ReadUncommitted ? ReadCommitted : level;
}

bool DatabaseVariant::dirtyReads() const
{
    return effectiveLevel() == ReadUncommitted;
}

bool DatabaseVariant::transactionSnapshot() const
{
    const Level l = effectiveLevel();
    return l == RepeatableRead || (l == Serializable && flavour == Postgres);
}

bool DatabaseVariant::lockingPlainReads() const
{
    return flavour == MySql && level == Serializable;
}

bool DatabaseVariant::firstUpdaterWins() const
{
    return flavour == Postgres && (level == RepeatableRead || level == Serializable);
}

bool DatabaseVariant::serializableSnapshots() const
{
    return flavour == Postgres && level == Serializable;
}

QString databaseErrorCode(DatabaseVariant::Flavour flavour, DatabaseError error)
{
    const bool my = flavour == DatabaseVariant::MySql;
    switch (error) {
    case DatabaseError::Deadlock:
        return my ? QStringLiteral("1213") : QStringLiteral("40P01");
    case DatabaseError::LockWaitTimeout:
        return my ? QStringLiteral("1205") : QStringLiteral("55P03");
    case DatabaseError::ConcurrentUpdate:
    case DatabaseError::DangerousStructure:
        return QStringLiteral("40001");
    case DatabaseError::DuplicateKey:
        return my ? QStringLiteral("1062") : QStringLiteral("23505");
    }
    return {};
}

QString databaseErrorText(DatabaseVariant::Flavour flavour, DatabaseError error)
{
    if (flavour == DatabaseVariant::MySql) {
        // mysql2's error.code and error.message, as the seeds' handlers see them.
        switch (error) {
        case DatabaseError::Deadlock:
            return QCoreApplication::translate(
                "Machine", "ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction");
        case DatabaseError::LockWaitTimeout:
            return QCoreApplication::translate(
                "Machine", "ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded; try restarting transaction");
        case DatabaseError::DuplicateKey:
            return QCoreApplication::translate("Machine", "ER_DUP_ENTRY: Duplicate entry for key");
        case DatabaseError::ConcurrentUpdate:
        case DatabaseError::DangerousStructure:
            break; // InnoDB never fails a statement for a serialization conflict: it locks or deadlocks
        }
    }
    switch (error) {
    case DatabaseError::Deadlock:
        return QCoreApplication::translate("Machine", "40P01: deadlock detected");
    case DatabaseError::LockWaitTimeout:
        return QCoreApplication::translate("Machine", "55P03: canceling statement due to lock timeout");
    case DatabaseError::ConcurrentUpdate:
        return QCoreApplication::translate("Machine", "40001: could not serialize access due to concurrent update");
    case DatabaseError::DangerousStructure:
        return QCoreApplication::translate(
            "Machine", "40001: could not serialize access due to read/write dependencies among transactions");
    case DatabaseError::DuplicateKey:
        return QCoreApplication::translate("Machine", "23505: duplicate key value violates unique constraint");
    }
    return {};
}

} // namespace Interleave
