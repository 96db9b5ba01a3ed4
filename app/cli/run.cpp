// `run`: the threaded driver, N trials, and what came out of them.

#include "commands.h"
#include "output.h"

#include "trace/traceanalysis.h"

#include <QElapsedTimer>

#include <atomic>
#include <cstdio>
#include <thread>

#ifdef Q_OS_UNIX
#include <csignal>
#include <pthread.h>
#include <unistd.h>
#endif

namespace Interleave::Cli {

namespace {

// Ctrl+C cancels the trials instead of killing the process, so the summary of
// what ran is still printed. A dedicated thread waits for the signal; the
// driver's cancel() takes locks, which a signal handler must not.
class InterruptCancels
{
public:
    explicit InterruptCancels(ThreadedDriver &driver)
    {
#ifdef Q_OS_UNIX
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        // Blocked before the pool's threads exist, so they inherit the mask and only the waiter sees it.
        pthread_sigmask(SIG_BLOCK, &set, &m_previous);
        m_waiter = std::thread([this, set, &driver] {
            int signal = 0;
            sigwait(&set, &signal);
            if (!m_done.load())
                driver.cancel();
        });
#else
        Q_UNUSED(driver);
#endif
    }
    ~InterruptCancels()
    {
#ifdef Q_OS_UNIX
        m_done.store(true);
        pthread_kill(m_waiter.native_handle(), SIGINT);
        m_waiter.join();
        pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
#endif
    }

private:
    std::atomic<bool> m_done{false};
#ifdef Q_OS_UNIX
    std::thread m_waiter;
    sigset_t m_previous;
#endif
};

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
}

int runRun(const CliContext &context)
{
    QTextStream &out = *context.out;
    int exit = Ok;
    double trials = 100, seed = 1, jitter = 0, timeScale = 0.01;
    if (!readNumber(context, QStringLiteral("trials"), 1, 1000000, trials, &exit) ||
        !readNumber(context, QStringLiteral("seed"), 0, 9007199254740991.0, seed, &exit) ||
        !readNumber(context, QStringLiteral("jitter"), 0, 1000000, jitter, &exit) ||
        !readNumber(context, QStringLiteral("time-scale"), 0.0001, 1000, timeScale, &exit))
        return exit;
    if (trials != std::floor(trials) || seed != std::floor(seed)) {
        *context.err << Text::tr("interleave-cli: --%1: expected a whole number")
                            .arg(trials != std::floor(trials) ? QStringLiteral("trials") : QStringLiteral("seed"))
                     << Qt::endl;
        return BadInput;
    }
    auto machine = context.machine();
    if (!machine)
        return BadInput;

    ThreadedDriver driver(machine);
    ThreadedOptions options;
    options.timeScale = timeScale;
    options.jitterMs = jitter;
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
        InterruptCancels interrupt(driver);
        summary = driver.runTrials(int(trials), uint64_t(seed));
    }
    if (showProgress)
        *context.err << QStringLiteral("\r") << Qt::flush;

    // Per actor errors and per rule breaks, from the buckets: every trial in a bucket ended alike.
    QMap<QString, QMap<QString, int64_t>> errorsPerActor;
    std::vector<int> ruleTrials(machine->invariants().size(), 0);
    std::vector<int> ruleExample(machine->invariants().size(), -1); // bucket
    std::vector<int> ruleEvent(machine->invariants().size(), -1);
    QMap<QString, int> anomalyTrials;
    std::vector<std::vector<RuleCheck>> bucketRules;
    // The same verdict `explore` gives for the same end state (an in-process deadlock breaks a rule).
    std::vector<bool> bucketBreaks;
    int trialsBreakingRules = 0;
    for (size_t b = 0; b < summary.outcomes.size(); ++b) {
        const OutcomeBucket &bucket = summary.outcomes[b];
        bucketBreaks.push_back(machine->verdict(bucket.exampleState).breaksRule);
        trialsBreakingRules += bucketBreaks.back() ? bucket.count : 0;
        for (int a = 0; a < machine->actorCount(); ++a)
            if (machine->status(bucket.exampleState, a) == ActorStatus::Failed)
                errorsPerActor[machine->actor(a).letter]
                              [machine->messages().value(machine->errorOf(bucket.exampleState, a))] += bucket.count;
        bucketRules.push_back(checkRules(*machine, bucket.exampleState, bucket.exampleTrace));
        for (size_t i = 0; i < bucketRules.back().size(); ++i) {
            if (bucketRules.back()[i].holds)
                continue;
            ruleTrials[i] += bucket.count;
            if (ruleExample[i] < 0 || (ruleEvent[i] < 0 && bucketRules.back()[i].event >= 0)) {
                ruleExample[i] = int(b);
                ruleEvent[i] = bucketRules.back()[i].event;
            }
        }
        for (const QString &name : anomalyNames(machine->anomalyMask(bucket.exampleState)))
            anomalyTrials[name] += bucket.count;
    }
    const StrategyStats &st = summary.stats;

    if (context.json) {
        QJsonArray outcomes;
        for (size_t b = 0; b < summary.outcomes.size(); ++b) {
            const OutcomeBucket &bucket = summary.outcomes[b];
            QJsonObject o{{QStringLiteral("count"), bucket.count},
                          {QStringLiteral("share"), summary.completed ? double(bucket.count) / summary.completed : 0.0},
                          {QStringLiteral("description"), bucket.description},
                          {QStringLiteral("end"), endName(bucket.end)},
                          {QStringLiteral("breaksRule"), bool(bucketBreaks[b])},
                          {QStringLiteral("schedule"), bucket.exampleSchedule.toString(*machine)},
                          {QStringLiteral("seed"), QString::number(bucket.exampleSeed)},
                          {QStringLiteral("finalState"), stateJson(*machine, bucket.exampleState)},
                          {QStringLiteral("rules"), rulesJson(*machine, bucketRules[b], bucket.exampleTrace)}};
            if (!bucket.exampleTrace.empty()) {
                const TraceAnalysis analysis = analyze(*machine, bucket.exampleTrace);
                QJsonArray lost;
                for (const LostUpdate &l : analysis.lostUpdates)
                    lost.append(QJsonObject{
                        {QStringLiteral("overwritten"),
                         eventJson(*machine, bucket.exampleTrace[size_t(l.overwrittenWrite)], l.overwrittenWrite)},
                        {QStringLiteral("overwriting"),
                         eventJson(*machine, bucket.exampleTrace[size_t(l.overwritingWrite)], l.overwritingWrite)},
                        {QStringLiteral("staleRead"),
                         l.staleRead >= 0
                             ? QJsonValue(eventJson(*machine, bucket.exampleTrace[size_t(l.staleRead)], l.staleRead))
                             : QJsonValue()}});
                o.insert(QStringLiteral("lostUpdates"), lost);
            }
            outcomes.append(o);
        }
        QJsonArray violations;
        for (size_t i = 0; i < ruleTrials.size(); ++i) {
            if (!ruleTrials[i])
                continue;
            const OutcomeBucket &ex = summary.outcomes[size_t(ruleExample[i])];
            QJsonObject v{{QStringLiteral("id"), machine->invariants()[i].id},
                          {QStringLiteral("label"), machine->invariants()[i].label},
                          {QStringLiteral("trials"), ruleTrials[i]},
                          {QStringLiteral("schedule"), ex.exampleSchedule.toString(*machine)},
                          {QStringLiteral("event"),
                           ruleEvent[i] >= 0
                               ? QJsonValue(eventJson(*machine, ex.exampleTrace[size_t(ruleEvent[i])], ruleEvent[i]))
                               : QJsonValue()}};
            violations.append(v);
        }
        QJsonObject flags;
        for (auto it = anomalyTrials.begin(); it != anomalyTrials.end(); ++it)
            flags.insert(it.key(), it.value());
        QJsonObject lost{{QStringLiteral("figure"), st.hasExpected ? QJsonValue(st.expectedLabel) : QJsonValue()},
                         {QStringLiteral("total"), double(st.lostUpdates)},
                         {QStringLiteral("trials"), st.trialsWithLostUpdates},
                         {QStringLiteral("meanPerTrial"), st.meanLostUpdates()}};
        QJsonObject errors;
        for (auto it = st.errors.begin(); it != st.errors.end(); ++it)
            errors.insert(it.key(), double(it.value()));
        QJsonObject stats{{QStringLiteral("successes"), double(st.successes)},
                          {QStringLiteral("failures"), double(st.failures)},
                          {QStringLiteral("errors"), errors},
                          {QStringLiteral("retries"), st.countsRetries ? QJsonValue(double(st.retries)) : QJsonValue()},
                          {QStringLiteral("lostUpdates"), double(st.lostUpdates)},
                          {QStringLiteral("trialsBreakingRules"), trialsBreakingRules},
                          {QStringLiteral("deadlocks"), st.deadlocks},
                          {QStringLiteral("moveLimits"), st.moveLimits},
                          {QStringLiteral("meanRunMs"), st.meanRunMs}};
        printJson(out,
                  QJsonObject{
                      {QStringLiteral("verb"), QStringLiteral("run")},
                      {QStringLiteral("variant"), variantJson(*machine)},
                      {QStringLiteral("trials"),
                       QJsonObject{{QStringLiteral("requested"), summary.requested},
                                   {QStringLiteral("completed"), summary.completed},
                                   {QStringLiteral("cancelled"), summary.cancelled},
                                   {QStringLiteral("seed"), QString::number(summary.seed)},
                                   {QStringLiteral("jitterMs"), jitter},
                                   {QStringLiteral("timeScale"), timeScale},
                                   {QStringLiteral("wallMs"), summary.wallMs}}},
                      {QStringLiteral("outcomes"), outcomes},
                      {QStringLiteral("anomalies"),
                       QJsonObject{{QStringLiteral("lostUpdates"), lost},
                                   {QStringLiteral("ruleViolations"), violations},
                                   {QStringLiteral("flags"), flags}}},
                      {QStringLiteral("errorsPerActor"), errorsJson(errorsPerActor)},
                      {QStringLiteral("stats"), stats},
                  });
        return summary.cancelled ? Cancelled : Ok;
    }

    out << variantHeader(*machine);
    out << Text::tr("%1 of %2 trials in %3 ms (mean %4 ms per trial) · seed %5 · jitter %6 ms · time scale %7%8")
               .arg(summary.completed)
               .arg(summary.requested)
               .arg(summary.wallMs, 0, 'f', 1)
               .arg(st.meanRunMs, 0, 'f', 2)
               .arg(summary.seed)
               .arg(jitter)
               .arg(timeScale)
               .arg(summary.cancelled ? Text::tr(" · CANCELLED") : QString())
        << u'\n';

    out << u'\n' << Text::tr("Outcomes:") << u'\n';
    out << QStringLiteral("  %1  %2  %3  %4\n")
               .arg(Text::tr("count").rightJustified(7), Text::tr("share").rightJustified(6), Text::tr("rules"),
                    Text::tr("outcome  [example schedule]"));
    for (size_t i = 0; i < summary.outcomes.size(); ++i) {
        const OutcomeBucket &b = summary.outcomes[i];
        out << QStringLiteral("  %1  %2  %3  %4  [%5]\n")
                   .arg(QString::number(b.count).rightJustified(7), share(b.count, summary.completed).rightJustified(6),
                        (bucketBreaks[i] ? QStringLiteral("✗") : QStringLiteral("✓")).leftJustified(5), b.description,
                        b.exampleSchedule.toString(*machine));
    }

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
    for (size_t i = 0; i < ruleTrials.size(); ++i) {
        if (!ruleTrials[i])
            continue;
        anyAnomaly = true;
        const OutcomeBucket &ex = summary.outcomes[size_t(ruleExample[i])];
        out << Text::tr("  ✗ %1: broken in %2 of %3 trials")
                   .arg(machine->invariants()[i].label)
                   .arg(ruleTrials[i])
                   .arg(st.trials)
            << u'\n';
        if (ruleEvent[i] >= 0) {
            const TraceEvent &e = ex.exampleTrace[size_t(ruleEvent[i])];
            out << Text::tr("      e.g. [%1], step %2: %3")
                       .arg(ex.exampleSchedule.toString(*machine))
                       .arg(e.step + 1)
                       .arg(machine->narrate(e))
                << u'\n';
        }
    }
    for (auto it = anomalyTrials.begin(); it != anomalyTrials.end(); ++it) {
        anyAnomaly = true;
        out << Text::tr("  %1: in %2 trials").arg(it.key()).arg(it.value()) << u'\n';
    }
    if (st.deadlocks) {
        anyAnomaly = true;
        out << Text::tr("  deadlock: %1 trials ended with every request waiting forever").arg(st.deadlocks) << u'\n';
    }
    if (!anyAnomaly)
        out << Text::tr("  none") << u'\n';

    out << u'\n' << Text::tr("Errors per actor:") << u'\n';
    if (errorsPerActor.isEmpty())
        out << Text::tr("  none") << u'\n';
    for (auto it = errorsPerActor.begin(); it != errorsPerActor.end(); ++it)
        for (auto m = it->begin(); m != it->end(); ++m)
            out << Text::tr("  %1: %2 ×%3").arg(it.key(), m.key()).arg(m.value()) << u'\n';

    out << u'\n'
        << Text::tr("Successes %1 · errors %2%3 · mean run %4 ms")
               .arg(st.successes)
               .arg(st.failures)
               .arg(st.countsRetries ? Text::tr(" · retries %1").arg(st.retries) : QString())
               .arg(st.meanRunMs, 0, 'f', 2)
        << u'\n';
    out << Text::tr("Replay an example: %1").arg(replayCommand(*machine, QStringLiteral("…"))) << u'\n';
    out.flush();
    return summary.cancelled ? Cancelled : Ok;
}

} // namespace Interleave::Cli
