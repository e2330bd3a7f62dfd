#include "views/common/asynctask.h"

namespace Osp {

AsyncTask::AsyncTask(QObject *parent)
    : QObject(parent)
{
    m_busyTimer.setSingleShot(true);
    m_busyTimer.setInterval(100);
    connect(&m_busyTimer, &QTimer::timeout, this, [this] {
        if (m_running && !m_busy) {
            m_busy = true;
            emit busyChanged(true);
        }
    });
}

AsyncTask::~AsyncTask()
{
    // The worker may still run; it holds its own flag and the result is dropped with the
    // watcher, so only ask it to stop.
    if (m_cancel)
        m_cancel->store(true);
}

void AsyncTask::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel.reset();
    ++m_generation;
    finished();
}

void AsyncTask::finished()
{
    m_running = false;
    m_busyTimer.stop();
    if (m_busy) {
        m_busy = false;
        emit busyChanged(false);
    }
}

} // namespace Osp
