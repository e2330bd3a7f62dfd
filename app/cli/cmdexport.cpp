#include "cliargs.h"
#include "commands.h"
#include "export/traceexport.h"
#include "tableoutput.h"

namespace Osp::Cli {

int runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Export a trace for other tools: report (the OSProfiler report, as show --format json), "
        "html (self-contained report that renders offline), chrome (trace event JSON for "
        "Perfetto and chrome://tracing), dot (Graphviz call graph), csv-spans (one row per "
        "span; csv is the same), csv-stats (statistics, --by as in stats)."));
    parser.addPositionalArgument(QStringLiteral("SOURCE"),
        QStringLiteral("Trace file (.json, .html, .gz, - for stdin) or base id in the collector."));
    const QCommandLineOption to(
        QStringLiteral("to"), QStringLiteral("Same as --format."), QStringLiteral("format"));
    const QCommandLineOption redacted(QStringLiteral("redacted"),
        QStringLiteral("Strip SQL params, function args/kwargs/results and URL query strings "
                       "(for public bug reports)."));
    const QStringList groups = statsGroupNames();
    const QCommandLineOption byOption(QStringLiteral("by"),
        QStringLiteral("csv-stats grouping: %1 (default type).")
            .arg(groups.join(QLatin1String(", "))),
        QStringLiteral("group"), QStringLiteral("type"));
    parser.addOption(to);
    parser.addOption(redacted);
    parser.addOption(byOption);
    QStringList formats = exportFormatNames();
    formats << QStringLiteral("csv");
    CommonArgs args(parser, formats);
    int code = Success;
    if (!args.parse(arguments, code))
        return code;
    QString by;
    if (!choiceValue(parser, byOption, groups, by, code))
        return code;
    QString name = args.format();
    if (parser.isSet(to)) {
        name = parser.value(to);
        if (!formats.contains(name)) {
            printError(QStringLiteral("unknown --to '%1'; expected one of: %2")
                           .arg(name, formats.join(QLatin1String(", "))));
            return InputError;
        }
    }
    const TracePtr trace = loadOnlySource(args, "export", code);
    if (!trace)
        return code;
    const ExportFormat format = *exportFormatByName(name);
    ExportOptions options;
    options.redacted = parser.isSet(redacted);
    options.statsBy = static_cast<GroupBy>(groups.indexOf(by));
    return writeOutput(
        args,
        [&](const TextSink &sink) {
            const ExportResult result = exportTrace(*trace, format, options, sink);
            // A payload that could not be read back: say so first, before "cannot write".
            if (!result.ok() && result.error().kind != Error::Output)
                printError(result.error().toString());
            return result.ok();
        },
        format == ExportFormat::Report); // byte for byte what show --format json prints
}

} // namespace Osp::Cli
