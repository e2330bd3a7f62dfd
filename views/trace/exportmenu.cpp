#include "views/trace/exportmenu.h"

#include "views/common/asynctask.h"
#include "views/common/progressdialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace Osp {

namespace {
const QLatin1String DirKey("export/lastDirectory");
const QLatin1String RedactedKey("export/redacted");
} // namespace

ExportMenu::ExportMenu(std::function<TracePtr()> currentTrace, bool useSettings, QWidget *parent)
    : QMenu(tr("Expor&t"), parent)
    , m_currentTrace(std::move(currentTrace))
    , m_useSettings(useSettings)
    , m_task(new AsyncTask(this))
{
    setToolTip(tr("Write the trace for other tools: OSProfiler report, HTML, Perfetto, "
                  "Graphviz, CSV"));
    for (const ExportFormatInfo &f : exportFormats()) {
        QAction *a = addAction(f.title + QStringLiteral("…"));
        const ExportFormat format = f.format;
        connect(a, &QAction::triggered, this, [this, format] { chooseFileAndExport(format); });
    }
    addSeparator();
    m_redacted = addAction(tr("&Redacted (for public bug reports)"));
    m_redacted->setCheckable(true);
    m_redacted->setToolTip(tr("Leave out SQL parameters, function arguments and results, and "
                              "URL query strings"));
    if (m_useSettings)
        m_redacted->setChecked(QSettings().value(RedactedKey, false).toBool());
    connect(m_redacted, &QAction::toggled, this, [this](bool on) {
        if (m_useSettings)
            QSettings().setValue(RedactedKey, on);
    });
}

ExportMenu::~ExportMenu() = default;

bool ExportMenu::isRedacted() const
{
    return m_redacted->isChecked();
}

void ExportMenu::chooseFileAndExport(ExportFormat format)
{
    const TracePtr trace = m_currentTrace();
    if (!trace)
        return;
    const ExportFormatInfo &info = exportFormatInfo(format);
    QString base = QFileInfo(trace->sourceName()).completeBaseName();
    if (base.isEmpty())
        base = trace->baseId().empty() ? QStringLiteral("trace")
                                       : QString::fromStdString(trace->baseId());
    if (isRedacted())
        base += QStringLiteral("-redacted");
    const QString dir = m_useSettings ? QSettings().value(DirKey).toString() : QString();
    QString path = QFileDialog::getSaveFileName(parentWidget(),
        isRedacted() ? tr("Export %1 (redacted)").arg(info.title) : tr("Export %1").arg(info.title),
        QDir(dir).filePath(base + info.suffix), info.filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += info.suffix;
    if (m_useSettings)
        QSettings().setValue(DirKey, QFileInfo(path).absolutePath());
    exportTo(format, path, isRedacted());
}

void ExportMenu::exportTo(ExportFormat format, const QString &path, bool redacted)
{
    const TracePtr trace = m_currentTrace();
    if (!trace)
        return;
    // A newer export supersedes a running one (its dialog closes, its result is dropped).
    m_task->run(
        [trace, format, path, redacted](JobToken &job) {
            ExportOptions options;
            options.redacted = redacted;
            options.cancel = job.cancelFlag();
            options.progress = [&job](int permille) { job.setProgress(permille); };
            return exportTraceToFile(*trace, format, options, path);
        },
        [this, path](const ExportResult &result) {
            finish(path, result.ok() ? QString() : result.error().toString()); // or "cancelled"
        });
    // Quick exports never flash a dialog.
    auto *dialog = new ProgressDialog(
        m_task, tr("Exporting %1…").arg(QFileInfo(path).fileName()), parentWidget(), 500);
    dialog->setWindowModality(Qt::WindowModal);
    // The dialog has cancelled the run (the worker stops at its next check and QSaveFile drops
    // the temporary file).
    connect(dialog, &QProgressDialog::canceled, this,
        [this, path] { finish(path, QStringLiteral("cancelled")); });
}

void ExportMenu::finish(const QString &path, const QString &error)
{
    auto *window = qobject_cast<QMainWindow *>(parentWidget() ? parentWidget()->window() : nullptr);
    const QString shown = QDir::toNativeSeparators(path);
    if (error.isEmpty()) {
        if (window)
            window->statusBar()->showMessage(tr("Exported %1").arg(shown), 5000);
    } else if (error == QLatin1String("cancelled")) {
        if (window)
            window->statusBar()->showMessage(tr("Export cancelled"), 5000);
    } else if (m_useSettings) {
        QMessageBox::warning(parentWidget(), tr("Export failed"), error);
    }
    emit exportFinished(path, error);
}

} // namespace Osp
