#include "scenario/scenariotexts.h"

#include <QCoreApplication>
#include <QLocale>

namespace Interleave {

void ScenarioTexts::forEach(ScenarioSpec &spec, const std::function<void(QString &text)> &visit)
{
    auto text = [&](QString &t) {
        if (!t.trimmed().isEmpty())
            visit(t);
    };
    text(spec.title);
    text(spec.summary);
    text(spec.explanation);
    for (SeedNote &note : spec.seedNotes) {
        text(note.claim);
        text(note.reality);
    }
    for (ParameterSpec &p : spec.params) {
        text(p.label);
        text(p.help);
    }
    for (ActorSpec &a : spec.actors)
        text(a.name);
    for (StrategySpec &s : spec.strategies) {
        text(s.label);
        text(s.description);
        // Error messages a request fails with: what the student sees on screen.
        for (ProgramSpec &program : s.programs)
            for (LineSpec &line : program.lines)
                for (StepSpec &step : line.steps)
                    text(step.error);
    }
    for (InvariantSpec &inv : spec.invariants) {
        text(inv.label);
        text(inv.explanation);
    }
    for (FigureSpec &f : spec.figures)
        text(f.label);
}

QStringList ScenarioTexts::list(const ScenarioSpec &spec)
{
    QStringList texts;
    ScenarioSpec copy = spec;
    forEach(copy, [&](QString &t) {
        if (!texts.contains(t))
            texts.append(t);
    });
    return texts;
}

QString ScenarioTexts::translate(const ScenarioSpec &spec, const QString &language, const QString &text)
{
    // "de_AT" first, then "de".
    for (const QString &key : {language, language.section(u'_', 0, 0)}) {
        const auto it = spec.translations.constFind(key);
        if (it != spec.translations.constEnd()) {
            const QString found = it->value(text);
            if (!found.isEmpty())
                return found;
        }
    }
    return QCoreApplication::translate("Scenario", text.toUtf8().constData());
}

void ScenarioTexts::localize(ScenarioSpec &spec)
{
    const QLocale locale;
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return;
    const QString language = locale.name();
    forEach(spec, [&](QString &t) { t = translate(spec, language, t); });
}

} // namespace Interleave
