// Timeline and flame graph draw lists: time ↔ pixel maths, culling, sub-pixel
// merging, the level-of-detail summary at full zoom-out, hit-testing, text decisions, lanes,
// the flame graph layouts, the draw-list cache and the session's zoom history.

#include "analysis/clockskew.h"
#include "analysis/criticalpath.h"
#include "analysisfixture.h"
#include "geometry/colorslots.h"
#include "geometry/drawlistcache.h"
#include "geometry/flamegraph.h"
#include "geometry/servicelinks.h"
#include "geometry/spanmarks.h"
#include "geometry/timelinedrawlist.h"
#include "geometry/timelinelayout.h"
#include "geometry/timemapping.h"
#include "itemmodels/tracesession.h"

#include <QSet>
#include <QtTest>

#include <algorithm>
#include <random>

using namespace Osp;
using OspTest::FixtureSpan;

namespace {

/// One root of `n` ms with n back-to-back 1 ms children (the N+1 query shape).
TracePtr wideTrace(int n)
{
    std::vector<FixtureSpan> spans { { -1, "wsgi", 0, n, "h1", "api" } };
    for (int i = 0; i < n; ++i)
        spans.push_back({ 0, "db", i, i + 1, "h1", "api" });
    return OspTest::fixtureTrace(spans);
}

TimelineRequest request(const Trace &t, int64_t from, int64_t to, double width, uint32_t rows = 50)
{
    TimelineRequest r;
    r.mapping = TimeMapping { from, to, 0, width };
    r.rowCount = rows;
    (void)t;
    return r;
}

/// Calls between services (and one inside a service) with a skewed child on another host:
///   api/h1 wsgi [10,100] ─ rpc conductor/h2 [10,60] ─ db [20,30], wsgi [31,40] (same process),
///                       │                           └ wsgi conductor/h3 [41,50] (other host)
///                       └ wsgi neutron/h4 [5,30] (starts before its caller: clock skew)
TracePtr hopsTrace()
{
    return OspTest::fixtureTrace({
        { -1, "wsgi", 10, 100, "h1", "api" },
        { 0, "wsgi", 5, 30, "h4", "neutron" },
        { 0, "rpc", 10, 60, "h2", "conductor" },
        { 2, "db", 20, 30, "h2", "conductor" },
        { 2, "wsgi", 31, 40, "h2", "conductor" },
        { 2, "wsgi", 41, 50, "h3", "conductor" },
    });
}

/// The span of `service` on `host` named `name` (fixtures have one each).
SpanIndex findSpan(const Trace &t, const char *name, const char *service, const char *host)
{
    for (SpanIndex i = 0; i < t.spanCount(); ++i)
        if (t.view(t.details(i).reportName) == name && t.view(t.span(i).service) == service
            && t.view(t.span(i).host) == host)
            return i;
    return NoSpan;
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT

private slots:
    void timeToPixel()
    {
        const TimeMapping m { 1000, 3000, 10, 200 };
        QCOMPARE(m.x(1000), 10.0);
        QCOMPARE(m.x(3000), 210.0);
        QCOMPARE(m.x(2000), 110.0);
        QCOMPARE(m.usPerPx(), 10.0);
        for (int64_t us : { 1000, 1234, 2999, 3000 })
            QVERIFY(std::abs(m.us(m.x(us)) - us) <= 0);
        QCOMPARE(m.us(15), int64_t(1050));
    }

    void zoomKeepsTheAnchor()
    {
        // Zooming in by 2 around µs 400 of [0, 1000]: 400 stays at the same relative place.
        auto r = zoomRange(0, 1000, 400, 0.5, 10000);
        QCOMPARE(r.first, int64_t(200));
        QCOMPARE(r.second, int64_t(700));
        // Out past the trace: clamped to [0, limit].
        r = zoomRange(0, 1000, 400, 100, 5000);
        QCOMPARE(r.first, int64_t(0));
        QCOMPARE(r.second, int64_t(5000));
        // Never below the minimum span.
        r = zoomRange(100, 110, 105, 0.001, 5000, 4);
        QCOMPARE(r.second - r.first, int64_t(4));
        r = panRange(100, 200, -500, 1000);
        QCOMPARE(r, std::make_pair(int64_t(0), int64_t(100)));
        r = panRange(100, 200, 5000, 1000);
        QCOMPARE(r, std::make_pair(int64_t(900), int64_t(1000)));
        r = frameRange(1000, 2000, 100000, 0.1);
        QCOMPARE(r, std::make_pair(int64_t(900), int64_t(2100)));
    }

    void absoluteLabels()
    {
        // 2026-11-26 05:47:00 UTC + 1.25 s, with a 250 ms step: three decimals are not needed.
        const int64_t epoch = int64_t(1795672020) * 1000000;
        QCOMPARE(formatAbsoluteTick(epoch, 1250000, 250000, ClockZone::Utc),
            QStringLiteral("05:47:01.25"));
        QCOMPARE(formatAbsoluteTick(epoch, 2000000, 1000000, ClockZone::Utc),
            QStringLiteral("05:47:02"));
        QCOMPARE(
            formatAbsoluteTick(epoch, 1, 1, ClockZone::Utc), QStringLiteral("05:47:00.000001"));
    }

    void depthLanes()
    {
        const TracePtr t = wideTrace(100);
        const TimelineLayout layout = TimelineLayout::build(t, LaneMode::Depth);
        QCOMPARE(layout.lanes().size(), size_t(2));
        QCOMPARE(layout.lanes()[0].raw.size, uint32_t(1));
        QCOMPARE(layout.lanes()[1].raw.size, uint32_t(100));
        QCOMPARE(layout.laneOf(0), 0u);
        QCOMPARE(layout.laneOf(5), 1u);
    }

    void swimlanesStackConcurrency()
    {
        // Service a: root [0,100] with two overlapping children and one later one; b: one span.
        const TracePtr t = OspTest::fixtureTrace({
            { -1, "wsgi", 0, 100, "h1", "a" },
            { 0, "x", 10, 50, "h1", "a" },
            { 0, "y", 20, 60, "h1", "a" }, // overlaps x: a third row
            { 0, "z", 70, 80, "h1", "a" }, // after x: back in x's row
            { 0, "rpc", 30, 40, "h2", "b" },
        });
        const TimelineLayout layout = TimelineLayout::build(t, LaneMode::Service);
        QCOMPARE(layout.groups().size(), size_t(2));
        const TimelineGroup &a = layout.groups()[0];
        QCOMPARE(t->text(a.key), QStringLiteral("a"));
        QCOMPARE(a.laneCount, 4u); // header + 3 rows
        QVERIFY(layout.lanes()[a.firstLane].header);
        QCOMPARE(layout.laneOf(0), a.firstLane + 1);
        QCOMPARE(layout.laneOf(1), a.firstLane + 2);
        QCOMPARE(layout.laneOf(2), a.firstLane + 3);
        // Pre-order is start order among siblings: 3 is b's rpc, 4 is z.
        QCOMPARE(layout.laneOf(4), a.firstLane + 2);
        const TimelineGroup &b = layout.groups()[1];
        QCOMPARE(layout.laneOf(3), b.firstLane + 1);
        QCOMPARE(layout.lanes().size(), size_t(6));
    }

    void everySpanInOneLaneInStartOrder()
    {
        // A random tree over three services and hosts, in every lane mode: each span is in
        // exactly the lane laneOf names, lanes list spans by start, concurrent spans never
        // share a lane, and every summary level accounts for each span once.
        std::mt19937 rng(7);
        std::vector<FixtureSpan> spans { { -1, "root", 0, 100000, "h0", "s0" } };
        for (int i = 1; i < 3000; ++i) {
            const int parent = int(rng() % uint32_t(spans.size()));
            const int ps = spans[size_t(parent)].startMs, pe = spans[size_t(parent)].endMs;
            const int s = ps + int(rng() % uint32_t(pe - ps + 1));
            const int e = s + int(rng() % uint32_t(pe - s + 1));
            const std::string k = std::to_string(rng() % 3);
            spans.push_back({ parent, "n", s, e, "h" + k, "s" + k });
        }
        const TracePtr t = OspTest::fixtureTrace(spans);
        for (LaneMode mode : { LaneMode::Depth, LaneMode::Service, LaneMode::Host }) {
            const TimelineLayout layout = TimelineLayout::build(t, mode);
            std::vector<int> seen(t->spanCount(), 0);
            for (uint32_t li = 0; li < layout.lanes().size(); ++li) {
                const TimelineLane &lane = layout.lanes()[li];
                const LaneRuns raw = layout.runs(lane, -1);
                QCOMPARE(raw.size(), size_t(lane.raw.size));
                QVERIFY(!lane.header || raw.size() == 0);
                for (size_t k = 0; k < raw.size(); ++k) {
                    ++seen[raw.span[k]];
                    QCOMPARE(layout.laneOf(raw.span[k]), li);
                    QCOMPARE(raw.startAt(k), t->span(raw.span[k]).startUs);
                    if (k > 0)
                        QVERIFY(raw.endAt(k - 1) <= raw.startAt(k));
                }
                for (int level = 0; level < lane.lodCount; ++level) {
                    const LaneRuns runs = layout.runs(lane, level);
                    uint64_t total = 0;
                    for (size_t k = 0; k < runs.size(); ++k) {
                        total += runs.countAt(k);
                        if (k > 0) // runs never overlap: culling binary-searches the ends
                            QVERIFY(runs.endAt(k - 1) <= runs.startAt(k));
                    }
                    QCOMPARE(total, uint64_t(raw.size()));
                }
            }
            QVERIFY(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; }));
        }
    }

    void cullingIsABinarySearch()
    {
        const TracePtr t = wideTrace(10000);
        const TimelineLayout layout = TimelineLayout::build(t, LaneMode::Depth);
        // 10 ms out of 10 s over 1000 px: 1 µs is 0.01 px, every span is 100 px wide.
        const DrawList list
            = buildTimelineDrawList(*t, layout, request(*t, 5000000, 5010000, 1000));
        const auto row = list.row(1);
        QVERIFY(row.size() >= 10 && row.size() <= 12);
        for (const DrawItem &item : row) {
            const Span &s = t->span(item.span);
            QVERIFY(s.endUs >= 5000000 && s.startUs <= 5010000);
            QVERIFY(!item.has(ItemMerged));
        }
        // Only what is in view was looked at, not the 10,000 spans of the lane.
        QVERIFY2(list.visited < 30, qPrintable(QString::number(list.visited)));
        // Out of range: nothing.
        const DrawList none
            = buildTimelineDrawList(*t, layout, request(*t, 20000000, 20000100, 1000));
        QCOMPARE(none.items.size(), size_t(0));
    }

    void subPixelMerging()
    {
        std::vector<DrawItem> out;
        {
            RowMerger m(out, 7, TextFit {});
            // 50 spans of 0.2 px side by side, the 10th the longest, then a wide one, then
            // two narrow ones far apart.
            for (int i = 0; i < 50; ++i)
                m.add(10 + i * 0.2, 10 + i * 0.2 + 0.2, SpanIndex(i), 1, i == 30 ? ItemError : 0,
                    i == 9 ? 100 : 10);
            m.add(40, 140, 100, 1, 0, 1000);
            m.add(200, 200.3, 101, 1, 0, 1);
            m.add(300, 300.3, 102, 1, 0, 1);
        }
        QCOMPARE(out.size(), size_t(4));
        QVERIFY(out[0].has(ItemMerged));
        QCOMPARE(out[0].count, 50u);
        QCOMPARE(out[0].span, SpanIndex(9));
        QVERIFY(out[0].has(ItemError)); // an error inside a merged run stays visible
        QCOMPARE(out[0].row, 7u);
        QVERIFY(!out[1].has(ItemMerged));
        QCOMPARE(out[1].span, SpanIndex(100));
        QCOMPARE(out[2].count, 1u);
        QVERIFY(!out[2].has(ItemMerged));
        QCOMPARE(out[3].span, SpanIndex(102));
    }

    void textDecisions()
    {
        std::vector<DrawItem> out;
        {
            TextFit fit;
            fit.avgGlyphPx = 7;
            fit.minChars = 6;
            fit.paddingPx = 3;
            RowMerger m(out, 0, fit);
            m.add(0, 48, 1, 1, 0, 1); // (48 - 6) / 7 = 6 characters: labelled
            m.add(100, 147, 2, 1, 0, 1); // 5.86: not
            m.add(200, 900, 3, 1, 0, 1); // 99 characters
        }
        QVERIFY(out[0].has(ItemLabel));
        QCOMPARE(out[0].labelChars, uint16_t(6));
        QVERIFY(!out[1].has(ItemLabel));
        QCOMPARE(out[2].labelChars, uint16_t(99));
        // A wider font, the same width: no label.
        out.clear();
        {
            RowMerger m(out, 0, TextFit { 14, 6, 3 });
            m.add(0, 48, 1, 1, 0, 1);
        }
        QVERIFY(!out[0].has(ItemLabel));
    }

    void levelOfDetailAtFullZoomOut()
    {
        const int n = 20000;
        const TracePtr t = wideTrace(n);
        const TimelineLayout layout = TimelineLayout::build(t, LaneMode::Depth);
        const TimelineLane &lane = layout.lanes()[1];
        QVERIFY(lane.lodCount > 0);
        for (int k = 1; k < lane.lodCount; ++k) {
            QVERIFY(layout.runs(lane, k).gapUs > layout.runs(lane, k - 1).gapUs);
            QVERIFY(layout.runs(lane, k).size() <= layout.runs(lane, k - 1).size());
        }
        // Whole trace over 500 px: 40 ms per pixel, 40 spans per pixel.
        const DrawList list = buildTimelineDrawList(*t, layout, request(*t, 0, t->endUs(), 500));
        QVERIFY(timelineLevelFor(layout, lane, 40000.0) >= 0);
        // O(pixels), not O(spans): the 20,000 spans of the lane are a handful of runs.
        QVERIFY2(list.visited < 200, qPrintable(QString::number(list.visited)));
        const auto row = list.row(1);
        QVERIFY(!row.empty() && row.size() <= 10);
        uint64_t covered = 0;
        for (const DrawItem &item : row)
            covered += item.count;
        QCOMPARE(covered, uint64_t(n)); // every span is accounted for in some run
        // The merged run spans the whole lane (back-to-back spans leave no gap).
        QVERIFY(row.front().x0 <= 0.5f && row.back().x1 >= 499.5f);
        // The level is chosen from the pixel size: deep zoom uses raw spans.
        QCOMPARE(timelineLevelFor(layout, lane, 0.5), -1);
    }

    void lodKeepsLongSpansApart()
    {
        // A long span among short ones stays its own run, with its own colour and tooltip.
        std::vector<FixtureSpan> spans { { -1, "wsgi", 0, 30000, "h1", "api" } };
        for (int i = 0; i < 10000; ++i)
            spans.push_back({ 0, "db", i, i + 1, "h1", "api" });
        spans.push_back({ 0, "rpc", 10000, 20000, "h1", "api" });
        for (int i = 20000; i < 30000; ++i)
            spans.push_back({ 0, "db", i, i + 1, "h1", "api" });
        const TracePtr t = OspTest::fixtureTrace(spans);
        const TimelineLayout layout = TimelineLayout::build(t, LaneMode::Depth);
        const DrawList list = buildTimelineDrawList(*t, layout, request(*t, 0, t->endUs(), 300));
        const auto row = list.row(1);
        QCOMPARE(row.size(), size_t(3));
        QCOMPARE(t->text(t->span(row[1].span).name), QStringLiteral("rpc"));
        QCOMPARE(row[1].count, 1u);
        QVERIFY(row[0].has(ItemMerged) && row[2].has(ItemMerged));
    }

    void hitTestFindsWhatIsDrawn()
    {
        const TracePtr t = OspTest::fixtureTrace({
            { -1, "wsgi", 0, 1000, "h1", "a" },
            { 0, "x", 100, 300, "h1", "a" },
            { 0, "y", 400, 401, "h1", "a" },
            { 0, "z", 600, 900, "h1", "a" },
            { 3, "w", 650, 700, "h1", "a" },
        });
        const TimelineLayout layout = TimelineLayout::build(t, LaneMode::Depth);
        const DrawList list = buildTimelineDrawList(*t, layout, request(*t, 0, 1000000, 1000));
        // Every drawn item is found at its own centre, and nothing between them.
        for (uint32_t row = 0; row < 3; ++row) {
            for (const DrawItem &item : list.row(row)) {
                const DrawItem *hit = list.hitTest((item.x0 + item.x1) / 2, row);
                QVERIFY(hit);
                QCOMPARE(hit->span, item.span);
            }
        }
        QCOMPARE(t->text(t->span(list.hitTest(200, 1)->span).name), QStringLiteral("x"));
        QVERIFY(!list.hitTest(350, 1));
        QVERIFY(!list.hitTest(200, 2)); // under x, but nothing at depth 2 there
        QCOMPARE(t->text(t->span(list.hitTest(675, 2)->span).name), QStringLiteral("w"));
        // A 1 px span is hit within the minimum width it is painted with.
        QVERIFY(list.hitTest(400.5, 1));
        QCOMPARE(t->text(t->span(list.hitTest(401.5, 1, 2.0)->span).name), QStringLiteral("y"));
        // The top-most of overlapping items wins: the one painted last.
        DrawList overlap;
        overlap.rowStart = { 0, 2 };
        overlap.items = { DrawItem { 0, 100, 0, 1, 1, 0, 0 }, DrawItem { 50, 60, 0, 2, 1, 0, 0 } };
        QCOMPARE(overlap.hitTest(55, 0)->span, SpanIndex(2));
        QCOMPARE(overlap.hitTest(20, 0)->span, SpanIndex(1));
    }

    void flameGraphWidths()
    {
        // root 100 ms: a 30 ms child (with a 10 ms grandchild) and two 20 ms "db" children.
        const TracePtr t = OspTest::fixtureTrace({
            { -1, "wsgi", 0, 100, "h1", "a" },
            { 0, "rpc", 0, 30, "h1", "a" },
            { 1, "db", 5, 15, "h1", "a" },
            { 0, "db", 40, 60, "h1", "a" },
            { 0, "db", 70, 90, "h1", "a", {}, "ValueError" },
        });
        const FlameGraph dur = FlameGraph::build(t, FlameMetric::Duration, false);
        QCOMPARE(dur.nodeCount(), size_t(5));
        QCOMPARE(dur.totalValue(), 100000.0);
        QCOMPARE(dur.node(0).width, 100000.0);
        const auto kids = dur.children(0);
        QCOMPARE(kids.size(), size_t(3));
        QCOMPARE(dur.node(kids[0]).x0, 0.0);
        QCOMPARE(dur.node(kids[1]).x0, 30000.0);
        QCOMPARE(dur.node(kids[2]).x0, 50000.0);
        QVERIFY(dur.node(kids[2]).flags & ItemError);
        QCOMPARE(dur.pathTo(dur.nodeOfSpan(2)).size(), size_t(3));

        // Self time: the root's self (100 - 70 = 30) plus its subtree's.
        const FlameGraph self = FlameGraph::build(t, FlameMetric::SelfTime, false);
        QCOMPARE(self.totalValue(), 100000.0);
        QCOMPARE(self.node(self.nodeOfSpan(1)).width, 30000.0);

        // Aggregated: the two db children under wsgi are one path; rpc > db another.
        const FlameGraph agg = FlameGraph::build(t, FlameMetric::Duration, true);
        QCOMPARE(agg.nodeCount(), size_t(4));
        const uint32_t dbNode = agg.nodeOfSpan(3);
        QCOMPARE(agg.nodeOfSpan(4), dbNode);
        QCOMPARE(agg.node(dbNode).count, 2u);
        QCOMPARE(agg.node(dbNode).width, double(t->span(3).durationUs() + t->span(4).durationUs()));
        QVERIFY(agg.node(dbNode).flags & ItemError);
        // Widest first.
        const auto aggKids = agg.children(0);
        QCOMPARE(aggKids.size(), size_t(2));
        QVERIFY(agg.node(aggKids[0]).width >= agg.node(aggKids[1]).width);
    }

    void flameConcurrentChildrenFit()
    {
        // Two 80 ms children of a 100 ms parent run concurrently: squeezed into the parent.
        const TracePtr t = OspTest::fixtureTrace({
            { -1, "wsgi", 0, 100, "h1", "a" },
            { 0, "a", 0, 80, "h1", "a" },
            { 0, "b", 10, 90, "h1", "a" },
            { 2, "c", 10, 50, "h1", "a" },
        });
        const FlameGraph g = FlameGraph::build(t, FlameMetric::Duration, false);
        const FlameNode &b = g.node(g.nodeOfSpan(2));
        const FlameNode &c = g.node(g.nodeOfSpan(3));
        QVERIFY(qFuzzyCompare(b.x0 + b.width, 100000.0));
        QVERIFY(qFuzzyCompare(c.width, b.width / 2)); // c is half of b, as in time
        QVERIFY(c.x0 >= b.x0 && c.x0 + c.width <= b.x0 + b.width + 1e-6);
    }

    void flameKeepsAsyncWorkVisible()
    {
        // A 6 ms RPC casts 134 ms of work that outlives it: with Width = Duration the cast
        // keeps its own width (the caller's box reaches over it) and is marked async.
        const TracePtr t = OspTest::fixtureTrace({
            { -1, "wsgi", 0, 10, "h1", "api" },
            { 0, "rpc", 1, 7, "h1", "vitrage" },
            { 1, "vitrage_graph", 2, 136, "h1", "vitrage" },
            { 0, "db", 8, 9, "h1", "api" },
        });
        QVERIFY(t);
        const FlameGraph g = FlameGraph::build(t, FlameMetric::Duration, false);
        const FlameNode rpc = g.node(g.nodeOfSpan(1));
        const FlameNode cast = g.node(g.nodeOfSpan(2));
        const FlameNode db = g.node(g.nodeOfSpan(3));
        QCOMPARE(cast.width, 134000.0);
        QVERIFY(cast.flags & ItemAsync);
        QVERIFY(!(rpc.flags & ItemAsync)); // the rpc ends inside its caller
        QVERIFY(!(db.flags & ItemAsync));
        QVERIFY(rpc.width >= cast.width);
        QVERIFY(cast.x0 >= rpc.x0 && cast.x0 + cast.width <= rpc.x0 + rpc.width + 1e-6);
        QCOMPARE(db.width, 1000.0); // a synchronous span is as wide as its time
    }

    void flameDrawListMergesAndHits()
    {
        const TracePtr t = wideTrace(20000);
        const FlameGraph g = FlameGraph::build(t, FlameMetric::Duration, false);
        FlameRequest req;
        req.fromValue = 0;
        req.toValue = g.totalValue();
        req.width = 1000;
        req.rowCount = 10;
        const DrawList list = buildFlameDrawList(g, req);
        QCOMPARE(list.row(0).size(), size_t(1));
        QVERIFY(list.row(0)[0].has(ItemLabel));
        // 20 spans per pixel: merged by jumping, so far fewer visits than spans.
        QVERIFY2(list.visited < 3000, qPrintable(QString::number(list.visited)));
        QVERIFY(!list.row(1).empty() && list.row(1).size() <= 1000);
        for (const DrawItem &item : list.row(1)) {
            const DrawItem *hit = list.hitTest((item.x0 + item.x1) / 2, 1);
            QVERIFY(hit);
            QCOMPARE(hit->span, item.span);
        }
        // Zoomed to 10 of the children: each ~100 px, one item each, not merged.
        req.fromValue = 5000000;
        req.toValue = 5010000;
        const DrawList zoomed = buildFlameDrawList(g, req);
        QVERIFY(zoomed.row(1).size() >= 10 && zoomed.row(1).size() <= 12);
        for (const DrawItem &item : zoomed.row(1))
            QVERIFY(!item.has(ItemMerged));
        QVERIFY(zoomed.visited < 40);
        // The root still spans the whole width when zoomed into its child.
        QCOMPARE(zoomed.row(0).size(), size_t(1));
        QVERIFY(zoomed.row(0)[0].x0 <= 0 && zoomed.row(0)[0].x1 >= 1000);
    }

    /// Every row of a flame graph frame is left to right without overlap, and an item that
    /// stands for one span lies inside that span's box: what the painter and the merger
    /// assume. Random trees with async children that outlive their parents, many siblings,
    /// and several parents per row; both widths; full view and zoomed.
    void flameRowsAreOrderedAndInsideTheirNodes()
    {
        std::mt19937 rng(7);
        for (int round = 0; round < 6; ++round) {
            std::vector<OspTest::FixtureSpan> spans { { -1, "wsgi", 0, 10000, "h1", "api" } };
            const int n = 300 + round * 200;
            for (int i = 1; i < n; ++i) {
                const int parent = std::uniform_int_distribution<int>(0, i - 1)(rng);
                const auto &p = spans[size_t(parent)];
                const int room = std::max(1, p.endMs - p.startMs);
                const int start = p.startMs + std::uniform_int_distribution<int>(0, room - 1)(rng);
                const bool async = std::uniform_int_distribution<int>(0, 9)(rng) == 0;
                const int end = async ? start + std::uniform_int_distribution<int>(1, 3000)(rng)
                                      : start
                        + std::uniform_int_distribution<int>(0, std::max(0, p.endMs - start))(rng);
                spans.push_back({ parent, "s" + std::to_string(i % 17), start, end, "h1",
                    "svc" + std::to_string(i % 5) });
            }
            const TracePtr t = OspTest::fixtureTrace(spans);
            QVERIFY(t);
            for (FlameMetric metric : { FlameMetric::Duration, FlameMetric::SelfTime }) {
                const FlameGraph g = FlameGraph::build(t, metric, false);
                for (int zoom = 0; zoom < 3; ++zoom) {
                    FlameRequest req;
                    const double span = g.totalValue() / (1 << (3 * zoom));
                    req.fromValue = (g.totalValue() - span) / 3;
                    req.toValue = req.fromValue + span;
                    req.width = 1200;
                    req.rowCount = g.maxDepth() + 1;
                    const DrawList list = buildFlameDrawList(g, req);
                    const double pxPerValue = req.width / (req.toValue - req.fromValue);
                    for (uint32_t r = 0; r < req.rowCount; ++r) {
                        const auto row = list.row(r);
                        for (size_t k = 0; k < row.size(); ++k) {
                            const DrawItem &it = row[k];
                            const QString where
                                = QStringLiteral("round %1 metric %2 zoom %3 row %4 item %5: [%6, "
                                                 "%7] after [%8, %9] (count %10, %11)")
                                      .arg(round)
                                      .arg(int(metric))
                                      .arg(zoom)
                                      .arg(r)
                                      .arg(k)
                                      .arg(it.x0)
                                      .arg(it.x1)
                                      .arg(k ? row[k - 1].x0 : 0)
                                      .arg(k ? row[k - 1].x1 : 0)
                                      .arg(it.count)
                                      .arg(k ? row[k - 1].count : 0);
                            if (k > 0)
                                QVERIFY2(row[k - 1].x1 <= it.x0 + 1e-3, qPrintable(where));
                            if (it.count != 1)
                                continue;
                            const FlameNode f = g.node(g.nodeOfSpan(it.span));
                            QCOMPARE(f.depth, r);
                            const double x0 = std::max(-1.0, (f.x0 - req.fromValue) * pxPerValue);
                            const double x1 = std::min(
                                req.width + 1, (f.x0 + f.width - req.fromValue) * pxPerValue);
                            QVERIFY2(it.x0 >= x0 - 1e-3 && it.x1 <= x1 + 1e-3, qPrintable(where));
                        }
                    }
                }
            }
        }
    }

    void drawListCache()
    {
        DrawListCache<TimelineRequest> cache(2);
        TimelineRequest a, b, c;
        a.mapping = TimeMapping { 0, 100, 0, 100 };
        b.mapping = TimeMapping { 0, 200, 0, 100 };
        c.mapping = TimeMapping { 0, 100, 0, 101 }; // same range, another width: another list
        QVERIFY(!cache.find(a, 1));
        cache.insert(a, DrawList {});
        QVERIFY(cache.find(a, 1));
        QVERIFY(!cache.find(c, 1));
        cache.insert(b, DrawList {});
        cache.insert(c, DrawList {}); // evicts a, the least recently used
        QVERIFY(cache.find(c, 1));
        QVERIFY(!cache.find(a, 2)); // a new generation (layout) empties it
        QCOMPARE(cache.hits(), uint64_t(2));
    }

    void zoomHistory()
    {
        const TracePtr t = wideTrace(10);
        TraceSession s(t);
        QVERIFY(!s.canZoomBack());
        s.zoomTo(1000, 2000);
        s.zoomTo(1500, 1600);
        QVERIFY(s.canZoomBack());
        s.zoomBack();
        QCOMPARE(s.fromUs(), qint64(1000));
        QCOMPARE(s.toUs(), qint64(2000));
        QVERIFY(s.canZoomForward());
        s.zoomForward();
        QCOMPARE(s.fromUs(), qint64(1500));
        s.zoomBack();
        s.zoomBack();
        QVERIFY(!s.isZoomed());
        QVERIFY(!s.canZoomBack());
        // A new step after going back drops the forward history.
        s.zoomTo(3000, 4000);
        QVERIFY(!s.canZoomForward());
        // A gesture is one step: pushHistory once, many setRange calls.
        s.pushHistory();
        for (int i = 0; i < 10; ++i)
            s.setRange(3000 + i * 10, 4000 + i * 10);
        s.zoomBack();
        QCOMPARE(s.fromUs(), qint64(3000));
        // Zooming to where we are is no step.
        s.zoomTo(3000, 4000);
        s.zoomBack();
        QVERIFY(!s.isZoomed());
    }

    // --- colours, marks, links -------------------------------------

    void colorSlotsByFirstAppearance()
    {
        const TracePtr t = hopsTrace();
        QVERIFY(t);
        const ColorSlots services = ColorSlots::build(*t, ColorKey::Service);
        // Pre-order: api, then neutron (it starts first among the children), then conductor.
        QCOMPARE(services.size(), size_t(3));
        QVERIFY(t->view(services.keys()[0]) == "api");
        QCOMPARE(services.slot(t->span(0).service), 0u);
        QSet<uint32_t> seen;
        for (SpanIndex i = 0; i < t->spanCount(); ++i) {
            const uint32_t slot = services.slot(t->span(i).service);
            QVERIFY(slot < services.size());
            QCOMPARE(services.keys()[slot], t->span(i).service);
            seen.insert(slot);
        }
        QCOMPARE(seen.size(), 3); // one slot per service: no two share a colour
        // Built again (another view, another run): the same assignment.
        const ColorSlots again = ColorSlots::build(*t, ColorKey::Service);
        QCOMPARE(again.keys(), services.keys());
        QCOMPARE(services.slot(NoString - 1), ColorSlots::NoSlot);
        const ColorSlots types = ColorSlots::build(*t, ColorKey::Type);
        QCOMPARE(types.size(), size_t(3)); // wsgi, rpc, db
        QVERIFY(t->view(types.keys()[0]) == "wsgi");
    }

    void colorSlotsAlignedAcrossTraces()
    {
        // A: api, then neutron, then conductor. B meets them in another order, lacks neutron
        // and has glance: the services both have keep A's slots, glance comes after A's.
        const TracePtr a = hopsTrace();
        const TracePtr b = OspTest::fixtureTrace({
            { -1, "wsgi", 0, 100, "h1", "conductor" },
            { 0, "rpc", 10, 20, "h2", "glance" },
            { 0, "wsgi", 30, 40, "h3", "api" },
        });
        const ColorSlots slotsA = ColorSlots::build(*a, ColorKey::Service);
        const ColorSlots slotsB = ColorSlots::build(*b, ColorKey::Service, slotsA.keyTexts(*a));
        auto slotIn = [](const Trace &t, const ColorSlots &c, const char *name) {
            return c.slot(t.strings().find(name));
        };
        for (const char *name : { "api", "conductor" })
            QCOMPARE(slotIn(*b, slotsB, name), slotIn(*a, slotsA, name));
        QCOMPARE(slotIn(*b, slotsB, "glance"), uint32_t(slotsA.size()));
        const uint32_t neutron = slotIn(*a, slotsA, "neutron");
        QVERIFY(!slotsB.used(neutron)); // in B's legend: not listed
        QVERIFY(slotsB.used(slotIn(*b, slotsB, "glance")));
        QCOMPARE(slotsB.keyTexts(*b)[neutron], std::string("neutron"));
        for (SpanIndex i = 0; i < b->spanCount(); ++i)
            QCOMPARE(slotsB.slotOfSpan(*b, i), slotsB.slot(b->span(i).service));
        // Through the sessions, as the comparison tab does it.
        TraceSession sa(a), sb(b);
        sb.alignColorsWith(&sa);
        QCOMPARE(sb.colorSlots(ColorKey::Service).slot(b->strings().find("api")),
            sa.colorSlots(ColorKey::Service).slot(a->strings().find("api")));
    }

    void serviceLinks()
    {
        const TracePtr t = hopsTrace();
        QVERIFY(t);
        const SpanIndex root = findSpan(*t, "wsgi", "api", "h1");
        const SpanIndex neutron = findSpan(*t, "wsgi", "neutron", "h4");
        const SpanIndex rpc = findSpan(*t, "rpc", "conductor", "h2");
        const SpanIndex otherHost = findSpan(*t, "wsgi", "conductor", "h3");
        QVERIFY(root != NoSpan && neutron != NoSpan && rpc != NoSpan && otherHost != NoSpan);
        const ServiceLinks links = ServiceLinks::find(*t);
        // api→neutron (HTTP), api→conductor (RPC), conductor/h2→conductor/h3 (HTTP to another
        // host). Not links: db (no entry span), the wsgi inside the same process, the root.
        QCOMPARE(links.size(), size_t(3));
        auto linked = [&](SpanIndex caller, SpanIndex callee, LinkKind kind) {
            for (const ServiceLink &l : links.links())
                if (l.caller == caller && l.callee == callee)
                    return l.kind == kind;
            return false;
        };
        QVERIFY(linked(root, neutron, LinkKind::Http));
        QVERIFY(linked(root, rpc, LinkKind::Rpc));
        QVERIFY(linked(rpc, otherHost, LinkKind::Http));
        // Sorted by their earlier end; the skewed call leaves from inside its caller.
        for (size_t i = 1; i < links.size(); ++i)
            QVERIFY(std::min(links.links()[i - 1].fromUs, links.links()[i - 1].toUs)
                <= std::min(links.links()[i].fromUs, links.links()[i].toUs));
        for (const ServiceLink &l : links.links()) {
            QVERIFY(l.fromUs >= t->span(l.caller).startUs && l.fromUs <= t->span(l.caller).endUs);
            QCOMPARE(l.toUs, t->span(l.callee).startUs);
        }
        QVERIFY(ServiceLinks::entryKind("wsgi") == LinkKind::Http);
        QVERIFY(ServiceLinks::entryKind("rpc") == LinkKind::Rpc);
        QVERIFY(!ServiceLinks::entryKind("db"));
    }

    void serviceLinksCulling()
    {
        const TracePtr t = hopsTrace();
        QVERIFY(t);
        const ServiceLinks links = ServiceLinks::find(*t);
        const TimelineLayout layout = TimelineLayout::build(t, LaneMode::Service);
        const LinkIndex index = LinkIndex::build(links, layout);
        const int64_t end = t->endUs();
        size_t visited = 0;
        // The whole trace: every link, each joining its caller's and callee's rows.
        std::vector<LinkItem> all = index.visible(request(*t, 0, end, 1000), 0, &visited);
        QCOMPARE(all.size(), size_t(3));
        for (const LinkItem &item : all) {
            const ServiceLink &l = links.links()[item.link];
            QCOMPARE(item.callerRow, layout.laneOf(l.caller));
            QCOMPARE(item.calleeRow, layout.laneOf(l.callee));
            QVERIFY(item.x0 >= 0 && item.x0 <= 1000 && item.x1 >= 0 && item.x1 <= 1000);
        }
        // After every call: nothing, and the binary search looks at none of them.
        visited = 99;
        QVERIFY(index.visible(request(*t, 70000, end, 1000), 0, &visited).empty());
        QCOMPARE(visited, size_t(0));
        // Rows below every link: nothing.
        uint32_t lowest = 0, rootRow = layout.laneOf(0);
        for (const ServiceLink &l : links.links())
            lowest = std::max({ lowest, layout.laneOf(l.caller), layout.laneOf(l.callee) });
        TimelineRequest below = request(*t, 0, end, 1000, 10);
        below.firstRow = lowest + 1;
        QVERIFY(index.visible(below).empty());
        // One row strictly between a caller and its callee: the link crosses the view.
        const SpanIndex neutron = findSpan(*t, "wsgi", "neutron", "h4");
        const uint32_t neutronRow = layout.laneOf(neutron);
        QVERIFY(std::max(neutronRow, rootRow) >= std::min(neutronRow, rootRow) + 2);
        TimelineRequest between = request(*t, 0, end, 1000, 1);
        between.firstRow = std::min(neutronRow, rootRow) + 1;
        bool crossing = false;
        for (const LinkItem &item : index.visible(between))
            crossing |= links.links()[item.link].callee == neutron;
        QVERIFY(crossing);
    }

    void serviceLinksMergeOnOnePixel()
    {
        // Ten back-to-back calls into another service: ten arrows when wide, one when the
        // whole 100 ms is 10 px (all calls start inside the first pixel).
        std::vector<FixtureSpan> spans { { -1, "wsgi", 0, 100, "h1", "api" } };
        for (int i = 0; i < 10; ++i)
            spans.push_back({ 0, "rpc", i * 10, i * 10 + 1, "h2", "worker" });
        const TracePtr t = OspTest::fixtureTrace(spans);
        QVERIFY(t);
        const ServiceLinks links = ServiceLinks::find(*t);
        QCOMPARE(links.size(), size_t(10));
        const TimelineLayout layout = TimelineLayout::build(t, LaneMode::Depth);
        const LinkIndex index = LinkIndex::build(links, layout);
        QCOMPARE(index.groupCount(), size_t(1)); // one pair of rows, one kind
        QCOMPARE(index.visible(request(*t, 0, t->endUs(), 1000)).size(), size_t(10));
        // 100 ms over 5 px: 20 ms a pixel, two calls in each.
        std::vector<LinkItem> narrow = index.visible(request(*t, 0, t->endUs(), 5));
        QCOMPARE(narrow.size(), size_t(5));
        for (const LinkItem &item : narrow)
            QCOMPARE(item.count, 2u);
        // 100 ms over 40 px with a budget of 3 items: one a pixel is 10, one per 4 px too, one
        // per 16 px (40 ms) is 3, and nothing is lost.
        bool overflow = true;
        const std::vector<LinkItem> summary
            = index.visible(request(*t, 0, t->endUs(), 40), 3, nullptr, &overflow);
        QVERIFY(!overflow);
        QCOMPARE(summary.size(), size_t(3));
        uint32_t total = 0;
        for (const LinkItem &item : summary)
            total += item.count;
        QCOMPARE(total, 10u);
        // A budget of 2 cannot be met: no picture of everything, but one span's links.
        QVERIFY(index.visible(request(*t, 0, t->endUs(), 40), 2, nullptr, &overflow).empty());
        QVERIFY(overflow);
        QCOMPARE(index.linksOf(0, request(*t, 0, t->endUs(), 40)).size(), size_t(10));
        const std::vector<LinkItem> one = index.linksOf(3, request(*t, 0, t->endUs(), 1000));
        QCOMPARE(one.size(), size_t(1));
        QCOMPARE(links.links()[one[0].link].callee, SpanIndex(3));
        // Zoomed into the middle 20 ms: only the calls there, and the search skips the rest.
        size_t visited = 0;
        const std::vector<LinkItem> middle
            = index.visible(request(*t, 40000, 59999, 1000), 0, &visited);
        QCOMPARE(middle.size(), size_t(2));
        QVERIFY(visited <= 3);
    }

    void marksFollowTheAnalyses()
    {
        const TracePtr t = hopsTrace();
        QVERIFY(t);
        const SpanMarks marks = SpanMarks::compute(*t);
        QVERIFY(!marks.cancelled);
        const CriticalPath path = CriticalPath::compute(*t);
        const ClockSkew skew = ClockSkew::compute(*t);
        QVERIFY(marks.criticalCount > 0);
        QVERIFY(marks.criticalCount < t->spanCount()); // the neutron call is off the path
        for (SpanIndex i = 0; i < t->spanCount(); ++i)
            QCOMPARE(bool(marks.of(i) & ItemCritical), bool(path.onPath[i]));
        QCOMPARE(marks.skewedCount, skew.spans.size());
        const SpanIndex neutron = findSpan(*t, "wsgi", "neutron", "h4");
        QVERIFY(marks.of(neutron) & ItemSkewed);
        QVERIFY(!(marks.of(neutron) & ItemCritical));
        QVERIFY(marks.of(0) & ItemCritical);
        QCOMPARE(marks.links.size(), size_t(3));

        // The timeline's items and the flame graph's nodes carry them.
        const TimelineLayout layout
            = TimelineLayout::build(t, LaneMode::Depth, nullptr, &marks.flags);
        const DrawList list = buildTimelineDrawList(*t, layout, request(*t, 0, t->endUs(), 1000));
        size_t critical = 0, skewed = 0;
        for (const DrawItem &item : list.items) {
            QCOMPARE(item.flags & (ItemCritical | ItemSkewed),
                int(marks.of(item.span) & (ItemCritical | ItemSkewed)));
            critical += item.has(ItemCritical);
            skewed += item.has(ItemSkewed);
        }
        QCOMPARE(critical, marks.criticalCount);
        QCOMPARE(skewed, marks.skewedCount);
        const FlameGraph g
            = FlameGraph::build(t, FlameMetric::Duration, false, nullptr, &marks.flags);
        for (SpanIndex i = 0; i < t->spanCount(); ++i)
            QCOMPARE(g.node(g.nodeOfSpan(i)).flags & (ItemCritical | ItemSkewed),
                int(marks.of(i) & (ItemCritical | ItemSkewed)));

        // The cache computes once and hands the same result to every caller.
        SpanMarksCache cache(t);
        QVERIFY(!cache.peek());
        const auto a = cache.get();
        QVERIFY(a);
        QCOMPARE(cache.get().get(), a.get());
        QCOMPARE(cache.peek().get(), a.get());
        std::atomic<bool> cancelled { true };
        SpanMarksCache cancelledCache(t);
        QVERIFY(!cancelledCache.get(&cancelled)); // a cancelled result is not kept
        QVERIFY(!cancelledCache.peek());
    }

    void mergedRunsKeepMarks()
    {
        // A critical span merged with sub-pixel neighbours: the run still shows the mark, at
        // the level of detail too (full zoom-out of many spans).
        std::vector<DrawItem> out;
        {
            RowMerger merger(out, 0, TextFit {});
            merger.add(10.0, 10.2, 1, 1, 0, 5);
            merger.add(10.3, 10.5, 2, 1, ItemCritical, 2);
            merger.add(10.6, 10.7, 3, 1, ItemSkewed, 1);
        }
        QCOMPARE(out.size(), size_t(1));
        QVERIFY(out[0].has(ItemMerged));
        QVERIFY(out[0].has(ItemCritical));
        QVERIFY(out[0].has(ItemSkewed));
        const TracePtr t = wideTrace(5000);
        QVERIFY(t);
        std::vector<uint16_t> marks(t->spanCount(), 0);
        marks[2500] = ItemCritical;
        const TimelineLayout layout = TimelineLayout::build(t, LaneMode::Depth, nullptr, &marks);
        const DrawList list = buildTimelineDrawList(*t, layout, request(*t, 0, t->endUs(), 800));
        size_t critical = 0;
        for (const DrawItem &item : list.row(layout.laneOf(2500)))
            critical += item.has(ItemCritical);
        QCOMPARE(critical, size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
