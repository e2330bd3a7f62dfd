#include "cliargs.h"
#include "commands.h"
#include "util/timestamp.h"

#include <nlohmann/json.hpp>

namespace Osp::Cli {

namespace {

/// `--error-trace`, `--error-trace True`, `--error-trace=True` (osprofiler trace list takes a
/// value; argparse's type=bool makes any non-empty one true — here False/0/no mean false).
bool isBoolWord(const QString &text)
{
    static const QStringList words { QStringLiteral("true"), QStringLiteral("false"),
        QStringLiteral("1"), QStringLiteral("0"), QStringLiteral("yes"), QStringLiteral("no") };
    return words.contains(text.toLower());
}

QStringList normaliseErrorTrace(QStringList arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments[i] != QLatin1String("--error-trace"))
            continue;
        if (i + 1 < arguments.size() && isBoolWord(arguments[i + 1])) {
            arguments[i] += QLatin1Char('=') + arguments[i + 1];
            arguments.removeAt(i + 1);
        } else {
            arguments[i] = QStringLiteral("--error-trace=True");
        }
    }
    return arguments;
}

std::string csvField(const std::string &text)
{
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

std::string timestampText(const TraceSummary &row)
{
    return row.startUs ? Timestamp::formatOsprofiler(*row.startUs) : std::string();
}

} // namespace

int runList(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "List the traces in the collector, newest first: base id, start (the oldest event, UTC), "
        "span count (events / 2) and the root request."));
    const QCommandLineOption errorTrace(QStringLiteral("error-trace"),
        QStringLiteral("Only traces with an error (the error index, or the events when it is "
                       "empty). Takes an optional True/False as osprofiler trace list."),
        QStringLiteral("BOOL"));
    parser.addOption(errorTrace);
    CommonArgs args(
        parser, { QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("csv") });
    int code = Success;
    if (!args.parse(normaliseErrorTrace(arguments), code))
        return code;
    if (!args.sources().isEmpty()) {
        printError(QStringLiteral("list takes no SOURCE; it reads --connection-string"));
        return InputError;
    }
    TraceListOptions options;
    if (parser.isSet(errorTrace)) {
        const QString value = parser.value(errorTrace).toLower();
        if (!isBoolWord(value)) {
            printError(QStringLiteral("--error-trace takes True or False, not '%1'")
                           .arg(parser.value(errorTrace)));
            return InputError;
        }
        options.errorsOnly = value == QLatin1String("true") || value == QLatin1String("1")
            || value == QLatin1String("yes");
    }
    const QString url = args.connectionString();
    if (url.isEmpty()) {
        printError(
            QStringLiteral("list needs --connection-string URL or $OSPROFILER_CONNECTION_STRING"));
        return InputError;
    }
    std::unique_ptr<Collector> collector = openCollector(url, code);
    if (!collector)
        return code;
    const TraceListResult result = collector->listTraces(options);
    if (!result.ok()) {
        printError(result.error().toString());
        return NotFoundOrCollectorError;
    }
    const TraceList &list = result.value();
    if (!list.notice.isEmpty())
        std::fprintf(stderr, "osptrace: note: %s\n", qPrintable(list.notice));

    std::string out;
    if (args.format() == QLatin1String("json")) {
        nlohmann::json rows = nlohmann::json::array();
        for (const TraceSummary &row : list.traces) {
            nlohmann::json r;
            r["base_id"] = row.baseId.toStdString();
            r["timestamp"] = timestampText(row);
            r["started_us"] = row.startUs ? nlohmann::json(*row.startUs) : nlohmann::json(nullptr);
            r["spans"] = row.spanCount();
            r["events"] = row.eventCount;
            r["request"] = row.rootRequest.toStdString();
            if (options.errorsOnly)
                r["error"] = row.hasError;
            rows.push_back(std::move(r));
        }
        out = rows.dump(2);
    } else if (args.format() == QLatin1String("csv")) {
        out = "base_id,timestamp,spans,events,request\n";
        for (const TraceSummary &row : list.traces)
            out += row.baseId.toStdString() + ',' + timestampText(row) + ','
                + std::to_string(row.spanCount()) + ',' + std::to_string(row.eventCount) + ','
                + csvField(row.rootRequest.toStdString()) + '\n';
    } else {
        char line[512];
        std::snprintf(line, sizeof line, "%-36s  %-26s  %7s  %s\n", "base_id", "started (UTC)",
            "spans", "request");
        out = line;
        for (const TraceSummary &row : list.traces) {
            const std::string started
                = row.startUs ? Timestamp::formatUtc(*row.startUs).toStdString() : "?";
            std::snprintf(line, sizeof line, "%-36s  %-26s  %7lld  ", qPrintable(row.baseId),
                started.c_str(), static_cast<long long>(row.spanCount()));
            out += line + row.rootRequest.toStdString() + '\n';
        }
        if (list.traces.empty())
            out += options.errorsOnly ? "(no traces with errors)\n" : "(no traces)\n";
    }
    return writeOutput(
        args, [&](const TextSink &sink) { return sink(out); },
        args.format() == QLatin1String("json"));
}

} // namespace Osp::Cli
