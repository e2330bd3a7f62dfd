// `ospview --screenshot OUT --view compare A B`: the comparison tab, rendered offscreen.

#include "itemmodels/tracesession.h"
#include "mainwindow.h"
#include "screenshot.h"
#include "views/canvas/timelineview.h"
#include "views/compare/comparisonview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSplitter>
#include <QThread>

#include <cstdio>

namespace Osp {

namespace {

/// Runs the event loop until done() or the time is up (loading two big traces takes a while).
template <class Done> void waitFor(Done done, qint64 limitMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < limitMs) {
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    }
}

} // namespace

int takeComparisonScreenshot(
    const QStringList &baseline, const QStringList &candidate, const QString &out, QSize size)
{
    MainWindow window(/*useSettings=*/false);
    window.resize(size);
    ComparisonView *view = window.compareFiles(baseline, candidate);
    if (!view)
        return 2;
    QString error;
    QObject::connect(
        view, &ComparisonView::failed, view, [&error](const QString &message) { error = message; });
    window.show();
    waitFor([&] { return view->isReady() || !error.isEmpty() || !view->isRunning(); }, 600000);
    if (!view->isReady()) {
        std::fprintf(stderr, "ospview: %s\n",
            qPrintable(error.isEmpty() ? QStringLiteral("the comparison did not finish") : error));
        return 2;
    }
    // Table above, timelines (or the traces of a many-vs-many run) below.
    QSplitter *split = view->splitter();
    const int h = split->height() > 0 ? split->height() : size.height();
    split->setSizes({ h * 48 / 100, h * 52 / 100 });
    if (view->timelineA()) {
        waitFor(
            [&] {
                return view->timelineA()->isLayoutReady() && view->timelineB()->isLayoutReady();
            },
            120000);
    }
    view->selectFirstRow();
    // The selection was made while the timelines laid out: bring it into view again.
    if (TraceSession *a = view->sessionA()) {
        for (TraceSession *s : { a, view->sessionB() }) {
            const SpanIndex sel = s->currentSpan();
            s->setCurrentSpan(NoSpan);
            s->setCurrentSpan(sel);
        }
    }
    return saveWindowPicture(window, out);
}

} // namespace Osp
