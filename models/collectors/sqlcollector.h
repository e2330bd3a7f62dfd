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
    Result<void> open(QSqlDatabase &db) const;
    /// Runs work(db) -> Result<T> on a database opened for this call only.
    template <typename T, typename Work> Result<T> withDatabase(Work work);
};

} // namespace Osp
