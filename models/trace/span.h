#pragma once

#include "trace/stringpool.h"

#include <cstdint>

namespace Osp {

using SpanIndex = uint32_t;
inline constexpr SpanIndex NoSpan = 0xFFFFFFFFu;

/// Per-span facts, as bits of Span::flags.
enum SpanFlag : uint32_t {
    NoStopEvent = 1u << 0, ///< unfinished: OSProfiler shows these as 0 ms
    NoStartEvent = 1u << 1, ///< only the stop event arrived
    HasError = 1u << 2, ///< exception other than "None"
    Orphan = 1u << 3, ///< top level, but its parent is not the trace's base id
    MsPrecision = 1u << 4, ///< no raw timestamps: times come from the report's whole ms
    HasStartedMs = 1u << 5, ///< the report had an integer "started" (round trip)
    HasFinishedMs = 1u << 6, ///< the report had an integer "finished" (round trip)
};

/// The hot record of one span (DESIGN.md, Core data): 56 bytes, stored depth-first pre-order
/// with siblings in start order, so a span's descendants are the subtreeSize - 1 records right
/// after it and its next sibling is the record after those (Trace::children walks that way).
/// With Trace's start order index that is 60 bytes a span, all the hot data there is (the
/// budget is 64 at 1M spans). The exception type is cold (SpanDetails): HasError says whether there
/// is one.
struct Span
{
    int64_t startUs = 0; ///< from the trace epoch (the earliest event)
    int64_t endUs = 0; ///< effective end: unfinished spans end with their last descendant
    int64_t selfUs = 0; ///< duration minus the union of the children's intervals inside it
    SpanIndex parent = NoSpan;
    uint32_t subtreeSize = 1;
    uint32_t depth = 0;
    StringId name = NoString; ///< full point name ("neutron.db", "my-op"), see Trace::reportName
    StringId service = NoString;
    StringId project = NoString;
    StringId host = NoString;
    uint32_t flags = 0;

    int64_t durationUs() const { return endUs - startUs; }
    bool has(SpanFlag f) const { return (flags & f) != 0; }
    SpanIndex subtreeEnd(SpanIndex self) const { return self + subtreeSize; }
};

static_assert(sizeof(Span) <= 56, "hot data, with the start order index, within 64 bytes a span");

} // namespace Osp
