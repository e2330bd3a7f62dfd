#pragma once

#include "trace/rawstore.h"
#include "trace/span.h"
#include "trace/stringpool.h"
#include "trace/uuid.h"
#include "util/result.h"

#include <QString>
#include <QStringList>

#include <algorithm>
#include <iterator>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace Osp {

/// One verbatim key of the report that ospview does not model (raw payloads, unknown keys).
/// 16 bytes (two a span in OSProfiler's reports): the scope and the arena bit ride in the
/// offset's top bits, which no file or arena offset reaches.
class RawEntry
{
public:
    enum Scope : uint8_t { SpanInfo, SpanNode, RootInfo, RootNode };
    RawEntry() = default;
    RawEntry(StringId key, Scope scope, const RawRef &value)
        : m_offset(value.offset)
        , m_inArena(value.inArena)
        , m_scope(scope)
        , m_length(value.length)
        , m_key(key)
    { }
    StringId key() const { return m_key; }
    Scope scope() const { return Scope(m_scope); }
    RawRef value() const { return RawRef { m_offset, m_length, m_inArena != 0 }; }

private:
    uint64_t m_offset : 61 = 0;
    uint64_t m_inArena : 1 = 0;
    uint64_t m_scope : 2 = 0;
    uint32_t m_length = 0;
    StringId m_key = NoString;
};
static_assert(sizeof(RawEntry) == 16);

/// The cold facts of one span: only the details panel, the writer and search read them.
/// 48 bytes; the parent_id is not here (Trace::parentId): nearly always it is the parent
/// span's trace_id.
struct SpanDetails
{
    Uuid traceId;
    int64_t startedMs = 0; ///< the report's (authoritative) whole-ms offsets
    int64_t finishedMs = 0;
    StringId reportName = NoString; ///< the report's "name": the point name cut at its first '-'
    StringId summary = NoString; ///< "POST /v2.1/servers", the SQL statement, a function name
    StringId message = NoString; ///< exception message from the stop payload
    StringId exception = NoString; ///< "None", an exception type, or NoString (no stop event)
};

/// The report's root ("total") as read, written back unchanged.
struct ReportRoot
{
    StringId name = NoString;
    std::optional<int64_t> startedMs;
    std::optional<int64_t> finishedMs;
    std::optional<int64_t> lastTraceStartedMs;
    std::vector<RawEntry> entries; ///< "stats" and any other root keys, verbatim
};

/// The children of one span (or the top-level spans) in start order. Spans are stored in
/// pre-order with siblings in start order, so a span's next sibling is the record right after
/// its subtree: walking them needs no stored child index (8 bytes a span saved). size() and
/// the walk are O(children).
class ChildRange
{
public:
    class Iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = SpanIndex;
        using difference_type = std::ptrdiff_t;
        using pointer = const SpanIndex *;
        using reference = SpanIndex;

        Iterator() = default;
        Iterator(const Span *spans, SpanIndex at, SpanIndex end)
            : m_spans(spans)
            , m_at(at)
            , m_end(end)
        { }
        SpanIndex operator*() const { return m_at; }
        Iterator &operator++()
        {
            m_at = std::min<SpanIndex>(m_end, m_at + m_spans[m_at].subtreeSize);
            return *this;
        }
        Iterator operator++(int)
        {
            Iterator old = *this;
            ++*this;
            return old;
        }
        bool operator==(const Iterator &o) const { return m_at == o.m_at; }

    private:
        const Span *m_spans = nullptr;
        SpanIndex m_at = 0;
        SpanIndex m_end = 0;
    };

    ChildRange() = default;
    ChildRange(const Span *spans, SpanIndex first, SpanIndex end)
        : m_spans(spans)
        , m_first(first)
        , m_end(end)
    { }
    Iterator begin() const { return { m_spans, m_first, m_end }; }
    Iterator end() const { return { m_spans, m_end, m_end }; }
    bool empty() const { return m_first >= m_end; }
    size_t size() const { return static_cast<size_t>(std::distance(begin(), end())); }
    SpanIndex front() const { return m_first; }

private:
    const Span *m_spans = nullptr;
    SpanIndex m_first = 0;
    SpanIndex m_end = 0;
};

/// One loaded OSProfiler trace: immutable after loading and shared between threads as
/// std::shared_ptr<const Trace> (DESIGN.md, Core data). Spans are in depth-first pre-order.
class Trace
{
public:
    size_t spanCount() const { return m_spans.size(); }
    const Span &span(SpanIndex i) const { return m_spans[i]; }
    const std::vector<Span> &spans() const { return m_spans; }
    const SpanDetails &details(SpanIndex i) const { return m_details[i]; }

    /// Children of a span in start order; NoSpan gives the top-level spans.
    ChildRange children(SpanIndex parent) const;
    ChildRange roots() const { return children(NoSpan); }
    /// Every span ordered by start time (ties in pre-order): sweeps over time (unions of
    /// intervals, timelines) need no sort of their own.
    const std::vector<SpanIndex> &startOrder() const { return m_startOrder; }

    std::span<const RawEntry> entries(SpanIndex i) const;
    const ReportRoot &root() const { return m_root; }
    /// The verbatim JSON text of a raw entry (read from the file for file-backed traces).
    std::string rawText(const RawRef &ref, bool *ok = nullptr) const { return m_raw.read(ref, ok); }

    const StringPool &strings() const { return m_strings; }
    QString text(StringId id) const { return m_strings.text(id); }
    std::string_view view(StringId id) const { return m_strings.view(id); }
    std::string traceId(SpanIndex i) const { return m_details[i].traceId.toString(m_strings); }
    /// The span's parent_id as read: its parent span's trace_id, unless recorded otherwise.
    std::string parentId(SpanIndex i) const { return parentUuid(i).toString(m_strings); }
    Uuid parentUuid(SpanIndex i) const;

    /// The OSProfiler base id (the request's trace id), when the data tells it.
    const std::string &baseId() const { return m_baseId; }
    /// True when every span's times come from raw µs timestamps.
    bool hasMicroseconds() const { return m_msOnlySpans == 0 && !m_spans.empty(); }
    /// Some spans had no raw timestamps: their times are whole milliseconds.
    bool isMsPrecision() const { return m_msOnlySpans > 0; }
    /// The trace epoch (earliest event) in µs since the Unix epoch, when timestamps exist.
    std::optional<int64_t> epochUnixUs() const { return m_epochUnixUs; }
    /// Latest end of any span, µs from the epoch.
    int64_t endUs() const { return m_endUs; }
    /// The span whose start came last: where a stuck request got to (HTML report's green row).
    SpanIndex lastStarted() const { return m_lastStarted; }
    size_t errorCount() const { return m_errorCount; }
    size_t unfinishedCount() const { return m_unfinishedCount; }
    uint32_t maxDepth() const { return m_maxDepth; }

    /// Where the trace came from, for titles and messages.
    const QString &sourceName() const { return m_sourceName; }
    /// Non-empty when only part of the input could be read (the trace is partial): what is
    /// missing, "partial trace: the input ends early (…); spans after byte N are missing".
    const QString &partialWarning() const { return m_partialWarning; }
    bool isPartial() const { return !m_partialWarning.isEmpty(); }
    /// The read error that cut a partial load short, with its place ("boot.json:12:5 (byte
    /// 345): …"); none when nothing stopped the read (a parent cycle only moves spans).
    const std::optional<Error> &partialError() const { return m_partialError; }
    /// Odd but readable input met while loading, one sentence per kind with a count
    /// and the first place: "1 span ends before it starts (first: …); shown with zero
    /// duration". The trace is complete; these say where it differs from what OSProfiler
    /// writes and what ospview made of it.
    const QStringList &loadNotes() const { return m_loadNotes; }

    /// Approximate heap bytes held, for benchmarks.
    size_t memoryBytes() const;
    /// Bytes a span of the hot data every view and analysis walks: the Span record and the
    /// per-span index arrays (the start order). The budget is 64.
    size_t hotBytesPerSpan() const;

private:
    friend class TraceBuilder;

    std::vector<Span> m_spans;
    std::vector<SpanDetails> m_details;
    /// Sorted by span: the parent_ids that are not the parent span's trace_id (every top-level
    /// span's, hand-edited files), so the common case costs no bytes a span.
    std::vector<std::pair<SpanIndex, Uuid>> m_otherParentIds;
    std::vector<SpanIndex> m_startOrder;
    std::vector<RawEntry> m_entries;
    std::vector<uint32_t> m_entryOffset; ///< n + 1 entries into m_entries
    ReportRoot m_root;
    StringPool m_strings;
    RawStore m_raw;
    std::string m_baseId;
    std::optional<int64_t> m_epochUnixUs;
    int64_t m_endUs = 0;
    SpanIndex m_lastStarted = NoSpan;
    size_t m_errorCount = 0;
    size_t m_unfinishedCount = 0;
    size_t m_msOnlySpans = 0;
    uint32_t m_maxDepth = 0;
    QString m_sourceName;
    QString m_partialWarning;
    std::optional<Error> m_partialError;
    QStringList m_loadNotes;
};

using TracePtr = std::shared_ptr<const Trace>;

} // namespace Osp
