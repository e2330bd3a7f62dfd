// analyses on hand-made traces with known answers, and on the shared real traces.
#include "analysis/clockskew.h"
#include "analysis/criticalpath.h"
#include "analysis/errorlist.h"
#include "analysis/repeatedwork.h"
#include "analysis/search.h"
#include "analysis/sortorder.h"
#include "analysis/sqlnormalizer.h"
#include "analysis/statistics.h"
#include "analysis/topspans.h"
#include "analysisfixture.h"
#include "formats/traceloader.h"
#include "testutil.h"

#include <QTest>

#include <algorithm>
#include <numeric>
#include <random>

using namespace Osp;
using OspTest::FixtureSpan;
using OspTest::fixtureTrace;

namespace {

constexpr int64_t Ms = 1000;

const StatsRow *row(const Statistics &st, std::string_view key)
{
    for (const StatsRow &r : st.rows) {
        if (r.key == key)
            return &r;
    }
    return nullptr;
}

const CriticalStep *step(const CriticalPath &cp, SpanIndex i)
{
    for (const CriticalStep &s : cp.steps) {
        if (s.span == i)
            return &s;
    }
    return nullptr;
}

int64_t pathTime(const CriticalPath &cp)
{
    int64_t sum = cp.gapUs;
    for (const CriticalStep &s : cp.steps)
        sum += s.attributedUs;
    return sum;
}

TracePtr loadShared(const char *name)
{
    const QString dir = OspTest::sharedTraces();
    if (dir.isEmpty())
        return {};
    LoadResult r = loadTraceFile(dir + QStringLiteral("/real/") + QLatin1String(name));
    return r.ok() ? r.value() : TracePtr();
}

const char *const NeutronPerf
    = "neutron-perf__iterations-80-concurrency-20-osprofiler-iteration-37.json";

} // namespace

class TestAnalysis : public QObject
{
    Q_OBJECT

private slots:
    void selfTimeWithOverlappingChildren()
    {
        // Children overlap ([10,40] and [30,60]) and one outlives the parent ([90,120]):
        // self = 100 - |[10,60] ∪ [90,100]| = 40.
        const TracePtr t = fixtureTrace({ { -1, "wsgi", 0, 100 }, { 0, "db", 10, 40 },
            { 0, "db", 30, 60 }, { 0, "rpc", 90, 120 } });
        QVERIFY(t);
        QCOMPARE(t->span(0).selfUs, 40 * Ms);
        const Statistics st = computeStatistics(*t, GroupBy::Type);
        QCOMPARE(row(st, "wsgi")->selfTotalUs, 40 * Ms);
        QCOMPARE(row(st, "db")->selfTotalUs, 60 * Ms);
    }

    void statisticsPercentilesAndUnfinished()
    {
        const TracePtr t = fixtureTrace({ { -1, "wsgi", 0, 300 }, { 0, "db", 10, 40 }, // 30
            { 0, "db", 50, 60 }, // 10
            { 0, "db", 70, 110 }, // 40
            { 0, "db", 120, 140 }, // 20
            { 0, "db", 150, 250 }, // 100
            { 0, "db", 260, -1 } }); // unfinished
        QVERIFY(t);
        const Statistics st = computeStatistics(*t, GroupBy::Type);
        const StatsRow *db = row(st, "db");
        QVERIFY(db);
        QCOMPARE(db->count, size_t(6));
        QCOMPARE(db->unfinished, size_t(1));
        QCOMPARE(db->totalUs, 200 * Ms);
        QCOMPARE(db->averageUs, 40 * Ms);
        QCOMPARE(db->medianUs, 30 * Ms);
        // Linear interpolation: position 0.95 * 4 = 3.8 between 40 and 100.
        QCOMPARE(db->p95Us, 88 * Ms);
        QCOMPARE(db->maxUs, 100 * Ms);
        QCOMPARE(db->spans.size(), size_t(6));
        QCOMPARE(st.rows.front().key, std::string("wsgi")); // heaviest total first
        QCOMPARE(percentileOfSorted({ 5 }, 0.95), int64_t(5));
        QCOMPARE(percentileOfSorted({ 10, 20 }, 0.5), int64_t(15));
    }

    void statisticsShareDoesNotDoubleCountNesting()
    {
        // f nested in f: OSProfiler's stats count 50 + 10; the share counts the union, 50.
        const TracePtr t
            = fixtureTrace({ { -1, "f", 0, 50 }, { 0, "f", 10, 20 }, { -1, "g", 60, 100 } });
        QVERIFY(t);
        const Statistics st = computeStatistics(*t, GroupBy::Type);
        QCOMPARE(row(st, "f")->totalUs, 60 * Ms);
        QCOMPARE(row(st, "f")->coveredUs, 50 * Ms);
        QCOMPARE(row(st, "f")->share, 0.5);
        QCOMPARE(row(st, "g")->share, 0.4);
    }

    void statisticsShareWithParallelSubtrees()
    {
        // Parallel subtrees put the x spans out of start order (three runs: 6 40 | 30 | 25).
        const TracePtr t = fixtureTrace({ { -1, "A", 0, 100 }, { 0, "D", 5, 8 }, { 1, "x", 6, 7 },
            { 0, "B", 10, 50 }, { 3, "x", 40, 45 }, { 0, "E", 12, 60 }, { 5, "x", 30, 32 },
            { 0, "C", 20, 35 }, { 7, "x", 25, 31 } });
        QVERIFY(t);
        const Statistics st = computeStatistics(*t, GroupBy::Type);
        QCOMPARE(row(st, "x")->coveredUs, 13 * Ms); // [6,7] + [25,32] + [40,45]
        QCOMPARE(row(st, "x")->totalUs, 14 * Ms);
    }

    void statisticsGroupings()
    {
        const TracePtr t = fixtureTrace(
            { { -1, "wsgi", 0, 100, "h1", "api" }, { 0, "rpc", 10, 50, "h2", "conductor" },
                { 1, "db", 20, 30, "h2", "conductor" }, { 0, "db", 60, 70, "h1", "api" } });
        QVERIFY(t);
        const Statistics byService = computeStatistics(*t, GroupBy::Service);
        QCOMPARE(byService.rows.size(), size_t(2));
        QCOMPARE(row(byService, "conductor")->count, size_t(2));
        const Statistics byHost = computeStatistics(*t, GroupBy::Host);
        QCOMPARE(row(byHost, "h1")->totalUs, 110 * Ms);
        const Statistics byProject = computeStatistics(*t, GroupBy::Project);
        QCOMPARE(byProject.rows.size(), size_t(1));
        const Statistics byPath = computeStatistics(*t, GroupBy::Path);
        QVERIFY(row(byPath, "wsgi > rpc > db"));
        QVERIFY(row(byPath, "wsgi > db"));
        QCOMPARE(row(byPath, "wsgi > db")->spans, std::vector<SpanIndex> { 3 });

        std::vector<StatsRow> rows = byPath.rows;
        sortStatsRows(rows, StatsColumn::Key, false);
        QCOMPARE(rows.front().key, std::string("wsgi"));
    }

    void topSpans()
    {
        const TracePtr t = fixtureTrace({ { -1, "wsgi", 0, 100 }, { 0, "a", 10, 60 },
            { 1, "b", 20, 30 }, { 0, "c", 70, -1 }, // unfinished: left out
            { 0, "d", 80, 95 } });
        QVERIFY(t);
        const TopSpans top = computeTopSpans(*t, 3);
        QCOMPARE(top.byDuration, (std::vector<SpanIndex> { 0, 1, 4 }));
        // Self: wsgi 100 - 50 - 15 - 0 = 35, a 40, d 15, b 10.
        QCOMPARE(top.bySelf, (std::vector<SpanIndex> { 1, 0, 4 }));
        QCOMPARE(Osp::topSpans(*t, 0, TopBy::Duration).size(), size_t(0));
        QCOMPARE(Osp::topSpans(*t, 100, TopBy::Duration).size(), size_t(4));
    }

    void sortOrderKeepsTheTree()
    {
        const TracePtr t
            = fixtureTrace({ { -1, "zeta", 0, 100 }, { 0, "b", 10, 20 }, { 0, "A", 30, 80 },
                { 2, "x", 40, 50 }, { 0, "c", 85, 90 }, { -1, "alpha", 110, 120 } });
        QVERIFY(t);
        const SortOrder byDuration = SortOrder::compute(*t, SortKey::Duration, true);
        QVERIFY(byDuration.isValid());
        // Children of 0 by duration: A (50), b (10), c (5); the tree stays whole.
        QCOMPARE(byDuration.preorder(), (std::vector<SpanIndex> { 0, 2, 3, 1, 4, 5 }));

        const SortOrder byName = SortOrder::compute(*t, SortKey::Name, false);
        // alpha before zeta; under zeta case-insensitive: A (with x), b, c.
        QCOMPARE(byName.preorder(), (std::vector<SpanIndex> { 5, 0, 2, 3, 1, 4 }));

        const SortOrder byStartDesc = SortOrder::compute(*t, SortKey::Start, true);
        QCOMPARE(byStartDesc.preorder(), (std::vector<SpanIndex> { 5, 0, 4, 2, 3, 1 }));
        const SortOrder bySelf = SortOrder::compute(*t, SortKey::SelfTime, false);
        QCOMPARE(bySelf.preorder().size(), t->spanCount());

        // A bigger tree: every order is a pre-order of the same tree (each span followed by
        // exactly its subtree) with siblings in key order.
        std::vector<FixtureSpan> shape { { -1, "root", 0, 100000 } };
        std::mt19937 rng(7);
        const char *names[] = { "db", "rpc", "wsgi", "Cache", "http" };
        for (int i = 1; i < 2000; ++i) {
            const FixtureSpan &p = shape[rng() % shape.size()];
            const int parent = int(&p - shape.data());
            const int room = std::max(1, p.endMs - p.startMs);
            const int start = p.startMs + int(rng() % uint32_t(room));
            const int end = start + int(rng() % uint32_t(p.endMs - start + 1));
            shape.push_back({ parent, names[rng() % 5], start, end });
        }
        const TracePtr big = fixtureTrace(shape);
        QVERIFY(big && big->spanCount() == shape.size());
        for (SortKey key : { SortKey::Start, SortKey::Duration, SortKey::SelfTime, SortKey::Name })
            for (bool desc : { false, true }) {
                const SortOrder o = SortOrder::compute(*big, key, desc);
                const auto &pre = o.preorder();
                QCOMPARE(pre.size(), big->spanCount());
                std::vector<uint32_t> pos(pre.size(), UINT32_MAX);
                for (uint32_t p = 0; p < pre.size(); ++p) {
                    QVERIFY(pre[p] < pos.size() && pos[pre[p]] == UINT32_MAX);
                    pos[pre[p]] = p;
                }
                for (SpanIndex i = 0; i < big->spanCount(); ++i) {
                    const SpanIndex parent = big->span(i).parent;
                    if (parent != NoSpan) {
                        QVERIFY(pos[i] > pos[parent]);
                        QVERIFY(pos[i] < pos[parent] + big->span(parent).subtreeSize);
                    }
                }
                if (key == SortKey::Duration)
                    for (SpanIndex p = 0; p < big->spanCount(); ++p) {
                        int64_t previous = desc ? INT64_MAX : INT64_MIN;
                        std::vector<SpanIndex> kids(
                            big->children(p).begin(), big->children(p).end());
                        std::sort(kids.begin(), kids.end(),
                            [&](SpanIndex a, SpanIndex b) { return pos[a] < pos[b]; });
                        for (SpanIndex c : kids) {
                            const int64_t d = big->span(c).durationUs();
                            QVERIFY(desc ? d <= previous : d >= previous);
                            previous = d;
                        }
                    }
            }

        std::atomic<bool> cancel { true };
        QVERIFY(!SortOrder::compute(*t, SortKey::Name, false, &cancel).isValid());
    }

    void criticalPathWithAsyncChildren()
    {
        // wsgi casts an rpc whose worker outlives everything: the trace ends in the worker.
        const TracePtr t = fixtureTrace({ { -1, "wsgi", 0, 100, "h1" }, { 0, "db", 10, 30, "h1" },
            { 0, "rpc", 40, 50, "h1" }, { 2, "worker", 60, 200, "h2", "conductor" },
            { 3, "db", 70, 150, "h2", "conductor" }, { 0, "db", 80, 95, "h1" } });
        QVERIFY(t);
        const CriticalPath cp = CriticalPath::compute(*t);
        QCOMPARE(cp.endUs, 200 * Ms);
        QCOMPARE(cp.last, SpanIndex(3));
        QCOMPARE(cp.steps.size(), size_t(5));
        QVERIFY(!step(cp, 5)); // ran while wsgi waited for nothing on the path
        QCOMPARE(step(cp, 3)->attributedUs, 60 * Ms);
        QCOMPARE(step(cp, 4)->attributedUs, 80 * Ms);
        QCOMPARE(step(cp, 2)->attributedUs, 10 * Ms);
        QCOMPARE(step(cp, 1)->attributedUs, 20 * Ms);
        QCOMPARE(step(cp, 0)->attributedUs, 20 * Ms);
        QCOMPARE(cp.gapUs, 10 * Ms); // the cast waited in the queue from 50 to 60
        QCOMPARE(pathTime(cp), cp.totalUs);
        QCOMPARE(cp.onPath, (std::vector<uint8_t> { 1, 1, 1, 1, 1, 0 }));
        QCOMPARE(cp.byService.front().key, std::string("conductor"));
        QCOMPARE(cp.byService.front().us, 140 * Ms);
        QCOMPARE(cp.byService.front().share, 0.7);
        QCOMPARE(cp.byHost.front().key, std::string("h2"));

        // Until the request answered: the worker is out, the last db is in.
        const CriticalPath answered = CriticalPath::compute(*t, CriticalPathEnd::RootAnswered);
        QCOMPARE(answered.endUs, 100 * Ms);
        QVERIFY(!step(answered, 3));
        QCOMPARE(step(answered, 5)->attributedUs, 15 * Ms);
        QCOMPARE(step(answered, 0)->attributedUs, 55 * Ms);
        QCOMPARE(pathTime(answered), answered.totalUs);
    }

    void criticalPathParallelChildren()
    {
        const TracePtr t = fixtureTrace({ { -1, "wsgi", 0, 100 }, { 0, "rpc", 10, 60 },
            { 0, "rpc", 10, 80 }, { 0, "rpc", 10, 50 } });
        QVERIFY(t);
        const CriticalPath cp = CriticalPath::compute(*t);
        QCOMPARE(cp.steps.size(), size_t(2));
        QVERIFY(step(cp, 0) && step(cp, 0)->attributedUs == 30 * Ms);
        const SpanIndex slowest
            = std::find_if(cp.steps.begin(), cp.steps.end(), [](const CriticalStep &s) {
                  return s.span != 0;
              })->span;
        QCOMPARE(t->span(slowest).durationUs(), 70 * Ms);
    }

    void criticalPathWithUnfinishedSpan()
    {
        // The rpc never stopped; its effective end is its child's end, which ends the trace.
        const TracePtr t = fixtureTrace({ { -1, "wsgi", 0, 100 }, { 0, "rpc", 20, -1 },
            { 1, "driver", 30, 150, "h2" }, { 0, "db", 40, 60 } });
        QVERIFY(t);
        QVERIFY(t->span(1).has(NoStopEvent));
        QCOMPARE(t->span(1).endUs, 150 * Ms);
        const CriticalPath cp = CriticalPath::compute(*t);
        QCOMPARE(cp.endUs, 150 * Ms);
        QVERIFY(step(cp, 1) && step(cp, 2) && step(cp, 0));
        QVERIFY(!step(cp, 3));
        QCOMPARE(step(cp, 2)->attributedUs, 120 * Ms);
        QCOMPARE(step(cp, 1)->attributedUs, 10 * Ms);
        QCOMPARE(step(cp, 0)->attributedUs, 20 * Ms);
        QCOMPARE(pathTime(cp), cp.totalUs);

        // An unfinished leaf has no length; the path goes past it without looping.
        const TracePtr leaf = fixtureTrace({ { -1, "wsgi", 0, 100 }, { 0, "rpc", 100, -1 } });
        QVERIFY(leaf);
        const CriticalPath cp2 = CriticalPath::compute(*leaf);
        QCOMPARE(cp2.steps.size(), size_t(2));
        QCOMPARE(pathTime(cp2), 100 * Ms);
    }

    void clockSkew()
    {
        const TracePtr t = fixtureTrace(
            { { -1, "wsgi", 100, 200, "h1" }, { 0, "rpc", 80, 150, "h2" }, // starts 20 ms early
                { 0, "rpc", 90, 140, "h2" }, // starts 10 ms early
                { 0, "db", 120, 180, "h3" }, // fits
                { 0, "db", 125, 190, "h1" } }); // same host: never flagged
        QVERIFY(t);
        const ClockSkew cs = ClockSkew::compute(*t);
        QCOMPARE(cs.spans.size(), size_t(2));
        QCOMPARE(cs.spans[0].span, SpanIndex(1));
        QCOMPARE(cs.spans[0].startsBeforeUs, 20 * Ms);
        QCOMPARE(cs.spans[1].startsBeforeUs, 10 * Ms);
        QCOMPARE(t->view(cs.reference), std::string_view("h1"));
        // h2 runs behind h1: its calls start at least 20 ms early (start constraints), and as
        // synchronous calls they end at most 50 ms early: the interval is [-50, -20] ms.
        QCOMPARE(cs.hosts.size(), size_t(1));
        const HostOffset &h2 = cs.hosts.front();
        QCOMPARE(t->view(h2.host), std::string_view("h2"));
        QCOMPARE(h2.minUs, -50 * Ms);
        QCOMPARE(h2.maxUs, -20 * Ms);
        QCOMPARE(h2.offsetUs, -35 * Ms);
        QVERIFY(h2.consistent);
        QCOMPARE(h2.pairs, size_t(2));
        // h3's call fits inside its parent: h3 is not reported.

        // A child that outlives its parent by less than it started after it: a synchronous
        // call on a clock that runs ahead (an async one would have to be shorter than its
        // caller and end after it). Reported as such.
        const TracePtr late
            = fixtureTrace({ { -1, "wsgi", 0, 100, "h1" }, { 0, "rpc", 50, 130, "h2" } });
        const ClockSkew cs2 = ClockSkew::compute(*late);
        QCOMPARE(cs2.spans.size(), size_t(1));
        QCOMPARE(cs2.spans[0].endsAfterUs, 30 * Ms);
        QCOMPARE(cs2.hosts.front().minUs, 30 * Ms);
        QCOMPARE(cs2.hosts.front().maxUs, 50 * Ms);

        // A cast that starts right away and outlives its caller: no skew, nothing flagged.
        const TracePtr cast = fixtureTrace({ { -1, "wsgi", 0, 100, "h1" },
            { 0, "rpc", 10, 40, "h2" }, { 0, "rpc", 20, 300, "h2" } });
        const ClockSkew cs3 = ClockSkew::compute(*cast);
        QVERIFY(!cs3.any());
        QVERIFY(cs3.spans.empty());
    }

    void errors()
    {
        const LoadResult r = loadTraceFile(OspTest::dataFile("small-report.json"));
        QVERIFY(r.ok());
        const Trace &t = *r.value();
        const ErrorList el = ErrorList::compute(t);
        QCOMPARE(el.errorCount, size_t(1));
        QCOMPARE(el.unfinishedCount, size_t(1));
        QCOMPARE(el.noStartCount, size_t(1));
        QCOMPARE(el.entries.size(), size_t(3));
        const ErrorEntry &e = el.entries.front();
        QCOMPARE(e.kind, ErrorEntry::Error);
        QCOMPARE(t.view(e.type), std::string_view("ValueError"));
        QCOMPARE(t.view(e.message), std::string_view("bad value for flavor"));
        // The path from the root to the error is marked.
        QVERIFY(el.onPath[t.span(e.span).parent]);
        QVERIFY(el.onPath[e.span]);
        QVERIFY(!el.onPath[0]);
        // Next/previous wrap around in pre-order.
        QCOMPARE(el.next(NoSpan), 0);
        QCOMPARE(el.next(e.span), 1);
        QCOMPARE(el.next(el.entries.back().span), 0);
        QCOMPARE(el.previous(e.span), 2);
    }

    void sqlNormalisationRules_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *name, const char *in, const char *out) {
            QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out);
        };
        row("string literal", "SELECT a FROM t WHERE b = 'it''s' AND c = 'x\\'y'",
            "SELECT a FROM t WHERE b = ? AND c = ?");
        row("number literals", "SELECT a FROM t WHERE id = 42 AND f = 3.5e2 AND h = 0x1F LIMIT 10",
            "SELECT a FROM t WHERE id = ? AND f = ? AND h = ? LIMIT ?");
        row("signed number", "SELECT a FROM t WHERE b = -5 AND c = d-1",
            "SELECT a FROM t WHERE b = ? AND c = d-?");
        row("identifiers with digits kept", "SELECT t1.col2 FROM tab3 AS t1",
            "SELECT t1.col2 FROM tab3 AS t1");
        row("pyformat placeholder", "SELECT a FROM t WHERE b = %(b_1)s",
            "SELECT a FROM t WHERE b = ?");
        row("format placeholder", "SELECT a FROM t WHERE b = %s", "SELECT a FROM t WHERE b = ?");
        row("qmark placeholder", "SELECT a FROM t WHERE b = ?", "SELECT a FROM t WHERE b = ?");
        row("numeric placeholder", "SELECT a FROM t WHERE b = $1 AND c = $12",
            "SELECT a FROM t WHERE b = ? AND c = ?");
        row("named placeholder", "SELECT a FROM t WHERE b = :b_1", "SELECT a FROM t WHERE b = ?");
        row("postgres cast kept", "SELECT a::int FROM t", "SELECT a::int FROM t");
        row("in list", "SELECT a FROM t WHERE id IN (1, 2, 3)", "SELECT a FROM t WHERE id IN (?)");
        row("in list of placeholders", "SELECT a FROM t WHERE id IN (%(id_1)s, %(id_2)s)",
            "SELECT a FROM t WHERE id IN (?)");
        row("in list of tuples", "SELECT a FROM t WHERE (x, y) IN ((1, 2), (3, 4))",
            "SELECT a FROM t WHERE (x, y) IN (?)");
        row("expanding in", "SELECT a FROM t WHERE id IN (__[POSTCOMPILE_id_1])",
            "SELECT a FROM t WHERE id IN (?)");
        row("subquery in kept", "SELECT a FROM t WHERE id IN (SELECT b FROM u)",
            "SELECT a FROM t WHERE id IN (SELECT b FROM u)");
        row("whitespace", "SELECT\n  a ,b\t FROM   t WHERE ( c = 1 )",
            "SELECT a, b FROM t WHERE (c = ?)");
        row("keyword case", "select a from t where b is not null order by a desc",
            "SELECT a FROM t WHERE b IS NOT NULL ORDER BY a DESC");
        row("quoted identifiers kept", "SELECT \"Mixed\", `q` FROM t",
            "SELECT \"Mixed\", `q` FROM t");
    }

    void sqlNormalisationRules()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const std::string in = input.toStdString();
        QCOMPARE(QString::fromStdString(SqlNormalizer::normalize(in)), expected);
        // Idempotent: a normalised statement is its own shape.
        QCOMPARE(
            QString::fromStdString(SqlNormalizer::normalize(expected.toStdString())), expected);
    }

    void sqlSameShape()
    {
        QCOMPARE(SqlNormalizer::normalize(
                     "SELECT ports.id FROM ports\nWHERE ports.network_id = %(network_id_1)s"),
            SqlNormalizer::normalize("select ports.id from ports where ports.network_id = 'abc'"));
        QVERIFY(SqlNormalizer::looksLikeSql("SELECT 1"));
        QVERIFY(SqlNormalizer::looksLikeSql("  (select a from t) union (select b from u)"));
        QVERIFY(SqlNormalizer::looksLikeSql("insert into t values (1)"));
        QVERIFY(!SqlNormalizer::looksLikeSql("GET /v3"));
        QVERIFY(!SqlNormalizer::looksLikeSql("nova.api.validate"));
        QVERIFY(!SqlNormalizer::looksLikeSql(""));
    }

    void repeatedWork()
    {
        const TracePtr t = fixtureTrace({ { -1, "wsgi", 0, 100 },
            { 0, "db", 10, 20, "h1", "svc", "SELECT a FROM t WHERE id = 1" },
            { 0, "db", 20, 35, "h1", "svc", "select a from t where id = 2" },
            { 0, "db", 40, 45, "h1", "svc", "SELECT a FROM t WHERE id = %(id)s" },
            { 0, "db", 50, 60, "h1", "svc", "SELECT b FROM u" },
            { 0, "other", 60, 70, "h1", "svc", "UPDATE t SET a = 1" },
            { -1, "db", 110, 120, "h1", "svc", "SELECT a FROM t WHERE id = 3" } });
        QVERIFY(t);
        QCOMPARE(t->view(t->details(1).summary), std::string_view("SELECT a FROM t WHERE id = 1"));
        QVERIFY(RepeatedWork::isSqlSpan(*t, 5)); // not named db, but its summary is SQL
        const RepeatedWork rw = RepeatedWork::compute(*t);
        QCOMPARE(rw.sqlSpans, size_t(6));
        QCOMPARE(rw.groups.size(), size_t(1)); // per parent: the top-level SELECT is alone
        const RepeatedGroup &g = rw.groups.front();
        QCOMPARE(g.parent, SpanIndex(0));
        QCOMPARE(g.count, size_t(3));
        QCOMPARE(g.totalUs, 30 * Ms);
        QCOMPARE(g.statement, std::string("SELECT a FROM t WHERE id = ?"));
        QCOMPARE(g.spans, (std::vector<SpanIndex> { 1, 2, 3 }));
        QCOMPARE(RepeatedWork::compute(*t, 1).groups.size(), size_t(4)); // 3 under wsgi, 1 on top
    }

    void search()
    {
        const LoadResult r = loadTraceFile(OspTest::dataFile("small-report.json"));
        QVERIFY(r.ok());
        const Trace &t = *r.value();
        SearchQuery q;
        q.text = QStringLiteral("LIBVIRT"); // in the driver's function name only
        SearchResult res = searchTrace(t, q);
        QCOMPARE(res.matchCount(), size_t(1));
        const SpanIndex driver = res.matchList.front();
        QCOMPARE(t.view(t.span(driver).name), std::string_view("driver"));
        // Ancestors stay visible, unrelated spans do not.
        for (SpanIndex p = driver; p != NoSpan; p = t.span(p).parent)
            QVERIFY(res.visible[p]);
        QVERIFY(!res.visible[0]);
        q.payload = false;
        QCOMPARE(searchTrace(t, q).matchCount(), size_t(0));

        q = {};
        q.text = QStringLiteral("ports\\.network_id\\s*=");
        q.regex = true;
        QCOMPARE(searchTrace(t, q).matchCount(), size_t(1)); // SQL text
        q.text = QStringLiteral("(");
        QVERIFY(!searchTrace(t, q).error.isEmpty());

        q = {};
        q.text = QStringLiteral("CTL-01"); // host, case-insensitive
        res = searchTrace(t, q);
        QCOMPARE(res.matchCount(), size_t(6));
        q.service = QStringLiteral("osapi_compute");
        QCOMPARE(searchTrace(t, q).matchCount(), size_t(3));
        q.type = QStringLiteral("db");
        QCOMPARE(searchTrace(t, q).matchCount(), size_t(1));
        q.type = QStringLiteral("nope");
        QCOMPARE(searchTrace(t, q).matchCount(), size_t(0));

        q = {};
        q.errorsOnly = true;
        QCOMPARE(searchTrace(t, q).matchCount(), size_t(1));
        q = {};
        q.minDurationUs = 50 * Ms;
        res = searchTrace(t, q);
        QCOMPARE(res.matchCount(), size_t(3)); // wsgi 84.9, rpc (effective) 80, driver 70
        q.minSelfUs = 20 * Ms;
        QCOMPARE(searchTrace(t, q).matchCount(), size_t(1));
        q = {};
        q.host = QStringLiteral("cmp-07");
        QCOMPARE(searchTrace(t, q).matchCount(), size_t(1));

        // Next/previous wrap around.
        q = {};
        q.text = QStringLiteral("wsgi");
        res = searchTrace(t, q);
        QCOMPARE(res.matchCount(), size_t(2));
        QCOMPARE(res.next(NoSpan), res.matchList[0]);
        QCOMPARE(res.next(res.matchList[0]), res.matchList[1]);
        QCOMPARE(res.next(res.matchList[1]), res.matchList[0]);
        QCOMPARE(res.previous(res.matchList[0]), res.matchList[1]);
        QCOMPARE(res.previous(res.matchList[1] + 1), res.matchList[1]);
    }

    void cancellation()
    {
        const LoadResult r = loadTraceFile(OspTest::dataFile("small-report.json"));
        std::atomic<bool> cancel { true };
        QVERIFY(computeStatistics(*r.value(), GroupBy::Path, &cancel).cancelled);
        QVERIFY(CriticalPath::compute(*r.value(), CriticalPathEnd::TraceEnd, &cancel).cancelled);
        QVERIFY(searchTrace(*r.value(), {}, &cancel).cancelled);
        QVERIFY(ErrorList::compute(*r.value(), &cancel).cancelled);
        QVERIFY(RepeatedWork::compute(*r.value(), 2, &cancel).cancelled);
    }

    void realNeutronPerf()
    {
        const TracePtr t = loadShared(NeutronPerf);
        if (!t)
            QSKIP("../shared/traces not present");
        QCOMPARE(t->spanCount(), size_t(1018));
        const Statistics st = computeStatistics(*t, GroupBy::Type);
        QCOMPARE(row(st, "neutron.db")->count, size_t(988));
        QVERIFY(row(st, "wsgi")->share <= 1.0);
        QVERIFY(row(st, "wsgi")->totalUs > st.traceUs); // nested wsgi: totals double count
        for (const StatsRow &r : st.rows) {
            QVERIFY(r.medianUs <= r.p95Us && r.p95Us <= r.maxUs);
            QVERIFY(r.share >= 0 && r.share <= 1.0);
        }

        const RepeatedWork rw = RepeatedWork::compute(*t);
        QVERIFY(rw.sqlSpans >= 988);
        size_t neutronDb = 0;
        for (const RepeatedGroup &g : rw.groups) {
            QVERIFY(g.count >= 2);
            QCOMPARE(g.spans.size(), g.count);
            if (t->view(t->span(g.spans.front()).name) == "neutron.db")
                neutronDb += g.count;
        }
        QVERIFY2(neutronDb > 500, qPrintable(QString::number(neutronDb)));
        // "SELECT 1" pings: one group per parent with them all.
        QVERIFY(std::any_of(rw.groups.begin(), rw.groups.end(),
            [](const RepeatedGroup &g) { return g.statement == "SELECT ?"; }));

        const CriticalPath cp = CriticalPath::compute(*t);
        QCOMPARE(cp.endUs, t->endUs());
        QCOMPARE(pathTime(cp), cp.totalUs);
        QVERIFY(!cp.steps.empty());
        const CriticalPath answered = CriticalPath::compute(*t, CriticalPathEnd::RootAnswered);
        QVERIFY(answered.endUs <= cp.endUs);

        SearchQuery q;
        q.text = QStringLiteral("FROM subnets");
        q.type = QStringLiteral("neutron.db");
        const SearchResult res = searchTrace(*t, q);
        QVERIFY(res.matchCount() > 0);
        for (SpanIndex i : res.matchList)
            QCOMPARE(t->view(t->span(i).name), std::string_view("neutron.db"));

        const SortOrder order = SortOrder::compute(*t, SortKey::Duration, true);
        std::vector<SpanIndex> sorted = order.preorder();
        std::sort(sorted.begin(), sorted.end());
        std::vector<SpanIndex> all(t->spanCount());
        std::iota(all.begin(), all.end(), 0);
        QCOMPARE(sorted, all); // a permutation
    }

    void everyRealTrace()
    {
        const QString dir = OspTest::sharedTraces();
        if (dir.isEmpty())
            QSKIP("../shared/traces not present");
        const QStringList files
            = QDir(dir + QStringLiteral("/real")).entryList({ QStringLiteral("*.json") });
        QVERIFY(!files.isEmpty());
        for (const QString &f : files) {
            const LoadResult r = loadTraceFile(dir + QStringLiteral("/real/") + f);
            if (!r.ok())
                continue;
            const Trace &t = *r.value();
            const CriticalPath cp = CriticalPath::compute(t);
            // Without skew the path covers its whole length exactly (with skew, spans that
            // start before their parents overlap it).
            if (t.spanCount() > 0 && ClockSkew::compute(t).spans.empty())
                QVERIFY2(pathTime(cp) == cp.totalUs, qPrintable(f));
            const Statistics st = computeStatistics(t, GroupBy::Path);
            size_t counted = 0;
            for (const StatsRow &row : st.rows)
                counted += row.count;
            QCOMPARE(counted, t.spanCount());
            const ErrorList el = ErrorList::compute(t);
            QCOMPARE(el.errorCount, t.errorCount());
            QCOMPARE(el.unfinishedCount + el.noStartCount <= t.spanCount(), true);
        }
    }
};

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
