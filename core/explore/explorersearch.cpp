// The exhaustive explorer. A depth-first pass builds the state graph, a batch
// of states at a time; a forward pass in topological order then counts the
// paths into every state (Kahn's order; Tarjan's components when the graph
// has a cycle), so the number of interleavings ending in each outcome comes
// out exactly without enumerating a single schedule. A cycle (a retry loop that
// can spin for ever) is a component with more than one state or a self-loop:
// every path through one is a livelock, and counts behind it are infinite.
// The simplest schedule per outcome comes from a 0-1 search over (state, last
// request) on the stored graph, without running the machine again.
//
// Speed comes from the state store: states are kept "collapsed" as SPIN does,
// as one small id for the shared part and one per actor's registers, so a
// state costs (actors + 1) * 4 bytes and a successor usually re-interns only
// the one or two blocks its move changed. Locals that no later step or rule
// can read are cleared first (dead-variable reduction, also as SPIN), which
// merges states that differ only in leftovers such as a value read long ago.
// Where no request can reach another's registers (Machine::stepsAreLocal), a
// step's result depends only on the shared block and the mover's block, so it
// is remembered per such pair and most successors need no machine run at all;
// with transactions it is reused where settling leaves the others alone.
// In big spaces a second thread shares the machine work of each batch.
//
// This file is the search and its bookkeeping; explorersuccessors.cpp finds one
// node's successors, explorercount.cpp counts the paths, explorerschedules.cpp
// reads the simplest schedules off the graph.

#include "explore/explorersearch.h"

#include <QCoreApplication>
#include <QThread>

#include <algorithm>
#include <cstring>

namespace Interleave::Exploration {

uint32_t ExplorerSearch::internNode(const uint32_t *key, uint64_t hash)
{
    bool added = false;
    const uint32_t id = m_nodeTable.intern(key, hash, &added);
    if (added) {
        m_nodes.push_back(Node{});
        if (m_bounded)
            m_stateTable.intern(key, NodeTable::hash(key, 1 + m_actors), &added);
    }
    return id;
}

uint32_t ExplorerSearch::internOutcome(const State &s, uint32_t node)
{
    std::vector<int64_t> key = m_machine.outcomeKey(s);
    std::lock_guard<std::mutex> lock(m_outcomeMutex);
    const auto it = m_outcomeIds.find(key);
    if (it != m_outcomeIds.end())
        return it->second;
    OutcomeInfo info;
    info.key = key;
    info.firstReached = node;
    const OutcomeVerdict verdict = m_machine.verdict(s);
    info.stuck = verdict.stuck;
    info.detector = verdict.deadlockDetected;
    info.brokenRules = verdict.brokenRules;
    info.anomalies = verdict.anomalies;
    info.breaks = verdict.breaksRule;
    info.kind = (info.stuck || info.detector) ? ExplorerOutcome::Deadlock : ExplorerOutcome::Finished;
    info.description = m_machine.describeOutcome(s);
    const uint32_t id = uint32_t(m_outcomes.size());
    m_outcomes.push_back(std::move(info));
    m_outcomeIds.emplace(std::move(key), id);
    return id;
}

// Expands batch nodes claimed a few at a time, so two threads share a batch
// fairly without fighting over the claim counter or each other's slices.
void ExplorerSearch::generateBatch(int worker, int parity)
{
    constexpr uint32_t Chunk = 8;
    Worker &w = *m_workers[size_t(worker)];
    Batch &batch = m_batches[parity];
    const uint32_t n = uint32_t(batch.nodes.size());
    try {
        for (uint32_t i; (i = batch.claim.fetch_add(Chunk, std::memory_order_relaxed)) < n;)
            for (uint32_t end = std::min(n, i + Chunk); i < end; ++i)
                generate(w, parity, i);
    } catch (const std::bad_alloc &) {
        // The batch is incomplete and will not be interned: its nodes stay unexpanded.
        m_outOfMemory.store(true);
    }
}

// Takes the next nodes off the stack (at most what the state budget leaves).
size_t ExplorerSearch::select(int parity)
{
    Batch &batch = m_batches[parity];
    batch.nodes.clear();
    if (m_stack.empty() || shouldStop())
        return 0;
    constexpr size_t SmallBatch = 48, LargeBatch = 512;
    size_t size = std::min(m_stack.size(), m_helper.joinable() ? LargeBatch : SmallBatch);
    if (m_options.stateBudget > 0)
        size = std::min<size_t>(size, size_t(m_options.stateBudget - m_scheduled));
    batch.nodes.assign(m_stack.rbegin(), m_stack.rbegin() + std::ptrdiff_t(size)); // top of the stack first
    m_stack.resize(m_stack.size() - size);
    m_scheduled += int64_t(size);
    batch.keys.resize(size * size_t(m_keyWidth));
    for (size_t i = 0; i < size; ++i)
        std::memcpy(batch.keys.data() + i * size_t(m_keyWidth), m_nodeTable.key(batch.nodes[i]),
                    sizeof(uint32_t) * size_t(m_keyWidth));
    batch.slices.resize(size);
    batch.claim.store(0, std::memory_order_relaxed);
    for (const auto &w : m_workers) {
        w->pending[parity].clear();
        w->pendingKeys[parity].clear();
    }
    return size;
}

// Makes room for all that interning a generated batch can add, so internBatch
// never allocates: memory running out stops the search with the graph whole.
void ExplorerSearch::reserveForBatch(int parity)
{
    size_t successors = 0;
    for (const auto &w : m_workers)
        successors += w->pending[parity].size();
    m_nodeTable.reserve(successors);
    if (m_bounded)
        m_stateTable.reserve(successors);
    m_nodes.reserve(m_nodes.size() + successors);
    m_edges.reserve(m_edges.size() + successors);
    m_discovered.reserve(successors);
    if (m_stack.size() + successors > m_stack.capacity())
        m_stack.reserve(std::max(m_stack.size() + successors, 2 * m_stack.capacity()));
}

// Looks up a generated batch's successors, on this thread only, in batch order:
// node ids, edges and the depth-first tree come out the same on any thread count.
void ExplorerSearch::internBatch(int parity)
{
    constexpr uint32_t SlotAhead = 16, KeyAhead = 8; // prefetch distances in successors
    Batch &batch = m_batches[parity];
    m_discovered.clear();
    for (size_t i = 0; i < batch.nodes.size(); ++i) {
        const uint32_t v = batch.nodes[i];
        const Slice &slice = batch.slices[i];
        m_nodes[v].flags |= Expanded;
        if (slice.outcome != None) {
            m_nodes[v].flags |= Terminal;
            m_nodes[v].edgeBegin = slice.outcome;
            continue;
        }
        const Worker &w = *m_workers[slice.worker];
        const std::vector<Pending> &pending = w.pending[parity];
        const uint32_t begin = uint32_t(m_edges.size());
        for (uint32_t k = slice.begin; k < slice.begin + slice.count; ++k) {
            if (k + SlotAhead < pending.size())
                m_nodeTable.prefetchSlot(pending[k + SlotAhead].hash);
            if (k + KeyAhead < pending.size())
                m_nodeTable.prefetchKey(pending[k + KeyAhead].hash);
            const Pending &pd = pending[k];
            const uint32_t before = m_nodeTable.size();
            const uint32_t target = internNode(w.pendingKeys[parity].data() + size_t(k) * size_t(m_keyWidth), pd.hash);
            if (target == before) {
                m_nodes[target].parent = v;
                m_nodes[target].move = int8_t(pd.move);
                m_discovered.push_back(target);
            }
            m_edges.push_back({target, pd.move});
        }
        m_nodes[v].edgeBegin = begin;
        m_nodes[v].edgeCount = uint16_t(m_edges.size() - begin);
    }
    m_stack.insert(m_stack.end(), m_discovered.rbegin(), m_discovered.rend());
}

void ExplorerSearch::startHelper(int parity)
{
    {
        std::lock_guard<std::mutex> lock(m_helperMutex);
        m_helperParity = parity;
        m_indegreeTo = m_edges.size(); // every edge below is final
        ++m_round;
    }
    m_helperWake.notify_all();
}

void ExplorerSearch::waitForHelper()
{
    std::unique_lock<std::mutex> lock(m_helperMutex);
    m_helperWake.wait(lock, [&] { return m_roundDone == m_round; });
}

// Runs on the helper, on edges this thread no longer changes; the entries lie
// beyond m_kahnEntries' size, in memory reserved for it, until countAcyclic.
void ExplorerSearch::countIndegrees()
{
    KahnEntry *entries = m_kahnEntries.data();
    const Edge *edges = m_edges.data();
    for (size_t i = m_indegreeDone; i < m_indegreeTo; ++i)
        ++entries[edges[i].target].indegree;
    m_indegreeDone = std::max(m_indegreeDone, m_indegreeTo);
}

void ExplorerSearch::helperLoop()
{
    uint64_t seen = 0;
    for (;;) {
        int parity = 0;
        {
            std::unique_lock<std::mutex> lock(m_helperMutex);
            m_helperWake.wait(lock, [&] { return m_helperQuit || m_round != seen; });
            if (m_helperQuit)
                return;
            seen = m_round;
            parity = m_helperParity;
        }
        countIndegrees();
        generateBatch(1, parity);
        {
            std::lock_guard<std::mutex> lock(m_helperMutex);
            m_roundDone = seen;
        }
        m_helperWake.notify_all();
    }
}

// Depth-first, a batch at a time, in a two-stage pipeline: while this thread
// looks up the successors of one batch (node table cache misses overlapping,
// prefetched ahead), the helper thread already runs the machine for the next
// batch, taken from further down the stack; then this thread joins in. Small
// spaces never start the helper. Successors are pushed so that the lowest move
// is explored first, as a plain DFS would.
void ExplorerSearch::explore()
{
    m_workers.push_back(std::make_unique<Worker>(*this));
    m_stack.assign(1, 0);
    exploreBatches();
    stopHelper();
    if (m_outOfMemory)
        m_memoryBudgetHit = true;
}

void ExplorerSearch::exploreBatches()
{
    constexpr int64_t HelperAfter = 20000; // states: below that a thread costs more than it saves
    const bool mayUseHelper = m_options.threads != 1 && (m_options.threads > 1 || QThread::idealThreadCount() > 1) &&
        m_sharedBlocks.isStable() && m_actorBlocks.isStable() && m_nodes.isStable() && m_edges.isStable() &&
        m_kahnEntries.isStable();
    int current = 0;
    if (select(current))
        generateBatch(0, current);
    while (!m_batches[current].nodes.empty() && !m_outOfMemory) {
        const int next = current ^ 1;
        const bool helper = m_helper.joinable();
        bool helperRuns = false;
        try {
            reserveForBatch(current);
            const size_t ahead = select(next);
            if (ahead && helper) {
                startHelper(next);
                helperRuns = true;
            }
            internBatch(current);
            if (!ahead && select(next) && helper) {
                startHelper(next); // nothing was left below: the batch comes from what was just found
                helperRuns = true;
            }
        } catch (const std::bad_alloc &) {
            m_outOfMemory.store(true); // the current batch stays unexpanded
        }
        if (!m_outOfMemory)
            generateBatch(0, next);
        if (helperRuns)
            waitForHelper();
        m_expanded = m_transitions = m_pruned = 0;
        for (const auto &w : m_workers) {
            m_expanded += w->expanded;
            m_transitions += w->transitions;
            m_pruned += w->pruned;
            m_storeFull = m_storeFull || w->storeFull;
        }
        if (mayUseHelper && !helper && m_expanded >= HelperAfter)
            startHelperThread();
        current = next;
    }
}

void ExplorerSearch::startHelperThread()
{
    try {
        m_workers.push_back(std::make_unique<Worker>(*this));
        m_helper = std::thread([this] { helperLoop(); });
    } catch (const std::exception &) {
        // No memory or no thread to be had: this thread goes on alone.
        if (m_workers.size() > 1)
            m_workers.pop_back();
    }
}

void ExplorerSearch::stopHelper()
{
    if (!m_helper.joinable())
        return;
    {
        std::lock_guard<std::mutex> lock(m_helperMutex);
        m_helperQuit = true;
    }
    m_helperWake.notify_all();
    m_helper.join();
}

// Checked between batches: a batch is at most a few milliseconds of work.
bool ExplorerSearch::shouldStop()
{
    if (m_stopping)
        return true;
    const int64_t ms = m_timer.elapsed();
    if ((m_control && m_control->cancel.load(std::memory_order_relaxed)) || (m_externalCancel && m_externalCancel()))
        m_cancelled = true;
    else if (m_options.stateBudget > 0 && m_scheduled >= m_options.stateBudget)
        m_stateBudgetHit = true;
    else if (m_storeFull || m_nodeTable.size() >= NodeTable::MaxNodes - (1u << 20) ||
             m_edges.size() >= MaxEdges - (1u << 20))
        m_stateBudgetHit = true; // ids are 32-bit: far beyond memory anyway
    else if (m_options.timeBudgetMs > 0 && ms >= m_options.timeBudgetMs)
        m_timeBudgetHit = true;
    else if (m_outOfMemory ||
             memoryInUse() + memoryToFinish(m_helper.joinable() ? 2 * 512 * size_t(m_actors + 1) : 0) > m_memoryBudget)
        m_memoryBudgetHit = true;
    if (ms - m_lastReportMs >= 50) {
        m_lastReportMs = ms;
        if (m_control) {
            m_control->states.store(m_expanded, std::memory_order_relaxed);
            m_control->transitions.store(m_transitions, std::memory_order_relaxed);
        }
        if (m_progress)
            m_progress(m_expanded, m_transitions);
    }
    m_stopping = m_cancelled || m_stateBudgetHit || m_timeBudgetHit || m_memoryBudgetHit;
    return m_stopping;
}

// Bytes the search holds now, in its big tables.
size_t ExplorerSearch::memoryInUse() const
{
    size_t bytes = m_sharedBlocks.bytes() + m_actorBlocks.bytes() + m_nodeTable.bytes() + m_stateTable.bytes() +
        m_nodes.bytes() + m_edges.bytes() + m_kahnEntries.bytes() + m_kahnOrder.bytes() +
        (m_stack.capacity() + m_discovered.capacity()) * sizeof(uint32_t);
    if (m_helper.joinable())
        bytes += m_nodes.size() * sizeof(KahnEntry); // the helper fills in-degrees beyond m_kahnEntries' size
    for (const auto &w : m_workers)
        for (int parity = 0; parity < 2; ++parity)
            bytes +=
                w->pending[parity].capacity() * sizeof(Pending) + w->pendingKeys[parity].capacity() * sizeof(uint32_t);
    return bytes;
}

// What the search still needs beyond memoryInUse() with `extraNodes` more nodes:
// a growth of the node table, and the count afterwards (Kahn's entries and order,
// or Tarjan's stacks and a 128-bit count per node).
size_t ExplorerSearch::memoryToFinish(size_t extraNodes) const
{
    constexpr size_t CountBytesPerNode =
        sizeof(KahnEntry) + sizeof(uint32_t) + sizeof(InterleavingCount) + 5 * sizeof(uint32_t);
    return m_nodeTable.growthBytes(extraNodes) + (m_nodes.size() + extraNodes) * CountBytesPerNode;
}

ExplorerResult ExplorerSearch::run()
{
    m_timer.start();
    ExplorerResult r;
    r.maxPreemptions = m_options.maxPreemptions;
    const State initial = m_machine.initialState();
    if (m_actors <= 0 || m_actors > MaxActors || int(initial.v.size()) != m_shared + m_actors * m_stride) {
        r.error = tr("The explorer cannot handle this scenario: it needs 1 to 120 requests.");
        return r;
    }
    {
        State init = initial;
        std::vector<uint32_t> key(size_t(m_keyWidth), 0);
        if (m_shared > 0)
            key[0] = m_sharedBlocks.intern(init.v.data(), hashWords(init.v.data(), m_shared));
        for (int a = 0; a < m_actors; ++a) {
            int64_t *block = init.v.data() + m_shared + a * m_stride;
            m_dead.clear(block, m_programOf[size_t(a)]);
            key[size_t(1 + a)] = m_actorBlocks.intern(block, hashWords(block, m_stride));
        }
        internNode(key.data(), NodeTable::hash(key.data(), m_keyWidth));
    }
    explore();
    r.counted = counts(r);
    if (m_options.simplestCounterexamples && r.counted && !m_cancelled) {
        try {
            findSimplest();
        } catch (const std::bad_alloc &) {
            // Then the examples stay depth-first paths, marked not the simplest.
            for (OutcomeInfo &o : m_outcomes)
                o.hasSimplest = false;
        }
    }

    for (const OutcomeInfo &info : m_outcomes)
        if (!info.count.isZero() || !r.counted)
            r.outcomes.push_back(makeOutcome(info));
    std::stable_sort(r.outcomes.begin(), r.outcomes.end(), [](const ExplorerOutcome &a, const ExplorerOutcome &b) {
        if (!(a.count == b.count))
            return b.count < a.count;
        if (a.breaksRule != b.breaksRule)
            return a.breaksRule;
        return a.key < b.key;
    });
    const double total = r.interleavings.toDouble();
    for (ExplorerOutcome &o : r.outcomes)
        o.share = (r.interleavings.isExact() && total > 0) ? o.count.toDouble() / total : 0;
    r.states = m_bounded ? int64_t(m_stateTable.size()) : m_expanded;
    r.transitions = m_transitions;
    r.pruned = m_pruned;
    r.cancelled = m_cancelled;
    r.stateBudgetHit = m_stateBudgetHit;
    r.timeBudgetHit = m_timeBudgetHit;
    r.memoryBudgetHit = m_memoryBudgetHit;
    r.outOfMemory = m_outOfMemory;
    r.memoryBudget = int64_t(m_memoryBudget);
    r.preemptionBoundHit = m_pruned > 0;
    r.complete = !m_cancelled && !m_stateBudgetHit && !m_timeBudgetHit && !m_memoryBudgetHit && m_pruned == 0;
    r.seconds = double(m_timer.nsecsElapsed()) / 1e9;
    if (m_control) {
        m_control->states.store(m_expanded);
        m_control->transitions.store(m_transitions);
    }
    return r;
}

} // namespace Interleave::Exploration
