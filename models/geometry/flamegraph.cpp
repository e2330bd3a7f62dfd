#include "geometry/flamegraph.h"

#include "util/cancellation.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace Osp {

namespace {

/// A span whose stop event was seen: its end is a time, not a guess from its children.
bool hasKnownEnd(const Span &s)
{
    return !s.has(NoStopEvent) && !s.has(NoStartEvent);
}

struct PathKey
{
    uint32_t parent;
    StringId name;
    StringId service;
    bool operator==(const PathKey &o) const
    {
        return parent == o.parent && name == o.name && service == o.service;
    }
};

struct PathKeyHash
{
    size_t operator()(const PathKey &k) const
    {
        uint64_t h = (uint64_t(k.parent) * 0x9E3779B97F4A7C15ull) ^ (uint64_t(k.name) << 32)
            ^ uint64_t(k.service) * 0xC2B2AE3D27D4EB4Full;
        return size_t(h ^ (h >> 29));
    }
};

} // namespace

std::span<const uint32_t> FlameGraph::children(uint32_t node) const
{
    const size_t slot = node == UINT32_MAX ? nodeCount() : node;
    if (slot + 1 >= m_childOffset.size())
        return {};
    return std::span<const uint32_t>(
        m_childIndex.data() + m_childOffset[slot], m_childOffset[slot + 1] - m_childOffset[slot]);
}

FlameNode FlameGraph::node(uint32_t i) const
{
    FlameNode f;
    f.x0 = m_geometry[i].x0;
    f.width = m_geometry[i].width;
    f.value = m_geometry[i].value;
    f.flags = m_flags[i];
    if (m_aggregated) {
        const Merged &m = m_merged[i];
        f.parent = m.parent;
        f.depth = m.depth;
        f.span = m.span;
        f.count = m.count;
    } else {
        const Span &s = m_trace->span(i);
        f.parent = s.parent;
        f.depth = s.depth;
        f.span = i;
    }
    return f;
}

uint32_t FlameGraph::parentOf(uint32_t node) const
{
    return m_aggregated ? m_merged[node].parent : m_trace->span(node).parent;
}

std::vector<uint32_t> FlameGraph::pathTo(uint32_t node) const
{
    std::vector<uint32_t> path;
    for (uint32_t n = node; n != UINT32_MAX && n < nodeCount(); n = parentOf(n))
        path.push_back(n);
    std::reverse(path.begin(), path.end());
    return path;
}

FlameGraph FlameGraph::build(TracePtr tracePtr, FlameMetric metric, bool aggregated,
    const std::atomic<bool> *cancel, const std::vector<uint16_t> *marks)
{
    FlameGraph g;
    if (!tracePtr)
        return g;
    const Trace &trace = *tracePtr;
    g.m_trace = std::move(tracePtr);
    g.m_metric = metric;
    g.m_aggregated = aggregated;
    const size_t n = trace.spanCount();
    const std::vector<Span> &spans = trace.spans();

    // 0. How far each span's subtree reaches: children come after their parents, so a
    //    reverse sweep carries the latest end up.
    std::vector<int64_t> reach;
    if (metric == FlameMetric::Duration) {
        reach.resize(n);
        for (size_t i = 0; i < n; ++i)
            reach[i] = spans[i].endUs;
        for (size_t i = n; i-- > 0;)
            if (const SpanIndex p = spans[i].parent; p != NoSpan && hasKnownEnd(spans[i]))
                reach[p] = std::max(reach[p], reach[i]);
    }

    // 1. Nodes (one per span, or one per distinct call path) with their values. Spans come in
    //    pre-order, so a parent's node exists before its children ask for it: parents get the
    //    lower numbers.
    auto add = [&](uint32_t node, SpanIndex i) {
        const Span &s = spans[i];
        uint16_t &flags = g.m_flags[node];
        if (s.has(HasError))
            flags |= ItemError;
        if (s.has(NoStopEvent))
            flags |= ItemUnfinished;
        if (marks && i < marks->size())
            flags |= (*marks)[i];
        if (s.parent != NoSpan && hasKnownEnd(s) && hasKnownEnd(spans[s.parent])
            && s.endUs > spans[s.parent].endUs)
            flags |= ItemAsync;
        // Self time of the subtree is summed bottom-up below. With durations a span is as wide
        // as its own time and that of the async work under it that outlives it (a cast's
        // 134 ms under a 5 ms caller), so nothing under it is squeezed out of sight.
        g.m_geometry[node].value += metric == FlameMetric::Duration
            ? double(std::max<int64_t>(reach[i] - s.startUs, 0))
            : double(std::max<int64_t>(s.selfUs, 0));
        g.m_maxDepth = std::max(g.m_maxDepth, s.depth);
    };
    if (aggregated) {
        g.m_nodeOfSpan.assign(n, UINT32_MAX);
        std::vector<int64_t> longest; // per node: the duration of its representative span
        std::unordered_map<PathKey, uint32_t, PathKeyHash> byPath;
        for (SpanIndex i = 0; i < n; ++i) {
            if (isCancelled<TightLoopCancelStride>(cancel, i))
                return {};
            const Span &s = spans[i];
            const uint32_t parentNode = s.parent == NoSpan ? UINT32_MAX : g.m_nodeOfSpan[s.parent];
            auto [it, fresh] = byPath.try_emplace(
                PathKey { parentNode, s.name, s.service }, uint32_t(g.m_merged.size()));
            const uint32_t node = it->second;
            if (fresh) {
                g.m_merged.push_back({ parentNode, s.depth, i, 0 });
                g.m_geometry.push_back({ 0, 0, 0 });
                g.m_flags.push_back(0);
                longest.push_back(-1);
            }
            g.m_nodeOfSpan[i] = node;
            Merged &m = g.m_merged[node];
            ++m.count;
            if (s.durationUs() > longest[node]) {
                longest[node] = s.durationUs();
                m.span = i;
            }
            add(node, i);
        }
    } else {
        g.m_geometry.assign(n, { 0, 0, 0 });
        g.m_flags.assign(n, 0);
        for (SpanIndex i = 0; i < n; ++i) {
            if (isCancelled<TightLoopCancelStride>(cancel, i))
                return {};
            add(i, i);
        }
    }
    const size_t m = g.nodeCount();
    if (metric == FlameMetric::SelfTime) {
        // Children come after their parents: a reverse sweep sums subtrees.
        for (size_t k = m; k-- > 0;) {
            if (const uint32_t p = g.parentOf(uint32_t(k)); p != UINT32_MAX)
                g.m_geometry[p].value += g.m_geometry[k].value;
        }
    }

    // 2. Children lists: start order for real spans, widest first when aggregated.
    g.m_childOffset.assign(m + 2, 0);
    for (uint32_t k = 0; k < m; ++k) {
        const uint32_t p = g.parentOf(k);
        ++g.m_childOffset[(p == UINT32_MAX ? m : p) + 1];
    }
    std::partial_sum(g.m_childOffset.begin(), g.m_childOffset.end(), g.m_childOffset.begin());
    g.m_childIndex.resize(m);
    {
        std::vector<uint32_t> fill(g.m_childOffset.begin(), g.m_childOffset.end() - 1);
        for (uint32_t k = 0; k < m; ++k) {
            const uint32_t p = g.parentOf(k);
            g.m_childIndex[fill[p == UINT32_MAX ? m : p]++] = k;
        }
    }
    if (aggregated) {
        for (size_t p = 0; p <= m; ++p)
            std::stable_sort(g.m_childIndex.begin() + g.m_childOffset[p],
                g.m_childIndex.begin() + g.m_childOffset[p + 1], [&](uint32_t a, uint32_t b) {
                    return g.m_geometry[a].value > g.m_geometry[b].value;
                });
    }

    // 3. Lay out top-down: every parent precedes its children, so one pass in node order
    //    places each sibling list once its parent's box is known.
    auto place = [&](size_t slot, double x, double room, double scale) {
        const auto kids = g.children(slot == m ? UINT32_MAX : uint32_t(slot));
        double sum = 0;
        for (uint32_t c : kids)
            sum += g.m_geometry[c].value;
        // Concurrent children can add up to more than their parent: squeeze them in.
        if (room >= 0 && sum > 0 && sum * scale > room)
            scale = room / sum;
        for (uint32_t c : kids) {
            Geometry &box = g.m_geometry[c];
            box.x0 = x;
            box.width = box.value * scale;
            x += box.width;
        }
        return x;
    };
    g.m_total = place(m, 0, -1, 1.0);
    for (size_t k = 0; k < m; ++k) {
        if (isCancelled<TightLoopCancelStride>(cancel, k))
            return {};
        const Geometry &box = g.m_geometry[k];
        // Children keep this node's own scale, then are squeezed into it if needed.
        place(k, box.x0, box.width, box.value > 0 ? box.width / box.value : 0);
    }
    return g;
}

DrawList buildFlameDrawList(const FlameGraph &g, const FlameRequest &req)
{
    DrawList list;
    list.firstRow = req.firstRow;
    const uint32_t lastRow = req.firstRow + req.rowCount;
    const double span = std::max(req.toValue - req.fromValue, 1e-9);
    const double pxPerValue = req.width / span;
    const double valuePerPx = span / std::max(req.width, 1e-9);
    auto xOf = [&](double v) {
        return std::clamp(
            req.left + (v - req.fromValue) * pxPerValue, req.left - 1, req.left + req.width + 1);
    };
    struct Pending
    {
        double x0, x1;
        uint32_t row;
        SpanIndex span;
        uint32_t count;
        uint16_t flags;
        int64_t weight;
    };
    std::vector<Pending> found;
    std::vector<uint32_t> stack { UINT32_MAX };
    while (!stack.empty()) {
        const uint32_t parent = stack.back();
        stack.pop_back();
        const std::span<const uint32_t> kids = g.children(parent);
        if (kids.empty())
            continue;
        // Binary search for the first child reaching fromValue.
        size_t k = size_t(std::partition_point(kids.begin(), kids.end(), [&](uint32_t c) {
            return g.x0(c) + g.width(c) <= req.fromValue;
        }) - kids.begin());
        while (k < kids.size()) {
            if (g.x0(kids[k]) >= req.toValue)
                break;
            const FlameNode f = g.node(kids[k]);
            ++list.visited;
            if (f.width * pxPerValue >= req.mergePx) {
                if (f.depth >= req.firstRow && f.depth < lastRow)
                    found.push_back({ xOf(f.x0), xOf(f.x0 + f.width), f.depth, f.span, f.count,
                        f.flags, int64_t(f.value) });
                if (f.depth + 1 < lastRow)
                    stack.push_back(kids[k]);
                ++k;
                continue;
            }
            // A run of narrow siblings: jump past everything starting within the next pixel.
            const double limit = f.x0 + req.mergePx * valuePerPx;
            size_t j = size_t(std::partition_point(kids.begin() + k, kids.end(), [&](uint32_t c) {
                return g.x0(c) < limit;
            }) - kids.begin());
            // A wide node starting inside the pixel is drawn on its own.
            if (j - 1 > k && g.width(kids[j - 1]) * pxPerValue >= req.mergePx)
                --j;
            Pending p { xOf(f.x0), 0, f.depth, f.span, 0, 0, -1 };
            double end = f.x0;
            for (size_t q = k; q < j; q = (j - k > 64 ? j : q + 1)) {
                // Many merged siblings: take the first's facts and the run's end, O(1).
                const FlameNode c = g.node(kids[q]);
                end = std::max(end, c.x0 + c.width);
                p.count += c.count;
                p.flags |= c.flags;
                if (int64_t(c.value) > p.weight) {
                    p.weight = int64_t(c.value);
                    p.span = c.span;
                }
            }
            if (j - k > 64) {
                end = std::max(end, g.x0(kids[j - 1]) + g.width(kids[j - 1]));
                p.count = uint32_t(j - k);
            }
            p.x1 = xOf(end);
            if (j - k > 1)
                p.flags |= ItemMerged;
            if (f.depth >= req.firstRow && f.depth < lastRow)
                found.push_back(p);
            k = j;
        }
    }
    // Group by row (a counting sort keeps each row's x order).
    const uint32_t rows = req.rowCount;
    list.rowStart.assign(rows + 1, 0);
    for (const Pending &p : found)
        ++list.rowStart[p.row - req.firstRow + 1];
    std::partial_sum(list.rowStart.begin(), list.rowStart.end(), list.rowStart.begin());
    std::vector<uint32_t> fill(list.rowStart.begin(), list.rowStart.end() - 1);
    std::vector<Pending> ordered(found.size());
    for (const Pending &p : found)
        ordered[fill[p.row - req.firstRow]++] = p;
    // The walk above is depth-first, so a row holds one parent's children after another's in
    // no particular x order; the merger and the painter need each row left to right.
    for (uint32_t r = 0; r < rows; ++r) {
        const auto first = ordered.begin() + list.rowStart[r];
        const auto last = ordered.begin() + list.rowStart[r + 1];
        const auto byX = [](const Pending &a, const Pending &b) {
            return a.x0 != b.x0 ? a.x0 < b.x0 : a.x1 < b.x1;
        };
        if (!std::is_sorted(first, last, byX))
            std::stable_sort(first, last, byX);
    }
    list.items.reserve(found.size());
    for (uint32_t r = 0; r < rows; ++r) {
        RowMerger merger(list.items, req.firstRow + r, req.text, req.mergePx);
        for (uint32_t q = list.rowStart[r]; q < list.rowStart[r + 1]; ++q) {
            const Pending &p = ordered[q];
            merger.add(p.x0, p.x1, p.span, p.count, p.flags, p.weight);
        }
    }
    // The merger may have joined neighbours: recount the row starts.
    std::fill(list.rowStart.begin(), list.rowStart.end(), 0);
    for (const DrawItem &it : list.items)
        ++list.rowStart[it.row - req.firstRow + 1];
    std::partial_sum(list.rowStart.begin(), list.rowStart.end(), list.rowStart.begin());
    return list;
}

} // namespace Osp
