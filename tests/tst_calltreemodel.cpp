// CallTreeModel: the flat call tree (expand/collapse/filter semantics, no recursion).

#include "analysis/search.h"
#include "formats/traceloader.h"
#include "geometry/timeaxis.h"
#include "itemmodels/calltreemodel.h"
#include "itemmodels/roles.h"
#include "itemmodels/tracesession.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <string>
#include <vector>

using namespace Osp;

namespace {

/// A node of a hand-written report: enough fields for the reader (ms precision, no payloads).
struct Node
{
    std::string name, project, service, host;
    int started = 0, finished = 0;
    std::string exception = "None";
    std::vector<Node> children;
};

std::string esc(const std::string &s)
{
    return "\"" + s + "\"";
}

/// Writes the report iteratively (a stack of open nodes), like every writer in this project.
std::string reportJson(const std::vector<Node> &roots, int total)
{
    std::string out = "{\"info\":{\"name\":\"total\",\"started\":0,\"finished\":"
        + std::to_string(total) + "},\"children\":[";
    struct Frame
    {
        const std::vector<Node> *list;
        size_t next;
    };
    std::vector<Frame> stack { { &roots, 0 } };
    int id = 0;
    while (!stack.empty()) {
        Frame &f = stack.back();
        if (f.next == f.list->size()) {
            stack.pop_back();
            out += "]";
            if (!stack.empty())
                out += "}";
            continue;
        }
        const Node &n = (*f.list)[f.next];
        if (f.next > 0)
            out += ",";
        ++f.next;
        ++id;
        out += "{\"info\":{\"name\":" + esc(n.name);
        if (!n.project.empty())
            out += ",\"project\":" + esc(n.project);
        if (!n.service.empty())
            out += ",\"service\":" + esc(n.service);
        if (!n.host.empty())
            out += ",\"host\":" + esc(n.host);
        out += ",\"started\":" + std::to_string(n.started)
            + ",\"finished\":" + std::to_string(n.finished) + ",\"exception\":" + esc(n.exception)
            + "},\"trace_id\":\"span-" + std::to_string(id)
            + "\",\"parent_id\":\"p\",\"children\":[";
        stack.push_back({ &n.children, 0 });
    }
    out += "}";
    return out;
}

TracePtr load(const std::string &json)
{
    LoadResult r = loadTraceBytes(json, QStringLiteral("inline.json"));
    if (!r.ok())
        qWarning() << (!r.ok() ? r.error().toString() : QStringLiteral("no trace"));
    return r.value();
}

/// A  (keystone)   [A1, A2]
/// B  (nova)       [B1 (db) [B1a], B2 (error)]
/// C  (glance)
TracePtr smallTrace()
{
    Node a { "wsgi", "keystone", "public", "ctl-01", 0, 10, "None", {} };
    a.children = { { "db", "keystone", "public", "ctl-01", 1, 2, "None", {} },
        { "db", "keystone", "public", "ctl-01", 3, 4, "None", {} } };
    Node b { "wsgi", "nova", "osapi_compute", "ctl-01", 20, 60, "None", {} };
    Node b1 { "db", "nova", "osapi_compute", "ctl-01", 21, 30, "None", {} };
    b1.children = { { "rpc", "nova", "nova-conductor", "cmp-07", 22, 29, "None", {} } };
    b.children = { b1, { "my", "nova", "osapi_compute", "ctl-01", 31, 40, "ValueError", {} } };
    Node c { "wsgi", "glance", "api", "", 70, 90, "None", {} };
    return load(reportJson({ a, b, c }, 100));
}

std::vector<SpanIndex> rows(const CallTreeModel &m)
{
    std::vector<SpanIndex> out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.push_back(m.spanAt(r));
    return out;
}

using Rows = std::vector<SpanIndex>;

/// Filters the model as the search bar does: a case-insensitive regex over the span's strings
/// (no payload); an empty or invalid pattern clears the filter.
void applyFilter(CallTreeModel &m, const QString &pattern)
{
    if (!m.trace() || pattern.isEmpty()) {
        m.setFilterResult({}, {}, 0);
        return;
    }
    SearchQuery q;
    q.text = pattern;
    q.regex = true;
    q.payload = false;
    SearchResult r = searchTrace(*m.trace(), q);
    if (!r.error.isEmpty()) {
        m.setFilterResult({}, {}, 0);
        return;
    }
    m.setFilterResult(std::move(r.visible), std::move(r.matches), r.matchCount());
}

} // namespace

class TestCallTreeModel : public QObject
{
    Q_OBJECT

private slots:
    void initialStateExpanded()
    {
        const TracePtr t = smallTrace();
        QVERIFY(t);
        QCOMPARE(t->spanCount(), size_t(8));
        CallTreeModel m;
        QAbstractItemModelTester tester(&m);
        m.setTrace(t);
        QCOMPARE(m.rowCount(), 8);
        QCOMPARE(m.columnCount(), int(CallTreeModel::ColumnCount));
        QCOMPARE(rows(m), (Rows { 0, 1, 2, 3, 4, 5, 6, 7 }));
        QCOMPARE(m.index(0, CallTreeModel::NameColumn).data().toString(), QStringLiteral("wsgi"));
        QCOMPARE(
            m.index(0, CallTreeModel::ProjectColumn).data().toString(), QStringLiteral("keystone"));
        QCOMPARE(m.index(7, CallTreeModel::HostColumn).data().toString(), QStringLiteral("n/a"));
        QCOMPARE(m.index(5, CallTreeModel::NameColumn).data(Role::DepthRole).toInt(), 2);
        QVERIFY(m.index(3, 0).data(Role::HasChildrenRole).toBool());
        QVERIFY(!m.index(1, 0).data(Role::HasChildrenRole).toBool());
        QVERIFY(m.index(6, 0).data(Role::IsErrorRole).toBool());
        QCOMPARE(m.index(6, 0).data(Role::ExceptionRole).toString(), QStringLiteral("ValueError"));
        QVERIFY(!m.index(5, 0).data(Role::IsErrorRole).toBool());
        QCOMPARE(m.index(3, 0).data(Role::DurationUsRole).toLongLong(), 40000);
        QCOMPARE(m.index(3, 0).data(Role::StartUsRole).toLongLong(), 20000);
        QVERIFY(!m.index(3, CallTreeModel::DurationColumn).data().toString().isEmpty());
        QVERIFY(!m.index(3, 0).data(Qt::ToolTipRole).toString().isEmpty());
        QCOMPARE(m.index(7, 0).data(Role::IsLastStartedRole).toBool(), t->lastStarted() == 7);
    }

    void tooltipErrorColourComesFromTheView()
    {
        CallTreeModel m;
        m.setTrace(smallTrace());
        // Row 6 raised ValueError. The core knows no theme: no colour until the view gives one.
        const QModelIndex error = m.index(6, CallTreeModel::DurationColumn);
        QVERIFY(error.data(Qt::ToolTipRole).toString().contains(QStringLiteral("ValueError")));
        QVERIFY(!error.data(Qt::ToolTipRole).toString().contains(QStringLiteral("color")));
        m.setErrorColor(QStringLiteral("#ef5350"));
        QVERIFY(error.data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("<font color=\"#ef5350\">ValueError")));
        QVERIFY(!m.index(5, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("color")));
    }

    void expandCollapse()
    {
        CallTreeModel m;
        QAbstractItemModelTester tester(&m);
        m.setTrace(smallTrace());
        m.collapse(0); // A
        QCOMPARE(rows(m), (Rows { 0, 3, 4, 5, 6, 7 }));
        QVERIFY(!m.isExpanded(0));
        m.collapse(0); // no-op
        QCOMPARE(m.rowCount(), 6);
        m.collapse(2); // B1 (row 2 now)
        QCOMPARE(rows(m), (Rows { 0, 3, 4, 6, 7 }));
        m.toggle(0);
        QCOMPARE(rows(m), (Rows { 0, 1, 2, 3, 4, 6, 7 }));
        m.collapse(3); // B hides B1 and B2 ...
        QCOMPARE(rows(m), (Rows { 0, 1, 2, 3, 7 }));
        m.expand(3); // ... and brings back B1 still collapsed
        QCOMPARE(rows(m), (Rows { 0, 1, 2, 3, 4, 6, 7 }));
        m.collapseAll();
        QCOMPARE(rows(m), (Rows { 0, 3, 7 }));
        m.expandAll();
        QCOMPARE(m.rowCount(), 8);
        m.collapseSubtree(3);
        QCOMPARE(rows(m), (Rows { 0, 1, 2, 3, 7 }));
        m.expand(3); // children of B were collapsed with it
        QCOMPARE(rows(m), (Rows { 0, 1, 2, 3, 4, 6, 7 }));
        m.collapseAll();
        m.expandSubtree(1); // B
        QCOMPARE(rows(m), (Rows { 0, 3, 4, 5, 6, 7 }));
        QCOMPARE(m.spanAt(-1), NoSpan);
        QCOMPARE(m.spanAt(99), NoSpan);
    }

    void rowOfSpanExpandsAncestors()
    {
        CallTreeModel m;
        QAbstractItemModelTester tester(&m);
        m.setTrace(smallTrace());
        m.collapseAll();
        QCOMPARE(m.visibleRowOfSpan(5), -1);
        QCOMPARE(m.rowOfSpan(5), 3);
        QCOMPARE(rows(m), (Rows { 0, 3, 4, 5, 6, 7 }));
        QCOMPARE(m.rowOfSpan(7), 5);
        QCOMPARE(m.rowOfSpan(NoSpan), -1);
        QCOMPARE(m.rowOfSpan(1000), -1);
    }

    void filterKeepsAncestors()
    {
        CallTreeModel m;
        QAbstractItemModelTester tester(&m);
        m.setTrace(smallTrace());
        QSignalSpy spy(&m, &CallTreeModel::rowsChanged);
        applyFilter(m, QStringLiteral("glance"));
        QCOMPARE(rows(m), (Rows { 7 }));
        QVERIFY(m.hasFilter());
        QVERIFY(spy.count() >= 1);
        // Case-insensitive, over name/project/service/host; ancestors stay.
        applyFilter(m, QStringLiteral("CONDUCTOR"));
        QCOMPARE(rows(m), (Rows { 3, 4, 5 }));
        QVERIFY(m.index(2, 0).data(Role::MatchRole).toBool());
        QVERIFY(!m.index(0, 0).data(Role::MatchRole).toBool());
        QVERIFY(m.index(1, 0).data(Role::HasChildrenRole).toBool());
        // A match's non-matching descendants are hidden (as the HTML report).
        applyFilter(m, QStringLiteral("^db$"));
        QCOMPARE(rows(m), (Rows { 0, 1, 2, 3, 4 }));
        QVERIFY(!m.index(4, 0).data(Role::HasChildrenRole).toBool());
        QCOMPARE(m.filterMatchCount(), size_t(3));
        // Host matches too.
        applyFilter(m, QStringLiteral("cmp-0"));
        QCOMPARE(rows(m), (Rows { 3, 4, 5 }));
        // Collapse inside a filtered view, then expand again.
        m.collapse(0);
        QCOMPARE(rows(m), (Rows { 3 }));
        m.expand(0);
        QCOMPARE(rows(m), (Rows { 3, 4, 5 }));
        applyFilter(m, QStringLiteral("nothing-matches-this"));
        QCOMPARE(m.rowCount(), 0);
        QCOMPARE(m.rowOfSpan(0), -1);
        // Empty and invalid patterns clear the filter.
        applyFilter(m, QString());
        QVERIFY(!m.hasFilter());
        QCOMPARE(m.rowCount(), 8);
        applyFilter(m, QStringLiteral("("));
        QCOMPARE(m.rowCount(), 8);
    }

    void searchMarksMatchesAndAncestors()
    {
        const TracePtr t = smallTrace();
        SearchQuery q;
        q.text = QStringLiteral("rpc");
        q.regex = true;
        q.payload = false;
        const SearchResult r = searchTrace(*t, q);
        QCOMPARE(r.matchCount(), size_t(1));
        QCOMPARE(r.visible, (std::vector<uint8_t> { 0, 0, 0, 1, 1, 1, 0, 0 }));
        QCOMPARE(r.matches, (std::vector<uint8_t> { 0, 0, 0, 0, 0, 1, 0, 0 }));
    }

    void setTraceResetsAndNull()
    {
        CallTreeModel m;
        QAbstractItemModelTester tester(&m);
        QCOMPARE(m.rowCount(), 0);
        m.setTrace(smallTrace());
        applyFilter(m, QStringLiteral("glance"));
        m.setTrace(smallTrace());
        QVERIFY(!m.hasFilter());
        QCOMPARE(m.rowCount(), 8);
        m.setTrace(nullptr);
        QCOMPARE(m.rowCount(), 0);
        m.expandAll();
        m.collapseAll();
        m.toggle(0);
        QCOMPARE(m.rowOfSpan(0), -1);
    }

    void bigTraceStartsWithTwoLevels()
    {
        // 20 roots × 25 children × 25 grandchildren = 13,020 spans > ExpandAllLimit.
        std::vector<Node> roots;
        int t = 0;
        for (int r = 0; r < 20; ++r) {
            Node root { "wsgi", "nova", "api", "h", t, t + 1000, "None", {} };
            for (int c = 0; c < 25; ++c) {
                Node child { "rpc", "nova", "conductor", "h", t, t + 10, "None", {} };
                for (int g = 0; g < 25; ++g)
                    child.children.push_back(
                        { "db", "nova", "conductor", "h", t, t + 1, "None", {} });
                root.children.push_back(child);
            }
            roots.push_back(root);
            t += 1000;
        }
        const TracePtr trace = load(reportJson(roots, t));
        QVERIFY(trace);
        QCOMPARE(trace->spanCount(), size_t(13020));
        CallTreeModel m;
        QAbstractItemModelTester tester(&m);
        m.setTrace(trace);
        QCOMPARE(m.rowCount(), 20 + 500);
        m.expandAll();
        QCOMPARE(m.rowCount(), 13020);
        m.collapseAll();
        QCOMPARE(m.rowCount(), 20);
    }

    void deepChainNoRecursion()
    {
        // 100,000 nested spans: every operation must be iterative.
        const int n = 100000;
        std::string json = "{\"info\":{\"name\":\"total\",\"started\":0,\"finished\":"
            + std::to_string(n + 1) + "},\"children\":[";
        for (int i = 0; i < n; ++i)
            json += "{\"info\":{\"name\":\"n\",\"project\":\"p\",\"service\":\"s\",\"host\":"
                    "\"h\",\"started\":"
                + std::to_string(i) + ",\"finished\":" + std::to_string(2 * n - i)
                + ",\"exception\":\"None\"},\"trace_id\":\"t" + std::to_string(i)
                + "\",\"parent_id\":\"p\",\"children\":[";
        for (int i = 0; i < n; ++i)
            json += "]}";
        json += "]}";
        const TracePtr trace = load(json);
        QVERIFY(trace);
        QCOMPARE(trace->spanCount(), size_t(n));
        CallTreeModel m;
        m.setTrace(trace);
        QCOMPARE(m.rowCount(), 2); // beyond ExpandAllLimit: the top two levels
        m.expandAll();
        QCOMPARE(m.rowCount(), n);
        QCOMPARE(m.index(n - 1, 0).data(Role::DepthRole).toInt(), n - 1);
        m.collapseAll();
        QCOMPARE(m.rowCount(), 1);
        // The whole collapsed path opens as one insertion, not one per level (quadratic).
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QCOMPARE(m.rowOfSpan(SpanIndex(n - 1)), n - 1);
        QCOMPARE(inserted.count(), 1);
        m.collapseSubtree(0);
        QCOMPARE(m.rowCount(), 1);
        m.expandSubtree(0);
        QCOMPARE(m.rowCount(), n);
        applyFilter(m, QStringLiteral("^n$"));
        QCOMPARE(m.rowCount(), n);
        SearchQuery q;
        q.text = QStringLiteral("x");
        q.regex = true;
        const SearchResult r = searchTrace(*trace, q);
        QCOMPARE(r.matchCount(), size_t(0));
    }

    void fixtureReport()
    {
        const QString path = QStringLiteral(OSP_TEST_DATA "/small-report.json");
        QVERIFY2(
            QFile::exists(path), "tests/data/small-report.json is missing: the checkout is broken");
        const LoadResult r = loadTraceFile(path);
        QVERIFY(r.ok());
        CallTreeModel m;
        QAbstractItemModelTester tester(&m);
        m.setTrace(r.value());
        QCOMPARE(size_t(m.rowCount()), r.value()->spanCount());
        int errors = 0;
        for (int row = 0; row < m.rowCount(); ++row)
            errors += m.index(row, 0).data(Role::IsErrorRole).toBool();
        QCOMPARE(size_t(errors), r.value()->errorCount());
        applyFilter(m, QStringLiteral("neutron"));
        QVERIFY(m.rowCount() >= 1);
        QVERIFY(m.rowCount() < int(r.value()->spanCount()));
    }

    void session()
    {
        TraceSession s(smallTrace());
        QCOMPARE(s.fromUs(), 0);
        QCOMPARE(s.toUs(), s.trace()->endUs());
        QVERIFY(!s.isZoomed());
        QSignalSpy sel(&s, &TraceSession::selectionChanged);
        QSignalSpy range(&s, &TraceSession::rangeChanged);
        s.setCurrentSpan(3);
        s.setCurrentSpan(3);
        QCOMPARE(sel.count(), 1);
        QCOMPARE(s.currentSpan(), SpanIndex(3));
        s.setCurrentSpan(999);
        QCOMPARE(s.currentSpan(), NoSpan);
        s.setRange(20000, 60000);
        QCOMPARE(range.count(), 1);
        QVERIFY(s.isZoomed());
        s.setRange(-5, 1'000'000'000);
        QCOMPARE(s.fromUs(), 0);
        QCOMPARE(s.toUs(), s.trace()->endUs());
        s.setRange(500, 100); // reversed: widened to 1 µs
        QCOMPARE(s.toUs(), 501);
        s.resetRange();
        QVERIFY(!s.isZoomed());
    }

    void timeTicksAreNice()
    {
        const auto ticks = timeTicks(0, 1'099'000, 400);
        QVERIFY(ticks.size() >= 3);
        QVERIFY(ticks.size() <= 7);
        QCOMPARE(ticks.front().us, 0);
        QCOMPARE(ticks.front().label, QStringLiteral("0"));
        const int64_t step = ticks[1].us - ticks[0].us;
        QVERIFY(step == 100000 || step == 200000 || step == 500000);
        QCOMPARE(formatTickLabel(200000, 200000), QStringLiteral("200 ms"));
        QCOMPARE(formatTickLabel(1500000, 500000), QStringLiteral("1.5 s"));
        QCOMPARE(formatTickLabel(250, 50), QStringLiteral("250 µs"));
        QCOMPARE(formatTickLabel(1200, 100), QStringLiteral("1.2 ms"));
        QVERIFY(timeTicks(10, 10, 400).empty());
        const auto zoomed = timeTicks(20000, 21000, 500);
        QVERIFY(!zoomed.empty());
        QVERIFY(zoomed.front().us >= 20000);
    }
};

QTEST_GUILESS_MAIN(TestCallTreeModel)
#include "tst_calltreemodel.moc"
