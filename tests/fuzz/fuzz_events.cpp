// Raw event streams (NDJSON, arrays, search responses), bypassing format sniffing.
#include "formats/eventreader.h"
#include "fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto source
        = Osp::ByteSource::fromMemory(std::string(reinterpret_cast<const char *>(data), size));
    Osp::LoadOptions options;
    Osp::EventReader reader(*source, options);
    Osp::EventTraceBuilder builder;
    (void)reader.read(builder); // a partial read is exercised too
    if (builder.eventCount() > 0)
        OspFuzz::exercise(*builder.finish(QStringLiteral("fuzz")));
    return 0;
}
