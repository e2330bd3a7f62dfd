#include "views/common/progressdialog.h"

#include "views/common/asynctask.h"

namespace Osp {

ProgressDialog::ProgressDialog(AsyncTask *task, const QString &label, QWidget *parent, int delayMs)
    : QProgressDialog(label, tr("Cancel"), 0, ProgressMax, parent)
{
    Q_ASSERT(task->isRunning());
    setWindowTitle(QStringLiteral("ospview"));
    // The run's end closes the dialog, never the bar reaching its maximum.
    setAutoClose(false);
    setAutoReset(false);
    setMinimumDuration(delayMs);
    setValue(0); // starts the delay
    connect(task, &AsyncTask::progressChanged, this, [this](int permille) {
        if (!wasCanceled())
            setValue(permille);
    });
    // QProgressDialog hides itself on Cancel first (its own connection comes first); then the
    // run is cancelled, which closes this dialog, and only then do the caller's slots run.
    connect(this, &QProgressDialog::canceled, task, &AsyncTask::cancel);
    connect(task, &AsyncTask::stopped, this, [this, task] {
        disconnect(task, nullptr, this, nullptr); // a later run of the task is not ours
        // reset() also stops the timer that would show the dialog once the delay is over,
        // which could otherwise fire inside the event loop of an error box that done() opens
        // (deleteLater() waits for that loop to end). hide(), not close(): close() emits
        // canceled().
        reset();
        hide();
        deleteLater();
    });
    connect(task, &QObject::destroyed, this, &QObject::deleteLater);
}

} // namespace Osp
