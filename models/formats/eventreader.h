#pragma once

#include "formats/bytesource.h"
#include "trace/eventtracebuilder.h"
#include "trace/loadresult.h"

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
    /// Reads all events into builder, or an error with its byte offset and no file name
    /// (events read so far stay in builder).
    Result<void> read(EventTraceBuilder &builder);

    /// Converts one stored event (a JSON object) as the collectors hold it. text: the event's
    /// own JSON text when the caller has it (Redis), kept verbatim as the payload instead of
    /// serialising the parsed event again (that was 15 % of a Redis read).
    static Result<StoredEvent> toStoredEvent(
        const nlohmann::json &event, std::string_view text = {});

private:
    bool addValue(nlohmann::json &value, EventTraceBuilder &builder, uint64_t offset);
    bool addEvent(nlohmann::json &event, EventTraceBuilder &builder,
        std::optional<uint64_t> offset = std::nullopt);

    ByteSource &m_source;
    const LoadOptions &m_options;
    Error m_error; ///< what addValue and addEvent met
    size_t m_eventNumber = 0;
};

} // namespace Osp
