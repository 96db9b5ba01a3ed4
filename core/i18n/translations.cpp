#include "i18n/translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QPointer>
#include <QTranslator>

namespace Interleave {

namespace {

const QString catalogDirectory = QStringLiteral(":/i18n");

struct Installed
{
    QPointer<QTranslator> app;
    QPointer<QTranslator> qt;
    QString language = QStringLiteral("en");
};

Installed &installed()
{
    static Installed state;
    return state;
}

} // namespace

QStringList Translations::availableLanguages()
{
    QStringList languages{QStringLiteral("en")};
    const QStringList files =
        QDir(catalogDirectory).entryList({QStringLiteral("interleave_*.qm")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QString language = file.mid(11, file.size() - 11 - 3);
        if (!languages.contains(language))
            languages.append(language);
    }
    return languages;
}

QString Translations::nativeName(const QString &language)
{
    // As a language menu names them; QLocale would say "American English", "español de España".
    if (language == QLatin1String("en"))
        return QStringLiteral("English");
    if (language == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    if (language == QLatin1String("es"))
        return QStringLiteral("Español");
    QString name = QLocale(language).nativeLanguageName();
    if (name.isEmpty())
        return language;
    name[0] = name[0].toUpper();
    return name;
}

QString Translations::languageFor(const QLocale &locale)
{
    const QStringList available = availableLanguages();
    for (const QString &ui : locale.uiLanguages()) {
        const QString language = ui.section(u'-', 0, 0).section(u'_', 0, 0).toLower();
        if (available.contains(language))
            return language;
    }
    return QStringLiteral("en");
}

QString Translations::install(const QString &language)
{
    Installed &state = installed();
    for (QTranslator *old : {state.app.data(), state.qt.data()}) {
        if (old) {
            QCoreApplication::removeTranslator(old);
            delete old;
        }
    }
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    const QString effective = languageFor(locale);
    state.language = effective;
    QLocale::setDefault(effective == QLatin1String("en") && !language.isEmpty() ? QLocale(QLocale::English) : locale);
    if (effective == QLatin1String("en"))
        return effective; // the source language needs no catalogue

    const QLocale chosen(effective);
    auto *app = new QTranslator(QCoreApplication::instance());
    if (app->load(chosen, QStringLiteral("interleave"), QStringLiteral("_"), catalogDirectory)) {
        QCoreApplication::installTranslator(app);
        state.app = app;
    } else {
        delete app;
    }
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(chosen, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        state.qt = qt;
    } else {
        delete qt;
    }
    return effective;
}

QString Translations::current()
{
    return installed().language;
}

} // namespace Interleave
