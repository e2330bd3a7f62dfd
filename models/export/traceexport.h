#pragma once

#include "export/exportoptions.h"
#include "export/reportwriter.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace Osp {

/// The formats a trace exports to (osptrace export, File ▸ Export).
enum class ExportFormat : uint8_t { Report, Html, Chrome, Dot, CsvSpans, CsvStats };

/// What the command line and the GUI say about a format.
struct ExportFormatInfo
{
    ExportFormat format;
    QString name; ///< --format value: "report", "html", "chrome", "dot", "csv-spans", "csv-stats"
    QString title; ///< menu text: "OSProfiler Report (JSON)"
    QString suffix; ///< file name ending: ".json", ".html", ".trace.json", …
    QString filter; ///< file dialog filter: "OSProfiler report (*.json)"
};

/// Every format, in menu order.
const std::vector<ExportFormatInfo> &exportFormats();
const ExportFormatInfo &exportFormatInfo(ExportFormat format);
/// The format of a --format value ("csv" is csv-spans, as DESIGN.md's `--to csv`).
std::optional<ExportFormat> exportFormatByName(const QString &name);
/// The accepted --format values, for help texts.
QStringList exportFormatNames();

/// The outcome of an export: sinkRefused() (or "PATH: cannot write: …" for a file), a payload
/// that could not be read back, or Error::cancelled().
using ExportResult = Result<void>;

/// Writes trace in format to sink, honouring options (redaction, progress, cancel).
/// Runs on the calling thread; the GUI calls it from a worker.
ExportResult exportTrace(
    const Trace &trace, ExportFormat format, const ExportOptions &options, const TextSink &sink);

/// The same into a file, written to a temporary and renamed (no half-written exports).
ExportResult exportTraceToFile(
    const Trace &trace, ExportFormat format, const ExportOptions &options, const QString &path);

} // namespace Osp
