#pragma once

// Memory the explorer keeps from one exploration to the next. Internal to the core.
//
// A small exploration (a few thousand states) spent a fifth of its time in the kernel,
// mapping, backing and unmapping its dozen tables: in a virtual machine each page-table
// change is a trap. Classrooms explore small scenarios over and over (each fix, each
// level, each prediction), so the regions of one exploration are kept, zeroed, for the next.

#include <cstddef>

namespace Interleave::Exploration {

struct PooledRegion
{
    void *data = nullptr;
    size_t reserved = 0; // address space
    size_t backed = 0; // bytes from data that are present (and, when taken from the pool, zero)
};

namespace MemoryPool {

// Address space of exactly `reserved` bytes, whose first `backed` bytes are present and
// zero and the rest never touched; or {} when the pool holds none of that size. Callers
// round their sizes up to powers of two, so that tables of other widths fit.
PooledRegion take(size_t reserved);

// Takes a region back. Its first `dirty` bytes may hold anything (the rest of the backed
// ones are zero), and pages beyond the backed ones may have been touched too: the pool
// zeroes the first and drops the others. Regions too big to keep, or beyond what the pool
// holds in all, are unmapped.
void give(PooledRegion region, size_t dirty);

// Bytes the pool holds, present, for the next exploration.
size_t heldBytes();

} // namespace MemoryPool
} // namespace Interleave::Exploration
