#include "collectors/collector.h"

#include "collectors/rediscollector.h"
#include "collectors/sqlcollector.h"

namespace Osp {

std::unique_ptr<Collector> Collector::create(const QString &connectionString, CollectorError *error)
{
    const ConnectionString url = ConnectionString::parse(connectionString);
    switch (url.kind()) {
    case ConnectionString::Kind::Redis:
    case ConnectionString::Kind::RedisSentinel:
        return std::make_unique<RedisCollector>(url);
    case ConnectionString::Kind::Sql:
        return std::make_unique<SqlCollector>(url);
    case ConnectionString::Kind::RedisTls:
    case ConnectionString::Kind::Unsupported:
        *error = { CollectorError::Unsupported, {}, url.error() };
        return nullptr;
    case ConnectionString::Kind::Invalid:
        break;
    }
    *error = { CollectorError::Unsupported, {}, url.error() };
    return nullptr;
}

TraceDetailsResult Collector::traceDetails(const QString &baseId, const std::atomic<bool> *cancel)
{
    LoadOptions options;
    options.cancel = cancel;
    FetchResult fetched = fetchTrace(baseId, options);
    TraceDetailsResult result;
    result.cancelled = fetched.cancelled;
    result.error = fetched.error;
    if (fetched.ok())
        result.details = detailsOf(*fetched.trace, fetched.eventCount);
    return result;
}

TraceDetails Collector::detailsOf(const Trace &trace, size_t eventCount)
{
    TraceDetails d;
    d.durationUs = trace.endUs();
    d.hasError = trace.errorCount() > 0;
    d.spanCount = trace.spanCount();
    d.unfinishedCount = trace.unfinishedCount();
    d.eventCount = eventCount;
    std::vector<bool> seen;
    for (const Span &span : trace.spans()) {
        if (span.service == NoString)
            continue;
        if (seen.size() <= span.service)
            seen.resize(span.service + 1, false);
        if (!seen[span.service]) {
            seen[span.service] = true;
            d.services << trace.text(span.service);
        }
    }
    return d;
}

} // namespace Osp
