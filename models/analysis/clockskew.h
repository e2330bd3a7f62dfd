#pragma once

#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace Osp {

/// A child on another host than its parent whose times do not fit inside the parent's.
struct SkewedSpan
{
    SpanIndex span = NoSpan;
    SpanIndex parent = NoSpan;
    int64_t startsBeforeUs = 0; ///< > 0: the child started this long before its parent
    int64_t endsAfterUs = 0; ///< > 0: the child ended this long after its parent (or is async)
};

/// The clock offset that would explain the skew seen on one host.
struct HostOffset
{
    StringId host = NoString;
    StringId reference = NoString; ///< the host the offset is relative to
    int64_t offsetUs = 0; ///< add this to the host's times to agree with the reference
    size_t samples = 0; ///< parent/child pairs between this host and its neighbour used
    bool consistent = true; ///< false when no single offset fits every pair (e.g. async calls)
};

/// Clock skew between hosts (OSProfiler never corrects it): flagged spans and per-host offsets.
struct ClockSkew
{
    std::vector<SkewedSpan> spans; ///< in pre-order
    std::vector<HostOffset> hosts; ///< hosts reachable from the reference through calls
    StringId reference = NoString; ///< the first top-level span's host
    bool cancelled = false;

    /// For each pair of hosts with calls between them, a child must start after its parent
    /// (a lower bound on the offset) and, when synchronous, end before it (an upper bound):
    /// the offset chosen is the smallest correction inside the bounds, with starts taking
    /// precedence since a child can never start before its caller while it may outlive it.
    /// Pairwise offsets are chained from the reference host by a breadth-first walk.
    static ClockSkew compute(const Trace &trace, const std::atomic<bool> *cancel = nullptr);
};

} // namespace Osp
