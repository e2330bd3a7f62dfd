#include "views/trace/exportmenu.h"

#include "views/common/asynctask.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

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
    delete m_progress;
    m_progress = new QProgressDialog(
        tr("Exporting %1…").arg(QFileInfo(path).fileName()), tr("Cancel"), 0, 1000, parentWidget());
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(500); // quick exports never flash a dialog
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    auto permille = std::make_shared<std::atomic<int>>(0);
    auto *poll = new QTimer(m_progress);
    connect(poll, &QTimer::timeout, m_progress,
        [this, permille] { m_progress->setValue(permille->load()); });
    poll->start(100);
    connect(m_progress, &QProgressDialog::canceled, this, [this, path] {
        m_task->cancel(); // the worker stops at its next check; QSaveFile drops the temporary
        finish(path, QStringLiteral("cancelled"));
    });
    m_task->run(
        [trace, format, path, redacted, permille](const std::atomic<bool> *cancel) {
            ExportOptions options;
            options.redacted = redacted;
            options.cancel = cancel;
            options.progress = [permille](int p) { permille->store(p); };
            return exportTraceToFile(*trace, format, options, path);
        },
        [this, path](const ExportResult &result) {
            finish(path, result.ok() ? QString() : result.error().toString()); // or "cancelled"
        });
}

void ExportMenu::finish(const QString &path, const QString &error)
{
    if (m_progress) {
        m_progress->deleteLater();
        m_progress = nullptr;
    }
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
