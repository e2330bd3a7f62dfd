#pragma once

#include "trace/trace.h"

#include <atomic>
#include <vector>

namespace Osp {

/// The measure the slowest spans are ranked by.
enum class TopBy : uint8_t { Duration, SelfTime };

/// The N slowest spans by duration and by self time, slowest first. Spans whose duration is
/// unknown (no stop or no start event) are left out, as in the statistics (DESIGN.md).
struct TopSpans
{
    std::vector<SpanIndex> byDuration;
    std::vector<SpanIndex> bySelf;
    bool cancelled = false;
};

/// O(n log N) partial sorts; ties keep pre-order.
TopSpans computeTopSpans(const Trace &trace, size_t n, const std::atomic<bool> *cancel = nullptr);

/// One of the two lists only.
std::vector<SpanIndex> topSpans(
    const Trace &trace, size_t n, TopBy by, const std::atomic<bool> *cancel = nullptr);

} // namespace Osp
