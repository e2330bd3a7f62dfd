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
        std::optional<Error> failed;
        const int rc = writeOutput(
            args,
            [&](const TextSink &sink) {
                const Result<void> written = writer.write(sink);
                if (!written.ok())
                    failed = written.error();
                return written.ok();
            },
            true);
        if (failed) {
            printError(failed->toString());
            return InputError;
        }
        return rc;
    }
    TextWriter writer(*trace);
    return writeOutput(
        args, [&](const TextSink &sink) { return writer.write(sink).ok(); }, false);
}

} // namespace Osp::Cli
