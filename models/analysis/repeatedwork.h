#pragma once

#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace Osp {

/// The same normalised SQL statement run several times under one parent span.
struct RepeatedGroup
{
    SpanIndex parent = NoSpan; ///< NoSpan: top-level statements
    std::string statement; ///< SqlNormalizer::normalize of the statements
    size_t count = 0;
    int64_t totalUs = 0; ///< summed durations (unfinished ones left out)
    std::vector<SpanIndex> spans; ///< pre-order
};

/// Repeated work: "this wsgi call ran the same SELECT 988 times, 2.1 s in total" (the N+1
/// pattern). Groups SQL spans by (parent, normalised statement), heaviest total first.
struct RepeatedWork
{
    std::vector<RepeatedGroup> groups;
    size_t sqlSpans = 0; ///< spans recognised as SQL
    bool cancelled = false;

    /// Groups with at least minCount statements. Each distinct statement text is normalised
    /// once (summaries are interned), so the cost is O(n) plus the distinct statements.
    static RepeatedWork compute(
        const Trace &trace, size_t minCount = 2, const std::atomic<bool> *cancel = nullptr);

    /// A span is SQL when named "db" or "<project>.db", or when its summary reads as SQL.
    static bool isSqlSpan(const Trace &trace, SpanIndex i);
};

} // namespace Osp
