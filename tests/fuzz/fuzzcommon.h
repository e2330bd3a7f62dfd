#pragma once
// Shared by the libFuzzer targets: whatever loads must also write back and render as text,
// and read every payload back (the paths a user's click takes).

#include "export/reportwriter.h"
#include "export/textwriter.h"
#include "trace/trace.h"

namespace OspFuzz {

inline void exercise(const Osp::Trace &trace)
{
    auto discard = [](std::string_view) { return true; };
    (void)Osp::ReportWriter(trace).write(discard);
    (void)Osp::TextWriter(trace).write(discard);
    for (Osp::SpanIndex i = 0; i < trace.spanCount(); ++i) {
        for (const Osp::RawEntry &e : trace.entries(i))
            (void)trace.rawText(e.value());
        (void)trace.children(i);
    }
}

} // namespace OspFuzz
