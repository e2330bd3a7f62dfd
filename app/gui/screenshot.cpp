#include "screenshot.h"

#include "formats/traceloader.h"
#include "itemmodels/tracesession.h"
#include "mainwindow.h"
#include "views/analysis/analysispanel.h"
#include "views/canvas/flamegraphview.h"
#include "views/canvas/timelineview.h"
#include "views/trace/traceview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPixmap>
#include <QSplitter>
#include <QThread>

#include <cstdio>

namespace Osp {

int takeScreenshot(const QString &tracePath, const QString &out, QSize size, const QString &page,
    const QString &lanes, const QString &panel, bool links)
{
    const LoadResult result = loadTraceFile(tracePath);
    if (!result.ok()) {
        std::fprintf(stderr, "ospview: %s\n", qPrintable(result.error().toString()));
        return 2;
    }
    MainWindow window(/*useSettings=*/false);
    window.resize(size);
    TraceView *view = window.addResult(result, tracePath);
    if (!view)
        return 2;
    window.show();
    view->selectSomethingInteresting();
    // The analysis panel: hidden unless asked for, so the views keep their whole height.
    const QStringList panels { QStringLiteral("stats"), QStringLiteral("top"),
        QStringLiteral("critical"), QStringLiteral("errors"), QStringLiteral("repeated") };
    AnalysisPanel *analysis = view->analysisPanel();
    if (auto *split = view->findChild<QSplitter *>(QStringLiteral("analysisSplitter"))) {
        const int h = split->height() > 0 ? split->height() : size.height();
        split->setSizes(panels.contains(panel) ? QList<int> { h * 55 / 100, h * 45 / 100 }
                                               : QList<int> { h, 0 });
    }
    if (panels.contains(panel))
        analysis->showPage(AnalysisPanel::Page(panels.indexOf(panel)));
    if (page == QLatin1String("timeline")) {
        view->showPage(TraceView::Page::Timeline);
        const QStringList modes { QStringLiteral("depth"), QStringLiteral("service"),
            QStringLiteral("host"), QStringLiteral("project") };
        view->timelineView()->setLaneMode(LaneMode(std::max<qsizetype>(0, modes.indexOf(lanes))));
        view->timelineView()->setShowLinks(links);
    } else if (page == QLatin1String("flame")) {
        view->showPage(TraceView::Page::Flame);
    }
    // Big traces lay out off the GUI thread: wait for it (bounded).
    QElapsedTimer ready;
    ready.start();
    while (ready.elapsed() < 120000
        && ((page == QLatin1String("timeline") && !view->timelineView()->isLayoutReady())
            || (page == QLatin1String("flame") && !view->flameGraphView()->isLayoutReady())
            || (panels.contains(panel) && !analysis->isCurrentPageReady()))) {
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    }
    // The selection was made before the page showed: bring it into view again.
    if (page == QLatin1String("timeline") || page == QLatin1String("flame")) {
        const SpanIndex sel = view->session()->currentSpan();
        view->session()->setCurrentSpan(NoSpan);
        view->session()->setCurrentSpan(sel);
    }
    return saveWindowPicture(window, out);
}

int saveWindowPicture(QWidget &window, const QString &out)
{
    // Let layouts settle and the first paint happen (a few rounds: splitters and the header
    // resize in posted events).
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 150) {
        QApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    const QPixmap pixmap = window.grab();
    if (!pixmap.save(out, "PNG")) {
        std::fprintf(stderr, "ospview: %s: cannot write the screenshot\n", qPrintable(out));
        return 1;
    }
    return 0;
}

} // namespace Osp
