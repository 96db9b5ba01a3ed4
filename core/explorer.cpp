// The exhaustive explorer. One depth-first pass builds the state graph and its
// strongly connected components (Tarjan, iterative); a forward pass over the
// components in topological order counts the paths into every state, so the
// number of interleavings ending in each outcome comes out exactly without
// enumerating a single schedule. Cycles (retry loops that can spin forever) are
// components with more than one state or a self-loop: every path through one
// is a livelock, and counts behind it are infinite.
//
// Speed comes from the state store: states are kept "collapsed" as SPIN does,
// as one small id for the shared part and one per actor's registers, so a
// state costs (actors + 1) * 4 bytes and a successor usually re-interns only
// the one or two blocks its move changed. Locals that no later step or rule
// can read are cleared first (dead-variable reduction, also as SPIN), which
// merges states that differ only in leftovers such as a value read long ago.

#include "explorer.h"
#include "machine_p.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <new>
#include <type_traits>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace Interleave {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Explorer", text);
}

constexpr uint32_t None = std::numeric_limits<uint32_t>::max();

// The node table and per-node arrays are hundreds of megabytes read at random:
// with 4 KiB pages nearly every lookup also misses the TLB. Large arrays ask
// for transparent huge pages, which removes most of those page walks.
template<typename T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template<typename U>
    HugePageAllocator(const HugePageAllocator<U> &) {}

    static constexpr size_t Huge = size_t(2) << 20;

    T *allocate(size_t n)
    {
        const size_t bytes = n * sizeof(T);
        if (bytes < 2 * Huge)
            return static_cast<T *>(::operator new(bytes));
        const size_t rounded = (bytes + Huge - 1) / Huge * Huge;
        void *p = std::aligned_alloc(Huge, rounded);
        if (!p)
            throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
        madvise(p, rounded, MADV_HUGEPAGE);
#endif
        return static_cast<T *>(p);
    }
    void deallocate(T *p, size_t n)
    {
        if (n * sizeof(T) < 2 * Huge)
            ::operator delete(p);
        else
            std::free(p);
    }
    template<typename U>
    bool operator==(const HugePageAllocator<U> &) const { return true; }
};

template<typename T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

// An array that grows in place: address space for its largest possible size is
// reserved up front and the kernel backs pages only as they are touched. A
// doubling vector would copy everything at each growth and have every page
// zeroed again; for per-node arrays that costs as much as the exploration.
// Falls back to a vector where address space cannot be reserved.
template<typename T>
class GrowingArray
{
    static_assert(std::is_trivially_copyable_v<T>);

public:
    explicit GrowingArray(size_t maxElements)
    {
#if defined(__linux__) && defined(MAP_NORESERVE)
        m_reserved = maxElements * sizeof(T);
        void *p = mmap(nullptr, m_reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p != MAP_FAILED) {
#ifdef MADV_HUGEPAGE
            madvise(p, m_reserved, MADV_HUGEPAGE);
#endif
            m_data = static_cast<T *>(p);
            m_capacity = maxElements;
            return;
        }
        m_reserved = 0;
#else
        Q_UNUSED(maxElements);
#endif
    }
    ~GrowingArray()
    {
#if defined(__linux__) && defined(MAP_NORESERVE)
        if (m_reserved)
            munmap(m_data, m_reserved);
#endif
    }
    GrowingArray(const GrowingArray &) = delete;
    GrowingArray &operator=(const GrowingArray &) = delete;

    size_t size() const { return m_size; }
    bool isStable() const { return m_reserved != 0; }   // elements never move
    T *data() { return m_reserved ? m_data : m_fallback.data(); }
    const T *data() const { return m_reserved ? m_data : m_fallback.data(); }
    T &operator[](size_t i) { return data()[i]; }
    const T &operator[](size_t i) const { return data()[i]; }
    T *begin() { return data(); }
    T *end() { return data() + m_size; }
    const T *begin() const { return data(); }
    const T *end() const { return data() + m_size; }

    void push_back(const T &value)
    {
        if (m_reserved) {
            if (m_size == m_capacity)
                throw std::bad_alloc();
            new (m_data + m_size) T(value);   // fresh pages are zero; a placement copy sets every field
        } else {
            m_fallback.push_back(value);
        }
        ++m_size;
    }

private:
    T *m_data = nullptr;
    size_t m_size = 0, m_capacity = 0, m_reserved = 0;
    std::vector<T> m_fallback;
};

// Hashes are sums of one mixed term per word (Zobrist style): a successor's
// hash follows from its parent's by swapping the terms of the few words the
// move changed, instead of rehashing whole blocks and keys.
inline uint64_t term(int position, int64_t word)
{
    uint64_t z = uint64_t(word) + 0x9E3779B97F4A7C15ull * uint64_t(position + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

template<typename Word>
inline uint64_t hashWords(const Word *w, int n)
{
    uint64_t h = 0;
    for (int i = 0; i < n; ++i)
        h += term(i, int64_t(w[i]));
    return h;
}

// Blocks are compared for every successor, so this is hot: libc's memcmp uses
// the widest vectors the CPU has, which -O2 would not for a loop of unknown length.
template<typename Word>
inline bool sameWords(const Word *a, const Word *b, int n)
{
    return std::memcmp(a, b, sizeof(Word) * size_t(n)) == 0;
}

// Hash of `next` given the hash of `prev`, a block of the same layout.
inline uint64_t rehash(uint64_t h, const int64_t *prev, const int64_t *next, int n)
{
    for (int i = 0; i < n; ++i)
        if (prev[i] != next[i])
            h += term(i, next[i]) - term(i, prev[i]);
    return h;
}

// Interns fixed-width blocks of state words to dense ids: the shared part and
// the actor register blocks, of which there are few (hundreds to thousands).
// Expansion threads share one store; each looks in its own BlockCache first and
// takes the lock only for a block it has not met yet. Blocks never move once
// stored, so a block read by id needs no lock.
class BlockStore
{
public:
    explicit BlockStore(int width)
        : m_width(std::max(1, width))
        , m_capacity(std::min<size_t>(size_t(1) << 31, (size_t(1) << 40) / (sizeof(int64_t) * size_t(m_width))))
        , m_words(m_capacity * size_t(m_width))
        , m_hashes(m_capacity)
    {
        m_slots.assign(1024, 0);
        m_mask = m_slots.size() - 1;
    }

    bool isStable() const { return m_words.isStable(); }
    const int64_t *block(uint32_t id) const { return m_words.data() + size_t(id) * size_t(m_width); }
    uint64_t hashOf(uint32_t id) const { return m_hashes[id]; }

    // None when the store is full.
    uint32_t intern(const int64_t *w, uint64_t h)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        const uint32_t tag = uint32_t(h);
        size_t i = tag & m_mask;
        for (;;) {
            const uint64_t slot = m_slots[i];
            if (slot == 0)
                break;
            if (uint32_t(slot >> 32) == tag) {
                const uint32_t id = uint32_t(slot) - 1;
                if (sameWords(block(id), w, m_width))
                    return id;
            }
            i = (i + 1) & m_mask;
        }
        if (m_count >= m_capacity)
            return None;
        const uint32_t id = m_count++;
        for (int k = 0; k < m_width; ++k)
            m_words.push_back(w[k]);
        m_hashes.push_back(h);
        m_slots[i] = (uint64_t(tag) << 32) | (uint64_t(id) + 1);
        if (size_t(m_count) * 2 > m_slots.size())
            grow();
        return id;
    }

private:
    void grow()
    {
        std::vector<uint64_t> old(m_slots.size() * 2, 0);
        old.swap(m_slots);
        m_mask = m_slots.size() - 1;
        for (uint64_t slot : old) {
            if (!slot)
                continue;
            size_t i = uint32_t(slot >> 32) & m_mask;
            while (m_slots[i])
                i = (i + 1) & m_mask;
            m_slots[i] = slot;
        }
    }

    std::mutex m_mutex;
    const int m_width;
    const size_t m_capacity;
    std::vector<uint64_t> m_slots;   // 32 hash bits << 32 | id + 1; 0 = empty
    GrowingArray<int64_t> m_words;
    GrowingArray<uint64_t> m_hashes;
    size_t m_mask = 0;
    uint32_t m_count = 0;
};

// One expansion thread's view of a BlockStore: full hash -> id, no lock.
class BlockCache
{
public:
    BlockCache(BlockStore &store, int width) : m_store(store), m_width(std::max(1, width))
    {
        m_slots.resize(256);
        m_mask = m_slots.size() - 1;
    }

    uint32_t intern(const int64_t *w, uint64_t h)
    {
        size_t i = h & m_mask;
        for (; m_slots[i].id; i = (i + 1) & m_mask)
            if (m_slots[i].hash == h && sameWords(m_store.block(m_slots[i].id - 1), w, m_width))
                return m_slots[i].id - 1;
        const uint32_t id = m_store.intern(w, h);
        if (id == None)
            return None;
        m_slots[i] = {h, id + 1};
        if (++m_count * 2 > m_slots.size())
            grow();
        return id;
    }
    uint32_t intern(const int64_t *w) { return intern(w, hashWords(w, m_width)); }

private:
    struct Slot {
        uint64_t hash = 0;
        uint32_t id = 0;   // id + 1; 0 = empty
    };
    void grow()
    {
        std::vector<Slot> old(m_slots.size() * 2);
        old.swap(m_slots);
        m_mask = m_slots.size() - 1;
        for (const Slot &slot : old) {
            if (!slot.id)
                continue;
            size_t i = slot.hash & m_mask;
            while (m_slots[i].id)
                i = (i + 1) & m_mask;
            m_slots[i] = slot;
        }
    }

    BlockStore &m_store;
    const int m_width;
    std::vector<Slot> m_slots;
    size_t m_mask = 0, m_count = 0;
};

// Interns node keys (block ids, plus last actor and preemptions when bounded)
// to dense node ids. The key sits inside its slot, so a lookup costs one cache
// miss, not two: the table is far larger than the caches.
class NodeTable
{
public:
    NodeTable(int width, size_t expected) : m_width(width), m_stride(2 + width), m_where(MaxNodes)
    {
        size_t cap = 1024;
        while (cap * 5 < expected * 8)
            cap *= 2;
        m_slots.assign(cap * size_t(m_stride), 0);
        m_mask = cap - 1;
    }

    static constexpr size_t MaxNodes = size_t(1) << 31;

    uint32_t size() const { return m_count; }
    const uint32_t *key(uint32_t id) const { return m_slots.data() + size_t(m_where[id]) * size_t(m_stride) + 2; }
    static uint64_t hash(const uint32_t *key, int width) { return hashWords(key, width); }
    void prefetch(uint64_t h) const { __builtin_prefetch(m_slots.data() + (h & m_mask) * size_t(m_stride)); }

    uint32_t intern(const uint32_t *key, uint64_t h, bool *added)
    {
        const uint32_t tag = uint32_t(h);
        size_t i = h & m_mask;
        for (;;) {
            uint32_t *slot = m_slots.data() + i * size_t(m_stride);
            if (slot[1] == 0)
                break;
            if (slot[0] == tag && sameWords(slot + 2, key, m_width)) {
                *added = false;
                return slot[1] - 1;
            }
            i = (i + 1) & m_mask;
        }
        const uint32_t id = m_count++;
        uint32_t *slot = m_slots.data() + i * size_t(m_stride);
        slot[0] = tag;
        slot[1] = id + 1;
        std::memcpy(slot + 2, key, sizeof(uint32_t) * size_t(m_width));
        m_where.push_back(uint32_t(i));
        if (size_t(m_count) * 8 > (m_mask + 1) * 5)
            grow();
        *added = true;
        return id;
    }

private:
    // Four times larger while small, so a big space is rehashed fewer times, then
    // twice (every slot is memory the kernel must zero). Old slots are visited in
    // order, so the writes go in two sequential streams.
    void grow()
    {
        const size_t oldCap = m_mask + 1;
        const size_t newCap = oldCap * (oldCap < (size_t(1) << 18) ? 4 : 2);
        BigVector<uint32_t> old(newCap * size_t(m_stride), 0);
        old.swap(m_slots);
        m_mask = newCap - 1;
        for (size_t k = 0; k < oldCap; ++k) {
            const uint32_t *from = old.data() + k * size_t(m_stride);
            if (from[1] == 0)
                continue;
            size_t i = from[0] & m_mask;
            while (m_slots[i * size_t(m_stride) + 1])
                i = (i + 1) & m_mask;
            std::memcpy(m_slots.data() + i * size_t(m_stride), from, sizeof(uint32_t) * size_t(m_stride));
            m_where[from[1] - 1] = uint32_t(i);
        }
    }

    int m_width, m_stride;
    BigVector<uint32_t> m_slots;     // per slot: hash tag, id + 1 (0 = empty), key
    GrowingArray<uint32_t> m_where;  // node id -> slot
    size_t m_mask = 0;
    uint32_t m_count = 0;
};

// Locals a program can still read, per program counter: the rest are cleared
// (dead-variable reduction). A local is live where some path reads it before
// writing it; reads by rules and figures keep a local live for ever.
class DeadLocals
{
public:
    explicit DeadLocals(const Machine &m) : m_locals(m.registerCount() - ActorSlot::Fields)
    {
        std::vector<char> ruleLocals(size_t(std::max(0, m_locals)), 0);
        for (const Invariant &inv : m.invariants())
            collect(inv.check, ruleLocals);
        for (const Figure &f : m.figures()) {
            collect(f.actual, ruleLocals);
            collect(f.expected, ruleLocals);
        }
        int programs = 0;
        for (int a = 0; a < m.actorCount(); ++a)
            programs = std::max(programs, m.actor(a).program + 1);
        m_begin.resize(size_t(programs));
        for (int p = 0; p < programs; ++p)
            analyse(m.program(p), ruleLocals, p);
    }

    void clear(int64_t *regs, int program) const
    {
        const std::vector<uint32_t> &begin = m_begin[size_t(program)];
        const int64_t finished = int64_t(begin.size()) - 2;
        int64_t pc = regs[ActorSlot::Pc];
        if (regs[ActorSlot::Status] != int64_t(ActorStatus::Running) || pc > finished || pc < 0)
            pc = finished;
        int64_t *locals = regs + ActorSlot::Fields;
        for (uint32_t i = begin[size_t(pc)], e = begin[size_t(pc) + 1]; i < e; ++i)
            locals[m_dead[i]] = 0;
    }

private:
    void collect(const Expression &e, std::vector<char> &out) const
    {
        for (const Expression::Instr &in : e.code())
            if (in.op == Expression::Op::Local && in.a >= 0 && in.a < m_locals)
                out[size_t(in.a)] = 1;
        for (const Expression &sub : e.subExpressions())
            collect(sub, out);
    }

    void analyse(const Program &prog, const std::vector<char> &ruleLocals, int p)
    {
        const int n = int(prog.steps.size());
        const size_t L = ruleLocals.size();
        std::vector<std::vector<char>> live(size_t(n) + 1, std::vector<char>(L, 0));
        live[size_t(n)] = ruleLocals;
        std::vector<std::vector<char>> uses(size_t(n), std::vector<char>(L, 0));
        for (int pc = 0; pc < n; ++pc) {
            const Step &st = prog.steps[size_t(pc)];
            std::vector<char> &u = uses[size_t(pc)];
            for (const Expression *e : {&st.rowId, &st.value, &st.condition, &st.fence, &st.latency})
                collect(*e, u);
            for (const auto &set : st.sets)
                collect(set.second, u);
        }
        auto unite = [](std::vector<char> &into, const std::vector<char> &from) {
            for (size_t i = 0; i < into.size(); ++i)
                into[i] = char(into[i] | from[i]);
        };
        for (bool changed = true; changed;) {
            changed = false;
            for (int pc = n - 1; pc >= 0; --pc) {
                const Step &st = prog.steps[size_t(pc)];
                std::vector<char> out = live[size_t(pc) + 1];
                if (st.op == OpCode::Goto && st.target >= 0 && st.target <= n)
                    unite(out, live[size_t(st.target)]);
                if (st.op == OpCode::Finish)
                    unite(out, live[size_t(n)]);
                // Only steps that always write their result kill it.
                if ((st.op == OpCode::Read || st.op == OpCode::Let || st.op == OpCode::Exists) && st.into >= 0
                    && st.into < m_locals)
                    out[size_t(st.into)] = 0;
                std::vector<char> in = uses[size_t(pc)];
                unite(in, out);
                // Any step can fail, or be failed by the lock manager: on to finally, or finished.
                unite(in, live[size_t(n)]);
                if (prog.finallyStep >= 0 && prog.finallyStep < n)
                    unite(in, live[size_t(prog.finallyStep)]);
                if (in != live[size_t(pc)]) {
                    live[size_t(pc)] = std::move(in);
                    changed = true;
                }
            }
        }
        std::vector<uint32_t> &begin = m_begin[size_t(p)];
        for (int pc = 0; pc <= n; ++pc) {
            begin.push_back(uint32_t(m_dead.size()));
            for (int l = 0; l < m_locals; ++l)
                if (!live[size_t(pc)][size_t(l)])
                    m_dead.push_back(uint16_t(l));
        }
        begin.push_back(uint32_t(m_dead.size()));
    }

    int m_locals;
    std::vector<std::vector<uint32_t>> m_begin;   // per program, per pc: range in m_dead
    std::vector<uint16_t> m_dead;
};

struct Edge {
    uint32_t target;
    int32_t move;
};

struct Node {
    uint32_t index = 0;        // Tarjan preorder number, 0 = not visited
    uint32_t low = 0;          // Tarjan low link; the component id once assigned
    uint32_t edgeBegin = 0;    // for a terminal node: its outcome id
    uint32_t parent = None;    // depth-first tree, for a schedule that reaches the node
    uint16_t edgeCount = 0;
    uint8_t flags = 0;
    int8_t move = 0;           // the move from parent
};

struct OutcomeInfo {
    std::vector<int64_t> key;
    uint32_t node = None;      // a terminal node with this outcome
    InterleavingCount count;
    ExplorerOutcome::Kind kind = ExplorerOutcome::Finished;
    bool breaks = false;
    uint64_t brokenRules = 0, anomalies = 0;
    bool stuck = false, detector = false;
    QString description;
    std::vector<int> simplest;  // set by findSimplest
    bool hasSimplest = false;
};

class Search
{
public:
    Search(const Machine &m, const ExplorerOptions &o, ExplorerControl *control,
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
        , m_keyWidth(1 + m_actors + (m_bounded ? 2 : 0))
        , m_dead(m)
        , m_sharedBlocks(m_shared)
        , m_actorBlocks(m_stride)
        , m_nodeTable(m_keyWidth, expectedNodes(o))
        , m_stateTable(1 + m_actors, m_bounded ? expectedNodes(o) : 16)
    {
        for (int i = 0; i < m.messages().size(); ++i) {
            const QString &text = m.messages().at(i);
            if (text.startsWith(QLatin1String("ER_LOCK_DEADLOCK")) || text.contains(QLatin1String("40P01")))
                m_deadlockMessages.push_back(i);
        }
        for (int a = 0; a < m_actors; ++a)
            m_programOf.push_back(m.actor(a).program);
    }

    ~Search() { stopHelper(); }
    ExplorerResult run();

private:
    static constexpr size_t MaxEdges = (size_t(1) << 32) - 65536;
    enum Flag : uint8_t { Expanded = 1, Terminal = 2, Cut = 4, OnStack = 8, InCycle = 16 };

    // Tables start small and double: most scenarios have a few thousand states,
    // and zeroing a table sized for millions would cost more than exploring them.
    static size_t expectedNodes(const ExplorerOptions &o)
    {
        return size_t(std::clamp<int64_t>(o.stateBudget, 1 << 12, 1 << 14));
    }

    void decode(const uint32_t *key, State &s) const;
    uint32_t internNode(const uint32_t *key, uint64_t hash);
    // Scratch space and counters of one expansion thread.
    struct Pending {
        uint32_t source;
        int32_t move;
        uint64_t hash;
    };
    struct Worker {
        Worker(Search &search)
            : shared(search.m_sharedBlocks, search.m_shared)
            , actors(search.m_actorBlocks, search.m_stride)
        {
            cur = next = search.m_machine.initialState();
            parentKey.assign(size_t(search.m_keyWidth), 0);
        }
        State cur, next;
        std::vector<int> moves;
        std::vector<uint32_t> parentKey;
        std::vector<Pending> pending;        // successors generated in the current batch
        std::vector<uint32_t> pendingKeys;   // their keys, keyWidth words each
        BlockCache shared, actors;
        int64_t expanded = 0, transitions = 0, pruned = 0;
        bool storeFull = false;
    };
    struct Slice {   // where one batch node's successors are: worker, first pending, count
        uint32_t worker, begin, count;
    };

    void generate(Worker &w, uint32_t v);
    void generateBatch(int worker);
    void helperLoop();
    void stopHelper();
    void explore();
    bool shouldStop();
    uint32_t internOutcome(const State &s);
    bool countAcyclic(ExplorerResult &r);
    void tarjan();
    void count(ExplorerResult &r);
    void findSimplest();
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
    const int m_keyWidth;
    DeadLocals m_dead;
    std::vector<int> m_programOf;
    std::vector<int> m_deadlockMessages;

    BlockStore m_sharedBlocks, m_actorBlocks;
    NodeTable m_nodeTable;
    NodeTable m_stateTable;   // bounded mode: distinct states, without (last, preemptions)
    GrowingArray<Node> m_nodes{NodeTable::MaxNodes};
    GrowingArray<Edge> m_edges{MaxEdges};

    std::vector<uint32_t> m_sccNodes, m_sccEnd;   // components in completion order (reverse topological)
    std::vector<OutcomeInfo> m_outcomes;
    std::map<std::vector<int64_t>, uint32_t> m_outcomeIds;
    uint32_t m_livelock = None;                   // outcome id of the livelock, if any

    std::vector<std::unique_ptr<Worker>> m_workers;   // [0] runs on the calling thread
    std::mutex m_outcomeMutex;

    // The batch being expanded, shared with the helper thread.
    std::vector<uint32_t> m_batch;
    std::vector<Slice> m_slices;
    std::atomic<uint32_t> m_claim{0};
    std::thread m_helper;
    std::mutex m_helperMutex;
    std::condition_variable m_helperWake;
    uint64_t m_round = 0, m_roundDone = 0;
    bool m_helperQuit = false;

    QElapsedTimer m_timer;
    int64_t m_lastReportMs = 0;
    int64_t m_expanded = 0, m_transitions = 0, m_pruned = 0;
    bool m_stopping = false, m_cancelled = false, m_stateBudgetHit = false, m_timeBudgetHit = false, m_storeFull = false;
};

void Search::decode(const uint32_t *key, State &s) const
{
    int64_t *out = s.v.data();
    if (m_shared > 0)
        std::memcpy(out, m_sharedBlocks.block(key[0]), sizeof(int64_t) * size_t(m_shared));
    for (int a = 0; a < m_actors; ++a)
        std::memcpy(out + m_shared + a * m_stride, m_actorBlocks.block(key[1 + a]), sizeof(int64_t) * size_t(m_stride));
}

uint32_t Search::internNode(const uint32_t *key, uint64_t hash)
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

uint32_t Search::internOutcome(const State &s)
{
    std::vector<int64_t> key = m_machine.outcomeKey(s);
    std::lock_guard<std::mutex> lock(m_outcomeMutex);
    const auto it = m_outcomeIds.find(key);
    if (it != m_outcomeIds.end())
        return it->second;
    OutcomeInfo info;
    info.key = key;
    info.stuck = m_machine.isStuck(s);
    const std::vector<bool> holds = m_machine.checkInvariants(s);
    for (size_t i = 0; i < holds.size() && i < 64; ++i)
        if (!holds[i])
            info.brokenRules |= uint64_t(1) << i;
    info.brokenRules |= m_machine.violatedMask(s);
    info.anomalies = m_machine.anomalyMask(s);
    for (int a = 0; a < m_actors; ++a)
        if (m_machine.status(s, a) == ActorStatus::Failed
            && std::find(m_deadlockMessages.begin(), m_deadlockMessages.end(), m_machine.errorOf(s, a)) != m_deadlockMessages.end())
            info.detector = true;
    // A rejected stale token is the fencing fix doing its job, not a break.
    const uint64_t harmful = info.anomalies & ~uint64_t(Machine::RejectedStaleToken);
    info.kind = (info.stuck || info.detector) ? ExplorerOutcome::Deadlock : ExplorerOutcome::Finished;
    info.breaks = info.brokenRules != 0 || info.stuck || info.detector || harmful != 0;
    info.description = m_machine.describeOutcome(s);
    const uint32_t id = uint32_t(m_outcomes.size());
    m_outcomes.push_back(std::move(info));
    m_outcomeIds.emplace(std::move(key), id);
    return id;
}

// Runs the machine for every move at v and queues the successors' keys in w.
// Called from both expansion threads at once, for different nodes.
void Search::generate(Worker &w, uint32_t v)
{
    const int W = m_keyWidth;
    std::memcpy(w.parentKey.data(), m_nodeTable.key(v), sizeof(uint32_t) * size_t(W));
    decode(w.parentKey.data(), w.cur);
    w.moves.clear();
    for (int a = 0; a < m_actors; ++a)
        if (m_machine.isEnabled(w.cur, a))
            w.moves.push_back(a);
    if (m_machine.canTick(w.cur))
        w.moves.push_back(Schedule::Tick);
    Node &node = m_nodes[v];
    node.flags |= Expanded;
    ++w.expanded;
    if (w.moves.empty()) {
        node.flags |= Terminal;
        node.edgeBegin = internOutcome(w.cur);
        return;
    }
    int last = -1, used = 0;
    bool lastEnabled = false;
    if (m_bounded) {
        last = int(w.parentKey[size_t(1 + m_actors)]) - 1;
        used = int(w.parentKey[size_t(2 + m_actors)]);
        lastEnabled = last >= 0 && std::find(w.moves.begin(), w.moves.end(), last) != w.moves.end();
    }
    const int64_t *cur = w.cur.v.data();
    const uint64_t parentHash = NodeTable::hash(w.parentKey.data(), W);
    for (int move : w.moves) {
        const bool preempts = move >= 0 && lastEnabled && move != last;
        if (m_bounded && used + preempts > m_options.maxPreemptions) {
            ++w.pruned;
            continue;
        }
        w.next.v = w.cur.v;   // same size: copies without allocating
        if (move == Schedule::Tick)
            m_machine.tick(w.next, nullptr, 0);
        else
            m_machine.step(w.next, move, nullptr, 0);
        ++w.transitions;
        int64_t *next = w.next.v.data();
        const size_t at = w.pendingKeys.size();
        w.pendingKeys.resize(at + size_t(W));
        uint32_t *key = w.pendingKeys.data() + at;
        std::memcpy(key, w.parentKey.data(), sizeof(uint32_t) * size_t(W));
        uint64_t h = parentHash;
        auto replace = [&](int j, uint32_t id) {
            if (id == None)
                w.storeFull = true;
            else if (id != key[j]) {
                h += term(j, id) - term(j, key[j]);
                key[j] = id;
            }
        };
        if (m_shared > 0 && !sameWords(next, cur, m_shared))
            replace(0, w.shared.intern(next, rehash(m_sharedBlocks.hashOf(key[0]), cur, next, m_shared)));
        // Unchanged blocks are still canonical; a changed one drops its dead locals first.
        for (int a = 0; a < m_actors; ++a) {
            int64_t *block = next + m_shared + a * m_stride;
            const int64_t *before = cur + m_shared + a * m_stride;
            if (sameWords(block, before, m_stride))
                continue;
            m_dead.clear(block, m_programOf[size_t(a)]);
            const uint32_t old = w.parentKey[size_t(1 + a)];
            replace(1 + a, w.actors.intern(block, rehash(m_actorBlocks.hashOf(old), before, block, m_stride)));
        }
        if (m_bounded) {
            replace(1 + m_actors, uint32_t((move == Schedule::Tick ? last : move) + 1));
            replace(2 + m_actors, uint32_t(used + preempts));
        }
        if (w.storeFull) {
            w.pendingKeys.resize(at);   // the successor is lost: the result is marked incomplete
            continue;
        }
        m_nodeTable.prefetch(h);
        w.pending.push_back({v, move, h});
    }
}

// Expands batch nodes claimed one at a time, so two threads share a batch fairly.
void Search::generateBatch(int worker)
{
    Worker &w = *m_workers[size_t(worker)];
    w.pending.clear();
    w.pendingKeys.clear();
    const uint32_t n = uint32_t(m_batch.size());
    for (uint32_t i; (i = m_claim.fetch_add(1, std::memory_order_relaxed)) < n;) {
        const uint32_t begin = uint32_t(w.pending.size());
        generate(w, m_batch[i]);
        m_slices[i] = {uint32_t(worker), begin, uint32_t(w.pending.size()) - begin};
    }
}

void Search::helperLoop()
{
    uint64_t seen = 0;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(m_helperMutex);
            m_helperWake.wait(lock, [&] { return m_helperQuit || m_round != seen; });
            if (m_helperQuit)
                return;
            seen = m_round;
        }
        generateBatch(1);
        {
            std::lock_guard<std::mutex> lock(m_helperMutex);
            m_roundDone = seen;
        }
        m_helperWake.notify_all();
    }
}

// Depth-first, a batch at a time: the top nodes of the stack are expanded
// together (on two threads once the space proves big), then their successors
// are looked up together on this thread, so the node table's cache misses
// overlap instead of queueing one after another. Successors are pushed so that
// the lowest move is explored first, as a plain DFS would.
void Search::explore()
{
    constexpr size_t SmallBatch = 48, LargeBatch = 512;
    constexpr int64_t HelperAfter = 20000;   // states: below that a thread costs more than it saves
    const bool mayUseHelper = m_options.threads != 1 && (m_options.threads > 1 || QThread::idealThreadCount() > 1)
        && m_sharedBlocks.isStable() && m_actorBlocks.isStable();
    m_workers.push_back(std::make_unique<Worker>(*this));
    std::vector<uint32_t> stack{0}, discovered;
    while (!stack.empty() && !shouldStop()) {
        const bool parallel = m_helper.joinable();
        size_t size = std::min(stack.size(), parallel ? LargeBatch : SmallBatch);
        if (m_options.stateBudget > 0)
            size = std::min<size_t>(size, size_t(m_options.stateBudget - m_expanded));
        m_batch.assign(stack.end() - std::ptrdiff_t(size), stack.end());
        std::reverse(m_batch.begin(), m_batch.end());   // top of the stack first
        stack.resize(stack.size() - size);
        m_slices.resize(size);
        m_claim.store(0, std::memory_order_relaxed);
        if (parallel && size >= 16) {
            {
                std::lock_guard<std::mutex> lock(m_helperMutex);
                ++m_round;
            }
            m_helperWake.notify_all();
            generateBatch(0);
            std::unique_lock<std::mutex> lock(m_helperMutex);
            m_helperWake.wait(lock, [&] { return m_roundDone == m_round; });
        } else {
            generateBatch(0);
        }
        // Successors in batch order, so ids, edges and the tree are the same on any thread count.
        discovered.clear();
        for (size_t i = 0; i < m_batch.size(); ++i) {
            const uint32_t v = m_batch[i];
            const Slice &slice = m_slices[i];
            const Worker &w = *m_workers[slice.worker];
            const uint32_t begin = uint32_t(m_edges.size());
            for (uint32_t k = slice.begin; k < slice.begin + slice.count; ++k) {
                const Pending &pd = w.pending[k];
                const uint32_t before = m_nodeTable.size();
                const uint32_t target = internNode(w.pendingKeys.data() + size_t(k) * size_t(m_keyWidth), pd.hash);
                if (target == before) {
                    m_nodes[target].parent = v;
                    m_nodes[target].move = int8_t(pd.move);
                    discovered.push_back(target);
                }
                m_edges.push_back({target, pd.move});
            }
            if (!(m_nodes[v].flags & Terminal)) {
                m_nodes[v].edgeBegin = begin;
                m_nodes[v].edgeCount = uint16_t(m_edges.size() - begin);
            }
        }
        stack.insert(stack.end(), discovered.rbegin(), discovered.rend());
        m_expanded = m_transitions = m_pruned = 0;
        for (const auto &w : m_workers) {
            m_expanded += w->expanded;
            m_transitions += w->transitions;
            m_pruned += w->pruned;
            m_storeFull = m_storeFull || w->storeFull;
        }
        if (mayUseHelper && !m_helper.joinable() && m_expanded >= HelperAfter) {
            m_workers.push_back(std::make_unique<Worker>(*this));
            m_helper = std::thread([this] { helperLoop(); });
        }
    }
    stopHelper();
    for (Node &n : m_nodes)
        if (!(n.flags & Expanded))
            n.flags |= Cut;
}

void Search::stopHelper()
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
bool Search::shouldStop()
{
    if (m_stopping)
        return true;
    const int64_t ms = m_timer.elapsed();
    if ((m_control && m_control->cancel.load(std::memory_order_relaxed)) || (m_externalCancel && m_externalCancel()))
        m_cancelled = true;
    else if (m_options.stateBudget > 0 && m_expanded >= m_options.stateBudget)
        m_stateBudgetHit = true;
    else if (m_storeFull || m_nodeTable.size() >= NodeTable::MaxNodes - (1u << 20) || m_edges.size() >= MaxEdges - (1u << 20))
        m_stateBudgetHit = true;   // ids are 32-bit: far beyond memory anyway
    else if (m_options.timeBudgetMs > 0 && ms >= m_options.timeBudgetMs)
        m_timeBudgetHit = true;
    if (ms - m_lastReportMs >= 50) {
        m_lastReportMs = ms;
        if (m_control) {
            m_control->states.store(m_expanded, std::memory_order_relaxed);
            m_control->transitions.store(m_transitions, std::memory_order_relaxed);
        }
        if (m_progress)
            m_progress(m_expanded, m_transitions);
    }
    m_stopping = m_cancelled || m_stateBudgetHit || m_timeBudgetHit;
    return m_stopping;
}

// Forward path counting in Kahn's topological order: paths[v] is the number of
// schedules from the start that reach v. Returns false, having counted nothing,
// when the graph has a cycle; then the general count() runs instead.
bool Search::countAcyclic(ExplorerResult &r)
{
    // Path counts and in-degrees side by side, so each edge costs one cache miss.
    // 64-bit counts first; the rare space with more paths is counted again in 128 bits.
    struct Entry {
        uint64_t paths;
        uint32_t indegree;
        uint32_t unused;
    };
    const size_t n = m_nodes.size();
    BigVector<Entry> entries(n, Entry{0, 0, 0});
    for (const Node &nv : m_nodes) {
        if (nv.flags & (Terminal | Cut))
            continue;
        for (uint32_t i = 0; i < nv.edgeCount; ++i)
            ++entries[m_edges[nv.edgeBegin + i].target].indegree;
    }
    if (entries[0].indegree != 0)
        return false;
    std::vector<uint32_t> order{0};
    order.reserve(n);
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
            Entry &w = entries[e[i].target];
            const uint64_t sum = w.paths + p;
            wide = wide || sum < p;
            w.paths = sum;
            if (--w.indegree == 0)
                order.push_back(e[i].target);
        }
    }
    if (order.size() != n)
        return false;
    BigVector<InterleavingCount> paths;
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
        const InterleavingCount p = wide ? paths[v] : InterleavingCount(entries[v].paths);
        if (nv.flags & Cut) {
            r.unexplored += p;
            ++r.frontier;
        } else if (nv.flags & Terminal) {
            OutcomeInfo &o = m_outcomes[nv.edgeBegin];
            o.count += p;
            if (o.node == None)
                o.node = v;
        }
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
void Search::tarjan()
{
    struct Frame {
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
                visit(w);   // invalidates f
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

bool Search::hasMove(uint32_t node, int move) const
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

uint32_t Search::follow(uint32_t node, int move) const
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

int Search::preemptionsOf(const std::vector<int> &moves) const
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

std::vector<int> Search::treePath(uint32_t node) const
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
std::vector<int> Search::cycleFrom(uint32_t node) const
{
    const uint32_t scc = m_nodes[node].low;
    std::map<uint32_t, std::pair<uint32_t, int>> parent;   // one component: small
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

// Forward path counting over the components in topological order: paths[v] is
// the number of schedules from the start that reach v.
void Search::count(ExplorerResult &r)
{
    BigVector<InterleavingCount> paths(m_nodes.size());
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
            if (nv.flags & Cut) {
                r.unexplored += p;
                ++r.frontier;
            } else if (nv.flags & Terminal) {
                OutcomeInfo &o = m_outcomes[nv.edgeBegin];
                o.count += p;
                if (o.node == None)
                    o.node = v;
            } else {
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

// Simplest schedule per outcome: a Dijkstra over (node, last actor) ordered by
// preemptions, then moves. Both weights are 0/1 per move, so it runs as a
// bucket queue: one breadth-first layer per preemption count, merging the
// entries carried over from the layer before (already in move order).
void Search::findSimplest()
{
    const uint32_t lasts = m_bounded ? 1 : uint32_t(m_actors + 1);
    const uint64_t pairs = uint64_t(m_nodes.size()) * lasts;
    if (pairs >= (uint64_t(1) << 32) - 1 || pairs > (uint64_t(1) << 28))
        return;   // too large to hold; representatives stay depth-first paths
    size_t wanted = 0;
    for (const OutcomeInfo &o : m_outcomes)
        wanted += o.breaks && !o.count.isZero();
    if (wanted == 0)
        return;
    auto lastOf = [&](uint32_t pair) -> int {
        if (m_bounded)
            return int(m_nodeTable.key(pair)[1 + m_actors]) - 1;
        return int(pair % lasts) - 1;
    };
    auto nodeOf = [&](uint32_t pair) { return m_bounded ? pair : pair / lasts; };
    auto finished = [&](uint32_t node, int actor) {
        return m_actorBlocks.block(m_nodeTable.key(node)[1 + actor])[ActorSlot::Status] != int64_t(ActorStatus::Running);
    };
    constexpr uint32_t Unseen = None;
    constexpr uint32_t MaxSteps = (1u << 24) - 1;
    BigVector<uint32_t> dist(size_t(pairs), Unseen);   // preemptions << 24 | moves
    BigVector<uint32_t> parent(size_t(pairs), None);
    BigVector<int8_t> via(size_t(pairs), 0);
    struct Entry {
        uint32_t pair;
        uint32_t dist;
    };
    std::vector<Entry> carried, nextCarried, layer;
    dist[0] = 0;
    carried.push_back({0, 0});
    bool livelockFound = m_livelock == None;
    for (uint32_t p = 0; !carried.empty() && wanted > 0 && p < 255; ++p) {
        layer.clear();
        nextCarried.clear();
        size_t ci = 0, li = 0;
        while ((ci < carried.size() || li < layer.size()) && wanted > 0) {
            Entry x;
            if (li >= layer.size() || (ci < carried.size() && carried[ci].dist <= layer[li].dist))
                x = carried[ci++];
            else
                x = layer[li++];
            if (dist[x.pair] != x.dist)
                continue;   // improved since it was queued
            if (m_cancelled || (m_control && m_control->cancel.load(std::memory_order_relaxed))) {
                m_cancelled = true;
                return;
            }
            const uint32_t u = nodeOf(x.pair);
            const Node &nu = m_nodes[u];
            auto path = [&]() {
                std::vector<int> moves;
                for (uint32_t y = x.pair; y != 0; y = parent[y])
                    moves.push_back(via[y]);
                std::reverse(moves.begin(), moves.end());
                return moves;
            };
            if (nu.flags & Terminal) {
                OutcomeInfo &o = m_outcomes[nu.edgeBegin];
                if (!o.hasSimplest) {
                    o.hasSimplest = true;
                    o.simplest = path();
                    wanted -= o.breaks;
                }
                continue;
            }
            if ((nu.flags & InCycle) && !livelockFound) {
                OutcomeInfo &o = m_outcomes[m_livelock];
                livelockFound = o.hasSimplest = true;
                o.node = u;
                o.simplest = path();
                --wanted;
            }
            if (nu.flags & Cut)
                continue;
            const int last = lastOf(x.pair);
            const bool lastEnabled = last >= 0 && hasMove(u, last);
            const uint32_t steps = std::min(MaxSteps, (x.dist & MaxSteps) + 1);
            for (uint32_t i = 0; i < nu.edgeCount; ++i) {
                const Edge &e = m_edges[nu.edgeBegin + i];
                const bool preempts = e.move >= 0 && lastEnabled && e.move != last;
                // A request that has finished can never be preempted again: as "no last
                // request" it merges pairs that only differ in who finished last.
                const int newLast = e.move < 0 ? last : (finished(e.target, e.move) ? -1 : e.move);
                const uint32_t y = m_bounded ? e.target : e.target * lasts + uint32_t(newLast + 1);
                const uint32_t d = ((p + preempts) << 24) | steps;
                if (d >= dist[y])
                    continue;
                dist[y] = d;
                parent[y] = x.pair;
                via[y] = int8_t(e.move);
                (preempts ? nextCarried : layer).push_back({y, d});
            }
        }
        carried.swap(nextCarried);
    }
}

ExplorerOutcome Search::makeOutcome(const OutcomeInfo &info) const
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
    out.schedule.moves = info.hasSimplest ? info.simplest : treePath(info.node);
    if (info.kind == ExplorerOutcome::Livelock && info.node != None) {
        out.cycleStart = int(out.schedule.moves.size());
        const std::vector<int> cycle = cycleFrom(info.node);
        out.schedule.moves.insert(out.schedule.moves.end(), cycle.begin(), cycle.end());
    }
    out.preemptions = preemptionsOf(out.schedule.moves);
    out.scheduleText = out.schedule.toString(m_machine);
    return out;
}

ExplorerResult Search::run()
{
    m_timer.start();
    ExplorerResult r;
    r.maxPreemptions = m_options.maxPreemptions;
    const State initial = m_machine.initialState();
    if (m_actors <= 0 || m_actors > 120 || int(initial.v.size()) != m_shared + m_actors * m_stride) {
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
    if (!countAcyclic(r)) {
        tarjan();
        count(r);
    }
    if (m_options.simplestCounterexamples && !m_cancelled)
        findSimplest();

    for (const OutcomeInfo &info : m_outcomes)
        if (!info.count.isZero())
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
    r.preemptionBoundHit = m_pruned > 0;
    r.complete = !m_cancelled && !m_stateBudgetHit && !m_timeBudgetHit && m_pruned == 0;
    r.seconds = double(m_timer.nsecsElapsed()) / 1e9;
    if (m_control) {
        m_control->states.store(m_expanded);
        m_control->transitions.store(m_transitions);
    }
    return r;
}

} // namespace

// ---- InterleavingCount ----

double InterleavingCount::toDouble() const
{
    if (!isExact())
        return std::numeric_limits<double>::infinity();
    return double(m_value);
}

uint64_t InterleavingCount::toUInt64(bool *ok) const
{
    const bool fits = m_value <= std::numeric_limits<uint64_t>::max();
    if (ok)
        *ok = fits;
    return fits ? uint64_t(m_value) : std::numeric_limits<uint64_t>::max();
}

QString InterleavingCount::toString() const
{
    if (isInfinite())
        return tr("infinite");
    if (isOverflow())
        return tr("more than %1").arg(QStringLiteral("3.4e38"));
    Value v = m_value;
    char digits[48];
    int n = 0;
    do {
        digits[n++] = char('0' + int(v % 10));
        v /= 10;
    } while (v);
    QString s;
    s.reserve(n);
    while (n)
        s += QLatin1Char(digits[--n]);
    return s;
}

// ---- ExplorerResult ----

int ExplorerResult::breakingOutcomes() const
{
    return int(std::count_if(outcomes.begin(), outcomes.end(), [](const ExplorerOutcome &o) { return o.breaksRule; }));
}

const ExplorerOutcome *ExplorerResult::simplestCounterexample() const
{
    const ExplorerOutcome *best = nullptr;
    for (const ExplorerOutcome &o : outcomes)
        if (o.breaksRule
            && (!best || o.preemptions < best->preemptions
                || (o.preemptions == best->preemptions && o.schedule.moves.size() < best->schedule.moves.size())))
            best = &o;
    return best;
}

const ExplorerOutcome *ExplorerResult::deadlock() const
{
    for (const ExplorerOutcome &o : outcomes)
        if (o.kind == ExplorerOutcome::Deadlock)
            return &o;
    return nullptr;
}

const ExplorerOutcome *ExplorerResult::livelock() const
{
    for (const ExplorerOutcome &o : outcomes)
        if (o.kind == ExplorerOutcome::Livelock)
            return &o;
    return nullptr;
}

QString ExplorerResult::incompleteReason() const
{
    if (complete)
        return {};
    QStringList why;
    if (cancelled)
        why << tr("it was cancelled");
    if (stateBudgetHit)
        why << tr("the state budget ran out");
    if (timeBudgetHit)
        why << tr("the time budget ran out");
    if (preemptionBoundHit)
        why << (maxPreemptions == 1 ? tr("schedules with more than 1 preemption were not followed")
                                    : tr("schedules with more than %1 preemptions were not followed").arg(maxPreemptions));
    QString text = tr("Incomplete: %1. Covered %2 states; %3 interleavings were followed to their end.")
                       .arg(why.join(QLatin1String("; ")))
                       .arg(states)
                       .arg(interleavings.toString());
    if (!unexplored.isZero())
        text += u' ' + tr("%1 schedule prefixes were left unexplored.").arg(unexplored.toString());
    if (pruned > 0)
        text += u' ' + tr("%1 moves beyond the preemption bound were not taken.").arg(pruned);
    return text;
}

QString ExplorerResult::summary() const
{
    if (!error.isEmpty())
        return error;
    QString s;
    if (interleavings.isInfinite())
        s = breaking.isZero() ? tr("Infinitely many interleavings (a cycle can repeat forever); none breaks a rule.")
                              : tr("Infinitely many interleavings: a cycle can repeat forever (livelock), and some break a rule.");
    else
        s = tr("%1 of %2 interleavings break a rule.").arg(breaking.toString(), interleavings.toString());
    if (!complete)
        s += u' ' + incompleteReason();
    return s;
}

// ---- Explorer ----

ExplorerResult Explorer::explore(const Machine &machine, const ExplorerOptions &options, ExplorerControl *control)
{
    Search search(machine, options, control, {}, {});
    return search.run();
}

QFuture<ExplorerResult> Explorer::exploreAsync(std::shared_ptr<const Machine> machine, const ExplorerOptions &options,
                                               std::shared_ptr<ExplorerControl> control)
{
    if (!control)
        control = std::make_shared<ExplorerControl>();
    return QtConcurrent::run([machine, options, control](QPromise<ExplorerResult> &promise) {
        promise.setProgressRange(0, options.stateBudget > 0 ? int(std::min<int64_t>(options.stateBudget, INT_MAX)) : 0);
        Search search(
            *machine, options, control.get(),
            [&promise](int64_t states, int64_t) { promise.setProgressValue(int(std::min<int64_t>(states, INT_MAX))); },
            [&promise] { return promise.isCanceled(); });
        promise.addResult(search.run());
    });
}

Explorer::Explorer(QObject *parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<ExplorerResult>::finished, this, &Explorer::onFinished);
    connect(&m_watcher, &QFutureWatcher<ExplorerResult>::progressValueChanged, this, [this] {
        if (m_control)
            emit progress(m_control->states.load(), m_control->transitions.load());
    });
}

Explorer::~Explorer()
{
    cancel();
    m_watcher.waitForFinished();
}

void Explorer::start(std::shared_ptr<const Machine> machine, const ExplorerOptions &options)
{
    if (m_control)
        m_control->cancel = true;   // the old job stops soon; its result is dropped with the old future
    m_control = std::make_shared<ExplorerControl>();
    m_machine = machine;
    m_result.reset();
    ++m_job;
    m_watcher.setFuture(exploreAsync(std::move(machine), options, m_control));
}

void Explorer::cancel()
{
    if (m_control)
        m_control->cancel = true;
}

bool Explorer::isRunning() const
{
    return m_watcher.isRunning();
}

int64_t Explorer::statesSoFar() const
{
    return m_control ? m_control->states.load() : 0;
}

void Explorer::onFinished()
{
    const QFuture<ExplorerResult> future = m_watcher.future();
    if (future.resultCount() == 0)
        return;
    m_result = std::make_shared<const ExplorerResult>(future.result());
    emit finished(m_result);
}

} // namespace Interleave
