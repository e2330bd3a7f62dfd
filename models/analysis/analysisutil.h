#pragma once
// Small helpers shared by the analyses (not a public API of their own).

#include "trace/trace.h"
#include "util/cancellation.h" // isCancelled(cancel, i): every analysis loop checks through it

#include <cstdint>
#include <string_view>
#include <vector>

namespace Osp {

/// For every string id used as a span name, its rank in case-insensitive text order (other
/// ids rank 0), so sorting by name compares integers.
std::vector<uint32_t> nameRanks(const Trace &trace);

/// ASCII case-insensitive substring test; needle must already be lower case.
bool containsFolded(std::string_view haystack, std::string_view lowerNeedle);

/// The spans from the top-level ancestor down to i (inclusive), by parent links.
std::vector<SpanIndex> pathFromRoot(const Trace &trace, SpanIndex i);

/// "wsgi > rpc > db": the names of pathFromRoot(i).
std::string pathText(const Trace &trace, SpanIndex i);

/// Span durations are left out of statistics when either event is missing (DESIGN.md).
inline bool hasKnownDuration(const Span &s)
{
    return !s.has(NoStopEvent) && !s.has(NoStartEvent);
}

} // namespace Osp
