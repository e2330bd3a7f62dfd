#include "trace/trace.h"

namespace Osp {

ChildRange Trace::children(SpanIndex parent) const
{
    const auto n = static_cast<SpanIndex>(m_spans.size());
    if (parent == NoSpan)
        return { m_spans.data(), 0, n };
    if (parent >= n)
        return {};
    return { m_spans.data(), parent + 1, parent + m_spans[parent].subtreeSize };
}

std::span<const RawEntry> Trace::entries(SpanIndex i) const
{
    return { m_entries.data() + m_entryOffset[i], m_entryOffset[i + 1] - m_entryOffset[i] };
}

Uuid Trace::parentUuid(SpanIndex i) const
{
    const auto it = std::lower_bound(m_otherParentIds.begin(), m_otherParentIds.end(), i,
        [](const std::pair<SpanIndex, Uuid> &e, SpanIndex s) { return e.first < s; });
    if (it != m_otherParentIds.end() && it->first == i)
        return it->second;
    const SpanIndex parent = m_spans[i].parent;
    return parent == NoSpan ? Uuid() : m_details[parent].traceId;
}

size_t Trace::memoryBytes() const
{
    return m_spans.capacity() * sizeof(Span) + m_details.capacity() * sizeof(SpanDetails)
        + m_otherParentIds.capacity() * sizeof(m_otherParentIds[0])
        + (m_startOrder.capacity() + m_entryOffset.capacity()) * sizeof(uint32_t)
        + m_entries.capacity() * sizeof(RawEntry) + m_strings.bytesUsed() + m_raw.arenaBytes();
}

size_t Trace::hotBytesPerSpan() const
{
    const size_t n = m_spans.size();
    return n == 0 ? 0 : (n * sizeof(Span) + m_startOrder.size() * sizeof(SpanIndex) + n - 1) / n;
}

} // namespace Osp
