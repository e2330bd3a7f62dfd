#pragma once

#include "formats/loadresult.h"
#include "trace/payloadfacts.h"
#include "trace/tracebuilder.h"

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

    /// Adds one event in the collector's order; false with error when its timestamp is bad.
    bool add(StoredEvent event, QString *error);
    size_t eventCount() const { return m_events; }
    size_t spanCount() const { return m_nodes.size(); }

    /// Builds the trace; a non-empty partialWarning marks it partial.
    std::shared_ptr<Trace> finish(const QString &sourceName, QString partialWarning = {});

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
    };

    std::vector<uint32_t> preOrder(std::vector<uint32_t> &parentOf, size_t &cyclesBroken) const;

    TraceBuilder m_builder;
    std::vector<Node> m_nodes;
    std::unordered_map<std::string, uint32_t> m_byTraceId;
    std::optional<int64_t> m_startedAt, m_finishedAt, m_lastStartedAt;
    std::string m_baseId;
    size_t m_events = 0;
};

} // namespace Osp
