// Counting the schedules the search found: how many interleavings end in each
// outcome, exactly, without enumerating one (see explorersearch.cpp for the whole picture).

#include "explore/explorersearch.h"

#include <QCoreApplication>

#include <algorithm>

namespace Interleave::Exploration {

// Adds the paths into v where they end: at the frontier of a cut search or in an outcome.
// False for a state the paths go on from.
bool ExplorerSearch::countEnd(ExplorerResult &r, uint32_t v, const Node &nv, const InterleavingCount &paths)
{
    if (nv.flags & Cut) {
        r.unexplored += paths;
        ++r.frontier;
        return true;
    }
    if (nv.flags & Terminal) {
        OutcomeInfo &o = m_outcomes[nv.edgeBegin];
        o.count += paths;
        if (o.node == None)
            o.node = v;
        return true;
    }
    return false;
}

// Forward path counting in Kahn's topological order: paths[v] is the number of
// schedules from the start that reach v. Returns false, having counted nothing,
// when the graph has a cycle; then the general count() runs instead.
bool ExplorerSearch::countAcyclic(ExplorerResult &r)
{
    // Path counts and in-degrees side by side, so each edge costs one cache miss.
    // 64-bit counts first; the rare space with more paths is counted again in 128 bits.
    const size_t n = m_nodes.size();
    m_kahnEntries.growZeroed(n);
    GrowingArray<KahnEntry> &entries = m_kahnEntries;
    // Every stored edge leaves an expanded state; the helper, if one ran, has counted the first ones.
    for (size_t i = m_indegreeDone; i < m_edges.size(); ++i)
        ++entries[m_edges[i].target].indegree;
    if (entries[0].indegree != 0)
        return false;
    GrowingArray<uint32_t> &order = m_kahnOrder;
    order.push_back(0);
    entries[0].paths = 1;
    bool wide = false;
    for (size_t qi = 0; qi < order.size(); ++qi) {
        const uint32_t v = order[qi];
        const Node &nv = m_nodes[v];
        if (nv.flags & (Cut | Terminal))
            continue;
        const uint64_t p = entries[v].paths;
        const Edge *e = m_edges.data() + nv.edgeBegin;
        for (uint32_t i = 0; i < nv.edgeCount; ++i) {
            KahnEntry &w = entries[e[i].target];
            const uint64_t sum = w.paths + p;
            wide = wide || sum < p;
            w.paths = sum;
            if (--w.indegree == 0)
                order.push_back(e[i].target);
        }
    }
    if (order.size() != n)
        return false;
    std::vector<InterleavingCount> paths;
    if (wide) {
        // Same order, exact 128-bit sums: the order is topological, so one forward pass does.
        paths.assign(n, InterleavingCount());
        paths[0] = InterleavingCount(1);
        for (const uint32_t v : order) {
            const Node &nv = m_nodes[v];
            if (nv.flags & (Cut | Terminal))
                continue;
            const Edge *e = m_edges.data() + nv.edgeBegin;
            for (uint32_t i = 0; i < nv.edgeCount; ++i)
                paths[e[i].target] += paths[v];
        }
    }
    for (const uint32_t v : order) {
        const Node &nv = m_nodes[v];
        if (nv.flags & (Cut | Terminal))
            countEnd(r, v, nv, wide ? paths[v] : InterleavingCount(entries[v].paths));
    }
    for (const OutcomeInfo &info : m_outcomes) {
        r.interleavings += info.count;
        if (info.breaks)
            r.breaking += info.count;
    }
    r.overflow = r.interleavings.isOverflow() || r.unexplored.isOverflow();
    return true;
}

// Iterative Tarjan over the stored graph: strongly connected components in
// completion order, which is reverse topological order.
void ExplorerSearch::tarjan()
{
    struct Frame
    {
        uint32_t node;
        uint32_t next;
    };
    std::vector<Frame> frames;
    std::vector<uint32_t> stack;
    uint32_t counter = 0;
    auto visit = [&](uint32_t v) {
        m_nodes[v].index = m_nodes[v].low = ++counter;
        m_nodes[v].flags |= OnStack;
        stack.push_back(v);
        frames.push_back({v, 0});
    };
    visit(0);
    while (!frames.empty()) {
        Frame &f = frames.back();
        const uint32_t v = f.node;
        const Node &nv = m_nodes[v];
        if (!(nv.flags & (Terminal | Cut)) && f.next < nv.edgeCount) {
            const uint32_t w = m_edges[nv.edgeBegin + f.next++].target;
            const Node &nw = m_nodes[w];
            if (nw.index == 0)
                visit(w); // invalidates f
            else if (nw.flags & OnStack)
                m_nodes[v].low = std::min(m_nodes[v].low, nw.index);
            continue;
        }
        frames.pop_back();
        const uint32_t low = nv.low;
        if (!frames.empty())
            m_nodes[frames.back().node].low = std::min(m_nodes[frames.back().node].low, low);
        if (low == nv.index) {
            const uint32_t scc = uint32_t(m_sccEnd.size());
            const size_t first = m_sccNodes.size();
            uint32_t w;
            do {
                w = stack.back();
                stack.pop_back();
                m_nodes[w].flags &= uint8_t(~OnStack);
                m_sccNodes.push_back(w);
            } while (w != v);
            m_sccEnd.push_back(uint32_t(m_sccNodes.size()));
            // Once popped, a node's low link is free to hold its component id.
            for (size_t i = first; i < m_sccNodes.size(); ++i)
                m_nodes[m_sccNodes[i]].low = scc;
        }
    }
}

// Forward path counting over the components in topological order: paths[v] is
// the number of schedules from the start that reach v.
void ExplorerSearch::count(ExplorerResult &r)
{
    std::vector<InterleavingCount> paths(m_nodes.size());
    paths[0] = InterleavingCount(1);
    uint32_t livelockNode = None;
    for (size_t c = m_sccEnd.size(); c-- > 0;) {
        const uint32_t first = c ? m_sccEnd[c - 1] : 0, end = m_sccEnd[c];
        const uint32_t v = m_sccNodes[first];
        const Node &nv = m_nodes[v];
        bool cyclic = end - first > 1;
        if (!cyclic && !(nv.flags & (Terminal | Cut)))
            for (uint32_t i = 0; i < nv.edgeCount && !cyclic; ++i)
                cyclic = m_edges[nv.edgeBegin + i].target == v;
        if (!cyclic) {
            const InterleavingCount p = paths[v];
            if (!countEnd(r, v, nv, p)) {
                const Edge *e = m_edges.data() + nv.edgeBegin;
                for (uint32_t i = 0; i < nv.edgeCount; ++i)
                    paths[e[i].target] += p;
            }
            continue;
        }
        // A cycle: infinitely many schedules go round it, so everything behind it counts infinite.
        for (uint32_t i = first; i < end; ++i) {
            const uint32_t u = m_sccNodes[i];
            Node &nu = m_nodes[u];
            nu.flags |= InCycle;
            // The cycle nearest the start (the first met in topological order) represents the livelock.
            if (livelockNode == None || (m_nodes[livelockNode].low == c && nu.index < m_nodes[livelockNode].index))
                livelockNode = u;
            paths[u] = InterleavingCount::infinite();
            const Edge *e = m_edges.data() + nu.edgeBegin;
            for (uint32_t k = 0; k < nu.edgeCount; ++k)
                if (m_nodes[e[k].target].low != c)
                    paths[e[k].target] = InterleavingCount::infinite();
        }
    }
    if (livelockNode != None) {
        OutcomeInfo info;
        info.kind = ExplorerOutcome::Livelock;
        info.count = InterleavingCount::infinite();
        info.breaks = true;
        info.node = livelockNode;
        info.description = tr("livelock: a cycle of moves that can repeat for ever, so the run never ends");
        m_livelock = uint32_t(m_outcomes.size());
        m_outcomes.push_back(std::move(info));
    }
    for (const OutcomeInfo &info : m_outcomes) {
        r.interleavings += info.count;
        if (info.breaks)
            r.breaking += info.count;
    }
    r.overflow = r.interleavings.isOverflow() || r.unexplored.isOverflow();
}

// Counts the paths into every outcome, unless a cancel came in a big space
// (counting would take longer than a cancel may) or memory runs out.
bool ExplorerSearch::counts(ExplorerResult &r)
{
    constexpr size_t CountAfterCancel = 200'000; // nodes: a few milliseconds of counting
    if (m_cancelled && m_nodes.size() > CountAfterCancel)
        return false;
    try {
        for (Node &n : m_nodes)
            if (!(n.flags & Expanded))
                n.flags |= Cut;
        if (!countAcyclic(r)) {
            tarjan();
            count(r);
        }
        return true;
    } catch (const std::bad_alloc &) {
        m_memoryBudgetHit = true;
        m_outOfMemory.store(true);
        r.interleavings = r.breaking = r.unexplored = InterleavingCount();
        r.frontier = 0;
        for (OutcomeInfo &o : m_outcomes)
            o.count = InterleavingCount();
        return false;
    }
}

} // namespace Interleave::Exploration
