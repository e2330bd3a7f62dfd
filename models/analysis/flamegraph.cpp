#include "flamegraph.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace Osp {

namespace {

bool stopped(const std::atomic<bool> *cancel, size_t i)
{
    return cancel && (i & 0x3FFF) == 0 && cancel->load(std::memory_order_relaxed);
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
    const size_t slot = node == UINT32_MAX ? m_nodes.size() : node;
    if (slot + 1 >= m_childOffset.size())
        return {};
    return std::span<const uint32_t>(
        m_childIndex.data() + m_childOffset[slot], m_childOffset[slot + 1] - m_childOffset[slot]);
}

std::vector<uint32_t> FlameGraph::pathTo(uint32_t node) const
{
    std::vector<uint32_t> path;
    for (uint32_t n = node; n != UINT32_MAX && n < m_nodes.size(); n = m_nodes[n].parent)
        path.push_back(n);
    std::reverse(path.begin(), path.end());
    return path;
}

FlameGraph FlameGraph::build(const Trace &trace, FlameMetric metric, bool aggregated,
    const std::atomic<bool> *cancel, const std::vector<uint16_t> *marks)
{
    FlameGraph g;
    g.m_metric = metric;
    g.m_aggregated = aggregated;
    const size_t n = trace.spanCount();
    const std::vector<Span> &spans = trace.spans();

    // 1. Raw nodes (one per span, or one per distinct call path) with their values. Spans come
    //    in pre-order, so a parent's node exists before its children ask for it.
    std::vector<FlameNode> raw;
    std::vector<uint32_t> nodeOf(n, UINT32_MAX);
    std::vector<int64_t> best; // longest merged span per node
    raw.reserve(aggregated ? std::min<size_t>(n, 1 << 16) : n);
    std::unordered_map<PathKey, uint32_t, PathKeyHash> byPath;
    for (SpanIndex i = 0; i < n; ++i) {
        if (stopped(cancel, i))
            return {};
        const Span &s = spans[i];
        const uint32_t parentNode = s.parent == NoSpan ? UINT32_MAX : nodeOf[s.parent];
        uint32_t node;
        if (aggregated) {
            auto [it, fresh] = byPath.try_emplace(
                PathKey { parentNode, s.name, s.service }, uint32_t(raw.size()));
            node = it->second;
            if (fresh) {
                FlameNode f;
                f.parent = parentNode;
                f.depth = s.depth;
                f.span = i;
                f.count = 0;
                raw.push_back(f);
                best.push_back(-1);
            }
        } else {
            node = uint32_t(raw.size());
            FlameNode f;
            f.parent = parentNode;
            f.depth = s.depth;
            f.span = i;
            f.count = 0;
            raw.push_back(f);
            best.push_back(-1);
        }
        nodeOf[i] = node;
        FlameNode &f = raw[node];
        ++f.count;
        if (s.has(HasError))
            f.flags |= ItemError;
        if (s.has(NoStopEvent))
            f.flags |= ItemUnfinished;
        if (marks && i < marks->size())
            f.flags |= (*marks)[i];
        if (s.durationUs() > best[node]) {
            best[node] = s.durationUs();
            f.span = i;
        }
        // Self time of the subtree is summed bottom-up below; duration adds up here.
        f.value += metric == FlameMetric::Duration ? double(std::max<int64_t>(s.durationUs(), 0))
                                                   : double(std::max<int64_t>(s.selfUs, 0));
    }
    if (metric == FlameMetric::SelfTime) {
        // Children were created after their parents: a reverse sweep sums subtrees.
        for (size_t k = raw.size(); k-- > 0;) {
            if (raw[k].parent != UINT32_MAX)
                raw[raw[k].parent].value += raw[k].value;
        }
    }

    // 2. Children lists: start order for real spans, widest first when aggregated.
    const size_t m = raw.size();
    std::vector<uint32_t> offset(m + 2, 0);
    for (const FlameNode &f : raw)
        ++offset[(f.parent == UINT32_MAX ? m : f.parent) + 1];
    std::partial_sum(offset.begin(), offset.end(), offset.begin());
    std::vector<uint32_t> index(m);
    {
        std::vector<uint32_t> fill(offset.begin(), offset.end() - 1);
        for (uint32_t k = 0; k < m; ++k)
            index[fill[raw[k].parent == UINT32_MAX ? m : raw[k].parent]++] = k;
    }
    if (aggregated) {
        for (size_t p = 0; p <= m; ++p)
            std::stable_sort(index.begin() + offset[p], index.begin() + offset[p + 1],
                [&](uint32_t a, uint32_t b) { return raw[a].value > raw[b].value; });
    }

    // 3. Lay out top-down and renumber in pre-order (iterative; deep traces exist).
    g.m_nodes.reserve(m);
    std::vector<uint32_t> newIndex(m, UINT32_MAX);
    struct Frame
    {
        uint32_t parentNew;
        uint32_t next, end; ///< positions in index
        double x, scale;
    };
    std::vector<Frame> stack;
    auto pushChildren = [&](uint32_t parentNew, size_t slot, double x, double room) {
        double sum = 0;
        for (uint32_t k = offset[slot]; k < offset[slot + 1]; ++k)
            sum += raw[index[k]].value;
        // Concurrent children can add up to more than their parent: squeeze them in.
        const double scale = (room >= 0 && sum > room && sum > 0) ? room / sum : 1.0;
        stack.push_back(Frame { parentNew, offset[slot], offset[slot + 1], x, scale });
    };
    pushChildren(UINT32_MAX, m, 0, -1);
    size_t visited = 0;
    while (!stack.empty()) {
        Frame &fr = stack.back();
        if (fr.next == fr.end) {
            stack.pop_back();
            continue;
        }
        if (stopped(cancel, ++visited))
            return {};
        const uint32_t old = index[fr.next++];
        FlameNode f = raw[old];
        f.parent = fr.parentNew;
        f.x0 = fr.x;
        f.width = f.value * fr.scale;
        fr.x += f.width;
        const uint32_t now = uint32_t(g.m_nodes.size());
        newIndex[old] = now;
        g.m_maxDepth = std::max(g.m_maxDepth, f.depth);
        g.m_nodes.push_back(f);
        const double value = f.value;
        if (f.parent == UINT32_MAX)
            g.m_total += f.width;
        // Children's own widths, scaled as this node was, then squeezed into it if needed.
        const double inherited = value > 0 ? g.m_nodes[now].width / value : 0;
        double sum = 0;
        for (uint32_t k = offset[old]; k < offset[old + 1]; ++k)
            sum += raw[index[k]].value;
        double scale = inherited;
        if (sum * scale > g.m_nodes[now].width && sum > 0)
            scale = g.m_nodes[now].width / sum;
        stack.push_back(Frame { now, offset[old], offset[old + 1], g.m_nodes[now].x0, scale });
    }

    // 4. Children index in the new numbering (pre-order keeps siblings in x order).
    const size_t count = g.m_nodes.size();
    g.m_childOffset.assign(count + 2, 0);
    for (const FlameNode &f : g.m_nodes)
        ++g.m_childOffset[(f.parent == UINT32_MAX ? count : f.parent) + 1];
    std::partial_sum(g.m_childOffset.begin(), g.m_childOffset.end(), g.m_childOffset.begin());
    g.m_childIndex.resize(count);
    {
        std::vector<uint32_t> fill(g.m_childOffset.begin(), g.m_childOffset.end() - 1);
        for (uint32_t k = 0; k < count; ++k) {
            const uint32_t p = g.m_nodes[k].parent;
            g.m_childIndex[fill[p == UINT32_MAX ? count : p]++] = k;
        }
    }
    g.m_nodeOfSpan.resize(n);
    for (size_t i = 0; i < n; ++i)
        g.m_nodeOfSpan[i] = nodeOf[i] == UINT32_MAX ? UINT32_MAX : newIndex[nodeOf[i]];
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
    const std::vector<FlameNode> &nodes = g.nodes();
    while (!stack.empty()) {
        const uint32_t parent = stack.back();
        stack.pop_back();
        const std::span<const uint32_t> kids = g.children(parent);
        if (kids.empty())
            continue;
        // Binary search for the first child reaching fromValue.
        size_t k = size_t(std::partition_point(kids.begin(), kids.end(), [&](uint32_t c) {
            return nodes[c].x0 + nodes[c].width <= req.fromValue;
        }) - kids.begin());
        while (k < kids.size()) {
            const FlameNode &f = nodes[kids[k]];
            if (f.x0 >= req.toValue)
                break;
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
                return nodes[c].x0 < limit;
            }) - kids.begin());
            // A wide node starting inside the pixel is drawn on its own.
            if (j - 1 > k && nodes[kids[j - 1]].width * pxPerValue >= req.mergePx)
                --j;
            Pending p { xOf(f.x0), 0, f.depth, f.span, 0, 0, -1 };
            double end = f.x0;
            for (size_t q = k; q < j; q = (j - k > 64 ? j : q + 1)) {
                // Many merged siblings: take the first's facts and the run's end, O(1).
                const FlameNode &c = nodes[kids[q]];
                end = std::max(end, c.x0 + c.width);
                p.count += c.count;
                p.flags |= c.flags;
                if (int64_t(c.value) > p.weight) {
                    p.weight = int64_t(c.value);
                    p.span = c.span;
                }
            }
            if (j - k > 64) {
                const FlameNode &lastNode = nodes[kids[j - 1]];
                end = std::max(end, lastNode.x0 + lastNode.width);
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
