#include "window/scenariosession.h"

#include <algorithm>

using namespace Interleave;

ScenarioSession::ScenarioSession(QObject *parent)
    : QObject(parent)
{
    // Connected first, so every view that asks for the analysis afterwards gets the new one.
    connect(this, &ScenarioSession::cursorChanged, this, [this] { m_analysis.reset(); });
}

const TraceAnalysis &ScenarioSession::analysis() const
{
    static const TraceAnalysis none;
    if (!m_stepper)
        return none;
    if (!m_analysis)
        m_analysis = analyze(m_stepper->machine(), m_stepper->trace());
    return *m_analysis;
}

ScenarioSession::~ScenarioSession() = default;

bool ScenarioSession::setScenario(std::shared_ptr<const ScenarioSpec> scenario, const QString &strategy,
                                  std::optional<ExecutionModel> model, const QHash<QString, int64_t> &params,
                                  QString *error)
{
    if (!scenario) {
        if (error)
            *error = tr("No scenario.");
        return false;
    }
    const QString strategyId = scenario->strategyIndex(strategy) >= 0 ? strategy : scenario->strategies.value(0).id;
    std::optional<ExecutionModel> chosen;
    if (model && scenario->models.contains(model->toString()))
        chosen = model;
    if (!chosen) // where the broken code shows its bug
        chosen = ExecutionModel::parse(scenario->bugModel, nullptr);
    if (!chosen)
        chosen = ExecutionModel::parse(scenario->models.value(0, QStringLiteral("threads")), nullptr);
    QHash<QString, int64_t> values;
    const auto defaults = scenario->defaultParams();
    for (auto it = defaults.cbegin(); it != defaults.cend(); ++it) {
        const ParameterSpec *spec = scenario->param(it.key());
        const int64_t v = params.value(it.key(), it.value());
        values.insert(it.key(), spec ? std::clamp<int64_t>(v, spec->minimum, spec->maximum) : v);
    }
    QString compileError;
    auto machine = Machine::compile(*scenario, strategyId, chosen.value_or(ExecutionModel{}), values, &compileError);
    if (!machine) {
        // The saved parameters may be what breaks it; the defaults are known to compile.
        values.clear();
        for (auto it = defaults.cbegin(); it != defaults.cend(); ++it)
            values.insert(it.key(), it.value());
        machine = Machine::compile(*scenario, strategyId, chosen.value_or(ExecutionModel{}), values, nullptr);
    }
    if (!machine) {
        if (error)
            *error = compileError;
        return false;
    }
    m_scenario = std::move(scenario);
    m_strategy = strategyId;
    m_model = chosen.value_or(ExecutionModel{});
    m_params = values;
    m_database = m_scenario->database; // each scenario opens on its own database
    m_machine = machine;
    m_stepper = std::make_unique<Stepper>(machine);
    m_pinned = {};
    m_pinnedCursor = 0;
    m_replayNote.clear();
    emit scenarioChanged();
    emit variantChanged();
    emit cursorChanged();
    return true;
}

bool ScenarioSession::setStrategy(const QString &id)
{
    if (!m_scenario || m_scenario->strategyIndex(id) < 0)
        return false;
    return id == m_strategy || recompile(id, m_model, m_params, m_database);
}

bool ScenarioSession::setModel(const ExecutionModel &model)
{
    if (!m_scenario)
        return false;
    return model == m_model || recompile(m_strategy, model, m_params, m_database);
}

bool ScenarioSession::setDatabase(const DatabaseVariant &database)
{
    if (!m_scenario)
        return false;
    return database == m_database || recompile(m_strategy, m_model, m_params, database);
}

bool ScenarioSession::setParam(const QString &name, int64_t value)
{
    if (!m_scenario)
        return false;
    const ParameterSpec *spec = m_scenario->param(name);
    if (!spec)
        return false;
    value = std::clamp<int64_t>(value, spec->minimum, spec->maximum);
    if (m_params.value(name) == value)
        return true;
    QHash<QString, int64_t> params = m_params;
    params.insert(name, value);
    return recompile(m_strategy, m_model, params, m_database);
}

bool ScenarioSession::recompile(const QString &strategy, const ExecutionModel &model,
                                const QHash<QString, int64_t> &params, const DatabaseVariant &database)
{
    QString error;
    auto machine = Machine::compile(*m_scenario, strategy, model, params, &error, database);
    if (!machine) {
        m_lastError = error;
        emit errorOccurred(error);
        return false;
    }
    m_strategy = strategy;
    m_model = model;
    m_params = params;
    m_database = database;
    m_machine = machine;
    m_stepper = std::make_unique<Stepper>(machine);
    // The point of the toggle: the same interleaving, now with the fix on.
    replayPinned();
    emit variantChanged();
    emit cursorChanged();
    return true;
}

void ScenarioSession::replayPinned()
{
    const int done = m_pinned.moves.empty() ? 0 : m_stepper->replayPossible(m_pinned);
    // Asked while the stepper stands where the next pinned move is refused.
    m_replayNote = done < int(m_pinned.moves.size()) ? whyReplayStops(done) : QString();
    m_stepper->seek(std::min(m_pinnedCursor, done));
}

QString ScenarioSession::whyReplayStops(int done) const
{
    const int blocked = m_pinned.moves[size_t(done)];
    QString why;
    if (blocked == Schedule::Tick)
        why = tr("no deadline lies ahead, so time cannot pass.");
    else if (blocked >= m_machine->actorCount())
        why = tr("that request does not exist with these parameters.");
    else
        why = m_machine->blockInfo(m_stepper->state(), blocked).text;
    const QString who = blocked == Schedule::Tick ? tr("Time (~)")
        : blocked < m_machine->actorCount()       ? m_machine->actor(blocked).name
                                                  : tr("Request %1").arg(blocked + 1);
    return tr("The same schedule runs for %n move(s) here; then %1 cannot move: %2", nullptr, done).arg(who, why);
}

void ScenarioSession::pinAfterMove()
{
    // A move along the pinned schedule keeps the rest of it redoable; any other
    // move starts a new schedule from here.
    const Schedule taken = m_stepper->schedule();
    const bool alongPinned = taken.moves.size() <= m_pinned.moves.size() &&
        std::equal(taken.moves.begin(), taken.moves.end(), m_pinned.moves.begin());
    const int cursor = m_stepper->cursor();
    if (alongPinned) {
        m_stepper->replayPossible(m_pinned);
        m_stepper->seek(cursor);
    } else {
        m_pinned = taken;
        m_replayNote.clear();
    }
    m_pinnedCursor = cursor;
}

bool ScenarioSession::step(int actor)
{
    if (!m_stepper || !m_stepper->canMove(actor) || actor == Schedule::Tick)
        return false;
    m_stepper->move(actor);
    pinAfterMove();
    emit cursorChanged();
    return true;
}

bool ScenarioSession::tick()
{
    if (!m_stepper || !m_stepper->move(Schedule::Tick))
        return false;
    pinAfterMove();
    emit cursorChanged();
    return true;
}

bool ScenarioSession::undo()
{
    if (!m_stepper || !m_stepper->undo())
        return false;
    m_pinnedCursor = m_stepper->cursor();
    emit cursorChanged();
    return true;
}

bool ScenarioSession::redo()
{
    if (!m_stepper || !m_stepper->redo())
        return false;
    m_pinnedCursor = m_stepper->cursor();
    emit cursorChanged();
    return true;
}

void ScenarioSession::redoAll()
{
    seek(m_stepper ? m_stepper->length() : 0);
}

void ScenarioSession::reset()
{
    seek(0);
}

void ScenarioSession::seek(int cursor)
{
    if (!m_stepper || cursor == m_stepper->cursor())
        return;
    m_stepper->seek(cursor);
    m_pinnedCursor = m_stepper->cursor();
    emit cursorChanged();
}

bool ScenarioSession::loadSchedule(const Schedule &schedule, QString *error)
{
    if (!m_stepper)
        return false;
    QString why;
    const bool ok = m_stepper->replay(schedule, &why);
    if (!ok) {
        // Keep what was possible, so the student sees where it stops.
        m_stepper->replayPossible(schedule);
        if (error)
            *error = why;
    }
    // The whole schedule is pinned: another variant may run all of it.
    m_pinned = schedule;
    m_pinnedCursor = int(schedule.moves.size());
    m_replayNote = ok ? QString() : why;
    emit cursorChanged();
    return ok;
}

bool ScenarioSession::loadSchedule(const QString &text, QString *error)
{
    if (!m_machine)
        return false;
    const auto schedule = Schedule::parse(text, *m_machine, error);
    return schedule && loadSchedule(*schedule, error);
}

QString ScenarioSession::variantKey(bool withStrategy) const
{
    QStringList parts{m_scenario ? m_scenario->fileName : QString(), m_model.toString(), m_database.toString()};
    if (withStrategy)
        parts << m_strategy;
    QStringList params;
    for (auto it = m_params.cbegin(); it != m_params.cend(); ++it)
        params << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
    params.sort();
    return parts.join(u'|') + u'|' + params.join(u',');
}
