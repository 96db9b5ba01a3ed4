#pragma once

// The texts of a scenario that students read (title, explanation, strategy
// labels, rules, error messages, …), walked in one place so that translating
// them and listing them for translators can never disagree.
//
// A scenario file carries its own translations in an optional top-level
// object keyed by language, then by the English text:
//     "translations": {"de": {"Insufficient funds": "Guthaben reicht nicht"}}
// Texts it does not translate fall back to the program's catalogue (context
// "Scenario"), which holds every built-in scenario's texts. See
// docs/scenario-format.md, "Translations".

#include "scenario/scenario.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace Interleave {

class ScenarioTexts
{
public:
    // Calls `visit` with every translatable text, in file order. Program code is not among them.
    static void forEach(ScenarioSpec &spec, const std::function<void(QString &text)> &visit);
    // The same texts, deduplicated, for translators.
    static QStringList list(const ScenarioSpec &spec);
    // Translates every text for the default QLocale's language. English leaves the spec as written.
    static void localize(ScenarioSpec &spec);
    // `text` in `language` ("de", "de_AT", …) as the scenario's own translations give it, else from the catalogue.
    static QString translate(const ScenarioSpec &spec, const QString &language, const QString &text);
};

} // namespace Interleave
