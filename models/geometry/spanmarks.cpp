#include "geometry/spanmarks.h"

#include "analysis/clockskew.h"
#include "analysis/criticalpath.h"
#include "geometry/drawlist.h"
#include "util/cancellation.h"

namespace Osp {

SpanMarks SpanMarks::compute(const Trace &trace, const std::atomic<bool> *cancel)
{
    SpanMarks marks;
    marks.flags.assign(trace.spanCount(), 0);
    const CriticalPath path = CriticalPath::compute(trace, CriticalPathEnd::TraceEnd, cancel);
    if (path.cancelled) {
        marks.cancelled = true;
        return marks;
    }
    const ClockSkew skew = ClockSkew::compute(trace, cancel);
    if (skew.cancelled) {
        marks.cancelled = true;
        return marks;
    }
    for (size_t i = 0; i < path.onPath.size() && i < marks.flags.size(); ++i) {
        if (path.onPath[i]) {
            marks.flags[i] |= ItemCritical;
            ++marks.criticalCount;
        }
    }
    for (const SkewedSpan &s : skew.spans) {
        if (s.span < marks.flags.size() && !(marks.flags[s.span] & ItemSkewed)) {
            marks.flags[s.span] |= ItemSkewed;
            ++marks.skewedCount;
        }
    }
    marks.links = ServiceLinks::find(trace, cancel);
    marks.cancelled = isCancelled(cancel);
    return marks;
}

std::shared_ptr<const SpanMarks> SpanMarksCache::get(const std::atomic<bool> *cancel)
{
    std::lock_guard lock(m_mutex);
    if (m_marks || !m_trace)
        return m_marks;
    auto marks = std::make_shared<SpanMarks>(SpanMarks::compute(*m_trace, cancel));
    if (marks->cancelled)
        return nullptr;
    m_marks = std::move(marks);
    return m_marks;
}

std::shared_ptr<const SpanMarks> SpanMarksCache::peek() const
{
    // Busy means another thread is computing them: they are not there yet.
    std::unique_lock lock(m_mutex, std::try_to_lock);
    return lock.owns_lock() ? m_marks : nullptr;
}

} // namespace Osp
