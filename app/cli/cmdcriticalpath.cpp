#include "analysis/criticalpath.h"
#include "commands.h"
#include "tableoutput.h"

namespace Osp::Cli {

namespace {
Table shareTable(std::string key, std::string title, std::string column,
    const std::vector<CriticalShare> &shares, bool ms)
{
    Table t;
    t.key = std::move(key);
    t.title = std::move(title);
    t.columns = { { "key", std::move(column), false }, { "time_us", "time", true },
        { "share", "share", true } };
    for (const CriticalShare &s : shares)
        t.rows.push_back({ s.key.empty() ? Cell::missing() : Cell::string(s.key),
            Cell::duration(s.us, ms), Cell::share(s.share) });
    return t;
}
} // namespace

int runCriticalPath(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The chain of spans that determined when the request ended, walking back from the span "
        "that ended last, with the time blamed on each span and per service, host and type."));
    parser.addPositionalArgument(
        QStringLiteral("SOURCE"), QStringLiteral("Trace file (.json, .html, .gz, - for stdin)."));
    const QStringList ends { QStringLiteral("trace-end"), QStringLiteral("answer") };
    const QCommandLineOption untilOption(QStringLiteral("until"),
        QStringLiteral("trace-end: the end of the whole trace, asynchronous work included "
                       "(default); answer: the moment the request (the longest top-level span) "
                       "answered."),
        QStringLiteral("point"), QStringLiteral("trace-end"));
    parser.addOption(untilOption);
    CommonArgs args(parser, analysisFormats());
    int code = Success;
    if (!args.parse(arguments, code))
        return code;
    QString until;
    if (!choiceValue(parser, untilOption, ends, until, code))
        return code;
    const TracePtr trace = loadOnlySource(args, "critical-path", code);
    if (!trace)
        return code;

    const CriticalPath cp = CriticalPath::compute(*trace,
        until == QLatin1String("answer") ? CriticalPathEnd::RootAnswered
                                         : CriticalPathEnd::TraceEnd);
    const bool ms = trace->isMsPrecision();

    Report report;
    report.addTraceFacts(*trace);
    report.facts.emplace_back("until", Cell::string(until.toStdString()));
    report.facts.emplace_back("path_end", Cell::offset(cp.endUs, ms));
    report.facts.emplace_back("path_spans", Cell::integer(int64_t(cp.steps.size())));
    report.facts.emplace_back("outside_spans", Cell::duration(cp.gapUs, ms));
    Table path;
    path.key = "path";
    path.title = "Critical path";
    path.columns = { { "depth", "depth", true } };
    for (Column &c : spanColumns())
        path.columns.push_back(std::move(c));
    path.columns.push_back({ "duration_us", "duration", true });
    path.columns.push_back({ "on_path_us", "on path", true });
    path.columns.push_back({ "share", "share", true });
    path.columns.push_back({ "state", "state", false });
    path.columns.push_back(summaryColumn());
    for (const CriticalStep &step : cp.steps) {
        const Span &s = trace->span(step.span);
        std::vector<Cell> row { Cell::integer(s.depth) };
        for (Cell &c : spanCells(*trace, step.span))
            row.push_back(std::move(c));
        row.push_back(Cell::duration(s.durationUs(), ms));
        row.push_back(Cell::duration(step.attributedUs, ms));
        row.push_back(
            Cell::share(cp.totalUs > 0 ? double(step.attributedUs) / double(cp.totalUs) : 0.0));
        std::string state = s.has(HasError) ? "error" : "";
        if (s.has(NoStopEvent))
            state += state.empty() ? "unfinished" : ", unfinished";
        row.push_back(state.empty() ? Cell::null() : Cell::string(state));
        row.push_back(summaryCell(*trace, step.span));
        path.rows.push_back(std::move(row));
    }
    report.tables.push_back(std::move(path));
    report.tables.push_back(
        shareTable("by_service", "Critical path by service", "service", cp.byService, ms));
    report.tables.push_back(shareTable("by_host", "Critical path by host", "host", cp.byHost, ms));
    report.tables.push_back(
        shareTable("by_type", "Critical path by span type", "type", cp.byType, ms));
    return writeReport(args, report);
}

} // namespace Osp::Cli
