// The analysis item models (StatsModel, SpanListModel) and the call tree's sort permutation,
// each under QAbstractItemModelTester, on the small fixture and the neutron-perf trace.

#include "analysis/criticalpath.h"
#include "analysis/sortorder.h"
#include "analysis/statistics.h"
#include "analysis/topspans.h"
#include "formats/traceloader.h"
#include "itemmodels/calltreemodel.h"
#include "itemmodels/roles.h"
#include "itemmodels/spanlistmodel.h"
#include "itemmodels/statsmodel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace Osp;

namespace {

QString fixture()
{
    return QStringLiteral(OSP_TEST_DATA "/small-report.json");
}

QString neutronPerf()
{
    return QStringLiteral(OSP_SHARED_DIR
        "/traces/real/neutron-perf__iterations-80-concurrency-20-osprofiler-iteration-37.json");
}

} // namespace

class TestAnalysisModels : public QObject
{
    Q_OBJECT

private slots:
    void statsModel()
    {
        const LoadResult r = loadTraceFile(fixture());
        QVERIFY(r.ok());
        StatsModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (GroupBy by :
            { GroupBy::Type, GroupBy::Service, GroupBy::Host, GroupBy::Project, GroupBy::Path }) {
            model.setStatistics(r.value(), computeStatistics(*r.value(), by));
            QVERIFY(model.rowCount() > 0);
            QCOMPARE(model.columnCount(), int(StatsModel::ColumnCount));
            size_t counted = 0;
            for (int row = 0; row < model.rowCount(); ++row)
                counted += model.rowAt(row)->count;
            QCOMPARE(counted, r.value()->spanCount()); // every span in exactly one group
        }
        model.setStatistics(r.value(), computeStatistics(*r.value(), GroupBy::Type));
        QPersistentModelIndex keep = model.index(model.rowCount() - 1, 0);
        const QString key = keep.data().toString();
        model.sort(StatsModel::CountColumn, Qt::AscendingOrder);
        QCOMPARE(keep.data().toString(), key); // persistent indexes follow the rows
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.rowAt(row - 1)->count <= model.rowAt(row)->count);
        model.sort(StatsModel::TotalColumn, Qt::DescendingOrder);
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.rowAt(row - 1)->totalUs >= model.rowAt(row)->totalUs);
        QVERIFY(model.data(model.index(0, StatsModel::ShareColumn))
                    .toString()
                    .endsWith(QLatin1String("%")));
        QVERIFY(model.data(model.index(0, 0), Role::SpanIndexRole).isValid());
    }

    void spanListModel()
    {
        const LoadResult r = loadTraceFile(fixture());
        QVERIFY(r.ok());
        SpanListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const TopSpans top = computeTopSpans(*r.value(), 10);
        std::vector<SpanListEntry> entries;
        for (SpanIndex s : top.byDuration)
            entries.push_back({ s, r.value()->span(s).selfUs, QStringLiteral("note %1").arg(s) });
        entries.push_back({ NoSpan, -1, {} }); // dropped: not a span of the trace
        model.setEntries(r.value(), entries);
        QCOMPARE(size_t(model.rowCount()), top.byDuration.size());
        QCOMPARE(model.spanAt(0), top.byDuration.front());
        QCOMPARE(model.data(model.index(0, SpanListModel::RankColumn)).toInt(), 1);
        model.sort(SpanListModel::DurationColumn, Qt::AscendingOrder);
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.data(model.index(row - 1, 0), Role::DurationUsRole).toLongLong()
                <= model.data(model.index(row, 0), Role::DurationUsRole).toLongLong());
        model.sort(SpanListModel::NameColumn, Qt::AscendingOrder);
        model.sort(SpanListModel::PathColumn, Qt::DescendingOrder);
        model.sort(SpanListModel::RankColumn, Qt::AscendingOrder);
        QCOMPARE(model.spanAt(0), top.byDuration.front());
        QCOMPARE(model.rowOfSpan(top.byDuration.front()), 0);
        QVERIFY(!model.data(model.index(0, SpanListModel::PathColumn)).toString().isEmpty());
        model.setEntries(r.value(), {});
        QCOMPARE(model.rowCount(), 0);
    }

    void spanListShowsSpansAsTheCallTree()
    {
        const LoadResult r = loadTraceFile(fixture());
        QVERIFY(r.ok());
        const Trace &t = *r.value();
        CallTreeModel tree;
        tree.setTrace(r.value());
        tree.expandAll();
        SpanListModel list;
        QAbstractItemModelTester tester(
            &list, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<SpanListEntry> entries;
        for (SpanIndex s = 0; s < t.spanCount(); ++s)
            entries.push_back({ s, -1, {} });
        list.setEntries(r.value(), entries);
        list.setErrorColor(QStringLiteral("#ef5350"));
        tree.setErrorColor(QStringLiteral("#ef5350"));
        const std::pair<int, int> columns[] = {
            { SpanListModel::NameColumn, CallTreeModel::NameColumn },
            { SpanListModel::DurationColumn, CallTreeModel::DurationColumn },
            { SpanListModel::SelfColumn, CallTreeModel::SelfColumn },
            { SpanListModel::ServiceColumn, CallTreeModel::ServiceColumn },
            { SpanListModel::HostColumn, CallTreeModel::HostColumn },
        };
        const int roles[] = { Qt::DisplayRole, Qt::ToolTipRole, Qt::TextAlignmentRole,
            Role::SpanIndexRole, Role::DepthRole, Role::StartUsRole, Role::EndUsRole,
            Role::DurationUsRole, Role::SelfUsRole, Role::FlagsRole, Role::IsErrorRole,
            Role::IsUnfinishedRole, Role::IsLastStartedRole, Role::ServiceRole, Role::ExceptionRole,
            Role::MsPrecisionRole };
        bool sawError = false;
        for (int row = 0; row < list.rowCount(); ++row) {
            const int treeRow = tree.visibleRowOfSpan(list.spanAt(row));
            QVERIFY(treeRow >= 0);
            sawError = sawError || list.index(row, 0).data(Role::IsErrorRole).toBool();
            for (const auto &[listColumn, treeColumn] : columns)
                for (int role : roles)
                    QCOMPARE(list.index(row, listColumn).data(role),
                        tree.index(treeRow, treeColumn).data(role));
        }
        QVERIFY(sawError); // the fixture has an exception: its coloured tooltip was compared
        QCOMPARE(list.headerData(SpanListModel::HostColumn, Qt::Horizontal),
            tree.headerData(CallTreeModel::HostColumn, Qt::Horizontal));
    }

    void callTreeSortAndHighlight()
    {
        QString path = neutronPerf();
        if (!QFile::exists(path))
            path = fixture();
        const LoadResult r = loadTraceFile(path);
        QVERIFY(r.ok());
        const Trace &t = *r.value();
        CallTreeModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTrace(r.value());
        model.expandAll();
        for (SortKey key :
            { SortKey::Duration, SortKey::SelfTime, SortKey::Name, SortKey::Start }) {
            auto order = std::make_shared<const SortOrder>(SortOrder::compute(t, key, true));
            model.setSortOrder(order);
            QCOMPARE(size_t(model.rowCount()), t.spanCount());
            // Rows are the sorted pre-order; siblings in key order, children under parents.
            for (int row = 0; row < model.rowCount(); ++row)
                QCOMPARE(model.spanAt(row), order->preorder()[size_t(row)]);
            if (key == SortKey::Duration) {
                std::vector<SpanIndex> roots; // top-level spans, in their sorted order
                for (SpanIndex i : order->preorder())
                    if (t.span(i).parent == NoSpan)
                        roots.push_back(i);
                QVERIFY(roots.size() > 1);
                for (size_t k = 1; k < roots.size(); ++k)
                    QVERIFY(t.span(roots[k - 1]).durationUs() >= t.span(roots[k]).durationUs());
            }
            // Collapse and expand in sorted order keep the model consistent.
            const SpanIndex first = model.spanAt(0);
            model.collapse(0);
            QCOMPARE(model.rowCount(), int(t.spanCount() - t.span(first).subtreeSize + 1));
            model.expand(0);
            QCOMPARE(size_t(model.rowCount()), t.spanCount());
            // rowOfSpan of the deepest span works after collapsing everything.
            model.collapseAll();
            SpanIndex deepest = 0;
            for (SpanIndex i = 0; i < t.spanCount(); ++i)
                if (t.span(i).depth > t.span(deepest).depth)
                    deepest = i;
            const int row = model.rowOfSpan(deepest);
            QVERIFY(row >= 0);
            QCOMPARE(model.spanAt(row), deepest);
            model.expandAll();
        }
        model.setSortOrder(nullptr);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.spanAt(row), SpanIndex(row));

        // The critical path role.
        const CriticalPath cp = CriticalPath::compute(t);
        model.setCriticalPath(cp.onPath);
        QVERIFY(!cp.steps.empty());
        const SpanIndex onPath = cp.steps.front().span;
        QVERIFY(model.index(model.rowOfSpan(onPath), 0).data(Role::CriticalPathRole).toBool());
        model.setCriticalPath({});
        QVERIFY(!model.index(model.rowOfSpan(onPath), 0).data(Role::CriticalPathRole).toBool());

        // A search result as filter.
        std::vector<uint8_t> visible(t.spanCount(), 0), matches(t.spanCount(), 0);
        visible[0] = matches[0] = 1;
        model.setFilterResult(visible, matches, 1);
        QVERIFY(model.hasFilter());
        QCOMPARE(model.rowCount(), 1);
        model.setFilterResult({}, {}, 0);
        QVERIFY(!model.hasFilter());
    }
};

QTEST_GUILESS_MAIN(TestAnalysisModels)
#include "tst_analysismodels.moc"
