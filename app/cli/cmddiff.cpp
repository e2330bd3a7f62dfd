#include "commands.h"
#include "compare/comparisonbuilder.h"
#include "compare/comparisonthreshold.h"
#include "formats/tracesources.h"
#include "tableoutput.h"
#include "util/listoptions.h"

namespace Osp::Cli {

namespace {

/// Work keys can be whole SQL statements; text tables want a glance, json the whole key.
Cell workCell(std::string_view work, bool shorten)
{
    if (work.empty())
        return Cell::null();
    std::string text(work);
    if (shorten && text.size() > 60) {
        size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut; // not inside a UTF-8 sequence
        text = text.substr(0, cut) + "...";
    }
    return { text, std::string(work) };
}

Cell presenceCell(Presence p)
{
    switch (p) {
    case Presence::Added:
        return Cell::string("added");
    case Presence::Removed:
        return Cell::string("removed");
    case Presence::Both:
        break;
    }
    return { std::string(), std::string() };
}

/// A directory stands for the per-iteration reports in it (formats/tracesources).
QStringList expandSources(const QStringList &sources, int &exitCode)
{
    Result<QStringList> out = expandTraceSources(sources);
    if (out.ok())
        return std::move(out).value();
    printError(out.error().toString());
    exitCode = InputError;
    return {};
}

void addTwoTraceTable(Report &report, const Comparison &c, size_t limit, bool text)
{
    const bool ms = c.msPrecision;
    Table t;
    t.key = "paths";
    const size_t shown = std::min(limit, c.impactOrder.size());
    t.title = "Top " + std::to_string(shown) + " of " + std::to_string(c.rows.size())
        + " aligned call paths by self-time change (A -> B)";
    t.columns = { { "rank", "rank", true }, { "row", "#", true } };
    if (!text)
        t.columns.insert(t.columns.end(),
            { { "parent", "parent", true }, { "depth", "depth", true },
                { "path", "path", false } });
    t.columns.insert(t.columns.end(),
        { { "change", "change", false }, { "name", "name", false }, { "service", "service", false },
            { "work", "work", false }, { "count_a", "count A", true },
            { "count_b", "count B", true }, { "count_delta", "Δcount", true },
            { "duration_a_us", "duration A", true }, { "duration_b_us", "duration B", true },
            { "duration_delta_us", "Δduration", true }, { "duration_delta_pct", "Δ%", true },
            { "self_a_us", "self A", true }, { "self_b_us", "self B", true },
            { "self_delta_us", "Δself", true }, { "self_delta_pct", "Δ%self", true } });
    for (size_t rank = 0; rank < shown; ++rank) {
        const uint32_t i = c.impactOrder[rank];
        const ComparisonRow &r = c.rows[i];
        std::vector<Cell> row { Cell::integer(int64_t(rank + 1)), Cell::integer(i) };
        if (!text) {
            row.push_back(r.parent == NoRow ? Cell::null() : Cell::integer(r.parent));
            row.push_back(Cell::integer(r.depth));
            row.push_back(Cell::string(c.pathText(i)));
        }
        const auto str = [&c](StringId id) {
            return id == NoString ? Cell::null() : Cell::string(c.view(id));
        };
        row.push_back(presenceCell(r.presence));
        row.push_back(str(r.name));
        row.push_back(str(r.service));
        row.push_back(workCell(c.view(r.work), text));
        row.push_back(Cell::integer(r.a.count));
        row.push_back(Cell::integer(r.b.count));
        row.push_back(Cell::signedInteger(r.countDelta()));
        row.push_back(Cell::duration(r.a.durationUs, ms));
        row.push_back(Cell::duration(r.b.durationUs, ms));
        row.push_back(Cell::delta(r.durationDeltaUs(), ms));
        row.push_back(Cell::percentChange(r.a.durationUs, r.b.durationUs));
        row.push_back(Cell::duration(r.a.selfUs, ms));
        row.push_back(Cell::duration(r.b.selfUs, ms));
        row.push_back(Cell::delta(r.selfDeltaUs(), ms));
        row.push_back(Cell::percentChange(r.a.selfUs, r.b.selfUs));
        t.rows.push_back(std::move(row));
    }
    report.tables.push_back(std::move(t));
}

void addManyTables(Report &report, const Comparison &c, size_t limit, bool text)
{
    const bool ms = c.msPrecision;
    Table t;
    t.key = "paths";
    const size_t shown = std::min(limit, c.impactOrder.size());
    t.title = "Top " + std::to_string(shown) + " of " + std::to_string(c.rows.size())
        + " aligned call paths by median self-time shift (baseline -> candidate)";
    t.columns = { { "rank", "rank", true }, { "row", "#", true } };
    if (!text)
        t.columns.insert(t.columns.end(),
            { { "parent", "parent", true }, { "depth", "depth", true },
                { "path", "path", false } });
    t.columns.insert(t.columns.end(),
        { { "change", "change", false }, { "name", "name", false }, { "service", "service", false },
            { "work", "work", false }, { "traces_a", "in A", true }, { "traces_b", "in B", true },
            { "count_a", "count A", true }, { "count_b", "count B", true },
            { "duration_a_us", "median A", true }, { "duration_a_p95_us", "p95 A", true },
            { "duration_b_us", "median B", true }, { "duration_b_p95_us", "p95 B", true },
            { "duration_shift_us", "shift", true }, { "duration_shift_pct", "shift %", true },
            { "self_a_us", "self A", true }, { "self_b_us", "self B", true },
            { "self_shift_us", "self shift", true }, { "self_shift_pct", "self %", true } });
    for (size_t rank = 0; rank < shown; ++rank) {
        const uint32_t i = c.impactOrder[rank];
        const ComparisonRow &r = c.rows[i];
        std::vector<Cell> row { Cell::integer(int64_t(rank + 1)), Cell::integer(i) };
        if (!text) {
            row.push_back(r.parent == NoRow ? Cell::null() : Cell::integer(r.parent));
            row.push_back(Cell::integer(r.depth));
            row.push_back(Cell::string(c.pathText(i)));
        }
        const auto str = [&c](StringId id) {
            return id == NoString ? Cell::null() : Cell::string(c.view(id));
        };
        row.push_back(presenceCell(r.presence));
        row.push_back(str(r.name));
        row.push_back(str(r.service));
        row.push_back(workCell(c.view(r.work), text));
        row.push_back(Cell::integer(r.a.tracesPresent));
        row.push_back(Cell::integer(r.b.tracesPresent));
        row.push_back(Cell::integer(r.a.count));
        row.push_back(Cell::integer(r.b.count));
        row.push_back(Cell::duration(r.a.durationUs, ms));
        row.push_back(Cell::duration(r.a.durationP95Us, ms));
        row.push_back(Cell::duration(r.b.durationUs, ms));
        row.push_back(Cell::duration(r.b.durationP95Us, ms));
        row.push_back(Cell::delta(r.durationDeltaUs(), ms));
        row.push_back(Cell::percentChange(r.a.durationUs, r.b.durationUs));
        row.push_back(Cell::duration(r.a.selfUs, ms));
        row.push_back(Cell::duration(r.b.selfUs, ms));
        row.push_back(Cell::delta(r.selfDeltaUs(), ms));
        row.push_back(Cell::percentChange(r.a.selfUs, r.b.selfUs));
        t.rows.push_back(std::move(row));
    }
    report.tables.push_back(std::move(t));

    Table traces;
    traces.key = "traces";
    traces.title = "Traces (outlier: total outside Tukey's fences, 1.5 x IQR, of its side)";
    traces.columns = { { "side", "side", false }, { "source", "source", false },
        { "trace", "trace", false }, { "spans", "spans", true }, { "total_us", "total", true },
        { "outlier", "outlier", false } };
    for (const ComparedTrace &t2 : c.traces) {
        traces.rows.push_back(
            { Cell::string(t2.side == ComparisonSide::A ? "baseline" : "candidate"),
                Cell::string(t2.source.toStdString()),
                t2.baseId.empty() ? Cell::null() : Cell::string(t2.baseId),
                Cell::integer(int64_t(t2.spans)), Cell::duration(t2.totalUs, t2.msPrecision),
                t2.outlier ? Cell { "outlier", std::string("outlier") }
                           : Cell { std::string(), std::string() } });
    }
    report.tables.push_back(std::move(traces));
}

void addFacts(Report &report, const Comparison &c)
{
    const bool ms = c.msPrecision;
    report.factsKey = "comparison";
    const bool many = c.isManyVsMany();
    report.facts.emplace_back("mode", Cell::string(many ? "many-vs-many" : "two traces"));
    if (!many) {
        for (const ComparedTrace &t : c.traces) {
            const std::string p = t.side == ComparisonSide::A ? "a_" : "b_";
            report.facts.emplace_back(p + "source", Cell::string(t.source.toStdString()));
            report.facts.emplace_back(
                p + "trace", t.baseId.empty() ? Cell::null() : Cell::string(t.baseId));
            report.facts.emplace_back(p + "spans", Cell::integer(int64_t(t.spans)));
            report.facts.emplace_back(p + "duration", Cell::duration(t.totalUs, t.msPrecision));
        }
    } else {
        report.facts.emplace_back("baseline_traces", Cell::integer(int64_t(c.tracesA)));
        report.facts.emplace_back("candidate_traces", Cell::integer(int64_t(c.tracesB)));
        report.facts.emplace_back("a_median", Cell::duration(c.totalA, ms));
        report.facts.emplace_back("a_p95", Cell::duration(c.totalP95A, ms));
        report.facts.emplace_back("b_median", Cell::duration(c.totalB, ms));
        report.facts.emplace_back("b_p95", Cell::duration(c.totalP95B, ms));
        const auto outliers = std::count_if(
            c.traces.begin(), c.traces.end(), [](const ComparedTrace &t) { return t.outlier; });
        report.facts.emplace_back("outliers", Cell::integer(int64_t(outliers)));
    }
    report.facts.emplace_back("total_delta", Cell::delta(c.totalDeltaUs(), ms));
    report.facts.emplace_back("total_delta_pct", Cell::percentChange(c.totalA, c.totalB));
    size_t changed = 0, added = 0, removed = 0;
    for (const ComparisonRow &r : c.rows) {
        changed += r.countDelta() != 0 || r.durationDeltaUs() != 0 || r.selfDeltaUs() != 0;
        added += r.presence == Presence::Added;
        removed += r.presence == Presence::Removed;
    }
    report.facts.emplace_back("aligned_paths", Cell::integer(int64_t(c.rows.size())));
    report.facts.emplace_back("changed_paths", Cell::integer(int64_t(changed)));
    report.facts.emplace_back("added_paths", Cell::integer(int64_t(added)));
    report.facts.emplace_back("removed_paths", Cell::integer(int64_t(removed)));
    report.facts.emplace_back("precision", Cell::string(ms ? "ms" : "us"));
}

} // namespace

int runDiff(const QStringList &arguments)
{
    const QString baselineName = QStringLiteral("--baseline");
    const QString candidateName = QStringLiteral("--candidate");
    const ListOptions split = splitListOptions(arguments, { baselineName, candidateName });
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Compare two requests (A B), or two groups of requests (--baseline A... --candidate "
        "B...), aligned by call path: name, service and what the span did (HTTP method and "
        "path with ids folded, normalised SQL, function name), never trace ids or hosts. "
        "Repeated siblings are grouped into one row with counts. Rows are sorted by the "
        "largest self-time change; groups compare medians (and show p95s) and flag outlier "
        "traces. A directory stands for all *.json / *.html reports in it."));
    parser.addPositionalArgument(
        QStringLiteral("A"), QStringLiteral("The baseline trace (file or base id)."));
    parser.addPositionalArgument(
        QStringLiteral("B"), QStringLiteral("The candidate trace (file or base id)."));
    const QCommandLineOption baselineOption(QStringLiteral("baseline"),
        QStringLiteral("Baseline traces, files, directories or base ids (several may follow)."),
        QStringLiteral("TRACE..."));
    const QCommandLineOption candidateOption(QStringLiteral("candidate"),
        QStringLiteral("Candidate traces (several may follow)."), QStringLiteral("TRACE..."));
    const QCommandLineOption countOption(
        QStringList { QStringLiteral("n"), QStringLiteral("count") },
        QStringLiteral("How many rows (default 30 in text, all otherwise; 0 = all)."),
        QStringLiteral("N"));
    const QCommandLineOption failIfOption(QStringLiteral("fail-if"),
        QStringLiteral("Exit 1 when METRIC grew by more than VALUE: total (the request), self or "
                       "duration (any call path), count (any path runs more often); units us, "
                       "ms, s, % (count: none or %). E.g. total>10%, self>50ms, count>0. "
                       "Repeatable."),
        QStringLiteral("METRIC>VALUE"));
    const QCommandLineOption keepNumbersOption(QStringLiteral("keep-numbers"),
        QStringLiteral("Do not fold all-digit path segments into {n} (ids are always folded)."));
    parser.addOption(baselineOption);
    parser.addOption(candidateOption);
    parser.addOption(countOption);
    parser.addOption(failIfOption);
    parser.addOption(keepNumbersOption);
    CommonArgs args(
        parser, { QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("markdown") });
    int code = Success;
    if (!args.parse(split.rest, code))
        return code;

    std::vector<ComparisonThreshold> thresholds;
    for (const QString &rule : parser.values(failIfOption)) {
        std::string error;
        std::optional<ComparisonThreshold> t
            = ComparisonThreshold::parse(rule.toStdString(), &error);
        if (!t) {
            printError(QString::fromStdString(error));
            return InputError;
        }
        thresholds.push_back(std::move(*t));
    }
    const bool text = args.format() == QLatin1String("text");
    size_t limit = text ? 30 : size_t(-1);
    if (parser.isSet(countOption)) {
        bool ok = false;
        const int n = parser.value(countOption).toInt(&ok);
        if (!ok || n < 0) {
            printError(QStringLiteral("-n expects a non-negative number, got '%1'")
                           .arg(parser.value(countOption)));
            return InputError;
        }
        limit = n == 0 ? size_t(-1) : size_t(n);
    }

    QStringList baseline, candidate;
    const QStringList positional = args.sources();
    if (split.isSet(baselineName) || split.isSet(candidateName)) {
        if (!positional.isEmpty() || split[baselineName].isEmpty()
            || split[candidateName].isEmpty()) {
            printError(QStringLiteral("give --baseline TRACE... and --candidate TRACE..., and no "
                                      "other trace (see osptrace diff --help)"));
            return InputError;
        }
        baseline = expandSources(split[baselineName], code);
        if (baseline.isEmpty())
            return code;
        candidate = expandSources(split[candidateName], code);
        if (candidate.isEmpty())
            return code;
    } else {
        if (positional.size() != 2) {
            printError(QStringLiteral("diff takes two traces A B, or --baseline A... --candidate "
                                      "B... (see osptrace diff --help)"));
            return InputError;
        }
        baseline = { positional.at(0) };
        candidate = { positional.at(1) };
    }

    ComparisonOptions options;
    options.foldNumbers = !parser.isSet(keepNumbersOption);
    ComparisonBuilder builder(options);
    // One trace at a time: a run of 80 iterations never holds more than one in memory.
    for (const auto &[side, sources] : { std::pair { ComparisonSide::A, &baseline },
             std::pair { ComparisonSide::B, &candidate } }) {
        for (const QString &source : *sources) {
            const TracePtr trace = loadSource(source, args, code);
            if (!trace)
                return code;
            if (trace->isPartial())
                printError(QStringLiteral("%1: warning: %2").arg(source, trace->partialWarning()));
            builder.addTrace(side, *trace);
        }
    }
    const Comparison comparison = builder.finish();

    Report report;
    addFacts(report, comparison);
    if (comparison.isManyVsMany())
        addManyTables(report, comparison, limit, text);
    else
        addTwoTraceTable(report, comparison, limit, text);
    const int written = writeReport(args, report);
    if (written != Success)
        return written;

    bool crossed = false;
    for (const ComparisonThreshold &t : thresholds) {
        const std::vector<ThresholdHit> hits = t.check(comparison);
        const size_t shown = std::min<size_t>(hits.size(), 5);
        for (size_t i = 0; i < shown; ++i)
            printError(QStringLiteral("threshold crossed: ")
                + QString::fromStdString(hits[i].description));
        if (hits.size() > shown)
            printError(QStringLiteral("threshold crossed: %1: and %2 more call paths")
                           .arg(QString::fromStdString(t.text()))
                           .arg(hits.size() - shown));
        crossed = crossed || !hits.empty();
    }
    return crossed ? ThresholdCrossed : Success;
}

} // namespace Osp::Cli
