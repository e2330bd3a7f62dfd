#pragma once

#include "collectors/collector.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace Osp {

/// Reads the details (duration, services, error flag) of the trace list rows on screen, a few
/// at a time on the collector I/O pool. request() names the traces wanted now: queued ones no
/// longer wanted are dropped and running ones cancelled (the user scrolled away), so a long
/// list costs only what is looked at. Each parallel slot has its own Collector, because a
/// Collector runs one call at a time.
class TraceDetailsLoader : public QObject
{
    Q_OBJECT
public:
    using Factory = std::function<std::unique_ptr<Collector>()>;
    static constexpr int DefaultParallel = 2;

    explicit TraceDetailsLoader(QObject *parent = nullptr);
    ~TraceDetailsLoader() override;

    /// Where new collectors come from; cancels everything under the previous factory.
    void setFactory(Factory factory, int parallel = DefaultParallel);
    /// The traces wanted now, in the order to read them.
    void request(const QStringList &baseIds);
    /// Drops the queue and cancels the running reads (dialog closed, new list).
    void cancelAll();
    bool isIdle() const;
    /// How many reads were started and how many were cancelled (tests, diagnostics).
    int startedCount() const { return m_started; }
    int cancelledCount() const { return m_cancelled; }

signals:
    void detailsReady(const QString &baseId, const Osp::TraceDetails &details);
    void detailsFailed(const QString &baseId, const QString &message);

private:
    struct Slot
    {
        std::shared_ptr<Collector> collector;
        std::shared_ptr<std::atomic<bool>> cancel;
        QString baseId; ///< empty when idle
        quint64 generation = 0;
    };
    void pump();
    void cancelSlot(Slot &slot);

    Factory m_factory;
    std::vector<Slot> m_slots;
    QStringList m_queue;
    quint64 m_generation = 0;
    int m_started = 0;
    int m_cancelled = 0;
};

} // namespace Osp
