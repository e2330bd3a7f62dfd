#pragma once

#include "trace/loadresult.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace Osp {

/// What went wrong talking to a collector; message never holds a password.
struct CollectorError
{
    enum Kind {
        NotFound, ///< the trace id is not in the collector
        Connection, ///< refused, unreachable, dropped
        Timeout, ///< no answer within the socket timeout
        Auth, ///< NOAUTH, WRONGPASS, access denied
        Data, ///< the collector holds something that is not OSProfiler's
        Unsupported, ///< TLS, a collector we cannot read live, a missing Qt SQL driver
        Cancelled,
    };
    Kind kind = Connection;
    QString source; ///< the redacted connection string
    QString message; ///< what failed and, where we know it, what to do
    /// "redis://:***@127.0.0.1:6379/0: connection refused"
    QString toString() const
    {
        return source.isEmpty() ? message : source + QStringLiteral(": ") + message;
    }
};

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
struct TraceDetailsResult
{
    std::optional<TraceDetails> details;
    std::optional<CollectorError> error;
    bool cancelled = false;
};

/// What to list.
struct TraceListOptions
{
    bool errorsOnly = false;
    const std::atomic<bool> *cancel = nullptr;
};

/// A trace list, newest first, or an error.
struct TraceListResult
{
    std::vector<TraceSummary> traces;
    std::optional<CollectorError> error;
    QString notice; ///< e.g. "the error index is empty; errors were found from the events"
    bool cancelled = false;
    bool ok() const { return !error && !cancelled; }
};

/// One trace read from a collector, or an error.
struct FetchResult
{
    TracePtr trace;
    size_t eventCount = 0; ///< events read (Follow and `profile` watch it grow)
    std::optional<CollectorError> error;
    bool cancelled = false;
    bool ok() const { return trace && !error; }
};

} // namespace Osp
