#include "challenge/challengegrader.h"

#include "explore/predictioncheck.h"
#include "trace/traceanalysis.h"

#include <algorithm>

namespace Interleave {

namespace {

bool findable(const ExplorerOutcome &o)
{
    return o.breaksRule && o.kind != ExplorerOutcome::Livelock; // an endless run has no schedule to type
}

// Fewer preemptions first, then fewer moves: what the explorer calls simplest.
bool simpler(const ExplorerOutcome &a, const ExplorerOutcome &b)
{
    return a.preemptions != b.preemptions ? a.preemptions < b.preemptions
                                          : a.schedule.moves.size() < b.schedule.moves.size();
}

} // namespace

std::optional<Preemption> firstPreemption(std::shared_ptr<const Machine> machine, const Schedule &schedule)
{
    Stepper stepper(std::move(machine));
    int last = -1;
    for (size_t i = 0; i < schedule.moves.size(); ++i) {
        const int move = schedule.moves[i];
        if (move != Schedule::Tick && last >= 0 && move != last && stepper.canMove(last)) {
            return Preemption{int(i), last, move, stepper.machine().currentLine(stepper.state(), last)};
        }
        if (!stepper.move(move))
            return std::nullopt;
        if (move != Schedule::Tick)
            last = move;
    }
    return std::nullopt;
}

ChallengeGrader::ChallengeGrader(std::shared_ptr<const Challenge> challenge)
    : m_challenge(std::move(challenge))
{ }

std::unique_ptr<ChallengeGrader> ChallengeGrader::create(std::shared_ptr<const Challenge> challenge, QString *error)
{
    if (!challenge || !challenge->scenario) {
        if (error)
            *error = tr("no challenge");
        return nullptr;
    }
    std::unique_ptr<ChallengeGrader> grader(new ChallengeGrader(challenge));
    for (int choice = 0; choice < challenge->choiceCount(); ++choice) {
        auto machine = challenge->compileForGrading(choice, error);
        if (!machine)
            return nullptr;
        grader->m_machines.push_back(std::move(machine));
    }
    grader->m_results.resize(grader->m_machines.size());
    return grader;
}

ExplorerOptions ChallengeGrader::explorerOptions()
{
    ExplorerOptions options; // every interleaving, with the simplest schedule of each breaking outcome
    options.simplestCounterexamples = true;
    return options;
}

QFuture<ExplorerResult> ChallengeGrader::exploreAsync(int choice, std::shared_ptr<ExplorerControl> control) const
{
    return Explorer::exploreAsync(machine(choice), explorerOptions(), std::move(control));
}

void ChallengeGrader::setExploration(int choice, std::shared_ptr<const ExplorerResult> result)
{
    if (choice >= 0 && choice < choiceCount())
        m_results[size_t(choice)] = std::move(result);
}

bool ChallengeGrader::isExplored() const
{
    return std::all_of(m_results.begin(), m_results.end(), [](const auto &r) { return r != nullptr; });
}

bool ChallengeGrader::exploreAll(ExplorerControl *control)
{
    for (int choice = 0; choice < choiceCount(); ++choice) {
        if (m_results[size_t(choice)])
            continue;
        auto result = std::make_shared<ExplorerResult>(Explorer::explore(*machine(choice), explorerOptions(), control));
        if (result->cancelled)
            return false;
        m_results[size_t(choice)] = std::move(result);
    }
    return true;
}

int ChallengeGrader::outcomeIndex(const Machine &machine, const State &state, int choice) const
{
    const auto &result = m_results.at(size_t(choice));
    if (!result)
        return -1;
    const std::vector<int64_t> key = machine.outcomeKey(state);
    for (size_t i = 0; i < result->outcomes.size(); ++i)
        if (result->outcomes[i].key == key)
            return int(i);
    return -1;
}

bool ChallengeGrader::meetsGoal(const Stepper &stepper, int choice, QString *reason) const
{
    const Machine &m = stepper.machine();
    const State &s = stepper.state();
    const ChallengeGoal &goal = m_challenge->goal;
    if (goal.maxMoves > 0 && stepper.cursor() > goal.maxMoves) {
        *reason = tr("That took %1 moves; the goal allows at most %2.").arg(stepper.cursor()).arg(goal.maxMoves);
        return false;
    }
    const OutcomeVerdict verdict = m.verdict(s);
    if (goal.kind == ChallengeGoal::Reach) {
        const bool reached = m.evaluate(m.figures().back().actual, s) != 0;
        *reason = reached ? tr("The run ends where %1.").arg(goal.expression)
                          : tr("The run ends, but not where %1: %2").arg(goal.expression, m.describeOutcome(s));
        return reached;
    }
    if (goal.kind == ChallengeGoal::FixFails) {
        const QString variant = m_challenge->choiceLabel(choice);
        *reason = verdict.breaksRule ? tr("The fix fails in %1: %2").arg(variant, m.describeOutcome(s))
                                     : tr("The fix holds in %1 for this schedule.").arg(variant);
        return verdict.breaksRule;
    }
    bool met = verdict.breaksRule;
    if (!goal.rule.isEmpty()) {
        met = false;
        for (size_t i = 0; i < m.invariants().size(); ++i)
            if (m.invariants()[i].id == goal.rule)
                met = verdict.brokenRules & (uint64_t(1) << i);
    } else if (goal.anomaly == ChallengeGoal::LostUpdate) {
        met = !analyze(m, stepper.trace()).lostUpdates.empty();
    } else if (goal.anomaly == ChallengeGoal::Deadlock) {
        met = verdict.stuck || verdict.deadlockDetected;
    } else if (goal.anomaly == ChallengeGoal::StaleLeaseWrite) {
        met = verdict.anomalies & Machine::StaleLeaseWrite;
    } else if (goal.anomaly == ChallengeGoal::ForeignRelease) {
        met = verdict.anomalies & Machine::ForeignRelease;
    }
    *reason = met ? tr("Done: %1").arg(m.describeOutcome(s))
                  : tr("Not this time: the run ends with %1").arg(m.describeOutcome(s));
    return met;
}

ChallengeVerdict ChallengeGrader::check(const Schedule &schedule, int choice)
{
    ChallengeVerdict v;
    if (choice < 0 || choice >= choiceCount()) {
        v.reason = tr("There is no variant %1 to choose.").arg(choice + 1);
        return v;
    }
    Stepper stepper(machine(choice));
    QString error;
    if (!stepper.replay(schedule, &error)) {
        v.reason = error;
        return v;
    }
    if (!stepper.machine().isTerminal(stepper.state())) {
        v.reason = tr("The run has not finished yet: keep going until every request is done or stuck.");
        return v;
    }
    v.outcome = outcomeIndex(stepper.machine(), stepper.state(), choice);
    if (m_challenge->goal.kind == ChallengeGoal::FindAll)
        return checkFindAll(stepper, choice);
    if (m_challenge->goal.kind == ChallengeGoal::Predict) {
        v.reason = tr("This challenge is solved by a prediction, not by a schedule.");
        return v;
    }
    v.solved = meetsGoal(stepper, choice, &v.reason);
    return v;
}

ChallengeVerdict ChallengeGrader::checkFindAll(const Stepper &stepper, int choice)
{
    ChallengeVerdict v;
    const Machine &m = stepper.machine();
    v.outcome = outcomeIndex(m, stepper.state(), choice);
    if (!m.verdict(stepper.state()).breaksRule) {
        v.reason = tr("This run breaks no rule: %1").arg(m.describeOutcome(stepper.state()));
    } else if (v.outcome < 0) {
        v.reason = tr("This run breaks a rule; the explorer has not finished, so it cannot say which outcome yet.");
    } else if (std::any_of(m_found.begin(), m_found.end(),
                           [&](const FoundOutcome &f) { return f.outcome == v.outcome; })) {
        v.reason = tr("Found before: %1").arg(m_results[0]->outcomes[size_t(v.outcome)].description);
    } else {
        v.newlyFound = true;
        m_found.push_back(
            {v.outcome, m_results[0]->outcomes[size_t(v.outcome)].description, stepper.schedule().toString(m)});
        v.reason = tr("New: %1").arg(m_found.back().description);
    }
    v.solved = targetCount() >= 0 && int(m_found.size()) >= targetCount();
    v.reason += u' ' + progressText();
    return v;
}

ChallengeVerdict ChallengeGrader::checkPrediction(const std::vector<int64_t> &values) const
{
    ChallengeVerdict v;
    if (m_challenge->goal.kind != ChallengeGoal::Predict) {
        v.reason = tr("This challenge is solved by a schedule, not by a prediction.");
        return v;
    }
    if (!m_results[0]) {
        v.reason = tr("The explorer has not finished: it cannot grade a prediction yet.");
        return v;
    }
    const int figure = m_challenge->figureIndex(*machine());
    const PredictionCheck check = PredictionCheck::check(*machine(), *m_results[0], figure, values);
    v.solved = check.allRight() && check.complete;
    v.reason = check.summary();
    return v;
}

int ChallengeGrader::targetCount() const
{
    if (!m_results[0])
        return -1;
    const auto &outcomes = m_results[0]->outcomes;
    return int(std::count_if(outcomes.begin(), outcomes.end(), findable));
}

QString ChallengeGrader::progressText() const
{
    const int target = targetCount();
    if (target < 0)
        return tr("%n found; the explorer is still counting how many there are.", nullptr, int(m_found.size()));
    return tr("%1 of %2 found.").arg(m_found.size()).arg(target);
}

void ChallengeGrader::restoreFound(const QStringList &schedules)
{
    for (const QString &text : schedules)
        if (const auto schedule = Schedule::parse(text, *machine(), nullptr))
            check(*schedule);
}

std::optional<Schedule> ChallengeGrader::simplestSolution(int *choiceOut) const
{
    const ExplorerOutcome *best = nullptr;
    int bestChoice = -1;
    for (int choice = 0; choice < choiceCount(); ++choice) {
        if (!m_results[size_t(choice)])
            continue;
        const auto &outcomes = m_results[size_t(choice)]->outcomes;
        for (size_t i = 0; i < outcomes.size(); ++i) {
            const ExplorerOutcome &o = outcomes[i];
            if (o.kind == ExplorerOutcome::Livelock || (best && !simpler(o, *best)))
                continue;
            const bool wanted = [&] {
                switch (m_challenge->goal.kind) {
                case ChallengeGoal::FindAll:
                    return findable(o) && std::none_of(m_found.begin(), m_found.end(), [&](const FoundOutcome &f) {
                               return f.outcome == int(i);
                           });
                case ChallengeGoal::Predict:
                    return o.breaksRule;
                default: {
                    Stepper stepper(machine(choice));
                    QString reason;
                    return stepper.replay(o.schedule, nullptr) && meetsGoal(stepper, choice, &reason);
                }
                }
            }();
            if (wanted) {
                best = &o;
                bestChoice = choice;
            }
        }
    }
    if (choiceOut)
        *choiceOut = bestChoice;
    return best ? std::optional<Schedule>(best->schedule) : std::nullopt;
}

ChallengeHint ChallengeGrader::hint(int level) const
{
    if (level >= 2 && level < hintCount())
        return ChallengeHint{m_challenge->hints.at(level - 2), -1, -1, {}};
    int choice = 0;
    const std::optional<Schedule> schedule = simplestSolution(&choice);
    if (!schedule)
        return ChallengeHint{isExplored() ? tr("The explorer found no schedule that solves this challenge.")
                                          : tr("Wait for the explorer: hints come from its schedules."),
                             -1,
                             -1,
                             {}};
    return level <= 0 ? raceLineHint(*schedule, choice) : preemptionHint(*schedule, choice);
}

ChallengeHint ChallengeGrader::raceLineHint(const Schedule &schedule, int choice) const
{
    ChallengeHint h;
    const Machine &m = *machine(choice);
    const std::optional<Preemption> p = firstPreemption(machine(choice), schedule);
    const QString variant = choiceCount() > 1 ? tr("In %1: ").arg(m_challenge->choiceLabel(choice)) : QString();
    if (!p || p->fromLine < 0) {
        const auto tick = std::find(schedule.moves.begin(), schedule.moves.end(), Schedule::Tick);
        h.text = variant +
            (tick == schedule.moves.end()
                 ? tr("No request has to be interrupted: running them one after another in the right order is "
                      "enough.")
                 : tr("No request has to be interrupted: what matters is when time passes (~). The simplest "
                      "schedule lets it pass after move %1.")
                       .arg(tick - schedule.moves.begin()));
        return h;
    }
    h.program = m.actor(p->from).program;
    h.line = p->fromLine;
    const QString code = m.program(h.program).lines[size_t(h.line)].code.trimmed();
    h.text = variant +
        tr("The race is at line %1: \"%2\". What if another request runs just before %3 runs it?")
            .arg(h.line + 1)
            .arg(code, m.actor(p->from).name);
    return h;
}

ChallengeHint ChallengeGrader::preemptionHint(const Schedule &schedule, int choice) const
{
    ChallengeHint h = raceLineHint(schedule, choice);
    const Machine &m = *machine(choice);
    const std::optional<Preemption> p = firstPreemption(machine(choice), schedule);
    if (!p) {
        h.text = tr("The simplest schedule needs no interruption: %1").arg(schedule.toString(m));
        h.schedulePrefix = schedule.toString(m);
        return h;
    }
    Schedule prefix;
    prefix.moves.assign(schedule.moves.begin(), schedule.moves.begin() + p->index + 1);
    h.schedulePrefix = prefix.toString(m);
    h.text = tr("The simplest counterexample starts \"%1\": after move %2, %3 is interrupted and %4 runs.")
                 .arg(h.schedulePrefix)
                 .arg(p->index)
                 .arg(m.actor(p->from).name, m.actor(p->to).name);
    return h;
}

} // namespace Interleave
