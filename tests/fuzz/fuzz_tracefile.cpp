// Any bytes as a trace file: the loader sniffs report JSON, HTML report or raw events.
#include "formats/traceloader.h"
#include "fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Osp::LoadResult r = Osp::loadTraceBytes(
        std::string(reinterpret_cast<const char *>(data), size), QStringLiteral("fuzz"));
    if (r.trace)
        OspFuzz::exercise(*r.trace);
    if (r.error)
        (void)r.error->toString();
    return 0;
}
