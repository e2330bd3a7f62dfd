#include "analysis/statistics.h"
#include "commands.h"
#include "tableoutput.h"

namespace Osp::Cli {

int runStats(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Statistics per span type, service, host, project or call path: count, total, self "
        "time, average, median, p95, max and share of the trace (nested spans of one group "
        "are not counted twice). Unfinished spans are counted but left out of the durations."));
    parser.addPositionalArgument(
        QStringLiteral("SOURCE"), QStringLiteral("Trace file (.json, .html, .gz, - for stdin)."));
    const QStringList groups = statsGroupNames();
    const QCommandLineOption byOption(QStringLiteral("by"),
        QStringLiteral("Group by: %1 (default type).").arg(groups.join(QLatin1String(", "))),
        QStringLiteral("group"), QStringLiteral("type"));
    parser.addOption(byOption);
    CommonArgs args(parser, analysisFormats());
    int code = Success;
    if (!args.parse(arguments, code))
        return code;
    QString by;
    if (!choiceValue(parser, byOption, groups, by, code))
        return code;
    const TracePtr trace = loadOnlySource(args, "stats", code);
    if (!trace)
        return code;

    const GroupBy group = static_cast<GroupBy>(groups.indexOf(by));
    const Statistics st = computeStatistics(*trace, group);
    const bool ms = trace->isMsPrecision();

    Report report;
    report.addTraceFacts(*trace);
    report.facts.emplace_back("grouped_by", Cell::string(by.toStdString()));
    Table t;
    t.key = "groups";
    t.title = "Statistics by " + by.toStdString();
    t.columns = { { "key", by.toStdString(), false }, { "count", "count", true },
        { "unfinished", "unfinished", true }, { "errors", "errors", true },
        { "total_us", "total", true }, { "self_us", "self", true },
        { "average_us", "average", true }, { "median_us", "median", true },
        { "p95_us", "p95", true }, { "max_us", "max", true }, { "share", "share", true } };
    for (const StatsRow &r : st.rows) {
        // A group of only unfinished spans has no durations at all: "-", not "0 us".
        const bool timed = r.count > r.unfinished;
        const auto d
            = [&](int64_t us) { return timed ? Cell::duration(us, ms) : Cell::notApplicable(); };
        t.rows.push_back({ r.key.empty() ? Cell::missing() : Cell::string(r.key),
            Cell::integer(int64_t(r.count)), Cell::integer(int64_t(r.unfinished)),
            Cell::integer(int64_t(r.errors)), d(r.totalUs), d(r.selfTotalUs), d(r.averageUs),
            d(r.medianUs), d(r.p95Us), d(r.maxUs),
            timed ? Cell::share(r.share) : Cell::notApplicable() });
    }
    report.tables.push_back(std::move(t));
    return writeReport(args, report);
}

} // namespace Osp::Cli
