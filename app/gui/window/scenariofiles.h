#pragma once

#include "scenario/scenario.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

class ScenarioLibrary;
class ScenarioSession;

// The user's own scenario files: opening one, finding a scenario by built-in
// id or path, and reloading a file when it is saved, keeping the variant and
// the schedule as far as the new version allows.
class ScenarioFiles : public QObject
{
    Q_OBJECT
public:
    ScenarioFiles(ScenarioSession *session, ScenarioLibrary *library, QObject *parent = nullptr);

    // Loads `path` into the session and watches it; false (and failed()) if it does not load.
    bool open(const QString &path);
    // A built-in by id, or a file (then added to the library and watched); null if neither.
    std::shared_ptr<const Interleave::ScenarioSpec> find(const QString &idOrPath);

signals:
    void failed(const QString &banner, const QString &error); // banner: the line for the window
    void loaded(const QString &message); // for the status line
    void opened(const QString &path); // by open(), not by a reload (File › Open Recent)

private:
    void watch(const QString &path);
    void reload(const QString &path);

    ScenarioSession *m_session = nullptr;
    ScenarioLibrary *m_library = nullptr;
    QFileSystemWatcher m_watcher;
    QTimer m_reloadTimer; // editors save in several writes: reload once they settle
    QString m_pendingReload;
};
