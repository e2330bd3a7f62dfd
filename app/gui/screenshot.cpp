#include "screenshot.h"

#include "formats/traceloader.h"
#include "mainwindow.h"
#include "traceview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPixmap>
#include <QThread>

#include <cstdio>

namespace Osp {

int takeScreenshot(const QString &tracePath, const QString &out, QSize size)
{
    const LoadResult result = loadTraceFile(tracePath);
    if (!result.trace) {
        const QString msg = result.error ? result.error->toString()
                                         : tracePath + QStringLiteral(": no trace could be read");
        std::fprintf(stderr, "ospview: %s\n", qPrintable(msg));
        return 2;
    }
    MainWindow window(/*useSettings=*/false);
    window.resize(size);
    TraceView *view = window.addResult(result, tracePath);
    if (!view)
        return 2;
    window.show();
    view->selectSomethingInteresting();
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
