#pragma once

#include "trace/loadresult.h"
#include "util/result.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace Osp {

/// One row of a collector's trace list: what can be known cheaply (DESIGN.md, Threads).
struct TraceSummary
{
    QString baseId;
    std::optional<int64_t> startUs; ///< oldest event, µs since the Unix epoch (UTC)
    int64_t eventCount = 0;
    QString rootRequest; ///< "POST /v2.1/servers" when the oldest event is a wsgi start
    bool hasError = false; ///< known from the error index or the events (errors-only list)
    int64_t spanCount() const { return (eventCount + 1) / 2; }
};

/// What a trace list row learns only by reading the trace: filled lazily, for the rows on
/// screen (DESIGN.md, Threads), and cached per trace id.
struct TraceDetails
{
    int64_t durationUs = 0; ///< earliest event to latest end
    QStringList services; ///< in the order they first appear (depth-first)
    bool hasError = false;
    size_t spanCount = 0;
    size_t unfinishedCount = 0; ///< spans without a stop event: the duration is a lower bound
    size_t eventCount = 0; ///< events read: a later re-list with more events makes it stale
};

/// One trace's details, or why they could not be read.
using TraceDetailsResult = Result<TraceDetails>;

/// What to list.
struct TraceListOptions
{
    bool errorsOnly = false;
    const std::atomic<bool> *cancel = nullptr;
};

/// A collector's traces, newest first.
struct TraceList
{
    std::vector<TraceSummary> traces;
    QString notice; ///< e.g. "the error index is empty; errors were found from the events"
};

/// A trace list or an error. Collector errors carry the redacted connection string as their
/// source and never a password; a cancelled call is Error::cancelled().
using TraceListResult = Result<TraceList>;

/// One trace read from a collector.
struct FetchedTrace
{
    TracePtr trace;
    size_t eventCount = 0; ///< events read (Follow and `profile` watch it grow)
};

/// One trace read from a collector, or an error.
using FetchResult = Result<FetchedTrace>;

} // namespace Osp
