#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QMenu;
class QWidget;

// The language the window speaks: follows the system locale unless the user
// picks one, and remembers the pick (QSettings "language"; empty = system).
// Switching installs the new catalogues at once and emits languageChanged().
// Widgets do not retranslate themselves (no QEvent::LanguageChange handlers):
// the main window answers with MainWindow::languageSwitched(), and main()
// replaces it by a new window built from its snapshot, so that every text,
// the scenarios' own included (translated when a scenario is loaded), is made
// anew in the new language.
//
// Hook-up: in MainWindow::buildMenus(), viewMenu->addMenu(languages->createMenu(this))
// and languageChanged() -> languageSwitched(); in main(), before the first
// window, LanguageManager::applySaved().
class LanguageManager : public QObject
{
    Q_OBJECT
public:
    explicit LanguageManager(QObject *parent = nullptr);

    // Installs the saved choice (or the system's language). Returns the language in effect.
    static QString applySaved();

    QString language() const; // in effect: "en", "de", "es"
    QString choice() const; // saved: "" (system), "en", "de", "es"
    void setChoice(const QString &language); // installs, saves, emits languageChanged

    // "Language" menu: "System default" and one checkable entry per language, each
    // in its own language; kept in sync with the choice and retranslated on a switch.
    QMenu *createMenu(QWidget *parent);

signals:
    void languageChanged(const QString &language);

private:
    void updateMenu();
    QPointer<QMenu> m_menu;
};
