#include "collectors/redisconnection.h"

#include <hiredis/hiredis.h>

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace Osp {

void RedisReplyDeleter::operator()(redisReply *reply) const
{
    freeReplyObject(reply);
}

RedisConnection::~RedisConnection()
{
    close();
}

Result<void> RedisConnection::connect(const QString &host, int port, int timeoutMs)
{
    close();
    m_endpoint = host + QLatin1Char(':') + QString::number(port);
    m_timeoutMs = timeoutMs;
    if (m_cancelled)
        return Error::cancelled();
    const timeval tv { timeoutMs / 1000, (timeoutMs % 1000) * 1000 };
    redisContext *ctx = redisConnectWithTimeout(host.toUtf8().constData(), port, tv);
    if (!ctx)
        return Error { .kind = Error::Connection,
            .message = QStringLiteral("cannot allocate a connection") };
    m_ctx = ctx;
    if (ctx->err) {
        const Error error = contextError();
        close();
        return error;
    }
    // redisConnectWithTimeout bounds only the connect; reads and writes need their own.
    if (redisSetTimeout(ctx, tv) != REDIS_OK) {
        const Error error = contextError();
        close();
        return error;
    }
    {
        std::lock_guard lock(m_fdMutex);
        m_fd = ctx->fd;
    }
    if (m_cancelled) { // cancel() came while connecting: it found no socket to shut down
        close();
        return Error::cancelled();
    }
    return {};
}

void RedisConnection::close()
{
    {
        std::lock_guard lock(m_fdMutex);
        m_fd = -1;
    }
    if (m_ctx) {
        redisFree(m_ctx);
        m_ctx = nullptr;
    }
}

void RedisConnection::cancel()
{
    m_cancelled = true;
    std::lock_guard lock(m_fdMutex);
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_RDWR); // the blocked recv() returns 0; close() stays with the owner
}

Error RedisConnection::contextError() const
{
    if (m_cancelled)
        return Error::cancelled();
    const int err = m_ctx ? m_ctx->err : REDIS_ERR_OTHER;
    const QString what = m_ctx ? QString::fromUtf8(m_ctx->errstr) : QString();
    switch (err) {
    case REDIS_ERR_EOF:
        return Error { .kind = Error::Connection,
            .message
            = QStringLiteral("the server %1 closed the connection in the middle of a reply")
                  .arg(m_endpoint) };
    case REDIS_ERR_PROTOCOL:
        return Error { .kind = Error::Data,
            .message
            = QStringLiteral("%1 does not speak the Redis protocol (%2)").arg(m_endpoint, what) };
    case REDIS_ERR_IO: {
        const int e = errno;
        if (e == EAGAIN || e == EWOULDBLOCK || e == ETIMEDOUT || e == EINPROGRESS
            || what.contains(QLatin1String("timed out"), Qt::CaseInsensitive)
            || what.contains(QLatin1String("temporarily unavailable"), Qt::CaseInsensitive))
            return Error { .kind = Error::Timeout,
                .message
                = QStringLiteral("%1 did not answer within %2 s (socket timeout; raise it with "
                                 "?socket_timeout=SECONDS)")
                      .arg(m_endpoint)
                      .arg(m_timeoutMs / 1000.0) };
        if (e == ECONNREFUSED || what.contains(QLatin1String("refused"), Qt::CaseInsensitive))
            return Error { .kind = Error::Connection,
                .message
                = QStringLiteral("cannot connect to %1: connection refused (is the Redis server "
                                 "running?)")
                      .arg(m_endpoint) };
        if (e == ECONNRESET || e == EPIPE)
            return Error { .kind = Error::Connection,
                .message = QStringLiteral("the server %1 dropped the connection").arg(m_endpoint) };
        return Error { .kind = Error::Connection,
            .message = QStringLiteral("cannot talk to %1: %2").arg(m_endpoint, what) };
    }
    default:
        return Error { .kind = Error::Connection,
            .message = QStringLiteral("cannot talk to %1: %2").arg(m_endpoint, what) };
    }
}

Result<RedisReplyPtr> RedisConnection::command(const std::vector<QByteArray> &args)
{
    append(args);
    return reply();
}

void RedisConnection::append(const std::vector<QByteArray> &args)
{
    if (!m_ctx)
        return;
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lengths.push_back(static_cast<size_t>(a.size()));
    }
    redisAppendCommandArgv(m_ctx, static_cast<int>(argv.size()), argv.data(), lengths.data());
}

Result<RedisReplyPtr> RedisConnection::reply()
{
    if (!m_ctx)
        return Error { .kind = Error::Connection, .message = QStringLiteral("not connected") };
    if (m_cancelled)
        return Error::cancelled();
    void *raw = nullptr;
    errno = 0;
    if (redisGetReply(m_ctx, &raw) != REDIS_OK || !raw) {
        const Error error = contextError();
        if (raw)
            freeReplyObject(raw);
        return error;
    }
    return RedisReplyPtr(static_cast<redisReply *>(raw));
}

QString RedisConnection::replyText(const redisReply *reply)
{
    if (!reply)
        return {};
    if (reply->type == REDIS_REPLY_STRING || reply->type == REDIS_REPLY_ERROR
        || reply->type == REDIS_REPLY_STATUS)
        return QString::fromUtf8(reply->str, static_cast<qsizetype>(reply->len));
    if (reply->type == REDIS_REPLY_INTEGER)
        return QString::number(reply->integer);
    return {};
}

bool RedisConnection::isError(const redisReply *reply)
{
    return reply && reply->type == REDIS_REPLY_ERROR;
}

} // namespace Osp
