#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <type_traits>

namespace Osp {

/// One view's background computation (DESIGN.md, Threads): QtConcurrent::run off the GUI
/// thread, a newer run supersedes and cancels the older one (its result is dropped by
/// generation id), and busyChanged(true) comes only when a run takes longer than ~100 ms, so
/// quick answers do not flash a busy indicator.
class AsyncTask : public QObject
{
    Q_OBJECT
public:
    explicit AsyncTask(QObject *parent = nullptr);
    ~AsyncTask() override;

    /// Runs on this pool instead of the global one (collector I/O has its own).
    void setPool(QThreadPool *pool) { m_pool = pool; }

    /// compute(cancel) runs on the pool; done(result) on this object's thread, only for the
    /// latest run.
    template <class Compute, class Done> void run(Compute compute, Done done)
    {
        using R = std::invoke_result_t<Compute, const std::atomic<bool> *>;
        cancel();
        auto flag = std::make_shared<std::atomic<bool>>(false);
        m_cancel = flag;
        const quint64 generation = ++m_generation;
        auto *watcher = new QFutureWatcher<R>(this);
        connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, generation, done = std::move(done)]() mutable {
                watcher->deleteLater();
                if (generation != m_generation)
                    return; // superseded: a newer run owns the view
                finished();
                done(watcher->result());
            });
        watcher->setFuture(QtConcurrent::run(m_pool ? m_pool : QThreadPool::globalInstance(),
            [compute = std::move(compute), flag]() mutable { return compute(flag.get()); }));
        m_running = true;
        m_busyTimer.start();
    }

    /// Asks the running computation to stop and forgets its result.
    void cancel();
    bool isRunning() const { return m_running; }
    bool isBusy() const { return m_busy; }
    quint64 generation() const { return m_generation; }

signals:
    void busyChanged(bool busy);

private:
    void finished();

    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_generation = 0;
    bool m_running = false;
    bool m_busy = false;
    QTimer m_busyTimer;
    QThreadPool *m_pool = nullptr;
};

} // namespace Osp
