#include "window/scenariofiles.h"

#include "window/scenariolibrary.h"
#include "window/scenariosession.h"

#include <QFileInfo>

using namespace Interleave;

ScenarioFiles::ScenarioFiles(ScenarioSession *session, ScenarioLibrary *library, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_library(library)
{
    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(250);
    connect(&m_reloadTimer, &QTimer::timeout, this, [this] { reload(m_pendingReload); });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &path) {
        m_pendingReload = path;
        m_reloadTimer.start();
    });
}

void ScenarioFiles::watch(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (!m_watcher.files().contains(absolute))
        m_watcher.addPath(absolute);
}

bool ScenarioFiles::open(const QString &path)
{
    QString error;
    auto spec = ScenarioLoader::loadFile(path, &error);
    if (!spec) {
        emit failed(tr("%1 — nothing was loaded; the current scenario stays.").arg(error), error);
        return false;
    }
    if (!m_session->setScenario(spec, {}, {}, {}, &error)) {
        emit failed(error, error);
        return false;
    }
    m_library->addUserScenario(spec);
    m_library->setCurrent(spec.get(), m_session->strategyId());
    watch(path);
    emit opened(path);
    emit loaded(tr("Loaded %1. It reloads by itself when you save it.").arg(QFileInfo(path).absoluteFilePath()));
    return true;
}

std::shared_ptr<const ScenarioSpec> ScenarioFiles::find(const QString &idOrPath)
{
    if (idOrPath.isEmpty())
        return nullptr;
    if (const int row = m_library->rowOf(idOrPath); row >= 0)
        return m_library->scenarioAt(row);
    if (!QFileInfo::exists(idOrPath))
        return nullptr;
    QString error;
    auto spec = ScenarioLoader::loadFile(idOrPath, &error); // loaded again: its texts in today's language
    if (spec) {
        m_library->addUserScenario(spec);
        watch(idOrPath);
    }
    return spec;
}

void ScenarioFiles::reload(const QString &path)
{
    // Editors that save by renaming make the watcher lose the path: watch it again.
    if (QFileInfo::exists(path))
        watch(path);
    QString error;
    auto spec = ScenarioLoader::loadFile(path, &error);
    if (!spec) {
        emit failed(tr("%1 changed on disk, but the new version does not load: %2 — the previous version stays loaded.")
                        .arg(QFileInfo(path).fileName(), error),
                    error);
        return;
    }
    m_library->addUserScenario(spec);
    const auto current = m_session->scenario();
    if (!current || QFileInfo(current->fileName).absoluteFilePath() != path) {
        emit loaded(tr("Reloaded %1.").arg(QFileInfo(path).fileName()));
        return;
    }
    // Same variant and the same schedule, as far as the new version allows.
    const Schedule moves = m_session->pinnedSchedule();
    const int cursor = m_session->stepper()->cursor();
    // Parameters the user changed stay; the ones left at the old default follow the file.
    QHash<QString, int64_t> params;
    const auto oldDefaults = current->defaultParams();
    const auto values = m_session->params();
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        if (!oldDefaults.contains(it.key()) || oldDefaults.value(it.key()) != it.value())
            params.insert(it.key(), it.value());
    QString compileError;
    if (!m_session->setScenario(spec, m_session->strategyId(), m_session->model(), params, &compileError)) {
        emit failed(compileError, compileError);
        return;
    }
    QString ignored;
    m_session->loadSchedule(moves, &ignored);
    m_session->seek(std::min(cursor, m_session->stepper()->length()));
    emit loaded(tr("Reloaded %1.").arg(QFileInfo(path).fileName()));
}
