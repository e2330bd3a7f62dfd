// Paint benchmark (DESIGN.md: benchmarks print figures, they assert nothing).
// Paints the timeline (depth lanes, service swimlanes, and swimlanes with the links between
// services) and the flame graph, critical path and clock skew marked, into a
// 1920×1080 QImage (device pixel ratio 1) for a big synthetic trace along a scripted path of
// distinct zoom/pan steps (each a draw-list cache miss) at full zoom-out, mid zoom and deep
// zoom, and prints median, p95 and max per level; then hover and selection repaints, which
// reuse the cached frame.
//
//   bench_paint [TRACE.json] [STEPS_PER_LEVEL]   (default /tmp/ospview-bench/s1m.json, 100)

#include "formats/traceloader.h"
#include "itemmodels/tracesession.h"
#include "util/allocator.h"
#include "views/canvas/flamegraphview.h"
#include "views/canvas/timelineview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <random>
#include <vector>

using namespace Osp;

namespace {

const QSize FrameSize(1920, 1080);

struct Figures
{
    double median = 0, p95 = 0, max = 0;
};

Figures figures(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    if (ms.empty())
        return {};
    auto at = [&](double q) {
        return ms[std::min(ms.size() - 1, size_t(q * double(ms.size() - 1) + 0.5))];
    };
    return { at(0.5), at(0.95), ms.back() };
}

/// Wall-clock and CPU time of each frame: on a loaded machine the wall clock also counts
/// the time other processes had the core; the thread's CPU time is the frame's own cost.
struct Sample
{
    double wall = 0, cpu = 0;
};

struct Timings
{
    std::vector<double> wall, cpu;
    void push_back(Sample s)
    {
        wall.push_back(s.wall);
        cpu.push_back(s.cpu);
    }
    size_t size() const { return wall.size(); }
};

void print(const char *view, const char *level, const Timings &t, const char *extra = "")
{
    const Figures f = figures(t.wall), c = figures(t.cpu);
    std::printf("%-22s %-16s %5zu  median %7.2f ms  p95 %7.2f ms  max %7.2f ms  | cpu median "
                "%6.2f p95 %6.2f max %6.2f ms %s\n",
        view, level, t.size(), f.median, f.p95, f.max, c.median, c.p95, c.max, extra);
    std::fflush(stdout);
}

double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

Sample paintOnce(const std::function<void(QPainter &)> &paint)
{
    // One frame buffer for every sample, as a window's backing store is: a fresh 8 MB image
    // per sample would time the kernel handing out fresh pages, which a window never pays.
    static QImage img = [] {
        QImage frame(FrameSize, QImage::Format_ARGB32_Premultiplied);
        frame.setDevicePixelRatio(1);
        frame.fill(Qt::white);
        return frame;
    }();
    QElapsedTimer t;
    t.start();
    const double cpu0 = threadCpuMs();
    {
        QPainter p(&img);
        paint(p);
    }
    return { double(t.nsecsElapsed()) / 1e6, threadCpuMs() - cpu0 };
}

/// A window of `fraction` of the trace at step k of n: pans across the trace, and each step's
/// window is a little different so that no two steps share a draw list.
std::pair<int64_t, int64_t> window(
    int64_t total, double fraction, int k, int n, std::mt19937_64 &rng)
{
    // Up to 4 % narrower than the level's window: full zoom-out steps differ too.
    const double jitter = 1.0 - 0.04 * double(k % 13 + 1) / 13.0;
    const int64_t len
        = std::max<int64_t>(10, int64_t(double(total) * std::min(1.0, fraction * jitter)));
    std::uniform_int_distribution<int64_t> pick(0, std::max<int64_t>(total - len, 0));
    const int64_t from = fraction >= 0.9
        ? std::min<int64_t>(total - len, int64_t(k) * (total - len) / std::max(1, n))
        : pick(rng);
    return { from, from + len };
}

} // namespace

int main(int argc, char **argv)
{
    Osp::tuneAllocatorForLargeTraces(); // as ospview does
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QString path = argc > 1 ? QString::fromLocal8Bit(argv[1])
                                  : QStringLiteral("/tmp/ospview-bench/s1m.json");
    const int steps = argc > 2 ? std::max(10, atoi(argv[2])) : 100;

    QElapsedTimer t;
    t.start();
    const LoadResult r = loadTraceFile(path);
    if (!r.ok()) {
        std::fprintf(stderr, "bench_paint: %s: cannot load\n", qPrintable(path));
        return 2;
    }
    const Trace &trace = *r.value();
    std::printf("trace %s: %zu spans, %.1f s long, depth %u, loaded in %.1f s\n", qPrintable(path),
        trace.spanCount(), double(trace.endUs()) / 1e6, trace.maxDepth() + 1,
        double(t.elapsed()) / 1000);
    std::printf("frame %dx%d, dpr 1, %d distinct steps per zoom level (each a cache miss)\n\n",
        FrameSize.width(), FrameSize.height(), steps);

    TraceSession session(r.value());
    const int64_t total = session.fullEndUs();
    // The marks every view paints (critical path outlined, skew hatched, links on demand).
    t.restart();
    const std::shared_ptr<const SpanMarks> marks = session.marks()->get();
    std::printf("marks (off the GUI thread in the app) %.2f s: %zu spans on the critical path, "
                "%zu skewed, %zu service links\n\n",
        double(t.elapsed()) / 1000, marks->criticalCount, marks->skewedCount, marks->links.size());
    // Full zoom-out, mid zoom (1/100 of the trace), deep zoom (1/100,000: a few spans).
    const struct
    {
        const char *name;
        double fraction;
    } levels[]
        = { { "full zoom-out", 1.0 }, { "mid zoom 1/100", 0.01 }, { "deep 1/100000", 1e-5 } };

    // Service swimlanes twice: the second time with the links between services drawn.
    const struct
    {
        const char *name;
        LaneMode mode;
        bool links;
    } timelines[] = { { "timeline/depth", LaneMode::Depth, false },
        { "timeline/service", LaneMode::Service, false },
        { "timeline/svc+links", LaneMode::Service, true } };
    for (const auto &run : timelines) {
        const char *name = run.name;
        const LaneMode mode = run.mode;
        t.restart();
        auto layout = std::make_shared<const TimelineLayout>(
            TimelineLayout::build(r.value(), mode, nullptr, &marks->flags));
        std::printf("%s: layout (off the GUI thread in the app) %.2f s, %zu lanes\n", name,
            double(t.elapsed()) / 1000, layout->lanes().size());
        TimelineView view(&session);
        view.setMarks(marks);
        view.setLayout(layout);
        view.setShowLinks(run.links);
        view.resize(FrameSize);
        view.show();
        QApplication::processEvents();
        std::mt19937_64 rng(42);
        size_t totalSteps = 0;
        for (const auto &level : levels) {
            Timings ms;
            size_t items = 0, hits = 0, links = 0;
            for (int k = 0; k < steps; ++k) {
                const auto w = window(total, level.fraction, k, steps, rng);
                session.setRange(w.first, w.second);
                // Swimlanes are tall: scroll a little every step too.
                view.setScrollRow(uint32_t(k % 5) * (mode == LaneMode::Service ? 7 : 0));
                const uint64_t misses = view.cacheMisses();
                ms.push_back(paintOnce([&](QPainter &p) { view.renderTo(p, FrameSize); }));
                hits += view.cacheMisses() == misses;
                items += view.drawList() ? view.drawList()->items.size() : 0;
                links += view.linkItems().size();
            }
            totalSteps += ms.size();
            char extra[128];
            std::snprintf(extra, sizeof extra,
                " (%zu items/frame, %zu links/frame, %zu cache hits)", items / ms.size(),
                links / ms.size(), hits);
            print(name, level.name, ms, extra);
        }
        // Hover and selection at mid zoom: the cached frame is blitted, the overlay drawn.
        session.setRange(total / 3, total / 3 + total / 100);
        view.setScrollRow(0);
        QImage target(FrameSize, QImage::Format_ARGB32_Premultiplied);
        {
            QPainter p(&target);
            view.paintCached(p);
        }
        Timings hover, select;
        const DrawList *list = view.drawList();
        // Only rows wholly in view: selecting a half-hidden one scrolls, a new frame.
        std::vector<DrawItem> visible;
        for (const DrawItem &item : list ? list->items : std::vector<DrawItem>())
            if (view.rowTop(item.row) + view.rowHeight() <= view.rowsRect().bottom())
                visible.push_back(item);
        for (int k = 0; k < 100 && !visible.empty(); ++k) {
            const DrawItem &item = visible[size_t(k * 7919) % visible.size()];
            const QPointF pos((item.x0 + item.x1) / 2, view.rowTop(item.row) + 3);
            hover.push_back(paintOnce([&](QPainter &p) {
                QMouseEvent move(QEvent::MouseMove, pos, view.mapToGlobal(pos), Qt::NoButton,
                    Qt::NoButton, Qt::NoModifier);
                QApplication::sendEvent(&view, &move);
                view.paintCached(p);
            }));
            select.push_back(paintOnce([&](QPainter &p) {
                session.setCurrentSpan(item.span);
                view.paintCached(p);
            }));
        }
        print(name, "hover repaint", hover);
        print(name, "select repaint", select);
        std::printf("\n");
        (void)totalSteps;
    }

    for (bool aggregated : { false, true }) {
        const char *name = aggregated ? "flame/aggregated" : "flame/duration";
        t.restart();
        auto graph = std::make_shared<const FlameGraph>(FlameGraph::build(
            r.value(), FlameMetric::Duration, aggregated, nullptr, &marks->flags));
        std::printf(
            "%s: layout %.2f s, %zu nodes\n", name, double(t.elapsed()) / 1000, graph->nodeCount());
        FlameGraphView view(&session);
        view.setMarks(marks);
        view.setGraph(graph);
        view.resize(FrameSize);
        view.show();
        QApplication::processEvents();
        std::mt19937_64 rng(7);
        const int64_t fullValue = int64_t(graph->totalValue());
        for (const auto &level : levels) {
            Timings ms;
            size_t items = 0;
            for (int k = 0; k < steps; ++k) {
                const auto w = window(fullValue, level.fraction, k, steps, rng);
                view.setValueRange(double(w.first), double(w.second));
                ms.push_back(paintOnce([&](QPainter &p) { view.renderTo(p, FrameSize); }));
                items += view.drawList() ? view.drawList()->items.size() : 0;
            }
            char extra[64];
            std::snprintf(extra, sizeof extra, " (%zu items/frame)", items / ms.size());
            print(name, level.name, ms, extra);
        }
        view.setValueRange(0, double(fullValue) / 50);
        QImage target(FrameSize, QImage::Format_ARGB32_Premultiplied);
        {
            QPainter p(&target);
            view.paintCached(p);
        }
        Timings hover, select;
        // A copy: selecting a frame can rebuild the view's draw list under a pointer into it.
        // Only frames wholly in view, as for the timeline: selecting a half-hidden one
        // scrolls, which is a new frame, not a repaint.
        std::vector<DrawItem> items;
        for (const DrawItem &item :
            view.drawList() ? view.drawList()->items : std::vector<DrawItem>())
            if (view.rowTop(item.row) >= view.rowsRect(view.size()).top()
                && view.rowTop(item.row) + view.rowHeight() <= view.rowsRect(view.size()).bottom())
                items.push_back(item);
        for (int k = 0; k < 100 && !items.empty(); ++k) {
            const DrawItem &item = items[size_t(k * 7919) % items.size()];
            const QPointF pos((item.x0 + item.x1) / 2, view.rowTop(item.row) + 3);
            hover.push_back(paintOnce([&](QPainter &p) {
                QMouseEvent move(QEvent::MouseMove, pos, view.mapToGlobal(pos), Qt::NoButton,
                    Qt::NoButton, Qt::NoModifier);
                QApplication::sendEvent(&view, &move);
                view.paintCached(p);
            }));
            select.push_back(paintOnce([&](QPainter &p) {
                session.setCurrentSpan(item.span);
                view.paintCached(p);
            }));
        }
        print(name, "hover repaint", hover);
        print(name, "select repaint", select);
        std::printf("\n");
    }
    return 0;
}
