// TraceView and MainWindow offscreen: selection follows the session both ways, keyboard
// expand/collapse, filter box, next error, a synthetic drop opening a tab, and a failed load
// that leaves the open trace alone.

#include "calltreeview.h"
#include "detailspanel.h"
#include "formats/traceloader.h"
#include "itemmodels/calltreemodel.h"
#include "itemmodels/tracesession.h"
#include "mainwindow.h"
#include "traceview.h"

#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace Osp;

namespace {

QString fixture()
{
    return QStringLiteral(OSP_TEST_DATA "/small-report.json");
}

} // namespace

class TestTraceView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFile::exists(fixture()))
            QSKIP("tests/data/small-report.json not present");
    }

    void selectionFollowsSession()
    {
        const LoadResult r = loadTraceFile(fixture());
        QVERIFY(r.ok());
        TraceView view(r.trace);
        view.resize(1200, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        CallTreeModel *m = view.model();
        CallTreeView *tree = view.callTree();

        // Session → tree (expanding collapsed ancestors) and details panel.
        m->collapseAll();
        const SpanIndex deepest = [&] {
            SpanIndex best = 0;
            for (SpanIndex i = 0; i < r.trace->spanCount(); ++i)
                if (r.trace->span(i).depth > r.trace->span(best).depth)
                    best = i;
            return best;
        }();
        QVERIFY(r.trace->span(deepest).depth >= 1);
        view.session()->setCurrentSpan(deepest);
        QCOMPARE(m->spanAt(tree->currentIndex().row()), deepest);
        auto *title = view.detailsPanel()->findChild<QLabel *>(QStringLiteral("title"));
        QVERIFY(title);
        QCOMPARE(title->text(), r.trace->text(r.trace->span(deepest).name));
        QVERIFY(!view.detailsPanel()->rawJsonText().isEmpty());

        // Tree → session.
        tree->setCurrentIndex(m->index(0, 0));
        QCOMPARE(view.session()->currentSpan(), m->spanAt(0));
    }

    void keyboard()
    {
        const LoadResult r = loadTraceFile(fixture());
        TraceView view(r.trace);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        CallTreeModel *m = view.model();
        CallTreeView *tree = view.callTree();
        // The first top-level span with children.
        int row = -1;
        for (int i = 0; i < m->rowCount(); ++i)
            if (m->hasVisibleChildren(m->spanAt(i))) {
                row = i;
                break;
            }
        QVERIFY(row >= 0);
        const SpanIndex span = m->spanAt(row);
        tree->setCurrentIndex(m->index(row, 0));
        tree->setFocus();
        const int all = m->rowCount();
        QTest::keyClick(tree, Qt::Key_Left);
        QVERIFY(!m->isExpanded(span));
        QVERIFY(m->rowCount() < all);
        QTest::keyClick(tree, Qt::Key_Right);
        QVERIFY(m->isExpanded(span));
        QCOMPARE(m->rowCount(), all);
        QTest::keyClick(tree, Qt::Key_Right); // to the first child
        QCOMPARE(m->trace()->span(m->spanAt(tree->currentIndex().row())).parent, span);
        QTest::keyClick(tree, Qt::Key_Left); // back to the parent
        QCOMPARE(m->spanAt(tree->currentIndex().row()), span);
        view.collapseAll();
        QCOMPARE(size_t(m->rowCount()), r.trace->roots().size());
        tree->setCurrentIndex(m->index(m->visibleRowOfSpan(span), 0));
        QTest::keyClick(tree, Qt::Key_Asterisk);
        QCOMPARE(m->rowCount(), int(r.trace->roots().size() + r.trace->span(span).subtreeSize - 1));
        view.expandAll();
        QCOMPARE(size_t(m->rowCount()), r.trace->spanCount());
    }

    void filterAndErrors()
    {
        const LoadResult r = loadTraceFile(fixture());
        TraceView view(r.trace);
        view.setFilterText(QStringLiteral("neutron"));
        QVERIFY(view.model()->hasFilter());
        QVERIFY(view.model()->rowCount() < int(r.trace->spanCount()));
        view.setFilterText(QStringLiteral("(")); // invalid: the previous filter stays
        QVERIFY(view.model()->hasFilter());
        view.setFilterText(QString());
        QVERIFY(!view.model()->hasFilter());
        if (r.trace->errorCount() > 0) {
            QVERIFY(view.selectNextError());
            QVERIFY(r.trace->span(view.session()->currentSpan()).has(HasError));
        }
    }

    void dropOpensTab()
    {
        MainWindow window(/*useSettings=*/false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(fixture()) });
        QDragEnterEvent enter(
            QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QTRY_COMPARE(window.tabs()->count(), 1);
        QVERIFY(window.windowTitle().contains(QStringLiteral("small-report.json")));
        // A second drop while a trace is open asks "new tab or compare?" (DESIGN.md); the
        // comparison side is tested in tst_comparisonview.
        QDragEnterEvent enter2(
            QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter2);
        QDropEvent again(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &again);
        QMessageBox *ask = nullptr;
        QTRY_VERIFY((ask = window.findChild<QMessageBox *>(QStringLiteral("openOrCompare"))));
        ask->findChild<QPushButton *>(QStringLiteral("openInNewTab"))->click();
        QTRY_COMPARE(window.tabs()->count(), 2);
    }

    // Issue 8: a load that fails says why and leaves the open trace as it was; a partial one
    // opens with a banner saying what is missing.
    void failedLoadKeepsOpenTrace()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        const QString cut = dir.filePath(QStringLiteral("cut.json"));
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("hello, this is not a trace");
            QFile c(cut);
            QVERIFY(c.open(QIODevice::WriteOnly));
            QFile full(fixture());
            QVERIFY(full.open(QIODevice::ReadOnly));
            const QByteArray text = full.readAll();
            c.write(text.left(text.indexOf("neutron.db-stop")));
        }
        MainWindow window(/*useSettings=*/false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(fixture());
        QTRY_COMPARE(window.tabs()->count(), 1);
        QWidget *open = window.tabs()->currentWidget();
        const QString title = window.windowTitle();

        // The warning box is modal: read and close it from a timer.
        QString shown;
        QTimer closer;
        connect(&closer, &QTimer::timeout, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                shown = box->text();
                box->close();
            }
        });
        closer.start(20);
        window.openFile(bad);
        QTRY_VERIFY(!shown.isEmpty());
        QCOMPARE(shown,
            bad
                + QStringLiteral(":1:1 (byte 0): not JSON: expected '{' (an OSProfiler report), "
                                 "found 'h'"));
        QCOMPARE(window.tabs()->count(), 1);
        QCOMPARE(window.tabs()->currentWidget(), open);
        QCOMPARE(window.windowTitle(), title);

        window.openFile(cut);
        QTRY_COMPARE(window.tabs()->count(), 2);
        auto *banner
            = window.tabs()->currentWidget()->findChild<QLabel *>(QStringLiteral("partialBanner"));
        QVERIFY(banner);
        QVERIFY2(banner->text().contains(QLatin1String("partial trace: the input ends early")),
            qPrintable(banner->text()));
    }

    // Issue 8: notes on odd but complete data show calmly above the views; none for good data.
    void loadNotesBanner()
    {
        const LoadResult odd = loadTraceBytes(
            "{\"info\": {\"name\": \"total\"}, \"children\": [{\"info\": {\"name\": \"db\", "
            "\"started\": 10, \"finished\": 5, \"exception\": \"None\"}, \"trace_id\": \"t\", "
            "\"parent_id\": \"p\", \"children\": []}]}",
            QStringLiteral("odd.json"));
        QVERIFY(odd.ok());
        TraceView view(odd.trace);
        auto *notes = view.findChild<QLabel *>(QStringLiteral("loadNotesBanner"));
        QVERIFY(notes);
        QCOMPARE(notes->text(),
            QStringLiteral("<b>Note:</b> 1 span ends before it starts (first: &quot;db&quot; "
                           "(trace_id t): &quot;finished&quot;: 5 is before &quot;started&quot;: "
                           "10); shown with zero duration"));
        QVERIFY(!view.findChild<QLabel *>(QStringLiteral("partialBanner")));

        const LoadResult good = loadTraceFile(fixture());
        TraceView plain(good.trace);
        QVERIFY(!plain.findChild<QLabel *>(QStringLiteral("loadNotesBanner")));
    }
};

QTEST_MAIN(TestTraceView)
#include "tst_traceview.moc"
