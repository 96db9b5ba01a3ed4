// One node's successors: which moves are enabled, and the state each leads to,
// remembered from an earlier run of the same step where that is sound, else by
// running the machine.
//
// A step's result is remembered per (mover, shared block, mover's block). Where
// steps are local (Machine::stepsAreLocal) that is all it depends on. Where they
// are not (transactions), the mover's own part still is, and what settling adds
// depends on the others only through their waits: the remembered result holds in
// a new state as long as settling leaves every other request alone there (no
// wait starts or ends where waits can time out, no waiting statement takes a
// snapshot) and the wait-for graph has no cycle for the deadlock detector to
// break. Each request's part of that (Machine::settleView) depends only on the
// shared block and its own, so it is remembered per such pair as well, beside
// whether the request is enabled. A step that leaves the shared block as it was
// takes the others' parts from its node, where findMoves looked them up with the
// moves. Everything else runs the machine.

#include "explore/explorersearch.h"

#include <algorithm>
#include <cstring>

namespace Interleave::Exploration {

void ExplorerSearch::decode(const uint32_t *key, State &s) const
{
    int64_t *out = s.v.data();
    if (m_shared > 0)
        std::memcpy(out, m_sharedBlocks.block(key[0]), sizeof(int64_t) * size_t(m_shared));
    for (int a = 0; a < m_actors; ++a)
        std::memcpy(out + m_shared + a * m_stride, m_actorBlocks.block(key[1 + a]), sizeof(int64_t) * size_t(m_stride));
}

namespace {

constexpr uint64_t NoKey = 0;

// (actor, shared block, actor block) in one word, never 0; NoKey when the ids are too
// large to pack.
uint64_t memoKey(int actor, uint32_t sharedId, uint32_t blockId)
{
    if (sharedId >= (uint32_t(1) << 28) || blockId >= (uint32_t(1) << 29) || actor >= 127)
        return NoKey;
    return (uint64_t(actor) << 57 | uint64_t(sharedId) << 29 | blockId) + 1;
}

} // namespace

// The worker's memo entry for (actor, shared block, actor block), emptied if it
// held another triple; null when the ids are too large to pack into the key.
ExplorerSearch::Worker::ActorMemo *ExplorerSearch::memoSlot(MemoTable<Worker::ActorMemo> &table, int actor,
                                                            uint32_t sharedId, uint32_t blockId)
{
    const uint64_t key = memoKey(actor, sharedId, blockId);
    if (key == NoKey)
        return nullptr;
    Worker::ActorMemo &slot = table.at(key);
    if (slot.key != key)
        slot = Worker::ActorMemo{key};
    return &slot;
}

// The step table's entry for (actor, shared block, actor block), whatever it holds,
// and that triple's key in *key; null when the ids are too large to pack.
ExplorerSearch::Worker::StepMemo *ExplorerSearch::stepSlot(MemoTable<Worker::StepMemo> &table, int actor,
                                                           uint32_t sharedId, uint32_t blockId, uint64_t *key)
{
    *key = memoKey(actor, sharedId, blockId);
    return *key == NoKey ? nullptr : &table.at(*key);
}

void ExplorerSearch::ensureDecoded(Worker &w) const
{
    if (!w.decoded) {
        decode(w.parentKey.data(), w.cur);
        w.decoded = true;
    }
}

// Without waits that time out and without leases only a sleeper makes a deadline
// (settle() never records a wait start), which the blocks show without decoding.
bool ExplorerSearch::canTick(Worker &w) const
{
    if (m_sleepersOnlyTick) {
        bool sleeper = false;
        for (int a = 0; a < m_actors && !sleeper; ++a) {
            const int64_t *r = m_actorBlocks.block(w.parentKey[size_t(1 + a)]);
            sleeper = r[ActorSlot::Status] == int64_t(ActorStatus::Running) && r[ActorSlot::Wake] >= 0;
        }
        if (!sleeper)
            return false;
    }
    ensureDecoded(w);
    return m_machine.canTick(w.cur);
}

// The enabled moves of the node in w, into w.moves.
// Where steps settle quietly, also every request's view there (Worker::nodeViews).
void ExplorerSearch::findMoves(Worker &w)
{
    w.moves.clear();
    const uint32_t sharedId = m_shared > 0 ? w.parentKey[0] : 0;
    w.nodeViews = m_quietSteps;
    w.nodeWaiters = w.nodeLoud = 0;
    for (int a = 0; a < m_actors; ++a) {
        bool enabled;
        const uint32_t blockId = w.parentKey[size_t(1 + a)];
        if (Worker::ActorMemo *memo = memoSlot(w.memo, a, sharedId, blockId)) {
            if (m_quietSteps) {
                // One look at the request's wait answers both; the decoded node saves copying.
                if (!memo->viewKnown && (w.decoded || !memo->known)) {
                    ensureDecoded(w);
                    learn(*memo, w.cur, a);
                } else if (!memo->viewKnown) {
                    learnView(w, *memo, a, sharedId, blockId);
                }
                noteNodeView(w, a, *memo);
            } else if (!memo->known) {
                ensureDecoded(w);
                memo->enabled = m_machine.isEnabled(w.cur, a);
                memo->known = true;
            }
            enabled = memo->enabled;
        } else {
            ensureDecoded(w);
            enabled = m_machine.isEnabled(w.cur, a);
            w.nodeViews = false;
        }
        if (enabled)
            w.moves.push_back(a);
    }
    if (canTick(w))
        w.moves.push_back(Schedule::Tick);
}

// Finds every successor of one batch node (remembered, or by running the machine)
// and queues their keys in w. Both expansion threads run this at once, for different nodes; it
// writes only to w and the node's slice, and reads the node table not at all.
void ExplorerSearch::generate(Worker &w, int parity, uint32_t index)
{
    Batch &batch = m_batches[parity];
    const uint32_t v = batch.nodes[index];
    Slice &slice = batch.slices[index];
    slice = {uint32_t(&w == m_workers[0].get() ? 0 : 1), uint32_t(w.pending[parity].size()), 0, None};
    std::memcpy(w.parentKey.data(), batch.keys.data() + size_t(index) * size_t(m_keyWidth),
                sizeof(uint32_t) * size_t(m_keyWidth));
    // The full state is needed only to run the machine; remembered answers do without.
    w.decoded = false;
    w.growMemo();
    findMoves(w);
    ++w.expanded;
    if (w.moves.empty()) {
        ensureDecoded(w);
        slice.outcome = internOutcome(w.cur, v);
        return;
    }
    int last = -1, used = 0;
    bool lastEnabled = false;
    if (m_bounded) {
        last = int(w.parentKey[size_t(1 + m_actors)]) - 1;
        used = int(w.parentKey[size_t(2 + m_actors)]);
        lastEnabled = last >= 0 && std::find(w.moves.begin(), w.moves.end(), last) != w.moves.end();
    }
    const uint64_t parentHash = NodeTable::hash(w.parentKey.data(), m_keyWidth);
    for (int move : w.moves) {
        const bool preempts = move >= 0 && lastEnabled && move != last;
        if (m_bounded && used + preempts > m_options.maxPreemptions) {
            ++w.pruned;
            continue;
        }
        ++w.transitions;
        const Bound bound{uint32_t((move == Schedule::Tick ? last : move) + 1), uint32_t(used + preempts)};
        if (addSuccessor(w, parity, v, move, parentHash, bound))
            ++slice.count;
    }
}

// Queues the successor of node v by one move; false when it is lost to a full store.
bool ExplorerSearch::addSuccessor(Worker &w, int parity, uint32_t v, int move, uint64_t parentHash, Bound bound)
{
    std::vector<uint32_t> &keys = w.pendingKeys[parity];
    const size_t at = keys.size();
    keys.insert(keys.end(), w.parentKey.begin(), w.parentKey.end());
    Successor next{keys.data() + at, parentHash, &w.storeFull};
    if (!reuseStep(w, move, next) && runMove(w, move, next) && !w.storeFull)
        rememberStep(w, move, next);
    if (m_bounded) {
        next.replace(1 + m_actors, bound.last);
        next.replace(2 + m_actors, bound.preemptions);
    }
    if (w.storeFull) {
        keys.resize(at); // the successor is lost: the result is marked incomplete
        return false;
    }
    w.pending[parity].push_back({v, move, next.hash});
    return true;
}

void ExplorerSearch::Successor::replace(int j, uint32_t id)
{
    if (id == None)
        *storeFull = true;
    else if (id != key[j]) {
        hash += term(j, id) - term(j, key[j]);
        key[j] = id;
    }
}

// Takes the move's successor blocks from an earlier run of the same step, where
// that is sound here; false when the machine has to run.
bool ExplorerSearch::reuseStep(Worker &w, int move, Successor &next)
{
    if (!(m_localSteps || m_quietSteps) || move < 0)
        return false;
    uint64_t key;
    const Worker::StepMemo *memo = stepSlot(w.steps, move, next.key[0], next.key[1 + move], &key);
    if (!memo || memo->key != key)
        return false;
    const uint32_t shared = memo->shared, block = memo->block;
    if (m_quietSteps && !othersStayQuiet(w, move, shared, block))
        return false;
    next.replace(0, shared);
    next.replace(1 + move, block);
    return true;
}

void ExplorerSearch::rememberStep(Worker &w, int move, const Successor &next)
{
    uint64_t key;
    if (Worker::StepMemo *memo = stepSlot(w.steps, move, w.parentKey[0], w.parentKey[size_t(1 + move)], &key))
        *memo = {key, next.key[0], next.key[1 + move]};
}

// Runs the machine for one move from the node in w and puts the successor's
// block ids into next (a copy of the parent's key). True when the result may be
// remembered for the mover's step (see the top of this file).
bool ExplorerSearch::runMove(Worker &w, int move, Successor &next)
{
    ensureDecoded(w);
    w.next.v = w.cur.v; // same size: copies without allocating
    bool remember = move >= 0 && m_localSteps;
    if (move == Schedule::Tick) {
        m_machine.tick(w.next, nullptr, 0);
    } else if (!m_quietSteps) {
        m_machine.step(w.next, move, nullptr, 0);
    } else {
        m_machine.stepAlone(w.next, move);
        w.alone.v = w.next.v;
        m_machine.settleAfter(w.next, move);
        remember = m_machine.settledAlone(w.alone, w.next, move);
    }
    const int64_t *cur = w.cur.v.data();
    int64_t *after = w.next.v.data();
    if (m_shared > 0 && !sameWords(after, cur, m_shared))
        next.replace(0, w.shared.intern(after, rehash(m_sharedBlocks.hashOf(next.key[0]), cur, after, m_shared)));
    // Unchanged blocks are still canonical; a changed one drops its dead locals first.
    // Locals belong to their actor: only its own step writes them (Machine::exec), so
    // where steps are local comparing everyone else's fixed registers before them is
    // enough. Elsewhere settling may also change a transaction's words after them.
    const int othersWords = m_localSteps ? ActorSlot::Fields : m_stride;
    for (int a = 0; a < m_actors; ++a) {
        int64_t *block = after + m_shared + a * m_stride;
        const int64_t *before = cur + m_shared + a * m_stride;
        if (sameWords(block, before, a == move ? m_stride : othersWords))
            continue;
        Q_ASSERT_X(!remember || a == move, "ExplorerSearch::runMove", "a remembered step changed another actor");
        m_dead.clear(block, m_programOf[size_t(a)]);
        const uint32_t old = w.parentKey[size_t(1 + a)];
        next.replace(1 + a, w.actors.intern(block, rehash(m_actorBlocks.hashOf(old), before, block, m_stride)));
    }
    return remember;
}

// The memo entry of (actor, shared block, actor block) with what settling sees of
// the actor there; null when the ids do not fit a memo key.
const ExplorerSearch::Worker::ActorMemo *ExplorerSearch::settleView(Worker &w, int actor, uint32_t sharedId,
                                                                    uint32_t blockId)
{
    Worker::ActorMemo *memo = memoSlot(w.memo, actor, sharedId, blockId);
    if (memo && !memo->viewKnown)
        learnView(w, *memo, actor, sharedId, blockId);
    return memo;
}

void ExplorerSearch::learnView(Worker &w, Worker::ActorMemo &memo, int actor, uint32_t sharedId, uint32_t blockId)
{
    // Only the shared part and the actor's registers are read: the rest of w.view may be stale.
    int64_t *out = w.view.v.data();
    if (m_shared > 0)
        std::memcpy(out, m_sharedBlocks.block(sharedId), sizeof(int64_t) * size_t(m_shared));
    std::memcpy(out + m_shared + actor * m_stride, m_actorBlocks.block(blockId), sizeof(int64_t) * size_t(m_stride));
    learn(memo, w.view, actor);
}

// The entry of (actor, shared block, actor block) from a state that holds them.
void ExplorerSearch::learn(Worker::ActorMemo &memo, const State &s, int actor) const
{
    const Machine::SettleView view = m_machine.settleView(s, actor);
    memo.known = memo.viewKnown = true;
    memo.enabled = view.enabled;
    memo.finished = !view.running;
    memo.quiet = view.quiet;
    memo.waitsFor = int8_t(view.waitsFor);
}

void ExplorerSearch::noteNodeView(Worker &w, int actor, const Worker::ActorMemo &view)
{
    w.nodeWaitsFor[size_t(actor)] = view.waitsFor;
    w.nodeFinished[size_t(actor)] = view.finished;
    w.nodeWaiters += view.waitsFor >= 0;
    if (!view.quiet) {
        ++w.nodeLoud;
        w.nodeLoudActor = actor;
    }
}

// Whether settling after `mover`'s remembered step, which left the shared block
// `sharedId` and the mover's block `moverBlock`, touches no one else from the
// node in w: every other request stays as it is, and no wait-for cycle exists.
bool ExplorerSearch::othersStayQuiet(Worker &w, int mover, uint32_t sharedId, uint32_t moverBlock)
{
    if (!w.nodeViews)
        return false; // block ids past what a memo key holds: the machine runs
    if (sharedId == w.parentKey[0])
        return othersStayQuietInNode(w, mover, sharedId, moverBlock);
    // Every running request's view in the new shared block, looked up all at once so
    // that the cache misses overlap. A finished request waits for nothing, and settling
    // leaves it alone whatever the shared part (Machine::settleView).
    Worker::ActorMemo *entries[MaxActors];
    uint64_t keys[MaxActors];
    uint32_t blocks[MaxActors];
    for (int a = 0; a < m_actors; ++a) {
        entries[a] = nullptr;
        if (a != mover && w.nodeFinished[size_t(a)])
            continue;
        blocks[a] = a == mover ? moverBlock : w.parentKey[size_t(1 + a)];
        keys[a] = memoKey(a, sharedId, blocks[a]);
        if (keys[a] == NoKey)
            return false;
        entries[a] = &w.memo.at(keys[a]);
        __builtin_prefetch(entries[a]);
    }
    int8_t waitsFor[MaxActors];
    int waiters = 0;
    for (int a = 0; a < m_actors; ++a) {
        Worker::ActorMemo *view = entries[a];
        if (!view) {
            waitsFor[a] = -1;
            continue;
        }
        if (view->key != keys[a]) // two requests may share an entry: each is filled as it comes
            *view = Worker::ActorMemo{keys[a]};
        if (!view->viewKnown)
            learnView(w, *view, a, sharedId, blocks[a]);
        if (a != mover && !view->quiet)
            return false;
        waitsFor[a] = view->waitsFor;
        waiters += view->waitsFor >= 0;
    }
    return waiters == 0 || !hasWaitCycle(waitsFor);
}

// othersStayQuiet() for a step that left the shared block as it was: the others'
// views are the node's, and only the mover's new registers need a lookup.
bool ExplorerSearch::othersStayQuietInNode(Worker &w, int mover, uint32_t sharedId, uint32_t moverBlock)
{
    if (w.nodeLoud > 1 || (w.nodeLoud == 1 && w.nodeLoudActor != mover))
        return false;
    const Worker::ActorMemo *view = settleView(w, mover, sharedId, moverBlock);
    if (!view)
        return false;
    int8_t &waitsFor = w.nodeWaitsFor[size_t(mover)];
    const int8_t before = waitsFor;
    if (w.nodeWaiters - (before >= 0) + (view->waitsFor >= 0) == 0)
        return true;
    waitsFor = view->waitsFor;
    const bool cycle = hasWaitCycle(w.nodeWaitsFor.data());
    waitsFor = before;
    return !cycle;
}

// Each request waits for at most one other: a cycle is a walk that comes back
// to a request met on the same walk.
bool ExplorerSearch::hasWaitCycle(const int8_t *waitsFor) const
{
    // Where no one waits for a waiter (many waiting for one lock's holder) there is no cycle.
    bool chain = false;
    for (int a = 0; a < m_actors && !chain; ++a)
        chain = waitsFor[a] >= 0 && waitsFor[waitsFor[a]] >= 0;
    if (!chain)
        return false;
    uint8_t walk[MaxActors]; // 0: not met; else the walk (start + 1) that met it
    std::memset(walk, 0, size_t(m_actors));
    for (int start = 0; start < m_actors; ++start) {
        int a = start;
        while (a >= 0 && !walk[a]) {
            walk[a] = uint8_t(start + 1);
            a = waitsFor[a];
        }
        if (a >= 0 && walk[a] == start + 1)
            return true;
    }
    return false;
}

} // namespace Interleave::Exploration
