#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Interleave {

// A scenario as written in its file: names, texts and the unparsed step and
// expression sources. Machine::compile turns one strategy of it into
// something runnable. See docs/scenario-format.md.
struct ParameterSpec
{
    QString name;
    QString label;
    QString help;
    qint64 defaultValue = 0;
    qint64 minimum = 0;
    qint64 maximum = 1000000;
};

struct StepSpec
{
    QJsonObject json;
    QString path; // "strategies[1].programs.main[3].steps[0]", for errors
};

struct LineSpec
{
    QString code;
    QString label;
    QList<StepSpec> steps;
};

struct ProgramSpec
{
    QString name;
    QList<LineSpec> lines;
    QString path;
};

struct StrategySpec
{
    QString id;
    QString label; // "Atomic update"
    QString description; // what the fix does and why
    QString fix; // fix family: none, atomic, mutex, optimistic, for-update, ...
    QList<ProgramSpec> programs;
    QJsonObject database; // deadlockDetection, lockWaitTimeoutMs
    QMap<QString, QString> expect; // model ("threads", "eventloop", "instances") -> "safe" | "broken"
    QString path;
};

struct ActorSpec
{
    QString name; // may contain %1 for the actor's letter
    QString program;
    QString repeat; // count expression over parameters, default "1"
    QList<QPair<QString, QString>> locals; // initial locals: name -> expression (may use i)
    QString path;
};

struct InvariantSpec
{
    QString id;
    QString label;
    QString check;
    QString explanation;
    bool always = false;
    QString path;
};

struct FigureSpec
{
    QString label;
    QString actual;
    QString expected;
    QString path;
};

struct SeedNote
{
    QString claim; // what the seed text says happens
    QString reality; // what really happens, and why
};

struct ScenarioSpec
{
    QString fileName; // where it was loaded from (":/scenarios/x.json" for built-ins)
    QString id;
    QString title;
    QString summary;
    QString explanation;
    QString source; // which seed texts it comes from
    QList<SeedNote> seedNotes;
    QList<ParameterSpec> params;
    QJsonObject state;
    QList<ActorSpec> actors;
    QList<StrategySpec> strategies;
    QList<InvariantSpec> invariants;
    QList<FigureSpec> figures;
    QStringList models; // models the scenario offers; default all three
    QString bugModel; // where the first (broken) strategy shows the bug: the scenario opens there
    // "translations": language -> English text -> translated text. The loader applies
    // the default QLocale's language (core/scenario/scenariotexts.h); the map stays for later use.
    QMap<QString, QMap<QString, QString>> translations;

    int strategyIndex(const QString &id) const;
    const ParameterSpec *param(const QString &name) const;
    QMap<QString, qint64> defaultParams() const;
};

// One loader for built-in and user scenarios. A file either loads completely
// (and every strategy compiles under every model with default parameters) or
// not at all, with one line naming the file, the position and the problem.
class ScenarioLoader
{
public:
    // The built-in scenarios nest 9 levels deep; a file nested deeper than this is refused.
    static constexpr int MaxNesting = 32;
    static std::shared_ptr<const ScenarioSpec> loadFile(const QString &path, QString *error);
    static std::shared_ptr<const ScenarioSpec> loadData(const QByteArray &data, const QString &fileName,
                                                        QString *error);
    // Built-ins, from the resource :/scenarios/, sorted by their file name.
    static QList<std::shared_ptr<const ScenarioSpec>> loadBuiltins(QStringList *errors = nullptr);
    // Letters, digits, - and _, starting with a letter or _: what a scenario's "id" may be.
    static bool isValidId(const QString &id);
    // Only a built-in scenario's id ("lost-update"); never opens a file.
    static std::shared_ptr<const ScenarioSpec> builtin(const QString &id, QString *error);
    // Resolves "lost-update" to a built-in, or a path to a file.
    static std::shared_ptr<const ScenarioSpec> resolve(const QString &idOrPath, QString *error);
};

} // namespace Interleave
