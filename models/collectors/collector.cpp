#include "collector.h"

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

} // namespace Osp
