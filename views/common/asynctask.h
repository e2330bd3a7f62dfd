#pragma once

#include "util/cancellation.h"

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

/// The one way views and dialogs run work off the GUI thread (DESIGN.md, Threads):
/// QtConcurrent::run on a pool, a newer run supersedes and cancels the older one (its result
/// is dropped by generation id), busyChanged(true) only when a run takes longer than ~100 ms
/// so quick answers do not flash a busy indicator, and the progress a job reports through its
/// JobToken polled every 100 ms for a progress bar or dialog (ProgressDialog).
class AsyncTask : public QObject
{
    Q_OBJECT
public:
    /// A run this long shows as busy.
    static constexpr int BusyDelayMs = 100;
    /// How often a running job's progress is read.
    static constexpr int ProgressPollMs = 100;

    explicit AsyncTask(QObject *parent = nullptr);
    ~AsyncTask() override;

    /// Runs on this pool instead of the global one (collector I/O has its own).
    void setPool(QThreadPool *pool) { m_pool = pool; }

    /// compute runs on the pool and takes either the cancel flag (const std::atomic<bool> *)
    /// or the run's JobToken & (to report progress and what it is doing as well); done(result)
    /// runs on this object's thread, only for the latest run, right after stopped().
    template <class Compute, class Done> void run(Compute compute, Done done)
    {
        constexpr bool TakesFlag = std::is_invocable_v<Compute, const std::atomic<bool> *>;
        using R = typename std::conditional_t<TakesFlag,
            std::invoke_result<Compute, const std::atomic<bool> *>,
            std::invoke_result<Compute, JobToken &>>::type;
        auto token = std::make_shared<JobToken>();
        const quint64 generation = start(token, !TakesFlag);
        auto *watcher = new QFutureWatcher<R>(this);
        connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, generation, done = std::move(done)]() mutable {
                watcher->deleteLater();
                if (generation != m_generation)
                    return; // superseded: a newer run owns the view
                stop();
                done(watcher->result());
            });
        watcher->setFuture(QtConcurrent::run(m_pool ? m_pool : QThreadPool::globalInstance(),
            [compute = std::move(compute), token]() mutable {
                if constexpr (TakesFlag)
                    return compute(token->cancelFlag());
                else
                    return compute(*token);
            }));
    }

    /// Asks the running computation to stop and forgets its result.
    void cancel();
    bool isRunning() const { return m_running; }
    bool isBusy() const { return m_busy; }
    quint64 generation() const { return m_generation; }
    /// The running job's progress as last polled: 0..ProgressMax, and what it said it does.
    int progress() const { return m_progress; }
    QString progressText() const { return m_progressText; }

signals:
    void busyChanged(bool busy);
    /// While a run whose compute takes a JobToken goes on, every ProgressPollMs in which its
    /// progress or text moved.
    void progressChanged(int permille, const QString &what);
    /// The current run ended: finished (emitted before done() sees the result), cancelled, or
    /// superseded by a newer run. Whatever shows the run closes here, so that done() may open
    /// an error box over a clean window.
    void stopped();

private:
    /// Cancels the previous run and starts the bookkeeping of a new one; its generation.
    quint64 start(std::shared_ptr<JobToken> token, bool pollProgress);
    void stop();
    void pollProgress();

    std::shared_ptr<JobToken> m_token; ///< shared with the running job
    quint64 m_generation = 0;
    bool m_running = false;
    bool m_busy = false;
    int m_progress = 0;
    QString m_progressText;
    QTimer m_busyTimer;
    QTimer m_progressTimer;
    QThreadPool *m_pool = nullptr;
};

} // namespace Osp
