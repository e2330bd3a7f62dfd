#include "geometry/drawlist.h"

#include <algorithm>
#include <cmath>

namespace Osp {

std::span<const DrawItem> DrawList::row(uint32_t r) const
{
    if (r < firstRow || r + 1 - firstRow >= rowStart.size())
        return {};
    const uint32_t i = r - firstRow;
    return std::span<const DrawItem>(items.data() + rowStart[i], rowStart[i + 1] - rowStart[i]);
}

const DrawItem *DrawList::hitTest(double x, uint32_t r, double minHitPx) const
{
    const std::span<const DrawItem> items = row(r);
    // Backwards: the last painted item is the one on top.
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
        const double x1 = std::max<double>(it->x1, it->x0 + minHitPx);
        if (x >= it->x0 && x < x1)
            return &*it;
    }
    return nullptr;
}

void RowMerger::push(const DrawItem &in)
{
    DrawItem item = in;
    item.row = m_row;
    const double room = (double(item.x1) - double(item.x0) - 2 * m_text.paddingPx)
        / std::max(0.5, m_text.avgGlyphPx);
    if (room >= m_text.minChars && !item.has(ItemMerged)) {
        item.flags |= ItemLabel;
        item.labelChars = uint16_t(std::min(room, 65535.0));
    }
    m_out.push_back(item);
}

void RowMerger::add(
    double x0, double x1, SpanIndex span, uint32_t count, uint16_t flags, int64_t duration)
{
    if (x1 - x0 >= m_mergePx && count == 1 && !(flags & ItemMerged)) {
        flush();
        push(DrawItem { float(x0), float(x1), m_row, span, 1, flags, 0 });
        return;
    }
    // Narrow (or already a merged run): joins the pending run when it touches it.
    if (m_pending && x0 <= double(m_merge.x1) + m_mergePx) {
        m_merge.x1 = std::max(m_merge.x1, float(x1));
        m_merge.count += count;
        m_merge.flags |= flags & ItemStateFlags;
        if (duration > m_mergeBest) {
            m_mergeBest = duration;
            m_merge.span = span;
        }
        return;
    }
    flush();
    m_pending = true;
    m_merge = DrawItem { float(x0), float(x1), m_row, span, count, flags, 0 };
    m_mergeBest = duration;
}

void RowMerger::flush()
{
    if (!m_pending)
        return;
    m_pending = false;
    if (m_merge.count > 1)
        m_merge.flags |= ItemMerged;
    push(m_merge);
}

} // namespace Osp
