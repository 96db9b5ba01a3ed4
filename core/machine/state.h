#pragma once

#include <QtGlobal>

#include <cstdint>
#include <cstring>
#include <vector>

namespace Interleave {

// The whole shared world plus every actor's registers, as one flat array of
// integers: copying is one allocation and hashing one pass, which is what the
// stepper's undo and the explorer's memo table need. Machine owns the layout.
struct State
{
    std::vector<int64_t> v;

    bool operator==(const State &other) const { return v == other.v; }

    uint64_t hash() const
    {
        // 64-bit multiply-xorshift mix per word; good enough spread for hash tables.
        uint64_t h = 0x9E3779B97F4A7C15ull ^ v.size();
        for (int64_t x : v) {
            uint64_t k = uint64_t(x) * 0xBF58476D1CE4E5B9ull;
            k ^= k >> 31;
            h = (h ^ k) * 0x94D049BB133111EBull;
            h ^= h >> 29;
        }
        return h;
    }
};

struct StateHash
{
    size_t operator()(const State &s) const { return size_t(s.hash()); }
};

} // namespace Interleave
