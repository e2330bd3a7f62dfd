// the comparison table model on hand-made pairs with known answers (which row comes
// first, signed texts, "new", added/removed, grouping), its tree layout and sorting, each
// under QAbstractItemModelTester. Qt Core only.
#include "compare/comparison.h"
#include "comparisonfixture.h"
#include "itemmodels/comparisonmodel.h"
#include "util/durationformat.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Osp;
using namespace OspTest;

namespace {

constexpr int64_t Ms = 1000;

std::shared_ptr<const Comparison> comparePair(
    const std::vector<PairSpan> &a, const std::vector<PairSpan> &b)
{
    const TracePtr ta = pairTrace(a);
    const TracePtr tb = pairTrace(b);
    if (!ta || !tb)
        qFatal("fixture did not load");
    return std::make_shared<const Comparison>(compareTraces(*ta, *tb));
}

QString text(const ComparisonModel &m, int row, int column)
{
    return m.data(m.index(row, column)).toString();
}

/// The model row whose Call path text starts with prefix, or -1.
int rowNamed(const ComparisonModel &m, const QString &prefix)
{
    for (int r = 0; r < m.rowCount(); ++r)
        if (text(m, r, ComparisonModel::NameColumn).startsWith(prefix))
            return r;
    return -1;
}

const QString Minus = QString(QChar(0x2212));

/// One top-level span over `leaves` leaves of distinct names: as many aligned call paths under
/// one node. Written as text (pairTrace inserts children one by one: quadratic at this size).
TracePtr wideTrace(int leaves)
{
    const auto span = [](const std::string &name, int started, int finished) {
        return "{\"info\":{\"name\":\"" + name
            + "\",\"project\":\"p\",\"service\":\"s\",\"host\":\"h\",\"started\":"
            + std::to_string(started) + ",\"finished\":" + std::to_string(finished)
            + ",\"exception\":\"None\"},\"trace_id\":\"" + name
            + "\",\"parent_id\":\"p\",\"children\":[";
    };
    std::string json = "{\"info\":{\"name\":\"total\",\"started\":0,\"finished\":"
        + std::to_string(leaves + 1) + "},\"children\":[" + span("wsgi", 0, leaves + 1);
    for (int i = 0; i < leaves; ++i)
        json += (i ? "," : "") + span("op" + std::to_string(i), i, i + 1) + "]}";
    json += "]}]}";
    const LoadResult r = loadTraceBytes(json, QStringLiteral("wide.json"));
    return r.ok() ? r.value() : TracePtr();
}

} // namespace

class TestComparisonModel : public QObject
{
    Q_OBJECT

private slots:
    void formatting()
    {
        QCOMPARE(formatDurationDelta(842), QStringLiteral("+842 µs"));
        QCOMPARE(formatDurationDelta(-12345), Minus + QStringLiteral("12.345 ms"));
        QCOMPARE(formatDurationDelta(0), QStringLiteral("0 µs"));
        QCOMPARE(formatDurationDelta(-30000, true), Minus + QStringLiteral("30 ms"));
        QCOMPARE(formatPercentChange(0, 5), QStringLiteral("new"));
        QCOMPARE(formatPercentChange(0, 0), QStringLiteral("0.0 %"));
        QCOMPARE(formatPercentChange(20, 50), QStringLiteral("+150.0 %"));
        QCOMPARE(formatPercentChange(10, 5), Minus + QStringLiteral("50.0 %"));
        QCOMPARE(formatPercentChange(100000, 100001), QStringLiteral("0.0 %")); // no "+0.0"
    }

    void slowedSpanFirst()
    {
        // spawn 20 ms -> 50 ms; its ancestors grow too, but only by containing it.
        ComparisonModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setComparison(comparePair(novaRequest(0), novaRequest(30, 1)));
        QCOMPARE(m.layout(), ComparisonModel::Layout::Impact);
        QCOMPARE(m.rowCount(), 6);
        QVERIFY(text(m, 0, ComparisonModel::NameColumn)
                    .startsWith(QStringLiteral("compute  ·  nova.virt.libvirt.driver")));
        QCOMPARE(text(m, 0, ComparisonModel::SelfAColumn), QStringLiteral("20 ms"));
        QCOMPARE(text(m, 0, ComparisonModel::SelfBColumn), QStringLiteral("50 ms"));
        QCOMPARE(text(m, 0, ComparisonModel::SelfDeltaColumn), QStringLiteral("+30 ms"));
        QCOMPARE(text(m, 0, ComparisonModel::SelfPercentColumn), QStringLiteral("+150.0 %"));
        QCOMPARE(text(m, 0, ComparisonModel::DurationDeltaColumn), QStringLiteral("+30 ms"));
        QCOMPARE(text(m, 0, ComparisonModel::CountDeltaColumn), QStringLiteral("0"));
        QCOMPARE(m.data(m.index(0, ComparisonModel::SelfDeltaColumn), Role::DeltaRole).toLongLong(),
            30 * Ms);
        QCOMPARE(
            m.data(m.index(0, ComparisonModel::ImpactColumn), Role::ImpactRole).toDouble(), 1.0);
        // Not a Δ column: no change colour.
        QVERIFY(!m.data(m.index(0, ComparisonModel::SelfBColumn), Role::DeltaRole).isValid());
        // The request itself: 30 ms longer, its own self time unchanged.
        const int wsgi = rowNamed(m, QStringLiteral("wsgi"));
        QVERIFY(wsgi > 0);
        QCOMPARE(text(m, wsgi, ComparisonModel::DurationDeltaColumn), QStringLiteral("+30 ms"));
        QCOMPARE(text(m, wsgi, ComparisonModel::DurationPercentColumn), QStringLiteral("+30.0 %"));
        QCOMPARE(text(m, wsgi, ComparisonModel::SelfDeltaColumn), QStringLiteral("0 ms"));
        // Ids and the numeric project folded: one row for the request in both traces.
        QVERIFY(text(m, wsgi, ComparisonModel::NameColumn).contains(QStringLiteral("{id}")));
        // The many-vs-many columns mean nothing here.
        QVERIFY(!m.isColumnRelevant(ComparisonModel::DurationP95AColumn));
        QVERIFY(!m.isColumnRelevant(ComparisonModel::TracesBColumn));
        QVERIFY(m.isColumnRelevant(ComparisonModel::SelfDeltaColumn));
    }

    void fasterIsNegative()
    {
        ComparisonModel m;
        m.setComparison(comparePair(novaRequest(30), novaRequest(0)));
        QVERIFY(text(m, 0, ComparisonModel::NameColumn).startsWith(QStringLiteral("compute")));
        QCOMPARE(text(m, 0, ComparisonModel::SelfDeltaColumn), Minus + QStringLiteral("30 ms"));
        QCOMPARE(text(m, 0, ComparisonModel::SelfPercentColumn), Minus + QStringLiteral("60.0 %"));
        QVERIFY(m.data(m.index(0, ComparisonModel::ImpactColumn), Role::ImpactRole).toDouble() < 0);
    }

    void addedAndRemovedSubtrees()
    {
        ComparisonModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setComparison(comparePair(novaRequest(0), novaRequest(0, 1, 0, true)));
        const int api = rowNamed(m, QStringLiteral("neutron_api"));
        const int db = rowNamed(m, QStringLiteral("neutron.db"));
        QVERIFY(api >= 0 && db >= 0);
        for (int r : { api, db }) {
            QCOMPARE(m.data(m.index(r, 0), Role::PresenceRole).toInt(), int(Presence::Added));
            QCOMPARE(text(m, r, ComparisonModel::ImpactColumn), QStringLiteral("added"));
            QCOMPARE(text(m, r, ComparisonModel::CountAColumn), QStringLiteral("0"));
            QCOMPARE(text(m, r, ComparisonModel::CountDeltaColumn), QStringLiteral("+1"));
            QCOMPARE(text(m, r, ComparisonModel::DurationPercentColumn), QStringLiteral("new"));
            QCOMPARE(text(m, r, ComparisonModel::SelfPercentColumn), QStringLiteral("new"));
        }
        // rpc lost 9 ms of self time to its new child (the largest change), neutron_api has
        // 9 ms with 3 in its db child: self +6 ms, second.
        QVERIFY(text(m, 0, 0).startsWith(QStringLiteral("rpc")));
        QCOMPARE(text(m, 0, ComparisonModel::SelfDeltaColumn), Minus + QStringLiteral("9 ms"));
        QCOMPARE(api, 1);
        QCOMPARE(text(m, api, ComparisonModel::SelfDeltaColumn), QStringLiteral("+6 ms"));

        // The other way round the subtree was removed.
        m.setComparison(comparePair(novaRequest(0, 0, 0, true), novaRequest(0, 1)));
        const int gone = rowNamed(m, QStringLiteral("neutron_api"));
        QCOMPARE(m.data(m.index(gone, 0), Role::PresenceRole).toInt(), int(Presence::Removed));
        QCOMPARE(text(m, gone, ComparisonModel::ImpactColumn), QStringLiteral("removed"));
        QCOMPARE(text(m, gone, ComparisonModel::DurationPercentColumn),
            Minus + QStringLiteral("100.0 %"));
        QCOMPARE(text(m, gone, ComparisonModel::CountDeltaColumn), Minus + QStringLiteral("1"));
    }

    void repeatedStatementOneRow()
    {
        // 3 vs 5 identical SELECTs (different values): one row with counts.
        ComparisonModel m;
        m.setComparison(comparePair(novaRequest(0, 0, 3), novaRequest(0, 1, 5)));
        int selects = 0, row = -1;
        for (int r = 0; r < m.rowCount(); ++r)
            if (text(m, r, ComparisonModel::NameColumn).contains(QLatin1String("block_device"))) {
                ++selects;
                row = r;
            }
        QCOMPARE(selects, 1);
        QCOMPARE(text(m, row, ComparisonModel::CountAColumn), QStringLiteral("3"));
        QCOMPARE(text(m, row, ComparisonModel::CountBColumn), QStringLiteral("5"));
        QCOMPARE(text(m, row, ComparisonModel::CountDeltaColumn), QStringLiteral("+2"));
        QVERIFY(
            m.data(m.index(row, ComparisonModel::CountDeltaColumn), Role::DeltaRole).toLongLong()
            > 0);
    }

    void identicalTracesAllZero()
    {
        ComparisonModel m;
        m.setComparison(comparePair(novaRequest(0), novaRequest(0, 2)));
        QCOMPARE(m.rowCount(), 6);
        for (int r = 0; r < m.rowCount(); ++r) {
            for (int c : { ComparisonModel::CountDeltaColumn, ComparisonModel::DurationDeltaColumn,
                     ComparisonModel::SelfDeltaColumn, ComparisonModel::ImpactColumn })
                QCOMPARE(m.data(m.index(r, c), Role::DeltaRole).toLongLong(), 0);
            QCOMPARE(text(m, r, ComparisonModel::SelfPercentColumn), QStringLiteral("0.0 %"));
            QCOMPARE(m.data(m.index(r, 0), Role::PresenceRole).toInt(), int(Presence::Both));
        }
    }

    void treeLayout()
    {
        ComparisonModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setComparison(comparePair(novaRequest(0), novaRequest(30, 1, 0, true)));
        m.setLayout(ComparisonModel::Layout::Tree);
        QCOMPARE(m.rowCount(), 8); // small: fully expanded
        QVERIFY(text(m, 0, 0).startsWith(QStringLiteral("wsgi")));
        QCOMPARE(m.data(m.index(0, 0), Role::DepthRole).toInt(), 0);
        QVERIFY(m.data(m.index(0, 0), Role::HasChildrenRole).toBool());
        QVERIFY(m.data(m.index(0, 0), Role::ExpandedRole).toBool());
        // Siblings by impact under rpc: compute (+30 ms self) before neutron_api (+6 ms).
        const int rpc = rowNamed(m, QStringLiteral("rpc"));
        QCOMPARE(m.data(m.index(rpc, 0), Role::DepthRole).toInt(), 1);
        QVERIFY(text(m, rpc + 1, 0).startsWith(QStringLiteral("compute")));
        QVERIFY(text(m, rpc + 2, 0).startsWith(QStringLiteral("neutron_api")));
        QCOMPARE(m.data(m.index(rpc + 1, 0), Role::DepthRole).toInt(), 2);
        // Collapse and expand keep the rows consistent (the tester checks the signals).
        m.collapse(rpc);
        QCOMPARE(m.rowCount(), 8 - 5);
        m.expand(rpc);
        QCOMPARE(m.rowCount(), 8);
        m.collapseAll();
        QCOMPARE(m.rowCount(), 1);
        // Reaching a deep node opens its ancestors.
        uint32_t deep = NoRow;
        for (uint32_t i = 0; i < m.comparison()->rows.size(); ++i)
            if (m.comparison()->view(m.comparison()->rows[i].name) == "neutron.db")
                deep = i;
        const int row = m.rowOfComparisonRow(deep);
        QVERIFY(row > 0);
        QCOMPARE(m.comparisonRowAt(row), deep);
        QCOMPARE(m.data(m.index(row, 0), Role::DepthRole).toInt(), 3);
        m.expandAll();
        QCOMPARE(m.rowCount(), 8);
        // Back to the flat list: depth is not shown there.
        m.setLayout(ComparisonModel::Layout::Impact);
        QCOMPARE(m.data(m.index(0, 0), Role::DepthRole).toInt(), 0);
        QVERIFY(!m.data(m.index(0, 0), Role::HasChildrenRole).toBool());
    }

    void largeExpansionResets()
    {
        // Past LargeInsertion rows an expansion resets the model instead of inserting (views
        // lay a reset out faster than a huge insertion), as in the call tree.
        const int leaves = int(ComparisonModel::LargeInsertion) + 1;
        const TracePtr t = wideTrace(leaves);
        QVERIFY(t);
        // No QAbstractItemModelTester here: it walks every row after every signal (seconds at
        // this size); the small trees above run under it.
        ComparisonModel m;
        m.setComparison(std::make_shared<const Comparison>(compareTraces(*t, *t)));
        m.setLayout(ComparisonModel::Layout::Tree);
        QCOMPARE(m.rowCount(), leaves + 1); // big: top-level nodes open, nothing deeper to open
        const uint32_t lastLeaf = m.comparisonRowAt(leaves);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        m.collapse(0);
        QCOMPARE(m.rowCount(), 1);
        m.expand(0);
        QCOMPARE(m.rowCount(), leaves + 1);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(inserted.count(), 0);
        // Reaching a node under a collapsed ancestor opens it the same way.
        m.collapse(0);
        QCOMPARE(m.rowOfComparisonRow(lastLeaf), leaves);
        QCOMPARE(m.rowCount(), leaves + 1);
        QCOMPARE(reset.count(), 2);
        QCOMPARE(inserted.count(), 0);
    }

    void sorting()
    {
        ComparisonModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // spawn +30 ms, and the quota SELECT 5 ms -> 2 ms faster is impossible with the
        // fixture's timings; compare a slowed A against B instead: compute -30 ms.
        m.setComparison(comparePair(novaRequest(0), novaRequest(30, 1, 0, true)));
        m.sort(ComparisonModel::SelfDeltaColumn, Qt::AscendingOrder);
        // Ascending signed Δ self: unchanged rows (0) first, the slowdown last.
        QVERIFY(text(m, m.rowCount() - 1, 0).startsWith(QStringLiteral("compute")));
        m.sort(ComparisonModel::DurationPercentColumn, Qt::DescendingOrder);
        // "new" sorts above every finite change.
        QCOMPARE(text(m, 0, ComparisonModel::DurationPercentColumn), QStringLiteral("new"));
        m.sort(ComparisonModel::NameColumn, Qt::AscendingOrder);
        QVERIFY(text(m, 0, 0).startsWith(QStringLiteral("compute")));
        QVERIFY(text(m, m.rowCount() - 1, 0).startsWith(QStringLiteral("wsgi")));
        m.sort(ComparisonModel::ImpactColumn, Qt::DescendingOrder);
        QVERIFY(text(m, 0, 0).startsWith(QStringLiteral("compute")));
        QCOMPARE(m.comparisonRowAt(0), m.comparison()->impactOrder.front());
    }

    void manyVsManyColumns()
    {
        std::vector<TracePtr> keep;
        std::vector<const Trace *> a, b;
        for (int slow : { 0, 2, 4 }) {
            keep.push_back(pairTrace(novaRequest(slow)));
            a.push_back(keep.back().get());
        }
        for (int slow : { 40, 42, 44, 46 }) {
            keep.push_back(pairTrace(novaRequest(slow, 1)));
            b.push_back(keep.back().get());
        }
        ComparisonModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setComparison(std::make_shared<const Comparison>(compareTraceSets(a, b)));
        QVERIFY(m.isColumnRelevant(ComparisonModel::DurationP95AColumn));
        QVERIFY(m.isColumnRelevant(ComparisonModel::TracesAColumn));
        QCOMPARE(m.headerData(ComparisonModel::DurationAColumn, Qt::Horizontal).toString(),
            QStringLiteral("Median A"));
        QVERIFY(text(m, 0, 0).startsWith(QStringLiteral("compute")));
        QCOMPARE(text(m, 0, ComparisonModel::TracesAColumn), QStringLiteral("3"));
        QCOMPARE(text(m, 0, ComparisonModel::TracesBColumn), QStringLiteral("4"));
        // Median self of spawn: 22 ms -> 63 ms.
        QCOMPARE(text(m, 0, ComparisonModel::SelfDeltaColumn), QStringLiteral("+41 ms"));
    }
};

QTEST_GUILESS_MAIN(TestComparisonModel)
#include "tst_comparisonmodel.moc"
