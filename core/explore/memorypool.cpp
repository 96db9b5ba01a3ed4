#include "memorypool.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace Interleave::Exploration::MemoryPool {

namespace {

// Enough for two small explorations side by side (a dozen tables and a few memo tables
// for each thread); a bigger
// exploration's tables are worth their kernel time, and idle memory is not kept for them.
constexpr size_t MaxBackedPerRegion = size_t(4) << 20;
constexpr size_t MaxHeldBytes = size_t(32) << 20;
constexpr size_t MaxRegions = 48;

struct Pool
{
    std::mutex mutex;
    std::vector<PooledRegion> regions;
    size_t held = 0;
};

Pool &pool()
{
    // Never destroyed: a big search is freed on a detached thread (Explorer::explore),
    // which may still be giving its regions back while the process exits.
    static Pool *p = new Pool;
    return *p;
}

void unmap(const PooledRegion &r)
{
#ifdef __linux__
    munmap(r.data, r.reserved);
#endif
}

} // namespace

PooledRegion take(size_t reserved)
{
    Pool &p = pool();
    std::lock_guard<std::mutex> lock(p.mutex);
    // Of the regions this size, the one with the most pages already there.
    auto best = p.regions.end();
    for (auto it = p.regions.begin(); it != p.regions.end(); ++it)
        if (it->reserved == reserved && (best == p.regions.end() || it->backed > best->backed))
            best = it;
    if (best == p.regions.end())
        return {};
    const PooledRegion r = *best;
    *best = p.regions.back();
    p.regions.pop_back();
    p.held -= r.backed;
    return r;
}

void give(PooledRegion r, size_t dirty)
{
    if (!r.data)
        return;
    r.backed = std::min(r.backed, r.reserved);
#ifdef __linux__
    bool keep = r.backed <= MaxBackedPerRegion;
    if (keep) {
        std::memset(r.data, 0, std::min(dirty, r.backed));
        // Whatever was touched beyond the backed pages (a write through data() past
        // what was reserved) goes back to the kernel, and reads as zero again.
        keep = r.backed == r.reserved ||
            madvise(static_cast<char *>(r.data) + r.backed, r.reserved - r.backed, MADV_DONTNEED) == 0;
    }
    if (keep) {
        Pool &p = pool();
        std::lock_guard<std::mutex> lock(p.mutex);
        if (p.regions.size() < MaxRegions && p.held + r.backed <= MaxHeldBytes) {
            p.regions.push_back(r);
            p.held += r.backed;
            return;
        }
    }
#endif
    unmap(r);
}

size_t heldBytes()
{
    Pool &p = pool();
    std::lock_guard<std::mutex> lock(p.mutex);
    return p.held;
}

} // namespace Interleave::Exploration::MemoryPool
