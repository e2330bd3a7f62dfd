#include "geometry/timelinedrawlist.h"

#include <algorithm>

namespace Osp {

int timelineLevelFor(
    const TimelineLayout &layout, const TimelineLane &lane, double usPerPx, double mergePx)
{
    int level = -1;
    for (int k = 0; k < int(lane.lodCount); ++k) {
        if (double(layout.lodGapUs(lane, k)) <= usPerPx * mergePx)
            level = k;
    }
    return level;
}

DrawList buildTimelineDrawList(
    const Trace &trace, const TimelineLayout &layout, const TimelineRequest &req)
{
    DrawList list;
    const auto &lanes = layout.lanes();
    const uint32_t first = std::min<uint32_t>(req.firstRow, uint32_t(lanes.size()));
    const uint32_t last = uint32_t(std::min<size_t>(size_t(first) + req.rowCount, lanes.size()));
    list.firstRow = first;
    list.rowStart.reserve(last - first + 1);
    const TimeMapping &m = req.mapping;
    const double usPerPx = m.usPerPx();
    // Anything more than a screen outside is clamped: floats keep their precision that way.
    const double minX = m.left - m.width, maxX = m.left + 2 * m.width;
    for (uint32_t r = first; r < last; ++r) {
        list.rowStart.push_back(uint32_t(list.items.size()));
        const TimelineLane &lane = lanes[r];
        if (lane.header)
            continue;
        const LaneRuns runs
            = layout.runs(lane, timelineLevelFor(layout, lane, usPerPx, req.mergePx));
        RowMerger merger(list.items, r, req.text, req.mergePx);
        for (size_t i = runs.firstVisible(m.fromUs); i < runs.size(); ++i) {
            const int64_t s = runs.startAt(i);
            if (s > m.toUs)
                break;
            ++list.visited;
            const int64_t e = runs.endAt(i);
            const double x0 = std::clamp(m.x(s), minX, maxX);
            const double x1 = std::clamp(m.x(e), minX, maxX);
            uint16_t flags = runs.flags[i];
            if (runs.countAt(i) > 1)
                flags |= ItemMerged;
            merger.add(x0, x1, runs.span[i], runs.countAt(i), flags, e - s);
        }
    }
    list.rowStart.push_back(uint32_t(list.items.size()));
    (void)trace;
    return list;
}

} // namespace Osp
