#include "cliargs.h"

#include "collectors/collector.h"
#include "commands.h"
#include "formats/traceloader.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace Osp::Cli {

CommonArgs::CommonArgs(QCommandLineParser &parser, const QStringList &formats)
    : m_parser(parser)
    , m_formats(formats)
    , m_formatOption(QStringList { QStringLiteral("f"), QStringLiteral("format") },
          QStringLiteral("Output format: %1 (default %2).")
              .arg(formats.join(QLatin1String(", ")), formats.first()),
          QStringLiteral("format"), formats.first())
    , m_json(QStringLiteral("json"),
          QStringLiteral("Same as --format json (as osprofiler trace show)."))
    , m_out(QStringList { QStringLiteral("o"), QStringLiteral("out") },
          QStringLiteral("Write to FILE instead of standard output."), QStringLiteral("FILE"))
    , m_connection(QStringLiteral("connection-string"),
          QStringLiteral("OSProfiler collector URL (default $OSPROFILER_CONNECTION_STRING)."),
          QStringLiteral("URL"))
{
    parser.addHelpOption();
    parser.addOption(m_formatOption);
    if (formats.contains(QLatin1String("json")))
        parser.addOption(m_json);
    parser.addOption(m_out);
    parser.addOption(m_connection);
}

bool CommonArgs::parse(const QStringList &arguments, int &exitCode)
{
    if (!m_parser.parse(arguments)) {
        printError(m_parser.errorText());
        exitCode = InputError;
        return false;
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(m_parser.helpText()), stdout);
        exitCode = Success;
        return false;
    }
    m_format = m_parser.value(m_formatOption);
    if (m_formats.contains(QLatin1String("json")) && m_parser.isSet(m_json))
        m_format = QStringLiteral("json");
    if (!m_formats.contains(m_format)) {
        printError(QStringLiteral("unknown --format '%1'; expected one of: %2")
                       .arg(m_format, m_formats.join(QLatin1String(", "))));
        exitCode = InputError;
        return false;
    }
    return true;
}

QString CommonArgs::connectionString() const
{
    if (m_parser.isSet(m_connection))
        return m_parser.value(m_connection);
    return qEnvironmentVariable("OSPROFILER_CONNECTION_STRING");
}

void printError(const QString &message)
{
    std::fprintf(stderr, "osptrace: %s\n", qPrintable(message));
}

void printLoadNotes(const QString &source, const Trace &trace)
{
    for (const QString &note : trace.loadNotes())
        printError(QStringLiteral("%1: note: %2").arg(source, note));
}

std::unique_ptr<Collector> openCollector(const QString &url, int &exitCode)
{
    Result<std::unique_ptr<Collector>> collector = Collector::create(url);
    if (collector.ok())
        return std::move(collector).value();
    printError(collector.error().toString());
    // A malformed URL is a usage error; a collector we cannot read is a collector failure.
    exitCode = ConnectionString::parse(url).isValid() ? NotFoundOrCollectorError : InputError;
    return nullptr;
}

TracePtr loadFromCollector(const QString &url, const QString &baseId, int &exitCode)
{
    std::unique_ptr<Collector> collector = openCollector(url, exitCode);
    if (!collector)
        return {};
    const FetchResult result = collector->fetchTrace(baseId, {});
    if (!result.ok()) {
        printError(result.error().toString());
        exitCode = NotFoundOrCollectorError;
        return {};
    }
    const TracePtr &trace = result.value().trace;
    printLoadNotes(baseId, *trace);
    exitCode = Success;
    return trace;
}

TracePtr loadSource(const QString &source, const CommonArgs &args, int &exitCode)
{
    static const QRegularExpression uuid(QStringLiteral(
        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    if (source != QLatin1String("-") && !QFileInfo::exists(source)) {
        if (uuid.match(source).hasMatch()) {
            const QString url = args.connectionString();
            if (url.isEmpty()) {
                printError(QStringLiteral("%1: no such file; to read a trace id from a collector "
                                          "give --connection-string or set "
                                          "$OSPROFILER_CONNECTION_STRING")
                               .arg(source));
                exitCode = NotFoundOrCollectorError;
                return {};
            }
            return loadFromCollector(url, source, exitCode);
        }
        printError(QStringLiteral("%1: no such file").arg(source));
        exitCode = InputError;
        return {};
    }
    const LoadResult result = loadTraceFile(source);
    // A file read only in part is an input error for scripts too, told as the reader found it.
    const std::optional<Error> failed
        = result.ok() ? result.value()->partialError() : std::optional<Error>(result.error());
    if (failed) {
        printError(failed->toString());
        exitCode = InputError;
        return {};
    }
    const TracePtr &trace = result.value();
    printLoadNotes(trace->sourceName(), *trace); // stderr: output stays as it was
    exitCode = Success;
    return trace;
}

TracePtr loadOnlySource(const CommonArgs &args, const char *command, int &exitCode)
{
    if (args.sources().size() != 1) {
        printError(QStringLiteral("%1 takes exactly one SOURCE (see osptrace %1 --help)")
                       .arg(QLatin1String(command)));
        exitCode = InputError;
        return {};
    }
    return loadSource(args.sources().first(), args, exitCode);
}

SingleSourceCommand::SingleSourceCommand(const QString &description, const QStringList &formats)
    : args(parser, formats)
{
    parser.setApplicationDescription(description);
    parser.addPositionalArgument(
        QStringLiteral("SOURCE"), QStringLiteral("Trace file (.json, .html, .gz, - for stdin)."));
}

bool SingleSourceCommand::load(const QStringList &arguments, const char *command)
{
    exitCode = 0;
    if (!args.parse(arguments, exitCode))
        return false;
    trace = loadOnlySource(args, command, exitCode);
    return trace != nullptr;
}

int writeOutput(const CommonArgs &args, const std::function<bool(const TextSink &)> &write,
    bool newlineOnStdout)
{
    const QString path = args.outPath();
    if (path.isEmpty() || path == QLatin1String("-")) {
        const bool ok = write([](std::string_view chunk) {
            return std::fwrite(chunk.data(), 1, chunk.size(), stdout) == chunk.size();
        });
        if (ok && newlineOnStdout)
            std::fputc('\n', stdout);
        if (std::fflush(stdout) != 0 || !ok) {
            printError(QStringLiteral("cannot write to standard output"));
            return InputError;
        }
        return Success;
    }
    QSaveFile file(path); // written to a temporary and renamed: no half-written reports
    if (!file.open(QIODevice::WriteOnly)) {
        printError(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
        return InputError;
    }
    const bool ok = write([&file](std::string_view chunk) {
        return file.write(chunk.data(), static_cast<qint64>(chunk.size()))
            == static_cast<qint64>(chunk.size());
    });
    if (!ok || !file.commit()) {
        printError(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
        return InputError;
    }
    return Success;
}

} // namespace Osp::Cli
