// What tst_scenarios_money and tst_scenarios_services share: both test the
// built-in scenarios the same way (a table of schedules replayed under each
// model, the declared verdicts checked over every interleaving), and only their
// rows and their own special cases differ. Keeping one copy of the checks means
// a fix or a new event kind reaches both tables at once.
//
// The check* functions assert with QVERIFY/QCOMPARE, which return only from the
// helper: a caller with more to do afterwards checks QTest::currentTestFailed().

#pragma once

#include "drivers/stepper.h"
#include "machine/machine.h"
#include "scenario/scenario.h"

#include <QList>
#include <QString>

#include <memory>
#include <span>

namespace ScenarioTable {

std::shared_ptr<const Interleave::ScenarioSpec> scenario(const QString &id);
// params: "name=value,…"; an empty string keeps the scenario's defaults.
std::shared_ptr<const Interleave::Machine> compile(const QString &id, const QString &strategy, const QString &model,
                                                   const QString &params);

// Ends the run the same way every time: the first request that can move does,
// and time passes only when nobody can move.
void finish(Interleave::Stepper &stepper);

// False when the scenario has no figure called `label`.
bool figure(const Interleave::Machine &m, const Interleave::State &s, const QString &label, int64_t *value);

// How many events of `kind` the actor has in the trace; -1 for a kind not
// listed here, so that a misspelt kind in a row fails instead of counting 0.
// Kinds: wait, denied, deadlock, timeout, expire, rollback, commit, anomaly (any),
// stale / foreign (the two lease anomalies), update0 (an UPDATE that matched no
// row version), dup (an INSERT refused as duplicate), charge (a payment charged).
int countEvents(const Interleave::Trace &trace, const QString &kind, int actor);

// Ids of the rules broken at `s`, comma-separated, in the scenario's order.
QString brokenRules(const Interleave::Machine &m, const Interleave::State &s);

struct ScheduleRow
{
    QString name;
    QString scenarioId;
    QString strategy;
    QString models; // comma-separated; each must behave the same
    QString params;
    QString schedule;
    int replayed; // moves of the schedule still possible; -1: all
    QString figures; // "label=value; …" at the end
    QString errors; // "B=message | …"; every other request ends ok
    QString broken; // ids of the rules broken at the end
    QString events; // "kind:letter=count …" exact counts in the trace
};

// Rows are written as C string literals, one call per row, so the tables read as tables.
void addRow(QList<ScheduleRow> &rows, const char *name, const char *scenarioId, const char *strategy,
            const char *models, const char *params, const char *schedule, int replayed, const char *figures,
            const char *errors, const char *broken, const char *events);

// One "row" column, one data row per schedule row.
void addScheduleData(const QList<ScheduleRow> &rows);
// Replays the row's schedule under each of its models and checks the end state.
// Failure messages start with "[model] " and name what differs, actual and expected.
void checkScheduleRow(const ScheduleRow &row);
// "label=value; …": each figure must exist and have exactly that value.
void checkFigures(const Interleave::Machine &m, const Interleave::State &s, const QString &figures,
                  const QString &where);

// Every strategy of every listed scenario has a row under every model, and
// declares its verdict ("safe" or "broken") for each model.
void checkEveryStrategyAndModelIsCovered(const QList<ScheduleRow> &rows, std::span<const char *const> scenarioIds);

// Columns scenarioId, strategy, model: every strategy of the listed scenarios
// under every model the scenario offers.
void addVerdictData(std::span<const char *const> scenarioIds);
// What an end where somebody waits forever means for checkVerdict.
enum class StuckEnd {
    FailsTheTest,
    IsBroken
};
// "broken" means some reachable end (time passing at any allowed moment) breaks
// a rule; "safe" means none does. Exhaustive: fine for the built-in sizes.
void checkVerdict(const QString &scenarioId, const QString &strategy, const QString &model, StuckEnd stuck);

} // namespace ScenarioTable
