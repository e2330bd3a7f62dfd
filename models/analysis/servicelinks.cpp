#include "servicelinks.h"

#include <algorithm>
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
        if (cancel && (i & 0x3FFF) == 0 && cancel->load(std::memory_order_relaxed))
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
    out.m_maxEnd.reserve(out.m_links.size());
    int64_t m = INT64_MIN;
    for (const ServiceLink &l : out.m_links)
        out.m_maxEnd.push_back(m = std::max(m, std::max(l.fromUs, l.toUs)));
    return out;
}

std::vector<LinkItem> ServiceLinks::visible(
    const TimelineLayout &layout, const TimelineRequest &req, size_t *visited) const
{
    std::vector<LinkItem> items;
    const TimeMapping &m = req.mapping;
    const uint32_t firstRow = req.firstRow;
    const uint32_t lastRow = req.firstRow + req.rowCount; // exclusive
    const double minX = m.left - m.width, maxX = m.left + 2 * m.width;
    size_t looked = 0;
    auto it = std::lower_bound(m_maxEnd.begin(), m_maxEnd.end(), m.fromUs);
    for (size_t i = size_t(it - m_maxEnd.begin()); i < m_links.size(); ++i) {
        const ServiceLink &l = m_links[i];
        if (std::min(l.fromUs, l.toUs) > m.toUs)
            break;
        ++looked;
        if (std::max(l.fromUs, l.toUs) < m.fromUs)
            continue;
        const uint32_t r0 = layout.laneOf(l.caller), r1 = layout.laneOf(l.callee);
        // Off screen vertically: both ends above, or both below, the rows in view.
        if (std::max(r0, r1) < firstRow || std::min(r0, r1) >= lastRow)
            continue;
        LinkItem item;
        item.x0 = float(std::clamp(m.x(l.fromUs), minX, maxX));
        item.x1 = float(std::clamp(m.x(l.toUs), minX, maxX));
        item.callerRow = r0;
        item.calleeRow = r1;
        item.link = uint32_t(i);
        item.kind = l.kind;
        items.push_back(item);
    }
    if (visited)
        *visited = looked;
    // Links that land on the same whole pixels and rows draw the same arrow: keep one each.
    auto key = [](const LinkItem &a) {
        return std::make_tuple(a.callerRow, a.calleeRow, int32_t(a.x0), int32_t(a.x1), a.kind);
    };
    std::stable_sort(items.begin(), items.end(),
        [&](const LinkItem &a, const LinkItem &b) { return key(a) < key(b); });
    size_t out = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        if (out > 0 && key(items[out - 1]) == key(items[i])) {
            items[out - 1].count += items[i].count;
            continue;
        }
        items[out++] = items[i];
    }
    items.resize(out);
    return items;
}

} // namespace Osp
