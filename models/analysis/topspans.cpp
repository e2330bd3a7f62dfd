#include "analysis/topspans.h"

#include "analysis/analysisutil.h"

#include <algorithm>

namespace Osp {

std::vector<SpanIndex> topSpans(
    const Trace &trace, size_t n, TopBy by, const std::atomic<bool> *cancel)
{
    const auto value = [&trace, by](SpanIndex i) {
        const Span &s = trace.span(i);
        return by == TopBy::Duration ? s.durationUs() : s.selfUs;
    };
    const auto slower = [&value](SpanIndex a, SpanIndex b) {
        const int64_t x = value(a), y = value(b);
        return x != y ? x > y : a < b;
    };
    // A bounded heap of the n best so far: O(total log n) and no n-sized copy.
    std::vector<SpanIndex> heap;
    if (n == 0)
        return heap;
    heap.reserve(n + 1);
    for (SpanIndex i = 0; i < trace.spanCount(); ++i) {
        if (isCancelled(cancel, i))
            return {};
        if (!hasKnownDuration(trace.span(i)))
            continue;
        if (heap.size() < n) {
            heap.push_back(i);
            std::push_heap(heap.begin(), heap.end(), slower);
        } else if (slower(i, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), slower);
            heap.back() = i;
            std::push_heap(heap.begin(), heap.end(), slower);
        }
    }
    std::sort_heap(heap.begin(), heap.end(), slower);
    return heap;
}

TopSpans computeTopSpans(const Trace &trace, size_t n, const std::atomic<bool> *cancel)
{
    TopSpans t;
    t.byDuration = topSpans(trace, n, TopBy::Duration, cancel);
    t.bySelf = topSpans(trace, n, TopBy::SelfTime, cancel);
    t.cancelled = isCancelled(cancel);
    return t;
}

} // namespace Osp
