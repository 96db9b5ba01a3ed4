#pragma once

#include <QObject>
#include <QStringList>

class QMenu;
class QWidget;

// File › Open Recent: the scenario and session files opened or saved last, newest first, at
// most MaxEntries, kept in QSettings between runs. A file that has gone when it is chosen is
// taken off the list and reported (missing()) instead of failing deep in the loader.
//
// Hook-up in the main window:
//     m_recent = new RecentFiles(persistent, this);
//     fileMenu->addMenu(m_recent->menu());
//     connect(m_recent, &RecentFiles::openRequested, this, &MainWindow::openScenario);
//     connect(m_recent, &RecentFiles::missing, this, &MainWindow::showError);
//     connect(files, &ScenarioFiles::opened, m_recent, &RecentFiles::add);
class RecentFiles : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxEntries = 10;

    // `persistent`: read the list from QSettings now and write it back on every change
    // (off for tests and screenshots, which must not touch the user's settings).
    RecentFiles(bool persistent, QWidget *parent);

    QMenu *menu() const { return m_menu; } // "Open &Recent": &1 … &9, 1&0, then "&Clear List"
    QStringList files() const { return m_files; } // absolute paths, newest first

public slots:
    void add(const QString &path); // to the front; an entry already listed moves up
    void clear();
    // openRequested(path) if the file is still there; otherwise it leaves the list and missing() says so.
    void open(const QString &path);

signals:
    void openRequested(const QString &path);
    void missing(const QString &message);
    void changed();

private:
    void setFiles(QStringList files);
    void rebuildMenu();

    bool m_persistent = false;
    QStringList m_files;
    QMenu *m_menu = nullptr;
};
