#pragma once

#include "rawstore.h"
#include "span.h"
#include "stringpool.h"
#include "uuid.h"

#include <QString>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace Osp {

/// One verbatim key of the report that ospview does not model (raw payloads, unknown keys).
struct RawEntry
{
    enum Scope : uint8_t { SpanInfo, SpanNode, RootInfo, RootNode };
    StringId key = NoString;
    Scope scope = SpanInfo;
    RawRef value;
};

/// The cold facts of one span: only the details panel, the writer and search read them.
struct SpanDetails
{
    Uuid traceId;
    Uuid parentId;
    int64_t startedMs = 0; ///< the report's (authoritative) whole-ms offsets
    int64_t finishedMs = 0;
    StringId reportName = NoString; ///< the report's "name": the point name cut at its first '-'
    StringId summary = NoString; ///< "POST /v2.1/servers", the SQL statement, a function name
    StringId message = NoString; ///< exception message from the stop payload
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
    std::span<const SpanIndex> children(SpanIndex parent) const;
    std::span<const SpanIndex> roots() const { return children(NoSpan); }
    /// Every span ordered by start time (ties in pre-order): sweeps over time (unions of
    /// intervals, timelines) need no sort of their own.
    const std::vector<SpanIndex> &startOrder() const { return m_startOrder; }
    /// Position of span i among its siblings.
    int rowInParent(SpanIndex i) const { return static_cast<int>(m_rowInParent[i]); }

    std::span<const RawEntry> entries(SpanIndex i) const;
    const ReportRoot &root() const { return m_root; }
    /// The verbatim JSON text of a raw entry (read from the file for file-backed traces).
    std::string rawText(const RawRef &ref, bool *ok = nullptr) const { return m_raw.read(ref, ok); }

    const StringPool &strings() const { return m_strings; }
    QString text(StringId id) const { return m_strings.text(id); }
    std::string_view view(StringId id) const { return m_strings.view(id); }
    std::string traceId(SpanIndex i) const { return m_details[i].traceId.toString(m_strings); }
    std::string parentId(SpanIndex i) const { return m_details[i].parentId.toString(m_strings); }

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
    /// Non-empty when only part of the input could be read (the trace is partial).
    const QString &partialWarning() const { return m_partialWarning; }
    bool isPartial() const { return !m_partialWarning.isEmpty(); }

    /// Approximate heap bytes held, for benchmarks.
    size_t memoryBytes() const;

private:
    friend class TraceBuilder;

    std::vector<Span> m_spans;
    std::vector<SpanDetails> m_details;
    std::vector<uint32_t> m_childOffset; ///< CSR: n + 2 entries, slot n holds the roots
    std::vector<SpanIndex> m_childIndex;
    std::vector<uint32_t> m_rowInParent;
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
};

using TracePtr = std::shared_ptr<const Trace>;

} // namespace Osp
