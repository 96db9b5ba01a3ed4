#pragma once

// Where a real server answers: a Unix socket (or host and port), user, password and
// database. Either a private server's (privateserver.h) or the user's own, given as
// --db-url mysql://…, postgres://…, redis://… or a socket path.

#include <QCoreApplication>
#include <QString>

#include <optional>

class QSqlDatabase;

namespace Interleave {

enum class ServerKind {
    MariaDb,
    Postgres,
    Redis
};

struct ServerAddress
{
    Q_DECLARE_TR_FUNCTIONS(ServerAddress)
public:
    ServerKind kind = ServerKind::MariaDb;
    QString socket; // MariaDB, Redis: the socket file; PostgreSQL: the socket's directory
    QString host; // when no socket
    int port = 0; // 0: the server's default
    QString user;
    QString password;
    QString database;

    // "mysql://user:pw@host:3306/db", "mariadb://…", "postgres://…", "postgresql://…",
    // "redis://host:6379", a "?socket=/path" query for a socket, or a socket path alone
    // (a directory holding .s.PGSQL.* is PostgreSQL's, a name with "redis" is Redis's,
    // any other is MariaDB's). A bad one gives one line saying what is accepted.
    static std::optional<ServerAddress> parse(const QString &text, QString *error);
    QString toString() const; // for messages: "mariadb at /tmp/…/mysqld.sock"

    static QString kindName(ServerKind kind); // "MariaDB", "PostgreSQL", "Redis"
    // The Qt SQL driver ("QMYSQL", "QPSQL"), and the Debian package that brings it.
    static QString sqlDriver(ServerKind kind);
    static QString sqlDriverPackage(ServerKind kind);
    // A QSqlDatabase named `connection` for this address (not opened), or an invalid one
    // with `error` set when the driver is missing.
    QSqlDatabase addSqlDatabase(const QString &connection, QString *error) const;
};

} // namespace Interleave
