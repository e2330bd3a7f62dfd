#pragma once

#include "trace/trace.h"

#include <functional>
#include <memory>
#include <vector>

namespace Osp {

/// One kind of odd but readable input a reader met: how often, and the first one in words
/// (for Trace::loadNotes; counting costs nothing per span).
struct OddInputCount
{
    size_t count = 0;
    QString first;
    /// Counts one more; true for the first, whose description the caller then sets.
    bool add() { return count++ == 0; }
};

/// "1 event" / "3 events": the number with the noun that agrees.
QString countOf(size_t n, const char *singular, const char *plural);

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

    /// Reserves for `factor` times what has been read so far (spans, their entries), when the
    /// reader can tell how much of its input that was.
    void reserveForTotal(double factor);
    /// Opens a span as a child of the innermost open span (or top level) and returns it.
    SpanIndex beginSpan();
    void endSpan();
    size_t openSpans() const { return m_open.size(); }
    SpanIndex innermostOpenSpan() const { return m_open.empty() ? NoSpan : m_open.back(); }
    size_t spanCount() const { return m_trace->m_spans.size(); }
    Span &span(SpanIndex i) { return m_trace->m_spans[i]; }
    SpanDetails &details(SpanIndex i) { return m_trace->m_details[i]; }
    void setParentId(SpanIndex i, Uuid id) { m_parentIds[i] = id; }

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
    /// Marks the result partial: what is missing and the read error that stopped it, if one
    /// did (Trace::partialError); open spans are closed by finish().
    void setPartial(const QString &warning, std::optional<Error> stoppedBy = std::nullopt)
    {
        m_trace->m_partialWarning = warning;
        m_trace->m_partialError = std::move(stoppedBy);
    }
    /// Adds one of Trace::loadNotes().
    void addLoadNote(const QString &note) { m_trace->m_loadNotes.append(note); }
    /// How notes name a byte offset of the input: the loader gives "line 3, column 1 (byte
    /// 120)" this way; without it they say "byte 120".
    void setOffsetDescriber(std::function<QString(uint64_t)> describe);
    QString describeOffset(uint64_t offset) const;
    /// Where the input holds span i (reading order) for notes about it, when a reader knows
    /// (raw events: its stop event); otherwise a note names the span by name and trace_id.
    void setSpanPlace(std::function<QString(SpanIndex)> place) { m_spanPlace = std::move(place); }
    /// '"wsgi" (trace_id 1a2b…)': how notes name span i (reading order, before finish()).
    QString spanIdentity(SpanIndex i) const;
    QString spanName(SpanIndex i) const; ///< '"wsgi"'
    QString spanTraceId(SpanIndex i) const;
    /// Notes timestamps read in another layout than OSProfiler's (raw events, payloads).
    void noteOtherTimestampLayouts(
        const OddInputCount &odd, const char *singular, const char *plural);
    /// Notes report nodes that share a trace_id (spans in reading order: before finish()).
    /// One sort of 8-byte hashes: 8 MB for a moment at a million spans.
    void noteRepeatedTraceIds();

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
    void noteSpansEndingBeforeStart();
    void sortSiblingsByStart();
    void computeEffectiveEnds();
    void computeSelfTimes();
    void computeStartOrder();
    void keepOtherParentIds();
    void groupEntries();
    void summarise();

    std::shared_ptr<Trace> m_trace;
    std::vector<SpanIndex> m_open;
    std::vector<SpanIndex> m_entrySpan; ///< owner of each entry, parallel to m_trace->m_entries
    std::vector<Uuid> m_parentIds; ///< as read, parallel to the spans until finish()
    std::function<QString(uint64_t)> m_describeOffset;
    std::function<QString(SpanIndex)> m_spanPlace;
    /// Spans whose end came before their start (shown with zero duration): the first one, by
    /// how much, and whether only the report's whole ms said so.
    size_t m_backwardsSpans = 0;
    SpanIndex m_firstBackwards = NoSpan;
    int64_t m_firstBackwardsByUs = 0;
    bool m_firstBackwardsInMs = false;
};

} // namespace Osp
