#include "scenariotable.h"

#include <QHash>
#include <QSet>
#include <QTest>

#include <unordered_set>

using namespace Interleave;

namespace ScenarioTable {

namespace {

using EventTest = bool (*)(const TraceEvent &);

// One vocabulary for both tables: a name means the same in every row.
const QHash<QString, EventTest> &eventKinds()
{
    static const QHash<QString, EventTest> kinds{
        {QStringLiteral("wait"), [](const TraceEvent &e) { return e.kind == EventKind::LockWait; }},
        {QStringLiteral("denied"), [](const TraceEvent &e) { return e.kind == EventKind::LockDenied; }},
        {QStringLiteral("deadlock"), [](const TraceEvent &e) { return e.kind == EventKind::Deadlock; }},
        {QStringLiteral("timeout"), [](const TraceEvent &e) { return e.kind == EventKind::Timeout; }},
        {QStringLiteral("expire"), [](const TraceEvent &e) { return e.kind == EventKind::LeaseExpire; }},
        {QStringLiteral("rollback"), [](const TraceEvent &e) { return e.kind == EventKind::Rollback; }},
        {QStringLiteral("commit"), [](const TraceEvent &e) { return e.kind == EventKind::Commit; }},
        {QStringLiteral("anomaly"), [](const TraceEvent &e) { return e.kind == EventKind::Anomaly; }},
        {QStringLiteral("stale"),
         [](const TraceEvent &e) { return e.kind == EventKind::Anomaly && e.value == Machine::StaleLeaseWrite; }},
        {QStringLiteral("foreign"),
         [](const TraceEvent &e) { return e.kind == EventKind::Anomaly && e.value == Machine::ForeignRelease; }},
        {QStringLiteral("update0"), [](const TraceEvent &e) { return e.kind == EventKind::Update && e.version == 0; }},
        {QStringLiteral("dup"), [](const TraceEvent &e) { return e.kind == EventKind::Insert && e.version == 0; }},
        {QStringLiteral("charge"),
         [](const TraceEvent &e) { return e.kind == EventKind::Update && e.version == 1 && e.resource == 0; }},
    };
    return kinds;
}

QString modelKey(const ExecutionModel &model)
{
    return model.kind == ExecutionModel::Threads  ? QStringLiteral("threads")
        : model.kind == ExecutionModel::EventLoop ? QStringLiteral("eventloop")
                                                  : QStringLiteral("instances");
}

// Every reachable terminal state, by depth-first search over hashed states.
void collectTerminals(const Machine &m, const State &s, std::unordered_set<State, StateHash> &seen,
                      std::vector<State> &terminals)
{
    if (!seen.insert(s).second)
        return;
    if (m.isTerminal(s)) {
        terminals.push_back(s);
        return;
    }
    for (int a = -1; a < m.actorCount(); ++a) {
        if (a < 0 ? !m.canTick(s) : !m.isEnabled(s, a))
            continue;
        State next = s;
        if (a < 0)
            m.tick(next, nullptr, 0);
        else
            m.step(next, a, nullptr, 0);
        collectTerminals(m, next, seen, terminals);
    }
}

// One model of a row; checkScheduleRow stops at the first model that fails.
void checkScheduleUnder(const ScheduleRow &row, const QString &model)
{
    const QString where = QStringLiteral("[%1] ").arg(model);
    const auto machine = compile(row.scenarioId, row.strategy, model, row.params);
    QVERIFY(machine);
    QString error;
    const auto parsed = Schedule::parse(row.schedule, *machine, &error);
    QVERIFY2(parsed, qPrintable(error));
    Stepper stepper(machine);
    const int done = stepper.replayPossible(*parsed);
    const int expectedDone = row.replayed < 0 ? int(parsed->moves.size()) : row.replayed;
    QVERIFY2(done == expectedDone,
             qPrintable(where + QStringLiteral("replayed %1 moves, expected %2").arg(done).arg(expectedDone)));
    finish(stepper);
    const State &s = stepper.state();
    QVERIFY2(machine->isFinal(s), qPrintable(where + machine->describeOutcome(s)));

    checkFigures(*machine, s, row.figures, where);
    if (QTest::currentTestFailed())
        return;

    QHash<int, QString> expectedErrors;
    for (const QString &item : row.errors.split(u'|', Qt::SkipEmptyParts))
        expectedErrors.insert(machine->actorByToken(item.section(u'=', 0, 0).trimmed()),
                              item.section(u'=', 1).trimmed());
    for (int a = 0; a < machine->actorCount(); ++a) {
        const QString actual = machine->status(s, a) == ActorStatus::Failed
            ? machine->messages().value(machine->errorOf(s, a))
            : QString();
        QVERIFY2(actual == expectedErrors.value(a),
                 qPrintable(where +
                            QStringLiteral("%1 ended with \"%2\", expected \"%3\"")
                                .arg(machine->actor(a).name, actual, expectedErrors.value(a))));
    }

    const QString broken = brokenRules(*machine, s);
    QVERIFY2(broken == row.broken,
             qPrintable(where + QStringLiteral("broken rules \"%1\", expected \"%2\"").arg(broken, row.broken)));

    for (const QString &item : row.events.split(u' ', Qt::SkipEmptyParts)) {
        const QString kind = item.section(u':', 0, 0);
        const int actor = machine->actorByToken(item.section(u':', 1).section(u'=', 0, 0));
        const int expected = item.section(u'=', 1).toInt();
        QVERIFY(actor >= 0);
        const int actual = countEvents(stepper.trace(), kind, actor);
        QVERIFY2(actual >= 0, qPrintable(where + QStringLiteral("unknown event kind \"%1\"").arg(kind)));
        QVERIFY2(actual == expected,
                 qPrintable(where +
                            QStringLiteral("%1 events for %2: %3, expected %4")
                                .arg(kind, machine->actor(actor).name)
                                .arg(actual)
                                .arg(expected)));
    }
}

} // namespace

std::shared_ptr<const ScenarioSpec> scenario(const QString &id)
{
    QString error;
    auto spec = ScenarioLoader::resolve(id, &error);
    if (!spec)
        qWarning("%s", qPrintable(error));
    return spec;
}

std::shared_ptr<const Machine> compile(const QString &id, const QString &strategy, const QString &model,
                                       const QString &params)
{
    const auto spec = scenario(id);
    if (!spec)
        return nullptr;
    QHash<QString, int64_t> values;
    for (const QString &pair : params.split(u',', Qt::SkipEmptyParts))
        values.insert(pair.section(u'=', 0, 0).trimmed(), pair.section(u'=', 1).toLongLong());
    QString error;
    auto machine = Machine::compile(*spec, strategy, *ExecutionModel::parse(model, nullptr), values, &error);
    if (!machine)
        qWarning("%s", qPrintable(error));
    return machine;
}

void finish(Stepper &stepper)
{
    for (int guard = 0; guard < 10000 && !stepper.machine().isTerminal(stepper.state()); ++guard) {
        bool moved = false;
        for (int a = 0; a < stepper.machine().actorCount() && !moved; ++a)
            moved = stepper.move(a);
        if (!moved && !stepper.move(Schedule::Tick))
            break;
    }
}

bool figure(const Machine &m, const State &s, const QString &label, int64_t *value)
{
    for (const Figure &f : m.figures())
        if (f.label == label) {
            *value = m.evaluate(f.actual, s);
            return true;
        }
    return false;
}

int countEvents(const Trace &trace, const QString &kind, int actor)
{
    const EventTest matches = eventKinds().value(kind);
    if (!matches)
        return -1;
    int n = 0;
    for (const TraceEvent &e : trace)
        n += e.actor == actor && matches(e);
    return n;
}

QString brokenRules(const Machine &m, const State &s)
{
    QStringList ids;
    const std::vector<bool> holds = m.checkInvariants(s);
    for (size_t i = 0; i < holds.size(); ++i)
        if (!holds[i])
            ids << m.invariants()[i].id;
    return ids.join(u',');
}

void addRow(QList<ScheduleRow> &rows, const char *name, const char *scenarioId, const char *strategy,
            const char *models, const char *params, const char *schedule, int replayed, const char *figures,
            const char *errors, const char *broken, const char *events)
{
    rows.append({QString::fromUtf8(name), QString::fromUtf8(scenarioId), QString::fromUtf8(strategy),
                 QString::fromUtf8(models), QString::fromUtf8(params), QString::fromUtf8(schedule), replayed,
                 QString::fromUtf8(figures), QString::fromUtf8(errors), QString::fromUtf8(broken),
                 QString::fromUtf8(events)});
}

void addScheduleData(const QList<ScheduleRow> &rows)
{
    QTest::addColumn<ScheduleRow>("row");
    for (const ScheduleRow &row : rows)
        QTest::newRow(qPrintable(row.name)) << row;
}

void checkScheduleRow(const ScheduleRow &row)
{
    for (const QString &model : row.models.split(u',')) {
        checkScheduleUnder(row, model);
        if (QTest::currentTestFailed())
            return;
    }
}

void checkFigures(const Machine &m, const State &s, const QString &figures, const QString &where)
{
    for (const QString &item : figures.split(u';', Qt::SkipEmptyParts)) {
        const QString label = item.section(u'=', 0, 0).trimmed();
        const int64_t expected = item.section(u'=', 1).toLongLong();
        int64_t actual = 0;
        QVERIFY2(figure(m, s, label, &actual), qPrintable(where + QStringLiteral("no figure \"%1\"").arg(label)));
        QVERIFY2(actual == expected,
                 qPrintable(where +
                            QStringLiteral("%1 = %2, expected %3; %4")
                                .arg(label)
                                .arg(actual)
                                .arg(expected)
                                .arg(m.describeOutcome(s))));
    }
}

void checkEveryStrategyAndModelIsCovered(const QList<ScheduleRow> &rows, std::span<const char *const> scenarioIds)
{
    QSet<QString> covered;
    for (const ScheduleRow &row : rows)
        for (const QString &model : row.models.split(u','))
            covered.insert(row.scenarioId + u'/' + row.strategy + u'/' + model.section(u':', 0, 0));
    for (const char *id : scenarioIds) {
        const auto spec = scenario(QLatin1String(id));
        QVERIFY(spec);
        for (const StrategySpec &strategy : spec->strategies) {
            for (const QString &model :
                 {QStringLiteral("threads"), QStringLiteral("eventloop"), QStringLiteral("instances")}) {
                const QString key = QLatin1String(id) + u'/' + strategy.id + u'/' + model;
                QVERIFY2(covered.contains(key), qPrintable(key + QStringLiteral(" has no schedule test")));
                const QString verdict = strategy.expect.value(model);
                QVERIFY2(verdict == QLatin1String("safe") || verdict == QLatin1String("broken"),
                         qPrintable(key + QStringLiteral(" declares no verdict")));
            }
        }
    }
}

void addVerdictData(std::span<const char *const> scenarioIds)
{
    QTest::addColumn<QString>("scenarioId");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    for (const char *id : scenarioIds) {
        const auto spec = scenario(QLatin1String(id));
        if (!spec)
            continue;
        for (const StrategySpec &strategy : spec->strategies)
            for (const QString &model : spec->models)
                QTest::addRow("%s/%s/%s", id, qPrintable(strategy.id), qPrintable(model))
                    << QString::fromLatin1(id) << strategy.id << model;
    }
}

void checkVerdict(const QString &scenarioId, const QString &strategy, const QString &model, StuckEnd stuck)
{
    const auto machine = compile(scenarioId, strategy, model, QString());
    QVERIFY(machine);
    std::unordered_set<State, StateHash> seen;
    std::vector<State> terminals;
    collectTerminals(*machine, machine->initialState(), seen, terminals);
    QVERIFY(!terminals.empty());
    int broken = 0;
    for (const State &s : terminals) {
        if (stuck == StuckEnd::FailsTheTest)
            QVERIFY2(machine->isFinal(s), qPrintable(machine->describeOutcome(s))); // nobody waits forever
        broken += machine->isStuck(s) || !brokenRules(*machine, s).isEmpty();
    }
    const QString expected = machine->strategy().expect.value(modelKey(machine->model()));
    QCOMPARE(broken > 0 ? QStringLiteral("broken") : QStringLiteral("safe"), expected);
}

} // namespace ScenarioTable
