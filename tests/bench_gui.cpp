// ospview-level benchmark (DESIGN.md: benchmarks print figures, they assert nothing).
// The real main window, offscreen: open a report the way File > Open does, time it to the first
// painted frame of the call tree, wait for the analyses started behind it, then run the
// interaction script on the real widgets several times. Each step is timed from the call the
// widget's button or key makes to the end of a synchronous repaint of the whole window after
// every background task it started has delivered (the frame the user sees). Run 1 is the
// "first" figure (the first sort by a column and the first payload search are uncached), the
// median of the other runs the steady one.
//
//   bench_gui FILE [RUNS]     prints one JSON object (tools/bench_suite.py reads it)
//   bench_gui --empty         the empty main window only (its resident set)
#include "analysis/sortorder.h"
#include "benchutil.h"
#include "itemmodels/calltreemodel.h"
#include "itemmodels/tracesession.h"
#include "mainwindow.h"
#include "util/allocator.h"
#include "views/calltree/calltreesorter.h"
#include "views/calltree/calltreeview.h"
#include "views/trace/detailspanel.h"
#include "views/trace/searchbar.h"
#include "views/trace/traceview.h"

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QScrollBar>
#include <QStyleFactory>
#include <QTabWidget>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <time.h>
#include <vector>

using namespace Osp;

namespace {

/// Records when the call tree's viewport has finished painting (after the paint, which an
/// event filter could not see).
class PaintWatchApp : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        const bool isPaint = event->type() == QEvent::Paint;
        const bool result = QApplication::notify(receiver, event);
        if (isPaint && !treePainted) {
            auto *w = qobject_cast<QWidget *>(receiver);
            auto *tree = w ? qobject_cast<CallTreeView *>(w->parentWidget()) : nullptr;
            if (tree && tree->viewport() == w)
                treePainted = true;
        }
        return result;
    }
    bool treePainted = false;
};

bool poolBusy()
{
    return QThreadPool::globalInstance()->activeThreadCount() > 0;
}

/// Processes events until no background task runs and their results have been delivered.
void settle(const std::function<bool()> &busy = [] { return false; })
{
    for (;;) {
        QCoreApplication::processEvents(QEventLoop::AllEvents);
        if (!poolBusy() && !busy()) {
            // A finished task's result arrives as a queued event: deliver it, then look again.
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents(QEventLoop::AllEvents);
            if (!poolBusy() && !busy())
                return;
        }
        QThread::usleep(200);
    }
}

double processCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

} // namespace

int main(int argc, char **argv)
{
    Osp::tuneAllocatorForLargeTraces(); // as ospview does
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    PaintWatchApp app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty()) {
        std::fprintf(stderr, "usage: bench_gui FILE [RUNS] | bench_gui --empty\n");
        return 2;
    }

    MainWindow window(false);
    window.resize(1600, 1000);
    window.show();
    settle();
    window.repaint();
    // The empty main window is the baseline: peak memory is counted above it.
    OspBench::resetPeak();
    const long baseKb = OspBench::statusKb("VmRSS");
    nlohmann::json out = { { "empty_window_rss_kb", baseKb } };
    if (args.first() == QLatin1String("--empty")) {
        std::printf("%s\n", out.dump().c_str());
        return 0;
    }
    const QString path = args.first();
    const int runs = args.size() > 1 ? std::max(2, args.at(1).toInt()) : 4;

    // Load: from the open request to the first painted frame of the call tree.
    QElapsedTimer clock;
    clock.start();
    window.openFile(path);
    // A file that cannot be read ends in a modal message box, whose own event loop would
    // never return here: a timer (timers run in nested loops too) reports it and leaves.
    QTimer errorWatch;
    QObject::connect(&errorWatch, &QTimer::timeout, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            std::fprintf(stderr, "bench_gui: %s\n", qPrintable(box->text()));
            std::_Exit(1);
        }
    });
    errorWatch.start(500);
    while (!app.treePainted) {
        QCoreApplication::processEvents(QEventLoop::AllEvents);
        if (!app.treePainted)
            QThread::usleep(200);
    }
    errorWatch.stop();
    out["load_to_first_paint_s"] = double(clock.nsecsElapsed()) / 1e9;
    TraceView *view = window.currentTraceView();
    if (!view) {
        std::fprintf(stderr, "bench_gui: %s: no trace view\n", qPrintable(path));
        return 1;
    }
    // Timeline layout, flame graph and statistics start behind the first frame.
    settle();
    out["analyses_done_s"] = double(clock.nsecsElapsed()) / 1e9;

    CallTreeView *tree = view->callTree();
    CallTreeModel *model = view->model();
    SearchBar *search = view->searchBar();
    auto *sorter = view->findChild<CallTreeSorter *>();
    QCheckBox *payload = nullptr;
    for (QCheckBox *c : search->findChildren<QCheckBox *>())
        if (c->text().remove(QLatin1Char('&')) == QLatin1String("Payload"))
            payload = c;
    if (!sorter || !payload) {
        std::fprintf(stderr, "bench_gui: the sorter or the payload box was not found\n");
        return 1;
    }
    const Trace &trace = *view->trace();
    const auto lastSpan = SpanIndex(trace.spanCount() - 1); // deep in the last subtree
    auto searching = [&] { return search->isSearching() || sorter->isSorting(); };

    // Wall time is the figure; CPU time of all threads tells a busy machine's share apart.
    std::map<std::string, std::vector<double>> times, cpuTimes;
    std::vector<std::string> order; // the script's order, for printing
    auto step = [&](const std::string &name, const std::function<void()> &action) {
        QElapsedTimer t;
        const double cpu0 = processCpuMs();
        t.start();
        action();
        settle(searching);
        window.repaint();
        if (!times.count(name))
            order.push_back(name);
        times[name].push_back(double(t.nsecsElapsed()) / 1e6);
        cpuTimes[name].push_back(processCpuMs() - cpu0);
    };
    auto clickHeader = [&](int column) { emit tree->horizontalHeader()->sectionClicked(column); };
    auto runSearch = [&](const QString &text, bool inPayload) {
        const QSignalBlocker block(payload);
        payload->setChecked(inPayload);
        search->textEdit()->setText(text);
        search->apply(); // what the 200 ms typing pause or Return does
    };

    for (int run = 0; run < runs; ++run) {
        step("expand all", [&] { view->expandAll(); });
        // Sorting with every row shown: the model re-lays a million rows.
        step("sort by name", [&] { clickHeader(CallTreeModel::NameColumn); });
        step("sort by start", [&] { clickHeader(CallTreeModel::TimelineColumn); });
        step("sort by duration", [&] { clickHeader(CallTreeModel::DurationColumn); });
        step("sort by self time", [&] { clickHeader(CallTreeModel::SelfColumn); });
        step("sort: back to start order", [&] { sorter->resetOrder(); });
        step("filter name 'rpc'", [&] { runSearch(QStringLiteral("rpc"), false); });
        step("search payload 'FROM ports'", [&] { runSearch(QStringLiteral("FROM ports"), true); });
        step("next match", [&] { search->selectNextMatch(); });
        step("clear search", [&] { search->clear(); });
        step("collapse all", [&] { view->collapseAll(); });
        step("select a hidden deep span", [&] { view->session()->setCurrentSpan(lastSpan); });
        step("select a row", [&] {
            const int row = std::max(0, tree->currentIndex().row() - 1);
            tree->setCurrentIndex(model->index(row, CallTreeModel::NameColumn));
        });
        step("scroll a page",
            [&] { tree->verticalScrollBar()->triggerAction(QAbstractSlider::SliderPageStepAdd); });
        step("open details", [&] { view->detailsPanel()->showSpan(lastSpan); });
        step("switch to timeline", [&] { view->showPage(TraceView::Page::Timeline); });
        step("switch to flame graph", [&] { view->showPage(TraceView::Page::Flame); });
        step("switch to call tree", [&] { view->showPage(TraceView::Page::Tree); });
        step("collapse all (end of run)", [&] { view->collapseAll(); });
    }

    nlohmann::json steps = nlohmann::json::array();
    for (const std::string &name : order) {
        const std::vector<double> &ms = times[name];
        const std::vector<double> &cpu = cpuTimes[name];
        steps.push_back({ { "name", name }, { "first_ms", ms.front() },
            { "median_ms", median(std::vector<double>(ms.begin() + 1, ms.end())) },
            { "first_cpu_ms", cpu.front() },
            { "median_cpu_ms", median(std::vector<double>(cpu.begin() + 1, cpu.end())) } });
    }
    out["steps"] = steps;
    out["runs"] = runs;
    out["spans"] = trace.spanCount();
    out["peak_above_kb"] = OspBench::statusKb("VmHWM") - baseKb;
    std::printf("%s\n", out.dump().c_str());
    std::fflush(stdout);
    // Leave without tearing a million-row window down: the figures are out.
    std::_Exit(0);
}
