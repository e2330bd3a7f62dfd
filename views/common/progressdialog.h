#pragma once

#include <QProgressDialog>

namespace Osp {

class AsyncTask;

/// The progress dialog of one AsyncTask run, the one look every long job shows (DESIGN.md,
/// Threads): a label, a 0..ProgressMax bar fed by the task's progress poll, and Cancel, which
/// cancels the run and then emits canceled(). It appears only once the run has taken the
/// delay, so quick runs never flash it, and it closes as the run stops, before done() sees the
/// result, so an error box that done() opens never sits over a stale progress dialog. It
/// deletes itself.
class ProgressDialog : public QProgressDialog
{
    Q_OBJECT
public:
    static constexpr int DefaultDelayMs = 400;

    /// Follows the run task has just started: create it right after task->run(...).
    ProgressDialog(
        AsyncTask *task, const QString &label, QWidget *parent, int delayMs = DefaultDelayMs);
};

} // namespace Osp
