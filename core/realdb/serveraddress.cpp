#include "realdb/serveraddress.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QUrl>
#include <QUrlQuery>

namespace Interleave {

namespace {

std::optional<ServerKind> kindOfScheme(const QString &scheme)
{
    if (scheme == QLatin1String("mysql") || scheme == QLatin1String("mariadb"))
        return ServerKind::MariaDb;
    if (scheme == QLatin1String("postgres") || scheme == QLatin1String("postgresql"))
        return ServerKind::Postgres;
    if (scheme == QLatin1String("redis"))
        return ServerKind::Redis;
    return std::nullopt;
}

ServerKind kindOfSocket(const QFileInfo &path)
{
    if (path.isDir() && !QDir(path.filePath()).entryList({QStringLiteral(".s.PGSQL.*")}, QDir::System).isEmpty())
        return ServerKind::Postgres;
    return path.fileName().contains(QLatin1String("redis"), Qt::CaseInsensitive) ? ServerKind::Redis
                                                                                 : ServerKind::MariaDb;
}

} // namespace

std::optional<ServerAddress> ServerAddress::parse(const QString &text, QString *error)
{
    auto bad = [&](const QString &why) -> std::optional<ServerAddress> {
        if (error)
            *error = tr("bad --db-url \"%1\": %2 (expected mysql://user:password@host:port/database, "
                        "postgres://…, redis://host:port, or a socket path)")
                         .arg(text, why);
        return std::nullopt;
    };
    ServerAddress a;
    if (text.startsWith(u'/')) {
        const QFileInfo path(text);
        if (!path.exists())
            return bad(tr("no such socket"));
        a.kind = kindOfSocket(path);
        a.socket = path.absoluteFilePath();
        return a;
    }
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty())
        return bad(tr("not a URL"));
    const auto kind = kindOfScheme(url.scheme().toLower());
    if (!kind)
        return bad(tr("unknown scheme \"%1\"").arg(url.scheme()));
    a.kind = *kind;
    a.host = url.host();
    a.port = url.port(0);
    a.user = url.userName();
    a.password = url.password();
    a.database = url.path().mid(1);
    a.socket = QUrlQuery(url).queryItemValue(QStringLiteral("socket"));
    if (a.host.isEmpty() && a.socket.isEmpty())
        return bad(tr("no host and no socket"));
    if (a.port < 0 || a.port > 65535)
        return bad(tr("bad port"));
    if (a.database.contains(u'/'))
        return bad(tr("bad database name"));
    return a;
}

QString ServerAddress::toString() const
{
    const QString where = socket.isEmpty() ? QStringLiteral("%1:%2").arg(host).arg(port) : socket;
    return tr("%1 at %2").arg(kindName(kind), where);
}

QString ServerAddress::kindName(ServerKind kind)
{
    switch (kind) {
    case ServerKind::MariaDb:
        return QStringLiteral("MariaDB");
    case ServerKind::Postgres:
        return QStringLiteral("PostgreSQL");
    case ServerKind::Redis:
        break;
    }
    return QStringLiteral("Redis");
}

QString ServerAddress::sqlDriver(ServerKind kind)
{
    return kind == ServerKind::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QMYSQL");
}

QString ServerAddress::sqlDriverPackage(ServerKind kind)
{
    return kind == ServerKind::Postgres ? QStringLiteral("libqt6sql6-psql") : QStringLiteral("libqt6sql6-mysql");
}

QSqlDatabase ServerAddress::addSqlDatabase(const QString &connection, QString *error) const
{
    const QString driver = sqlDriver(kind);
    if (kind == ServerKind::Redis || !QSqlDatabase::isDriverAvailable(driver)) {
        if (error)
            *error = kind == ServerKind::Redis
                ? tr("Redis is not an SQL server")
                : tr("the Qt SQL driver %1 is missing (Debian package %2)").arg(driver, sqlDriverPackage(kind));
        return {};
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, connection);
    db.setUserName(user);
    db.setPassword(password);
    db.setDatabaseName(database);
    if (port > 0)
        db.setPort(port);
    if (kind == ServerKind::MariaDb) {
        // CLIENT_FOUND_ROWS: an UPDATE reports the rows it matched, as PostgreSQL does.
        QString options = QStringLiteral("CLIENT_FOUND_ROWS=1;MYSQL_OPT_CONNECT_TIMEOUT=5");
        if (!socket.isEmpty())
            options += QStringLiteral(";UNIX_SOCKET=") + socket;
        db.setConnectOptions(options);
        db.setHostName(socket.isEmpty() ? host : QStringLiteral("localhost"));
    } else {
        // libpq takes a directory as the host for a Unix socket.
        db.setHostName(socket.isEmpty() ? host : socket);
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    }
    return db;
}

} // namespace Interleave
