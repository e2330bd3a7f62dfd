#pragma once

#include "collectors/collector.h"

class QSqlDatabase;

namespace Osp {

/// Reads the table `data` that OSProfiler's SQLAlchemy driver writes (sqlalchemy_driver.py,
/// osprofiler-format.md §4) through QtSql: MySQL/MariaDB, PostgreSQL, and SQLite files as a
/// local replay format. Each call opens its own QSqlDatabase under a unique name and removes
/// it before returning, so a call may run on any thread (Qt 6.4 cannot move one).
class SqlCollector : public Collector
{
public:
    explicit SqlCollector(ConnectionString url);

    TraceListResult listTraces(const TraceListOptions &options) override;
    FetchResult fetchTrace(const QString &baseId, const LoadOptions &options) override;

    static constexpr int DefaultTimeoutS = 15;

private:
    bool open(QSqlDatabase &db, CollectorError *error) const;
    template <typename Result, typename Work> Result withDatabase(Work work);
};

} // namespace Osp
