#pragma once

#include "geometry/servicelinks.h"
#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace Osp {

/// What the timeline and the flame graph mark on a span beyond its own flags (errors and
/// unfinished spans come with the span): the critical path up to the end of the trace and the
/// spans with clock skew against their parent, as DrawItemFlag bits (ItemCritical,
/// ItemSkewed) per span; and the hops between services the timeline can draw as links.
/// Computed once per trace, off the GUI thread, and shared by every view of it.
struct SpanMarks
{
    std::vector<uint16_t> flags; ///< per span
    ServiceLinks links;
    size_t criticalCount = 0;
    size_t skewedCount = 0;
    bool cancelled = false;

    uint16_t of(SpanIndex span) const { return span < flags.size() ? flags[span] : 0; }

    /// CriticalPath (to the end of the trace), ClockSkew and ServiceLinks: O(n log n).
    static SpanMarks compute(const Trace &trace, const std::atomic<bool> *cancel = nullptr);
};

/// Computes a trace's SpanMarks the first time any view asks, from whichever thread asks;
/// the others wait for that result instead of computing it again. A cancelled computation
/// is not kept: the next caller starts over.
class SpanMarksCache
{
public:
    explicit SpanMarksCache(TracePtr trace)
        : m_trace(std::move(trace))
    { }

    /// The marks, computing them if needed; null when cancelled.
    std::shared_ptr<const SpanMarks> get(const std::atomic<bool> *cancel = nullptr);
    /// The marks if they are already computed (never blocks, never computes).
    std::shared_ptr<const SpanMarks> peek() const;

private:
    TracePtr m_trace;
    mutable std::mutex m_mutex;
    std::shared_ptr<const SpanMarks> m_marks;
};

} // namespace Osp
