#pragma once

#include "formats/bytesource.h"
#include "trace/loadresult.h"
#include "trace/eventtracebuilder.h"

#include <nlohmann/json_fwd.hpp>

#include <string_view>

namespace Osp {

/// Reads files of raw OSProfiler events: NDJSON as `redis-cli --raw lrange`
/// prints it, JSON arrays, an Elasticsearch/OpenSearch `_search` response (hits.hits[]._source)
/// and `mongoexport` output (lines or --jsonArray; `_id` is dropped as OSProfiler's MongoDB
/// driver does). Any sequence of these JSON values separated by whitespace is accepted.
class EventReader
{
public:
    EventReader(ByteSource &source, const LoadOptions &options);
    /// Reads all events into builder; false with error() set (events read so far stay there).
    bool read(EventTraceBuilder &builder);
    const LoadError &error() const { return m_error; }
    bool cancelled() const { return m_cancelled; }

    /// Converts one stored event (a JSON object) as the collectors hold it. text: the event's
    /// own JSON text when the caller has it (Redis), kept verbatim as the payload instead of
    /// serialising the parsed event again (that was 15 % of a Redis read).
    static bool toStoredEvent(
        const nlohmann::json &event, StoredEvent &out, QString *error, std::string_view text = {});

private:
    bool addValue(nlohmann::json &value, EventTraceBuilder &builder, uint64_t offset);
    bool addEvent(nlohmann::json &event, EventTraceBuilder &builder,
        std::optional<uint64_t> offset = std::nullopt);

    ByteSource &m_source;
    const LoadOptions &m_options;
    LoadError m_error;
    bool m_cancelled = false;
    size_t m_eventNumber = 0;
};

} // namespace Osp
