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
    bool open(CollectorError *error);
    bool resolveSentinelMaster(QString *host, int *port, CollectorError *error);
    bool scanKeys(const QByteArray &pattern, QList<QByteArray> *keys, CollectorError *error);
    /// Maps an error reply (NOAUTH, WRONGTYPE, …) to a CollectorError naming what was asked.
    CollectorError replyError(const redisReply *reply, const QString &what) const;
    CollectorError connectionError(const CollectorError &e) const;
    bool traceHasError(const QByteArray &key, CollectorError *error);

    RedisConnection m_conn;
    int m_timeoutMs;
};

} // namespace Osp
