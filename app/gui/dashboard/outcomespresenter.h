#pragma once

#include "drivers/threadeddriver.h"
#include "explore/explorer.h"
#include "machine/machine.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <vector>

class EngineJobs;
class OutcomeChart;
class PlayController;
class ScenarioSession;

// The Outcomes panel's source of truth: the last exploration or trial run of
// the variant on screen, the schedule behind each bar, and which bar the
// stepper's final state is. It follows the session: a new variant explores
// again (it is quick) or drops trials that were about another one.
class OutcomesPresenter : public QObject
{
    Q_OBJECT
public:
    OutcomesPresenter(ScenarioSession *session, EngineJobs *jobs, OutcomeChart *chart, PlayController *player,
                      QObject *parent = nullptr);

    enum class Source {
        None,
        Explorer,
        Trials
    };
    Source source() const { return m_source; }
    std::shared_ptr<const Interleave::ExplorerResult> exploration() const { return m_exploration; }

    void explore();
    void runTrials(int trials, uint64_t seed);
    // An exploration made elsewhere (a prediction's reveal): shown if it is of the variant on screen.
    void showExploration(std::shared_ptr<const Interleave::ExplorerResult> result,
                         std::shared_ptr<const Interleave::Machine> machine);

signals:
    void scheduleChosen(const QString &schedule); // a bar was clicked: step through one schedule that ends there
    void started(); // a job for the panel started: bring it forward

private:
    void onScenarioChanged();
    void onVariantChanged();
    void onTrialsFinished(std::shared_ptr<const Interleave::ThreadedSummary> summary,
                          std::shared_ptr<const Interleave::Machine> machine);
    void markCurrent();
    void onBarClicked(int index);

    ScenarioSession *m_session = nullptr;
    EngineJobs *m_jobs = nullptr;
    OutcomeChart *m_chart = nullptr;
    PlayController *m_player = nullptr;

    Source m_source = Source::None;
    std::shared_ptr<const Interleave::Machine> m_machine; // the variant the chart is about
    std::shared_ptr<const Interleave::ExplorerResult> m_exploration;
    QStringList m_schedules; // per bar
    std::vector<std::vector<int64_t>> m_keys; // per bar, to mark where the stepper ends
};
