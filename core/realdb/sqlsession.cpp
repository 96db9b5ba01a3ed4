#include "realdb/sqlsession.h"

#include <QDeadlineTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>

namespace Interleave {

namespace {

SqlResult execute(QSqlDatabase &db, const QString &sql)
{
    SqlResult r;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(sql)) {
        r.errorCode = q.lastError().nativeErrorCode();
        r.errorText = q.lastError().databaseText().simplified();
        if (r.errorText.isEmpty())
            r.errorText = q.lastError().text().simplified();
        return r;
    }
    r.ok = true;
    r.rowsAffected = q.numRowsAffected();
    while (q.isSelect() && q.next()) {
        QList<qint64> row;
        for (int c = 0; c < q.record().count(); ++c)
            row << q.value(c).toLongLong();
        r.rows << row;
    }
    return r;
}

} // namespace

SqlSession::SqlSession(const ServerAddress &address)
    : m_address(address)
    , m_connection(QStringLiteral("interleave-session-%1").arg(quintptr(this)))
{
    m_thread.reset(QThread::create([this] { loop(); }));
    m_thread->start();
}

SqlSession::~SqlSession()
{
    post([this] {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    });
    {
        QMutexLocker lock(&m_mutex);
        m_quit = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
}

void SqlSession::post(std::function<void()> job)
{
    QMutexLocker lock(&m_mutex);
    m_jobs.push_back(std::move(job));
    m_wake.wakeAll();
}

void SqlSession::loop()
{
    for (;;) {
        std::function<void()> job;
        {
            QMutexLocker lock(&m_mutex);
            while (m_jobs.empty() && !m_quit)
                m_wake.wait(&m_mutex);
            if (m_jobs.empty())
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job();
    }
}

bool SqlSession::open(const QStringList &setup, qint64 *serverId, QString *error)
{
    {
        QMutexLocker lock(&m_mutex);
        m_busy = true;
        m_result.reset();
    }
    post([this, setup] {
        SqlResult r;
        QSqlDatabase db = m_address.addSqlDatabase(m_connection, &r.errorText);
        if (db.isValid() && !db.open())
            r.errorText = db.lastError().text().simplified();
        if (db.isOpen()) {
            // PostgreSQL's NOTICEs ("drop cascades to …") would go to stderr through libpq.
            if (m_address.kind == ServerKind::Postgres)
                execute(db, QStringLiteral("SET client_min_messages TO warning"));
            r = execute(db,
                        m_address.kind == ServerKind::Postgres ? QStringLiteral("SELECT pg_backend_pid()")
                                                               : QStringLiteral("SELECT CONNECTION_ID()"));
            for (const QString &sql : setup) {
                if (!r.ok)
                    break;
                const SqlResult s = execute(db, sql);
                if (!s.ok)
                    r = s;
            }
        }
        QMutexLocker lock(&m_mutex);
        m_result = r;
        m_busy = false;
        m_done.wakeAll();
    });
    const auto r = result(30000);
    if (!r || !r->ok || r->rows.isEmpty()) {
        *error = r ? r->errorText : QStringLiteral("no answer within 30 s");
        return false;
    }
    *serverId = r->rows.front().value(0);
    return true;
}

void SqlSession::send(const QString &sql)
{
    {
        QMutexLocker lock(&m_mutex);
        m_busy = true;
        m_result.reset();
    }
    post([this, sql] {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        const SqlResult r = execute(db, sql);
        QMutexLocker lock(&m_mutex);
        m_result = r;
        m_busy = false;
        m_done.wakeAll();
    });
}

bool SqlSession::isBusy() const
{
    QMutexLocker lock(&m_mutex);
    return m_busy;
}

std::optional<SqlResult> SqlSession::result(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QMutexLocker lock(&m_mutex);
    while (m_busy)
        if (!m_done.wait(&m_mutex, deadline))
            return std::nullopt;
    return m_result;
}

SqlResult SqlSession::run(const QString &sql, int timeoutMs)
{
    send(sql);
    if (auto r = result(timeoutMs))
        return *r;
    SqlResult r;
    r.errorText = QStringLiteral("no answer within %1 s").arg(timeoutMs / 1000);
    return r;
}

// "10.11.19-MariaDB-0+deb12u1" -> "10.11"; "15.14 (Debian …)" -> "15".
QString SqlSession::serverVersion(const ServerAddress &address, QString *error)
{
    SqlSession session(address);
    qint64 id = 0;
    QString why;
    if (!session.open({}, &id, &why)) {
        if (error)
            *error = why;
        return {};
    }
    const bool pg = address.kind == ServerKind::Postgres;
    const SqlResult r = session.run(pg ? QStringLiteral("SELECT current_setting('server_version_num')::int")
                                       : QStringLiteral("SELECT CAST(SUBSTRING_INDEX(VERSION(), '.', 1) AS SIGNED) "
                                                        "* 10000 + CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(VERSION(), "
                                                        "'.', 2), '.', -1) AS SIGNED) * 100"));
    if (!r.ok) {
        if (error)
            *error = r.errorText;
        return {};
    }
    const qint64 n = r.rows.value(0).value(0);
    return pg ? QString::number(n / 10000) : QStringLiteral("%1.%2").arg(n / 10000).arg(n / 100 % 100);
}

} // namespace Interleave
