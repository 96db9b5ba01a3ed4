#pragma once

// Grades a challenge: says whether a schedule (or a prediction) solves it and
// why not, keeps the outcomes a "find every" challenge has found so far, and
// gives hints. Whatever needs every interleaving comes from the explorer:
// run exploreAsync() (or Explorer objects) off the GUI thread and hand each
// result over with setExploration(); check() of a Reach, Break or FixFails
// goal needs none. Pure values, no widgets.

#include "challenge/challenge.h"
#include "drivers/stepper.h"
#include "explore/explorer.h"

#include <QCoreApplication>
#include <QFuture>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace Interleave {

struct ChallengeVerdict
{
    bool solved = false;
    bool newlyFound = false; // find-all: this schedule found an outcome not found before
    int outcome = -1; // index into the exploration's outcomes, when known
    QString reason; // one or two sentences: why solved, or what is still missing
};

// One breaking outcome a "find every" challenge has found, and how.
struct FoundOutcome
{
    int outcome = -1; // index into the exploration's outcomes
    QString description;
    QString schedule; // the student's, as "A B A B"
};

struct ChallengeHint
{
    QString text;
    int line = -1; // the race's line (0-based) in `program`'s code, when the hint names one
    int program = -1;
    QString schedulePrefix; // the simplest counterexample up to its first preemption
};

class ChallengeGrader
{
    Q_DECLARE_TR_FUNCTIONS(ChallengeGrader)
public:
    // Compiles every variant of the challenge; null with a one-line error.
    static std::unique_ptr<ChallengeGrader> create(std::shared_ptr<const Challenge> challenge, QString *error);

    const Challenge &challenge() const { return *m_challenge; }
    // What the schedules run on; for FixFails one per choice. Schedules use the same letters for every choice.
    std::shared_ptr<const Machine> machine(int choice = 0) const { return m_machines.at(size_t(choice)); }
    int choiceCount() const { return int(m_machines.size()); }

    // ---- Explorations: one per choice ----
    static ExplorerOptions explorerOptions();
    QFuture<ExplorerResult> exploreAsync(int choice, std::shared_ptr<ExplorerControl> control) const;
    void setExploration(int choice, std::shared_ptr<const ExplorerResult> result);
    std::shared_ptr<const ExplorerResult> exploration(int choice = 0) const { return m_results.at(size_t(choice)); }
    bool isExplored() const; // every choice has its result
    // Runs every missing exploration on the calling thread (the CLI, tests). False when cancelled.
    bool exploreAll(ExplorerControl *control = nullptr);

    // ---- Grading ----
    // Replays the schedule on `choice`'s variant; find-all remembers a new outcome.
    ChallengeVerdict check(const Schedule &schedule, int choice = 0);
    ChallengeVerdict checkPrediction(const std::vector<int64_t> &values) const; // Predict
    // Find-all: how many breaking outcomes there are (-1 before the exploration), and those found.
    int targetCount() const;
    const std::vector<FoundOutcome> &found() const { return m_found; }
    QString progressText() const; // "2 of 3 found"
    // Checks stored schedules again (ChallengeProgress::schedules), so found outcomes come back.
    void restoreFound(const QStringList &schedules);

    // ---- Hints ----
    // 0: the line where the race is; 1: the simplest counterexample's first preemption;
    // then the challenge's own hints. Needs the exploration.
    int hintCount() const { return 2 + int(m_challenge->hints.size()); }
    ChallengeHint hint(int level) const;
    // The simplest schedule that solves the challenge (or finds an outcome not yet
    // found), for hints and the success screen; empty before the exploration.
    std::optional<Schedule> simplestSolution(int *choice = nullptr) const;

private:
    explicit ChallengeGrader(std::shared_ptr<const Challenge> challenge);
    // Whether the run that ended in `stepper`'s state meets a Reach, Break or FixFails goal.
    bool meetsGoal(const Stepper &stepper, int choice, QString *reason) const;
    int outcomeIndex(const Machine &machine, const State &state, int choice) const;
    ChallengeVerdict checkFindAll(const Stepper &stepper, int choice);
    ChallengeHint raceLineHint(const Schedule &schedule, int choice) const;
    ChallengeHint preemptionHint(const Schedule &schedule, int choice) const;

    std::shared_ptr<const Challenge> m_challenge;
    std::vector<std::shared_ptr<const Machine>> m_machines;
    std::vector<std::shared_ptr<const ExplorerResult>> m_results;
    std::vector<FoundOutcome> m_found;
};

// The first preemption of a schedule: at move `index`, `to` runs although
// `from` (which moved last) could have gone on. Letting time pass is never one.
struct Preemption
{
    int index = -1;
    int from = -1;
    int to = -1;
    int fromLine = -1; // the line `from` was about to run
};
std::optional<Preemption> firstPreemption(std::shared_ptr<const Machine> machine, const Schedule &schedule);

} // namespace Interleave
