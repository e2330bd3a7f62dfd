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

bool SqlCollector::open(QSqlDatabase &db, CollectorError *err) const
{
    const QString driver = m_url.sqlDriver();
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        *err = error(CollectorError::Unsupported,
            QStringLiteral("the Qt SQL driver %1 is not installed (Debian package %2)")
                .arg(driver, debianPackage(driver)));
        return false;
    }
    if (driver == QLatin1String("QSQLITE")) {
        if (!QFileInfo(m_url.database()).isFile()) {
            *err = error(CollectorError::NotFound,
                QStringLiteral("no such SQLite file '%1'").arg(m_url.database()));
            return false;
        }
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
        CollectorError::Kind kind = CollectorError::Connection;
        if (text.contains(QLatin1String("Access denied"), Qt::CaseInsensitive)
            || text.contains(QLatin1String("password authentication failed"), Qt::CaseInsensitive)
            || text.contains(QLatin1String("no password supplied"), Qt::CaseInsensitive))
            kind = CollectorError::Auth;
        else if (text.contains(QLatin1String("Unknown database"), Qt::CaseInsensitive)
            || text.contains(QLatin1String("does not exist"), Qt::CaseInsensitive))
            kind = CollectorError::NotFound;
        else if (text.contains(QLatin1String("timeout"), Qt::CaseInsensitive)
            || text.contains(QLatin1String("timed out"), Qt::CaseInsensitive))
            kind = CollectorError::Timeout;
        *err = error(kind, QStringLiteral("cannot open the database: %1").arg(text.simplified()));
        return false;
    }
    if (!db.tables().contains(QStringLiteral("data"))) {
        *err = error(CollectorError::NotFound,
            QStringLiteral("database '%1' has no table 'data': OSProfiler's SQLAlchemy "
                           "driver has not written here")
                .arg(m_url.database()));
        return false;
    }
    return true;
}

template <typename Result, typename Work> Result SqlCollector::withDatabase(Work work)
{
    resetCancel();
    Result result;
    const QString name = uniqueConnectionName();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(m_url.sqlDriver(), name);
        CollectorError err;
        if (!open(db, &err))
            result.error = err;
        else
            work(db, result);
        db.close();
    } // the last QSqlDatabase copy must be gone before removeDatabase
    QSqlDatabase::removeDatabase(name);
    if (result.error && result.error->kind == CollectorError::Cancelled) {
        result.error.reset();
        result.cancelled = true;
    }
    return result;
}

TraceListResult SqlCollector::listTraces(const TraceListOptions &options)
{
    return withDatabase<TraceListResult>([&](QSqlDatabase &db, TraceListResult &result) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        // One row per trace: its oldest event (the real start) and the event count.
        const QString sql = QStringLiteral(
            "SELECT d.base_id, d.timestamp, d.name, d.data, m.n FROM data d JOIN "
            "(SELECT base_id, MIN(timestamp) AS ts, COUNT(*) AS n FROM data GROUP BY base_id) m "
            "ON d.base_id = m.base_id AND d.timestamp = m.ts ORDER BY d.id");
        if (!q.exec(sql)) {
            result.error = error(CollectorError::Data,
                QStringLiteral("cannot list the traces: %1").arg(q.lastError().text()));
            return;
        }
        QSet<QString> seen;
        while (q.next()) {
            if (isCancelled(options.cancel)) {
                result.error = error(CollectorError::Cancelled, QStringLiteral("cancelled"));
                return;
            }
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
                            .arg(dataText))) {
                result.error = error(CollectorError::Data, e.lastError().text());
                return;
            }
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
    });
}

FetchResult SqlCollector::fetchTrace(const QString &baseId, const LoadOptions &options)
{
    return withDatabase<FetchResult>([&](QSqlDatabase &db, FetchResult &result) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(
            QStringLiteral("SELECT id, timestamp, base_id, parent_id, trace_id, project, "
                           "host, service, name, data FROM data WHERE base_id = ? ORDER BY id"));
        q.addBindValue(baseId);
        if (!q.exec()) {
            result.error = error(CollectorError::Data,
                QStringLiteral("cannot read trace %1: %2").arg(baseId, q.lastError().text()));
            return;
        }
        EventTraceBuilder builder;
        while (q.next()) {
            if (isCancelled(options.cancel)) {
                result.error = error(CollectorError::Cancelled, QStringLiteral("cancelled"));
                return;
            }
            const QString where
                = QStringLiteral("table data, row id %1").arg(q.value(0).toString());
            const CollectorEvents::SqlRow row { q.value(1), q.value(2), q.value(3), q.value(4),
                q.value(5), q.value(6), q.value(7), q.value(8), q.value(9).toByteArray() };
            QString why;
            if (!CollectorEvents::addSqlRow(builder, row, &why)) {
                result.error
                    = error(CollectorError::Data, QStringLiteral("%1: %2").arg(where, why));
                return;
            }
        }
        if (builder.eventCount() == 0) {
            result.error = notFound(baseId);
            return;
        }
        result.eventCount = builder.eventCount();
        result.trace = builder.finish(m_url.redacted() + QLatin1Char(' ') + baseId);
        if (options.progress)
            options.progress(1000);
    });
}

} // namespace Osp
