#pragma once

#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace Osp {

/// How spans are grouped into statistics rows.
enum class GroupBy : uint8_t { Type, Service, Host, Project, Path };

/// One group of spans (one span type, service, host, project or call path).
struct StatsRow
{
    std::string key; ///< the group's text ("neutron.db", "wsgi > rpc > db"); "" for none
    StringId keyId = NoString; ///< the interned key (NoString for call paths)
    size_t count = 0; ///< every span of the group, unfinished ones included
    size_t unfinished = 0; ///< spans left out of the durations: no stop (or no start) event
    size_t errors = 0;
    int64_t totalUs = 0; ///< sum of durations (nested spans of the group count again)
    int64_t selfTotalUs = 0; ///< sum of self times
    int64_t averageUs = 0;
    int64_t medianUs = 0; ///< percentiles interpolate linearly between ranks (numpy default)
    int64_t p95Us = 0;
    int64_t maxUs = 0;
    int64_t coveredUs = 0; ///< union of the group's intervals: wall time with one running
    double share = 0; ///< coveredUs / trace length: never double counts nesting
    std::vector<SpanIndex> spans; ///< the group's spans in pre-order, to step through them
};

/// Statistics of a trace, one row per group, heaviest total first.
struct Statistics
{
    GroupBy by = GroupBy::Type;
    std::vector<StatsRow> rows;
    int64_t traceUs = 0; ///< trace length the shares are taken of (epoch to last end)
    bool cancelled = false;
};

/// Columns statistics rows can be sorted by.
enum class StatsColumn : uint8_t { Key, Count, Total, SelfTotal, Average, Median, P95, Max, Share };

/// Groups every span and computes the figures; O(n log n), off the GUI thread.
Statistics computeStatistics(
    const Trace &trace, GroupBy by, const std::atomic<bool> *cancel = nullptr);

/// Sorts rows in place by column (ties by key), for sortable tables.
void sortStatsRows(std::vector<StatsRow> &rows, StatsColumn column, bool descending);

/// Linear-interpolation percentile (0..1) of ascending values, as numpy's default.
int64_t percentileOfSorted(const std::vector<int64_t> &sorted, double q);

} // namespace Osp
