// The threaded driver's summary: trials folded into outcome buckets and the figures the
// strategy comparison shows (ThreadedDriver::addToSummary, finishSummary).

#include "drivers/threadeddriver.h"

#include <QCoreApplication>

#include <algorithm>

namespace Interleave {

namespace {

constexpr size_t MaxExampleTraces = 256; // buckets beyond this keep their schedule but not their trace

// The bucket of trials that ended like this one, made from it if it is the first.
OutcomeBucket &bucketFor(const Machine &machine, ThreadedSummary &summary, const ThreadedTrial &trial, bool breaks)
{
    const State &s = trial.state;
    std::vector<int64_t> key = machine.outcomeKey(s);
    key.push_back(int64_t(trial.end));
    auto it = std::find_if(summary.outcomes.begin(), summary.outcomes.end(),
                           [&](const OutcomeBucket &b) { return b.key == key; });
    if (it != summary.outcomes.end())
        return *it;
    OutcomeBucket b;
    b.key = std::move(key);
    b.description = machine.describeOutcome(s);
    if (trial.end == ThreadedTrial::MoveLimit)
        b.description += QStringLiteral(" · ") +
            QCoreApplication::translate("ThreadedDriver", "stopped after %1 moves").arg(trial.schedule.moves.size());
    b.breaksRule = breaks;
    b.end = trial.end;
    b.exampleSeed = trial.seed;
    b.exampleState = s;
    b.exampleSchedule = trial.schedule;
    if (summary.outcomes.size() < MaxExampleTraces)
        b.exampleTrace = trial.trace;
    summary.outcomes.push_back(std::move(b));
    return summary.outcomes.back();
}

void countActorEnds(const Machine &machine, StrategyStats &st, const State &s)
{
    for (int a = 0; a < machine.actorCount(); ++a) {
        switch (machine.status(s, a)) {
        case ActorStatus::Done:
            ++st.successes;
            break;
        case ActorStatus::Failed:
            ++st.failures;
            ++st.errors[machine.messages().value(machine.errorOf(s, a))];
            break;
        case ActorStatus::Running:
            break;
        }
    }
}

// Retries: a figure that counts them ("Retries"), else, as TraceAnalysis does,
// every time an actor's trace jumps back to an earlier line of its program.
void countRetries(const Machine &machine, StrategyStats &st, const ThreadedTrial &trial)
{
    for (const Figure &f : machine.figures()) {
        if (f.label.contains(QLatin1String("retr"), Qt::CaseInsensitive)) {
            st.countsRetries = true;
            st.retries += machine.evaluate(f.actual, trial.state);
            return;
        }
    }
    if (trial.trace.empty())
        return;
    st.countsRetries = true;
    std::vector<int> lastLine(size_t(machine.actorCount()), -1);
    for (const TraceEvent &e : trial.trace) {
        if (e.actor < 0 || e.line < 0 || e.kind == EventKind::Violation)
            continue;
        int &last = lastLine[size_t(e.actor)];
        st.retries += last >= 0 && e.line < last;
        last = e.line;
    }
}

void countLostUpdates(const Machine &machine, StrategyStats &st, const State &s)
{
    for (const Figure &f : machine.figures()) {
        if (!f.hasExpected)
            continue;
        st.hasExpected = true;
        st.expectedLabel = f.label;
        const int64_t lost = machine.evaluate(f.expected, s) - machine.evaluate(f.actual, s);
        st.lostUpdates += lost;
        st.trialsWithLostUpdates += lost != 0;
        break;
    }
}

} // namespace

void ThreadedDriver::addToSummary(const Machine &machine, ThreadedSummary &summary, const ThreadedTrial &trial)
{
    const State &s = trial.state;
    StrategyStats &st = summary.stats;
    ++summary.completed;
    ++st.trials;
    // The one verdict the explorer, `run` and the window also use.
    const bool breaks = machine.verdict(s).breaksRule;
    OutcomeBucket &bucket = bucketFor(machine, summary, trial, breaks);
    ++bucket.count;
    if (!trial.differences.isEmpty()) {
        if (bucket.differing++ == 0) {
            bucket.exampleDifferences = trial.differences;
            bucket.differingSchedule = trial.schedule;
        }
        ++summary.trialsDiffering;
    }
    countActorEnds(machine, st, s);
    countRetries(machine, st, trial);
    countLostUpdates(machine, st, s);
    st.trialsBreakingRules += breaks;
    st.deadlocks += trial.end == ThreadedTrial::Deadlocked;
    st.moveLimits += trial.end == ThreadedTrial::MoveLimit;
    // Running mean, so the summary never needs the trials again.
    st.meanRunMs += (double(trial.wallNs) / 1e6 - st.meanRunMs) / st.trials;
}

void ThreadedDriver::finishSummary(ThreadedSummary &summary)
{
    std::stable_sort(summary.outcomes.begin(), summary.outcomes.end(),
                     [](const OutcomeBucket &a, const OutcomeBucket &b) { return a.count > b.count; });
}

} // namespace Interleave
