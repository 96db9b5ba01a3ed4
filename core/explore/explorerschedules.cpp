// Representative schedules: the simplest (fewest preemptions, then fewest moves) way
// into each outcome, read off the stored state graph without running the machine again.

#include "explore/explorersearch.h"

#include <algorithm>

namespace Interleave::Exploration {

bool ExplorerSearch::hasMove(uint32_t node, int move) const
{
    const Node &n = m_nodes[node];
    if (n.flags & (Terminal | Cut))
        return false;
    const Edge *e = m_edges.data() + n.edgeBegin;
    for (uint32_t i = 0; i < n.edgeCount; ++i)
        if (e[i].move == move)
            return true;
    return false;
}

uint32_t ExplorerSearch::follow(uint32_t node, int move) const
{
    const Node &n = m_nodes[node];
    if (n.flags & (Terminal | Cut))
        return None;
    const Edge *e = m_edges.data() + n.edgeBegin;
    for (uint32_t i = 0; i < n.edgeCount; ++i)
        if (e[i].move == move)
            return e[i].target;
    return None;
}

int ExplorerSearch::preemptionsOf(const std::vector<int> &moves) const
{
    uint32_t node = 0;
    int last = -1, count = 0;
    for (int move : moves) {
        if (node == None)
            break;
        // Under a preemption bound a move past the bound has no edge; the machine still allowed it.
        if (move >= 0 && last >= 0 && move != last && hasMove(node, last))
            ++count;
        if (move >= 0)
            last = move;
        node = follow(node, move);
    }
    return count;
}

std::vector<int> ExplorerSearch::treePath(uint32_t node) const
{
    std::vector<int> moves;
    while (node != None && m_nodes[node].parent != None) {
        moves.push_back(m_nodes[node].move);
        node = m_nodes[node].parent;
    }
    std::reverse(moves.begin(), moves.end());
    return moves;
}

// Moves that lead from `node` round its component and back to it.
std::vector<int> ExplorerSearch::cycleFrom(uint32_t node) const
{
    const uint32_t scc = m_nodes[node].low;
    std::map<uint32_t, std::pair<uint32_t, int>> parent; // one component: small
    std::vector<uint32_t> queue{node};
    for (size_t qi = 0; qi < queue.size(); ++qi) {
        const uint32_t u = queue[qi];
        const Node &nu = m_nodes[u];
        const Edge *e = m_edges.data() + nu.edgeBegin;
        for (uint32_t i = 0; i < nu.edgeCount; ++i) {
            const uint32_t w = e[i].target;
            if (m_nodes[w].low != scc || (m_nodes[w].flags & Cut))
                continue;
            if (w == node) {
                std::vector<int> moves{e[i].move};
                for (uint32_t x = u; x != node;) {
                    const auto &p = parent.at(x);
                    moves.push_back(p.second);
                    x = p.first;
                }
                std::reverse(moves.begin(), moves.end());
                return moves;
            }
            if (parent.emplace(w, std::make_pair(u, e[i].move)).second)
                queue.push_back(w);
        }
    }
    return {};
}

// The tables of the 0-1 search for the simplest schedules: per (node, last actor) pair,
// the best (preemptions << 24 | moves) found, and the move and pair it came from.
struct ExplorerSearch::SimplestSearch
{
    struct Entry
    {
        uint32_t pair;
        uint32_t dist;
    };
    static constexpr uint32_t MaxSteps = (1u << 24) - 1;

    uint32_t lasts = 1; // pairs per node: 1 when the node key already holds the last actor (bounded search)
    size_t wanted = 0; // outcomes that break a rule and still lack their simplest schedule
    bool livelockFound = false;
    std::vector<uint32_t> dist; // preemptions << 24 | moves; None: unseen
    std::vector<uint32_t> parent;
    std::vector<int8_t> via;
    std::vector<Entry> carried, nextCarried, layer; // one bucket queue layer per preemption count

    std::vector<int> path(uint32_t pair) const
    {
        std::vector<int> moves;
        for (uint32_t y = pair; y != 0; y = parent[y])
            moves.push_back(via[y]);
        std::reverse(moves.begin(), moves.end());
        return moves;
    }
};

// When the pair reaches an outcome (or the livelock's cycle) first, its path is that outcome's
// simplest schedule. False when the search does not go on from this node.
bool ExplorerSearch::recordSimplest(SimplestSearch &s, uint32_t pair, uint32_t u)
{
    const Node &nu = m_nodes[u];
    if (nu.flags & Terminal) {
        OutcomeInfo &o = m_outcomes[nu.edgeBegin];
        if (!o.hasSimplest) {
            o.hasSimplest = true;
            o.simplest = s.path(pair);
            s.wanted -= o.breaks;
        }
        return false;
    }
    if ((nu.flags & InCycle) && !s.livelockFound) {
        OutcomeInfo &o = m_outcomes[m_livelock];
        s.livelockFound = o.hasSimplest = true;
        o.node = u;
        o.simplest = s.path(pair);
        --s.wanted;
    }
    return !(nu.flags & Cut);
}

// Follows every move out of the pair's node: a preemption costs 1 (the next layer), a move 0.
void ExplorerSearch::relaxSimplest(SimplestSearch &s, uint32_t pair, uint32_t u, uint32_t dist, uint32_t p)
{
    const Node &nu = m_nodes[u];
    const int last = m_bounded ? int(m_nodeTable.key(pair)[1 + m_actors]) - 1 : int(pair % s.lasts) - 1;
    const bool lastEnabled = last >= 0 && hasMove(u, last);
    const uint32_t steps = std::min(SimplestSearch::MaxSteps, (dist & SimplestSearch::MaxSteps) + 1);
    for (uint32_t i = 0; i < nu.edgeCount; ++i) {
        const Edge &e = m_edges[nu.edgeBegin + i];
        const bool preempts = e.move >= 0 && lastEnabled && e.move != last;
        // A request that has finished can never be preempted again: as "no last
        // request" it merges pairs that only differ in who finished last.
        const bool finished = e.move >= 0 &&
            m_actorBlocks.block(m_nodeTable.key(e.target)[1 + e.move])[ActorSlot::Status] !=
                int64_t(ActorStatus::Running);
        const int newLast = e.move < 0 ? last : (finished ? -1 : e.move);
        const uint32_t y = m_bounded ? e.target : e.target * s.lasts + uint32_t(newLast + 1);
        const uint32_t d = ((p + preempts) << 24) | steps;
        if (d >= s.dist[y])
            continue;
        s.dist[y] = d;
        s.parent[y] = pair;
        s.via[y] = int8_t(e.move);
        (preempts ? s.nextCarried : s.layer).push_back({y, d});
    }
}

// Simplest schedule per outcome: a Dijkstra over (node, last actor) ordered by
// preemptions, then moves. Both weights are 0/1 per move, so it runs as a
// bucket queue: one breadth-first layer per preemption count, merging the
// entries carried over from the layer before (already in move order).
void ExplorerSearch::findSimplest()
{
    SimplestSearch s;
    s.lasts = m_bounded ? 1 : uint32_t(m_actors + 1);
    const uint64_t pairs = uint64_t(m_nodes.size()) * s.lasts;
    // 9 bytes a pair: past 64 M pairs (about 600 MB) the representatives stay
    // depth-first paths, and ExplorerOutcome::simplest says they are not the simplest.
    if (pairs > (uint64_t(1) << 26) || memoryInUse() + pairs * 17 > m_memoryBudget)
        return;
    for (const OutcomeInfo &o : m_outcomes)
        s.wanted += o.breaks && !o.count.isZero();
    if (s.wanted == 0)
        return;
    s.dist.assign(size_t(pairs), None);
    s.parent.assign(size_t(pairs), None);
    s.via.assign(size_t(pairs), 0);
    s.dist[0] = 0;
    s.carried.push_back({0, 0});
    s.livelockFound = m_livelock == None;
    for (uint32_t p = 0; !s.carried.empty() && s.wanted > 0 && p < 255; ++p) {
        s.layer.clear();
        s.nextCarried.clear();
        size_t ci = 0, li = 0;
        while ((ci < s.carried.size() || li < s.layer.size()) && s.wanted > 0) {
            SimplestSearch::Entry x;
            if (li >= s.layer.size() || (ci < s.carried.size() && s.carried[ci].dist <= s.layer[li].dist))
                x = s.carried[ci++];
            else
                x = s.layer[li++];
            if (s.dist[x.pair] != x.dist)
                continue; // improved since it was queued
            if (m_cancelled || (m_control && m_control->cancel.load(std::memory_order_relaxed))) {
                m_cancelled = true;
                return;
            }
            const uint32_t u = m_bounded ? x.pair : x.pair / s.lasts;
            if (recordSimplest(s, x.pair, u))
                relaxSimplest(s, x.pair, u, x.dist, p);
        }
        s.carried.swap(s.nextCarried);
    }
}

ExplorerOutcome ExplorerSearch::makeOutcome(const OutcomeInfo &info) const
{
    ExplorerOutcome out;
    out.kind = info.kind;
    out.key = info.key;
    out.description = info.description;
    out.count = info.count;
    out.breaksRule = info.breaks;
    out.brokenRules = info.brokenRules;
    out.anomalies = info.anomalies;
    out.stuck = info.stuck;
    out.deadlockDetected = info.detector;
    out.simplest = info.hasSimplest;
    out.schedule.moves = info.hasSimplest ? info.simplest : treePath(info.node != None ? info.node : info.firstReached);
    if (info.kind == ExplorerOutcome::Livelock && info.node != None) {
        out.cycleStart = int(out.schedule.moves.size());
        const std::vector<int> cycle = cycleFrom(info.node);
        out.schedule.moves.insert(out.schedule.moves.end(), cycle.begin(), cycle.end());
    }
    out.preemptions = preemptionsOf(out.schedule.moves);
    out.scheduleText = out.schedule.toString(m_machine);
    return out;
}

} // namespace Interleave::Exploration
