// Redis values as RedisCollector sees them: one value per line (an element of
// osprofiler_opt:<base_id> or a legacy osprofiler:* string), newest first, through the trace
// list's summary, the error search and the fetch. Seeds: tools/fuzz_seeds.py.
#include "collectors/collectorevents.h"
#include "fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    Osp::EventTraceBuilder builder;
    size_t from = 0;
    while (from <= input.size()) {
        const size_t newline = std::min(input.find('\n', from), input.size());
        const std::string_view value = input.substr(from, newline - from);
        from = newline + 1;
        Osp::TraceSummary row;
        (void)Osp::CollectorEvents::summariseRedisValue(value, row);
        (void)Osp::CollectorEvents::isErrorStopValue(value);
        if (!Osp::CollectorEvents::addRedisValue(builder, value).ok())
            break; // the collector stops at the first value that is not an event
    }
    if (builder.eventCount() > 0)
        OspFuzz::exercise(*builder.finish(QStringLiteral("fuzz")));
    return 0;
}
