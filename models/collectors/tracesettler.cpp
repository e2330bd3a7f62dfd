#include "collectors/tracesettler.h"

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>

namespace Osp {

Result<TraceSettler::Arrival> TraceSettler::wait(Collector &collector, const QString &baseId) const
{
    Arrival result;
    QElapsedTimer total, quiet;
    total.start();
    quiet.start();
    // Poll a few times per quiet period, never hammering the collector nor sleeping long.
    const qint64 pollMs = std::clamp<qint64>(quietMs / 4, 50, 500);
    LoadOptions options;
    options.cancel = cancel;
    for (;;) {
        const bool stopping = isCancelled(stopWaiting);
        FetchResult now = collector.fetchTrace(baseId, options);
        if (now.cancelled() || isCancelled(cancel))
            return Error::cancelled();
        if (!now.ok() && now.error().kind != Error::NotFound)
            return now.error();
        if (now.ok() && now.value().eventCount != result.last.eventCount) {
            result.last = std::move(now).value();
            quiet.restart();
        }
        if (status) {
            status->events = static_cast<qint64>(result.last.eventCount);
            status->quietMs = result.last.eventCount ? quiet.elapsed() : 0;
            status->elapsedMs = total.elapsed();
        }
        const bool any = result.last.eventCount > 0;
        if (any && quiet.elapsed() >= quietMs) {
            result.outcome = Arrival::Settled;
            return result;
        }
        if (stopping || total.elapsed() >= maxWaitMs) {
            if (any) {
                result.outcome = stopping ? Arrival::StoppedEarly : Arrival::StillArriving;
                return result;
            }
            return Error { .kind = Error::NotFound,
                .message
                = QStringLiteral("no event of trace %1 arrived %2: is profiling on in "
                                 "the services ([profiler]/enabled, hmac_keys holding "
                                 "this key, the same connection_string)?")
                      .arg(baseId,
                          stopping ? QStringLiteral("yet")
                                   : QStringLiteral("within %1 s").arg(maxWaitMs / 1000.0)),
                .source = collector.url().redacted() };
        }
        // Sleep in short slices: Cancel and "open now" answer within ~20 ms.
        QElapsedTimer nap;
        nap.start();
        while (nap.elapsed() < pollMs && !isCancelled(cancel) && !isCancelled(stopWaiting))
            QThread::msleep(20);
    }
}

} // namespace Osp
