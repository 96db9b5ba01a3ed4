#pragma once

// Which language the program speaks. English is the source language; German
// and Spanish catalogues are compiled from translations/*.ts and embedded as
// :/i18n/interleave_<lang>.qm by the interleave_translations library, which
// the GUI and the CLI link. Qt's own strings (dialog buttons, …) come from the
// system's qtbase_<lang>.qm. Core-only, so the CLI uses it as the GUI does.

#include <QLocale>
#include <QString>
#include <QStringList>

namespace Interleave {

class Translations
{
public:
    // "en" plus every language with an embedded catalogue, e.g. {"en", "de", "es"}.
    static QStringList availableLanguages();
    // The language's own name for itself: "Deutsch", "Español", "English".
    static QString nativeName(const QString &language);
    // The catalogue language that serves `locale` ("de" for de_AT), or "en".
    static QString languageFor(const QLocale &locale);

    // Installs the catalogues for `language` ("de", "es", "en"; empty: follow the
    // system locale), replacing any installed before, and makes it the default
    // QLocale so that numbers and scenario texts follow. Returns the language in
    // effect. Needs a QCoreApplication.
    static QString install(const QString &language = QString());
    static QString current();
};

} // namespace Interleave
