#include "analysis/sortorder.h"

#include "analysis/analysisutil.h"

#include <algorithm>

namespace Osp {

SortOrder SortOrder::compute(
    const Trace &trace, SortKey key, bool descending, const std::atomic<bool> *cancel)
{
    SortOrder o;
    o.m_key = key;
    o.m_descending = descending;
    const size_t n = trace.spanCount();
    const auto &spans = trace.spans();
    const std::vector<uint32_t> rank
        = key == SortKey::Name ? nameRanks(trace) : std::vector<uint32_t>();
    auto keyOf = [&](const Span &s) -> int64_t {
        switch (key) {
        case SortKey::Name:
            return rank[s.name == NoString ? 0 : s.name];
        case SortKey::Duration:
            return s.durationUs();
        case SortKey::SelfTime:
            return s.selfUs;
        case SortKey::Start:
            break;
        }
        return s.startUs;
    };

    // Position of every span in the sorted pre-order: a child sits after its parent and after
    // the subtrees of the siblings sorted before it. Parents precede their children in the
    // natural pre-order, so one pass in index order places every sibling list, each sorted on
    // its own (key, index) pairs: no per-span key array, no child lists (12 bytes a span at
    // most, with the result).
    std::vector<uint32_t> position(n);
    std::vector<std::pair<int64_t, SpanIndex>> siblings;
    auto place = [&](SpanIndex parent, uint32_t first) {
        siblings.clear();
        for (SpanIndex c : trace.children(parent))
            siblings.emplace_back(keyOf(spans[c]), c);
        // Ties fall back to the index, which is start order (pre-order of siblings).
        if (descending)
            std::sort(siblings.begin(), siblings.end(), [](const auto &a, const auto &b) {
                return a.first != b.first ? a.first > b.first : a.second < b.second;
            });
        else
            std::sort(siblings.begin(), siblings.end());
        for (const auto &[k, c] : siblings) {
            position[c] = first;
            first += spans[c].subtreeSize;
        }
    };
    place(NoSpan, 0);
    for (SpanIndex i = 0; i < n; ++i) {
        if (isCancelled(cancel, i))
            return {};
        if (spans[i].subtreeSize > 1)
            place(i, position[i] + 1);
    }
    o.m_preorder.resize(n);
    for (SpanIndex i = 0; i < n; ++i)
        o.m_preorder[position[i]] = i;
    o.m_valid = true;
    return o;
}

} // namespace Osp
