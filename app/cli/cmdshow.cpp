#include "cliargs.h"
#include "commands.h"
#include "export/reportwriter.h"
#include "export/textwriter.h"

namespace Osp::Cli {

int runShow(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print a trace: an indented call tree (text) or the OSProfiler report (json)."));
    parser.addPositionalArgument(QStringLiteral("SOURCE"),
        QStringLiteral("Trace file (.json, .html, .gz, - for stdin) or "
                       "base id in the collector."));
    CommonArgs args(parser, { QStringLiteral("text"), QStringLiteral("json") });
    int code = Success;
    if (!args.parse(arguments, code))
        return code;
    const TracePtr trace = loadOnlySource(args, "show", code);
    if (!trace)
        return code;
    if (args.format() == QLatin1String("json")) {
        ReportWriter writer(*trace);
        const int rc = writeOutput(
            args, [&](const TextSink &sink) { return writer.write(sink); }, true);
        if (!writer.error().isEmpty()) {
            printError(writer.error());
            return InputError;
        }
        return rc;
    }
    TextWriter writer(*trace);
    return writeOutput(
        args, [&](const TextSink &sink) { return writer.write(sink); }, false);
}

} // namespace Osp::Cli
