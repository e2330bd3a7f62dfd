#pragma once

#include "collectors/collector.h"
#include "collectors/redisconnection.h"

#include <QSet>

namespace Osp {

/// Reads OSProfiler's Redis collector (osprofiler/drivers/redis_driver.py) with hiredis: the
/// lists `osprofiler_opt:<base_id>` (LPUSHed, newest first), the legacy per-event keys
/// `osprofiler:<base_id>_<trace_id>_<timestamp>` and the error index `osprofiler_error:*`;
/// direct, through `redissentinel://` or `redis://…?sentinel=NAME`.
class RedisCollector : public Collector
{
public:
    explicit RedisCollector(ConnectionString url);

    TraceListResult listTraces(const TraceListOptions &options) override;
    FetchResult fetchTrace(const QString &baseId, const LoadOptions &options) override;
    void cancel() override;

    /// Default socket timeout when the URL has no socket_timeout=.
    static constexpr int DefaultTimeoutMs = 15000;
    /// Events per LRANGE: big traces are read in chunks, with progress and cancel between.
    static constexpr int ChunkSize = 10000;

private:
    Result<void> open();
    /// The master's host and port, as the sentinels tell it.
    Result<std::pair<QString, int>> resolveSentinelMaster();
    Result<QList<QByteArray>> scanKeys(const QByteArray &pattern);
    /// Maps an error reply (NOAUTH, WRONGTYPE, …) to an Error naming what was asked.
    Error replyError(const redisReply *reply, const QString &what) const;
    /// A connection's error, naming this collector.
    Error connectionError(const Error &e) const;
    /// Whether a trace's list holds a stop event with info.etype; an error only when the
    /// connection failed (a key that is not a list holds no error).
    Result<bool> traceHasError(const QByteArray &key);

    RedisConnection m_conn;
    int m_timeoutMs;
};

} // namespace Osp
