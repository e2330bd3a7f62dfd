#include "export/traceexport.h"

#include "export/exportwriters.h"

#include <QSaveFile>

namespace Osp {

const std::vector<ExportFormatInfo> &exportFormats()
{
    static const std::vector<ExportFormatInfo> formats {
        { ExportFormat::Report, QStringLiteral("report"),
            QStringLiteral("OSProfiler Report (JSON)"), QStringLiteral(".json"),
            QStringLiteral("OSProfiler report (*.json)") },
        { ExportFormat::Html, QStringLiteral("html"), QStringLiteral("HTML Report"),
            QStringLiteral(".html"), QStringLiteral("HTML report (*.html)") },
        { ExportFormat::Chrome, QStringLiteral("chrome"),
            QStringLiteral("Chrome Trace (Perfetto, chrome://tracing)"),
            QStringLiteral(".trace.json"), QStringLiteral("Chrome trace event JSON (*.json)") },
        { ExportFormat::Dot, QStringLiteral("dot"), QStringLiteral("Call Graph (Graphviz DOT)"),
            QStringLiteral(".dot"), QStringLiteral("Graphviz DOT (*.dot *.gv)") },
        { ExportFormat::CsvSpans, QStringLiteral("csv-spans"), QStringLiteral("Spans (CSV)"),
            QStringLiteral(".spans.csv"), QStringLiteral("CSV (*.csv)") },
        { ExportFormat::CsvStats, QStringLiteral("csv-stats"), QStringLiteral("Statistics (CSV)"),
            QStringLiteral(".stats.csv"), QStringLiteral("CSV (*.csv)") },
    };
    return formats;
}

const ExportFormatInfo &exportFormatInfo(ExportFormat format)
{
    return exportFormats()[static_cast<size_t>(format)];
}

std::optional<ExportFormat> exportFormatByName(const QString &name)
{
    if (name == QLatin1String("csv"))
        return ExportFormat::CsvSpans;
    for (const ExportFormatInfo &f : exportFormats())
        if (f.name == name)
            return f.format;
    return std::nullopt;
}

QStringList exportFormatNames()
{
    QStringList names;
    for (const ExportFormatInfo &f : exportFormats())
        names << f.name;
    return names;
}

ExportResult exportTrace(
    const Trace &trace, ExportFormat format, const ExportOptions &options, const TextSink &sink)
{
    using Writer = Result<void> (*)(const Trace &, const ExportOptions &, const TextSink &);
    static const Writer writers[]
        = { [](const Trace &t, const ExportOptions &o, const TextSink &sink) {
               return ReportWriter(t, o).write(sink);
           },
              writeHtmlReport, writeChromeTrace, writeDot, writeSpansCsv, writeStatsCsv };
    static_assert(std::size(writers) == size_t(ExportFormat::CsvStats) + 1);
    ExportResult result = writers[static_cast<size_t>(format)](trace, options, sink);
    if (options.cancelled())
        return Error::cancelled();
    return result;
}

ExportResult exportTraceToFile(
    const Trace &trace, ExportFormat format, const ExportOptions &options, const QString &path)
{
    QSaveFile file(path);
    auto cannotWrite = [&] {
        return Error { .kind = Error::Output,
            .message = QStringLiteral("cannot write: ") + file.errorString(),
            .source = path };
    };
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite();
    ExportResult result = exportTrace(trace, format, options, [&file](std::string_view chunk) {
        return file.write(chunk.data(), static_cast<qint64>(chunk.size()))
            == static_cast<qint64>(chunk.size());
    });
    if (!result.ok()) {
        file.cancelWriting();
        return result.error().kind == Error::Output ? cannotWrite() : result;
    }
    if (!file.commit())
        return cannotWrite();
    return {};
}

} // namespace Osp
