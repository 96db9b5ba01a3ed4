#include "dashboard/outcomespresenter.h"

#include "classroom/playcontroller.h"
#include "dashboard/outcomechart.h"
#include "window/enginejobs.h"
#include "window/scenariosession.h"

using namespace Interleave;

OutcomesPresenter::OutcomesPresenter(ScenarioSession *session, EngineJobs *jobs, OutcomeChart *chart,
                                     PlayController *player, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_jobs(jobs)
    , m_chart(chart)
    , m_player(player)
{
    connect(m_session, &ScenarioSession::scenarioChanged, this, &OutcomesPresenter::onScenarioChanged);
    connect(m_session, &ScenarioSession::variantChanged, this, &OutcomesPresenter::onVariantChanged);
    connect(m_session, &ScenarioSession::cursorChanged, this, &OutcomesPresenter::markCurrent);
    connect(m_jobs, &EngineJobs::explored, this, &OutcomesPresenter::showExploration);
    connect(m_jobs, &EngineJobs::trialsFinished, this, &OutcomesPresenter::onTrialsFinished);
    connect(m_chart, &OutcomeChart::barClicked, this, &OutcomesPresenter::onBarClicked);
}

void OutcomesPresenter::explore()
{
    if (!m_session->isLoaded())
        return;
    emit started();
    m_jobs->explore(m_session->machinePtr());
}

void OutcomesPresenter::runTrials(int trials, uint64_t seed)
{
    if (!m_session->isLoaded())
        return;
    emit started();
    m_jobs->runTrials(m_session->machinePtr(), trials, seed);
}

void OutcomesPresenter::onScenarioChanged()
{
    m_chart->clear();
    m_source = Source::None;
    m_machine.reset();
    m_exploration.reset();
    m_schedules.clear();
    m_keys.clear();
}

void OutcomesPresenter::onVariantChanged()
{
    // Keep the chart about what is on screen: explore again (it is quick),
    // and drop trial results that belong to another variant.
    if (!m_machine || m_machine == m_session->machinePtr())
        return;
    m_chart->clear(); // the old variant's outcomes never stand for the new one
    if (m_source == Source::Explorer) {
        explore();
    } else if (m_source == Source::Trials) {
        m_chart->setPlaceholder(tr("The trials above were for another variant. Press <b>Run ×N</b> again."));
        m_source = Source::None;
        m_machine.reset();
    }
}

void OutcomesPresenter::showExploration(std::shared_ptr<const ExplorerResult> result,
                                        std::shared_ptr<const Machine> machine)
{
    if (machine != m_session->machinePtr())
        return; // the variant changed while it ran; a new exploration follows
    m_exploration = result;
    m_source = Source::Explorer;
    m_machine = machine;
    m_schedules.clear();
    m_keys.clear();
    if (!result->error.isEmpty()) {
        m_chart->setPlaceholder(result->error);
        return;
    }
    std::vector<OutcomeChart::Bar> bars;
    for (const ExplorerOutcome &o : result->outcomes) {
        QString label = o.description;
        if (o.kind == ExplorerOutcome::Deadlock && !label.contains(tr("deadlock"), Qt::CaseInsensitive))
            label = tr("deadlock: %1").arg(label);
        else if (o.kind == ExplorerOutcome::Livelock)
            label = tr("livelock: %1").arg(label);
        // A big space cancelled before its paths were counted: every count is zero, not "0 of 0".
        const QString countText = !result->counted ? tr("reached; not counted")
            : o.count.isExact() && result->interleavings.isExact()
            ? tr("%1 of %2 interleavings").arg(o.count.toString(), result->interleavings.toString())
            : o.count.toString();
        bars.push_back({label, QString(), o.count.isExact() ? o.count.toDouble() : 0, countText, o.breaksRule,
                        o.scheduleText, OutcomeChart::ruleNames(*machine, o.brokenRules)});
        m_schedules << o.scheduleText;
        m_keys.push_back(o.key);
    }
    // Counts differ between models because a move does: say what one is here.
    const QString move = machine->model().kind == ExecutionModel::Threads
        ? tr("On threads a move runs a request to its next access to shared state.")
        : tr("On an event loop a move runs a request from one await to the next, so there are fewer moves, and fewer "
             "interleavings, than on threads.");
    QString detail = move + u' ' +
        tr("%L1 distinct states, %2 s. Click a bar to step through one schedule that ends there.")
            .arg(result->states)
            .arg(result->seconds, 0, 'f', 3);
    if (!result->complete)
        detail = result->incompleteReason() + u' ' + detail;
    m_chart->setBars(result->summary(), detail, std::move(bars));
    markCurrent();
    const ExplorerOutcome *bug = result->simplestCounterexample();
    m_player->setCounterexample(machine, bug ? bug->schedule : Schedule{});
}

void OutcomesPresenter::onTrialsFinished(std::shared_ptr<const ThreadedSummary> summary,
                                         std::shared_ptr<const Machine> machine)
{
    if (machine != m_session->machinePtr())
        return;
    m_source = Source::Trials;
    m_machine = machine;
    std::vector<OutcomeChart::Bar> bars;
    m_schedules.clear();
    m_keys.clear();
    int breaking = 0;
    for (const OutcomeBucket &b : summary->outcomes) {
        const QString schedule = b.exampleSchedule.toString(*machine);
        bars.push_back({b.description, QString(), double(b.count),
                        tr("%1 of %2 trials").arg(b.count).arg(summary->completed), b.breaksRule, schedule, QString()});
        m_schedules << schedule;
        m_keys.push_back(b.key);
        if (b.breaksRule)
            breaking += b.count;
    }
    const QString headline = tr("%1 of %2 trials on real threads broke a rule.").arg(breaking).arg(summary->completed);
    QString detail = tr("%1 ms in all. Threads interleave differently each run; Explore all counts every possibility.")
                         .arg(summary->wallMs, 0, 'f', 0);
    if (summary->cancelled)
        detail = tr("Cancelled after %1 of %2 trials. ").arg(summary->completed).arg(summary->requested) + detail;
    m_chart->setBars(headline, detail, std::move(bars));
    markCurrent();
}

void OutcomesPresenter::markCurrent()
{
    const Stepper *stepper = m_session->stepper();
    int current = -1;
    if (stepper && m_machine == m_session->machinePtr() && stepper->machine().isTerminal(stepper->state())) {
        const std::vector<int64_t> key = stepper->machine().outcomeKey(stepper->state());
        for (size_t i = 0; i < m_keys.size() && current < 0; ++i)
            if (m_keys[i] == key)
                current = int(i);
    }
    m_chart->setCurrentBar(current);
}

void OutcomesPresenter::onBarClicked(int index)
{
    if (index >= 0 && index < m_schedules.size() && m_machine == m_session->machinePtr())
        emit scheduleChosen(m_schedules.at(index));
}
