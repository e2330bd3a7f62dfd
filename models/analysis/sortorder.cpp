#include "sortorder.h"

#include "analysisutil.h"

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

    // One 64-bit key per span keeps the comparisons in cache; names become ranks.
    std::vector<int64_t> keys(n);
    if (key == SortKey::Name) {
        const std::vector<uint32_t> rank = nameRanks(trace);
        for (size_t i = 0; i < n; ++i)
            keys[i] = rank[spans[i].name == NoString ? 0 : spans[i].name];
    } else {
        for (size_t i = 0; i < n; ++i) {
            const Span &s = spans[i];
            keys[i] = key == SortKey::Duration ? s.durationUs()
                : key == SortKey::SelfTime     ? s.selfUs
                                               : s.startUs;
        }
    }

    // Copy the loader's child lists (already in start order) into CSR arrays, then sort each
    // range. Slot n holds the top-level spans.
    std::vector<uint32_t> childOffset(n + 2);
    std::vector<SpanIndex> childIndex;
    childIndex.reserve(n);
    for (size_t slot = 0; slot <= n; ++slot) {
        if (isCancelled(cancel, slot))
            return {};
        childOffset[slot] = static_cast<uint32_t>(childIndex.size());
        const auto kids = trace.children(slot == n ? NoSpan : static_cast<SpanIndex>(slot));
        if (kids.empty())
            continue;
        const size_t begin = childIndex.size();
        childIndex.insert(childIndex.end(), kids.begin(), kids.end());
        if (kids.size() < 2)
            continue;
        auto first = childIndex.begin() + static_cast<ptrdiff_t>(begin);
        // Ties fall back to the index, which is start order (pre-order of siblings).
        if (descending)
            std::sort(first, childIndex.end(), [&keys](SpanIndex a, SpanIndex b) {
                return keys[a] != keys[b] ? keys[a] > keys[b] : a < b;
            });
        else
            std::sort(first, childIndex.end(), [&keys](SpanIndex a, SpanIndex b) {
                return keys[a] != keys[b] ? keys[a] < keys[b] : a < b;
            });
    }
    childOffset[n + 1] = static_cast<uint32_t>(childIndex.size());
    keys = {};

    // Pre-order with an explicit stack (no recursion: traces can be 100,000 levels deep).
    o.m_preorder.reserve(n);
    o.m_rowOf.assign(n, 0);
    std::vector<SpanIndex> stack;
    const auto pushChildren = [&](SpanIndex parent) {
        const size_t slot = parent == NoSpan ? n : parent;
        for (uint32_t k = childOffset[slot + 1]; k-- > childOffset[slot];)
            stack.push_back(childIndex[k]);
    };
    pushChildren(NoSpan);
    while (!stack.empty()) {
        const SpanIndex i = stack.back();
        stack.pop_back();
        if (isCancelled(cancel, o.m_preorder.size()))
            return {};
        o.m_rowOf[i] = static_cast<uint32_t>(o.m_preorder.size());
        o.m_preorder.push_back(i);
        pushChildren(i);
    }
    o.m_valid = true;
    return o;
}

} // namespace Osp
