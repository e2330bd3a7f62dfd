#pragma once

#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace Osp {

/// Where the critical path ends.
enum class CriticalPathEnd : uint8_t {
    TraceEnd, ///< the end of the whole trace: asynchronous work counts (default)
    RootAnswered, ///< the moment the request answered: the end of the longest top-level span
};

/// One span on the critical path and the time it is blamed for.
struct CriticalStep
{
    SpanIndex span = NoSpan;
    int64_t fromUs = 0; ///< earliest moment this span is on the path
    int64_t toUs = 0; ///< latest moment this span is on the path
    int64_t attributedUs = 0; ///< time on the path not spent waiting for a child on the path
};

/// Critical-path time summed per service, host or span type.
struct CriticalShare
{
    std::string key;
    int64_t us = 0;
    double share = 0; ///< of CriticalPath::totalUs
};

/// The chain of spans that determined when the request ended (CriticalPath::compute).
struct CriticalPath
{
    std::vector<CriticalStep> steps; ///< in pre-order (tree order); attributedUs sums with gaps
    int64_t endUs = 0; ///< the end point the path walked back from
    int64_t totalUs = 0; ///< endUs: the trace epoch is time 0
    int64_t gapUs = 0; ///< path time inside no span: queues, the client between calls
    SpanIndex last = NoSpan; ///< the span the walk started from
    std::vector<CriticalShare> byService, byHost, byType; ///< heaviest first
    std::vector<uint8_t> onPath; ///< per span: 1 when on the path (tree highlight)
    bool cancelled = false;

    /// Walks back from the span that ended last (or from the root request's end): inside a
    /// span, the child that ended last before the cursor is what the span waited for; the walk
    /// enters it, and when it reaches a span's start it returns to the parent, which started
    /// that span then. Children that outlive their parent (casts) end the trace from inside;
    /// of parallel children only the one that ended last is on the path; unfinished spans use
    /// their effective end. Iterative, O(n log n) at worst.
    static CriticalPath compute(const Trace &trace, CriticalPathEnd end = CriticalPathEnd::TraceEnd,
        const std::atomic<bool> *cancel = nullptr);
};

} // namespace Osp
