#pragma once

#include "export/traceexport.h"

#include <QMenu>

#include <functional>

namespace Osp {

class AsyncTask;

/// File ▸ Export: one action per trace export format (formats/traceexport.h) and the
/// "Redacted (for public bug reports)" switch. Exports run off the GUI thread with a progress
/// dialog and Cancel (a 1M-span report takes many seconds), written to a temporary file and
/// renamed, so a cancelled or failed export leaves no half-written file.
class ExportMenu : public QMenu
{
    Q_OBJECT
public:
    /// currentTrace gives the trace of the current tab (null when none is open).
    ExportMenu(std::function<TracePtr()> currentTrace, bool useSettings, QWidget *parent);
    ~ExportMenu() override;

    /// Exports the current trace to path without asking for a file name.
    void exportTo(ExportFormat format, const QString &path, bool redacted);
    bool isRedacted() const;
    QAction *redactedAction() const { return m_redacted; }

signals:
    /// After every export: error is empty when the file was written, "cancelled" when the
    /// user cancelled, else what went wrong.
    void exportFinished(const QString &path, const QString &error);

private:
    void chooseFileAndExport(ExportFormat format);
    void finish(const QString &path, const QString &error);

    std::function<TracePtr()> m_currentTrace;
    bool m_useSettings;
    QAction *m_redacted;
    AsyncTask *m_task;
};

} // namespace Osp
