#pragma once

namespace Osp {

/// Tunes the C allocator for traces of a million spans; call first thing in main() of every
/// program that loads traces (ospview, osptrace, the benchmarks that stand for them).
///
/// glibc serves a block of 128 KiB or more with its own mapping, but after the first such block
/// is freed it raises that threshold to the freed size (up to 32 MiB): from then on the
/// per-span arrays of background analyses (4-32 MB each at 1M spans) come from the heap of
/// whichever thread made them, and freed ones stay resident there while others grow elsewhere.
/// A fixed 2 MiB threshold gives every large array its own mapping, returned on free.
/// Measured on the 1M-span benchmarks (bench_gui, peak above the empty window after load and
/// the interaction script): msonly 321 -> 277 MB, mixed 314 -> 279 MB; loads unchanged
/// within noise, first sorts ~5 ms slower (fresh pages).
void tuneAllocatorForLargeTraces();

} // namespace Osp
