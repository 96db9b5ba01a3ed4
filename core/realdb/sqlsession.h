#pragma once

// One connection to a real SQL server on a thread of its own. Qt SQL connections are
// bound to the thread that opened them, and a statement that waits for a lock blocks
// its thread: so each request gets one SqlSession, and the runner, on its own thread,
// sends statements, polls for their results and asks the server who waits.

#include "realdb/serveraddress.h"

#include <QList>
#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace Interleave {

struct SqlResult
{
    bool ok = false;
    QList<QList<qint64>> rows; // a SELECT's rows, every column as a number (NULL: 0)
    int rowsAffected = -1;
    QString errorCode; // MariaDB's errno ("1213"), PostgreSQL's SQLSTATE ("40001")
    QString errorText;
};

class SqlSession
{
public:
    explicit SqlSession(const ServerAddress &address);
    ~SqlSession(); // closes the connection and ends the thread (after a running statement)
    SqlSession(const SqlSession &) = delete;
    SqlSession &operator=(const SqlSession &) = delete;

    // Opens the connection and runs `setup` statements (isolation level, search path).
    // The server's id of this connection: CONNECTION_ID() or pg_backend_pid().
    bool open(const QStringList &setup, qint64 *serverId, QString *error);
    void send(const QString &sql); // runs in the background; one at a time
    bool isBusy() const;
    // Waits up to timeoutMs for the statement sent last; nullopt while it still runs.
    std::optional<SqlResult> result(int timeoutMs);
    SqlResult run(const QString &sql, int timeoutMs = 30000); // send + result

    // The server's major version: "10.11" (MariaDB), "15" (PostgreSQL); empty with *error
    // set when it does not answer.
    static QString serverVersion(const ServerAddress &address, QString *error = nullptr);

private:
    void post(std::function<void()> job);
    void loop();

    ServerAddress m_address;
    QString m_connection;
    std::unique_ptr<QThread> m_thread;
    mutable QMutex m_mutex;
    QWaitCondition m_wake, m_done;
    std::deque<std::function<void()>> m_jobs;
    bool m_busy = false;
    bool m_quit = false;
    std::optional<SqlResult> m_result;
};

} // namespace Interleave
