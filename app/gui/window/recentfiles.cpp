#include "window/recentfiles.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace {
const QLatin1String settingsKey("recentFiles");
}

RecentFiles::RecentFiles(bool persistent, QWidget *parent)
    : QObject(parent)
    , m_persistent(persistent)
    , m_menu(new QMenu(tr("Open &Recent"), parent))
{
    m_menu->setObjectName(QStringLiteral("recentMenu"));
    if (m_persistent) {
        // Settings are input from a stranger too: keep only absolute paths, without repeats.
        QStringList saved;
        const QStringList raw = QSettings().value(settingsKey).toStringList();
        for (const QString &path : raw) {
            const QString clean = QDir::cleanPath(path);
            if (QFileInfo(clean).isAbsolute() && !saved.contains(clean))
                saved << clean;
        }
        m_files = saved.mid(0, MaxEntries);
    }
    rebuildMenu();
}

void RecentFiles::add(const QString &path)
{
    if (path.isEmpty())
        return;
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList files = m_files;
    files.removeAll(absolute);
    files.prepend(absolute);
    setFiles(files.mid(0, MaxEntries));
}

void RecentFiles::clear()
{
    setFiles({});
}

void RecentFiles::open(const QString &path)
{
    if (QFileInfo(path).isFile()) {
        emit openRequested(path);
        return;
    }
    QStringList files = m_files;
    files.removeAll(path);
    setFiles(files);
    emit missing(tr("%1 is no longer there; it was taken off the recent files.").arg(QDir::toNativeSeparators(path)));
}

void RecentFiles::setFiles(QStringList files)
{
    if (files == m_files)
        return;
    m_files = std::move(files);
    if (m_persistent)
        QSettings().setValue(settingsKey, m_files);
    rebuildMenu();
    emit changed();
}

void RecentFiles::rebuildMenu()
{
    m_menu->clear();
    for (int i = 0; i < m_files.size(); ++i) {
        const QString &path = m_files[i];
        // A mnemonic per entry (1 … 9, then 0) so the list is one key away; the full path as tip.
        const QString key = i < 9 ? u'&' + QString::number(i + 1) : QStringLiteral("1&0");
        QString name = QFileInfo(path).fileName();
        name.replace(u'&', QLatin1String("&&"));
        QAction *entry = m_menu->addAction(key + u' ' + name);
        entry->setToolTip(QDir::toNativeSeparators(path));
        entry->setStatusTip(QDir::toNativeSeparators(path));
        connect(entry, &QAction::triggered, this, [this, path] { open(path); });
    }
    m_menu->addSeparator();
    QAction *clearAction = m_menu->addAction(tr("&Clear List"), this, &RecentFiles::clear);
    clearAction->setObjectName(QStringLiteral("clearRecentAction"));
    clearAction->setEnabled(!m_files.isEmpty());
    m_menu->setToolTipsVisible(true);
    m_menu->menuAction()->setEnabled(!m_files.isEmpty());
}
