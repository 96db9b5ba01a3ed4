// `step`: one schedule through the deterministic Stepper, narrated event by
// event, with the final state and every rule checked.

#include "backend.h"
#include "commands.h"
#include "output.h"

#include "challenge/forecast.h"
#include "drivers/stepper.h"
#include "realdb/sqlrunner.h"
#include "trace/traceanalysis.h"

using namespace Interleave;

namespace Cli {

void addStepOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("schedule"),
                      Text::tr("The moves, for example \"A B A B\": a request's letter moves it one step, ~ lets time "
                               "pass to the next deadline."),
                      Text::tr("MOVES")});
    addBackendOptions(parser);
}

namespace {

// What one replayed schedule came to: the input of both the JSON and the text report.
struct StepReport
{
    const Machine &machine;
    const Stepper &stepper;
    const std::vector<RuleCheck> &rules;
    const TraceAnalysis &analysis;
    const Forecast &forecast;
    const QMap<QString, QMap<QString, int64_t>> &errorsPerActor;
    QStringList banner = {}; // which server ran it, when one did
    QJsonValue backendJson = QJsonValue(QStringLiteral("model"));
    const State &state() const { return stepper.state(); }
    const Trace &trace() const { return stepper.trace(); }
};

QJsonArray deadlocksJson(const Machine &machine, const TraceAnalysis &analysis)
{
    QJsonArray deadlocks;
    for (const DeadlockCycle &c : analysis.deadlocks) {
        QJsonArray actors;
        for (int a : c.actors)
            actors.append(machine.actor(a).letter);
        deadlocks.append(QJsonObject{
            {QStringLiteral("actors"), actors},
            {QStringLiteral("victim"), c.victim >= 0 ? QJsonValue(machine.actor(c.victim).letter) : QJsonValue()},
            {QStringLiteral("event"), c.event}});
    }
    return deadlocks;
}

QJsonArray nextMovesJson(const Machine &machine, const State &state)
{
    QJsonArray next;
    for (int a = 0; a < machine.actorCount(); ++a) {
        if (machine.status(state, a) != ActorStatus::Running)
            continue;
        const bool can = machine.isEnabled(state, a);
        next.append(QJsonObject{
            {QStringLiteral("actor"), machine.actor(a).letter},
            {QStringLiteral("canMove"), can},
            {QStringLiteral("blocked"), can ? QJsonValue() : QJsonValue(machine.blockInfo(state, a).text)}});
    }
    return next;
}

// What is still reachable from the cursor, and the move that settled it.
QJsonObject forecastJson(const StepReport &r)
{
    const Forecast &f = r.forecast;
    const ForecastAt at = f.at(r.state());
    QJsonArray outcomes;
    for (const auto &[outcome, count] : at.reachable)
        outcomes.append(QJsonObject{{QStringLiteral("outcome"), f.outcomes()[size_t(outcome)].description},
                                    {QStringLiteral("continuations"), count.toString()},
                                    {QStringLiteral("breaksRule"), f.outcomes()[size_t(outcome)].breaksRule}});
    const TurningPoint point = f.turningPoint(r.stepper.schedule());
    const QStringList kinds{QStringLiteral("none"), QStringLiteral("bad-certain"), QStringLiteral("bad-impossible")};
    return QJsonObject{{QStringLiteral("known"), at.known},
                       {QStringLiteral("summary"), f.describe(at)},
                       {QStringLiteral("continuations"), at.total.toString()},
                       {QStringLiteral("breaking"), at.breaking.toString()},
                       {QStringLiteral("outcomes"), outcomes},
                       {QStringLiteral("turningPoint"),
                        point.kind == TurningPoint::None
                            ? QJsonValue()
                            : QJsonObject{{QStringLiteral("kind"), kinds.at(point.kind)},
                                          {QStringLiteral("move"), point.move},
                                          {QStringLiteral("narration"), point.narration}}}};
}

void printForecast(QTextStream &out, const StepReport &r)
{
    const Forecast &f = r.forecast;
    const ForecastAt at = f.at(r.state());
    out << u'\n' << Text::tr("Forecast: %1").arg(f.describe(at)) << u'\n';
    if (at.reachable.size() > 1)
        for (const auto &[outcome, count] : at.reachable)
            out << QStringLiteral("  %1 %2  %3")
                       .arg(count.toString().rightJustified(8),
                            f.outcomes()[size_t(outcome)].breaksRule ? QStringLiteral("✗") : QStringLiteral("✓"),
                            f.outcomes()[size_t(outcome)].description)
                << u'\n';
    const TurningPoint point = f.turningPoint(r.stepper.schedule());
    if (point.kind != TurningPoint::None)
        out << Text::tr("Point of no return: %1").arg(point.narration) << u'\n';
}

void printStepJson(QTextStream &out, const StepReport &r)
{
    const Machine &machine = r.machine;
    QJsonArray events;
    for (size_t i = 0; i < r.trace().size(); ++i)
        events.append(eventJson(machine, r.trace()[i], int(i)));
    QJsonArray lost;
    for (const LostUpdate &l : r.analysis.lostUpdates)
        lost.append(QJsonObject{{QStringLiteral("overwritten"), l.overwrittenWrite},
                                {QStringLiteral("overwriting"), l.overwritingWrite},
                                {QStringLiteral("staleRead"), l.staleRead}});
    printJson(out,
              QJsonObject{
                  {QStringLiteral("verb"), QStringLiteral("step")},
                  {QStringLiteral("variant"), variantJson(machine)},
                  {QStringLiteral("schedule"), r.stepper.schedule().toString(machine)},
                  {QStringLiteral("moves"), r.stepper.cursor()},
                  {QStringLiteral("events"), events},
                  {QStringLiteral("finalState"), stateJson(machine, r.state())},
                  {QStringLiteral("outcome"), machine.describeOutcome(r.state())},
                  {QStringLiteral("rules"), rulesJson(machine, r.rules, r.trace())},
                  {QStringLiteral("anomalies"),
                   QJsonObject{{QStringLiteral("lostUpdates"), lost},
                               {QStringLiteral("deadlocks"), deadlocksJson(machine, r.analysis)},
                               {QStringLiteral("flags"),
                                QJsonArray::fromStringList(anomalyNames(machine.anomalyMask(r.state())))}}},
                  {QStringLiteral("errorsPerActor"), errorsJson(r.errorsPerActor)},
                  {QStringLiteral("next"), nextMovesJson(machine, r.state())},
                  {QStringLiteral("canTick"), machine.canTick(r.state())},
                  {QStringLiteral("forecast"), forecastJson(r)},
                  {QStringLiteral("backend"), r.backendJson},
              });
}

// One line per event, the step number and the mover at the first event of each step.
void printNarration(QTextStream &out, const StepReport &r)
{
    const Machine &machine = r.machine;
    const Trace &trace = r.trace();
    int lastStep = -1;
    for (size_t i = 0; i < trace.size(); ++i) {
        const TraceEvent &e = trace[i];
        QString who =
            e.actor >= 0 && e.actor < machine.actorCount() ? machine.actor(e.actor).letter : QStringLiteral("~");
        const QString head = e.step != lastStep
            ? QStringLiteral("%1 %2").arg(QString::number(e.step + 1).rightJustified(4), who.leftJustified(3))
            : QString(9, u' ');
        lastStep = e.step;
        QString marks;
        for (const LostUpdate &l : r.analysis.lostUpdates) {
            if (l.overwritingWrite == int(i))
                marks += Text::tr("  ← overwrites step %1, a write it never saw: lost update")
                             .arg(trace[size_t(l.overwrittenWrite)].step + 1);
            if (l.overwrittenWrite == int(i))
                marks += Text::tr("  ← lost: step %1 overwrites it").arg(trace[size_t(l.overwritingWrite)].step + 1);
        }
        if (e.kind == EventKind::Violation)
            marks += QStringLiteral("  ✗");
        out << head << machine.narrate(e) << marks << u'\n';
    }
}

void printRules(QTextStream &out, const StepReport &r)
{
    if (r.rules.empty())
        return;
    const Machine &machine = r.machine;
    const Trace &trace = r.trace();
    out << u'\n'
        << (machine.isFinal(r.state()) ? Text::tr("Rules:")
                                       : Text::tr("Rules (checked now, before the run has finished):"))
        << u'\n';
    for (const RuleCheck &rule : r.rules) {
        out << QStringLiteral("  %1 %2").arg(rule.holds ? QStringLiteral("✓") : QStringLiteral("✗"), rule.rule->label)
            << u'\n';
        if (rule.holds)
            continue;
        if (rule.event >= 0)
            out << Text::tr("      broken at step %1: %2")
                       .arg(trace[size_t(rule.event)].step + 1)
                       .arg(machine.narrate(trace[size_t(rule.event)]))
                << u'\n';
        // A Violation event's sentence already carries the explanation.
        const bool explained = rule.event >= 0 && trace[size_t(rule.event)].kind == EventKind::Violation;
        if (!rule.rule->explanation.isEmpty() && !explained)
            out << QStringLiteral("      ") << rule.rule->explanation << u'\n';
    }
}

void printAnomalies(QTextStream &out, const StepReport &r)
{
    const Machine &machine = r.machine;
    const Trace &trace = r.trace();
    const QStringList flags = anomalyNames(machine.anomalyMask(r.state()));
    if (r.analysis.lostUpdates.empty() && flags.isEmpty() && r.analysis.deadlocks.empty())
        return;
    out << u'\n' << Text::tr("Anomalies:") << u'\n';
    for (const LostUpdate &l : r.analysis.lostUpdates)
        out << Text::tr("  lost update: step %1 (%2) overwrote step %3 (%4)")
                   .arg(trace[size_t(l.overwritingWrite)].step + 1)
                   .arg(machine.narrate(trace[size_t(l.overwritingWrite)]))
                   .arg(trace[size_t(l.overwrittenWrite)].step + 1)
                   .arg(machine.narrate(trace[size_t(l.overwrittenWrite)]))
            << u'\n';
    for (const DeadlockCycle &c : r.analysis.deadlocks) {
        QStringList names;
        for (int a : c.actors)
            names << machine.actor(a).name;
        out << (c.victim >= 0
                    ? Text::tr("  deadlock: %1 wait for each other; the database rolled back %2")
                          .arg(names.join(QStringLiteral(" → ")), machine.actor(c.victim).name)
                    : Text::tr("  deadlock: %1 wait for each other forever").arg(names.join(QStringLiteral(" → "))))
            << u'\n';
    }
    for (const QString &f : flags)
        out << QStringLiteral("  %1").arg(f) << u'\n';
}

// Finished, stuck, or what could move next and what blocks the rest.
void printWhereItStands(QTextStream &out, const StepReport &r)
{
    const Machine &machine = r.machine;
    const State &state = r.state();
    const int moved = r.stepper.cursor();
    out << u'\n';
    if (machine.isFinal(state)) {
        out << Text::tr("Finished after %n move(s): %1", nullptr, moved).arg(machine.describeOutcome(state)) << u'\n';
    } else if (machine.isStuck(state)) {
        out << Text::tr("Stuck after %n move(s): every request that is left waits forever.", nullptr, moved) << u'\n';
    } else {
        QStringList moves;
        for (int m : r.stepper.availableMoves())
            moves << (m == Schedule::Tick ? QStringLiteral("~") : machine.actor(m).letter);
        out << Text::tr("Not finished after %n move(s). Possible next moves: %1", nullptr, moved).arg(moves.join(u' '))
            << u'\n';
        for (int a = 0; a < machine.actorCount(); ++a)
            if (machine.status(state, a) == ActorStatus::Running && !machine.isEnabled(state, a))
                out << QStringLiteral("  %1: %2").arg(machine.actor(a).letter, machine.blockInfo(state, a).text)
                    << u'\n';
    }
}

void printStepText(QTextStream &out, const StepReport &r)
{
    const Machine &machine = r.machine;
    const QString scheduleText = r.stepper.schedule().toString(machine);
    out << variantHeader(machine);
    for (const QString &line : r.banner)
        out << line << u'\n';
    out << Text::tr("Schedule: %1").arg(scheduleText.isEmpty() ? Text::tr("(no moves)") : scheduleText) << u'\n'
        << u'\n';
    printNarration(out, r);

    out << u'\n' << Text::tr("Final state (t=%1 ms):").arg(machine.now(r.state())) << u'\n';
    for (const QString &line : stateText(machine, r.state()))
        out << QStringLiteral("  ") << line << u'\n';
    printRules(out, r);
    printAnomalies(out, r);
    if (!r.errorsPerActor.isEmpty()) {
        out << u'\n' << Text::tr("Errors per actor:") << u'\n';
        for (auto it = r.errorsPerActor.begin(); it != r.errorsPerActor.end(); ++it)
            for (auto m = it->begin(); m != it->end(); ++m)
                out << QStringLiteral("  %1: %2").arg(it.key(), m.key()) << u'\n';
    }
    printWhereItStands(out, r);
    printForecast(out, r);
    out.flush();
}

} // namespace

namespace {

// The same schedule on the real server, in lockstep with the model; false after one line.
bool runOnServer(const CliContext &context, const std::shared_ptr<const Machine> &machine, Backend &backend,
                 const Schedule &schedule, DifferentialRun &run, int *exit)
{
    *exit = BadInput;
    if (!checkRunnable(context, machine, backend, &schedule))
        return false;
    *exit = Failure;
    if (!startBackend(context, backend, {}))
        return false;
    run = SqlRunner::runExactly(machine, *backend.address, schedule);
    if (!run.problem.isEmpty() || !run.notRun.isEmpty()) {
        *context.err << QStringLiteral("interleave-cli: %1: %2")
                            .arg(backend.server,
                                 run.problem.isEmpty() ? Text::tr("not run: no SQL yet for %1").arg(run.notRun)
                                                       : run.problem)
                     << Qt::endl;
        return false;
    }
    *exit = run.agrees() ? Ok : ModelError;
    return true;
}

} // namespace

int runStep(const CliContext &given)
{
    CliContext context = given;
    if (!context.parser->isSet(QStringLiteral("schedule"))) {
        *context.err << Text::tr("interleave-cli: step: missing --schedule (for example --schedule \"A B A B\")")
                     << Qt::endl;
        return BadInput;
    }
    Backend backend;
    if (!readBackend(context, backend))
        return BadInput;
    auto machine = context.machine();
    if (!machine)
        return BadInput;
    QString error;
    const auto schedule = Schedule::parse(context.parser->value(QStringLiteral("schedule")), *machine, &error);
    if (!schedule) {
        *context.err << QStringLiteral("interleave-cli: --schedule: %1").arg(error) << Qt::endl;
        return BadInput;
    }
    Stepper stepper(machine);
    if (!stepper.replay(*schedule, &error)) {
        *context.err << QStringLiteral("interleave-cli: --schedule: %1").arg(error) << Qt::endl;
        return BadInput;
    }
    int exit = Ok;
    DifferentialRun serverRun;
    if (backend.real() && !runOnServer(context, machine, backend, *schedule, serverRun, &exit))
        return exit;
    const State &state = stepper.state();
    const std::vector<RuleCheck> rules = checkRules(*machine, state, stepper.trace());
    const TraceAnalysis analysis = analyze(*machine, stepper.trace());
    QMap<QString, QMap<QString, int64_t>> errorsPerActor;
    for (int a = 0; a < machine->actorCount(); ++a)
        if (machine->status(state, a) == ActorStatus::Failed)
            errorsPerActor[machine->actor(a).letter][machine->messages().value(machine->errorOf(state, a))] += 1;

    // One exploration of the variant; the cursor's forecast is then a lookup.
    const std::shared_ptr<const Forecast> forecast = Forecast::build(machine, nullptr);
    StepReport report{*machine, stepper, rules, analysis, *forecast, errorsPerActor};
    if (backend.real()) {
        report.banner = backendBanner(backend);
        report.backendJson = comparisonJson(backend, serverRun);
    }
    if (context.json)
        printStepJson(*context.out, report);
    else
        printStepText(*context.out, report);
    if (backend.real() && !context.json)
        printComparison(*context.out, backend, serverRun);
    return exit;
}

} // namespace Cli
