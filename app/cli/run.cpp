// `run`: the threaded driver, N trials, and what came out of them.

#include "commands.h"
#include "interrupt.h"
#include "output.h"
#include "runserver.h"

#include "realdb/trialbackend.h"

#include "trace/traceanalysis.h"

#include <QElapsedTimer>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Interleave;

namespace Cli {

namespace {

bool readNumber(const CliContext &context, const QString &option, double minimum, double maximum, double &value,
                int *exit)
{
    if (!context.parser->isSet(option))
        return true;
    const QString text = context.parser->value(option);
    bool ok = false;
    value = text.toDouble(&ok);
    if (!ok || !(value >= minimum && value <= maximum)) {
        *context.err << Text::tr("interleave-cli: --%1 \"%2\": expected a number from %3 to %4")
                            .arg(option, text)
                            .arg(minimum, 0, 'g', 12)
                            .arg(maximum, 0, 'g', 12)
                     << Qt::endl;
        *exit = BadInput;
        return false;
    }
    return true;
}

QString share(int count, int total)
{
    return total ? QStringLiteral("%1%").arg(100.0 * count / total, 0, 'f', 1) : QStringLiteral("-");
}

} // namespace

void addRunOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("trials"), Text::tr("How many runs (1 to 1000000, default 100)."), Text::tr("N")});
    parser.addOption({QStringLiteral("seed"), Text::tr("Seed for the random jitter (default 1)."), Text::tr("S")});
    parser.addOption({QStringLiteral("jitter"),
                      Text::tr("Up to MS virtual milliseconds of random extra delay after each step (default 0)."),
                      Text::tr("MS")});
    parser.addOption({QStringLiteral("time-scale"),
                      Text::tr("Real milliseconds per virtual millisecond (default 0.01: a 100 ms delay takes 1 ms)."),
                      Text::tr("X")});
    addBackendOptions(parser);
}

namespace {

struct RunSettings
{
    double trials = 100, seed = 1, jitter = 0, timeScale = 0.01;
};

// Reads --trials, --seed, --jitter and --time-scale; on a bad value says why and sets *exit.
bool readRunSettings(const CliContext &context, RunSettings &s, int *exit)
{
    if (!readNumber(context, QStringLiteral("trials"), 1, 1000000, s.trials, exit) ||
        !readNumber(context, QStringLiteral("seed"), 0, 9007199254740991.0, s.seed, exit) ||
        !readNumber(context, QStringLiteral("jitter"), 0, 1000000, s.jitter, exit) ||
        !readNumber(context, QStringLiteral("time-scale"), 0.0001, 1000, s.timeScale, exit))
        return false;
    if (s.trials != std::floor(s.trials) || s.seed != std::floor(s.seed)) {
        *context.err << Text::tr("interleave-cli: --%1: expected a whole number")
                            .arg(s.trials != std::floor(s.trials) ? QStringLiteral("trials") : QStringLiteral("seed"))
                     << Qt::endl;
        *exit = BadInput;
        return false;
    }
    return true;
}

ThreadedSummary runTrials(const CliContext &context, std::shared_ptr<const Machine> machine, const RunSettings &s,
                          const Backend &backend)
{
    ThreadedDriver driver(machine);
    if (backend.real())
        driver.setBackend(serverTrialBackend(machine, *backend.address));
    ThreadedOptions options;
    options.timeScale = s.timeScale;
    options.jitterMs = s.jitter;
    driver.setOptions(options);
#ifdef Q_OS_UNIX
    const bool showProgress = !context.json && isatty(fileno(stderr));
#else
    const bool showProgress = false;
#endif
    QObject::connect(
        &driver, &ThreadedDriver::progress, &driver,
        [&](int done, int total) {
            if (showProgress)
                *context.err << QStringLiteral("\r%1/%2").arg(done).arg(total) << Qt::flush;
        },
        Qt::DirectConnection);

    ThreadedSummary summary;
    {
        // Ctrl+C cancels the trials instead of killing the process, so the summary of what ran is still printed.
        // The flag also counts if the signal comes before the batch starts; cancel() wakes sleeping actors.
        const Interrupt interrupt([&driver] { driver.cancel(); });
        driver.setStopFlag(interrupt.flag());
        summary = driver.runTrials(int(s.trials), uint64_t(s.seed));
    }
    if (showProgress)
        *context.err << QStringLiteral("\r") << Qt::flush;
    return summary;
}

// Per actor errors and per rule breaks, from the buckets: every trial in a bucket ended alike.
struct TrialTally
{
    QMap<QString, QMap<QString, int64_t>> errorsPerActor;
    std::vector<int> ruleTrials;
    std::vector<int> ruleExample; // bucket
    std::vector<int> ruleEvent;
    QMap<QString, int> anomalyTrials;
    std::vector<std::vector<RuleCheck>> bucketRules;
    // The same verdict `explore` gives for the same end state (an in-process deadlock breaks a rule).
    std::vector<bool> bucketBreaks;
    int trialsBreakingRules = 0;
};

TrialTally tally(const Machine &machine, const ThreadedSummary &summary)
{
    TrialTally t;
    t.ruleTrials.assign(machine.invariants().size(), 0);
    t.ruleExample.assign(machine.invariants().size(), -1);
    t.ruleEvent.assign(machine.invariants().size(), -1);
    for (size_t b = 0; b < summary.outcomes.size(); ++b) {
        const OutcomeBucket &bucket = summary.outcomes[b];
        t.bucketBreaks.push_back(machine.verdict(bucket.exampleState).breaksRule);
        t.trialsBreakingRules += t.bucketBreaks.back() ? bucket.count : 0;
        for (int a = 0; a < machine.actorCount(); ++a)
            if (machine.status(bucket.exampleState, a) == ActorStatus::Failed)
                t.errorsPerActor[machine.actor(a).letter]
                                [machine.messages().value(machine.errorOf(bucket.exampleState, a))] += bucket.count;
        t.bucketRules.push_back(checkRules(machine, bucket.exampleState, bucket.exampleTrace));
        for (size_t i = 0; i < t.bucketRules.back().size(); ++i) {
            if (t.bucketRules.back()[i].holds)
                continue;
            t.ruleTrials[i] += bucket.count;
            if (t.ruleExample[i] < 0 || (t.ruleEvent[i] < 0 && t.bucketRules.back()[i].event >= 0)) {
                t.ruleExample[i] = int(b);
                t.ruleEvent[i] = t.bucketRules.back()[i].event;
            }
        }
        for (const QString &name : anomalyNames(machine.anomalyMask(bucket.exampleState)))
            t.anomalyTrials[name] += bucket.count;
    }
    return t;
}

QJsonArray lostUpdatesJson(const Machine &machine, const Trace &trace)
{
    const TraceAnalysis analysis = analyze(machine, trace);
    QJsonArray lost;
    for (const LostUpdate &l : analysis.lostUpdates)
        lost.append(QJsonObject{
            {QStringLiteral("overwritten"), eventJson(machine, trace[size_t(l.overwrittenWrite)], l.overwrittenWrite)},
            {QStringLiteral("overwriting"), eventJson(machine, trace[size_t(l.overwritingWrite)], l.overwritingWrite)},
            {QStringLiteral("staleRead"),
             l.staleRead >= 0 ? QJsonValue(eventJson(machine, trace[size_t(l.staleRead)], l.staleRead))
                              : QJsonValue()}});
    return lost;
}

QJsonArray outcomesJson(const Machine &machine, const ThreadedSummary &summary, const TrialTally &t)
{
    QJsonArray outcomes;
    for (size_t b = 0; b < summary.outcomes.size(); ++b) {
        const OutcomeBucket &bucket = summary.outcomes[b];
        QJsonObject o{{QStringLiteral("count"), bucket.count},
                      {QStringLiteral("share"), summary.completed ? double(bucket.count) / summary.completed : 0.0},
                      {QStringLiteral("description"), bucket.description},
                      {QStringLiteral("end"), endName(bucket.end)},
                      {QStringLiteral("breaksRule"), bool(t.bucketBreaks[b])},
                      {QStringLiteral("schedule"), bucket.exampleSchedule.toString(machine)},
                      {QStringLiteral("seed"), QString::number(bucket.exampleSeed)},
                      {QStringLiteral("finalState"), stateJson(machine, bucket.exampleState)},
                      {QStringLiteral("rules"), rulesJson(machine, t.bucketRules[b], bucket.exampleTrace)}};
        if (!bucket.exampleTrace.empty())
            o.insert(QStringLiteral("lostUpdates"), lostUpdatesJson(machine, bucket.exampleTrace));
        outcomes.append(o);
    }
    return outcomes;
}

QJsonObject anomaliesJson(const Machine &machine, const ThreadedSummary &summary, const TrialTally &t)
{
    const StrategyStats &st = summary.stats;
    QJsonArray violations;
    for (size_t i = 0; i < t.ruleTrials.size(); ++i) {
        if (!t.ruleTrials[i])
            continue;
        const OutcomeBucket &ex = summary.outcomes[size_t(t.ruleExample[i])];
        QJsonObject v{{QStringLiteral("id"), machine.invariants()[i].id},
                      {QStringLiteral("label"), machine.invariants()[i].label},
                      {QStringLiteral("trials"), t.ruleTrials[i]},
                      {QStringLiteral("schedule"), ex.exampleSchedule.toString(machine)},
                      {QStringLiteral("event"),
                       t.ruleEvent[i] >= 0
                           ? QJsonValue(eventJson(machine, ex.exampleTrace[size_t(t.ruleEvent[i])], t.ruleEvent[i]))
                           : QJsonValue()}};
        violations.append(v);
    }
    QJsonObject flags;
    for (auto it = t.anomalyTrials.begin(); it != t.anomalyTrials.end(); ++it)
        flags.insert(it.key(), it.value());
    QJsonObject lost{{QStringLiteral("figure"), st.hasExpected ? QJsonValue(st.expectedLabel) : QJsonValue()},
                     {QStringLiteral("total"), double(st.lostUpdates)},
                     {QStringLiteral("trials"), st.trialsWithLostUpdates},
                     {QStringLiteral("meanPerTrial"), st.meanLostUpdates()}};
    return QJsonObject{{QStringLiteral("lostUpdates"), lost},
                       {QStringLiteral("ruleViolations"), violations},
                       {QStringLiteral("flags"), flags}};
}

QJsonObject statsJson(const StrategyStats &st, const TrialTally &t)
{
    QJsonObject errors;
    for (auto it = st.errors.begin(); it != st.errors.end(); ++it)
        errors.insert(it.key(), double(it.value()));
    return QJsonObject{{QStringLiteral("successes"), double(st.successes)},
                       {QStringLiteral("failures"), double(st.failures)},
                       {QStringLiteral("errors"), errors},
                       {QStringLiteral("retries"), st.countsRetries ? QJsonValue(double(st.retries)) : QJsonValue()},
                       {QStringLiteral("lostUpdates"), double(st.lostUpdates)},
                       {QStringLiteral("trialsBreakingRules"), t.trialsBreakingRules},
                       {QStringLiteral("deadlocks"), st.deadlocks},
                       {QStringLiteral("moveLimits"), st.moveLimits},
                       {QStringLiteral("meanRunMs"), st.meanRunMs}};
}

void printRunJson(QTextStream &out, const Machine &machine, const RunSettings &s, const ThreadedSummary &summary,
                  const TrialTally &t, const QJsonValue &backend)
{
    printJson(out,
              QJsonObject{
                  {QStringLiteral("verb"), QStringLiteral("run")},
                  {QStringLiteral("variant"), variantJson(machine)},
                  {QStringLiteral("trials"),
                   QJsonObject{{QStringLiteral("requested"), summary.requested},
                               {QStringLiteral("completed"), summary.completed},
                               {QStringLiteral("cancelled"), summary.cancelled},
                               {QStringLiteral("seed"), QString::number(summary.seed)},
                               {QStringLiteral("jitterMs"), s.jitter},
                               {QStringLiteral("timeScale"), s.timeScale},
                               {QStringLiteral("wallMs"), summary.wallMs}}},
                  {QStringLiteral("outcomes"), outcomesJson(machine, summary, t)},
                  {QStringLiteral("anomalies"), anomaliesJson(machine, summary, t)},
                  {QStringLiteral("errorsPerActor"), errorsJson(t.errorsPerActor)},
                  {QStringLiteral("stats"), statsJson(summary.stats, t)},
                  {QStringLiteral("backend"), backend},
              });
}

void printOutcomes(QTextStream &out, const Machine &machine, const ThreadedSummary &summary, const TrialTally &t)
{
    out << u'\n' << Text::tr("Outcomes:") << u'\n';
    out << QStringLiteral("  %1  %2  %3  %4\n")
               .arg(Text::tr("count").rightJustified(7), Text::tr("share").rightJustified(6), Text::tr("rules"),
                    Text::tr("outcome  [example schedule]"));
    for (size_t i = 0; i < summary.outcomes.size(); ++i) {
        const OutcomeBucket &b = summary.outcomes[i];
        out << QStringLiteral("  %1  %2  %3  %4  [%5]\n")
                   .arg(QString::number(b.count).rightJustified(7), share(b.count, summary.completed).rightJustified(6),
                        (t.bucketBreaks[i] ? QStringLiteral("✗") : QStringLiteral("✓")).leftJustified(5), b.description,
                        b.exampleSchedule.toString(machine));
    }
}

void printAnomalies(QTextStream &out, const Machine &machine, const ThreadedSummary &summary, const TrialTally &t)
{
    const StrategyStats &st = summary.stats;
    out << u'\n' << Text::tr("Anomalies:") << u'\n';
    bool anyAnomaly = false;
    if (st.hasExpected && st.trialsWithLostUpdates) {
        anyAnomaly = true;
        out << Text::tr("  lost updates: %1 trials of %2 end below the expected %3; %4 lost in all (mean %5 per trial)")
                   .arg(st.trialsWithLostUpdates)
                   .arg(st.trials)
                   .arg(st.expectedLabel)
                   .arg(st.lostUpdates)
                   .arg(st.meanLostUpdates(), 0, 'f', 1)
            << u'\n';
    }
    for (size_t i = 0; i < t.ruleTrials.size(); ++i) {
        if (!t.ruleTrials[i])
            continue;
        anyAnomaly = true;
        const OutcomeBucket &ex = summary.outcomes[size_t(t.ruleExample[i])];
        out << Text::tr("  ✗ %1: broken in %2 of %3 trials")
                   .arg(machine.invariants()[i].label)
                   .arg(t.ruleTrials[i])
                   .arg(st.trials)
            << u'\n';
        if (t.ruleEvent[i] >= 0) {
            const TraceEvent &e = ex.exampleTrace[size_t(t.ruleEvent[i])];
            out << Text::tr("      e.g. [%1], step %2: %3")
                       .arg(ex.exampleSchedule.toString(machine))
                       .arg(e.step + 1)
                       .arg(machine.narrate(e))
                << u'\n';
        }
    }
    for (auto it = t.anomalyTrials.begin(); it != t.anomalyTrials.end(); ++it) {
        anyAnomaly = true;
        out << Text::tr("  %1: in %2 trials").arg(it.key()).arg(it.value()) << u'\n';
    }
    if (st.deadlocks) {
        anyAnomaly = true;
        out << Text::tr("  deadlock: %1 trials ended with every request waiting forever").arg(st.deadlocks) << u'\n';
    }
    if (!anyAnomaly)
        out << Text::tr("  none") << u'\n';
}

void printRunText(QTextStream &out, const Machine &machine, const RunSettings &s, const ThreadedSummary &summary,
                  const TrialTally &t, const QStringList &banner)
{
    const StrategyStats &st = summary.stats;
    out << variantHeader(machine);
    for (const QString &line : banner)
        out << line << u'\n';
    out << Text::tr("%1 of %2 trials in %3 ms (mean %4 ms per trial) · seed %5 · jitter %6 ms · time scale %7%8")
               .arg(summary.completed)
               .arg(summary.requested)
               .arg(summary.wallMs, 0, 'f', 1)
               .arg(st.meanRunMs, 0, 'f', 2)
               .arg(summary.seed)
               .arg(s.jitter)
               .arg(s.timeScale)
               .arg(summary.cancelled ? Text::tr(" · CANCELLED") : QString())
        << u'\n';
    printOutcomes(out, machine, summary, t);
    printAnomalies(out, machine, summary, t);

    out << u'\n' << Text::tr("Errors per actor:") << u'\n';
    if (t.errorsPerActor.isEmpty())
        out << Text::tr("  none") << u'\n';
    for (auto it = t.errorsPerActor.begin(); it != t.errorsPerActor.end(); ++it)
        for (auto m = it->begin(); m != it->end(); ++m)
            out << Text::tr("  %1: %2 ×%3").arg(it.key(), m.key()).arg(m.value()) << u'\n';

    out << u'\n'
        << Text::tr("Successes %1 · errors %2%3 · mean run %4 ms")
               .arg(st.successes)
               .arg(st.failures)
               .arg(st.countsRetries ? Text::tr(" · retries %1").arg(st.retries) : QString())
               .arg(st.meanRunMs, 0, 'f', 2)
        << u'\n';
    out << Text::tr("Replay an example: %1").arg(replayCommand(machine, QStringLiteral("…"))) << u'\n';
    out.flush();
}

} // namespace

namespace {

// Checks the variant and starts the server; false with the exit code after one line.
bool prepareBackend(const CliContext &context, const std::shared_ptr<const Machine> &machine, Backend &backend,
                    int *exit)
{
    *exit = BadInput;
    if (!checkRunnable(context, machine, backend, nullptr))
        return false;
    *exit = Failure;
    const Interrupt interrupt([] {});
    return startBackend(context, backend, [&interrupt] { return interrupt.flag()->load(); });
}

} // namespace

int runRun(const CliContext &given)
{
    CliContext context = given;
    int exit = Ok;
    RunSettings settings;
    Backend backend;
    if (!readRunSettings(context, settings, &exit) || !readBackend(context, backend))
        return exit == Ok ? BadInput : exit;
    auto machine = context.machine();
    if (!machine)
        return BadInput;
    if (backend.real() && !prepareBackend(context, machine, backend, &exit))
        return exit;
    const ThreadedSummary summary = runTrials(context, machine, settings, backend);
    const TrialTally t = tally(*machine, summary);
    ServerCheck check;
    if (backend.real() && summary.completed > 0)
        check = checkAgainstModel(machine, summary);
    if (context.json) {
        printRunJson(*context.out, *machine, settings, summary, t,
                     backend.real() ? QJsonValue(serverCheckJson(*machine, backend, summary, check))
                                    : QJsonValue(QStringLiteral("model")));
    } else {
        printRunText(*context.out, *machine, settings, summary, t,
                     backend.real() ? backendBanner(backend) : QStringList());
        if (backend.real())
            printServerCheck(*context.out, *machine, backend, summary, check);
        context.out->flush();
    }
    if (summary.cancelled)
        return Interrupt::cancelled(*context.err, QStringLiteral("run"), Text::tr("the trials that ran are above"));
    if (check.modelError())
        return ModelError;
    return summary.backendStopped ? Failure : Ok;
}

} // namespace Cli
