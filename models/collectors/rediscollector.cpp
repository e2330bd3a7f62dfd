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

Error RedisCollector::connectionError(const Error &e) const
{
    return error(e.kind, e.message);
}

Error RedisCollector::replyError(const redisReply *reply, const QString &what) const
{
    const QString text = RedisConnection::replyText(reply);
    if (text.startsWith(QLatin1String("NOAUTH")))
        return error(Error::Auth,
            QStringLiteral("the server needs a password (%1); give it in the connection "
                           "string: redis://:PASSWORD@host:port")
                .arg(text));
    if (text.startsWith(QLatin1String("WRONGPASS"))
        || text.contains(QLatin1String("invalid password"))
        || text.contains(QLatin1String("invalid username-password")))
        return error(Error::Auth, QStringLiteral("wrong user name or password (%1)").arg(text));
    if (text.startsWith(QLatin1String("WRONGTYPE")))
        return error(Error::Data,
            QStringLiteral("%1: the key does not hold what OSProfiler writes there (%2)")
                .arg(what, text));
    return error(Error::Data, QStringLiteral("%1: %2").arg(what, text));
}

Result<std::pair<QString, int>> RedisCollector::resolveSentinelMaster()
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
        if (const Result<void> connected = m_conn.connect(sentinelHost, sentinelPort, m_timeoutMs);
            !connected.ok()) {
            if (connected.cancelled())
                return connectionError(connected.error());
            failures << connected.error().message;
            continue;
        }
        Result<RedisReplyPtr> r
            = m_conn.command({ "SENTINEL", "get-master-addr-by-name", service });
        if (r.ok()
            && RedisConnection::replyText(r.value().get()).startsWith(QLatin1String("NOAUTH"))
            && !m_url.password().isEmpty()) {
            // A sentinel with requirepass: the same password as the master (Kolla).
            const Result<RedisReplyPtr> auth
                = m_conn.command({ "AUTH", m_url.password().toUtf8() });
            if (auth.ok() && !RedisConnection::isError(auth.value().get()))
                r = m_conn.command({ "SENTINEL", "get-master-addr-by-name", service });
        }
        m_conn.close();
        if (!r.ok()) {
            if (r.cancelled())
                return connectionError(r.error());
            failures << r.error().message;
            continue;
        }
        const redisReply *answer = r.value().get();
        if (answer->type == REDIS_REPLY_ARRAY && answer->elements == 2)
            return std::pair { RedisConnection::replyText(answer->element[0]),
                RedisConnection::replyText(answer->element[1]).toInt() };
        if (RedisConnection::isError(answer))
            failures << QStringLiteral("sentinel %1:%2 answered: %3")
                            .arg(sentinelHost)
                            .arg(sentinelPort)
                            .arg(RedisConnection::replyText(answer));
        else
            failures << QStringLiteral("sentinel %1:%2 knows no master named '%3'")
                            .arg(sentinelHost)
                            .arg(sentinelPort)
                            .arg(QString::fromUtf8(service));
    }
    return error(Error::Connection,
        QStringLiteral("no sentinel gave the address of the master '%1' (%2)")
            .arg(QString::fromUtf8(service), failures.join(QLatin1String("; "))));
}

Result<void> RedisCollector::open()
{
    m_conn.resetCancel();
    if (isCancelled())
        return Error::cancelled();
    QString host = m_url.host();
    int port = m_url.port();
    if (m_url.kind() == ConnectionString::Kind::RedisSentinel) {
        const Result<std::pair<QString, int>> master = resolveSentinelMaster();
        if (!master.ok())
            return master.error();
        std::tie(host, port) = master.value();
    }
    if (const Result<void> connected = m_conn.connect(host, port, m_timeoutMs); !connected.ok())
        return connectionError(connected.error());
    if (!m_url.password().isEmpty()) {
        std::vector<QByteArray> auth { "AUTH" };
        if (!m_url.user().isEmpty())
            auth.push_back(m_url.user().toUtf8()); // Redis 6 ACL user (Kolla: "default")
        auth.push_back(m_url.password().toUtf8());
        const Result<RedisReplyPtr> r = m_conn.command(auth);
        if (!r.ok())
            return connectionError(r.error());
        if (RedisConnection::isError(r.value().get())) {
            const QString text = RedisConnection::replyText(r.value().get());
            Error refused = text.contains(QLatin1String("without any password configured"))
                ? error(Error::Auth,
                    QStringLiteral("a password was given but the server has none set (%1)")
                        .arg(text))
                : replyError(r.value().get(), QStringLiteral("AUTH"));
            refused.kind = Error::Auth;
            return refused;
        }
    }
    if (m_url.database() != QLatin1String("0")) {
        const Result<RedisReplyPtr> r = m_conn.command({ "SELECT", m_url.database().toUtf8() });
        if (!r.ok())
            return connectionError(r.error());
        if (RedisConnection::isError(r.value().get())) {
            const QString text = RedisConnection::replyText(r.value().get());
            return text.startsWith(QLatin1String("NOAUTH"))
                ? replyError(r.value().get(), QStringLiteral("SELECT"))
                : error(Error::NotFound,
                    QStringLiteral("cannot use database %1 (%2)").arg(m_url.database(), text));
        }
    }
    return {};
}

Result<QList<QByteArray>> RedisCollector::scanKeys(const QByteArray &pattern)
{
    // SCAN, never KEYS: KEYS blocks a production Redis for the whole keyspace.
    QList<QByteArray> keys;
    QSet<QByteArray> seen; // SCAN may return a key twice
    QByteArray cursor = "0";
    do {
        const Result<RedisReplyPtr> r
            = m_conn.command({ "SCAN", cursor, "MATCH", pattern, "COUNT", "1000" });
        if (!r.ok())
            return connectionError(r.error());
        const redisReply *answer = r.value().get();
        if (RedisConnection::isError(answer))
            return replyError(answer, QStringLiteral("SCAN %1").arg(QString::fromUtf8(pattern)));
        if (answer->type != REDIS_REPLY_ARRAY || answer->elements != 2)
            return error(Error::Data, QStringLiteral("unexpected reply to SCAN"));
        cursor = RedisConnection::replyText(answer->element[0]).toUtf8();
        const redisReply *batch = answer->element[1];
        for (size_t i = 0; i < batch->elements; ++i) {
            const QByteArray key(
                batch->element[i]->str, static_cast<qsizetype>(batch->element[i]->len));
            if (!seen.contains(key)) {
                seen.insert(key);
                keys.append(key);
            }
        }
        if (isCancelled())
            return Error::cancelled();
    } while (cursor != "0");
    return keys;
}

Result<bool> RedisCollector::traceHasError(const QByteArray &key)
{
    // Reads the trace in chunks and looks for a stop event with info.etype, as the drivers'
    // filter_error_trace would have recorded it.
    for (long long start = 0;; start += ChunkSize) {
        const Result<RedisReplyPtr> r = m_conn.command({ "LRANGE", key, QByteArray::number(start),
            QByteArray::number(start + ChunkSize - 1) });
        if (!r.ok())
            return connectionError(r.error());
        const redisReply *answer = r.value().get();
        if (RedisConnection::isError(answer) || answer->type != REDIS_REPLY_ARRAY)
            return false;
        for (size_t i = 0; i < answer->elements; ++i) {
            const redisReply *item = answer->element[i];
            if (item->type == REDIS_REPLY_STRING
                && CollectorEvents::isErrorStopValue(std::string_view(item->str, item->len)))
                return true;
        }
        if (answer->elements < static_cast<size_t>(ChunkSize))
            return false;
    }
}

TraceListResult RedisCollector::listTraces(const TraceListOptions &options)
{
    resetCancel();
    TraceList result;
    auto failed = [&](const Error &e) -> TraceListResult {
        m_conn.close();
        return e.kind == Error::Cancelled || isCancelled(options.cancel) ? Error::cancelled() : e;
    };
    if (const Result<void> opened = open(); !opened.ok())
        return failed(opened.error());

    const Result<QList<QByteArray>> scanned = scanKeys(OptPrefix + '*');
    if (!scanned.ok())
        return failed(scanned.error());
    const QList<QByteArray> &keys = scanned.value();
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
            const Result<RedisReplyPtr> lenReply = m_conn.reply();
            if (!lenReply.ok())
                return failed(connectionError(lenReply.error()));
            const Result<RedisReplyPtr> oldestReply = m_conn.reply();
            if (!oldestReply.ok())
                return failed(connectionError(oldestReply.error()));
            const redisReply *len = lenReply.value().get();
            const redisReply *oldest = oldestReply.value().get();
            const QString key = keyText(keys[i]);
            if (RedisConnection::isError(len) || RedisConnection::isError(oldest)) {
                const Error bad = replyError(RedisConnection::isError(len) ? len : oldest, key);
                if (bad.kind == Error::Auth)
                    return failed(bad);
                skipped << QStringLiteral("%1 (%2)").arg(key, RedisConnection::replyText(len));
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
            return failed(Error::cancelled());
    }

    // Legacy keys (OSProfiler < 2.8): one string per event, osprofiler:<base_id>_<trace_id>_<ts>.
    const Result<QList<QByteArray>> legacy = scanKeys(LegacyPrefix + '*');
    if (!legacy.ok())
        return failed(legacy.error());
    struct LegacyTrace
    {
        int64_t events = 0;
        QByteArray oldestKey;
        std::string oldestTs;
    };
    QHash<QString, LegacyTrace> legacyTraces;
    for (const QByteArray &key : legacy.value()) {
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
        const Result<RedisReplyPtr> reply = m_conn.reply();
        if (!reply.ok())
            return failed(connectionError(reply.error()));
        const redisReply *value = reply.value().get();
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
        const Result<QList<QByteArray>> errorKeys = scanKeys(ErrorPrefix + '*');
        if (!errorKeys.ok())
            return failed(errorKeys.error());
        QSet<QString> withErrors;
        for (const QByteArray &key : errorKeys.value())
            withErrors.insert(keyText(key.mid(ErrorPrefix.size())));
        if (withErrors.isEmpty()) {
            result.notice = QStringLiteral(
                "the error index (osprofiler_error:*) is empty: the services do not set "
                "[profiler]/filter_error_trace = True (off by default); errors were found by "
                "reading the events");
            for (const TraceSummary &row : result.traces) {
                const Result<bool> found = traceHasError(OptPrefix + row.baseId.toUtf8());
                bool has = found.ok() && found.value();
                if (!has) {
                    if (found.cancelled() || isCancelled(options.cancel))
                        return failed(Error::cancelled());
                    if (!found.ok() && found.error().kind != Error::Data)
                        return failed(found.error());
                }
                if (!has && legacyTraces.contains(row.baseId)) {
                    // Legacy events: GET each one of this trace (old data, small).
                    const Result<QList<QByteArray>> keysOfTrace
                        = scanKeys(LegacyPrefix + globEscaped(row.baseId.toUtf8()) + '*');
                    if (!keysOfTrace.ok())
                        return failed(keysOfTrace.error());
                    for (const QByteArray &k : keysOfTrace.value())
                        m_conn.append({ "GET", k });
                    for (qsizetype i = 0; i < keysOfTrace.value().size(); ++i) {
                        const Result<RedisReplyPtr> v = m_conn.reply();
                        if (!v.ok())
                            return failed(connectionError(v.error()));
                        const redisReply *value = v.value().get();
                        if (value->type == REDIS_REPLY_STRING
                            && CollectorEvents::isErrorStopValue(
                                std::string_view(value->str, value->len)))
                            has = true;
                    }
                }
                if (has)
                    withErrors.insert(row.baseId);
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
    auto failed = [&](const Error &e) -> FetchResult {
        m_conn.close();
        return e.kind == Error::Cancelled || isCancelled(options.cancel) ? Error::cancelled() : e;
    };
    if (const Result<void> opened = open(); !opened.ok())
        return failed(opened.error());

    EventTraceBuilder builder;
    auto addEvent = [&](const char *data, size_t size, const QString &where) -> Result<void> {
        const Result<void> added
            = CollectorEvents::addRedisValue(builder, std::string_view(data, size));
        if (added.ok())
            return {};
        return error(Error::Data, where + QLatin1Char(' ') + added.error().message);
    };

    // OSProfiler's get_report reads the legacy keys first, then the list.
    const QByteArray id = baseId.toUtf8();
    const Result<QList<QByteArray>> legacy = scanKeys(LegacyPrefix + globEscaped(id) + '*');
    if (!legacy.ok())
        return failed(legacy.error());
    for (const QByteArray &key : legacy.value())
        m_conn.append({ "GET", key });
    for (const QByteArray &key : legacy.value()) {
        const Result<RedisReplyPtr> v = m_conn.reply();
        if (!v.ok())
            return failed(connectionError(v.error()));
        const redisReply *value = v.value().get();
        if (RedisConnection::isError(value))
            return failed(replyError(value, keyText(key)));
        if (value->type != REDIS_REPLY_STRING)
            continue;
        if (const Result<void> added = addEvent(value->str, value->len, keyText(key)); !added.ok())
            return failed(added.error());
    }

    const QByteArray key = OptPrefix + id;
    const Result<RedisReplyPtr> len = m_conn.command({ "LLEN", key });
    if (!len.ok())
        return failed(connectionError(len.error()));
    if (RedisConnection::isError(len.value().get()))
        return failed(replyError(len.value().get(), keyText(key)));
    const long long total = len.value()->integer;
    if (total == 0 && builder.eventCount() == 0)
        return failed(notFound(baseId));

    // Chunks counted from the tail: a live trace LPUSHes at the head, which does not move the
    // tail indices, so chunks neither overlap nor skip while the trace is still being written.
    std::vector<RedisReplyPtr> chunks;
    for (long long done = 0; done < total; done += ChunkSize) {
        const long long count = std::min<long long>(ChunkSize, total - done);
        Result<RedisReplyPtr> r = m_conn.command({ "LRANGE", key,
            QByteArray::number(-(done + count)), QByteArray::number(-(done + 1)) });
        if (!r.ok())
            return failed(connectionError(r.error()));
        if (RedisConnection::isError(r.value().get()))
            return failed(replyError(r.value().get(), keyText(key)));
        chunks.push_back(std::move(r).value());
        if (isCancelled(options.cancel))
            return failed(Error::cancelled());
        if (options.progress)
            options.progress(static_cast<int>((done + count) * 900 / total));
    }
    m_conn.close();
    // Newest first, as LRANGE 0 -1 gives them to OSProfiler.
    long long index = 0;
    for (auto chunk = chunks.rbegin(); chunk != chunks.rend(); ++chunk) {
        for (size_t i = 0; i < (*chunk)->elements; ++i, ++index) {
            const redisReply *item = (*chunk)->element[i];
            const QString where = QStringLiteral("%1 (element %2)").arg(keyText(key)).arg(index);
            if (item->type != REDIS_REPLY_STRING)
                return failed(error(Error::Data, where + QStringLiteral(" is not a string")));
            const Result<void> added = addEvent(item->str, item->len, where);
            if (!added.ok())
                return failed(added.error());
        }
    }
    if (builder.eventCount() == 0)
        return failed(notFound(baseId));
    FetchedTrace fetched;
    fetched.eventCount = builder.eventCount();
    fetched.trace = builder.finish(m_url.redacted() + QLatin1Char(' ') + baseId);
    if (options.progress)
        options.progress(1000);
    return fetched;
}

} // namespace Osp
