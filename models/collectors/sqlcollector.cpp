#include "collectors/sqlcollector.h"

#include "collectors/collectorevents.h"
#include "util/timestamp.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

namespace Osp {

namespace {

QString uniqueConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("osp-collector-%1").arg(counter.fetchAndAddRelaxed(1));
}

QString debianPackage(const QString &driver)
{
    if (driver == QLatin1String("QMYSQL"))
        return QStringLiteral("libqt6sql6-mysql");
    if (driver == QLatin1String("QPSQL"))
        return QStringLiteral("libqt6sql6-psql");
    return QStringLiteral("libqt6sql6-sqlite");
}

} // namespace

SqlCollector::SqlCollector(ConnectionString url)
    : Collector(std::move(url))
{ }

Result<void> SqlCollector::open(QSqlDatabase &db) const
{
    const QString driver = m_url.sqlDriver();
    if (!QSqlDatabase::isDriverAvailable(driver))
        return error(Error::Unsupported,
            QStringLiteral("the Qt SQL driver %1 is not installed (Debian package %2)")
                .arg(driver, debianPackage(driver)));
    if (driver == QLatin1String("QSQLITE")) {
        if (!QFileInfo(m_url.database()).isFile())
            return error(
                Error::NotFound, QStringLiteral("no such SQLite file '%1'").arg(m_url.database()));
        db.setDatabaseName(m_url.database());
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    } else {
        db.setHostName(m_url.host());
        db.setPort(m_url.port());
        db.setUserName(m_url.user());
        db.setPassword(m_url.password());
        db.setDatabaseName(m_url.database());
        const int timeout = m_url.socketTimeoutMs(DefaultTimeoutS * 1000) / 1000;
        const QString t = QString::number(std::max(1, timeout));
        // Socket-level timeouts: a hung server must not hang the I/O thread for ever.
        db.setConnectOptions(driver == QLatin1String("QMYSQL")
                ? QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=%1;MYSQL_OPT_READ_TIMEOUT=%1;"
                                 "MYSQL_OPT_WRITE_TIMEOUT=%1")
                      .arg(t)
                : QStringLiteral("connect_timeout=%1").arg(t));
    }
    if (!db.open()) {
        const QSqlError e = db.lastError();
        const QString text = e.text();
        Error::Kind kind = Error::Connection;
        if (text.contains(QLatin1String("Access denied"), Qt::CaseInsensitive)
            || text.contains(QLatin1String("password authentication failed"), Qt::CaseInsensitive)
            || text.contains(QLatin1String("no password supplied"), Qt::CaseInsensitive))
            kind = Error::Auth;
        else if (text.contains(QLatin1String("Unknown database"), Qt::CaseInsensitive)
            || text.contains(QLatin1String("does not exist"), Qt::CaseInsensitive))
            kind = Error::NotFound;
        else if (text.contains(QLatin1String("timeout"), Qt::CaseInsensitive)
            || text.contains(QLatin1String("timed out"), Qt::CaseInsensitive))
            kind = Error::Timeout;
        return error(kind, QStringLiteral("cannot open the database: %1").arg(text.simplified()));
    }
    if (!db.tables().contains(QStringLiteral("data")))
        return error(Error::NotFound,
            QStringLiteral("database '%1' has no table 'data': OSProfiler's SQLAlchemy "
                           "driver has not written here")
                .arg(m_url.database()));
    return {};
}

template <typename T, typename Work> Result<T> SqlCollector::withDatabase(Work work)
{
    resetCancel();
    Result<T> result = Error::cancelled();
    const QString name = uniqueConnectionName();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(m_url.sqlDriver(), name);
        const Result<void> opened = open(db);
        result = opened.ok() ? work(db) : Result<T>(opened.error());
        db.close();
    } // the last QSqlDatabase copy must be gone before removeDatabase
    QSqlDatabase::removeDatabase(name);
    if (result.cancelled())
        return Error::cancelled();
    return result;
}

TraceListResult SqlCollector::listTraces(const TraceListOptions &options)
{
    return withDatabase<TraceList>([&](QSqlDatabase &db) -> TraceListResult {
        TraceList result;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        // One row per trace: its oldest event (the real start) and the event count.
        const QString sql = QStringLiteral(
            "SELECT d.base_id, d.timestamp, d.name, d.data, m.n FROM data d JOIN "
            "(SELECT base_id, MIN(timestamp) AS ts, COUNT(*) AS n FROM data GROUP BY base_id) m "
            "ON d.base_id = m.base_id AND d.timestamp = m.ts ORDER BY d.id");
        if (!q.exec(sql))
            return error(Error::Data,
                QStringLiteral("cannot list the traces: %1").arg(q.lastError().text()));
        QSet<QString> seen;
        while (q.next()) {
            if (isCancelled(options.cancel))
                return Error::cancelled();
            TraceSummary row;
            row.baseId = q.value(0).toString();
            if (seen.contains(row.baseId))
                continue;
            seen.insert(row.baseId);
            row.startUs = Timestamp::parseUtcMicros(q.value(1).toString().toStdString());
            row.eventCount = q.value(4).toLongLong();
            if (q.value(2).toString() == QLatin1String("wsgi-start"))
                row.rootRequest = CollectorEvents::sqlRootRequest(q.value(3).toByteArray());
            result.traces.push_back(std::move(row));
        }
        if (options.errorsOnly) {
            // The SQLAlchemy driver keeps no error index: find stop events with info.etype.
            result.notice = QStringLiteral("the SQL collector keeps no error index; errors were "
                                           "found by reading the stop events");
            QSqlQuery e(db);
            e.setForwardOnly(true);
            // PostgreSQL's json type has no LIKE: compare its text.
            const QString dataText = m_url.sqlDriver() == QLatin1String("QPSQL")
                ? QStringLiteral("CAST(data AS TEXT)")
                : QStringLiteral("data");
            if (!e.exec(QStringLiteral("SELECT base_id, data FROM data WHERE name LIKE '%-stop' "
                                       "AND %1 LIKE '%etype%'")
                            .arg(dataText)))
                return error(Error::Data, e.lastError().text());
            QSet<QString> withErrors;
            while (e.next()) {
                if (CollectorEvents::sqlDataHasError(e.value(1).toByteArray()))
                    withErrors.insert(e.value(0).toString());
            }
            std::vector<TraceSummary> kept;
            for (TraceSummary &row : result.traces) {
                if (withErrors.contains(row.baseId)) {
                    row.hasError = true;
                    kept.push_back(std::move(row));
                }
            }
            result.traces = std::move(kept);
        }
        std::stable_sort(result.traces.begin(), result.traces.end(),
            [](const TraceSummary &a, const TraceSummary &b) {
                return a.startUs.value_or(0) > b.startUs.value_or(0);
            });
        return result;
    });
}

FetchResult SqlCollector::fetchTrace(const QString &baseId, const LoadOptions &options)
{
    return withDatabase<FetchedTrace>([&](QSqlDatabase &db) -> FetchResult {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(
            QStringLiteral("SELECT id, timestamp, base_id, parent_id, trace_id, project, "
                           "host, service, name, data FROM data WHERE base_id = ? ORDER BY id"));
        q.addBindValue(baseId);
        if (!q.exec())
            return error(Error::Data,
                QStringLiteral("cannot read trace %1: %2").arg(baseId, q.lastError().text()));
        EventTraceBuilder builder;
        while (q.next()) {
            if (isCancelled(options.cancel))
                return Error::cancelled();
            const QString where
                = QStringLiteral("table data, row id %1").arg(q.value(0).toString());
            const CollectorEvents::SqlRow row { q.value(1), q.value(2), q.value(3), q.value(4),
                q.value(5), q.value(6), q.value(7), q.value(8), q.value(9).toByteArray() };
            if (const Result<void> added = CollectorEvents::addSqlRow(builder, row); !added.ok())
                return error(
                    Error::Data, QStringLiteral("%1: %2").arg(where, added.error().message));
        }
        if (builder.eventCount() == 0)
            return notFound(baseId);
        FetchedTrace fetched;
        fetched.eventCount = builder.eventCount();
        fetched.trace = builder.finish(m_url.redacted() + QLatin1Char(' ') + baseId);
        if (options.progress)
            options.progress(1000);
        return fetched;
    });
}

} // namespace Osp
