#include "analysis/clockskew.h"

#include "analysis/analysisutil.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <map>

namespace Osp {

namespace {
/// Bounds on offset(child host) - offset(parent host) from every call between the two.
struct PairBounds
{
    int64_t lower = std::numeric_limits<int64_t>::min();
    int64_t upper = std::numeric_limits<int64_t>::max();
    size_t samples = 0;

    int64_t estimate() const
    {
        if (lower > 0)
            return lower;
        if (upper < 0 && lower <= upper)
            return upper;
        return 0;
    }
    bool consistent() const { return lower <= upper; }
};
} // namespace

ClockSkew ClockSkew::compute(const Trace &trace, const std::atomic<bool> *cancel)
{
    ClockSkew cs;
    const size_t n = trace.spanCount();
    if (n == 0)
        return cs;
    const auto &spans = trace.spans();
    std::map<std::pair<StringId, StringId>, PairBounds> pairs; // (parent host, child host)

    for (size_t i = 0; i < n; ++i) {
        if (isCancelled(cancel, i)) {
            cs.cancelled = true;
            return cs;
        }
        const Span &c = spans[i];
        if (c.parent == NoSpan)
            continue;
        const Span &p = spans[c.parent];
        if (c.host == NoString || p.host == NoString || c.host == p.host)
            continue;
        if (c.has(NoStartEvent) || p.has(NoStartEvent))
            continue;
        PairBounds &b = pairs[{ p.host, c.host }];
        ++b.samples;
        b.lower = std::max(b.lower, p.startUs - c.startUs);
        const bool endsKnown = hasKnownDuration(c) && hasKnownDuration(p);
        if (endsKnown)
            b.upper = std::min(b.upper, p.endUs - c.endUs);
        SkewedSpan s;
        s.span = static_cast<SpanIndex>(i);
        s.parent = c.parent;
        s.startsBeforeUs = std::max<int64_t>(0, p.startUs - c.startUs);
        s.endsAfterUs = endsKnown ? std::max<int64_t>(0, c.endUs - p.endUs) : 0;
        if (s.startsBeforeUs > 0 || s.endsAfterUs > 0)
            cs.spans.push_back(s);
    }

    // Chain pairwise offsets outwards from the reference host (iterative BFS).
    cs.reference = spans[trace.roots().front()].host;
    if (cs.reference == NoString)
        return cs;
    std::map<StringId, int64_t> offset { { cs.reference, 0 } };
    std::deque<StringId> queue { cs.reference };
    while (!queue.empty()) {
        const StringId h = queue.front();
        queue.pop_front();
        for (const auto &[key, bounds] : pairs) {
            // key = (parent host, child host); walk either direction.
            StringId other = NoString;
            int64_t delta = 0;
            if (key.first == h) {
                other = key.second;
                delta = bounds.estimate();
            } else if (key.second == h) {
                other = key.first;
                delta = -bounds.estimate();
            } else {
                continue;
            }
            if (offset.count(other))
                continue;
            offset[other] = offset[h] + delta;
            queue.push_back(other);
            HostOffset ho;
            ho.host = other;
            ho.reference = cs.reference;
            ho.offsetUs = offset[other];
            ho.samples = bounds.samples;
            ho.consistent = bounds.consistent();
            cs.hosts.push_back(ho);
        }
    }
    return cs;
}

} // namespace Osp
