// TraceView and MainWindow offscreen: selection follows the session both ways, keyboard
// expand/collapse, whole-row navigation and uniform row height in the call tree (a table
// underneath), filter box, next error, a synthetic drop opening a tab, and a failed load
// that leaves the open trace alone.

#include "formats/traceloader.h"
#include "itemmodels/calltreemodel.h"
#include "itemmodels/roles.h"
#include "itemmodels/tracesession.h"
#include "mainwindow.h"
#include "views/calltree/calltreedelegate.h"
#include "views/calltree/calltreeview.h"
#include "views/trace/detailspanel.h"
#include "views/trace/traceview.h"

#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Osp;

namespace {

QString fixture()
{
    return QStringLiteral(OSP_TEST_DATA "/small-report.json");
}

/// Shows the view at a usual size and waits until it is on screen.
bool showExposed(TraceView &view)
{
    view.resize(1200, 700);
    view.show();
    return QTest::qWaitForWindowExposed(&view);
}

/// The fixture in a TraceView on screen; null if it does not load or show.
std::unique_ptr<TraceView> shownFixture()
{
    const LoadResult r = loadTraceFile(fixture());
    if (!r.ok())
        return nullptr;
    auto view = std::make_unique<TraceView>(r.value());
    return showExposed(*view) ? std::move(view) : nullptr;
}

SpanIndex deepestSpan(const Trace &trace)
{
    SpanIndex best = 0;
    for (SpanIndex i = 0; i < trace.spanCount(); ++i)
        if (trace.span(i).depth > trace.span(best).depth)
            best = i;
    return best;
}

} // namespace

class TestTraceView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(fixture()),
            "tests/data/small-report.json is missing: the checkout is broken");
    }

    void selectionFollowsSession()
    {
        const std::unique_ptr<TraceView> shown = shownFixture();
        QVERIFY(shown);
        TraceView &view = *shown;
        const Trace &trace = *view.trace();
        CallTreeModel *m = view.model();
        CallTreeView *tree = view.callTree();

        // Session → tree (expanding collapsed ancestors) and details panel.
        m->collapseAll();
        const SpanIndex deepest = deepestSpan(trace);
        QVERIFY(trace.span(deepest).depth >= 1);
        view.session()->setCurrentSpan(deepest);
        QCOMPARE(m->spanAt(tree->currentIndex().row()), deepest);
        auto *title = view.detailsPanel()->findChild<QLabel *>(QStringLiteral("title"));
        QVERIFY(title);
        QCOMPARE(title->text(), trace.text(trace.span(deepest).name));
        QVERIFY(!view.detailsPanel()->rawJsonText().isEmpty());

        // Tree → session.
        tree->setCurrentIndex(m->index(0, 0));
        QCOMPARE(view.session()->currentSpan(), m->spanAt(0));
    }

    void keyboard()
    {
        const LoadResult r = loadTraceFile(fixture());
        TraceView view(r.value());
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
        QCOMPARE(size_t(m->rowCount()), r.value()->roots().size());
        tree->setCurrentIndex(m->index(m->visibleRowOfSpan(span), 0));
        QTest::keyClick(tree, Qt::Key_Asterisk);
        QCOMPARE(
            m->rowCount(), int(r.value()->roots().size() + r.value()->span(span).subtreeSize - 1));
        view.expandAll();
        QCOMPARE(size_t(m->rowCount()), r.value()->spanCount());
    }

    /// The call tree is a table underneath: keys move whole rows, never the current column,
    /// and the selected span stays the current row when the model expands or collapses.
    void rowsNotCells()
    {
        const std::unique_ptr<TraceView> shown = shownFixture();
        QVERIFY(shown);
        TraceView &view = *shown;
        const Trace &trace = *view.trace();
        CallTreeModel *m = view.model();
        CallTreeView *tree = view.callTree();
        view.expandAll();
        QVERIFY(m->rowCount() > 3);
        const int column = CallTreeModel::DurationColumn;
        auto selectedRows = [&] { return tree->selectionModel()->selectedRows(column); };

        tree->setCurrentIndex(m->index(1, column));
        tree->setFocus();
        QTest::keyClick(tree, Qt::Key_End);
        QCOMPARE(tree->currentIndex(), m->index(m->rowCount() - 1, column));
        QTest::keyClick(tree, Qt::Key_Home);
        QCOMPARE(tree->currentIndex(), m->index(0, column));
        QTest::keyClick(tree, Qt::Key_Down);
        QCOMPARE(tree->currentIndex(), m->index(1, column));
        QCOMPARE(view.session()->currentSpan(), m->spanAt(1));
        // With a modifier Left/Right are not expand/collapse; they must not step to a cell.
        QTest::keyClick(tree, Qt::Key_Right, Qt::ShiftModifier);
        QTest::keyClick(tree, Qt::Key_Left, Qt::ShiftModifier);
        QCOMPARE(tree->currentIndex(), m->index(1, column));
        QCOMPARE(selectedRows().size(), 1);
        QCOMPARE(selectedRows().front().row(), 1);
        QCOMPARE(tree->selectionModel()->selectedIndexes().size(), m->columnCount());

        // A deep span stays current (and selected) through collapse all and expand all.
        const SpanIndex deepest = deepestSpan(trace);
        view.session()->setCurrentSpan(deepest);
        for (const bool expand : { false, true }) {
            expand ? view.expandAll() : view.collapseAll();
            QCOMPARE(m->spanAt(tree->currentIndex().row()), deepest);
            QCOMPARE(selectedRows().size(), 1);
            QCOMPARE(m->spanAt(selectedRows().front().row()), deepest);
            QVERIFY(tree->viewport()->rect().intersects(tree->visualRect(tree->currentIndex())));
        }
    }

    /// A click on a row's arrow toggles it; a double click on a text cell does too.
    void mouseToggles()
    {
        const std::unique_ptr<TraceView> shown = shownFixture();
        QVERIFY(shown);
        TraceView &view = *shown;
        CallTreeModel *m = view.model();
        CallTreeView *tree = view.callTree();
        int row = 0;
        while (row < m->rowCount() && !m->hasVisibleChildren(m->spanAt(row)))
            ++row;
        QVERIFY(row < m->rowCount());
        const SpanIndex span = m->spanAt(row);
        QVERIFY(m->isExpanded(span));
        const QModelIndex name = m->index(row, CallTreeModel::NameColumn);
        const QRect arrow = CallTreeDelegate::arrowRect(
            tree->visualRect(name), name.data(Role::DepthRole).toInt());
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, arrow.center());
        QVERIFY(!m->isExpanded(span));
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, arrow.center());
        QVERIFY(m->isExpanded(span));
        const QRect duration = tree->visualRect(m->index(row, CallTreeModel::DurationColumn));
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, duration.center());
        QCOMPARE(view.session()->currentSpan(), span);
        QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, duration.center());
        QVERIFY(!m->isExpanded(span));
        QCOMPARE(view.session()->currentSpan(), span);
    }

    /// Rows are as tall as the delegate asks for a cell (what the tree view had), also after
    /// a font change.
    void rowHeightFollowsDelegate()
    {
        const std::unique_ptr<TraceView> shown = shownFixture();
        QVERIFY(shown);
        TraceView &view = *shown;
        CallTreeModel *m = view.model();
        CallTreeView *tree = view.callTree();
        auto delegateHeight = [&] {
            QStyleOptionViewItem option;
            option.initFrom(tree);
            option.widget = tree;
            int height = 0;
            for (int c = 0; c < m->columnCount(); ++c)
                height = std::max(
                    height, tree->itemDelegate()->sizeHint(option, m->index(0, c)).height());
            return height;
        };
        const int before = tree->rowHeight(0);
        QCOMPARE(before, delegateHeight());
        QCOMPARE(tree->rowHeight(m->rowCount() - 1), before);
        QFont big = tree->font();
        big.setPointSizeF(big.pointSizeF() * 2);
        tree->setFont(big);
        QVERIFY(tree->rowHeight(0) > before);
        QCOMPARE(tree->rowHeight(0), delegateHeight());
    }

    void filterAndErrors()
    {
        const LoadResult r = loadTraceFile(fixture());
        TraceView view(r.value());
        view.setFilterText(QStringLiteral("neutron"));
        QVERIFY(view.model()->hasFilter());
        QVERIFY(view.model()->rowCount() < int(r.value()->spanCount()));
        view.setFilterText(QStringLiteral("(")); // invalid: the previous filter stays
        QVERIFY(view.model()->hasFilter());
        view.setFilterText(QString());
        QVERIFY(!view.model()->hasFilter());
        if (r.value()->errorCount() > 0) {
            QVERIFY(view.selectNextError());
            QVERIFY(r.value()->span(view.session()->currentSpan()).has(HasError));
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
        // The file once; the platform adds the display name, so the title must not say it too.
        QCOMPARE(window.windowTitle(), QStringLiteral("small-report.json"));
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

    // a load that fails says why and leaves the open trace as it was; a partial one
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

    // notes on odd but complete data show calmly above the views; none for good data.
    void loadNotesBanner()
    {
        const LoadResult odd = loadTraceBytes(
            "{\"info\": {\"name\": \"total\"}, \"children\": [{\"info\": {\"name\": \"db\", "
            "\"started\": 10, \"finished\": 5, \"exception\": \"None\"}, \"trace_id\": \"t\", "
            "\"parent_id\": \"p\", \"children\": []}]}",
            QStringLiteral("odd.json"));
        QVERIFY(odd.ok());
        TraceView view(odd.value());
        auto *notes = view.findChild<QLabel *>(QStringLiteral("loadNotesBanner"));
        QVERIFY(notes);
        QCOMPARE(notes->text(),
            QStringLiteral("<b>Note:</b> 1 span ends before it starts (first: &quot;db&quot; "
                           "(trace_id t): &quot;finished&quot;: 5 is before &quot;started&quot;: "
                           "10); shown with zero duration"));
        QVERIFY(!view.findChild<QLabel *>(QStringLiteral("partialBanner")));

        const LoadResult good = loadTraceFile(fixture());
        TraceView plain(good.value());
        QVERIFY(!plain.findChild<QLabel *>(QStringLiteral("loadNotesBanner")));
    }
};

QTEST_MAIN(TestTraceView)
#include "tst_traceview.moc"
