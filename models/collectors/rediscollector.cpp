#include "collectors/rediscollector.h"

#include "collectors/collectorevents.h"

#include <hiredis/hiredis.h>

#include <QHash>

#include <algorithm>

namespace Osp {

namespace {

const QByteArray OptPrefix = QByteArrayLiteral("osprofiler_opt:");
const QByteArray LegacyPrefix = QByteArrayLiteral("osprofiler:");
const QByteArray ErrorPrefix = QByteArrayLiteral("osprofiler_error:");

QByteArray globEscaped(const QByteArray &text)
{
    QByteArray out;
    for (char c : text) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

QString keyText(const QByteArray &key)
{
    return QString::fromUtf8(key);
}

} // namespace

RedisCollector::RedisCollector(ConnectionString url)
    : Collector(std::move(url))
    , m_timeoutMs(m_url.socketTimeoutMs(DefaultTimeoutMs))
{ }

void RedisCollector::cancel()
{
    Collector::cancel();
    m_conn.cancel();
}

CollectorError RedisCollector::connectionError(const CollectorError &e) const
{
    return error(e.kind, e.message);
}

CollectorError RedisCollector::replyError(const redisReply *reply, const QString &what) const
{
    const QString text = RedisConnection::replyText(reply);
    if (text.startsWith(QLatin1String("NOAUTH")))
        return error(CollectorError::Auth,
            QStringLiteral("the server needs a password (%1); give it in the connection "
                           "string: redis://:PASSWORD@host:port")
                .arg(text));
    if (text.startsWith(QLatin1String("WRONGPASS"))
        || text.contains(QLatin1String("invalid password"))
        || text.contains(QLatin1String("invalid username-password")))
        return error(
            CollectorError::Auth, QStringLiteral("wrong user name or password (%1)").arg(text));
    if (text.startsWith(QLatin1String("WRONGTYPE")))
        return error(CollectorError::Data,
            QStringLiteral("%1: the key does not hold what OSProfiler writes there (%2)")
                .arg(what, text));
    return error(CollectorError::Data, QStringLiteral("%1: %2").arg(what, text));
}

bool RedisCollector::resolveSentinelMaster(QString *host, int *port, CollectorError *err)
{
    // Every sentinel named: the URL's host and tooz/Kolla's sentinel_fallback=host:port.
    QList<QPair<QString, int>> sentinels { { m_url.host(), m_url.port() } };
    for (const QString &fallback : m_url.queryValues(QStringLiteral("sentinel_fallback"))) {
        const qsizetype colon = fallback.lastIndexOf(QLatin1Char(':'));
        sentinels.append({ colon > 0 ? fallback.left(colon) : fallback,
            colon > 0 ? fallback.mid(colon + 1).toInt() : 26379 });
    }
    const QByteArray service = m_url.sentinelService().toUtf8();
    QStringList failures;
    for (const auto &[sentinelHost, sentinelPort] : sentinels) {
        CollectorError e;
        if (!m_conn.connect(sentinelHost, sentinelPort, m_timeoutMs, &e)) {
            if (e.kind == CollectorError::Cancelled) {
                *err = error(e.kind, e.message);
                return false;
            }
            failures << e.message;
            continue;
        }
        RedisReplyPtr r = m_conn.command({ "SENTINEL", "get-master-addr-by-name", service }, &e);
        if (r && RedisConnection::replyText(r.get()).startsWith(QLatin1String("NOAUTH"))
            && !m_url.password().isEmpty()) {
            // A sentinel with requirepass: the same password as the master (Kolla).
            RedisReplyPtr auth = m_conn.command({ "AUTH", m_url.password().toUtf8() }, &e);
            if (auth && !RedisConnection::isError(auth.get()))
                r = m_conn.command({ "SENTINEL", "get-master-addr-by-name", service }, &e);
        }
        m_conn.close();
        if (!r) {
            if (e.kind == CollectorError::Cancelled) {
                *err = error(e.kind, e.message);
                return false;
            }
            failures << e.message;
            continue;
        }
        if (r->type == REDIS_REPLY_ARRAY && r->elements == 2) {
            *host = RedisConnection::replyText(r->element[0]);
            *port = RedisConnection::replyText(r->element[1]).toInt();
            return true;
        }
        if (RedisConnection::isError(r.get()))
            failures << QStringLiteral("sentinel %1:%2 answered: %3")
                            .arg(sentinelHost)
                            .arg(sentinelPort)
                            .arg(RedisConnection::replyText(r.get()));
        else
            failures << QStringLiteral("sentinel %1:%2 knows no master named '%3'")
                            .arg(sentinelHost)
                            .arg(sentinelPort)
                            .arg(QString::fromUtf8(service));
    }
    *err = error(CollectorError::Connection,
        QStringLiteral("no sentinel gave the address of the master '%1' (%2)")
            .arg(QString::fromUtf8(service), failures.join(QLatin1String("; "))));
    return false;
}

bool RedisCollector::open(CollectorError *err)
{
    m_conn.resetCancel();
    if (isCancelled()) {
        *err = error(CollectorError::Cancelled, QStringLiteral("cancelled"));
        return false;
    }
    QString host = m_url.host();
    int port = m_url.port();
    if (m_url.kind() == ConnectionString::Kind::RedisSentinel
        && !resolveSentinelMaster(&host, &port, err))
        return false;
    CollectorError e;
    if (!m_conn.connect(host, port, m_timeoutMs, &e)) {
        *err = connectionError(e);
        return false;
    }
    if (!m_url.password().isEmpty()) {
        std::vector<QByteArray> auth { "AUTH" };
        if (!m_url.user().isEmpty())
            auth.push_back(m_url.user().toUtf8()); // Redis 6 ACL user (Kolla: "default")
        auth.push_back(m_url.password().toUtf8());
        RedisReplyPtr r = m_conn.command(auth, &e);
        if (!r) {
            *err = connectionError(e);
            return false;
        }
        if (RedisConnection::isError(r.get())) {
            const QString text = RedisConnection::replyText(r.get());
            *err = text.contains(QLatin1String("without any password configured"))
                ? error(CollectorError::Auth,
                    QStringLiteral("a password was given but the server has none set (%1)")
                        .arg(text))
                : replyError(r.get(), QStringLiteral("AUTH"));
            if (err->kind != CollectorError::Auth)
                err->kind = CollectorError::Auth;
            return false;
        }
    }
    if (m_url.database() != QLatin1String("0")) {
        RedisReplyPtr r = m_conn.command({ "SELECT", m_url.database().toUtf8() }, &e);
        if (!r) {
            *err = connectionError(e);
            return false;
        }
        if (RedisConnection::isError(r.get())) {
            const QString text = RedisConnection::replyText(r.get());
            *err = text.startsWith(QLatin1String("NOAUTH"))
                ? replyError(r.get(), QStringLiteral("SELECT"))
                : error(CollectorError::NotFound,
                    QStringLiteral("cannot use database %1 (%2)").arg(m_url.database(), text));
            return false;
        }
    }
    return true;
}

bool RedisCollector::scanKeys(
    const QByteArray &pattern, QList<QByteArray> *keys, CollectorError *err)
{
    // SCAN, never KEYS: KEYS blocks a production Redis for the whole keyspace.
    QSet<QByteArray> seen; // SCAN may return a key twice
    QByteArray cursor = "0";
    do {
        CollectorError e;
        RedisReplyPtr r = m_conn.command({ "SCAN", cursor, "MATCH", pattern, "COUNT", "1000" }, &e);
        if (!r) {
            *err = connectionError(e);
            return false;
        }
        if (RedisConnection::isError(r.get())) {
            *err = replyError(r.get(), QStringLiteral("SCAN %1").arg(QString::fromUtf8(pattern)));
            return false;
        }
        if (r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
            *err = error(CollectorError::Data, QStringLiteral("unexpected reply to SCAN"));
            return false;
        }
        cursor = RedisConnection::replyText(r->element[0]).toUtf8();
        const redisReply *batch = r->element[1];
        for (size_t i = 0; i < batch->elements; ++i) {
            const QByteArray key(
                batch->element[i]->str, static_cast<qsizetype>(batch->element[i]->len));
            if (!seen.contains(key)) {
                seen.insert(key);
                keys->append(key);
            }
        }
        if (isCancelled()) {
            *err = error(CollectorError::Cancelled, QStringLiteral("cancelled"));
            return false;
        }
    } while (cursor != "0");
    return true;
}

bool RedisCollector::traceHasError(const QByteArray &key, CollectorError *err)
{
    // Reads the trace in chunks and looks for a stop event with info.etype, as the drivers'
    // filter_error_trace would have recorded it.
    for (long long start = 0;; start += ChunkSize) {
        CollectorError e;
        RedisReplyPtr r = m_conn.command(
            { "LRANGE", key, QByteArray::number(start), QByteArray::number(start + ChunkSize - 1) },
            &e);
        if (!r) {
            *err = connectionError(e);
            return false;
        }
        if (RedisConnection::isError(r.get()) || r->type != REDIS_REPLY_ARRAY)
            return false;
        for (size_t i = 0; i < r->elements; ++i) {
            const redisReply *item = r->element[i];
            if (item->type == REDIS_REPLY_STRING
                && CollectorEvents::isErrorStopValue(std::string_view(item->str, item->len)))
                return true;
        }
        if (r->elements < static_cast<size_t>(ChunkSize))
            return false;
    }
}

TraceListResult RedisCollector::listTraces(const TraceListOptions &options)
{
    resetCancel();
    TraceListResult result;
    CollectorError err;
    auto failed = [&](const CollectorError &e) {
        m_conn.close();
        if (e.kind == CollectorError::Cancelled || isCancelled(options.cancel))
            result.cancelled = true;
        else
            result.error = e;
        return result;
    };
    if (!open(&err))
        return failed(err);

    QList<QByteArray> keys;
    if (!scanKeys(OptPrefix + '*', &keys, &err))
        return failed(err);
    QStringList skipped;
    QHash<QString, size_t> rowOf;
    // Pipelined LLEN + LINDEX -1 (the oldest event: the real start, unlike `trace list`).
    constexpr qsizetype Batch = 256;
    for (qsizetype from = 0; from < keys.size(); from += Batch) {
        const qsizetype to = std::min(keys.size(), from + Batch);
        for (qsizetype i = from; i < to; ++i) {
            m_conn.append({ "LLEN", keys[i] });
            m_conn.append({ "LINDEX", keys[i], "-1" });
        }
        for (qsizetype i = from; i < to; ++i) {
            CollectorError e;
            RedisReplyPtr len = m_conn.reply(&e);
            RedisReplyPtr oldest = len ? m_conn.reply(&e) : RedisReplyPtr();
            if (!len || !oldest)
                return failed(connectionError(e));
            const QString key = keyText(keys[i]);
            if (RedisConnection::isError(len.get()) || RedisConnection::isError(oldest.get())) {
                const CollectorError bad = replyError(
                    RedisConnection::isError(len.get()) ? len.get() : oldest.get(), key);
                if (bad.kind == CollectorError::Auth)
                    return failed(bad);
                skipped << QStringLiteral("%1 (%2)").arg(
                    key, RedisConnection::replyText(len.get()));
                continue;
            }
            TraceSummary row;
            row.baseId = key.mid(OptPrefix.size());
            row.eventCount = len->integer;
            if (oldest->type != REDIS_REPLY_STRING
                || !CollectorEvents::summariseRedisValue(
                    std::string_view(oldest->str, oldest->len), row)) {
                skipped << QStringLiteral("%1 (holds %2, not an OSProfiler event)")
                               .arg(key,
                                   oldest->type == REDIS_REPLY_STRING ? CollectorEvents::preview(
                                       std::string_view(oldest->str, oldest->len))
                                                                      : QStringLiteral("no value"));
                continue;
            }
            rowOf.insert(row.baseId, result.traces.size());
            result.traces.push_back(std::move(row));
        }
        if (isCancelled(options.cancel))
            return failed(error(CollectorError::Cancelled, QStringLiteral("cancelled")));
    }

    // Legacy keys (OSProfiler < 2.8): one string per event, osprofiler:<base_id>_<trace_id>_<ts>.
    QList<QByteArray> legacy;
    if (!scanKeys(LegacyPrefix + '*', &legacy, &err))
        return failed(err);
    struct LegacyTrace
    {
        int64_t events = 0;
        QByteArray oldestKey;
        std::string oldestTs;
    };
    QHash<QString, LegacyTrace> legacyTraces;
    for (const QByteArray &key : legacy) {
        const QByteArray rest = key.mid(LegacyPrefix.size());
        const qsizetype firstUnderscore = rest.indexOf('_');
        const qsizetype lastUnderscore = rest.lastIndexOf('_');
        if (firstUnderscore <= 0 || lastUnderscore <= firstUnderscore) {
            skipped << QStringLiteral("%1 (not an OSProfiler legacy key)").arg(keyText(key));
            continue;
        }
        LegacyTrace &t = legacyTraces[QString::fromUtf8(rest.left(firstUnderscore))];
        ++t.events;
        const std::string ts = rest.mid(lastUnderscore + 1).toStdString();
        if (t.oldestKey.isEmpty() || ts < t.oldestTs) {
            t.oldestKey = key;
            t.oldestTs = ts;
        }
    }
    for (auto it = legacyTraces.cbegin(); it != legacyTraces.cend(); ++it)
        m_conn.append({ "GET", it->oldestKey });
    for (auto it = legacyTraces.cbegin(); it != legacyTraces.cend(); ++it) {
        CollectorError e;
        RedisReplyPtr value = m_conn.reply(&e);
        if (!value)
            return failed(connectionError(e));
        TraceSummary row;
        row.baseId = it.key();
        row.eventCount = it->events;
        if (value->type != REDIS_REPLY_STRING
            || !CollectorEvents::summariseRedisValue(
                std::string_view(value->str, value->len), row)) {
            skipped << QStringLiteral("%1 (not an OSProfiler event)").arg(keyText(it->oldestKey));
            continue;
        }
        if (auto existing = rowOf.find(row.baseId); existing != rowOf.end()) {
            TraceSummary &both = result.traces[*existing]; // legacy and list keys of one trace
            both.eventCount += row.eventCount;
            if (row.startUs && (!both.startUs || *row.startUs < *both.startUs)) {
                both.startUs = row.startUs;
                both.rootRequest = row.rootRequest;
            }
            continue;
        }
        rowOf.insert(row.baseId, result.traces.size());
        result.traces.push_back(std::move(row));
    }

    if (options.errorsOnly) {
        QList<QByteArray> errorKeys;
        if (!scanKeys(ErrorPrefix + '*', &errorKeys, &err))
            return failed(err);
        QSet<QString> withErrors;
        for (const QByteArray &key : errorKeys)
            withErrors.insert(keyText(key.mid(ErrorPrefix.size())));
        if (withErrors.isEmpty()) {
            result.notice = QStringLiteral(
                "the error index (osprofiler_error:*) is empty: the services do not set "
                "[profiler]/filter_error_trace = True (off by default); errors were found by "
                "reading the events");
            for (const TraceSummary &row : result.traces) {
                bool has = false;
                if (!traceHasError(OptPrefix + row.baseId.toUtf8(), &err)) {
                    if (err.kind == CollectorError::Cancelled || isCancelled(options.cancel))
                        return failed(
                            error(CollectorError::Cancelled, QStringLiteral("cancelled")));
                    if (!err.message.isEmpty() && err.kind != CollectorError::Data)
                        return failed(err);
                } else {
                    has = true;
                }
                if (!has && legacyTraces.contains(row.baseId)) {
                    // Legacy events: GET each one of this trace (old data, small).
                    QList<QByteArray> keysOfTrace;
                    if (!scanKeys(LegacyPrefix + globEscaped(row.baseId.toUtf8()) + '*',
                            &keysOfTrace, &err))
                        return failed(err);
                    for (const QByteArray &k : keysOfTrace)
                        m_conn.append({ "GET", k });
                    for (qsizetype i = 0; i < keysOfTrace.size(); ++i) {
                        CollectorError e;
                        RedisReplyPtr v = m_conn.reply(&e);
                        if (!v)
                            return failed(connectionError(e));
                        if (v->type == REDIS_REPLY_STRING
                            && CollectorEvents::isErrorStopValue(std::string_view(v->str, v->len)))
                            has = true;
                    }
                }
                if (has)
                    withErrors.insert(row.baseId);
                err = {};
            }
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
    m_conn.close();

    if (!skipped.isEmpty()) {
        const QString warn
            = QStringLiteral("skipped %1 key(s) that do not hold OSProfiler events: %2")
                  .arg(skipped.size())
                  .arg(skipped.mid(0, 5).join(QLatin1String(", ")));
        result.notice
            = result.notice.isEmpty() ? warn : result.notice + QStringLiteral("; ") + warn;
    }
    std::stable_sort(result.traces.begin(), result.traces.end(),
        [](const TraceSummary &a, const TraceSummary &b) {
            return a.startUs.value_or(0) > b.startUs.value_or(0);
        });
    return result;
}

FetchResult RedisCollector::fetchTrace(const QString &baseId, const LoadOptions &options)
{
    resetCancel();
    FetchResult result;
    CollectorError err;
    auto failed = [&](const CollectorError &e) {
        m_conn.close();
        if (e.kind == CollectorError::Cancelled || isCancelled(options.cancel))
            result.cancelled = true;
        else
            result.error = e;
        return result;
    };
    if (!open(&err))
        return failed(err);

    EventTraceBuilder builder;
    auto addEvent = [&](const char *data, size_t size, const QString &where) -> bool {
        QString why;
        if (CollectorEvents::addRedisValue(builder, std::string_view(data, size), &why))
            return true;
        err = error(CollectorError::Data, where + QLatin1Char(' ') + why);
        return false;
    };

    // OSProfiler's get_report reads the legacy keys first, then the list.
    const QByteArray id = baseId.toUtf8();
    QList<QByteArray> legacy;
    if (!scanKeys(LegacyPrefix + globEscaped(id) + '*', &legacy, &err))
        return failed(err);
    for (const QByteArray &key : legacy)
        m_conn.append({ "GET", key });
    for (const QByteArray &key : legacy) {
        CollectorError e;
        RedisReplyPtr v = m_conn.reply(&e);
        if (!v)
            return failed(connectionError(e));
        if (RedisConnection::isError(v.get()))
            return failed(replyError(v.get(), keyText(key)));
        if (v->type == REDIS_REPLY_STRING && !addEvent(v->str, v->len, keyText(key)))
            return failed(err);
    }

    const QByteArray key = OptPrefix + id;
    CollectorError e;
    RedisReplyPtr len = m_conn.command({ "LLEN", key }, &e);
    if (!len)
        return failed(connectionError(e));
    if (RedisConnection::isError(len.get()))
        return failed(replyError(len.get(), keyText(key)));
    const long long total = len->integer;
    if (total == 0 && builder.eventCount() == 0)
        return failed(notFound(baseId));

    // Chunks counted from the tail: a live trace LPUSHes at the head, which does not move the
    // tail indices, so chunks neither overlap nor skip while the trace is still being written.
    std::vector<RedisReplyPtr> chunks;
    for (long long done = 0; done < total; done += ChunkSize) {
        const long long count = std::min<long long>(ChunkSize, total - done);
        RedisReplyPtr r = m_conn.command(
            { "LRANGE", key, QByteArray::number(-(done + count)), QByteArray::number(-(done + 1)) },
            &e);
        if (!r)
            return failed(connectionError(e));
        if (RedisConnection::isError(r.get()))
            return failed(replyError(r.get(), keyText(key)));
        chunks.push_back(std::move(r));
        if (isCancelled(options.cancel))
            return failed(error(CollectorError::Cancelled, QStringLiteral("cancelled")));
        if (options.progress)
            options.progress(static_cast<int>((done + count) * 900 / total));
    }
    m_conn.close();
    // Newest first, as LRANGE 0 -1 gives them to OSProfiler.
    long long index = 0;
    for (auto chunk = chunks.rbegin(); chunk != chunks.rend(); ++chunk) {
        for (size_t i = 0; i < (*chunk)->elements; ++i, ++index) {
            const redisReply *item = (*chunk)->element[i];
            if (item->type != REDIS_REPLY_STRING
                || !addEvent(item->str, item->len,
                    QStringLiteral("%1 (element %2)").arg(keyText(key)).arg(index)))
                return failed(err);
        }
    }
    if (builder.eventCount() == 0)
        return failed(notFound(baseId));
    result.eventCount = builder.eventCount();
    result.trace = builder.finish(m_url.redacted() + QLatin1Char(' ') + baseId);
    if (options.progress)
        options.progress(1000);
    return result;
}

} // namespace Osp
