#include "collectors/collectorrunner.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace Osp {

QThreadPool *CollectorRunner::pool()
{
    static QThreadPool *instance = [] {
        auto *p = new QThreadPool; // lives until exit: tasks may still be unwinding at shutdown
        p->setMaxThreadCount(4);
        p->setObjectName(QStringLiteral("osp-collector-io"));
        return p;
    }();
    return instance;
}

QFuture<TraceListResult> CollectorRunner::list(
    std::shared_ptr<Collector> collector, TraceListOptions options)
{
    // The shared_ptr keeps the collector alive while its call runs, even if the caller let go.
    return QtConcurrent::run(pool(),
        [collector = std::move(collector), options] { return collector->listTraces(options); });
}

QFuture<FetchResult> CollectorRunner::fetch(
    std::shared_ptr<Collector> collector, QString baseId, LoadOptions options)
{
    return QtConcurrent::run(pool(),
        [collector = std::move(collector), baseId = std::move(baseId),
            options = std::move(options)] { return collector->fetchTrace(baseId, options); });
}

} // namespace Osp
