// The bytes after the HTML report's data marker (the report reader in non-strict mode).
#include "formats/traceloader.h"
#include "fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::string page = "<!doctype html><script>var OSProfilerData = ";
    page.append(reinterpret_cast<const char *>(data), size);
    const Osp::LoadResult r = Osp::loadTraceBytes(std::move(page), QStringLiteral("fuzz.html"));
    if (r.ok())
        OspFuzz::exercise(*r.value());
    return 0;
}
