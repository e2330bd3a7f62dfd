// Comparison benchmark (DESIGN.md: benchmarks print figures, they assert nothing).
// Loads two reports, then times aligning them: the first run and the median of the next runs
// (target: aligning two 1,000,000-span traces takes at most about twice the load of one).
#include "compare/comparison.h"
#include "formats/traceloader.h"
#include "itemmodels/comparisonmodel.h"

#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace Osp;

namespace {

double msSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

TracePtr load(const char *path, double &ms)
{
    const auto t0 = std::chrono::steady_clock::now();
    const LoadResult r = loadTraceFile(QString::fromLocal8Bit(path));
    ms = msSince(t0);
    if (!r.ok())
        std::fprintf(stderr, "%s: %s\n", path,
            qPrintable(!r.ok() ? r.error().toString() : QStringLiteral("load failed")));
    return r.value();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_compare A.json B.json [RUNS]\n");
        return 2;
    }
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
    double loadA = 0, loadB = 0;
    const TracePtr a = load(argv[1], loadA);
    if (!a)
        return 2;
    std::printf("load A  %-40s %9zu spans %10.1f ms\n", argv[1], a->spanCount(), loadA);
    std::fflush(stdout);
    const TracePtr b = load(argv[2], loadB);
    if (!b)
        return 2;
    std::printf("load B  %-40s %9zu spans %10.1f ms\n", argv[2], b->spanCount(), loadB);
    std::fflush(stdout);

    std::vector<double> times;
    size_t rows = 0, changed = 0;
    std::shared_ptr<const Comparison> kept;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        auto result = std::make_shared<const Comparison>(compareTraces(*a, *b));
        const Comparison &c = *result;
        times.push_back(msSince(t0));
        rows = c.rows.size();
        changed = size_t(std::count_if(c.rows.begin(), c.rows.end(), [](const ComparisonRow &row) {
            return row.selfDeltaUs() != 0 || row.countDelta() != 0;
        }));
        kept = std::move(result);
    }
    const double first = times.front();
    std::vector<double> rest(times.begin() + (times.size() > 1 ? 1 : 0), times.end());
    std::sort(rest.begin(), rest.end());
    const double median = rest[rest.size() / 2];
    std::printf("align A+B: first %.1f ms, median of the rest %.1f ms (%d runs); %zu aligned "
                "paths, %zu changed\n",
        first, median, runs, rows, changed);
    std::printf("align / load of one trace (mean of A and B): %.2f (target <= 2)\n",
        first / ((loadA + loadB) / 2));

    // The GUI's table over it (ComparisonModel): what a user waits for after the alignment.
    ComparisonModel model;
    const auto timed = [](const char *what, auto &&fn) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        std::printf("model: %-44s %10.1f ms\n", what, msSince(t0));
        std::fflush(stdout);
    };
    timed("set comparison (by impact)", [&] { model.setComparison(kept); });
    timed("sort by name", [&] { model.sort(ComparisonModel::NameColumn, Qt::AscendingOrder); });
    timed(
        "sort by impact", [&] { model.sort(ComparisonModel::ImpactColumn, Qt::DescendingOrder); });
    timed("call-tree layout", [&] { model.setLayout(ComparisonModel::Layout::Tree); });
    timed("expand all", [&] { model.expandAll(); });
    timed("collapse all", [&] { model.collapseAll(); });
    const uint32_t deepest = uint32_t(
        std::max_element(kept->rows.begin(), kept->rows.end(),
            [](const ComparisonRow &x, const ComparisonRow &y) { return x.depth < y.depth; })
        - kept->rows.begin());
    timed("select the deepest row (opens its path)", [&] { model.rowOfComparisonRow(deepest); });
    std::printf("model: %d visible rows of %zu\n", model.rowCount(), kept->rows.size());
    return 0;
}
