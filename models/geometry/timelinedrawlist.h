#pragma once

#include "geometry/drawlist.h"
#include "geometry/timelinelayout.h"
#include "geometry/timemapping.h"

namespace Osp {

/// What one timeline frame shows: the time range over the width, and the rows in view.
struct TimelineRequest
{
    TimeMapping mapping;
    uint32_t firstRow = 0;
    uint32_t rowCount = 0;
    TextFit text;
    double mergePx = 1.0;

    bool operator==(const TimelineRequest &o) const
    {
        return mapping.fromUs == o.mapping.fromUs && mapping.toUs == o.mapping.toUs
            && mapping.left == o.mapping.left && mapping.width == o.mapping.width
            && firstRow == o.firstRow && rowCount == o.rowCount
            && text.avgGlyphPx == o.text.avgGlyphPx && text.minChars == o.text.minChars
            && mergePx == o.mergePx;
    }
};

/// Builds the draw list of a timeline frame: per visible lane, cull by binary search, take the
/// coarsest level of detail that is still finer than a pixel, merge what stays sub-pixel.
DrawList buildTimelineDrawList(
    const Trace &trace, const TimelineLayout &layout, const TimelineRequest &request);

/// The level of detail buildTimelineDrawList uses for a lane at usPerPx (-1: raw spans).
int timelineLevelFor(
    const TimelineLayout &layout, const TimelineLane &lane, double usPerPx, double mergePx = 1.0);

} // namespace Osp
