#include "output.h"

#include "machine/ruleverdict.h"
#include "machine/safetyreason.h"
#include "trace/traceanalysis.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>

#include <optional>

using namespace Interleave;

namespace Cli {

QString variantLine(const Machine &machine)
{
    QStringList params;
    for (const ParameterSpec &p : machine.scenario().params)
        params << QStringLiteral("%1=%2").arg(p.name).arg(machine.params().value(p.name));
    return QStringLiteral("%1 · %2 · %3 · %4%5")
        .arg(machine.scenario().id, machine.strategy().id, machine.model().toString(), machine.database().toString(),
             params.isEmpty() ? QString() : QStringLiteral(" · ") + params.join(u' '));
}

QString variantHeader(const Machine &machine)
{
    QString text = variantLine(machine) + u'\n';
    if (const QString why = SafetyReason::explain(machine); !why.isEmpty())
        text += Text::tr("Cannot go wrong here: %1.").arg(why) + u'\n';
    return text;
}

namespace {

// Quoted for a POSIX shell unless it is plainly safe.
QString shellWord(const QString &word)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:=+-]+$"));
    if (safe.match(word).hasMatch())
        return word;
    return u'\'' + QString(word).replace(u'\'', QLatin1String("'\\''")) + u'\'';
}

} // namespace

QString replayCommand(const Machine &machine, const QString &schedule)
{
    const ScenarioSpec &scenario = machine.scenario();
    const bool builtin = scenario.fileName.startsWith(QLatin1String(":/"));
    QStringList words{QStringLiteral("interleave-cli step --scenario"),
                      shellWord(builtin ? scenario.id : QFileInfo(scenario.fileName).absoluteFilePath()),
                      QStringLiteral("--strategy"),
                      shellWord(machine.strategy().id),
                      QStringLiteral("--model"),
                      machine.model().toString()};
    const DatabaseVariant &db = machine.database();
    if (db != scenario.database)
        words << QStringLiteral("--db") << DatabaseVariant::flavourId(db.flavour) << QStringLiteral("--isolation")
              << DatabaseVariant::levelId(db.level);
    for (const ParameterSpec &p : scenario.params) {
        const int64_t value = machine.params().value(p.name, p.defaultValue);
        if (value != p.defaultValue)
            words << QStringLiteral("--param") << shellWord(QStringLiteral("%1=%2").arg(p.name).arg(value));
    }
    words << QStringLiteral("--schedule") << u'"' + schedule + u'"';
    return words.join(u' ');
}

QJsonObject variantJson(const Machine &machine)
{
    QJsonObject params;
    for (const ParameterSpec &p : machine.scenario().params)
        params.insert(p.name, double(machine.params().value(p.name)));
    QJsonArray actors;
    for (int a = 0; a < machine.actorCount(); ++a)
        actors.append(QJsonObject{{QStringLiteral("actor"), machine.actor(a).letter},
                                  {QStringLiteral("name"), machine.actor(a).name}});
    return QJsonObject{
        {QStringLiteral("scenario"), machine.scenario().id},
        {QStringLiteral("strategy"), machine.strategy().id},
        {QStringLiteral("model"), machine.model().toString()},
        {QStringLiteral("db"), DatabaseVariant::flavourId(machine.database().flavour)},
        {QStringLiteral("isolation"), DatabaseVariant::levelId(machine.database().level)},
        {QStringLiteral("params"), params},
        {QStringLiteral("actors"), actors},
        {QStringLiteral("safeBecause"), SafetyReason::explain(machine)},
    };
}

namespace {

QString statusName(ActorStatus status)
{
    switch (status) {
    case ActorStatus::Running:
        return QStringLiteral("running");
    case ActorStatus::Done:
        return QStringLiteral("done");
    case ActorStatus::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString statusText(ActorStatus status)
{
    switch (status) {
    case ActorStatus::Running:
        return Text::tr("still running");
    case ActorStatus::Done:
        return Text::tr("done");
    case ActorStatus::Failed:
        return Text::tr("failed");
    }
    return {};
}

QString placeName(Place place)
{
    switch (place) {
    case Place::None:
        return QString();
    case Place::Row:
        return QStringLiteral("row");
    case Place::Table:
        return QStringLiteral("table");
    case Place::Memory:
        return QStringLiteral("memory");
    case Place::Mutex:
        return QStringLiteral("mutex");
    case Place::Lease:
        return QStringLiteral("lease");
    case Place::Queue:
        return QStringLiteral("queue");
    case Place::Pool:
        return QStringLiteral("pool");
    case Place::Clock:
        return QStringLiteral("clock");
    }
    return {};
}

} // namespace

QJsonObject stateJson(const Machine &machine, const State &state)
{
    QJsonObject rows;
    for (int r = 0; r < machine.rowCount(); ++r) {
        QJsonObject cells;
        for (int c = 0; c < machine.columnCount(r); ++c) {
            const QString full = machine.resourceName(Place::Row, r, c);
            cells.insert(full.mid(full.lastIndexOf(u'.') + 1), double(machine.cellValue(state, r, c)));
        }
        rows.insert(machine.resourceName(Place::Row, r), cells);
    }
    QJsonObject memory;
    const int instances = machine.model().kind == ExecutionModel::Instances ? machine.model().instances : 1;
    for (int cell = 0; cell < machine.memoryCount(); ++cell) {
        const QString name = machine.resourceName(Place::Memory, 0, cell);
        if (instances == 1) {
            memory.insert(name, double(machine.memoryValue(state, 0, cell)));
        } else {
            QJsonArray perInstance;
            for (int i = 0; i < instances; ++i)
                perInstance.append(double(machine.memoryValue(state, i, cell)));
            memory.insert(name, perInstance);
        }
    }
    QJsonObject tables;
    for (int t = 0; t < machine.tableCount(); ++t) {
        if (!machine.isKeyTable(t))
            continue;
        QJsonArray keys;
        for (int64_t k : machine.tableKeys(state, t))
            keys.append(double(k));
        tables.insert(machine.resourceName(Place::Table, t), keys);
    }
    QJsonArray actors;
    for (int a = 0; a < machine.actorCount(); ++a) {
        QJsonObject o{{QStringLiteral("actor"), machine.actor(a).letter},
                      {QStringLiteral("name"), machine.actor(a).name},
                      {QStringLiteral("status"), statusName(machine.status(state, a))}};
        const int error = machine.errorOf(state, a);
        o.insert(QStringLiteral("error"), error >= 0 ? QJsonValue(machine.messages().value(error)) : QJsonValue());
        if (machine.status(state, a) == ActorStatus::Running) {
            o.insert(QStringLiteral("line"), machine.currentLine(state, a));
            o.insert(QStringLiteral("blocked"),
                     machine.isEnabled(state, a) ? QJsonValue() : QJsonValue(machine.blockInfo(state, a).text));
        }
        actors.append(o);
    }
    QJsonArray figures;
    for (const Figure &f : machine.figures()) {
        QJsonObject o{{QStringLiteral("label"), f.label},
                      {QStringLiteral("actual"), double(machine.evaluate(f.actual, state))}};
        if (f.hasExpected)
            o.insert(QStringLiteral("expected"), double(machine.evaluate(f.expected, state)));
        figures.append(o);
    }
    return QJsonObject{
        {QStringLiteral("rows"), rows},
        {QStringLiteral("memory"), memory},
        {QStringLiteral("tables"), tables},
        {QStringLiteral("actors"), actors},
        {QStringLiteral("figures"), figures},
        {QStringLiteral("virtualMs"), double(machine.now(state))},
        {QStringLiteral("final"), machine.isFinal(state)},
        {QStringLiteral("stuck"), machine.isStuck(state)},
        {QStringLiteral("anomalies"), QJsonArray::fromStringList(anomalyNames(machine.anomalyMask(state)))},
    };
}

QStringList stateText(const Machine &machine, const State &state)
{
    QStringList lines;
    for (int r = 0; r < machine.rowCount(); ++r)
        for (int c = 0; c < machine.columnCount(r); ++c)
            lines << QStringLiteral("%1 = %2")
                         .arg(machine.resourceName(Place::Row, r, c))
                         .arg(machine.cellValue(state, r, c));
    const int instances = machine.model().kind == ExecutionModel::Instances ? machine.model().instances : 1;
    for (int cell = 0; cell < machine.memoryCount(); ++cell) {
        QStringList values;
        for (int i = 0; i < instances; ++i)
            values << QString::number(machine.memoryValue(state, i, cell));
        lines << (instances == 1
                      ? QStringLiteral("%1 = %2").arg(machine.resourceName(Place::Memory, 0, cell), values.front())
                      : Text::tr("%1 = %2 (one per server instance)")
                            .arg(machine.resourceName(Place::Memory, 0, cell), values.join(QLatin1String(", "))));
    }
    for (int t = 0; t < machine.tableCount(); ++t) {
        if (!machine.isKeyTable(t))
            continue;
        QStringList keys;
        for (int64_t k : machine.tableKeys(state, t))
            keys << QString::number(k);
        lines << QStringLiteral("%1 = {%2}").arg(machine.resourceName(Place::Table, t), keys.join(QLatin1String(", ")));
    }
    for (const Figure &f : machine.figures()) {
        if (f.hasExpected)
            lines << Text::tr("%1: %2 (expected %3)")
                         .arg(f.label)
                         .arg(machine.evaluate(f.actual, state))
                         .arg(machine.evaluate(f.expected, state));
        else
            lines << QStringLiteral("%1: %2").arg(f.label).arg(machine.evaluate(f.actual, state));
    }
    for (int a = 0; a < machine.actorCount(); ++a) {
        const ActorStatus st = machine.status(state, a);
        QString line = QStringLiteral("%1: %2").arg(machine.actor(a).name, statusText(st));
        if (st == ActorStatus::Failed)
            line += QStringLiteral(" (%1)").arg(machine.messages().value(machine.errorOf(state, a)));
        else if (st == ActorStatus::Running && !machine.isEnabled(state, a))
            line += QStringLiteral(": %1").arg(machine.blockInfo(state, a).text);
        lines << line;
    }
    return lines;
}

QString eventKindName(EventKind kind)
{
    switch (kind) {
    case EventKind::Read:
        return QStringLiteral("read");
    case EventKind::Write:
        return QStringLiteral("write");
    case EventKind::Update:
        return QStringLiteral("update");
    case EventKind::Insert:
        return QStringLiteral("insert");
    case EventKind::Lookup:
        return QStringLiteral("lookup");
    case EventKind::Begin:
        return QStringLiteral("begin");
    case EventKind::Commit:
        return QStringLiteral("commit");
    case EventKind::Rollback:
        return QStringLiteral("rollback");
    case EventKind::LockWait:
        return QStringLiteral("lock-wait");
    case EventKind::LockAcquire:
        return QStringLiteral("lock-acquire");
    case EventKind::LockRelease:
        return QStringLiteral("lock-release");
    case EventKind::LockDenied:
        return QStringLiteral("lock-denied");
    case EventKind::LeaseExpire:
        return QStringLiteral("lease-expire");
    case EventKind::Enqueue:
        return QStringLiteral("enqueue");
    case EventKind::Dequeue:
        return QStringLiteral("dequeue");
    case EventKind::Yield:
        return QStringLiteral("yield");
    case EventKind::Sleep:
        return QStringLiteral("sleep");
    case EventKind::Wake:
        return QStringLiteral("wake");
    case EventKind::Local:
        return QStringLiteral("local");
    case EventKind::Fail:
        return QStringLiteral("fail");
    case EventKind::Done:
        return QStringLiteral("done");
    case EventKind::Deadlock:
        return QStringLiteral("deadlock");
    case EventKind::Timeout:
        return QStringLiteral("timeout");
    case EventKind::Violation:
        return QStringLiteral("violation");
    case EventKind::Anomaly:
        return QStringLiteral("anomaly");
    case EventKind::Tick:
        return QStringLiteral("tick");
    }
    return QStringLiteral("event");
}

QJsonObject eventJson(const Machine &machine, const TraceEvent &e, int index)
{
    QJsonObject o{
        {QStringLiteral("index"), index},
        {QStringLiteral("step"), e.step},
        {QStringLiteral("kind"), eventKindName(e.kind)},
        {QStringLiteral("actor"),
         e.actor >= 0 && e.actor < machine.actorCount() ? QJsonValue(machine.actor(e.actor).letter) : QJsonValue()},
        {QStringLiteral("virtualMs"), e.virtualMs},
        {QStringLiteral("text"), machine.narrate(e)}};
    if (e.actor >= 0 && e.actor < machine.actorCount() && e.line >= 0) {
        const Program &p = machine.programOf(e.actor);
        o.insert(QStringLiteral("line"), e.line);
        if (size_t(e.line) < p.lines.size())
            o.insert(QStringLiteral("code"), p.lines[size_t(e.line)].code);
    }
    if (e.place != Place::None) {
        o.insert(QStringLiteral("place"), placeName(e.place));
        const QString name = e.place == Place::Memory ? machine.resourceName(Place::Memory, 0, e.column)
                                                      : machine.resourceName(e.place, e.resource, e.column);
        if (!name.isEmpty())
            o.insert(QStringLiteral("resource"), name);
    }
    o.insert(QStringLiteral("value"), double(e.value));
    if (e.version)
        o.insert(QStringLiteral("version"), double(e.version));
    if (e.message >= 0)
        o.insert(QStringLiteral("error"), machine.messages().value(e.message));
    if (e.wallNs >= 0)
        o.insert(QStringLiteral("wallNs"), double(e.wallNs));
    return o;
}

QString endName(ThreadedTrial::End end)
{
    switch (end) {
    case ThreadedTrial::Finished:
        return QStringLiteral("finished");
    case ThreadedTrial::Deadlocked:
        return QStringLiteral("deadlock");
    case ThreadedTrial::MoveLimit:
        return QStringLiteral("move-limit");
    case ThreadedTrial::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

std::vector<RuleCheck> checkRules(const Machine &machine, const State &state, const Trace &trace)
{
    // The command line judges every rule on the state it stops at; the culprit
    // is the one the window and the exports name (ruleCulprit in the core).
    const std::vector<bool> holds = machine.checkInvariants(state);
    std::vector<RuleCheck> rules;
    std::optional<TraceAnalysis> analysis;
    for (size_t i = 0; i < machine.invariants().size(); ++i) {
        RuleCheck r;
        r.rule = &machine.invariants()[i];
        r.holds = holds[i];
        if (!r.holds) {
            if (!analysis)
                analysis = analyze(machine, trace);
            r.event = ruleCulprit(machine, trace, *analysis, int(i));
        }
        rules.push_back(r);
    }
    return rules;
}

QJsonArray rulesJson(const Machine &machine, const std::vector<RuleCheck> &rules, const Trace &trace)
{
    QJsonArray out;
    for (const RuleCheck &r : rules) {
        QJsonObject o{{QStringLiteral("id"), r.rule->id},
                      {QStringLiteral("label"), r.rule->label},
                      {QStringLiteral("always"), r.rule->always},
                      {QStringLiteral("holds"), r.holds}};
        if (!r.holds) {
            o.insert(QStringLiteral("explanation"), r.rule->explanation);
            o.insert(QStringLiteral("event"),
                     r.event >= 0 ? QJsonValue(eventJson(machine, trace[size_t(r.event)], r.event)) : QJsonValue());
        }
        out.append(o);
    }
    return out;
}

QStringList anomalyNames(uint64_t mask)
{
    QStringList names;
    if (mask & Machine::StaleLeaseWrite)
        names << QStringLiteral("stale-lease-write");
    if (mask & Machine::ForeignRelease)
        names << QStringLiteral("foreign-release");
    if (mask & Machine::RejectedStaleToken)
        names << QStringLiteral("rejected-stale-token");
    return names;
}

QJsonObject errorsJson(const QMap<QString, QMap<QString, int64_t>> &errors)
{
    QJsonObject out;
    for (auto it = errors.begin(); it != errors.end(); ++it) {
        QJsonObject perMessage;
        for (auto m = it->begin(); m != it->end(); ++m)
            perMessage.insert(m.key(), double(m.value()));
        out.insert(it.key(), perMessage);
    }
    return out;
}

void printJson(QTextStream &out, const QJsonObject &object)
{
    out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    out.flush();
}

} // namespace Cli
