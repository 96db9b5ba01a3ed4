#pragma once

#include "realdb/serveraddress.h"
#include "realdb/sqlrunner.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QThread;
class ScenarioSession;

namespace Interleave {
class PrivateServer;
}

// The window's backend toggle (issue 11): the model alone, or a private MariaDB or PostgreSQL
// server that runs the schedule the student steps, statement by statement in lockstep with the
// model, after every move. A banner over the timeline says which server ran it and whether it
// agreed; the timeline, narration and dashboard keep showing the model's trace.
//
// The server lives on one long-lived thread of its own (a private server's processes die with
// the thread that started them), which also runs the schedules one after another: two runs on
// one server would share its schema. A newer move cancels the run of an older one.
class ServerBackend : public QObject
{
    Q_OBJECT
public:
    enum Choice {
        Model,
        MariaDb,
        Postgres
    };
    ServerBackend(ScenarioSession *session, QWidget *parent);
    ~ServerBackend() override; // cancels, stops the server and removes its directory

    QComboBox *box() const { return m_box; }
    QLabel *banner() const { return m_banner; }
    QString bannerText() const; // empty when hidden
    Choice choice() const;
    bool isStarting() const { return m_starting; }
    // Switches; a server is started off the GUI thread (busy() reports its progress).
    void choose(Choice choice);
    void cancel(); // a server being started: back to the model

    // For the settings: "model", "mariadb", "postgres".
    static QString settingName(Choice choice);
    static Choice fromSetting(const QString &name);

signals:
    void busy(const QString &text); // a server starts; empty: no longer
    void message(const QString &text); // for the status bar
    // The server's flavour of the model's database (a PostgreSQL server runs PostgreSQL's).
    void flavourNeeded(Interleave::DatabaseVariant::Flavour flavour);

private:
    void onBoxChanged();
    void updateItems();
    void startServer(Interleave::ServerKind kind);
    void onServerStarted(quint64 job, bool ok, const Interleave::ServerAddress &address, const QString &version,
                         const QString &error);
    void stopServer();
    void runSchedule();
    void showRun(const Interleave::DifferentialRun &run);
    void setChoice(Choice choice); // without starting anything
    QString serverName() const;

    ScenarioSession *m_session = nullptr;
    QComboBox *m_box = nullptr;
    QLabel *m_banner = nullptr;
    QThread *m_thread = nullptr; // the server's thread
    QObject *m_host = nullptr; // lives on m_thread
    std::unique_ptr<Interleave::PrivateServer> m_server; // touched only on m_thread
    std::optional<Interleave::ServerAddress> m_address; // set while a server answers
    QString m_version; // "10.11"
    quint64 m_startJob = 0; // a result for an older start is dropped
    quint64 m_runJob = 0; // likewise for runs
    std::shared_ptr<std::atomic<bool>> m_cancelStart;
    std::shared_ptr<std::atomic<bool>> m_cancelRun;
    QString m_missing[2]; // per server (MariaDB, PostgreSQL): why it cannot start, empty when installed
    bool m_starting = false;
    bool m_updating = false;
};
