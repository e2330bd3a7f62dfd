#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <atomic>

namespace Osp {

/// Sends one HTTP request with OSProfiler's signed trace headers, as
/// `openstack --os-profile KEY …` does (osprofiler web.get_trace_id_headers): the services
/// wrapped in WsgiMiddleware then trace it under a fresh base id. Blocks the calling thread
/// (a local event loop); run it off the GUI thread.
class ProfileRequest
{
public:
    struct Result
    {
        QString baseId;
        int httpStatus = 0; ///< 0 when no HTTP answer came
        qint64 elapsedMs = 0;
        QString error; ///< network error, empty on any HTTP answer
        bool cancelled = false;
    };

    /// X-Trace-Info = urlsafe base64 of {"base_id", "parent_id"} as jsonutils.dumps writes it,
    /// X-Trace-HMAC = hex HMAC-SHA1 of that base64 text (osprofiler _utils.signed_pack).
    static QList<QPair<QByteArray, QByteArray>> traceHeaders(
        const QByteArray &hmacKey, const QString &baseId, const QString &parentId);

    QString url;
    QByteArray method = "GET";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int timeoutMs = 120000;
    /// Set from any thread: the request is aborted within ~50 ms.
    const std::atomic<bool> *cancel = nullptr;

    /// Adds a header given as "Name: value" (the CLI's --header, the dialog's lines); false
    /// when the text has no name before a colon.
    bool addHeader(const QString &line);

    /// Sends the request under a new base id (parent = base, as profiler.init does).
    Result send(const QByteArray &hmacKey) const;
};

} // namespace Osp
