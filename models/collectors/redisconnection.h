#pragma once

#include "collectors/collectortypes.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

struct redisContext;
struct redisReply;

namespace Osp {

/// Frees a hiredis reply.
struct RedisReplyDeleter
{
    void operator()(redisReply *reply) const;
};
using RedisReplyPtr = std::unique_ptr<redisReply, RedisReplyDeleter>;

/// One synchronous hiredis 0.14 connection with socket timeouts, pipelining, and a cancel()
/// that any thread may call: it shuts the socket down, so a blocked read returns at once.
/// Errors come back as Error kinds (refused, timeout, dropped, cancelled) without a source: the
/// collector adds its redacted URL.
class RedisConnection
{
public:
    RedisConnection() = default;
    ~RedisConnection();
    RedisConnection(const RedisConnection &) = delete;
    RedisConnection &operator=(const RedisConnection &) = delete;

    Result<void> connect(const QString &host, int port, int timeoutMs);
    void close();

    /// One command; a Redis error reply is returned as a reply (type REDIS_REPLY_ERROR).
    Result<RedisReplyPtr> command(const std::vector<QByteArray> &args);
    /// Pipelining: queue commands, then read one reply per queued command.
    void append(const std::vector<QByteArray> &args);
    Result<RedisReplyPtr> reply();

    void cancel();
    /// Clears an earlier cancel() before a new call.
    void resetCancel() { m_cancelled = false; }
    bool cancelled() const { return m_cancelled.load(); }
    QString endpoint() const { return m_endpoint; }

    /// The text of an error or status reply.
    static QString replyText(const redisReply *reply);
    static bool isError(const redisReply *reply);

private:
    Error contextError() const;

    redisContext *m_ctx = nullptr;
    std::mutex m_fdMutex; // guards m_fd against close() racing cancel()
    int m_fd = -1;
    std::atomic<bool> m_cancelled { false };
    QString m_endpoint;
    int m_timeoutMs = 0;
};

} // namespace Osp
