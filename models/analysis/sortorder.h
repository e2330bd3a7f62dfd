#pragma once

#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace Osp {

/// What the call tree can be sorted by (siblings only: the tree shape is kept).
enum class SortKey : uint8_t { Start, Duration, SelfTime, Name };

/// A sort of the call tree as a permutation (DESIGN.md, Views: no proxy model): the
/// depth-first pre-order with siblings in key order. Computed once per key in O(n log n), off
/// the GUI thread; 4 bytes a span, since the call tree keeps one per column sorted (it inverts
/// only the one it shows).
class SortOrder
{
public:
    SortOrder() = default;

    /// Sorts siblings by key; ties keep start order. Empty (isValid() false) when cancelled.
    static SortOrder compute(const Trace &trace, SortKey key, bool descending,
        const std::atomic<bool> *cancel = nullptr);

    bool isValid() const { return m_valid; }
    SortKey key() const { return m_key; }
    bool descending() const { return m_descending; }

    /// Every span in the sorted depth-first pre-order (a permutation of 0..n-1).
    const std::vector<SpanIndex> &preorder() const { return m_preorder; }

private:
    SortKey m_key = SortKey::Start;
    bool m_descending = false;
    bool m_valid = false;
    std::vector<SpanIndex> m_preorder;
};

} // namespace Osp
