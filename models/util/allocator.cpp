#include "util/allocator.h"

#include <cstdlib> // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace Osp {

void tuneAllocatorForLargeTraces()
{
#if defined(__GLIBC__)
    constexpr int LargeBlockBytes = 2 * 1024 * 1024;
    mallopt(M_MMAP_THRESHOLD, LargeBlockBytes);
#endif
}

} // namespace Osp
