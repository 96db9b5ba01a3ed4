#pragma once

#include "drivers/stepper.h"
#include "machine/machine.h"
#include "scenario/scenario.h"
#include "trace/traceanalysis.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

// What the window shows: one scenario, one variant of it (strategy, execution
// model, parameters) compiled into a Machine, and the stepper's place in one
// schedule. Every view reads from here and every control writes through here,
// which is what lets a change of fix re-run the very same schedule.
class ScenarioSession : public QObject
{
    Q_OBJECT
public:
    explicit ScenarioSession(QObject *parent = nullptr);
    ~ScenarioSession() override;

    std::shared_ptr<const Interleave::ScenarioSpec> scenario() const { return m_scenario; }
    QString strategyId() const { return m_strategy; }
    Interleave::ExecutionModel model() const { return m_model; }
    Interleave::DatabaseVariant database() const { return m_database; }
    QHash<QString, int64_t> params() const { return m_params; }
    std::shared_ptr<const Interleave::Machine> machinePtr() const { return m_machine; }
    const Interleave::Machine *machine() const { return m_machine.get(); }
    // Null until a scenario is loaded.
    const Interleave::Stepper *stepper() const { return m_stepper.get(); }
    bool isLoaded() const { return m_machine != nullptr; }
    // The analysis of the stepper's trace up to the cursor, made once per move for every view.
    const Interleave::TraceAnalysis &analysis() const;

    // Loads a scenario; the variant arguments fall back to the scenario's first
    // strategy, the model its bug shows on (bugModel) and default parameters
    // where missing or unknown.
    // On failure nothing changes and *error says why.
    bool setScenario(std::shared_ptr<const Interleave::ScenarioSpec> scenario, const QString &strategy,
                     std::optional<Interleave::ExecutionModel> model, const QHash<QString, int64_t> &params,
                     QString *error);
    // Each recompiles and re-runs the current schedule as far as it stays possible.
    bool setStrategy(const QString &id);
    bool setModel(const Interleave::ExecutionModel &model);
    bool setDatabase(const Interleave::DatabaseVariant &database);
    bool setParam(const QString &name, int64_t value);

    // Moves; each returns false (and changes nothing) when the move is not possible.
    bool step(int actor);
    bool tick();
    bool undo();
    bool redo();
    void redoAll();
    void reset();
    void seek(int cursor);
    // Replays a schedule from the start; on an impossible move keeps what was possible.
    bool loadSchedule(const Interleave::Schedule &schedule, QString *error);
    bool loadSchedule(const QString &text, QString *error);

    // The schedule the teacher built, pinned across variants: a change of fix,
    // model or parameters replays as much of it as the new variant allows but
    // never shortens it, so switching back restores it whole. Only a move that
    // leaves it (stepping differently, loading another schedule) replaces it.
    Interleave::Schedule pinnedSchedule() const { return m_pinned; }
    int pinnedCursor() const { return m_pinnedCursor; }

    // Where and why the current variant stops short of the pinned schedule, or empty.
    QString replayNote() const { return m_replayNote; }
    QString lastError() const { return m_lastError; }

    // Names the variant (scenario file, model, parameters, and the strategy if asked):
    // results made for one key are stale under another.
    QString variantKey(bool withStrategy) const;

signals:
    // Views subscribe to these and update themselves; nobody pushes state into them.
    void scenarioChanged(); // another scenario: rebuild everything scenario-shaped
    void variantChanged(); // new Machine for the same scenario: actors and lines may differ
    void cursorChanged(); // the stepper's state or cursor moved (also after each of the two signals above)
    void errorOccurred(const QString &message);

private:
    bool recompile(const QString &strategy, const Interleave::ExecutionModel &model,
                   const QHash<QString, int64_t> &params, const Interleave::DatabaseVariant &database);
    void replayPinned();
    void pinAfterMove();
    QString whyReplayStops(int done) const;

    std::shared_ptr<const Interleave::ScenarioSpec> m_scenario;
    QString m_strategy;
    Interleave::ExecutionModel m_model;
    Interleave::DatabaseVariant m_database;
    QHash<QString, int64_t> m_params;
    std::shared_ptr<const Interleave::Machine> m_machine;
    std::unique_ptr<Interleave::Stepper> m_stepper;
    Interleave::Schedule m_pinned;
    int m_pinnedCursor = 0;
    QString m_replayNote;
    QString m_lastError;
    mutable std::optional<Interleave::TraceAnalysis> m_analysis; // dropped whenever the cursor moves
};
