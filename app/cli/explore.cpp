// `explore`: every interleaving of one scenario variant, counted exactly, with
// the outcome table and the simplest schedule that breaks a rule (docs/cli.md).

#include "commands.h"
#include "fastexit.h"
#include "interrupt.h"
#include "output.h"

#include "drivers/stepper.h"
#include "explore/explorer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThread>

#include <cmath>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Interleave;

namespace Cli {

namespace {

bool readCount(const CliContext &context, const QString &option, int64_t minimum, int64_t maximum, int64_t &value)
{
    if (!context.parser->isSet(option))
        return true;
    const QString text = context.parser->value(option);
    bool ok = false;
    const qlonglong v = text.toLongLong(&ok);
    if (!ok || v < minimum || v > maximum) {
        *context.err << Text::tr("interleave-cli: --%1 \"%2\": expected a whole number from %3 to %4")
                            .arg(option, text)
                            .arg(minimum)
                            .arg(maximum)
                     << Qt::endl;
        return false;
    }
    value = v;
    return true;
}

// "1G", "512M", "64K" or plain bytes; the suffix may end in B or iB.
bool readSize(const CliContext &context, const QString &option, int64_t &bytes)
{
    if (!context.parser->isSet(option))
        return true;
    const QString text = context.parser->value(option).trimmed();
    static const QRegularExpression form(QStringLiteral("^(\\d{1,15}(?:\\.\\d{1,6})?)\\s*([KMGT]?)(?:i?B)?$"),
                                         QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = form.match(text);
    const QString unit = m.captured(2).toUpper();
    const int power = unit.isEmpty() ? 0 : int(QStringLiteral("KMGT").indexOf(unit)) + 1;
    const double value = m.hasMatch() ? m.captured(1).toDouble() * std::pow(1024.0, power) : 0;
    if (!(value >= double(1 << 20) && value <= std::ldexp(1.0, 50))) {
        *context.err << Text::tr(
                            "interleave-cli: --%1 \"%2\": expected a size from 1M to 1024T, for example 512M or 2G")
                            .arg(option, text)
                     << Qt::endl;
        return false;
    }
    bytes = int64_t(value);
    return true;
}

QString percent(const ExplorerOutcome &o, const ExplorerResult &r)
{
    if (!r.counted || !r.interleavings.isExact())
        return QStringLiteral("—");
    return QStringLiteral("%1%").arg(o.share * 100, 0, 'f', o.share < 0.001 && o.share > 0 ? 4 : 1);
}

QString kindName(ExplorerOutcome::Kind kind)
{
    switch (kind) {
    case ExplorerOutcome::Finished:
        return QStringLiteral("finished");
    case ExplorerOutcome::Deadlock:
        return QStringLiteral("deadlock");
    case ExplorerOutcome::Livelock:
        return QStringLiteral("livelock");
    }
    return {};
}

QJsonArray brokenRuleIds(const Machine &machine, uint64_t mask)
{
    QJsonArray ids;
    for (size_t i = 0; i < machine.invariants().size() && i < 64; ++i)
        if (mask & (uint64_t(1) << i))
            ids.append(machine.invariants()[i].id);
    return ids;
}

// The state an outcome's schedule ends in, replayed in the stepper.
std::optional<State> finalState(const std::shared_ptr<const Machine> &machine, const ExplorerOutcome &o)
{
    Stepper stepper(machine);
    QString error;
    if (!stepper.replay(o.schedule, &error))
        return std::nullopt;
    return stepper.state();
}

QJsonObject outcomeJson(const std::shared_ptr<const Machine> &machine, const ExplorerResult &r,
                        const ExplorerOutcome &o)
{
    QJsonObject j{{QStringLiteral("kind"), kindName(o.kind)},
                  {QStringLiteral("description"), o.description},
                  {QStringLiteral("count"), o.count.toString()},
                  {QStringLiteral("share"), r.interleavings.isExact() ? QJsonValue(o.share) : QJsonValue()},
                  {QStringLiteral("breaksRule"), o.breaksRule},
                  {QStringLiteral("brokenRules"), brokenRuleIds(*machine, o.brokenRules)},
                  {QStringLiteral("anomalies"), QJsonArray::fromStringList(anomalyNames(o.anomalies))},
                  {QStringLiteral("stuck"), o.stuck},
                  {QStringLiteral("deadlockDetected"), o.deadlockDetected},
                  {QStringLiteral("schedule"), o.scheduleText},
                  {QStringLiteral("moves"), int(o.schedule.moves.size())},
                  {QStringLiteral("preemptions"), o.preemptions},
                  {QStringLiteral("simplest"), o.simplest},
                  {QStringLiteral("cycleStart"), o.cycleStart >= 0 ? QJsonValue(o.cycleStart) : QJsonValue()}};
    if (o.kind != ExplorerOutcome::Livelock)
        if (const auto s = finalState(machine, o))
            j.insert(QStringLiteral("finalState"), stateJson(*machine, *s));
    return j;
}

} // namespace

void addExploreOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("max-preemptions"),
         Text::tr("Follow only schedules with at most N preemptions, like LOOM_MAX_PREEMPTIONS (default: no bound)."),
         Text::tr("N")});
    parser.addOption(
        {QStringLiteral("budget"),
         Text::tr("Stop after N distinct states and report what was covered (default 5000000; 0: no limit)."),
         Text::tr("N")});
    parser.addOption({QStringLiteral("time-budget"),
                      Text::tr("Stop after MS milliseconds and report what was covered (default: no limit)."),
                      Text::tr("MS")});
    parser.addOption({QStringLiteral("memory-budget"),
                      Text::tr("Stop before the explorer uses more than SIZE (512M, 2G…) and report what was covered "
                               "(default: half the physical memory)."),
                      Text::tr("SIZE")});
}

namespace {

struct ExploreSettings
{
    int64_t preemptions = -1, budget = 5'000'000, timeBudget = 0, memoryBudget = 0;
};

// Runs the explorer off this thread, polled often so a Ctrl+C is answered within milliseconds:
// the exploration stops instead of the process, and what was covered is still printed.
ExplorerResult exploreWithProgress(const CliContext &context, const std::shared_ptr<const Machine> &machine,
                                   const ExplorerOptions &options)
{
    QTextStream &err = *context.err;
    auto control = std::make_shared<ExplorerControl>();
    const Interrupt interrupt([control] { control->cancel = true; });
    QFuture<ExplorerResult> future = Explorer::exploreAsync(machine, options, control);
#ifdef Q_OS_UNIX
    const bool showProgress = !context.json && isatty(fileno(stderr));
#else
    const bool showProgress = false;
#endif
    bool shown = false;
    // Progress is drawn every 100 ms.
    for (int tick = 1; !future.isFinished(); ++tick) {
        QThread::msleep(5);
        if (showProgress && tick % 20 == 0 && !future.isFinished()) {
            err << '\r'
                << Text::tr("exploring: %1 states, %2 moves… (Ctrl+C stops and shows what was covered)")
                       .arg(control->states.load())
                       .arg(control->transitions.load());
            err.flush();
            shown = true;
        }
    }
    if (shown)
        err << '\r' << QString(100, u' ') << '\r' << Qt::flush;
    return future.result();
}

QJsonArray incompleteReasonsJson(const ExplorerResult &result)
{
    QJsonArray reasons;
    if (result.cancelled)
        reasons.append(QStringLiteral("cancelled"));
    if (result.stateBudgetHit)
        reasons.append(QStringLiteral("state-budget"));
    if (result.timeBudgetHit)
        reasons.append(QStringLiteral("time-budget"));
    if (result.memoryBudgetHit)
        reasons.append(QStringLiteral("memory-budget"));
    if (result.preemptionBoundHit)
        reasons.append(QStringLiteral("preemption-bound"));
    return reasons;
}

void printExploreJson(QTextStream &out, const std::shared_ptr<const Machine> &machine, const ExploreSettings &s,
                      const ExplorerResult &result)
{
    const ExplorerOutcome *simplest = result.simplestCounterexample();
    QJsonArray outcomes;
    for (const ExplorerOutcome &o : result.outcomes)
        outcomes.append(outcomeJson(machine, result, o));
    QJsonObject counterexample;
    if (simplest)
        counterexample = QJsonObject{{QStringLiteral("schedule"), simplest->scheduleText},
                                     {QStringLiteral("preemptions"), simplest->preemptions},
                                     {QStringLiteral("moves"), int(simplest->schedule.moves.size())},
                                     {QStringLiteral("description"), simplest->description}};
    printJson(
        out,
        QJsonObject{
            {QStringLiteral("verb"), QStringLiteral("explore")},
            {QStringLiteral("variant"), variantJson(*machine)},
            {QStringLiteral("options"),
             QJsonObject{
                 {QStringLiteral("maxPreemptions"),
                  s.preemptions >= 0 ? QJsonValue(double(s.preemptions)) : QJsonValue()},
                 {QStringLiteral("stateBudget"), s.budget > 0 ? QJsonValue(double(s.budget)) : QJsonValue()},
                 {QStringLiteral("timeBudgetMs"), s.timeBudget > 0 ? QJsonValue(double(s.timeBudget)) : QJsonValue()},
                 {QStringLiteral("memoryBudgetBytes"), double(result.memoryBudget)}}},
            {QStringLiteral("complete"), result.complete},
            {QStringLiteral("incompleteReasons"), incompleteReasonsJson(result)},
            {QStringLiteral("counted"), result.counted},
            {QStringLiteral("interleavings"), result.interleavings.toString()},
            {QStringLiteral("breaking"), result.breaking.toString()},
            {QStringLiteral("unexplored"), result.unexplored.toString()},
            {QStringLiteral("overflow"), result.overflow},
            {QStringLiteral("states"), double(result.states)},
            {QStringLiteral("frontier"), double(result.frontier)},
            {QStringLiteral("transitions"), double(result.transitions)},
            {QStringLiteral("pruned"), double(result.pruned)},
            {QStringLiteral("seconds"), result.seconds},
            {QStringLiteral("summary"), result.summary()},
            {QStringLiteral("outcomes"), outcomes},
            {QStringLiteral("simplestCounterexample"), simplest ? QJsonValue(counterexample) : QJsonValue()},
        });
}

// The example schedule, a livelock's as its way in and the cycle it then repeats.
QString exampleSchedule(const Machine &machine, const ExplorerOutcome &o)
{
    if (o.kind != ExplorerOutcome::Livelock || o.cycleStart < 0)
        return o.scheduleText;
    const auto cycleStart = o.schedule.moves.begin() + o.cycleStart;
    return Text::tr("%1, then round and round: %2")
        .arg(Schedule{std::vector<int>(o.schedule.moves.begin(), cycleStart)}.toString(machine),
             Schedule{std::vector<int>(cycleStart, o.schedule.moves.end())}.toString(machine));
}

void printOutcomes(QTextStream &out, const Machine &machine, const ExplorerResult &result)
{
    out << u'\n' << Text::tr("Outcomes:") << u'\n';
    out << QStringLiteral("  %1  %2  %3  %4\n")
               .arg(Text::tr("count").rightJustified(12), Text::tr("share").rightJustified(7), Text::tr("rules"),
                    Text::tr("outcome  [example schedule]"));
    for (const ExplorerOutcome &o : result.outcomes) {
        QString note;
        if (o.breaksRule && o.simplest)
            note = o.preemptions == 1 ? Text::tr("  simplest: 1 preemption")
                                      : Text::tr("  simplest: %1 preemptions").arg(o.preemptions);
        out << QStringLiteral("  %1  %2  %3  %4  [%5]%6\n")
                   .arg((result.counted ? o.count.toString() : QStringLiteral("—")).rightJustified(12),
                        percent(o, result).rightJustified(7),
                        (o.breaksRule ? QStringLiteral("✗") : QStringLiteral("✓")).leftJustified(5), o.description,
                        exampleSchedule(machine, o), note);
    }
    if (result.outcomes.empty())
        out << Text::tr("  none finished within the budget") << u'\n';
}

void printExploreText(QTextStream &out, const Machine &machine, const ExplorerOptions &options,
                      const ExplorerResult &result)
{
    out << variantHeader(machine);
    out << Text::tr("%1 distinct states, %2 moves in %3 ms%4")
               .arg(result.states)
               .arg(result.transitions)
               .arg(result.seconds * 1000, 0, 'f', 1)
               .arg(options.maxPreemptions >= 0 ? Text::tr(" · at most %1 preemptions").arg(options.maxPreemptions)
                                                : QString())
        << u'\n';
    if (result.counted)
        out << Text::tr("Interleavings: %1%2")
                   .arg(result.interleavings.toString(),
                        result.complete ? Text::tr(" (complete: every schedule followed to its end)") : QString())
            << u'\n';
    if (!result.complete)
        out << result.incompleteReason() << u'\n';
    if (result.overflow)
        out << Text::tr("Some counts exceed 2^128 and are shown as \"more than\"; they never wrap round.") << u'\n';
    printOutcomes(out, machine, result);

    out << u'\n' << result.summary() << u'\n';
    if (const ExplorerOutcome *simplest = result.simplestCounterexample()) {
        const QString preempting = simplest->preemptions == 1 ? Text::tr("1 preemption")
                                                              : Text::tr("%1 preemptions").arg(simplest->preemptions);
        out << Text::tr("Simplest counterexample: %1 (%2, %3 moves): %4")
                   .arg(simplest->scheduleText, preempting)
                   .arg(simplest->schedule.moves.size())
                   .arg(simplest->description)
            << u'\n';
        out << Text::tr("Replay it: %1").arg(replayCommand(machine, simplest->scheduleText)) << u'\n';
    }
}

} // namespace

int runExplore(const CliContext &context)
{
    ExploreSettings s;
    if (!readCount(context, QStringLiteral("max-preemptions"), 0, 1000, s.preemptions) ||
        !readCount(context, QStringLiteral("budget"), 0, int64_t(1) << 31, s.budget) ||
        !readCount(context, QStringLiteral("time-budget"), 0, int64_t(1) << 40, s.timeBudget) ||
        !readSize(context, QStringLiteral("memory-budget"), s.memoryBudget))
        return BadInput;
    ExplorerOptions options;
    options.maxPreemptions = int(s.preemptions);
    options.stateBudget = s.budget;
    options.timeBudgetMs = s.timeBudget;
    options.memoryBudgetBytes = s.memoryBudget;
    // The process ends right after the result: see exitLeavingMemory below.
    options.keepMemoryUntilExit = canLeaveMemory();

    const std::shared_ptr<const Machine> machine = context.machine();
    if (!machine)
        return BadInput;
    const ExplorerResult result = exploreWithProgress(context, machine, options);
    if (!result.error.isEmpty()) {
        *context.err << QStringLiteral("interleave-cli: %1").arg(result.error) << Qt::endl;
        return Failure;
    }
    if (context.json)
        printExploreJson(*context.out, machine, s, result);
    else
        printExploreText(*context.out, *machine, options, result);
    const int exit = result.cancelled ? Interrupt::cancelled(*context.err, QStringLiteral("explore"),
                                                             Text::tr("what was explored until then is above"))
                                      : Ok;
    if (!options.keepMemoryUntilExit)
        return exit;
    // The search's memory was kept (options above): leave it to the kernel after we are gone,
    // so that a Ctrl+C at millions of states returns to the prompt within milliseconds.
    context.out->flush();
    context.err->flush();
    exitLeavingMemory(exit);
}

} // namespace Cli
