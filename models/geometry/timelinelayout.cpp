#include "geometry/timelinelayout.h"

#include "geometry/drawlist.h"
#include "util/cancellation.h"

#include <algorithm>
#include <numeric>
#include <queue>
#include <unordered_map>

namespace Osp {

namespace {

uint16_t spanFlags(const Span &s)
{
    uint16_t f = 0;
    if (s.has(HasError))
        f |= ItemError;
    if (s.has(NoStopEvent))
        f |= ItemUnfinished;
    return f;
}

/// Stable counting sort of items by key (keys < keyCount): returns the items ordered by key
/// and the offset where each key's run begins (keyCount + 1 entries).
template <typename ItemAt, typename KeyOf>
std::vector<SpanIndex> orderByKey(
    size_t n, ItemAt itemAt, KeyOf keyOf, size_t keyCount, std::vector<uint32_t> &begin)
{
    begin.assign(keyCount + 1, 0);
    for (size_t k = 0; k < n; ++k)
        ++begin[keyOf(itemAt(k)) + 1];
    std::partial_sum(begin.begin(), begin.end(), begin.begin());
    std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
    std::vector<SpanIndex> out(n);
    for (size_t k = 0; k < n; ++k) {
        const SpanIndex i = itemAt(k);
        out[next[keyOf(i)]++] = i;
    }
    return out;
}

} // namespace

size_t LaneRuns::firstVisible(int64_t fromUs) const
{
    size_t lo = 0, hi = size();
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (endAt(mid) < fromUs)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

LaneRuns TimelineLayout::view(const RunColumns &c, RunSlice s) const
{
    LaneRuns r;
    r.gapUs = s.gapUs;
    if (&c == &m_raw) {
        r.spans = m_trace->spans().data();
    } else {
        r.start = std::span(c.start).subspan(s.begin, s.size);
        r.end = std::span(c.end).subspan(s.begin, s.size);
    }
    r.span = std::span(c.span).subspan(s.begin, s.size);
    if (!c.count.empty())
        r.count = std::span(c.count).subspan(s.begin, s.size);
    r.flags = std::span(c.flags).subspan(s.begin, s.size);
    return r;
}

LaneRuns TimelineLayout::runs(const TimelineLane &lane, int level) const
{
    return level < 0 ? view(m_raw, lane.raw)
                     : view(m_lod, m_lodSlices[lane.firstLod + uint32_t(level)]);
}

TimelineLayout TimelineLayout::build(TracePtr tracePtr, LaneMode mode,
    const std::atomic<bool> *cancel, const std::vector<uint16_t> *marks)
{
    TimelineLayout L;
    if (!tracePtr)
        return L;
    const Trace &trace = *tracePtr;
    L.m_trace = std::move(tracePtr);
    L.m_mode = mode;
    L.m_endUs = std::max<int64_t>(trace.endUs(), 1);
    const size_t n = trace.spanCount();
    if (n == 0)
        return L;
    const std::vector<Span> &spans = trace.spans();

    // Groups: one per call depth, or one per service/host/project in order of their first
    // span (so the request reads top-down), each with a title row.
    const bool titled = mode != LaneMode::Depth;
    std::vector<uint32_t> groupOf(n);
    std::vector<StringId> groupKey;
    if (!titled) {
        groupKey.assign(size_t(trace.maxDepth()) + 1, NoString);
        for (SpanIndex i = 0; i < n; ++i)
            groupOf[i] = spans[i].depth;
    } else {
        auto keyOf = [mode](const Span &s) {
            return mode == LaneMode::Service ? s.service
                : mode == LaneMode::Host     ? s.host
                                             : s.project;
        };
        std::unordered_map<StringId, uint32_t> firstSeen;
        std::vector<int64_t> groupStart;
        for (SpanIndex i = 0; i < n; ++i) {
            if (isCancelled<TightLoopCancelStride>(cancel, i))
                return {};
            const StringId k = keyOf(spans[i]);
            auto [it, fresh] = firstSeen.try_emplace(k, uint32_t(groupKey.size()));
            if (fresh) {
                groupKey.push_back(k);
                groupStart.push_back(spans[i].startUs);
            }
            groupOf[i] = it->second;
        }
        std::vector<uint32_t> order(groupKey.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return groupStart[a] < groupStart[b]; });
        std::vector<uint32_t> rank(order.size());
        std::vector<StringId> keys(order.size());
        for (uint32_t k = 0; k < order.size(); ++k) {
            rank[order[k]] = k;
            keys[k] = groupKey[order[k]];
        }
        groupKey = std::move(keys);
        for (uint32_t &g : groupOf)
            g = rank[g];
    }
    std::vector<uint32_t> groupBegin;
    std::vector<SpanIndex> byGroup = orderByKey(
        n, [](size_t k) { return SpanIndex(k); }, [&](SpanIndex i) { return groupOf[i]; },
        groupKey.size(), groupBegin);
    groupOf = {};

    L.packLanes(trace, byGroup, groupBegin, groupKey, titled, cancel);
    if (isCancelled(cancel))
        return {};
    // Each lane's spans one after another, in start order: a stable sort by lane of the
    // groups' start-sorted lists.
    std::vector<uint32_t> laneBegin;
    L.m_raw.span = orderByKey(
        n, [&](size_t k) { return byGroup[k]; }, [&](SpanIndex i) { return L.m_laneOfSpan[i]; },
        L.m_lanes.size(), laneBegin);
    byGroup = {};
    for (size_t li = 0; li < L.m_lanes.size(); ++li)
        L.m_lanes[li].raw = { laneBegin[li], laneBegin[li + 1] - laneBegin[li], 0 };
    L.fillRuns(trace, marks);

    RunColumns scratch;
    for (size_t li = 0; li < L.m_lanes.size(); ++li) {
        if (isCancelled<TightLoopCancelStride>(cancel, li))
            return {};
        L.buildLevels(L.m_lanes[li], scratch);
    }
    L.m_lanes.shrink_to_fit();
    L.m_lod.eachColumn([](auto &column) { column.shrink_to_fit(); });
    L.m_lodSlices.shrink_to_fit();
    return L;
}

/// Inside a group, concurrent spans get rows of their own (greedy interval packing: each
/// span takes the lowest row free at its start), so nothing hides behind anything.
void TimelineLayout::packLanes(const Trace &trace, std::vector<SpanIndex> &byGroup,
    const std::vector<uint32_t> &groupBegin, const std::vector<StringId> &groupKey, bool titled,
    const std::atomic<bool> *cancel)
{
    const std::vector<Span> &spans = trace.spans();
    m_laneOfSpan.assign(spans.size(), 0);
    for (uint32_t gi = 0; gi < groupKey.size(); ++gi) {
        const auto first = byGroup.begin() + groupBegin[gi];
        const auto last = byGroup.begin() + groupBegin[gi + 1];
        // Longer first at equal starts, so a parent sits above the child it encloses.
        std::stable_sort(first, last, [&](SpanIndex a, SpanIndex b) {
            if (spans[a].startUs != spans[b].startUs)
                return spans[a].startUs < spans[b].startUs;
            return spans[a].endUs > spans[b].endUs;
        });
        TimelineGroup group { groupKey[gi], uint32_t(m_lanes.size()), 0, uint32_t(last - first) };
        const uint32_t firstRow = group.firstLane + (titled ? 1 : 0);
        std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> freeRows;
        using Busy = std::pair<int64_t, uint32_t>;
        std::priority_queue<Busy, std::vector<Busy>, std::greater<>> busy;
        uint32_t rows = 0;
        for (auto it = first; it != last; ++it) {
            if (isCancelled<TightLoopCancelStride>(cancel, size_t(it - first)))
                return;
            const Span &s = spans[*it];
            while (!busy.empty() && busy.top().first <= s.startUs) {
                freeRows.push(busy.top().second);
                busy.pop();
            }
            uint32_t r;
            if (!freeRows.empty()) {
                r = freeRows.top();
                freeRows.pop();
            } else {
                r = rows++;
            }
            // Zero-length spans still hold their row for that instant.
            busy.push({ std::max(s.endUs, s.startUs + 1), r });
            m_laneOfSpan[*it] = firstRow + r;
        }
        if (rows == 0 && !titled)
            rows = 1; // an empty depth still gets its row
        if (titled) {
            TimelineLane header;
            header.header = true;
            header.group = gi;
            m_lanes.push_back(header);
        }
        for (uint32_t r = 0; r < rows; ++r) {
            TimelineLane lane;
            lane.group = gi;
            lane.rowInGroup = r + (titled ? 1 : 0);
            m_lanes.push_back(lane);
        }
        group.laneCount = uint32_t(m_lanes.size()) - group.firstLane;
        m_groups.push_back(group);
    }
}

/// The raw flags column from the span order m_raw.span (times stay in the span records).
/// Within a lane each span starts at or after the previous one's end (packLanes), so the ends
/// ascend as the starts do.
void TimelineLayout::fillRuns(const Trace &trace, const std::vector<uint16_t> *marks)
{
    const std::vector<Span> &spans = trace.spans();
    m_raw.flags.resize(m_raw.span.size());
    for (size_t k = 0; k < m_raw.span.size(); ++k) {
        const SpanIndex i = m_raw.span[k];
        m_raw.flags[k] = spanFlags(spans[i]) | (marks && i < marks->size() ? (*marks)[i] : 0);
    }
}

namespace {

/// Spans at least gapUs long stay themselves; shorter ones closer than gapUs to each other
/// become one cluster. Merging what would be under one pixel anyway changes no pixel.
void summarise(const LaneRuns &in, int64_t gapUs, RunColumns &out)
{
    bool pending = false;
    int64_t cs = 0, ce = 0, best = -1;
    SpanIndex rep = NoSpan;
    uint32_t n = 0;
    uint16_t f = 0;
    auto flush = [&] {
        if (pending)
            out.push(cs, ce, rep, n, f);
        pending = false;
    };
    for (size_t i = 0; i < in.size(); ++i) {
        const int64_t s = in.startAt(i), e = in.endAt(i);
        if (e - s >= gapUs) {
            flush();
            out.push(s, e, in.span[i], in.countAt(i), in.flags[i]);
            continue;
        }
        if (pending && s <= ce + gapUs) {
            ce = std::max(ce, e);
            n += in.countAt(i);
            f |= in.flags[i];
            if (e - s > best) {
                best = e - s;
                rep = in.span[i];
            }
            continue;
        }
        flush();
        pending = true;
        cs = s;
        ce = e;
        best = e - s;
        rep = in.span[i];
        n = in.countAt(i);
        f = in.flags[i];
    }
    flush();
}

} // namespace

void TimelineLayout::buildLevels(TimelineLane &lane, RunColumns &level)
{
    // Gaps from ~1/2^20 of the trace up to ~1/256 of it, ×4 per level: whatever the zoom,
    // some level is at most 4× finer than a pixel, so a frame visits O(pixels) runs.
    const int64_t totalUs = m_endUs;
    int64_t gap = std::max<int64_t>(1, totalUs >> 20);
    size_t previous = lane.raw.size;
    lane.firstLod = uint32_t(m_lodSlices.size());
    while (previous > 64 && gap <= std::max<int64_t>(totalUs / 256, 1)) {
        // Into a scratch level first: the source may be the previous level in m_lod.
        level.eachColumn([](auto &column) { column.clear(); });
        summarise(runs(lane, int(lane.lodCount) - 1), gap, level);
        const size_t size = level.size();
        // A level that saves little is not worth its memory; a coarser one may still.
        if (size * 10 < previous * 8 && lane.lodCount < UINT8_MAX) {
            previous = size;
            m_lodSlices.push_back({ uint32_t(m_lod.start.size()), uint32_t(size), gap });
            ++lane.lodCount;
            m_lod.append(level);
        }
        gap *= 4;
    }
}

} // namespace Osp
