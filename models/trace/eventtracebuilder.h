#pragma once

#include "trace/loadresult.h"
#include "trace/payloadfacts.h"
#include "trace/tracebuilder.h"

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace Osp {

/// One OSProfiler event as a collector stores it (osprofiler-format.md §1, §4).
struct StoredEvent
{
    std::string name; ///< "wsgi-start", "neutron.db-stop"
    std::string traceId;
    std::string parentId;
    std::string baseId;
    std::string timestamp; ///< "%Y-%m-%dT%H:%M:%S.%f", naive UTC
    std::optional<std::string> project, service, host; ///< nullopt: JSON null
    std::string payload; ///< the raw payload's JSON text, as the driver stores it
    PayloadFacts facts; ///< what the payload's info tells (etype, message, summary fields)
    /// Where the event starts in the input, when it has a place of its own (a line of NDJSON;
    /// not an element of an array, nor a row of a collector): for notes about it.
    std::optional<uint64_t> offset;
};

/// Turns stored events into a trace exactly as OSProfiler's Driver._append_results and
/// _parse_results do (osprofiler/drivers/base.py): pairing by trace_id, the first event names
/// the span, ms truncated from the earliest event, started := finished when a start is missing
/// and the reverse, exception only after a stop, orphans at top level, stable sort by ms — and
/// in addition µs times from the raw timestamps. A parent cycle (impossible from OSProfiler,
/// possible in a damaged dump) is broken and reported. No recursion.
class EventTraceBuilder
{
public:
    EventTraceBuilder();

    /// Adds one event in the collector's order; an error when its timestamp is bad.
    Result<void> add(StoredEvent event);
    size_t eventCount() const { return m_events; }
    size_t spanCount() const { return m_nodes.size(); }

    /// Builds the trace; a non-empty partialWarning marks it partial, stoppedBy is the read
    /// error that cut it short (TraceBuilder::setPartial).
    std::shared_ptr<Trace> finish(const QString &sourceName, QString partialWarning = {},
        std::optional<Error> stoppedBy = std::nullopt);
    /// How notes name a byte offset (TraceBuilder::setOffsetDescriber).
    void setOffsetDescriber(std::function<QString(uint64_t)> describe)
    {
        m_builder.setOffsetDescriber(std::move(describe));
    }

private:
    struct Node
    {
        std::string traceId, parentId;
        StringId reportName = NoString, pointName = NoString;
        StringId project = NoString, service = NoString, host = NoString;
        bool projectNull = false, serviceNull = false, hostNull = false;
        std::optional<int64_t> startTs, stopTs;
        StringId exception = NoString, message = NoString, summary = NoString;
        std::vector<std::pair<StringId, RawRef>> payloads; ///< meta.raw_payload.<event>
        size_t stopEvent = 0; ///< the number of its (last) stop event, for notes
        std::optional<uint64_t> stopOffset;
    };

    /// 'event 3 "c-start" (trace_id t) at line 3, column 1 (byte 412)'.
    QString eventPlace(const StoredEvent &e) const;
    QString eventPlace(size_t number, const std::optional<uint64_t> &offset) const;
    void addNotes();

    std::vector<uint32_t> preOrder(std::vector<uint32_t> &parentOf, size_t &cyclesBroken) const;

    TraceBuilder m_builder;
    std::vector<Node> m_nodes;
    std::unordered_map<std::string, uint32_t> m_byTraceId;
    std::optional<int64_t> m_startedAt, m_finishedAt, m_lastStartedAt;
    std::string m_baseId;
    size_t m_events = 0;
    OddInputCount m_repeatedEvents; ///< a second start (or stop) for one trace_id
    OddInputCount m_otherLayouts; ///< timestamps not in OSProfiler's own layout
};

} // namespace Osp
