// two requests (and two groups of requests) aligned by call path, on hand-made pairs
// with known answers and on a pair recorded with the real OSProfiler library.
#include "analysis/sqlnormalizer.h"
#include "compare/comparison.h"
#include "compare/comparisonbuilder.h"
#include "compare/comparisonthreshold.h"
#include "compare/workkey.h"
#include "comparisonfixture.h"
#include "testutil.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Osp;
using namespace OspTest;

namespace {

constexpr int64_t Ms = 1000;

/// The row whose name and work key match, or NoRow.
uint32_t findRow(const Comparison &c, std::string_view name, std::string_view workPrefix = {})
{
    for (uint32_t i = 0; i < c.rows.size(); ++i) {
        if (c.view(c.rows[i].name) == name
            && c.view(c.rows[i].work).substr(0, workPrefix.size()) == workPrefix)
            return i;
    }
    return NoRow;
}

ComparisonThreshold rule(const char *text)
{
    std::string error;
    std::optional<ComparisonThreshold> t = ComparisonThreshold::parse(text, &error);
    if (!t)
        qFatal("%s", error.c_str());
    return *t;
}

bool pythonHasOsprofiler()
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"),
        { QStringLiteral("-c"), QStringLiteral("import osprofiler, sqlalchemy") });
    return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

class TestComparison : public QObject
{
    Q_OBJECT

private slots:
    void workKeys()
    {
        QCOMPARE(
            WorkKey::normalizePath("/v2.1/servers/6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c/action"),
            std::string("/v2.1/servers/{id}/action"));
        QCOMPARE(WorkKey::normalizePath("/v3/projects/9f3c0a1b2c3d4e5f60718293a4b5c6d7?x=1"),
            std::string("/v3/projects/{id}"));
        QCOMPARE(WorkKey::normalizePath("/v2/images/42/file"), std::string("/v2/images/{n}/file"));
        QCOMPARE(
            WorkKey::normalizePath("/v2/images/42/file", false), std::string("/v2/images/42/file"));
        QCOMPARE(WorkKey::normalizePath("/v2.1/servers/"), std::string("/v2.1/servers/"));
        // Neutron's format suffix (seen in real osp-utils traces); versions are not numbers.
        QCOMPARE(WorkKey::normalizePath("/v2.0/subnets/89c2b292-efff-4680-9e4e-2eac780de0cb.json"),
            std::string("/v2.0/subnets/{id}.json"));
        QCOMPARE(
            WorkKey::normalizePath("/v2.0/ports/42.json"), std::string("/v2.0/ports/{n}.json"));
        QCOMPARE(WorkKey::normalizePath("/api/1.5/x"), std::string("/api/1.5/x"));
        // HTTP DELETE is a request, not an SQL statement (both start with DELETE).
        QCOMPARE(WorkKey::fromSummary(
                     "DELETE /v2.0/networks/4f9a0b9d-3d53-4c1a-b9b6-0be225f931bb.json", false),
            std::string("DELETE /v2.0/networks/{id}.json"));
        // The wsgi summary: method + path, the query dropped.
        QCOMPARE(WorkKey::fromSummary(
                     "POST /v2.1/servers/6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c?a=b", false),
            std::string("POST /v2.1/servers/{id}"));
        // requests: method, origin (host and port kept: it names the service called), path.
        QCOMPARE(
            WorkKey::fromSummary(
                "GET http://glance:9292/v2/images/6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c", false),
            std::string("GET http://glance:9292/v2/images/{id}"));
        QCOMPARE(WorkKey::fromSummary("GET http://glance:9292?x", false),
            std::string("GET http://glance:9292"));
        // SQL through the shared normaliser, whatever the values.
        QCOMPARE(WorkKey::fromSummary("select * from t where id = 5", false),
            WorkKey::fromSummary("SELECT * FROM t WHERE id = 977", false));
        QCOMPARE(WorkKey::fromSummary("DELETE FROM t WHERE id = 5", false),
            std::string("DELETE FROM t WHERE id = ?"));
        // A db span's summary is a statement even without a keyword first.
        QCOMPARE(WorkKey::fromSummary("with x as (select 1) select 2", true),
            SqlNormalizer::normalize("with x as (select 1) select 2"));
        QCOMPARE(WorkKey::fromSummary("nova.compute.manager.ComputeManager.build", false),
            std::string("nova.compute.manager.ComputeManager.build"));
        QVERIFY(WorkKey::isDbSpanName("db"));
        QVERIFY(WorkKey::isDbSpanName("neutron.db"));
        QVERIFY(!WorkKey::isDbSpanName("dbx"));
    }

    void oneSpanSlower()
    {
        const TracePtr a = pairTrace(novaRequest(0));
        const TracePtr b = pairTrace(novaRequest(40));
        QVERIFY(a && b);
        const Comparison c = compareTraces(*a, *b);
        QVERIFY(!c.cancelled);
        QCOMPARE(c.rows.size(), a->spanCount()); // every span its own call path here
        const ComparisonRow &first = c.rows[c.impactOrder.front()];
        QCOMPARE(c.view(first.name), std::string_view("compute"));
        QCOMPARE(
            c.view(first.work), std::string_view("nova.virt.libvirt.driver.LibvirtDriver.spawn"));
        QCOMPARE(first.selfDeltaUs(), 40 * Ms);
        QCOMPARE(first.durationDeltaUs(), 40 * Ms);
        QCOMPARE(first.a.selfUs, 20 * Ms);
        QCOMPARE(*deltaPercent(first.a.selfUs, first.b.selfUs), 200.0);
        // The ancestors merely contain it: their duration grew, their self time did not.
        const uint32_t wsgi = findRow(c, "wsgi");
        QCOMPARE(c.rows[wsgi].durationDeltaUs(), 40 * Ms);
        QCOMPARE(c.rows[wsgi].selfDeltaUs(), 0);
        QCOMPARE(c.totalDeltaUs(), 40 * Ms);
        QCOMPARE(c.pathText(c.impactOrder.front()), std::string("wsgi > rpc > compute"));
        // Rows are the aligned tree in pre-order.
        QCOMPARE(c.rows[0].parent, NoRow);
        QCOMPARE(c.rows[0].subtreeSize, uint32_t(c.rows.size()));
        for (uint32_t i = 1; i < c.rows.size(); ++i) {
            QVERIFY(c.rows[i].parent < i);
            QCOMPARE(c.rows[i].depth, c.rows[c.rows[i].parent].depth + 1);
            QCOMPARE(c.rows[i].presence, Presence::Both);
        }
        // Each row points at a span of each side, for selecting it in both timelines.
        QCOMPARE(a->view(a->span(first.a.firstSpan).name), std::string_view("compute"));
        QCOMPARE(b->span(first.b.firstSpan).durationUs(), 60 * Ms);
    }

    void subtreeAdded()
    {
        const TracePtr a = pairTrace(novaRequest(0));
        const TracePtr b = pairTrace(novaRequest(0, 0, 0, true));
        const Comparison c = compareTraces(*a, *b);
        QCOMPARE(c.rows.size(), a->spanCount() + 2);
        const uint32_t api = findRow(c, "neutron_api");
        const uint32_t db = findRow(c, "neutron.db");
        QVERIFY(api != NoRow && db != NoRow);
        QCOMPARE(c.rows[api].presence, Presence::Added);
        QCOMPARE(c.rows[db].presence, Presence::Added);
        QCOMPARE(c.rows[db].parent, api);
        QCOMPARE(c.rows[api].a.count, 0);
        QCOMPARE(c.rows[api].b.count, 1);
        QCOMPARE(c.rows[api].a.firstSpan, NoSpan);
        QVERIFY(!deltaPercent(c.rows[api].a.durationUs, c.rows[api].b.durationUs)); // "new"
        QCOMPARE(
            c.view(c.rows[db].work), std::string_view("UPDATE ports SET host = ? WHERE id = ?"));
        // The other way round, the subtree is removed.
        const Comparison back = compareTraces(*b, *a);
        QCOMPARE(back.rows[findRow(back, "neutron_api")].presence, Presence::Removed);
        QCOMPARE(*deltaPercent(9 * Ms, 0), -100.0);
    }

    void repeatedStatementGrouped()
    {
        const TracePtr a = pairTrace(novaRequest(0, 0, 988));
        const TracePtr b = pairTrace(novaRequest(0, 0, 1012));
        const Comparison c = compareTraces(*a, *b);
        const uint32_t row = findRow(c, "db", "SELECT * FROM block_device_mapping");
        QVERIFY(row != NoRow);
        QCOMPARE(c.rows[row].a.count, 988);
        QCOMPARE(c.rows[row].b.count, 1012);
        QCOMPARE(c.rows[row].countDelta(), 24);
        QCOMPARE(c.rows.size(), size_t(7)); // 6 call paths + the grouped statement
        QCOMPARE(c.rows[row].parent, findRow(c, "wsgi"));
        QCOMPARE(rule("count>0").check(c).size(), size_t(1));
        QCOMPARE(rule("count>0").check(c).front().row, row);
        QCOMPARE(rule("count>24").check(c).size(), size_t(0));
        QCOMPARE(rule("count>2%").check(c).size(), size_t(1)); // +2.4 %
        QCOMPARE(rule("count>3%").check(c).size(), size_t(0));
    }

    void identicalTraces()
    {
        const std::vector<PairSpan> spans = novaRequest(0, 0, 5, true);
        const TracePtr a = pairTrace(spans);
        const TracePtr b = pairTrace(spans);
        const Comparison c = compareTraces(*a, *b);
        for (const ComparisonRow &r : c.rows) {
            QCOMPARE(r.countDelta(), 0);
            QCOMPARE(r.durationDeltaUs(), 0);
            QCOMPARE(r.selfDeltaUs(), 0);
            QCOMPARE(r.presence, Presence::Both);
            QCOMPARE(*deltaPercent(r.a.selfUs, r.b.selfUs), 0.0);
        }
        QCOMPARE(c.totalDeltaUs(), 0);
        for (const char *t : { "total>0%", "total>0us", "self>0us", "self>0%", "duration>0us",
                 "duration>0%", "count>0", "count>0%" })
            QVERIFY2(rule(t).check(c).empty(), t);
    }

    void differentHostsAndIds()
    {
        // Other hosts, server UUIDs, project ids, image ids, trace ids and query strings.
        const TracePtr a = pairTrace(novaRequest(0, 0));
        const TracePtr b = pairTrace(novaRequest(0, 3));
        QVERIFY(a->text(a->span(0).host) != b->text(b->span(0).host));
        QVERIFY(a->baseId() != b->baseId());
        const Comparison c = compareTraces(*a, *b);
        QCOMPARE(c.rows.size(), a->spanCount());
        for (const ComparisonRow &r : c.rows)
            QCOMPARE(r.presence, Presence::Both);
        QCOMPARE(c.view(c.rows[0].work), std::string_view("POST /v2.1/{id}/servers/{id}"));
        QVERIFY(findRow(c, "http", "GET http://glance:9292/v2/images/{id}") != NoRow);
        QVERIFY(findRow(c, "db", "SELECT * FROM quotas WHERE project_id = ?") != NoRow);
    }

    void thresholds()
    {
        const TracePtr a = pairTrace(novaRequest(0));
        const TracePtr b = pairTrace(novaRequest(40)); // spawn self +40 ms; total 100 -> 140 ms
        const Comparison c = compareTraces(*a, *b);
        QCOMPARE(rule("total>39%").check(c).size(), size_t(1));
        QCOMPARE(rule("total>40%").check(c).size(), size_t(0));
        QCOMPARE(rule("total>39ms").check(c).size(), size_t(1));
        QCOMPARE(rule("total>40ms").check(c).size(), size_t(0));
        QCOMPARE(rule("total>39999us").check(c).size(), size_t(1));
        QCOMPARE(rule("total>0.04s").check(c).size(), size_t(0));
        QCOMPARE(rule("total>0.039s").check(c).size(), size_t(1));
        const std::vector<ThresholdHit> self = rule("self>30ms").check(c);
        QCOMPARE(self.size(), size_t(1));
        QCOMPARE(c.view(c.rows[self.front().row].name), std::string_view("compute"));
        QVERIFY(self.front().description.find("wsgi > rpc > compute") != std::string::npos);
        QCOMPARE(rule("self>40ms").check(c).size(), size_t(0));
        QCOMPARE(rule("self>199%").check(c).size(), size_t(1));
        QCOMPARE(rule("self>200%").check(c).size(), size_t(0));
        // compute, rpc and wsgi grew by 40 ms each.
        QCOMPARE(rule("duration>39ms").check(c).size(), size_t(3));
        QCOMPARE(rule("duration > 40 ms").check(c).size(), size_t(0));
        QCOMPARE(rule("count>0").check(c).size(), size_t(0));
        // Faster is never a crossing.
        const Comparison back = compareTraces(*b, *a);
        for (const char *t : { "total>0%", "self>0us", "duration>0%", "count>0" })
            QVERIFY2(rule(t).check(back).empty(), t);

        std::string error;
        for (const char *bad : { "total", "total>", "total>10", "speed>1ms", "self>5 parsecs",
                 "count>1ms", "total>=5%", "self>-1ms" }) {
            QVERIFY2(!ComparisonThreshold::parse(bad, &error), bad);
            QVERIFY(!error.empty());
        }
    }

    void manyVsMany()
    {
        std::vector<TracePtr> keep;
        std::vector<const Trace *> baseline, candidate;
        // Baseline: spawn at +0, +2, +4, +6 ms and one stuck run at +300 ms (an outlier).
        for (int slow : { 0, 2, 4, 6, 300 }) {
            keep.push_back(pairTrace(novaRequest(slow, slow % 3)));
            baseline.push_back(keep.back().get());
        }
        // Candidate: spawn 50 ms slower; the neutron subtree in 2 of 4 runs.
        for (int slow : { 50, 52, 54, 56 }) {
            keep.push_back(pairTrace(novaRequest(slow, 1, 0, slow >= 54)));
            candidate.push_back(keep.back().get());
        }
        const Comparison c = compareTraceSets(baseline, candidate);
        QVERIFY(c.isManyVsMany());
        QCOMPARE(c.tracesA, size_t(5));
        QCOMPARE(c.tracesB, size_t(4));
        QCOMPARE(c.traces.size(), size_t(9));
        for (size_t i = 0; i < c.traces.size(); ++i)
            QCOMPARE(c.traces[i].outlier, i == 4);
        QCOMPARE(c.totalA, 104 * Ms); // median of 100, 102, 104, 106, 400
        QCOMPARE(c.totalB, 153 * Ms); // median of 150, 152, 154, 156
        const ComparisonRow &first = c.rows[c.impactOrder.front()];
        QCOMPARE(c.view(first.name), std::string_view("compute"));
        QCOMPARE(first.a.selfUs, 24 * Ms);
        QCOMPARE(first.b.selfUs, 73 * Ms);
        QCOMPARE(first.a.selfP95Us, 261200); // 26 + 0.8 * (320 - 26) ms, numpy's linear rule
        QCOMPARE(first.a.tracesPresent, 5u);
        // A path in half the candidate runs: median over all four (absent = 0).
        const uint32_t api = findRow(c, "neutron_api");
        QCOMPARE(c.rows[api].presence, Presence::Added);
        QCOMPARE(c.rows[api].b.tracesPresent, 2u);
        QCOMPARE(c.rows[api].b.count, 1); // median of 0, 0, 1, 1 = 0.5, rounded
        QCOMPARE(c.rows[api].b.countP95, 1);
        QCOMPARE(rule("total>45%").check(c).size(), size_t(1)); // +47.1 %
        QCOMPARE(rule("total>48%").check(c).size(), size_t(0));
    }

    void cancelled()
    {
        const TracePtr a = pairTrace(novaRequest(0));
        std::atomic<bool> cancel { true };
        const Comparison c = compareTraces(*a, *a, {}, &cancel);
        QVERIFY(c.cancelled);
        QVERIFY(c.rows.empty());
    }

    void incrementalBuilder()
    {
        // Adding traces one at a time (and dropping them) gives the same answer.
        ComparisonBuilder builder;
        for (int slow : { 0, 10 }) {
            const TracePtr t = pairTrace(novaRequest(slow));
            QVERIFY(builder.addTrace(slow ? ComparisonSide::B : ComparisonSide::A, *t));
        }
        const Comparison c = builder.finish();
        QCOMPARE(c.rows[c.impactOrder.front()].selfDeltaUs(), 10 * Ms);
        QVERIFY(!c.isManyVsMany());
    }

    void realOsprofilerPair()
    {
        if (!pythonHasOsprofiler())
            QSKIP("/usr/bin/python3 cannot import osprofiler and sqlalchemy");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcess p;
        p.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral(OSP_SOURCE_DIR "/tests/make_compare_pair.py"), dir.path(),
                QStringLiteral("80") });
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const std::string slowed = p.readAllStandardOutput().trimmed().toStdString();
        LoadResult a = loadTraceFile(dir.filePath(QStringLiteral("a.json")));
        LoadResult b = loadTraceFile(dir.filePath(QStringLiteral("b.json")));
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a.value()->hasMicroseconds());
        const Comparison c = compareTraces(*a.value(), *b.value());
        const ComparisonRow &first = c.rows[c.impactOrder.front()];
        QCOMPARE(std::string(c.view(first.work)), slowed);
        QVERIFY2(first.selfDeltaUs() >= 70 * Ms, std::to_string(first.selfDeltaUs()).c_str());
        for (const ComparisonRow &r : c.rows)
            QCOMPARE(r.presence, Presence::Both); // other server UUID, other host: aligned
        // The three quota SELECTs (other values) are one row.
        const uint32_t quota = findRow(c, "db", "SELECT hard_limit FROM quotas");
        QVERIFY(quota != NoRow);
        QCOMPARE(c.rows[quota].a.count, 3);
        QCOMPARE(c.rows[quota].b.count, 3);
        QCOMPARE(c.view(c.rows[0].work), std::string_view("POST /v2.1/servers/{id}"));
    }
};

QTEST_GUILESS_MAIN(TestComparison)
#include "tst_comparison.moc"
