#pragma once

// The explorer's engine room, internal to the core: builds the state graph of
// one machine, counts the paths to every outcome and finds the simplest
// schedules. Explorer (explorer.h) is the public face.

#include "explore/deadlocals.h"
#include "explore/explorer.h"
#include "explore/statestore.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace Interleave::Exploration {

struct Edge
{
    uint32_t target;
    int32_t move;
};

struct Node
{
    uint32_t index = 0; // Tarjan preorder number, 0 = not visited
    uint32_t low = 0; // Tarjan low link; the component id once assigned
    uint32_t edgeBegin = 0; // for a terminal node: its outcome id
    uint32_t parent = None; // depth-first tree, for a schedule that reaches the node
    uint16_t edgeCount = 0;
    uint8_t flags = 0;
    int8_t move = 0; // the move from parent
};

struct OutcomeInfo
{
    std::vector<int64_t> key;
    uint32_t node = None; // a terminal node with this outcome, first in topological order
    uint32_t firstReached = None; // the first one expanded (an uncounted result has no order)
    InterleavingCount count;
    ExplorerOutcome::Kind kind = ExplorerOutcome::Finished;
    bool breaks = false;
    uint64_t brokenRules = 0, anomalies = 0;
    bool stuck = false, detector = false;
    QString description;
    std::vector<int> simplest; // set by findSimplest
    bool hasSimplest = false;
};

class ExplorerSearch
{
    Q_DECLARE_TR_FUNCTIONS(ExplorerSearch)
public:
    ExplorerSearch(const Machine &m, const ExplorerOptions &o, ExplorerControl *control,
                   std::function<void(int64_t, int64_t)> progress, std::function<bool()> cancelled)
        : m_machine(m)
        , m_options(o)
        , m_control(control)
        , m_progress(std::move(progress))
        , m_externalCancel(std::move(cancelled))
        , m_actors(m.actorCount())
        , m_shared(m.actorCount() > 0 ? m.registerOffset(0) : 0)
        , m_stride(m.registerCount())
        , m_bounded(o.maxPreemptions >= 0)
        , m_localSteps(o.reuseLocalSteps && m.stepsAreLocal())
        , m_quietSteps(o.reuseLocalSteps && !m_localSteps && m.rulesReadOnlyShared())
        , m_sleepersOnlyTick(!m.waitsCanTimeOut() && !m.usesPlace(Place::Lease))
        , m_keyWidth(1 + m_actors + (m_bounded ? 2 : 0))
        , m_dead(m)
        , m_sharedBlocks(m_shared)
        , m_actorBlocks(m_stride)
        , m_nodeTable(m_keyWidth, expectedNodes(o))
        , m_stateTable(1 + m_actors, m_bounded ? expectedNodes(o) : 16)
        , m_memoryBudget(size_t(o.memoryBudgetBytes > 0 ? o.memoryBudgetBytes : defaultMemoryBudget()))
    {
        for (int a = 0; a < m_actors; ++a)
            m_programOf.push_back(m.actor(a).program);
    }

    ~ExplorerSearch() { stopHelper(); }
    ExplorerResult run();
    bool reusesSteps() const { return m_localSteps || m_quietSteps; }
    // Big enough that freeing it takes a noticeable time.
    bool isBig() const { return memoryInUse() >= (size_t(64) << 20); }

private:
    static constexpr size_t MaxEdges = (size_t(1) << 32) - 65536;
    enum Flag : uint8_t {
        Expanded = 1,
        Terminal = 2,
        Cut = 4,
        OnStack = 8,
        InCycle = 16
    };

    // Tables start small and double: most scenarios have a few thousand states,
    // and zeroing a table sized for millions would cost more than exploring them.
    static size_t expectedNodes(const ExplorerOptions &o)
    {
        return size_t(std::clamp<int64_t>(o.stateBudget, 1 << 12, 1 << 14));
    }

    void decode(const uint32_t *key, State &s) const;
    uint32_t internNode(const uint32_t *key, uint64_t hash);
    // Scratch space and counters of one expansion thread.
    struct Pending
    {
        uint32_t source;
        int32_t move;
        uint64_t hash;
    };
    struct Worker
    {
        Worker(ExplorerSearch &search)
            : shared(search.m_sharedBlocks, search.m_shared)
            , actors(search.m_actorBlocks, search.m_stride)
            , memo(FirstMemo, search.reusesSteps() ? LargestMemo : LargestMemo / 4)
            , steps(search.reusesSteps() ? FirstMemo : 1, search.reusesSteps() ? LargestMemo : 1)
        {
            cur = next = alone = view = search.m_machine.initialState();
            parentKey.assign(size_t(search.m_keyWidth), 0);
            nodeWaitsFor.assign(size_t(search.m_actors), -1);
            nodeFinished.assign(size_t(search.m_actors), 0);
        }
        State cur, next;
        State alone; // a step's own part done, before settling
        State view; // the shared part and one actor's registers, for Machine::settleView
        std::vector<int> moves;
        std::vector<uint32_t> parentKey;
        // Successors generated for each of the two batches in flight, and their keys.
        std::vector<Pending> pending[2];
        std::vector<uint32_t> pendingKeys[2]; // keyWidth words each
        BlockCache shared, actors;
        // Machine::isEnabled(state, a) reads only the shared part and a's own registers,
        // so it is remembered per (actor, shared block, actor block): direct-mapped, no lock.
        // So is what settling sees of a (viewKnown), and, where the machine's steps are
        // local or settle quietly, a's step: its successor blocks, in a table of their
        // own so that the many views looked up for each successor do not push them out.
        // Most successors then cost no machine run at all. Entries are 16 bytes, four to
        // a cache line: at most 256 KB a table.
        struct ActorMemo
        {
            uint64_t key = 0; // memoKey(), 0 for none
            bool known = false, enabled = false;
            bool viewKnown = false, quiet = false;
            bool finished = false; // with the view: no longer running, so it never changes
            int8_t waitsFor = -1;
        };
        struct StepMemo
        {
            uint64_t key = 0; // none until a step is remembered
            uint32_t shared = 0, block = 0; // after a's step
        };
        // The tables start small, for the many scenarios of a few thousand states, and
        // double as the worker expands more nodes than they have entries, keeping what
        // they know: emptied, a small exploration ran the machine for it all over again.
        static constexpr size_t FirstMemo = size_t(1) << 10, LargestMemo = size_t(1) << 14;
        MemoTable<ActorMemo> memo;
        MemoTable<StepMemo> steps;
        void growMemo()
        {
            if (size_t(expanded) < memo.size() || memo.full())
                return;
            memo.grow();
            if (!steps.full())
                steps.grow();
        }
        // Where steps settle quietly, what settling sees of every request at the node
        // being expanded (findMoves): most steps leave the shared block as it was, and
        // then the others' views are these, without a lookup each.
        bool nodeViews = false;
        std::vector<int8_t> nodeWaitsFor;
        std::vector<uint8_t> nodeFinished; // a step of another request leaves them so
        int nodeWaiters = 0, nodeLoud = 0, nodeLoudActor = -1; // requests waiting; not quiet
        bool decoded = false; // cur holds the node being expanded
        int64_t expanded = 0, transitions = 0, pruned = 0;
        bool storeFull = false;
    };
    struct Slice
    { // one batch node's successors: worker, first pending, count; or its outcome
        uint32_t worker, begin, count, outcome;
    };
    // Nodes to expand together. Two alternate: one is looked up while the next is generated.
    struct Batch
    {
        std::vector<uint32_t> nodes;
        std::vector<uint32_t> keys; // copied when chosen: the node table may move meanwhile
        std::vector<Slice> slices;
        std::atomic<uint32_t> claim{0};
    };

    // One node's successors (explorersuccessors.cpp).
    static constexpr int MaxActors = 120;
    // A successor's key, built from a copy of its parent's, and its hash kept up to date.
    struct Successor
    {
        uint32_t *key;
        uint64_t hash;
        bool *storeFull;
        void replace(int j, uint32_t id);
    };
    struct Bound
    { // bounded search: the key's last mover + 1 and preemptions so far
        uint32_t last, preemptions;
    };
    void generate(Worker &w, int parity, uint32_t index);
    void findMoves(Worker &w);
    bool addSuccessor(Worker &w, int parity, uint32_t v, int move, uint64_t parentHash, Bound bound);
    bool reuseStep(Worker &w, int move, Successor &next);
    void rememberStep(Worker &w, int move, const Successor &next);
    bool runMove(Worker &w, int move, Successor &next);
    const Worker::ActorMemo *settleView(Worker &w, int actor, uint32_t sharedId, uint32_t blockId);
    void learnView(Worker &w, Worker::ActorMemo &memo, int actor, uint32_t sharedId, uint32_t blockId);
    void learn(Worker::ActorMemo &memo, const State &s, int actor) const;
    void noteNodeView(Worker &w, int actor, const Worker::ActorMemo &view);
    bool othersStayQuiet(Worker &w, int mover, uint32_t sharedId, uint32_t moverBlock);
    bool othersStayQuietInNode(Worker &w, int mover, uint32_t sharedId, uint32_t moverBlock);
    bool hasWaitCycle(const int8_t *waitsFor) const;
    void ensureDecoded(Worker &w) const;
    bool canTick(Worker &w) const;
    static Worker::ActorMemo *memoSlot(MemoTable<Worker::ActorMemo> &table, int actor, uint32_t sharedId,
                                       uint32_t blockId);
    static Worker::StepMemo *stepSlot(MemoTable<Worker::StepMemo> &table, int actor, uint32_t sharedId,
                                      uint32_t blockId, uint64_t *key);
    void generateBatch(int worker, int parity);
    size_t select(int parity);
    void internBatch(int parity);
    void startHelper(int parity);
    void waitForHelper();
    void helperLoop();
    void stopHelper();
    void explore();
    void exploreBatches();
    void startHelperThread();
    void reserveForBatch(int parity);
    bool shouldStop();
    size_t memoryInUse() const;
    size_t memoryToFinish(size_t extraNodes) const;
    bool counts(ExplorerResult &r);
    uint32_t internOutcome(const State &s, uint32_t node);
    bool countEnd(ExplorerResult &r, uint32_t v, const Node &nv, const InterleavingCount &paths);
    bool countAcyclic(ExplorerResult &r);
    void tarjan();
    void count(ExplorerResult &r);
    struct SimplestSearch; // the tables of findSimplest's 0-1 search
    void findSimplest();
    bool recordSimplest(SimplestSearch &s, uint32_t pair, uint32_t node);
    void relaxSimplest(SimplestSearch &s, uint32_t pair, uint32_t node, uint32_t dist, uint32_t preemptions);
    bool hasMove(uint32_t node, int move) const;
    uint32_t follow(uint32_t node, int move) const;
    int preemptionsOf(const std::vector<int> &moves) const;
    std::vector<int> treePath(uint32_t node) const;
    std::vector<int> cycleFrom(uint32_t node) const;
    ExplorerOutcome makeOutcome(const OutcomeInfo &info) const;

    const Machine &m_machine;
    const ExplorerOptions m_options;
    ExplorerControl *m_control;
    std::function<void(int64_t, int64_t)> m_progress;
    std::function<bool()> m_externalCancel;
    const int m_actors, m_shared, m_stride;
    const bool m_bounded;
    const bool m_localSteps; // reuse steps (Machine::stepsAreLocal)
    const bool m_quietSteps; // reuse steps where settling leaves the others alone (explorersuccessors.cpp)
    const bool m_sleepersOnlyTick; // only a sleeper makes a deadline: no lease, no wait that times out
    const int m_keyWidth;
    DeadLocals m_dead;
    std::vector<int> m_programOf;

    BlockStore m_sharedBlocks, m_actorBlocks;
    NodeTable m_nodeTable;
    NodeTable m_stateTable; // bounded mode: distinct states, without (last, preemptions)
    GrowingArray<Node> m_nodes{NodeTable::MaxNodes};
    GrowingArray<Edge> m_edges{MaxEdges};

    std::vector<uint32_t> m_sccNodes, m_sccEnd; // components in completion order (reverse topological)
    std::vector<OutcomeInfo> m_outcomes;
    std::map<std::vector<int64_t>, uint32_t> m_outcomeIds;
    uint32_t m_livelock = None; // outcome id of the livelock, if any

    std::vector<std::unique_ptr<Worker>> m_workers; // [0] runs on the calling thread
    std::mutex m_outcomeMutex;

    Batch m_batches[2];
    int64_t m_scheduled = 0; // nodes chosen for expansion so far
    std::vector<uint32_t> m_stack; // nodes found, not yet chosen: depth-first
    std::vector<uint32_t> m_discovered;
    std::thread m_helper;
    std::mutex m_helperMutex;
    std::condition_variable m_helperWake;
    uint64_t m_round = 0, m_roundDone = 0;
    int m_helperParity = 0;
    bool m_helperQuit = false;

    // Kahn's count: path counts and in-degrees side by side, and the order.
    struct KahnEntry
    {
        uint64_t paths;
        uint32_t indegree;
        uint32_t unused;
    };
    GrowingArray<KahnEntry> m_kahnEntries{NodeTable::MaxNodes};
    GrowingArray<uint32_t> m_kahnOrder{NodeTable::MaxNodes};
    // In-degrees for Kahn's count are added up on the helper, edge by edge, as
    // batches are interned: edges [m_indegreeDone, m_indegreeTo) are its next share.
    size_t m_indegreeTo = 0, m_indegreeDone = 0;
    void countIndegrees();

    QElapsedTimer m_timer;
    int64_t m_lastReportMs = 0;
    int64_t m_expanded = 0, m_transitions = 0, m_pruned = 0;
    bool m_stopping = false, m_cancelled = false, m_stateBudgetHit = false, m_timeBudgetHit = false,
         m_storeFull = false;
    const size_t m_memoryBudget;
    bool m_memoryBudgetHit = false;
    std::atomic<bool> m_outOfMemory{false}; // an allocation failed; set by either expansion thread
};

} // namespace Interleave::Exploration
