#pragma once

#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

namespace Osp {

/// How the timeline arranges spans into rows.
enum class LaneMode : uint8_t {
    Depth, ///< a lane group per call depth (concurrent spans stacked inside)
    Service, ///< a swimlane group per service, spans stacked inside as concurrency needs
    Host,
    Project,
};

/// Runs of one lane at one level of detail: spans, or merged clusters of spans, sorted by
/// start. Runs of a lane never overlap (concurrent spans get rows of their own, clusters are
/// made of neighbours), so the ends ascend too and "the first run that can reach fromUs" is a
/// binary search over them. A view into the layout's columns; the raw level reads its times
/// from the span records (16 bytes a span not stored twice).
struct LaneRuns
{
    int64_t gapUs = 0; ///< clusters merge spans shorter than this closer than this (0: raw spans)
    const Span *spans = nullptr; ///< raw level: the trace's span records
    std::span<const int64_t> start; ///< summary levels only
    std::span<const int64_t> end; ///< summary levels only
    std::span<const SpanIndex> span; ///< the run's representative (its longest span)
    std::span<const uint32_t> count; ///< spans in the run; empty for raw spans (one each)
    std::span<const uint16_t> flags; ///< DrawItemFlag bits (error, unfinished) of any span in it

    size_t size() const { return span.size(); }
    int64_t startAt(size_t i) const { return spans ? spans[span[i]].startUs : start[i]; }
    /// A span that ends before it starts is drawn as an instant.
    int64_t endAt(size_t i) const
    {
        return spans ? std::max(spans[span[i]].endUs, spans[span[i]].startUs) : end[i];
    }
    uint32_t countAt(size_t i) const { return count.empty() ? 1 : count[i]; }
    /// First run whose end ≥ fromUs: nothing before it can be visible.
    size_t firstVisible(int64_t fromUs) const;
};

/// Where one level of a lane's runs lies in the layout's run columns.
struct RunSlice
{
    uint32_t begin = 0;
    uint32_t size = 0;
    int64_t gapUs = 0;
};

/// Runs as columns, for many lanes at once (slices of them are LaneRuns). Flat columns, not
/// vectors per lane: six heap blocks per lane cost more than the spans in deep traces. The raw
/// level leaves start, end and count empty.
struct RunColumns
{
    std::vector<int64_t> start, end;
    std::vector<SpanIndex> span;
    std::vector<uint32_t> count;
    std::vector<uint16_t> flags;

    size_t size() const { return span.size(); }
    void push(int64_t s, int64_t e, SpanIndex rep, uint32_t n, uint16_t f)
    {
        start.push_back(s);
        end.push_back(e);
        span.push_back(rep);
        count.push_back(n);
        flags.push_back(f);
    }
    void append(const RunColumns &o)
    {
        start.insert(start.end(), o.start.begin(), o.start.end());
        end.insert(end.end(), o.end.begin(), o.end.end());
        span.insert(span.end(), o.span.begin(), o.span.end());
        count.insert(count.end(), o.count.begin(), o.count.end());
        flags.insert(flags.end(), o.flags.begin(), o.flags.end());
    }
    /// Applies f to every column (each a std::vector): clear, shrink_to_fit…
    template <typename F> void eachColumn(F &&f)
    {
        f(start);
        f(end);
        f(span);
        f(count);
        f(flags);
    }
};

/// One row of the timeline: a group title row (no spans) or a lane of spans. Small and
/// allocation-free: the deep shape has half a million lanes.
struct TimelineLane
{
    bool header = false;
    uint8_t lodCount = 0; ///< coarser summaries, gapUs ascending, from firstLod
    uint32_t group = 0; ///< index into TimelineLayout::groups
    uint32_t rowInGroup = 0;
    uint32_t firstLod = 0;
    RunSlice raw; ///< every span of the lane
};

/// A swimlane group (service, host or project), or the single group of the depth layout.
struct TimelineGroup
{
    StringId key = NoString;
    uint32_t firstLane = 0;
    uint32_t laneCount = 0; ///< including the header row
    uint32_t spanCount = 0;
};

/// The per-trace precomputation behind the timeline (lane assignment and level-of-detail
/// summaries), built once off the GUI thread; frames then cost O(visible pixels), not O(spans).
class TimelineLayout
{
public:
    LaneMode mode() const { return m_mode; }
    const std::vector<TimelineLane> &lanes() const { return m_lanes; }
    const std::vector<TimelineGroup> &groups() const { return m_groups; }
    int64_t endUs() const { return m_endUs; }
    /// A lane's runs at a level of detail: -1 every span, 0… the summaries (lane.lodCount).
    LaneRuns runs(const TimelineLane &lane, int level) const;
    /// The merge gap of a lane's summary level (0 ≤ level < lane.lodCount).
    int64_t lodGapUs(const TimelineLane &lane, int level) const
    {
        return m_lodSlices[lane.firstLod + uint32_t(level)].gapUs;
    }
    /// The row each span is drawn in.
    uint32_t laneOf(SpanIndex span) const { return m_laneOfSpan[span]; }
    bool isEmpty() const { return m_lanes.empty(); }

    /// Builds the layout; returns an empty layout when *cancel becomes true. marks: extra
    /// DrawItemFlag bits per span (SpanMarks::flags), kept through the level-of-detail runs.
    static TimelineLayout build(TracePtr trace, LaneMode mode,
        const std::atomic<bool> *cancel = nullptr, const std::vector<uint16_t> *marks = nullptr);

private:
    TracePtr m_trace; ///< the raw runs' times are its span records
    LaneMode m_mode = LaneMode::Depth;
    std::vector<TimelineLane> m_lanes;
    std::vector<TimelineGroup> m_groups;
    std::vector<uint32_t> m_laneOfSpan;
    /// Every lane's runs, lanes one after another: raw spans (in lane order, exactly one entry
    /// per span, only span and flags) and the level-of-detail summaries.
    RunColumns m_raw;
    RunColumns m_lod;
    std::vector<RunSlice> m_lodSlices;

    LaneRuns view(const RunColumns &columns, RunSlice slice) const;
    void packLanes(const Trace &trace, std::vector<SpanIndex> &byGroup,
        const std::vector<uint32_t> &groupBegin, const std::vector<StringId> &groupKey, bool titled,
        const std::atomic<bool> *cancel);
    void fillRuns(const Trace &trace, const std::vector<uint16_t> *marks);
    void buildLevels(TimelineLane &lane, RunColumns &scratch);
    int64_t m_endUs = 1;
};

} // namespace Osp
