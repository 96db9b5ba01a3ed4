#pragma once

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>

namespace Interleave {
struct Session;
}

class QAction;
class QWidget;
class ScenarioSession;

// File › Save session… / Open session…: the scenario (built-in id, or a file,
// embedded), the fix, model and parameters, every move taken (redo included)
// and the cursor, in one .interleave file (core/drivers/session.h). A teacher prepares
// a demo at home and opens it in class exactly where it was left. A bad file
// is reported in one line and changes nothing.
//
// Hook-up in the main window:
//     m_sessions = new SessionActions(m_session, this);
//     fileMenu->addAction(m_sessions->openAction()); fileMenu->addAction(m_sessions->saveAction());
//     m_sessions->setViewState([this] { return QJsonObject{{"presenter", …}}; }, [this](const QJsonObject &v) { … });
//     connect(m_sessions, &SessionActions::failed, this, &MainWindow::showError);
// and for "interleave demo.interleave" on the command line: m_sessions->open(path, &error).
class SessionActions : public QObject
{
    Q_OBJECT
public:
    SessionActions(ScenarioSession *session, QWidget *window);

    QAction *saveAction() const { return m_save; } // Ctrl+Shift+S
    QAction *openAction() const { return m_open; } // Ctrl+Shift+O

    // Optional: what the window wants back besides the engine state (zoom, presenter mode…).
    void setViewState(std::function<QJsonObject()> save, std::function<void(const QJsonObject &)> restore);

    bool save(const QString &path, QString *error) const;
    bool open(const QString &path, QString *error);
    // Puts a session on screen exactly (a lesson's moment too); `path` resolves a relative
    // scenario file and names the file in errors. A session that does not replay changes nothing.
    bool apply(const Interleave::Session &session, const QString &path, QString *error);
    static bool isSessionFile(const QString &path); // by suffix: .interleave

signals:
    void opened(const QString &path);
    void saved(const QString &path); // by File › Save session…
    void failed(const QString &message);

private:
    void setTexts();

    QPointer<ScenarioSession> m_session;
    QPointer<QWidget> m_window;
    QAction *m_save = nullptr;
    QAction *m_open = nullptr;
    std::function<QJsonObject()> m_saveView;
    std::function<void(const QJsonObject &)> m_restoreView;
};
