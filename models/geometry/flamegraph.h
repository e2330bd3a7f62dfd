#pragma once

#include "geometry/drawlist.h"
#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

namespace Osp {

/// What a flame graph frame's width stands for.
enum class FlameMetric : uint8_t {
    Duration, ///< a node is as wide as its span (children scaled down when concurrent)
    SelfTime, ///< a node is as wide as the self time of its subtree (always adds up)
};

/// One frame of the flame graph (icicle): a span, or with aggregation every span that shares
/// the same call path (names and services from the root). Assembled on request from the
/// graph's columns.
struct FlameNode
{
    double x0 = 0; ///< in value units (µs) from the left edge of the whole graph
    double width = 0; ///< in value units
    double value = 0; ///< unscaled value (µs): what tooltips report
    uint32_t depth = 0;
    uint32_t parent = UINT32_MAX;
    SpanIndex span = NoSpan; ///< the span, or with aggregation the longest of the merged ones
    uint32_t count = 1; ///< spans merged into this node
    uint16_t flags = 0; ///< DrawItemFlag bits: error, unfinished
};

/// The flame graph of a trace, laid out once off the GUI thread. A parent's node comes before
/// its children's, and the children of each node are indexed by x, so a frame visits only what
/// it shows. Stored as columns: without aggregation node i is span i, and the trace (kept
/// alive by the graph) tells parent and depth, so a node costs 34 bytes, not 60.
class FlameGraph
{
public:
    FlameMetric metric() const { return m_metric; }
    bool isAggregated() const { return m_aggregated; }
    size_t nodeCount() const { return m_geometry.size(); }
    FlameNode node(uint32_t i) const;
    double x0(uint32_t i) const { return m_geometry[i].x0; }
    double width(uint32_t i) const { return m_geometry[i].width; }
    /// Children of node (UINT32_MAX: the top-level nodes), ordered by x0.
    std::span<const uint32_t> children(uint32_t node) const;
    /// The node a span is drawn in (with aggregation, the node it was merged into).
    uint32_t nodeOfSpan(SpanIndex span) const
    {
        return m_aggregated ? m_nodeOfSpan[span] : span < nodeCount() ? span : UINT32_MAX;
    }
    double totalValue() const { return m_total; }
    uint32_t maxDepth() const { return m_maxDepth; }
    bool isEmpty() const { return m_geometry.empty(); }
    /// Node indices from the top level down to node (inclusive): the breadcrumb.
    std::vector<uint32_t> pathTo(uint32_t node) const;

    /// marks: extra DrawItemFlag bits per span (SpanMarks::flags), ORed into the nodes.
    static FlameGraph build(TracePtr trace, FlameMetric metric, bool aggregated,
        const std::atomic<bool> *cancel = nullptr, const std::vector<uint16_t> *marks = nullptr);

private:
    struct Geometry
    {
        double x0, width, value;
    };
    /// What a merged node of an aggregated graph needs beyond the span it stands for.
    struct Merged
    {
        uint32_t parent;
        uint32_t depth;
        SpanIndex span;
        uint32_t count;
    };
    uint32_t parentOf(uint32_t node) const;

    TracePtr m_trace;
    FlameMetric m_metric = FlameMetric::Duration;
    bool m_aggregated = false;
    std::vector<Geometry> m_geometry;
    std::vector<uint16_t> m_flags;
    std::vector<uint32_t> m_childOffset; ///< CSR, n + 2 entries; slot n holds the top level
    std::vector<uint32_t> m_childIndex;
    std::vector<Merged> m_merged; ///< aggregated graphs only
    std::vector<uint32_t> m_nodeOfSpan; ///< aggregated graphs only
    double m_total = 0;
    uint32_t m_maxDepth = 0;
};

/// What one flame graph frame shows: [fromValue, toValue] of the graph over the width.
struct FlameRequest
{
    double fromValue = 0;
    double toValue = 1;
    double left = 0;
    double width = 1;
    uint32_t firstRow = 0;
    uint32_t rowCount = 0;
    TextFit text;
    double mergePx = 1.0;

    bool operator==(const FlameRequest &o) const
    {
        return fromValue == o.fromValue && toValue == o.toValue && left == o.left
            && width == o.width && firstRow == o.firstRow && rowCount == o.rowCount
            && text.avgGlyphPx == o.text.avgGlyphPx && text.minChars == o.text.minChars
            && mergePx == o.mergePx;
    }
};

/// Draw list of a flame graph frame (row = depth). Sub-pixel siblings merge into one item,
/// found by binary search, and nothing below a merged or hidden node is visited.
DrawList buildFlameDrawList(const FlameGraph &graph, const FlameRequest &request);

} // namespace Osp
