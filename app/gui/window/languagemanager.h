#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QMenu;
class QWidget;

// The language the window speaks: follows the system locale unless the user
// picks one, and remembers the pick (QSettings "language"; empty = system).
// Switching installs the new catalogues at once: Qt then sends every widget a
// QEvent::LanguageChange, on which it re-sets its texts (changeEvent), and
// languageChanged() tells owners of texts that are not widgets, such as the
// loaded scenarios, whose texts are translated when they are loaded.
//
// Hook-up in the main window:
//     auto *languages = new LanguageManager(this);
//     viewMenu->addMenu(languages->createMenu(this));
//     connect(languages, &LanguageManager::languageChanged, this, &MainWindow::reloadScenarioTexts);
// and in main(), before the first window: LanguageManager::applySaved();
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
