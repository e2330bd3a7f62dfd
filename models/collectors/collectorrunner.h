#pragma once

#include "collectors/collector.h"

#include <QFuture>

#include <memory>

class QThreadPool;

namespace Osp {

/// Runs collector calls off the calling thread, on the collector I/O pool: a QThreadPool of
/// its own, because the global one has only 2 threads here and a hung server must not starve
/// loading and analysis (DESIGN.md, Threads). Cancel with collector->cancel() from any thread;
/// the future then finishes at once with Error::cancelled().
class CollectorRunner
{
public:
    /// The pool (created on first use, 4 threads).
    static QThreadPool *pool();

    static QFuture<TraceListResult> list(
        std::shared_ptr<Collector> collector, TraceListOptions options = {});
    static QFuture<FetchResult> fetch(
        std::shared_ptr<Collector> collector, QString baseId, LoadOptions options = {});
};

} // namespace Osp
