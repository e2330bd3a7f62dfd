#pragma once

#include "collectors/collectortypes.h"
#include "collectors/connectionstring.h"
#include "util/cancellation.h"

#include <atomic>
#include <memory>

namespace Osp {

/// A live OSProfiler collector (Redis, SQL) behind one interface: list the traces, fetch one,
/// cancel. The calls block and run on the calling thread; the GUI goes through CollectorRunner,
/// which runs them on the collector I/O pool. One call at a time per object; cancel() may be
/// called from any thread and makes the running call return at once (Cancelled).
class Collector
{
public:
    explicit Collector(ConnectionString url)
        : m_url(std::move(url))
    { }
    virtual ~Collector() = default;
    Collector(const Collector &) = delete;
    Collector &operator=(const Collector &) = delete;

    /// Creates the collector for a connection string, or an Unsupported error (bad URL,
    /// rediss://, a collector that cannot be read live).
    static Result<std::unique_ptr<Collector>> create(const QString &connectionString);

    virtual TraceListResult listTraces(const TraceListOptions &options) = 0;
    /// Reads one trace's events in the collector's order into an EventTraceBuilder.
    virtual FetchResult fetchTrace(const QString &baseId, const LoadOptions &options) = 0;
    /// Duration, services and error flag of one trace (for the list's visible rows). Reads the
    /// trace; a collector that can answer more cheaply overrides it.
    virtual TraceDetailsResult traceDetails(
        const QString &baseId, const std::atomic<bool> *cancel = nullptr);
    virtual void cancel() { m_cancelled = true; }

    /// The details of a trace already read.
    static TraceDetails detailsOf(const Trace &trace, size_t eventCount);

    const ConnectionString &url() const { return m_url; }

protected:
    /// Called at the start of every call.
    void resetCancel() { m_cancelled = false; }
    bool isCancelled(const std::atomic<bool> *external = nullptr) const
    {
        return m_cancelled.load() || Osp::isCancelled(external);
    }
    /// An error naming this collector, with any password in the message redacted.
    Error error(Error::Kind kind, const QString &message) const
    {
        return Error { .kind = kind,
            .message = ConnectionString::redactText(message),
            .source = m_url.redacted() };
    }
    /// OSProfiler's own wording (osprofiler/cmd/commands.py), so people recognise it.
    Error notFound(const QString &baseId) const
    {
        return error(Error::NotFound,
            QStringLiteral("Trace with UUID %1 not found. Please check the HMAC key used "
                           "in the command.")
                .arg(baseId));
    }

    ConnectionString m_url;
    std::atomic<bool> m_cancelled { false };
};

} // namespace Osp
