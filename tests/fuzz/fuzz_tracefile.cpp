// Any bytes as a trace file: the loader sniffs report JSON, HTML report or raw events.
#include "formats/traceloader.h"
#include "fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Osp::LoadResult r = Osp::loadTraceBytes(
        std::string(reinterpret_cast<const char *>(data), size), QStringLiteral("fuzz"));
    if (!r.ok()) {
        (void)r.error().toString();
        return 0;
    }
    OspFuzz::exercise(*r.value());
    if (const std::optional<Osp::Error> &stopped = r.value()->partialError())
        (void)stopped->toString();
    return 0;
}
