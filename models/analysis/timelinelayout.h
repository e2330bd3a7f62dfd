#pragma once

#include "trace/trace.h"

#include <atomic>
#include <cstdint>
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
/// start. maxEnd is the running maximum of the ends, so "the first run that can reach
/// fromUs" is a binary search even when runs overlap.
struct LaneRuns
{
    int64_t gapUs = 0; ///< clusters merge spans shorter than this closer than this (0: raw spans)
    std::vector<int64_t> start;
    std::vector<int64_t> end;
    std::vector<int64_t> maxEnd;
    std::vector<SpanIndex> span; ///< the run's representative (its longest span)
    std::vector<uint32_t> count; ///< spans in the run
    std::vector<uint16_t> flags; ///< DrawItemFlag bits (error, unfinished) of any span in it

    size_t size() const { return start.size(); }
    /// First run whose maxEnd ≥ fromUs: nothing before it can be visible.
    size_t firstVisible(int64_t fromUs) const;
};

/// One row of the timeline: a group title row (no spans) or a lane of spans.
struct TimelineLane
{
    bool header = false;
    uint32_t group = 0; ///< index into TimelineLayout::groups
    uint32_t rowInGroup = 0;
    LaneRuns raw; ///< every span of the lane
    std::vector<LaneRuns> lod; ///< coarser summaries, gapUs ascending
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
    /// The row each span is drawn in.
    uint32_t laneOf(SpanIndex span) const { return m_laneOfSpan[span]; }
    bool isEmpty() const { return m_lanes.empty(); }

    /// Builds the layout; returns an empty layout when *cancel becomes true. marks: extra
    /// DrawItemFlag bits per span (SpanMarks::flags), kept through the level-of-detail runs.
    static TimelineLayout build(const Trace &trace, LaneMode mode,
        const std::atomic<bool> *cancel = nullptr, const std::vector<uint16_t> *marks = nullptr);

private:
    LaneMode m_mode = LaneMode::Depth;
    std::vector<TimelineLane> m_lanes;
    std::vector<TimelineGroup> m_groups;
    std::vector<uint32_t> m_laneOfSpan;
    int64_t m_endUs = 1;
};

} // namespace Osp
