#pragma once

// A challenge: a scenario variant plus a goal the student reaches by choosing
// the schedule ("lose a deposit", "find every way this loses money", "predict
// every final balance"). The explorer, which knows every interleaving, grades
// it (challengegrader.h). One JSON file per challenge; the built-in course is
// the same files embedded as :/challenges/*.json. See docs/challenge-format.md.

#include "machine/machine.h"
#include "scenario/scenario.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Interleave {

// Which scenario variant a challenge runs on: a strategy (the fix), a model,
// parameters and, for the SQL scenarios, a database flavour and isolation level.
struct ChallengeVariant
{
    QString strategy; // empty: the scenario's first strategy
    ExecutionModel model;
    bool modelGiven = false; // else the scenario's bugModel
    std::optional<DatabaseVariant> database; // empty: the scenario's
    QHash<QString, int64_t> params; // over the scenario's defaults

    // "mutex, Node processes ×2" for choice lists.
    QString describe(const ScenarioSpec &scenario) const;
};

struct ChallengeGoal
{
    enum Kind {
        Reach, // end in a final state where `expression` holds
        Break, // break `rule`, or show `anomaly`, or break any rule
        FindAll, // reach every outcome that breaks a rule
        FixFails, // choose the variant among `choices` where the fix breaks, and break it
        Predict // name every possible final value of `figure`
    };
    // What Break can ask for besides a rule: names of what the engine already detects.
    enum Anomaly {
        AnyBreak, // any outcome that breaks a rule
        LostUpdate, // trace analysis: a write overwrote one it never saw
        Deadlock, // stuck, or the database's detector rolled a transaction back
        StaleLeaseWrite, // Machine::StaleLeaseWrite
        ForeignRelease // Machine::ForeignRelease
    };
    Kind kind = Break;
    QString expression; // Reach: over the final state, in the rules' language
    QString rule; // Break: an invariant id (empty: see anomaly)
    Anomaly anomaly = AnyBreak;
    int maxMoves = 0; // Reach, Break: at most this many moves (0: no limit)
    QString figure; // Predict: a figure's label as written in the scenario
    QList<ChallengeVariant> choices; // FixFails: the variants offered, over `variant`

    static QString kindId(Kind kind); // "reach", "break", "find-all", "fix-fails", "predict"
    static std::optional<Kind> parseKind(const QString &text);
    static QString anomalyId(Anomaly anomaly); // "lost-update", "deadlock", …
    static std::optional<Anomaly> parseAnomaly(const QString &text);
};

struct Challenge
{
    Q_DECLARE_TR_FUNCTIONS(Challenge)
public:
    QString fileName; // where it was loaded from (":/challenges/…" for built-ins)
    QString id;
    QString title; // the goal in a few words, in large type: "Lose a deposit"
    QString goalText; // what to do, one or two sentences
    QString teaches; // what the student learns from it
    QStringList hints; // optional extra hints, shown after the generated ones
    std::shared_ptr<const ScenarioSpec> scenario;
    QString scenarioRef; // as written: a built-in id, or a file relative to the challenge
    ChallengeVariant variant;
    ChallengeGoal goal;
    QMap<QString, QMap<QString, QString>> translations; // language -> English -> translated

    // The variant compiled; for FixFails, choice `choice` (0-based) over the variant.
    std::shared_ptr<const Machine> compile(int choice, QString *error) const;
    // The same with the Reach goal's expression as one more figure, the last
    // (figures never change a state, an outcome or a verdict): what the grader runs.
    std::shared_ptr<const Machine> compileForGrading(int choice, QString *error) const;
    // Predict: the figure's index, matched against its label as written or translated; -1 if none.
    int figureIndex(const Machine &machine) const;
    // "Mutex, Node processes ×2": choice `choice` of a FixFails goal merged over the variant.
    QString choiceLabel(int choice) const;
    int choiceCount() const { return goal.kind == ChallengeGoal::FixFails ? int(goal.choices.size()) : 1; }
    // "Break the rule “balance adds up”", generated from the goal for lists and the CLI.
    QString goalSummary() const;

private:
    ChallengeVariant variantOf(int choice) const;
    std::shared_ptr<const Machine> compileVariant(const ScenarioSpec &spec, int choice, QString *error) const;
};

// One loader for built-in and user challenges: a file loads completely (its
// scenario found, every variant compiled, the goal's names resolved) or not at
// all, with one line "file:line: field: problem".
class ChallengeLoader
{
    Q_DECLARE_TR_FUNCTIONS(ChallengeLoader)
public:
    static constexpr int MaxNesting = 16;
    static constexpr qint64 MaxFileBytes = 1024 * 1024;
    static std::shared_ptr<const Challenge> loadFile(const QString &path, QString *error);
    // `fileName` names the source in errors and resolves a relative scenario file.
    // `allowFiles` false: the scenario must be a built-in (the fuzzer, and built-ins themselves).
    static std::shared_ptr<const Challenge> loadData(const QByteArray &data, const QString &fileName, QString *error,
                                                     bool allowFiles = true);
    // The built-in course, in course order (the files' names: 01-…, 02-…).
    static QList<std::shared_ptr<const Challenge>> loadCourse(QStringList *errors = nullptr);
    // A built-in challenge by id, or a challenge file by path.
    static std::shared_ptr<const Challenge> resolve(const QString &idOrPath, QString *error);
    // The student-facing texts (title, goal, teaches, hints), for translators and localize().
    static QStringList texts(const Challenge &challenge);
};

} // namespace Interleave
