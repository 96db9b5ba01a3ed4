#include "window/languagemanager.h"

#include "i18n/translations.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QSettings>

using namespace Interleave;

namespace {
const QString settingsKey = QStringLiteral("language");
}

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
{ }

QString LanguageManager::applySaved()
{
    const QString saved = QSettings().value(settingsKey).toString();
    const QStringList available = Translations::availableLanguages();
    return Translations::install(available.contains(saved) ? saved : QString());
}

QString LanguageManager::language() const
{
    return Translations::current();
}

QString LanguageManager::choice() const
{
    return QSettings().value(settingsKey).toString();
}

void LanguageManager::setChoice(const QString &language)
{
    QSettings().setValue(settingsKey, language);
    const QString before = Translations::current();
    const QString now = Translations::install(language);
    updateMenu();
    if (now != before)
        emit languageChanged(now);
}

QMenu *LanguageManager::createMenu(QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("languageMenu"));
    auto *group = new QActionGroup(menu);
    group->setExclusive(true);
    auto add = [&](const QString &code) {
        auto *action = menu->addAction(QString());
        action->setCheckable(true);
        action->setData(code);
        action->setObjectName(QStringLiteral("language_") + (code.isEmpty() ? QStringLiteral("system") : code));
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] { setChoice(code); });
    };
    add(QString());
    menu->addSeparator();
    for (const QString &code : Translations::availableLanguages())
        add(code);
    m_menu = menu;
    updateMenu();
    return menu;
}

void LanguageManager::updateMenu()
{
    if (!m_menu)
        return;
    m_menu->setTitle(tr("&Language"));
    const QString current = choice();
    for (QAction *action : m_menu->actions()) {
        if (action->isSeparator())
            continue;
        const QString code = action->data().toString();
        // Each language in its own name, so that whoever cannot read the current one still finds theirs.
        action->setText(
            code.isEmpty()
                ? tr("System default (%1)").arg(Translations::nativeName(Translations::languageFor(QLocale::system())))
                : Translations::nativeName(code));
        action->setChecked(code == current);
    }
}
