// Register layout accessors, kept apart from the semantics in machine.cpp.

#include "machine.h"
#include "machine_impl.h"

namespace Interleave {

int Machine::registerOffset(int actor) const
{
    return d->actorBase + actor * d->actorStride;
}

int Machine::registerCount() const
{
    return d->actorStride;
}

} // namespace Interleave
