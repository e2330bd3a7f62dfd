#include "trace.h"

namespace Osp {

std::span<const SpanIndex> Trace::children(SpanIndex parent) const
{
    const size_t slot = parent == NoSpan ? m_spans.size() : parent;
    if (slot + 1 >= m_childOffset.size())
        return {};
    return { m_childIndex.data() + m_childOffset[slot],
        m_childOffset[slot + 1] - m_childOffset[slot] };
}

std::span<const RawEntry> Trace::entries(SpanIndex i) const
{
    return { m_entries.data() + m_entryOffset[i], m_entryOffset[i + 1] - m_entryOffset[i] };
}

size_t Trace::memoryBytes() const
{
    return m_spans.capacity() * sizeof(Span) + m_details.capacity() * sizeof(SpanDetails)
        + (m_childOffset.capacity() + m_childIndex.capacity() + m_rowInParent.capacity()
              + m_startOrder.capacity() + m_entryOffset.capacity())
        * sizeof(uint32_t)
        + m_entries.capacity() * sizeof(RawEntry) + m_strings.bytesUsed() + m_raw.arenaBytes();
}

} // namespace Osp
