#include "collectors/profilerequest.h"

#include "util/cancellation.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUuid>

namespace Osp {

QList<QPair<QByteArray, QByteArray>> ProfileRequest::traceHeaders(
    const QByteArray &hmacKey, const QString &baseId, const QString &parentId)
{
    // Byte for byte what jsonutils.dumps({"base_id": …, "parent_id": …}) gives: the HMAC is
    // computed over the base64 text, so the JSON layout does not matter to the check, but
    // identical bytes make the headers comparable with the Python client's.
    const QByteArray json = "{\"base_id\": \"" + baseId.toUtf8() + "\", \"parent_id\": \""
        + parentId.toUtf8() + "\"}";
    const QByteArray info = json.toBase64(QByteArray::Base64UrlEncoding);
    const QByteArray hmac
        = QMessageAuthenticationCode::hash(info, hmacKey, QCryptographicHash::Sha1).toHex();
    return { { "X-Trace-Info", info }, { "X-Trace-HMAC", hmac } };
}

bool ProfileRequest::addHeader(const QString &line)
{
    const qsizetype colon = line.indexOf(QLatin1Char(':'));
    if (colon <= 0 || line.left(colon).trimmed().isEmpty())
        return false;
    headers.append({ line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8() });
    return true;
}

ProfileRequest::Result ProfileRequest::send(const QByteArray &hmacKey) const
{
    Result result;
    result.baseId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QNetworkAccessManager manager;
    QNetworkRequest request { QUrl(url) };
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    for (const auto &[name, value] : traceHeaders(hmacKey, result.baseId, result.baseId))
        request.setRawHeader(name, value);
    request.setTransferTimeout(timeoutMs);
    QBuffer payload;
    payload.setData(body);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply
        = manager.sendCustomRequest(request, method, body.isEmpty() ? nullptr : &payload);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer cancelCheck;
    if (cancel) {
        QObject::connect(&cancelCheck, &QTimer::timeout, reply, [this, reply] {
            if (isCancelled(cancel))
                reply->abort();
        });
        cancelCheck.start(50);
    }
    if (!reply->isFinished())
        loop.exec();
    result.cancelled = isCancelled(cancel);
    result.elapsedMs = timer.elapsed();
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (result.httpStatus == 0)
        result.error = reply->errorString();
    reply->deleteLater();
    return result;
}

} // namespace Osp
