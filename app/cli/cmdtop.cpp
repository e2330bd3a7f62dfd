#include "analysis/topspans.h"
#include "commands.h"
#include "tableoutput.h"

namespace Osp::Cli {

int runTop(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The N slowest spans by duration or by self time (spans with no stop or no start "
        "event are left out: their duration is unknown)."));
    parser.addPositionalArgument(
        QStringLiteral("SOURCE"), QStringLiteral("Trace file (.json, .html, .gz, - for stdin)."));
    const QCommandLineOption countOption(
        QStringList { QStringLiteral("n"), QStringLiteral("count") },
        QStringLiteral("How many spans (default 10)."), QStringLiteral("N"), QStringLiteral("10"));
    const QStringList measures { QStringLiteral("duration"), QStringLiteral("self") };
    const QCommandLineOption byOption(QStringLiteral("by"),
        QStringLiteral("Rank by: duration, self (default duration)."), QStringLiteral("measure"),
        QStringLiteral("duration"));
    parser.addOption(countOption);
    parser.addOption(byOption);
    CommonArgs args(parser, analysisFormats());
    int code = Success;
    if (!args.parse(arguments, code))
        return code;
    QString by;
    if (!choiceValue(parser, byOption, measures, by, code))
        return code;
    bool ok = false;
    const int count = parser.value(countOption).toInt(&ok);
    if (!ok || count < 0) {
        printError(QStringLiteral("-n expects a non-negative number, got '%1'")
                       .arg(parser.value(countOption)));
        return InputError;
    }
    const TracePtr trace = loadOnlySource(args, "top", code);
    if (!trace)
        return code;

    const TopBy measure = by == QLatin1String("self") ? TopBy::SelfTime : TopBy::Duration;
    const std::vector<SpanIndex> top = topSpans(*trace, size_t(count), measure);

    Report report;
    report.addTraceFacts(*trace);
    report.facts.emplace_back("ranked_by", Cell::string(by.toStdString()));
    Table t;
    t.key = "spans";
    t.title = "Top " + std::to_string(top.size()) + " spans by " + by.toStdString();
    t.columns = { { "rank", "rank", true } };
    for (Column &c : spanColumns())
        t.columns.push_back(std::move(c));
    t.columns.push_back({ "duration_us", "duration", true });
    t.columns.push_back({ "self_us", "self", true });
    t.columns.push_back(summaryColumn());
    for (size_t r = 0; r < top.size(); ++r) {
        const SpanIndex i = top[r];
        const Span &s = trace->span(i);
        std::vector<Cell> row { Cell::integer(int64_t(r + 1)) };
        for (Cell &c : spanCells(*trace, i))
            row.push_back(std::move(c));
        row.push_back(Cell::duration(s.durationUs(), s.has(MsPrecision)));
        row.push_back(Cell::duration(s.selfUs, s.has(MsPrecision)));
        row.push_back(summaryCell(*trace, i));
        t.rows.push_back(std::move(row));
    }
    report.tables.push_back(std::move(t));
    return writeReport(args, report);
}

} // namespace Osp::Cli
