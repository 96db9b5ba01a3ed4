// `run --backend …`: each trial ran on the real server in lockstep with the model; here every
// observed outcome is checked against the explorer's possible outcomes of the same variant.

#include "runserver.h"
#include "output.h"

#include "drivers/stepper.h"

using namespace Interleave;

namespace Cli {

namespace {

// The explorer's budget here: enough for every variant with a few requests; a load test
// with 100 requests has more states than any budget, and then no outcome is judged by it.
constexpr int64_t ExploreStates = 2000000;
constexpr int64_t ExploreMs = 5000;

double trialsPerSecond(const ThreadedSummary &summary)
{
    return summary.wallMs > 0 ? summary.completed * 1000.0 / summary.wallMs : 0.0;
}

QString outcomeLine(const Machine &machine, const OutcomeBucket &b)
{
    return Text::tr("%1 (%n trial(s), e.g. [%2])", nullptr, b.count)
        .arg(b.description, b.exampleSchedule.toString(machine));
}

// The bucket's own schedule, replayed in the stepper, ends in the same outcome: a witness
// that the model can reach it, where the explorer could not list everything.
bool replaysTo(const std::shared_ptr<const Machine> &machine, const OutcomeBucket &bucket,
               const std::vector<int64_t> &key)
{
    Stepper stepper(machine);
    QString error;
    return stepper.replay(bucket.exampleSchedule, &error) && machine->outcomeKey(stepper.state()) == key;
}

} // namespace

ServerCheck checkAgainstModel(const std::shared_ptr<const Machine> &machinePtr, const ThreadedSummary &summary)
{
    const Machine &machine = *machinePtr;
    ServerCheck check;
    check.differing = summary.trialsDiffering;
    ExplorerOptions options;
    options.stateBudget = ExploreStates;
    options.timeBudgetMs = ExploreMs;
    options.simplestCounterexamples = false;
    check.explored = Explorer::explore(machine, options);
    for (size_t b = 0; b < summary.outcomes.size(); ++b) {
        const OutcomeBucket &bucket = summary.outcomes[b];
        if (bucket.end == ThreadedTrial::MoveLimit)
            continue; // a cut-off run is no outcome the explorer lists
        const std::vector<int64_t> key(bucket.key.begin(), bucket.key.end() - 1); // without how it ended
        const bool known = std::any_of(check.explored.outcomes.begin(), check.explored.outcomes.end(),
                                       [&](const ExplorerOutcome &o) { return o.key == key; });
        if (known)
            continue;
        if (check.explored.complete) {
            check.impossible.push_back(b);
        } else {
            check.unseen.push_back(b);
            check.witnessed += replaysTo(machinePtr, bucket, key);
        }
    }
    return check;
}

void printServerCheck(QTextStream &out, const Machine &machine, const Backend &backend, const ThreadedSummary &summary,
                      const ServerCheck &check)
{
    out << u'\n'
        << Text::tr("On %1: %2 trials in %3 s, %4 trials per second; every statement in lockstep with the model.")
               .arg(backend.server)
               .arg(summary.completed)
               .arg(summary.wallMs / 1000, 0, 'f', 1)
               .arg(trialsPerSecond(summary), 0, 'f', 2)
        << u'\n';
    if (summary.backendStopped)
        out << Text::tr("  The server could not run a trial: %1").arg(summary.backendStopReason) << u'\n';
    if (summary.completed == 0)
        return;
    if (check.differing == 0)
        out << Text::tr("  ✓ In every trial the server read, changed, waited and failed as the model did, and "
                        "ended with the same rows.")
            << u'\n';
    else
        for (const OutcomeBucket &b : summary.outcomes) {
            if (!b.differing)
                continue;
            out << Text::tr("  ✗✗ MODEL ERROR: in %1 trials the server did not do what the model says; the server "
                            "is the truth. First of them, outcome %2, schedule [%3]:")
                       .arg(b.differing)
                       .arg(b.description, b.differingSchedule.toString(machine))
                << u'\n';
            for (const QString &line : b.exampleDifferences)
                out << QStringLiteral("       ") << line << u'\n';
        }
    const int outcomes = int(summary.outcomes.size());
    if (check.explored.complete && check.impossible.empty())
        out << Text::tr("  ✓ Each of the %n observed outcome(s) is one the explorer says is possible (it finds %1).",
                        nullptr, outcomes)
                   .arg(check.explored.outcomes.size())
            << u'\n';
    for (size_t b : check.impossible)
        out << Text::tr("  ✗✗ MODEL ERROR: observed, but the explorer says it is impossible: %1")
                   .arg(outcomeLine(machine, summary.outcomes[b]))
            << u'\n';
    if (!check.explored.complete)
        out << Text::tr("  The explorer could not list every possible outcome (%1 states in %2 s); of the %3 observed "
                        "outcomes %4 are among those it reached and %5 more replay in the model from their own "
                        "schedule.")
                   .arg(check.explored.states)
                   .arg(check.explored.seconds, 0, 'f', 1)
                   .arg(outcomes)
                   .arg(outcomes - int(check.unseen.size()))
                   .arg(check.witnessed)
            << u'\n';
}

QJsonObject serverCheckJson(const Machine &machine, const Backend &backend, const ThreadedSummary &summary,
                            const ServerCheck &check)
{
    QJsonArray impossible;
    for (size_t b : check.impossible)
        impossible.append(outcomeLine(machine, summary.outcomes[b]));
    QJsonArray differences;
    for (const OutcomeBucket &b : summary.outcomes)
        if (b.differing)
            differences.append(
                QJsonObject{{QStringLiteral("outcome"), b.description},
                            {QStringLiteral("trials"), b.differing},
                            {QStringLiteral("example"), QJsonArray::fromStringList(b.exampleDifferences)}});
    return QJsonObject{{QStringLiteral("server"), backend.server},
                       {QStringLiteral("where"), backend.where},
                       {QStringLiteral("trialsPerSecond"), trialsPerSecond(summary)},
                       {QStringLiteral("stopped"), summary.backendStopped},
                       {QStringLiteral("stopReason"), summary.backendStopReason},
                       {QStringLiteral("trialsDiffering"), check.differing},
                       {QStringLiteral("differences"), differences},
                       {QStringLiteral("explorerComplete"), check.explored.complete},
                       {QStringLiteral("possibleOutcomes"), int(check.explored.outcomes.size())},
                       {QStringLiteral("impossibleObserved"), impossible},
                       {QStringLiteral("notReached"), int(check.unseen.size())},
                       {QStringLiteral("replayed"), check.witnessed},
                       {QStringLiteral("modelError"), check.modelError()}};
}

} // namespace Cli
