#include "geometry/servicelinks.h"

#include "util/cancellation.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace Osp {

std::optional<LinkKind> ServiceLinks::entryKind(std::string_view name)
{
    if (name.starts_with("wsgi"))
        return LinkKind::Http;
    if (name.starts_with("rpc"))
        return LinkKind::Rpc;
    return std::nullopt;
}

ServiceLinks ServiceLinks::find(const Trace &trace, const std::atomic<bool> *cancel)
{
    ServiceLinks out;
    const size_t n = trace.spanCount();
    // Entry kinds by name id: a trace has few distinct names and millions of spans.
    std::vector<int8_t> kindOfName;
    for (SpanIndex i = 0; i < n; ++i) {
        if (isCancelled<TightLoopCancelStride>(cancel, i))
            return {};
        const Span &callee = trace.span(i);
        if (callee.parent == NoSpan)
            continue;
        const StringId name = trace.details(i).reportName;
        if (name == NoString)
            continue;
        if (name >= kindOfName.size())
            kindOfName.resize(size_t(name) + 1, -2);
        int8_t &kind = kindOfName[name];
        if (kind == -2) {
            const auto k = entryKind(trace.view(name));
            kind = k ? int8_t(*k) : int8_t(-1);
        }
        if (kind < 0)
            continue;
        const Span &caller = trace.span(callee.parent);
        if (caller.service == callee.service && caller.host == callee.host)
            continue; // a call inside one service process is no hop
        ServiceLink link;
        link.caller = callee.parent;
        link.callee = i;
        link.kind = LinkKind(kind);
        // Clock skew can put the callee's start outside its caller: the arrow still leaves
        // from inside the caller's bar.
        link.toUs = callee.startUs;
        link.fromUs
            = std::clamp(callee.startUs, caller.startUs, std::max(caller.startUs, caller.endUs));
        out.m_links.push_back(link);
    }
    std::stable_sort(
        out.m_links.begin(), out.m_links.end(), [](const ServiceLink &a, const ServiceLink &b) {
            return std::min(a.fromUs, a.toUs) < std::min(b.fromUs, b.toUs);
        });
    return out;
}

LinkIndex LinkIndex::build(const ServiceLinks &links, const TimelineLayout &layout)
{
    LinkIndex index;
    const std::vector<ServiceLink> &all = links.links();
    // Group key per link (top row, caller row, callee row, kind); a stable sort by it keeps
    // the time order inside each group.
    using Key = std::tuple<uint32_t, uint32_t, uint32_t, LinkKind>;
    std::vector<Key> keys(all.size());
    for (size_t i = 0; i < all.size(); ++i) {
        const uint32_t caller = layout.laneOf(all[i].caller), callee = layout.laneOf(all[i].callee);
        keys[i] = Key { std::min(caller, callee), caller, callee, all[i].kind };
    }
    std::vector<uint32_t> order(all.size());
    for (uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(
        order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
    index.m_fromUs.reserve(order.size());
    index.m_toUs.reserve(order.size());
    index.m_startUs.reserve(order.size());
    index.m_maxEnd.reserve(order.size());
    int64_t running = INT64_MIN;
    for (uint32_t k = 0; k < order.size(); ++k) {
        const ServiceLink &l = all[order[k]];
        if (k == 0 || keys[order[k]] != keys[order[k - 1]]) {
            Group g;
            g.callerRow = layout.laneOf(l.caller);
            g.calleeRow = layout.laneOf(l.callee);
            g.kind = l.kind;
            g.begin = k;
            index.m_groups.push_back(g);
            running = INT64_MIN;
        }
        index.m_groups.back().end = k + 1;
        index.m_fromUs.push_back(l.fromUs);
        index.m_toUs.push_back(l.toUs);
        index.m_startUs.push_back(std::min(l.fromUs, l.toUs));
        index.m_maxEnd.push_back(running = std::max(running, std::max(l.fromUs, l.toUs)));
    }
    index.m_groupOf.resize(order.size());
    for (uint32_t g = 0; g < index.m_groups.size(); ++g)
        for (uint32_t k = index.m_groups[g].begin; k < index.m_groups[g].end; ++k)
            index.m_groupOf[k] = g;
    index.m_bySpan.reserve(2 * order.size());
    for (uint32_t k = 0; k < order.size(); ++k) {
        index.m_bySpan.emplace_back(all[order[k]].caller, k);
        index.m_bySpan.emplace_back(all[order[k]].callee, k);
    }
    std::sort(index.m_bySpan.begin(), index.m_bySpan.end());
    index.m_link = std::move(order);
    return index;
}

LinkItem LinkIndex::itemFor(size_t entry, const Group &g, const TimeMapping &m) const
{
    // Ends more than a screen away are clamped: floats keep their precision that way.
    const double minX = m.left - m.width, maxX = m.left + 2 * m.width;
    LinkItem item;
    item.x0 = float(std::clamp(m.x(m_fromUs[entry]), minX, maxX));
    item.x1 = float(std::clamp(m.x(m_toUs[entry]), minX, maxX));
    item.callerRow = g.callerRow;
    item.calleeRow = g.calleeRow;
    item.link = m_link[entry];
    item.kind = g.kind;
    return item;
}

bool LinkIndex::walk(const TimelineRequest &req, double bucketPx, size_t maxItems,
    std::vector<LinkItem> &out, size_t &looked) const
{
    const TimeMapping &m = req.mapping;
    const uint32_t firstRow = req.firstRow;
    const uint32_t lastRow = req.firstRow + req.rowCount; // exclusive
    const double usPerBucket = std::max(1.0, m.usPerPx() * bucketPx);
    const auto maxEnd = m_maxEnd.begin();
    const auto start = m_startUs.begin();
    for (const Group &g : m_groups) {
        if (g.topRow() >= lastRow)
            break; // groups are by top row: the rest start below the view
        if (g.bottomRow() < firstRow)
            continue; // both ends above the view
        size_t i = size_t(std::lower_bound(maxEnd + g.begin, maxEnd + g.end, m.fromUs) - maxEnd);
        while (i < g.end) {
            if (m_startUs[i] > m.toUs)
                break;
            ++looked;
            if (std::max(m_fromUs[i], m_toUs[i]) < m.fromUs) {
                ++i; // an earlier long link keeps maxEnd high; this one is out of view
                continue;
            }
            // Everything of this group that starts inside the same bucket is drawn as this.
            const double bucket = std::floor(double(m_startUs[i] - m.fromUs) / usPerBucket);
            const auto limit = int64_t(std::ceil(double(m.fromUs) + (bucket + 1) * usPerBucket));
            const size_t j = std::max(
                i + 1, size_t(std::lower_bound(start + i + 1, start + g.end, limit) - start));
            LinkItem item = itemFor(i, g, m);
            item.count = uint32_t(j - i);
            out.push_back(item);
            if (maxItems && out.size() > maxItems)
                return false; // too many at this bucket: the caller tries wider ones
            i = j;
        }
    }
    return true;
}

std::vector<LinkItem> LinkIndex::visible(
    const TimelineRequest &req, size_t maxItems, size_t *visited, bool *overflow) const
{
    std::vector<LinkItem> items;
    size_t looked = 0;
    bool fits = false;
    for (double bucketPx : { 1.0, 4.0, 16.0 }) {
        items.clear();
        if ((fits = walk(req, bucketPx, maxItems, items, looked)))
            break;
    }
    if (!fits)
        items.clear();
    if (visited)
        *visited = looked;
    if (overflow)
        *overflow = !fits;
    return items;
}

std::vector<LinkItem> LinkIndex::linksOf(SpanIndex span, const TimelineRequest &req) const
{
    std::vector<LinkItem> items;
    auto it = std::lower_bound(m_bySpan.begin(), m_bySpan.end(), std::make_pair(span, 0u));
    for (; it != m_bySpan.end() && it->first == span; ++it)
        items.push_back(itemFor(it->second, m_groups[m_groupOf[it->second]], req.mapping));
    return items;
}

} // namespace Osp
