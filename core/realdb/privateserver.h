#pragma once

// A private, throwaway database server: MariaDB (mariadb-install-db + mariadbd),
// PostgreSQL (initdb + postgres) or Redis (redis-server), started in a fresh temporary
// directory, listening on a Unix socket there and on no TCP port, as the current user.
// No system service is used or touched. Destruction stops it and removes the directory;
// a marker file with our pid lets the next start remove what a crash left behind.
//
// Root: PostgreSQL refuses to run as root, so its processes run as the user "nobody",
// who is given the directory; mariadbd runs with --user=root.
//
// Use it from one long-lived thread (the one that started it): the servers get a
// parent-death signal, which Linux sends when the starting thread ends.

#include "realdb/serveraddress.h"

#include <QCoreApplication>
#include <QString>

#include <functional>
#include <memory>

class QProcess;
class QTemporaryDir;

namespace Interleave {

class PrivateServer
{
    Q_DECLARE_TR_FUNCTIONS(PrivateServer)
public:
    using Progress = std::function<void(const QString &)>;
    using Cancelled = std::function<bool()>;

    explicit PrivateServer(ServerKind kind);
    ~PrivateServer();
    PrivateServer(const PrivateServer &) = delete;
    PrivateServer &operator=(const PrivateServer &) = delete;

    // Creates, starts and waits until the server answers. Progress gets one sentence per
    // phase; cancelled() is asked every 50 ms. False with one line in `error`.
    bool start(QString *error, const Progress &progress = {}, const Cancelled &cancelled = {});
    void stop(); // stops the server and removes its directory; start() may be called again
    bool isRunning() const;
    ServerKind kind() const { return m_kind; }
    ServerAddress address() const; // valid after start()
    qint64 pid() const; // the server process, 0 when none
    QString directory() const; // the temporary directory, empty when none
    double startSeconds() const { return m_startSeconds; } // how long the last start() took

    // Empty when the binaries are installed; else one line naming the missing program
    // and the Debian package that provides it.
    static QString missingBinaries(ServerKind kind);
    // Removes directories of private servers whose owning process is gone (a crash, a
    // kill), after killing their server if it still runs. Returns how many.
    static int removeStaleDirectories();
    // The marker file in each private server's directory: "owner pid, server pid".
    static constexpr const char *MarkerName = "interleave-owner";

private:
    bool prepare(QString *error, const Progress &progress, const Cancelled &cancelled);
    bool launch(QString *error);
    bool waitUntilAnswering(QString *error, const Cancelled &cancelled);
    bool answers() const;
    bool runTool(const QString &program, const QStringList &args, QString *error, const Cancelled &cancelled);
    QStringList serverArguments() const;
    void writeMarker(qint64 serverPid) const;
    QString logTail() const;
    std::unique_ptr<QProcess> process(const QString &program, const QStringList &args) const;

    ServerKind m_kind;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_server;
    double m_startSeconds = 0;
};

} // namespace Interleave
