// `step`: one schedule through the deterministic Stepper, narrated event by
// event, with the final state and every rule checked.

#include "commands.h"
#include "output.h"

#include "drivers/stepper.h"
#include "trace/traceanalysis.h"

namespace Interleave::Cli {

void addStepOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("schedule"),
                      Text::tr("The moves, for example \"A B A B\": a request's letter moves it one step, ~ lets time "
                               "pass to the next deadline."),
                      Text::tr("MOVES")});
}

int runStep(const CliContext &context)
{
    QTextStream &out = *context.out;
    if (!context.parser->isSet(QStringLiteral("schedule"))) {
        *context.err << Text::tr("interleave-cli: step: missing --schedule (for example --schedule \"A B A B\")")
                     << Qt::endl;
        return BadInput;
    }
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
    const State &state = stepper.state();
    const Trace &trace = stepper.trace();
    const std::vector<RuleCheck> rules = checkRules(*machine, state, trace);
    const TraceAnalysis analysis = analyze(*machine, trace);
    QMap<QString, QMap<QString, int64_t>> errorsPerActor;
    for (int a = 0; a < machine->actorCount(); ++a)
        if (machine->status(state, a) == ActorStatus::Failed)
            errorsPerActor[machine->actor(a).letter][machine->messages().value(machine->errorOf(state, a))] += 1;
    const QString scheduleText = stepper.schedule().toString(*machine);

    if (context.json) {
        QJsonArray events;
        for (size_t i = 0; i < trace.size(); ++i)
            events.append(eventJson(*machine, trace[i], int(i)));
        QJsonArray lost;
        for (const LostUpdate &l : analysis.lostUpdates)
            lost.append(QJsonObject{{QStringLiteral("overwritten"), l.overwrittenWrite},
                                    {QStringLiteral("overwriting"), l.overwritingWrite},
                                    {QStringLiteral("staleRead"), l.staleRead}});
        QJsonArray deadlocks;
        for (const DeadlockCycle &c : analysis.deadlocks) {
            QJsonArray actors;
            for (int a : c.actors)
                actors.append(machine->actor(a).letter);
            deadlocks.append(QJsonObject{
                {QStringLiteral("actors"), actors},
                {QStringLiteral("victim"), c.victim >= 0 ? QJsonValue(machine->actor(c.victim).letter) : QJsonValue()},
                {QStringLiteral("event"), c.event}});
        }
        QJsonArray next;
        for (int a = 0; a < machine->actorCount(); ++a) {
            if (machine->status(state, a) != ActorStatus::Running)
                continue;
            const bool can = machine->isEnabled(state, a);
            next.append(QJsonObject{
                {QStringLiteral("actor"), machine->actor(a).letter},
                {QStringLiteral("canMove"), can},
                {QStringLiteral("blocked"), can ? QJsonValue() : QJsonValue(machine->blockInfo(state, a).text)}});
        }
        printJson(out,
                  QJsonObject{
                      {QStringLiteral("verb"), QStringLiteral("step")},
                      {QStringLiteral("variant"), variantJson(*machine)},
                      {QStringLiteral("schedule"), scheduleText},
                      {QStringLiteral("moves"), stepper.cursor()},
                      {QStringLiteral("events"), events},
                      {QStringLiteral("finalState"), stateJson(*machine, state)},
                      {QStringLiteral("outcome"), machine->describeOutcome(state)},
                      {QStringLiteral("rules"), rulesJson(*machine, rules, trace)},
                      {QStringLiteral("anomalies"),
                       QJsonObject{{QStringLiteral("lostUpdates"), lost},
                                   {QStringLiteral("deadlocks"), deadlocks},
                                   {QStringLiteral("flags"),
                                    QJsonArray::fromStringList(anomalyNames(machine->anomalyMask(state)))}}},
                      {QStringLiteral("errorsPerActor"), errorsJson(errorsPerActor)},
                      {QStringLiteral("next"), next},
                      {QStringLiteral("canTick"), machine->canTick(state)},
                  });
        return Ok;
    }

    out << variantHeader(*machine);
    out << Text::tr("Schedule: %1").arg(scheduleText.isEmpty() ? Text::tr("(no moves)") : scheduleText) << u'\n'
        << u'\n';
    int lastStep = -1;
    for (size_t i = 0; i < trace.size(); ++i) {
        const TraceEvent &e = trace[i];
        QString who =
            e.actor >= 0 && e.actor < machine->actorCount() ? machine->actor(e.actor).letter : QStringLiteral("~");
        const QString head = e.step != lastStep
            ? QStringLiteral("%1 %2").arg(QString::number(e.step + 1).rightJustified(4), who.leftJustified(3))
            : QString(9, u' ');
        lastStep = e.step;
        QString marks;
        for (const LostUpdate &l : analysis.lostUpdates) {
            if (l.overwritingWrite == int(i))
                marks += Text::tr("  ← overwrites step %1, a write it never saw: lost update")
                             .arg(trace[size_t(l.overwrittenWrite)].step + 1);
            if (l.overwrittenWrite == int(i))
                marks += Text::tr("  ← lost: step %1 overwrites it").arg(trace[size_t(l.overwritingWrite)].step + 1);
        }
        if (e.kind == EventKind::Violation)
            marks += QStringLiteral("  ✗");
        out << head << machine->narrate(e) << marks << u'\n';
    }

    out << u'\n' << Text::tr("Final state (t=%1 ms):").arg(machine->now(state)) << u'\n';
    for (const QString &line : stateText(*machine, state))
        out << QStringLiteral("  ") << line << u'\n';

    if (!rules.empty()) {
        out << u'\n'
            << (machine->isFinal(state) ? Text::tr("Rules:")
                                        : Text::tr("Rules (checked now, before the run has finished):"))
            << u'\n';
        for (const RuleCheck &r : rules) {
            out << QStringLiteral("  %1 %2").arg(r.holds ? QStringLiteral("✓") : QStringLiteral("✗"), r.rule->label)
                << u'\n';
            if (r.holds)
                continue;
            if (r.event >= 0)
                out << Text::tr("      broken at step %1: %2")
                           .arg(trace[size_t(r.event)].step + 1)
                           .arg(machine->narrate(trace[size_t(r.event)]))
                    << u'\n';
            // A Violation event's sentence already carries the explanation.
            const bool explained = r.event >= 0 && trace[size_t(r.event)].kind == EventKind::Violation;
            if (!r.rule->explanation.isEmpty() && !explained)
                out << QStringLiteral("      ") << r.rule->explanation << u'\n';
        }
    }
    const QStringList flags = anomalyNames(machine->anomalyMask(state));
    if (!analysis.lostUpdates.empty() || !flags.isEmpty() || !analysis.deadlocks.empty()) {
        out << u'\n' << Text::tr("Anomalies:") << u'\n';
        for (const LostUpdate &l : analysis.lostUpdates)
            out << Text::tr("  lost update: step %1 (%2) overwrote step %3 (%4)")
                       .arg(trace[size_t(l.overwritingWrite)].step + 1)
                       .arg(machine->narrate(trace[size_t(l.overwritingWrite)]))
                       .arg(trace[size_t(l.overwrittenWrite)].step + 1)
                       .arg(machine->narrate(trace[size_t(l.overwrittenWrite)]))
                << u'\n';
        for (const DeadlockCycle &c : analysis.deadlocks) {
            QStringList names;
            for (int a : c.actors)
                names << machine->actor(a).name;
            out << (c.victim >= 0
                        ? Text::tr("  deadlock: %1 wait for each other; the database rolled back %2")
                              .arg(names.join(QStringLiteral(" → ")), machine->actor(c.victim).name)
                        : Text::tr("  deadlock: %1 wait for each other forever").arg(names.join(QStringLiteral(" → "))))
                << u'\n';
        }
        for (const QString &f : flags)
            out << QStringLiteral("  %1").arg(f) << u'\n';
    }
    if (!errorsPerActor.isEmpty()) {
        out << u'\n' << Text::tr("Errors per actor:") << u'\n';
        for (auto it = errorsPerActor.begin(); it != errorsPerActor.end(); ++it)
            for (auto m = it->begin(); m != it->end(); ++m)
                out << QStringLiteral("  %1: %2").arg(it.key(), m.key()) << u'\n';
    }

    out << u'\n';
    if (machine->isFinal(state)) {
        out << Text::tr("Finished after %n move(s): %1", nullptr, stepper.cursor()).arg(machine->describeOutcome(state))
            << u'\n';
    } else if (machine->isStuck(state)) {
        out << Text::tr("Stuck after %n move(s): every request that is left waits forever.", nullptr, stepper.cursor())
            << u'\n';
    } else {
        QStringList moves;
        for (int m : stepper.availableMoves())
            moves << (m == Schedule::Tick ? QStringLiteral("~") : machine->actor(m).letter);
        out << Text::tr("Not finished after %n move(s). Possible next moves: %1", nullptr, stepper.cursor())
                   .arg(moves.join(u' '))
            << u'\n';
        for (int a = 0; a < machine->actorCount(); ++a)
            if (machine->status(state, a) == ActorStatus::Running && !machine->isEnabled(state, a))
                out << QStringLiteral("  %1: %2").arg(machine->actor(a).letter, machine->blockInfo(state, a).text)
                    << u'\n';
    }
    out.flush();
    return Ok;
}

} // namespace Interleave::Cli
