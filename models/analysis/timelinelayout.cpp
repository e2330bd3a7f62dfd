#include "timelinelayout.h"

#include "drawlist.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <queue>
#include <unordered_map>

namespace Osp {

namespace {

bool stopped(const std::atomic<bool> *cancel, size_t i)
{
    return cancel && (i & 0x3FFF) == 0 && cancel->load(std::memory_order_relaxed);
}

uint16_t spanFlags(const Span &s)
{
    uint16_t f = 0;
    if (s.has(HasError))
        f |= ItemError;
    if (s.has(NoStopEvent))
        f |= ItemUnfinished;
    return f;
}

void finishRuns(LaneRuns &r)
{
    r.maxEnd.resize(r.end.size());
    int64_t m = INT64_MIN;
    for (size_t i = 0; i < r.end.size(); ++i)
        r.maxEnd[i] = m = std::max(m, r.end[i]);
}

/// Spans at least gapUs long stay themselves; shorter ones closer than gapUs to each other
/// become one cluster. Merging what would be under one pixel anyway changes no pixel.
LaneRuns summarise(const Trace &trace, const LaneRuns &raw, int64_t gapUs)
{
    LaneRuns out;
    out.gapUs = gapUs;
    bool pending = false;
    int64_t cs = 0, ce = 0, best = -1;
    SpanIndex rep = NoSpan;
    uint32_t count = 0;
    uint16_t flags = 0;
    auto flush = [&] {
        if (!pending)
            return;
        out.start.push_back(cs);
        out.end.push_back(ce);
        out.span.push_back(rep);
        out.count.push_back(count);
        out.flags.push_back(flags);
        pending = false;
    };
    for (size_t i = 0; i < raw.size(); ++i) {
        const int64_t s = raw.start[i], e = raw.end[i];
        if (e - s >= gapUs) {
            flush();
            out.start.push_back(s);
            out.end.push_back(e);
            out.span.push_back(raw.span[i]);
            out.count.push_back(raw.count[i]);
            out.flags.push_back(raw.flags[i]);
            continue;
        }
        if (pending && s <= ce + gapUs) {
            ce = std::max(ce, e);
            count += raw.count[i];
            flags |= raw.flags[i];
            if (e - s > best) {
                best = e - s;
                rep = raw.span[i];
            }
            continue;
        }
        flush();
        pending = true;
        cs = s;
        ce = e;
        best = e - s;
        rep = raw.span[i];
        count = raw.count[i];
        flags = raw.flags[i];
    }
    flush();
    finishRuns(out);
    (void)trace;
    return out;
}

void buildLevels(const Trace &trace, TimelineLane &lane, int64_t totalUs)
{
    finishRuns(lane.raw);
    // Gaps from ~1/2^20 of the trace up to ~1/256 of it, ×4 per level: whatever the zoom,
    // some level is at most 4× finer than a pixel, so a frame visits O(pixels) runs.
    int64_t gap = std::max<int64_t>(1, totalUs >> 20);
    size_t previous = lane.raw.size();
    while (previous > 64 && gap <= std::max<int64_t>(totalUs / 256, 1)) {
        LaneRuns level = summarise(trace, lane.lod.empty() ? lane.raw : lane.lod.back(), gap);
        // A level that saves little is not worth its memory; a coarser one may still.
        if (level.size() * 10 < previous * 8) {
            previous = level.size();
            lane.lod.push_back(std::move(level));
        }
        gap *= 4;
    }
}

} // namespace

size_t LaneRuns::firstVisible(int64_t fromUs) const
{
    return size_t(std::lower_bound(maxEnd.begin(), maxEnd.end(), fromUs) - maxEnd.begin());
}

TimelineLayout TimelineLayout::build(const Trace &trace, LaneMode mode,
    const std::atomic<bool> *cancel, const std::vector<uint16_t> *marks)
{
    TimelineLayout L;
    L.m_mode = mode;
    L.m_endUs = std::max<int64_t>(trace.endUs(), 1);
    const size_t n = trace.spanCount();
    L.m_laneOfSpan.assign(n, 0);
    if (n == 0)
        return L;
    const std::vector<Span> &spans = trace.spans();

    // Groups: one per call depth, or one per service/host/project in order of their first
    // span (so the request reads top-down), each with a title row.
    std::vector<std::vector<SpanIndex>> groupSpans;
    std::vector<StringId> groupKey;
    const bool titled = mode != LaneMode::Depth;
    if (!titled) {
        groupSpans.resize(trace.maxDepth() + 1);
        groupKey.assign(groupSpans.size(), NoString);
        for (SpanIndex i = 0; i < n; ++i)
            groupSpans[spans[i].depth].push_back(i);
    } else {
        auto keyOf = [mode](const Span &s) {
            return mode == LaneMode::Service ? s.service
                : mode == LaneMode::Host     ? s.host
                                             : s.project;
        };
        std::unordered_map<StringId, uint32_t> groupOf;
        std::vector<int64_t> groupStart;
        for (SpanIndex i = 0; i < n; ++i) {
            if (stopped(cancel, i))
                return {};
            const StringId k = keyOf(spans[i]);
            auto [it, fresh] = groupOf.try_emplace(k, uint32_t(groupSpans.size()));
            if (fresh) {
                groupSpans.emplace_back();
                groupKey.push_back(k);
                groupStart.push_back(spans[i].startUs);
            }
            groupSpans[it->second].push_back(i);
        }
        std::vector<uint32_t> order(groupSpans.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return groupStart[a] < groupStart[b]; });
        std::vector<std::vector<SpanIndex>> sorted(order.size());
        std::vector<StringId> keys(order.size());
        for (size_t k = 0; k < order.size(); ++k) {
            sorted[k] = std::move(groupSpans[order[k]]);
            keys[k] = groupKey[order[k]];
        }
        groupSpans = std::move(sorted);
        groupKey = std::move(keys);
    }

    // Inside a group, concurrent spans get rows of their own (greedy interval packing: each
    // span takes the lowest row free at its start), so nothing hides behind anything.
    std::vector<std::vector<SpanIndex>> members; // per lane
    for (uint32_t gi = 0; gi < groupSpans.size(); ++gi) {
        std::vector<SpanIndex> &list = groupSpans[gi];
        // Longer first at equal starts, so a parent sits above the child it encloses.
        std::stable_sort(list.begin(), list.end(), [&](SpanIndex a, SpanIndex b) {
            if (spans[a].startUs != spans[b].startUs)
                return spans[a].startUs < spans[b].startUs;
            return spans[a].endUs > spans[b].endUs;
        });
        TimelineGroup group { groupKey[gi], uint32_t(L.m_lanes.size()), 0, uint32_t(list.size()) };
        if (titled) {
            TimelineLane header;
            header.header = true;
            header.group = gi;
            L.m_lanes.push_back(std::move(header));
            members.emplace_back(); // the title row has no spans
        }
        std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> freeRows;
        using Busy = std::pair<int64_t, uint32_t>;
        std::priority_queue<Busy, std::vector<Busy>, std::greater<>> busy;
        uint32_t rows = 0;
        const size_t firstMember = members.size();
        for (size_t k = 0; k < list.size(); ++k) {
            if (stopped(cancel, k))
                return {};
            const Span &s = spans[list[k]];
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
                members.emplace_back();
            }
            // Zero-length spans still hold their row for that instant.
            busy.push({ std::max(s.endUs, s.startUs + 1), r });
            members[firstMember + r].push_back(list[k]);
        }
        if (rows == 0 && !titled) {
            rows = 1; // an empty depth still gets its row
            members.emplace_back();
        }
        for (uint32_t r = 0; r < rows; ++r) {
            TimelineLane lane;
            lane.group = gi;
            lane.rowInGroup = r + (titled ? 1 : 0);
            L.m_lanes.push_back(std::move(lane));
        }
        group.laneCount = uint32_t(L.m_lanes.size()) - group.firstLane;
        L.m_groups.push_back(group);
        list.clear();
        list.shrink_to_fit();
    }

    for (uint32_t li = 0; li < L.m_lanes.size(); ++li) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return {};
        std::vector<SpanIndex> &m = members[li];
        std::stable_sort(m.begin(), m.end(),
            [&](SpanIndex a, SpanIndex b) { return spans[a].startUs < spans[b].startUs; });
        LaneRuns &raw = L.m_lanes[li].raw;
        raw.start.reserve(m.size());
        raw.end.reserve(m.size());
        raw.span = m;
        raw.count.assign(m.size(), 1);
        raw.flags.reserve(m.size());
        for (SpanIndex i : m) {
            raw.start.push_back(spans[i].startUs);
            raw.end.push_back(spans[i].endUs);
            raw.flags.push_back(
                spanFlags(spans[i]) | (marks && i < marks->size() ? (*marks)[i] : 0));
            L.m_laneOfSpan[i] = li;
        }
        m.clear();
        m.shrink_to_fit();
        buildLevels(trace, L.m_lanes[li], L.m_endUs);
    }
    return L;
}

} // namespace Osp
