#include "collectors/collector.h"

#include "collectors/rediscollector.h"
#include "collectors/sqlcollector.h"

namespace Osp {

Result<std::unique_ptr<Collector>> Collector::create(const QString &connectionString)
{
    const ConnectionString url = ConnectionString::parse(connectionString);
    switch (url.kind()) {
    case ConnectionString::Kind::Redis:
    case ConnectionString::Kind::RedisSentinel:
        return std::unique_ptr<Collector>(std::make_unique<RedisCollector>(url));
    case ConnectionString::Kind::Sql:
        return std::unique_ptr<Collector>(std::make_unique<SqlCollector>(url));
    case ConnectionString::Kind::RedisTls:
    case ConnectionString::Kind::Unsupported:
    case ConnectionString::Kind::Invalid:
        break;
    }
    return Error { .kind = Error::Unsupported, .message = url.error() };
}

TraceDetailsResult Collector::traceDetails(const QString &baseId, const std::atomic<bool> *cancel)
{
    LoadOptions options;
    options.cancel = cancel;
    const FetchResult fetched = fetchTrace(baseId, options);
    if (!fetched.ok())
        return fetched.error();
    return detailsOf(*fetched.value().trace, fetched.value().eventCount);
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
