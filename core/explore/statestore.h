#pragma once

// Storage for the explorer's state graph: hashing, interning tables for state
// blocks and node keys, and arrays that grow without copying. Internal to the
// core; see explorersearch.cpp for how they fit together.

#include "memorypool.h"

#include <QtGlobal>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <type_traits>
#include <vector>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace Interleave::Exploration {

constexpr uint32_t None = std::numeric_limits<uint32_t>::max();

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
        m_reserved = std::bit_ceil(maxElements * sizeof(T));
        if (const PooledRegion r = MemoryPool::take(m_reserved); r.data) {
            m_data = static_cast<T *>(r.data);
            m_populated = r.backed;
            m_capacity = maxElements;
            return;
        }
        void *p = mmap(nullptr, m_reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p != MAP_FAILED) {
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
            MemoryPool::give({m_data, m_reserved, m_populated}, m_populated);
#endif
    }
    GrowingArray(const GrowingArray &) = delete;
    GrowingArray &operator=(const GrowingArray &) = delete;

    size_t size() const
    {
        return m_size;
    }
    bool isStable() const
    {
        return m_reserved != 0;
    } // elements never move
    // Memory the elements take: pages backed for them in the reservation, or the vector's capacity.
    size_t bytes() const
    {
        return m_reserved ? std::max(m_size * sizeof(T), m_askedFor) : m_fallback.capacity() * sizeof(T);
    }
    T *data()
    {
        return m_reserved ? m_data : m_fallback.data();
    }
    const T *data() const
    {
        return m_reserved ? m_data : m_fallback.data();
    }
    T &operator[](size_t i)
    {
        return data()[i];
    }
    const T &operator[](size_t i) const
    {
        return data()[i];
    }
    T *begin()
    {
        return data();
    }
    T *end()
    {
        return data() + m_size;
    }
    const T *begin() const
    {
        return data();
    }
    const T *end() const
    {
        return data() + m_size;
    }

    // Room for n elements, so that push_back and append up to n cannot fail.
    void reserve(size_t n)
    {
        if (m_reserved) {
            if (n > m_capacity)
                throw std::bad_alloc();
            backPages(n);
        } else if (n > m_fallback.capacity()) {
            m_fallback.reserve(std::max(n, 2 * m_fallback.capacity()));
        }
    }

    // All n elements or, when memory runs out, none.
    void append(const T *values, size_t n)
    {
        reserve(m_size + n);
        if (m_reserved)
            std::memcpy(static_cast<void *>(m_data + m_size), values, n * sizeof(T));
        else
            m_fallback.insert(m_fallback.end(), values, values + n);
        m_size += n;
    }

    void push_back(const T &value)
    {
        if (m_reserved) {
            if (m_size == m_capacity)
                throw std::bad_alloc();
            backPages(m_size + 1);
            new (m_data + m_size) T(value); // fresh pages are zero; a placement copy sets every field
        } else {
            m_fallback.push_back(value);
        }
        ++m_size;
    }

    // Grows to n elements without writing them: they are zero bytes, or what was
    // written beyond the old size through data() (only where isStable()).
    void growZeroed(size_t n)
    {
        if (n <= m_size)
            return;
        if (m_reserved) {
            if (n > m_capacity)
                throw std::bad_alloc();
            backPages(n);
        } else {
            m_fallback.resize(n);
        }
        m_size = n;
    }

private:
    // Each first touch of a page is a fault, which costs a few microseconds in a
    // virtual machine (4.8 µs on the project's), about a tenth of an exploration's
    // time. Pages are asked for in runs instead, as many again as are in use, up to
    // 16 MB ahead. A kernel without MADV_POPULATE_WRITE (before 5.14), or short of
    // memory, leaves them to fault in one by one as before.
    void backPages(size_t n)
    {
        if (!m_backAhead || n * sizeof(T) <= m_populated)
            return;
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
        const size_t page = 4096, want = n * sizeof(T);
        size_t to = want + std::min(want, size_t(16) << 20);
        to = std::min((to + page - 1) / page * page, m_reserved);
        if (madvise(reinterpret_cast<char *>(m_data) + m_populated, to - m_populated, MADV_POPULATE_WRITE) == 0) {
            m_populated = m_askedFor = to;
            return;
        }
#endif
        m_backAhead = false; // faults, then: not asked again
    }

    T *m_data = nullptr;
    size_t m_size = 0, m_capacity = 0, m_reserved = 0;
    size_t m_populated = 0; // bytes from m_data backed in advance
    // Of those, what this array asked for: pages an earlier exploration left (MemoryPool)
    // count only as far as they are used, as they would be held in the pool anyway.
    size_t m_askedFor = 0;
    bool m_backAhead = true;
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

// Blocks are compared for every successor, so this is hot. Blocks are short
// (tens of words): an inline loop over 32 bytes at a time (two SSE2 vectors,
// the x86-64 baseline) beats a call into libc's memcmp and its size dispatch.
template<typename Word>
inline bool sameWords(const Word *a, const Word *b, int n)
{
    const size_t bytes = sizeof(Word) * size_t(n);
    const char *x = reinterpret_cast<const char *>(a), *y = reinterpret_cast<const char *>(b);
    size_t i = 0;
#if defined(__GNUC__)
    typedef long long Vec __attribute__((vector_size(16)));
    Vec d0 = {}, d1 = {};
    for (; i + 32 <= bytes; i += 32) {
        Vec p0, p1, q0, q1;
        std::memcpy(&p0, x + i, 16);
        std::memcpy(&p1, x + i + 16, 16);
        std::memcpy(&q0, y + i, 16);
        std::memcpy(&q1, y + i + 16, 16);
        d0 |= p0 ^ q0;
        d1 |= p1 ^ q1;
    }
    d0 |= d1;
    if (d0[0] | d0[1])
        return false;
#endif
    for (; i + 8 <= bytes; i += 8) {
        uint64_t p, q;
        std::memcpy(&p, x + i, 8);
        std::memcpy(&q, y + i, 8);
        if (p != q)
            return false;
    }
    for (; i < bytes; ++i)
        if (x[i] != y[i])
            return false;
    return true;
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
    size_t bytes() const { return m_words.bytes() + m_hashes.bytes() + m_slots.capacity() * sizeof(uint64_t); }
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
        // Everything that allocates comes first: running out of memory leaves the store as it was.
        if (size_t(m_count + 1) * 2 > m_slots.size()) {
            grow();
            for (i = tag & m_mask; m_slots[i]; i = (i + 1) & m_mask) { }
        }
        m_hashes.reserve(size_t(m_count) + 1);
        m_words.append(w, size_t(m_width));
        m_hashes.push_back(h);
        const uint32_t id = m_count++;
        m_slots[i] = (uint64_t(tag) << 32) | (uint64_t(id) + 1);
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
    std::vector<uint64_t> m_slots; // 32 hash bits << 32 | id + 1; 0 = empty
    GrowingArray<int64_t> m_words;
    GrowingArray<uint64_t> m_hashes;
    size_t m_mask = 0;
    uint32_t m_count = 0;
};

// One expansion thread's view of a BlockStore: full hash -> id, no lock.
class BlockCache
{
public:
    BlockCache(BlockStore &store, int width)
        : m_store(store)
        , m_width(std::max(1, width))
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
        if ((m_count + 1) * 2 > m_slots.size()) {
            grow(); // first, so that running out of memory leaves the cache as it was
            for (i = h & m_mask; m_slots[i].id; i = (i + 1) & m_mask) { }
        }
        const uint32_t id = m_store.intern(w, h);
        if (id == None)
            return None;
        m_slots[i] = {h, id + 1};
        ++m_count;
        return id;
    }
    uint32_t intern(const int64_t *w) { return intern(w, hashWords(w, m_width)); }

private:
    struct Slot
    {
        uint64_t hash = 0;
        uint32_t id = 0; // id + 1; 0 = empty
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

// Zeroed memory from the pool of an earlier exploration, or straight from the
// kernel (no memset), backed at once: a hash
// table's slots are all touched soon, and one request costs less than a fault
// per page. Huge pages are not asked for: on the project's machine a first run
// then waits for the kernel to compact memory (1.3-1.6 s instead of 0.8 s for
// the 7-request lost update), which the saved TLB misses (0.7 s from the third
// run on) do not make up for.
struct ZeroedRegion
{
    void *data = nullptr;
    size_t bytes = 0;
    bool mapped = false;

    static ZeroedRegion allocate(size_t bytes)
    {
        ZeroedRegion r;
        r.bytes = bytes;
#if defined(__linux__)
        if (const PooledRegion pooled = MemoryPool::take(bytes); pooled.data) {
            r.data = pooled.data;
            r.mapped = true;
            return r;
        }
        void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (p != MAP_FAILED) {
            r.data = p;
            r.mapped = true;
            return r;
        }
#endif
        r.data = std::calloc(bytes, 1);
        if (!r.data)
            throw std::bad_alloc();
        return r;
    }
    // The first `dirty` bytes may hold anything; the rest were never written.
    void release(size_t dirty = std::numeric_limits<size_t>::max())
    {
#if defined(__linux__)
        if (mapped) {
            MemoryPool::give({data, bytes, bytes}, dirty);
            data = nullptr;
            return;
        }
#endif
        std::free(data);
        data = nullptr;
    }
};

// A direct-mapped table of entries keyed by a 64-bit word, 0 meaning empty, in zeroed
// memory for its largest size. It starts small and doubles in place, keeping what it
// holds: an entry either stays or moves to its slot in the new upper half, which no
// entry has touched yet.
template<class Entry>
class MemoTable
{
    static_assert(std::is_trivially_copyable_v<Entry>);

public:
    MemoTable(size_t first, size_t limit)
        : m_region(ZeroedRegion::allocate(limit * sizeof(Entry)))
        , m_size(first)
        , m_limit(limit)
    { }
    ~MemoTable() { m_region.release(m_size * sizeof(Entry)); }
    MemoTable(const MemoTable &) = delete;
    MemoTable &operator=(const MemoTable &) = delete;

    size_t size() const { return m_size; }
    bool full() const { return m_size >= m_limit; }
    Entry &at(uint64_t key) { return entries()[slot(key, m_size)]; }
    void grow()
    {
        Entry *e = entries();
        for (size_t i = 0; i < m_size; ++i) {
            if (e[i].key && slot(e[i].key, 2 * m_size) != i) {
                e[i + m_size] = e[i];
                e[i] = Entry{};
            }
        }
        m_size *= 2;
    }

private:
    Entry *entries() { return static_cast<Entry *>(m_region.data); }
    // Mixed so that every bit counts: a key's top bits would carry into no bit below
    // them under a plain multiply. Doubling the size adds the next bit of the same hash.
    static size_t slot(uint64_t key, size_t size)
    {
        uint64_t h = key * 0x9E3779B97F4A7C15ull;
        h = (h ^ (h >> 31)) * 0xBF58476D1CE4E5B9ull;
        return size_t(h >> 32) & (size - 1);
    }

    ZeroedRegion m_region;
    size_t m_size, m_limit;
};

// Interns node keys (block ids, plus last actor and preemptions when bounded)
// to dense node ids. Slots hold 32 hash bits and the id, 8 bytes, so the table
// the kernel must zero at each growth stays small; keys live in an arena in id
// order that grows in place. The caller prefetches a slot, then the key it
// points to, a few lookups ahead, so both cache misses overlap with other work.
class NodeTable
{
public:
    static constexpr size_t MaxNodes = size_t(1) << 31;

    NodeTable(int width, size_t expected)
        : m_width(width)
        , m_keys(MaxNodes * size_t(width))
    {
        size_t cap = 1024;
        while (cap < expected * 2)
            cap *= 2;
        m_slots = ZeroedRegion::allocate(cap * sizeof(uint64_t));
        m_mask = cap - 1;
    }
    ~NodeTable() { m_slots.release(); }
    NodeTable(const NodeTable &) = delete;
    NodeTable &operator=(const NodeTable &) = delete;

    uint32_t size() const { return m_count; }
    bool isStable() const { return m_keys.isStable(); }
    size_t bytes() const { return m_slots.bytes + m_keys.bytes(); }
    // Slot table bytes after growing, if `extra` more keys would make it grow.
    size_t growthBytes(size_t extra) const
    {
        return (size_t(m_count) + extra) * 2 > m_mask + 1 ? 2 * m_slots.bytes : 0;
    }
    // Room for `extra` more keys, so that interning them cannot fail.
    void reserve(size_t extra)
    {
        while ((size_t(m_count) + extra) * 2 > m_mask + 1)
            grow();
        m_keys.reserve((size_t(m_count) + extra) * size_t(m_width));
    }
    const uint32_t *key(uint32_t id) const { return m_keys.data() + size_t(id) * size_t(m_width); }
    GrowingArray<uint32_t> &keyArena() { return m_keys; }
    static uint64_t hash(const uint32_t *key, int width) { return hashWords(key, width); }

    void prefetchSlot(uint64_t h) const { __builtin_prefetch(slotArray() + (h & m_mask)); }
    // Once the slot is in cache: the key of the first candidate with the same tag.
    void prefetchKey(uint64_t h) const
    {
        const uint64_t slot = slotArray()[h & m_mask];
        if (slot && uint32_t(slot >> 32) == uint32_t(h))
            __builtin_prefetch(key(uint32_t(slot) - 1));
    }

    uint32_t intern(const uint32_t *k, uint64_t h, bool *added)
    {
        uint64_t *table = slotArray();
        const uint32_t tag = uint32_t(h);
        size_t i = h & m_mask;
        for (;;) {
            const uint64_t slot = table[i];
            if (slot == 0)
                break;
            if (uint32_t(slot >> 32) == tag && sameWords(key(uint32_t(slot) - 1), k, m_width)) {
                *added = false;
                return uint32_t(slot) - 1;
            }
            i = (i + 1) & m_mask;
        }
        m_keys.append(k, size_t(m_width));
        const uint32_t id = m_count++;
        table[i] = (uint64_t(tag) << 32) | (uint64_t(id) + 1);
        *added = true;
        if (size_t(m_count) * 2 > m_mask + 1)
            grow(); // after reserve() never: the table is already large enough
        return id;
    }

private:
    uint64_t *slotArray() const { return static_cast<uint64_t *>(m_slots.data); }

    // Twice the size, in fresh zeroed memory. Old slots are visited in order, so
    // the writes go in two sequential streams.
    void grow()
    {
        ZeroedRegion old = m_slots;
        const size_t oldCap = m_mask + 1;
        m_slots = ZeroedRegion::allocate(2 * oldCap * sizeof(uint64_t));
        m_mask = oldCap * 2 - 1;
        uint64_t *table = slotArray();
        const uint64_t *from = static_cast<const uint64_t *>(old.data);
        for (size_t k = 0; k < oldCap; ++k) {
            const uint64_t slot = from[k];
            if (!slot)
                continue;
            size_t i = uint32_t(slot >> 32) & m_mask;
            while (table[i])
                i = (i + 1) & m_mask;
            table[i] = slot;
        }
        old.release();
    }

    int m_width;
    ZeroedRegion m_slots; // slot: 32 hash bits << 32 | id + 1; 0 = empty
    GrowingArray<uint32_t> m_keys; // key of node id at id * width
    size_t m_mask = 0;
    uint32_t m_count = 0;
};

} // namespace Interleave::Exploration
