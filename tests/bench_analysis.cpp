// Analysis benchmark (DESIGN.md: benchmarks print figures, they assert nothing).
// Loads one report, then times each analysis: the first run and the median of the next runs.
#include "analysis/clockskew.h"
#include "analysis/criticalpath.h"
#include "analysis/errorlist.h"
#include "analysis/repeatedwork.h"
#include "analysis/search.h"
#include "analysis/sortorder.h"
#include "analysis/statistics.h"
#include "analysis/topspans.h"
#include "formats/traceloader.h"
#include "itemmodels/calltreemodel.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

using namespace Osp;

namespace {

double msSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

const char *g_only = nullptr; // run only operations whose name contains this

/// Runs fn `runs` times; prints the first run and the median of the others.
void measure(const char *name, int runs, const std::function<size_t()> &fn)
{
    if (g_only && !std::strstr(name, g_only))
        return;
    std::vector<double> times;
    size_t result = 0;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        result = fn();
        times.push_back(msSince(t0));
    }
    const double first = times.front();
    std::vector<double> rest(times.begin() + (times.size() > 1 ? 1 : 0), times.end());
    std::sort(rest.begin(), rest.end());
    std::printf("%-34s %10.1f %10.1f %12zu\n", name, first, rest[rest.size() / 2], result);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_analysis REPORT.json [RUNS [ONLY]]\n");
        return 2;
    }
    const int runs = argc > 2 ? std::max(2, std::atoi(argv[2])) : 5;
    g_only = argc > 3 ? argv[3] : nullptr;
    const auto t0 = std::chrono::steady_clock::now();
    const LoadResult r = loadTraceFile(QString::fromLocal8Bit(argv[1]));
    if (!r.ok()) {
        std::fprintf(stderr, "%s\n",
            qPrintable(!r.ok() ? r.error().toString() : QStringLiteral("load failed")));
        return 2;
    }
    const Trace &t = *r.value();
    std::printf("%s: %zu spans, loaded in %.1f s; %d runs each (first, then median of the rest)\n",
        argv[1], t.spanCount(), msSince(t0) / 1000.0, runs);
    std::printf("%-34s %10s %10s %12s\n", "operation", "first ms", "median ms", "result");

    const struct
    {
        const char *name;
        SortKey key;
    } sorts[] = {
        { "sort by start (desc)", SortKey::Start },
        { "sort by duration (desc)", SortKey::Duration },
        { "sort by self time (desc)", SortKey::SelfTime },
        { "sort by name (desc)", SortKey::Name },
    };
    for (const auto &s : sorts)
        measure(s.name, runs, [&] { return SortOrder::compute(t, s.key, true).preorder().size(); });
    measure("sort by name (asc)", runs,
        [&] { return SortOrder::compute(t, SortKey::Name, false).preorder().size(); });

    SearchQuery filter;
    filter.minDurationUs = 10'000;
    measure("filter: duration >= 10 ms", runs, [&] { return searchTrace(t, filter).matchCount(); });
    SearchQuery service;
    service.service = QStringLiteral("nova-compute");
    filter.errorsOnly = true;
    measure(
        "filter: service nova-compute", runs, [&] { return searchTrace(t, service).matchCount(); });
    SearchQuery byName;
    byName.text = QStringLiteral("rpc");
    byName.payload = false;
    measure("search name 'rpc'", runs, [&] { return searchTrace(t, byName).matchCount(); });
    SearchQuery bySql;
    bySql.text = QStringLiteral("FROM ports");
    measure(
        "search payload 'FROM ports'", runs, [&] { return searchTrace(t, bySql).matchCount(); });
    SearchQuery byRegex;
    byRegex.text = QStringLiteral("select .* from instances");
    byRegex.regex = true;
    measure("search payload regex", runs, [&] { return searchTrace(t, byRegex).matchCount(); });
    const SearchResult found = searchTrace(t, bySql);
    measure("next match x1000", runs, [&] {
        SpanIndex at = NoSpan;
        for (int k = 0; k < 1000; ++k)
            at = found.next(at);
        return size_t(at);
    });

    measure("statistics by type", runs,
        [&] { return computeStatistics(t, GroupBy::Type).rows.size(); });
    measure("statistics by service", runs,
        [&] { return computeStatistics(t, GroupBy::Service).rows.size(); });
    measure("statistics by path", runs,
        [&] { return computeStatistics(t, GroupBy::Path).rows.size(); });
    measure("top 100 by duration and self", runs,
        [&] { return computeTopSpans(t, 100).byDuration.size(); });
    measure(
        "critical path (trace end)", runs, [&] { return CriticalPath::compute(t).steps.size(); });
    measure("critical path (answer)", runs,
        [&] { return CriticalPath::compute(t, CriticalPathEnd::RootAnswered).steps.size(); });
    measure("errors", runs, [&] { return ErrorList::compute(t).entries.size(); });
    measure("clock skew", runs, [&] { return ClockSkew::compute(t).spans.size(); });
    measure("repeated work", runs, [&] { return RepeatedWork::compute(t).groups.size(); });

    // Select: what the tree does when a span is chosen elsewhere (its row, ancestors
    // expanded); open details: read the span's payloads back from the file and parse them.
    CallTreeModel model;
    model.setTrace(r.value());
    SpanIndex probe = static_cast<SpanIndex>(t.spanCount() - 1); // deep in the last subtree
    measure("collapse all + select deep span", runs, [&] {
        model.collapseAll();
        return static_cast<size_t>(model.rowOfSpan(probe));
    });
    measure("open details (payloads read+parse)", runs, [&] {
        size_t keys = 0;
        for (const RawEntry &e : t.entries(probe))
            keys += nlohmann::json::parse(t.rawText(e.value()), nullptr, false).size();
        return keys;
    });
    return 0;
}
