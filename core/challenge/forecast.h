#pragma once

// Forecast and the point of no return. One exploration of a variant keeps,
// for every state it reaches, how many interleavings lead from there to each
// outcome. After that, any cursor position is a hash lookup: "from here: 1 of
// 2 continuations loses money". Along a schedule it finds the move after which
// a broken rule is certain, and for a fix, the move after which it is
// impossible. Build it once per variant, off the GUI thread (buildAsync).

#include "drivers/stepper.h"
#include "explore/explorer.h"

#include <QCoreApplication>
#include <QFuture>
#include <QString>

#include <memory>
#include <unordered_map>
#include <vector>

namespace Interleave {

struct ForecastOutcome
{
    QString description; // Machine::describeOutcome; for endless runs, a sentence saying so
    bool breaksRule = false;
    bool endless = false; // the runs that go round a cycle forever
    uint64_t brokenRules = 0;
};

// What is still possible from one state.
struct ForecastAt
{
    bool known = false; // the state is in the graph (false past a budget, or for a foreign state)
    bool ended = false; // the run is over: the one outcome is this state's
    std::vector<std::pair<int, InterleavingCount>> reachable; // outcome index -> continuations, largest first
    InterleavingCount total; // continuations from here
    InterleavingCount breaking; // of them, those that break a rule

    bool badCertain() const { return known && !total.isZero() && breaking == total; }
    bool badImpossible() const { return known && breaking.isZero(); }
    bool badPossible() const { return known && !breaking.isZero(); }
};

// A move that decided the outcome along one schedule.
struct TurningPoint
{
    enum Kind {
        None,
        BadCertain, // after this move every continuation breaks a rule
        BadImpossible // after this move no continuation does (a fix doing its job)
    };
    Kind kind = None;
    int move = 0; // moves taken when it happened (1-based: "after move 2")
    QString narration; // "After move 2 the lost update is certain: …"
};

class Forecast
{
    Q_DECLARE_TR_FUNCTIONS(Forecast)
public:
    // Past this many states the forecast is not kept (each state is stored whole).
    static constexpr int64_t DefaultStateBudget = 400000;

    // Explores `machine` once; `control` cancels it and reads progress (may be null).
    // Check complete() (and error()) before trusting the numbers.
    static std::shared_ptr<const Forecast> build(std::shared_ptr<const Machine> machine, ExplorerControl *control,
                                                 int64_t stateBudget = DefaultStateBudget);
    static QFuture<std::shared_ptr<const Forecast>> buildAsync(std::shared_ptr<const Machine> machine,
                                                               std::shared_ptr<ExplorerControl> control,
                                                               int64_t stateBudget = DefaultStateBudget);

    bool complete() const { return m_complete; }
    QString error() const { return m_error; } // why it is not complete, one sentence
    const Machine &machine() const { return *m_machine; }
    int64_t stateCount() const { return int64_t(m_index.size()); }
    const std::vector<ForecastOutcome> &outcomes() const { return m_outcomes; }

    // A hash lookup: quick enough for every step of the window.
    ForecastAt at(const State &state) const;
    // "From here: 1 of 2 continuations breaks a rule."
    QString describe(const ForecastAt &at) const;
    // The first move of `schedule` after which a broken rule is certain, or else
    // (when one was possible at the start) the first after which it is impossible.
    TurningPoint turningPoint(const Schedule &schedule) const;

private:
    Forecast() = default;
    class Builder;
    QString certaintyReason(const Stepper &stepper, const ForecastAt &at) const;
    QString lastMoveNarration(const Stepper &stepper) const;
    QString sharedRead(const Stepper &stepper) const;

    std::shared_ptr<const Machine> m_machine;
    std::unordered_map<State, uint32_t, StateHash> m_index; // state -> node
    std::vector<std::pair<uint32_t, uint32_t>> m_countRange; // node -> (first entry in m_counts, entries)
    std::vector<std::pair<uint32_t, InterleavingCount>> m_counts; // per node: (outcome, count), by outcome
    std::vector<ForecastOutcome> m_outcomes;
    bool m_complete = false;
    QString m_error;
};

} // namespace Interleave
