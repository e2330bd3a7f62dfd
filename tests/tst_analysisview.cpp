// The analysis panel, search bar and header sorting offscreen, on the neutron-perf trace when
// ../shared/traces is there (else the small fixture): every page computes off the GUI thread,
// drives the shared selection, and draws something (pictures written to $OSP_SCREENSHOT_DIR
// when set, for people to look at).

#include "analysis/sortorder.h"
#include "formats/traceloader.h"
#include "itemmodels/calltreemodel.h"
#include "itemmodels/roles.h"
#include "itemmodels/spanlistmodel.h"
#include "itemmodels/statsmodel.h"
#include "itemmodels/tracesession.h"
#include "views/analysis/analysispanel.h"
#include "views/analysis/criticalpathview.h"
#include "views/analysis/errorsview.h"
#include "views/analysis/repeatedworkview.h"
#include "views/analysis/spanstepper.h"
#include "views/analysis/spantable.h"
#include "views/analysis/statsview.h"
#include "views/analysis/topspansview.h"
#include "views/calltree/calltreeview.h"
#include "views/trace/searchbar.h"
#include "views/trace/traceview.h"

#include <QApplication>
#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QStyleFactory>
#include <QTreeWidget>
#include <QtTest>

using namespace Osp;

namespace {

QString tracePath()
{
    const QString real = QStringLiteral(OSP_SHARED_DIR
        "/traces/real/neutron-perf__iterations-80-concurrency-20-osprofiler-iteration-37.json");
    return QFile::exists(real) ? real : QStringLiteral(OSP_TEST_DATA "/small-report.json");
}

/// Distinct colours in a picture: a blank or one-colour widget has very few.
int colourCount(const QImage &img)
{
    QSet<QRgb> seen;
    for (int y = 0; y < img.height(); y += 3)
        for (int x = 0; x < img.width(); x += 3)
            seen.insert(img.pixel(x, y));
    return int(seen.size());
}

void savePicture(QWidget *w, const QString &name)
{
    const QImage img = w->grab().toImage();
    QVERIFY(!img.isNull());
    QVERIFY2(colourCount(img) > 20, qPrintable(name + QStringLiteral(" looks blank")));
    const QByteArray dir = qgetenv("OSP_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(img.save(
            QString::fromLocal8Bit(dir) + QLatin1Char('/') + name + QStringLiteral(".png")));
}

} // namespace

class TestAnalysisView : public QObject
{
    Q_OBJECT

private:
    TracePtr m_trace;

private slots:
    void initTestCase()
    {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        const LoadResult r = loadTraceFile(tracePath());
        QVERIFY(r.ok());
        m_trace = r.value();
    }

    void statistics()
    {
        TraceView view(m_trace);
        view.resize(1600, 1000);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        AnalysisPanel *panel = view.analysisPanel();
        panel->showPage(AnalysisPanel::Page::Statistics);
        StatsView *stats = panel->statsView();
        QTRY_VERIFY(stats->isReady());
        QVERIFY(stats->model()->rowCount() > 0);
        // Picking a row selects its first span and steps through the rest.
        stats->table()->setCurrentIndex(stats->model()->index(0, 0));
        const StatsRow *row = stats->model()->rowAt(0);
        QVERIFY(row && !row->spans.empty());
        QCOMPARE(view.session()->currentSpan(), row->spans.front());
        QCOMPARE(view.model()->spanAt(view.callTree()->currentIndex().row()), row->spans.front());
        if (row->spans.size() > 1) {
            stats->stepper()->next();
            QCOMPARE(view.session()->currentSpan(), row->spans[1]);
            stats->stepper()->previous();
            QCOMPARE(view.session()->currentSpan(), row->spans.front());
        }
        // Sortable by header; every grouping works.
        stats->table()->sortByColumn(StatsModel::CountColumn, Qt::DescendingOrder);
        for (int r = 1; r < stats->model()->rowCount(); ++r)
            QVERIFY(stats->model()->rowAt(r - 1)->count >= stats->model()->rowAt(r)->count);
        stats->setGroupBy(GroupBy::Service);
        QTRY_VERIFY(stats->isReady());
        QCOMPARE(stats->model()->statistics().by, GroupBy::Service);
        savePicture(&view, QStringLiteral("panel-stats"));
    }

    void topSpans()
    {
        TraceView view(m_trace);
        view.resize(1600, 1000);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.analysisPanel()->showPage(AnalysisPanel::Page::TopSpans);
        TopSpansView *top = view.analysisPanel()->topSpansView();
        QTRY_VERIFY(top->isReady());
        SpanTable *byDuration = top->byDuration();
        QVERIFY(byDuration->model()->rowCount() > 0);
        QVERIFY(top->bySelf()->model()->rowCount() > 0);
        const int last = byDuration->model()->rowCount() - 1;
        byDuration->selectRow(last);
        const SpanIndex s = byDuration->spanModel()->spanAt(last);
        QCOMPARE(view.session()->currentSpan(), s);
        QCOMPARE(view.model()->spanAt(view.callTree()->currentIndex().row()), s);
        // A selection made elsewhere shows in the list.
        view.session()->setCurrentSpan(byDuration->spanModel()->spanAt(0));
        QCOMPARE(byDuration->currentIndex().row(), 0);
        savePicture(&view, QStringLiteral("panel-top"));
    }

    void criticalPath()
    {
        TraceView view(m_trace);
        view.resize(1600, 1000);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.analysisPanel()->showPage(AnalysisPanel::Page::CriticalPath);
        CriticalPathView *cp = view.analysisPanel()->criticalPathView();
        QTRY_VERIFY(cp->isReady());
        QVERIFY(!cp->path().steps.empty());
        QVERIFY2(cp->headline().contains(QLatin1String(" %</b> of the request was spent in")),
            qPrintable(cp->headline()));
        QVERIFY(cp->rollUp()->topLevelItemCount() >= 3);
        const SpanIndex step = cp->path().steps.back().span;
        const int row = view.model()->rowOfSpan(step);
        QVERIFY(view.model()->index(row, 0).data(Role::CriticalPathRole).toBool());
        savePicture(&view, QStringLiteral("panel-critical"));
        cp->setHighlight(false);
        QVERIFY(!view.model()->index(row, 0).data(Role::CriticalPathRole).toBool());
        cp->setHighlight(true);
        cp->setEnd(CriticalPathEnd::RootAnswered);
        QTRY_VERIFY(cp->isReady());
        QVERIFY(cp->path().endUs <= m_trace->endUs());
    }

    void errors()
    {
        TraceView view(m_trace);
        view.resize(1600, 1000);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.analysisPanel()->showPage(AnalysisPanel::Page::Errors);
        ErrorsView *ev = view.analysisPanel()->errorsView();
        QTRY_VERIFY(ev->isReady());
        const Trace &t = *m_trace;
        QCOMPARE(ev->errorList().errorCount, t.errorCount());
        QCOMPARE(size_t(ev->errors()->model()->rowCount()), ev->errorList().entries.size());
        if (!ev->errorList().entries.empty()) {
            view.session()->setCurrentSpan(NoSpan);
            QVERIFY(ev->selectNext());
            QCOMPARE(view.session()->currentSpan(), ev->errorList().entries.front().span);
            QVERIFY(ev->selectPrevious());
            QCOMPARE(view.session()->currentSpan(), ev->errorList().entries.back().span);
            QCOMPARE(ev->errors()->currentIndex().isValid(), true);
        }
        auto *skew = ev->findChild<QLabel *>(QStringLiteral("skewSummary"));
        QVERIFY(skew && skew->text().contains(QLatin1String("Clock skew")));
        savePicture(&view, QStringLiteral("panel-errors"));
    }

    void repeatedWork()
    {
        TraceView view(m_trace);
        view.resize(1600, 1000);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.analysisPanel()->showPage(AnalysisPanel::Page::RepeatedWork);
        RepeatedWorkView *rw = view.analysisPanel()->repeatedWorkView();
        QTRY_VERIFY(rw->isReady());
        QCOMPARE(rw->groups()->topLevelItemCount(), int(rw->result().groups.size()));
        if (rw->groups()->topLevelItemCount() > 0) {
            rw->groups()->setCurrentItem(rw->groups()->topLevelItem(0));
            QVERIFY(!rw->stepper()->spans().empty());
            QCOMPARE(view.session()->currentSpan(), rw->stepper()->spans().front());
        }
        savePicture(&view, QStringLiteral("panel-repeated"));
    }

    void search()
    {
        TraceView view(m_trace);
        view.resize(1600, 1000);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const Trace &t = *m_trace;
        SearchBar *bar = view.searchBar();
        // Typing searches after a pause, off the GUI thread.
        QTest::keyClicks(bar->textEdit(), QStringLiteral("neutron"));
        QTRY_VERIFY(!bar->isSearching() && bar->matchCount() > 0);
        QVERIFY(view.model()->hasFilter());
        QVERIFY(size_t(view.model()->rowCount()) <= t.spanCount());
        QVERIFY(bar->selectNextMatch());
        const SpanIndex first = view.session()->currentSpan();
        QVERIFY(bar->result().matches[first]);
        // Ancestors of every match stay visible.
        for (SpanIndex p = t.span(first).parent; p != NoSpan; p = t.span(p).parent)
            QVERIFY(view.model()->visibleRowOfSpan(p) >= 0);
        // The regex contract of the old filter, at once.
        view.setFilterText(QStringLiteral("^wsgi$"));
        QVERIFY(view.model()->hasFilter());
        view.setFilterText(QStringLiteral("("));
        QVERIFY(view.model()->hasFilter());
        view.setFilterText(QString());
        QVERIFY(!view.model()->hasFilter());
        QCOMPARE(size_t(view.model()->rowCount()),
            t.spanCount() <= CallTreeModel::ExpandAllLimit ? t.spanCount()
                                                           : size_t(view.model()->rowCount()));
        // Filters: errors only, minimum duration.
        bar->setFiltersVisible(true);
        auto *errorsOnly = bar->findChild<QCheckBox *>(QStringLiteral("searchErrorsOnly"));
        QVERIFY(errorsOnly);
        errorsOnly->setChecked(true);
        QTRY_VERIFY(!bar->isSearching());
        QCOMPARE(bar->matchCount(), t.errorCount());
        savePicture(&view, QStringLiteral("search-errors-only"));
        bar->clear();
        QTRY_VERIFY(!bar->isSearching());
        QVERIFY(!view.model()->hasFilter());
    }

    void headerSort()
    {
        TraceView view(m_trace);
        view.resize(1600, 1000);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        CallTreeView *tree = view.callTree();
        const Trace &t = *m_trace;
        emit tree->horizontalHeader()->sectionClicked(CallTreeModel::DurationColumn);
        QTRY_VERIFY(view.model()->sortOrder() != nullptr);
        QCOMPARE(view.model()->sortOrder()->key(), SortKey::Duration);
        QVERIFY(view.model()->sortOrder()->descending());
        // Top-level rows: slowest first.
        std::vector<SpanIndex> roots;
        for (int r = 0; r < view.model()->rowCount(); ++r)
            if (t.span(view.model()->spanAt(r)).depth == 0)
                roots.push_back(view.model()->spanAt(r));
        for (size_t k = 1; k < roots.size(); ++k)
            QVERIFY(t.span(roots[k - 1]).durationUs() >= t.span(roots[k]).durationUs());
        savePicture(tree, QStringLiteral("tree-sorted-duration"));
        emit tree->horizontalHeader()->sectionClicked(CallTreeModel::DurationColumn); // ascending
        QTRY_VERIFY(view.model()->sortOrder() && !view.model()->sortOrder()->descending());
        emit tree->horizontalHeader()->sectionClicked(
            CallTreeModel::DurationColumn); // back to start order
        QVERIFY(view.model()->sortOrder() == nullptr);
        emit tree->horizontalHeader()->sectionClicked(CallTreeModel::NameColumn);
        QTRY_VERIFY(view.model()->sortOrder() && view.model()->sortOrder()->key() == SortKey::Name);
    }
};

QTEST_MAIN(TestAnalysisView)
#include "tst_analysisview.moc"
