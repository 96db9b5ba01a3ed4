#include "realdb/privateserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifdef INTERLEAVE_HAVE_HIREDIS
#include <hiredis/hiredis.h>
#endif

namespace Interleave {

namespace {

constexpr int AnswerTimeoutMs = 60000;
constexpr const char *DirPrefix = "interleave-db-";

// A server binary: PATH, then where Debian puts daemons and PostgreSQL's versions (newest first).
QString findProgram(const QString &name)
{
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    if (!found.isEmpty())
        return found;
    QDir pg(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = pg.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &v : versions) {
        found = QStandardPaths::findExecutable(name, {pg.filePath(v + QStringLiteral("/bin"))});
        if (!found.isEmpty())
            return found;
    }
    return {};
}

// The programs each kind needs, with the Debian package of each.
QList<QPair<QString, QString>> programsOf(ServerKind kind)
{
    switch (kind) {
    case ServerKind::MariaDb:
        return {{QStringLiteral("mariadb-install-db"), QStringLiteral("mariadb-server")},
                {QStringLiteral("mariadbd"), QStringLiteral("mariadb-server")}};
    case ServerKind::Postgres:
        return {{QStringLiteral("initdb"), QStringLiteral("postgresql")},
                {QStringLiteral("postgres"), QStringLiteral("postgresql")}};
    case ServerKind::Redis:
        break;
    }
    return {{QStringLiteral("redis-server"), QStringLiteral("redis-server")}};
}

// What the install tool and the server share. Temporary tables go to the private directory:
// two mariadb-install-db runs side by side in one /tmp can clash on a temporary table's
// file name, and one of them then fails with "Unknown table 'mysql.tmp_user_sys'".
// InnoDB is small: a 96 MB redo log and 128 MB of pages per server were most of what a
// test run's three or four servers side by side wrote and held.
QStringList privateMariaDbOptions(const QString &dir)
{
    return {QStringLiteral("--tmpdir=") + dir, QStringLiteral("--innodb-buffer-pool-size=32M"),
            QStringLiteral("--innodb-log-file-size=8M")};
}

bool isAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

// mariadbd runs as the user it is told (root must say so: --user=root).
QString currentUser()
{
    const passwd *pw = ::getpwuid(::geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QStringLiteral("root");
}

// PostgreSQL refuses root: as root its processes run as "nobody".
struct RunAs
{
    int uid = -1;
    int gid = -1;
};

RunAs runAsFor(ServerKind kind)
{
    if (kind != ServerKind::Postgres || ::geteuid() != 0)
        return {};
    const passwd *pw = ::getpwnam("nobody");
    return pw ? RunAs{int(pw->pw_uid), int(pw->pw_gid)} : RunAs{};
}

} // namespace

PrivateServer::PrivateServer(ServerKind kind)
    : m_kind(kind)
{ }

PrivateServer::~PrivateServer()
{
    stop();
}

QString PrivateServer::missingBinaries(ServerKind kind)
{
    for (const auto &[program, package] : programsOf(kind))
        if (findProgram(program).isEmpty())
            return tr("%1 is not installed: the program %2 is missing (Debian package %3)")
                .arg(ServerAddress::kindName(kind), program, package);
    // Without Qt's driver the server would start and never be seen to answer.
    const QString driver = ServerAddress::sqlDriver(kind);
    if (kind != ServerKind::Redis && !QSqlDatabase::isDriverAvailable(driver))
        return ServerAddress::tr("the Qt SQL driver %1 is missing (Debian package %2)")
            .arg(driver, ServerAddress::sqlDriverPackage(kind));
    return {};
}

bool PrivateServer::start(QString *error, const Progress &progress, const Cancelled &cancelled)
{
    stop();
    QElapsedTimer clock;
    clock.start();
    auto say = [&](const QString &text) {
        if (progress)
            progress(text);
    };
    const QString name = ServerAddress::kindName(m_kind);
    if (const QString missing = missingBinaries(m_kind); !missing.isEmpty()) {
        *error = missing;
        return false;
    }
    removeStaleDirectories();
    const bool ok = prepare(error, say, cancelled) && (say(tr("Starting %1…").arg(name)), launch(error)) &&
        (say(tr("Waiting for %1 to answer…").arg(name)), waitUntilAnswering(error, cancelled));
    if (!ok) {
        stop();
        return false;
    }
    m_startSeconds = clock.elapsed() / 1000.0;
    say(tr("%1 is ready (%2 s).").arg(name).arg(m_startSeconds, 0, 'f', 1));
    return true;
}

// The directory, its marker, and the data directory for the SQL servers.
bool PrivateServer::prepare(QString *error, const Progress &say, const Cancelled &cancelled)
{
    m_dir =
        std::make_unique<QTemporaryDir>(QDir::tempPath() + u'/' + QLatin1String(DirPrefix) + QStringLiteral("XXXXXX"));
    if (!m_dir->isValid()) {
        *error = tr("cannot create a temporary directory: %1").arg(m_dir->errorString());
        return false;
    }
    writeMarker(0);
    const RunAs as = runAsFor(m_kind);
    if (as.uid >= 0 && ::chown(QFile::encodeName(m_dir->path()).constData(), uid_t(as.uid), gid_t(as.gid)) != 0) {
        *error = tr("cannot give %1 to the user nobody, as PostgreSQL will not run as root").arg(m_dir->path());
        return false;
    }
    const QString data = m_dir->filePath(QStringLiteral("data"));
    const QString name = ServerAddress::kindName(m_kind);
    if (m_kind == ServerKind::MariaDb) {
        say(tr("Creating the %1 data directory…").arg(name));
        return runTool(findProgram(QStringLiteral("mariadb-install-db")),
                       QStringList{QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + data,
                        QStringLiteral("--user=") + currentUser(),
                        QStringLiteral("--auth-root-authentication-method=normal"), QStringLiteral("--skip-test-db")}
                           + privateMariaDbOptions(m_dir->path()),
                       error, cancelled);
    }
    if (m_kind == ServerKind::Postgres) {
        say(tr("Creating the %1 data directory…").arg(name));
        return runTool(findProgram(QStringLiteral("initdb")),
                       {QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("interleave"),
                        QStringLiteral("--auth=trust"), QStringLiteral("--no-sync"), QStringLiteral("-E"),
                        QStringLiteral("UTF8"), QStringLiteral("--locale=C")},
                       error, cancelled);
    }
    return true;
}

std::unique_ptr<QProcess> PrivateServer::process(const QString &program, const QStringList &args) const
{
    auto p = std::make_unique<QProcess>();
    p->setProgram(program);
    p->setArguments(args);
    p->setWorkingDirectory(m_dir->path());
    p->setStandardInputFile(QProcess::nullDevice());
    p->setStandardOutputFile(m_dir->filePath(QStringLiteral("server.log")), QIODevice::Append);
    p->setProcessChannelMode(QProcess::MergedChannels);
    const RunAs as = runAsFor(m_kind);
    // In the child: drop to the unprivileged user, then ask for SIGTERM when we die
    // (after the user change, which would clear it), so a crash leaves no server running.
    p->setChildProcessModifier([as] {
        if (as.uid >= 0 &&
            (::setgroups(0, nullptr) != 0 || ::setgid(gid_t(as.gid)) != 0 || ::setuid(uid_t(as.uid)) != 0))
            ::_exit(126);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
    return p;
}

bool PrivateServer::runTool(const QString &program, const QStringList &args, QString *error, const Cancelled &cancelled)
{
    auto p = process(program, args);
    p->start();
    QElapsedTimer clock;
    clock.start();
    while (!p->waitForFinished(50)) {
        if (p->state() == QProcess::NotRunning)
            break;
        if ((cancelled && cancelled()) || clock.elapsed() > AnswerTimeoutMs) {
            p->kill();
            p->waitForFinished(5000);
            *error = cancelled && cancelled() ? tr("cancelled") : tr("%1 did not finish within 60 s").arg(program);
            return false;
        }
    }
    if (p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0)
        return true;
    *error = tr("%1 failed (exit code %2): %3").arg(QFileInfo(program).fileName()).arg(p->exitCode()).arg(logTail());
    return false;
}

QStringList PrivateServer::serverArguments() const
{
    const QString dir = m_dir->path();
    const QString data = m_dir->filePath(QStringLiteral("data"));
    switch (m_kind) {
    case ServerKind::MariaDb:
        return QStringList{QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + data,
                QStringLiteral("--socket=") + dir + QStringLiteral("/mysqld.sock"), QStringLiteral("--skip-networking"),
                QStringLiteral("--pid-file=") + dir + QStringLiteral("/mysqld.pid"),
                QStringLiteral("--user=") + currentUser(),
                // A throwaway server needs no durability: no flush per commit (PostgreSQL: fsync=off).
                QStringLiteral("--innodb-flush-log-at-trx-commit=0"), QStringLiteral("--skip-log-bin"),
                QStringLiteral("--max-connections=210"), // one per request (at most 200) and the runner's own
                QStringLiteral("--log-error=") + dir + QStringLiteral("/server.log")}
            + privateMariaDbOptions(dir);
    case ServerKind::Postgres:
        // No TCP (listen_addresses empty); a short deadlock_timeout so the detector answers
        // a cycle within a step, not after PostgreSQL's default second.
        return {QStringLiteral("-D"), data, QStringLiteral("-k"), dir, QStringLiteral("-c"),
                QStringLiteral("listen_addresses="), QStringLiteral("-c"), QStringLiteral("fsync=off"),
                QStringLiteral("-c"), QStringLiteral("deadlock_timeout=100ms"),
                // One connection per request (a variant has at most 200) and the runner's own.
                QStringLiteral("-c"), QStringLiteral("max_connections=210"), QStringLiteral("-c"),
                QStringLiteral("shared_buffers=16MB")};
    case ServerKind::Redis:
        break;
    }
    return {QStringLiteral("--port"),
            QStringLiteral("0"),
            QStringLiteral("--unixsocket"),
            dir + QStringLiteral("/redis.sock"),
            QStringLiteral("--unixsocketperm"),
            QStringLiteral("700"),
            QStringLiteral("--save"),
            QString(),
            QStringLiteral("--appendonly"),
            QStringLiteral("no"),
            QStringLiteral("--dir"),
            dir};
}

bool PrivateServer::launch(QString *error)
{
    const QString program = findProgram(programsOf(m_kind).constLast().first);
    m_server = process(program, serverArguments());
    m_server->start();
    if (!m_server->waitForStarted(10000)) {
        *error = tr("%1 did not start: %2").arg(program, m_server->errorString());
        return false;
    }
    writeMarker(m_server->processId());
    return true;
}

bool PrivateServer::waitUntilAnswering(QString *error, const Cancelled &cancelled)
{
    QElapsedTimer clock;
    clock.start();
    const QString name = ServerAddress::kindName(m_kind);
    for (;;) {
        if (m_server->waitForFinished(50) || m_server->state() == QProcess::NotRunning) {
            *error = tr("%1 stopped while starting: %2").arg(name, logTail());
            return false;
        }
        if (cancelled && cancelled()) {
            *error = tr("cancelled");
            return false;
        }
        if (answers())
            return true;
        if (clock.elapsed() > AnswerTimeoutMs) {
            *error = tr("%1 did not answer within 60 s: %2").arg(name, logTail());
            return false;
        }
    }
}

bool PrivateServer::answers() const
{
    const ServerAddress a = address();
    const QString socketFile = m_kind == ServerKind::Postgres ? a.socket + QStringLiteral("/.s.PGSQL.5432") : a.socket;
    if (!QFileInfo::exists(socketFile))
        return false;
    if (m_kind == ServerKind::Redis) {
#ifdef INTERLEAVE_HAVE_HIREDIS
        redisContext *c = redisConnectUnix(QFile::encodeName(a.socket).constData());
        bool ok = false;
        if (c && !c->err) {
            auto *reply = static_cast<redisReply *>(redisCommand(c, "PING"));
            ok = reply && reply->type == REDIS_REPLY_STATUS && qstrcmp(reply->str, "PONG") == 0;
            freeReplyObject(reply);
        }
        redisFree(c);
        return ok;
#else
        return true; // without hiredis, the socket alone says it listens
#endif
    }
    const QString connection = QStringLiteral("interleave-probe-%1").arg(quintptr(this));
    bool ok = false;
    {
        QString ignored;
        QSqlDatabase db = a.addSqlDatabase(connection, &ignored);
        ok = db.isValid() && db.open();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

ServerAddress PrivateServer::address() const
{
    ServerAddress a;
    a.kind = m_kind;
    if (!m_dir)
        return a;
    switch (m_kind) {
    case ServerKind::MariaDb:
        a.socket = m_dir->filePath(QStringLiteral("mysqld.sock"));
        a.user = QStringLiteral("root");
        break;
    case ServerKind::Postgres:
        a.socket = m_dir->path();
        a.port = 5432;
        a.user = QStringLiteral("interleave");
        a.database = QStringLiteral("postgres");
        break;
    case ServerKind::Redis:
        a.socket = m_dir->filePath(QStringLiteral("redis.sock"));
        break;
    }
    return a;
}

void PrivateServer::stop()
{
    if (m_server && m_server->state() != QProcess::NotRunning) {
        // PostgreSQL: SIGINT is the fast shutdown (SIGTERM would wait for every client).
        ::kill(pid_t(m_server->processId()), m_kind == ServerKind::Postgres ? SIGINT : SIGTERM);
        if (!m_server->waitForFinished(15000)) {
            m_server->kill();
            m_server->waitForFinished(5000);
        }
    }
    m_server.reset();
    m_dir.reset(); // QTemporaryDir removes it
}

bool PrivateServer::isRunning() const
{
    return m_server && m_server->state() == QProcess::Running;
}

qint64 PrivateServer::pid() const
{
    return isRunning() ? m_server->processId() : 0;
}

QString PrivateServer::directory() const
{
    return m_dir ? m_dir->path() : QString();
}

void PrivateServer::writeMarker(qint64 serverPid) const
{
    QFile marker(m_dir->filePath(QLatin1String(MarkerName)));
    if (marker.open(QIODevice::WriteOnly | QIODevice::Truncate))
        marker.write(QByteArray::number(QCoreApplication::applicationPid()) + ' ' + QByteArray::number(serverPid) +
                     '\n');
}

QString PrivateServer::logTail() const
{
    QFile log(m_dir ? m_dir->filePath(QStringLiteral("server.log")) : QString());
    if (!log.open(QIODevice::ReadOnly))
        return tr("no log");
    const QList<QByteArray> all = log.readAll().trimmed().split('\n');
    // The servers' own error lines say why; the last lines are often only the tools' advice
    // ("Please check all of the above before submitting a bug report").
    const qsizetype tailStart = std::max<qsizetype>(0, all.size() - 2);
    QList<QByteArray> lines;
    for (qsizetype i = 0; i < tailStart; ++i)
        if (all[i].contains("[ERROR]") || all[i].contains("ERROR:") || all[i].contains("FATAL:"))
            lines << all[i];
    lines = lines.mid(std::max<qsizetype>(0, lines.size() - 2));
    lines << all.mid(tailStart);
    return QString::fromLocal8Bit(lines.join(" | ")).simplified();
}

int PrivateServer::removeStaleDirectories()
{
    QDir temp(QDir::tempPath());
    int removed = 0;
    for (const QString &entry :
         temp.entryList({QLatin1String(DirPrefix) + u'*'}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        QFile marker(temp.filePath(entry) + u'/' + QLatin1String(MarkerName));
        if (!marker.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> pids = marker.readAll().trimmed().split(' ');
        const qint64 owner = pids.value(0).toLongLong(), server = pids.value(1).toLongLong();
        if (owner <= 0 || isAlive(owner))
            continue;
        // Its owner is gone: stop the server if it is still the one in that directory.
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(server));
        if (isAlive(server) && cmdline.open(QIODevice::ReadOnly) &&
            cmdline.readAll().contains(QFile::encodeName(temp.filePath(entry)))) {
            ::kill(pid_t(server), SIGKILL);
            for (int i = 0; i < 100 && isAlive(server); ++i)
                QThread::msleep(20);
        }
        if (QDir(temp.filePath(entry)).removeRecursively())
            ++removed;
    }
    return removed;
}

} // namespace Interleave
