#include "challenge/forecast.h"

#include "trace/traceanalysis.h"

#include <QPromise>
#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <map>
#include <tuple>

namespace Interleave {

// Iterative Tarjan over the state graph, generated as it goes. Components
// complete in reverse topological order, so when one completes every state it
// leads to already has its counts: a state's counts are the sum of its
// successors'. A component with a cycle makes every count through it infinite,
// like the explorer's.
class Forecast::Builder
{
public:
    Builder(Forecast &f, ExplorerControl *control, int64_t budget)
        : m_f(f)
        , m_m(*f.m_machine)
        , m_control(control)
        , m_budget(budget)
    { }

    void run()
    {
        intern(m_m.initialState());
        enter(0);
        while (!m_frames.empty()) {
            if ((++m_work & 1023) == 0 && stopRequested())
                return;
            Frame &frame = m_frames.back();
            const Node &v = m_nodes[frame.node];
            if (frame.next < v.edgeCount) {
                const uint32_t w = m_edges[v.edgeBegin + frame.next++];
                if (m_nodes[w].index == 0) {
                    if (!enter(w))
                        return;
                } else if (m_nodes[w].onStack) {
                    m_nodes[frame.node].low = std::min(m_nodes[frame.node].low, m_nodes[w].index);
                }
                continue;
            }
            const uint32_t done = frame.node;
            m_frames.pop_back();
            if (!m_frames.empty()) {
                uint32_t &low = m_nodes[m_frames.back().node].low;
                low = std::min(low, m_nodes[done].low);
            }
            if (m_nodes[done].low == m_nodes[done].index)
                completeComponent(done);
        }
        m_f.m_complete = true;
    }

private:
    struct Node
    {
        uint32_t index = 0, low = 0; // Tarjan's; 0: not visited
        uint32_t edgeBegin = 0, edgeCount = 0;
        int32_t outcome = -1; // terminal states
        uint32_t component = 0; // root + 1 once its component is complete
        bool onStack = false;
    };
    struct Frame
    {
        uint32_t node;
        uint32_t next;
    };

    bool stopRequested()
    {
        if (m_control) {
            m_control->states = int64_t(m_nodes.size());
            if (m_control->cancel) {
                m_f.m_error = tr("The forecast was cancelled.");
                return true;
            }
        }
        return false;
    }

    uint32_t intern(const State &s)
    {
        const auto [it, added] = m_f.m_index.emplace(s, uint32_t(m_nodes.size()));
        if (added) {
            m_nodes.emplace_back();
            m_states.push_back(&it->first); // unordered_map keys never move
        }
        return it->second;
    }

    int outcomeOf(const State &s)
    {
        const auto [it, added] = m_outcomeIds.emplace(m_m.outcomeKey(s), int(m_f.m_outcomes.size()));
        if (added) {
            const OutcomeVerdict verdict = m_m.verdict(s);
            m_f.m_outcomes.push_back({m_m.describeOutcome(s), verdict.breaksRule, false, verdict.brokenRules});
        }
        return it->second;
    }

    // Visits a node: numbers it and generates its successors. False past the budget.
    bool enter(uint32_t v)
    {
        m_nodes[v].index = m_nodes[v].low = ++m_counter;
        m_nodes[v].onStack = true;
        m_stack.push_back(v);
        m_frames.push_back({v, 0});
        const State state = *m_states[v];
        if (m_m.isTerminal(state)) {
            m_nodes[v].outcome = outcomeOf(state);
            return true;
        }
        std::vector<uint32_t> successors;
        for (int a = 0; a < m_m.actorCount(); ++a) {
            if (!m_m.isEnabled(state, a))
                continue;
            State next = state;
            m_m.step(next, a, nullptr, 0);
            successors.push_back(intern(next));
        }
        if (m_m.canTick(state)) {
            State next = state;
            m_m.tick(next, nullptr, 0);
            successors.push_back(intern(next));
        }
        m_nodes[v].edgeBegin = uint32_t(m_edges.size());
        m_nodes[v].edgeCount = uint32_t(successors.size());
        m_edges.insert(m_edges.end(), successors.begin(), successors.end());
        if (int64_t(m_nodes.size()) > m_budget) {
            m_f.m_error = tr("The forecast stopped at %1 states: this variant has too many to keep.").arg(m_budget);
            return false;
        }
        return true;
    }

    int livelockOutcome()
    {
        if (m_livelock < 0) {
            m_livelock = int(m_f.m_outcomes.size());
            m_f.m_outcomes.push_back({tr("never ends: the requests go round a cycle forever"), false, true, 0});
        }
        return m_livelock;
    }

    void completeComponent(uint32_t root)
    {
        std::vector<uint32_t> members;
        uint32_t w;
        do {
            w = m_stack.back();
            m_stack.pop_back();
            m_nodes[w].onStack = false;
            m_nodes[w].component = root + 1;
            members.push_back(w);
        } while (w != root);
        std::map<uint32_t, InterleavingCount> sum;
        bool cycle = members.size() > 1;
        for (uint32_t v : members) {
            const Node &n = m_nodes[v];
            if (n.outcome >= 0)
                sum[uint32_t(n.outcome)] += InterleavingCount(1);
            for (uint32_t e = n.edgeBegin; e < n.edgeBegin + n.edgeCount; ++e) {
                const uint32_t t = m_edges[e];
                if (t == v)
                    cycle = true;
                if (m_nodes[t].component == root + 1)
                    continue;
                const auto [begin, count] = m_f.m_countRange[t];
                for (uint32_t i = begin; i < begin + count; ++i)
                    sum[m_f.m_counts[i].first] += m_f.m_counts[i].second;
            }
        }
        if (cycle) {
            for (auto &[outcome, count] : sum)
                count = InterleavingCount::infinite();
            sum[uint32_t(livelockOutcome())] = InterleavingCount::infinite();
        }
        const auto range = std::make_pair(uint32_t(m_f.m_counts.size()), uint32_t(sum.size()));
        m_f.m_counts.insert(m_f.m_counts.end(), sum.begin(), sum.end());
        if (m_f.m_countRange.size() < m_nodes.size())
            m_f.m_countRange.resize(m_nodes.size());
        for (uint32_t v : members)
            m_f.m_countRange[v] = range;
    }

    Forecast &m_f;
    const Machine &m_m;
    ExplorerControl *m_control;
    const int64_t m_budget;
    std::vector<Node> m_nodes;
    std::vector<const State *> m_states;
    std::vector<uint32_t> m_edges;
    std::vector<uint32_t> m_stack;
    std::vector<Frame> m_frames;
    std::map<std::vector<int64_t>, int> m_outcomeIds;
    uint32_t m_counter = 0;
    uint64_t m_work = 0;
    int m_livelock = -1;
};

std::shared_ptr<const Forecast> Forecast::build(std::shared_ptr<const Machine> machine, ExplorerControl *control,
                                                int64_t stateBudget)
{
    std::shared_ptr<Forecast> f(new Forecast);
    f->m_machine = std::move(machine);
    Builder(*f, control, stateBudget > 0 ? stateBudget : DefaultStateBudget).run();
    if (!f->m_complete) {
        // An incomplete graph would give wrong numbers: keep nothing but the reason.
        f->m_index.clear();
        f->m_countRange.clear();
        f->m_counts.clear();
    }
    return f;
}

QFuture<std::shared_ptr<const Forecast>> Forecast::buildAsync(std::shared_ptr<const Machine> machine,
                                                              std::shared_ptr<ExplorerControl> control,
                                                              int64_t stateBudget)
{
    if (!control)
        control = std::make_shared<ExplorerControl>();
    return QtConcurrent::run([machine, control, stateBudget] { return build(machine, control.get(), stateBudget); });
}

ForecastAt Forecast::at(const State &state) const
{
    ForecastAt at;
    const auto it = m_index.find(state);
    if (it == m_index.end())
        return at;
    at.known = true;
    at.ended = m_machine->isTerminal(state);
    const auto [begin, count] = m_countRange[it->second];
    for (uint32_t i = begin; i < begin + count; ++i) {
        const auto &[outcome, n] = m_counts[i];
        at.reachable.emplace_back(int(outcome), n);
        at.total += n;
        if (m_outcomes[outcome].breaksRule)
            at.breaking += n;
    }
    std::stable_sort(at.reachable.begin(), at.reachable.end(),
                     [](const auto &a, const auto &b) { return b.second < a.second; });
    return at;
}

QString Forecast::describe(const ForecastAt &at) const
{
    if (!at.known)
        return m_error.isEmpty() ? tr("No forecast for this state.") : m_error;
    if (at.ended)
        return tr("The run has ended: %1.").arg(m_outcomes[size_t(at.reachable[0].first)].description);
    if (at.reachable.size() == 1 && at.total == InterleavingCount(1))
        return tr("From here: one way on, and it ends %1.").arg(m_outcomes[size_t(at.reachable[0].first)].description);
    if (at.badCertain())
        return tr("From here: all %1 continuations break a rule.").arg(at.total.toString());
    if (at.badImpossible())
        return tr("From here: none of the %1 continuations breaks a rule.").arg(at.total.toString());
    return tr("From here: %1 of %2 continuations break a rule.").arg(at.breaking.toString(), at.total.toString());
}

// What the deciding move did, in the narration's sentences.
QString Forecast::lastMoveNarration(const Stepper &stepper) const
{
    QStringList events;
    for (size_t e = size_t(stepper.moveStarts().at(size_t(stepper.cursor() - 1))); e < stepper.trace().size(); ++e)
        events << m_machine->narrate(stepper.trace()[e]);
    return events.join(u' ');
}

// "both Request A and Request B have read accounts[1].balance = 1000": requests still
// running whose last access to one cell was a read of the same value, what a lost
// update or a double booking is made of. Empty when there is no such cell.
QString Forecast::sharedRead(const Stepper &stepper) const
{
    struct Access
    {
        bool read = false;
        int64_t value = 0;
    };
    std::map<std::tuple<int, int, int>, std::map<int, Access>>
        cells; // (place, resource, column) -> actor -> last access
    for (const TraceEvent &e : stepper.trace()) {
        if (e.actor < 0 || !(e.kind == EventKind::Read || isWriteEvent(e)))
            continue;
        cells[{int(e.place), e.resource, e.column}][e.actor] = {e.kind == EventKind::Read, e.value};
    }
    for (const auto &[cell, accesses] : cells) {
        std::map<int64_t, QStringList> readers; // value -> running actors that read it last
        for (const auto &[actor, access] : accesses)
            if (access.read && m_machine->status(stepper.state(), actor) == ActorStatus::Running)
                readers[access.value] << m_machine->actor(actor).name;
        for (const auto &[value, names] : readers) {
            if (names.size() < 2)
                continue;
            const QString where =
                m_machine->resourceName(Place(std::get<0>(cell)), std::get<1>(cell), std::get<2>(cell));
            if (names.size() == 2)
                return tr("both %1 and %2 have read %3 = %4.").arg(names[0], names[1], where).arg(value);
            return tr("%1 have all read %2 = %3.").arg(names.join(QStringLiteral(", ")), where).arg(value);
        }
    }
    return {};
}

// Why the outcome is settled: the rules every remaining way breaks, and what the deciding move did.
QString Forecast::certaintyReason(const Stepper &stepper, const ForecastAt &at) const
{
    uint64_t always = ~uint64_t(0);
    for (const auto &[outcome, count] : at.reachable)
        always &= m_outcomes[size_t(outcome)].brokenRules;
    QStringList rules;
    for (size_t i = 0; i < m_machine->invariants().size() && i < 64; ++i)
        if (always & (uint64_t(1) << i))
            rules << QStringLiteral("\"%1\"").arg(m_machine->invariants()[i].label);
    const QString what =
        rules.isEmpty() ? tr("a broken rule") : tr("breaking %1").arg(rules.join(QStringLiteral(", ")));
    const QString reads = sharedRead(stepper);
    return tr("after move %1, %2 is certain: %3")
        .arg(stepper.cursor())
        .arg(what, reads.isEmpty() ? lastMoveNarration(stepper) : reads);
}

TurningPoint Forecast::turningPoint(const Schedule &schedule) const
{
    TurningPoint point;
    Stepper stepper(m_machine);
    ForecastAt before = at(stepper.state());
    for (int move : schedule.moves) {
        if (!stepper.move(move))
            break;
        const ForecastAt now = at(stepper.state());
        if (!before.badCertain() && now.badCertain()) {
            point = {TurningPoint::BadCertain, stepper.cursor(), certaintyReason(stepper, now)};
            break;
        }
        if (before.badPossible() && now.badImpossible()) {
            point = {TurningPoint::BadImpossible, stepper.cursor(),
                     tr("after move %1, no rule can break any more: %2")
                         .arg(stepper.cursor())
                         .arg(lastMoveNarration(stepper))};
            break;
        }
        before = now;
    }
    return point;
}

} // namespace Interleave
