#pragma once

#include "trace.h"

#include <memory>
#include <vector>

namespace Osp {

/// Collects spans in depth-first pre-order from a reader, then derives everything the views
/// need in finish(): microsecond times, flags, effective ends, self time, child index.
/// Used once per load, on the loading thread; nothing here recurses over the tree.
class TraceBuilder
{
public:
    explicit TraceBuilder(size_t expectedSpans = 0);

    StringPool &strings() { return m_trace->m_strings; }
    RawStore &raw() { return m_trace->m_raw; }
    ReportRoot &root() { return m_trace->m_root; }

    /// Opens a span as a child of the innermost open span (or top level) and returns it.
    SpanIndex beginSpan();
    void endSpan();
    size_t openSpans() const { return m_open.size(); }
    SpanIndex innermostOpenSpan() const { return m_open.empty() ? NoSpan : m_open.back(); }
    size_t spanCount() const { return m_trace->m_spans.size(); }
    Span &span(SpanIndex i) { return m_trace->m_spans[i]; }
    SpanDetails &details(SpanIndex i) { return m_trace->m_details[i]; }

    /// Raw timestamps of the start and stop events, µs since the Unix epoch.
    void setStartTimestamp(SpanIndex i, int64_t unixUs);
    void setStopTimestamp(SpanIndex i, int64_t unixUs);
    /// A start or stop payload was present (decides the unfinished / no-start flags).
    void markStartEventSeen(SpanIndex i) { span(i).flags |= SawStartEvent; }
    void markStopEventSeen(SpanIndex i) { span(i).flags |= SawStopEvent; }
    void addEntry(SpanIndex i, const RawEntry &entry);
    void setBaseId(std::string_view id);
    bool hasBaseId() const { return !m_trace->m_baseId.empty(); }

    void setSourceName(const QString &name) { m_trace->m_sourceName = name; }
    /// Marks the result partial; open spans are closed by finish().
    void setPartial(const QString &warning) { m_trace->m_partialWarning = warning; }

    /// Derives the rest and hands the trace over; the builder is spent afterwards.
    std::shared_ptr<Trace> finish();

private:
    // Builder-only bits of Span::flags, cleared by finish().
    enum : uint32_t {
        SawStartEvent = 1u << 27,
        SawStopEvent = 1u << 28,
        HasStartTimestamp = 1u << 29,
        HasStopTimestamp = 1u << 30,
        BuilderBits = SawStartEvent | SawStopEvent | HasStartTimestamp | HasStopTimestamp,
    };

    void deriveFlagsAndTimes();
    void sortSiblingsByStart();
    void computeEffectiveEnds();
    void computeSelfTimes();
    void computeStartOrder();
    void groupEntries();
    void summarise();

    std::shared_ptr<Trace> m_trace;
    std::vector<SpanIndex> m_open;
    std::vector<SpanIndex> m_entrySpan; ///< owner of each entry, parallel to m_trace->m_entries
};

} // namespace Osp
