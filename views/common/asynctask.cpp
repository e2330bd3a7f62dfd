#include "views/common/asynctask.h"

namespace Osp {

AsyncTask::AsyncTask(QObject *parent)
    : QObject(parent)
{
    m_busyTimer.setSingleShot(true);
    m_busyTimer.setInterval(BusyDelayMs);
    connect(&m_busyTimer, &QTimer::timeout, this, [this] {
        if (m_running && !m_busy) {
            m_busy = true;
            emit busyChanged(true);
        }
    });
    m_progressTimer.setInterval(ProgressPollMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &AsyncTask::pollProgress);
}

AsyncTask::~AsyncTask()
{
    // The worker may still run; it holds its own token and the result is dropped with the
    // watcher, so only ask it to stop.
    if (m_token)
        m_token->cancel();
}

void AsyncTask::cancel()
{
    if (m_token)
        m_token->cancel();
    m_token.reset();
    ++m_generation;
    stop();
}

quint64 AsyncTask::start(std::shared_ptr<JobToken> token, bool pollProgress)
{
    cancel();
    m_token = std::move(token);
    m_progress = 0;
    m_progressText.clear();
    m_running = true;
    m_busyTimer.start();
    if (pollProgress)
        m_progressTimer.start();
    return ++m_generation;
}

void AsyncTask::stop()
{
    const bool wasRunning = m_running;
    m_running = false;
    m_busyTimer.stop();
    m_progressTimer.stop();
    if (m_busy) {
        m_busy = false;
        emit busyChanged(false);
    }
    if (wasRunning)
        emit stopped();
}

void AsyncTask::pollProgress()
{
    if (!m_token)
        return;
    const int permille = m_token->progress();
    QString what = m_token->what();
    if (permille == m_progress && what == m_progressText)
        return;
    m_progress = permille;
    m_progressText = std::move(what);
    emit progressChanged(m_progress, m_progressText);
}

} // namespace Osp
