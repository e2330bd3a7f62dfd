#pragma once

#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace Osp {

inline constexpr uint32_t NoRow = 0xFFFFFFFFu;

/// Which group of traces a figure belongs to: A (baseline) or B (candidate).
enum class ComparisonSide : uint8_t { A = 0, B = 1 };

/// One side's figures for one aligned call path. With one trace per side they are that
/// trace's sums; with several, the median (and p95) over the side's traces of each trace's
/// sum, a trace without the path counting as 0.
struct SideFigures
{
    int64_t count = 0; ///< spans on this path (unfinished ones included)
    int64_t durationUs = 0; ///< summed durations (unfinished spans left out)
    int64_t selfUs = 0; ///< summed self times (unfinished spans left out)
    int64_t countP95 = 0;
    int64_t durationP95Us = 0;
    int64_t selfP95Us = 0;
    uint32_t tracesPresent = 0; ///< traces of the side in which the path occurs
    uint32_t unfinished = 0; ///< spans with no stop or start event, over every trace
    int32_t firstTrace = -1; ///< the side's first trace holding the path (index within side)
    SpanIndex firstSpan = NoSpan; ///< its first span on the path, to select it in that trace
};

/// Whether a row exists on both sides, or belongs to a subtree only one side has.
enum class Presence : uint8_t { Both, Removed /* only in A */, Added /* only in B */ };

/// One aligned node: a call path (names, services and work keys from the root down), rows in
/// pre-order of the aligned tree. Repeated siblings with the same key are one row.
struct ComparisonRow
{
    uint32_t parent = NoRow; ///< row index, NoRow at top level
    uint32_t depth = 0;
    uint32_t subtreeSize = 1; ///< this row and its descendants (pre-order: the next rows)
    StringId name = NoString; ///< in Comparison::strings
    StringId service = NoString;
    StringId work = NoString; ///< WorkKey of the spans ("" when they had no summary)
    Presence presence = Presence::Both;
    SideFigures a;
    SideFigures b;

    int64_t countDelta() const { return b.count - a.count; }
    int64_t durationDeltaUs() const { return b.durationUs - a.durationUs; }
    int64_t selfDeltaUs() const { return b.selfUs - a.selfUs; }
};

/// One input trace of a comparison, with Tukey's outlier test on its total duration.
struct ComparedTrace
{
    ComparisonSide side = ComparisonSide::A;
    QString source;
    std::string baseId;
    size_t spans = 0;
    int64_t totalUs = 0; ///< the request's duration (Trace::endUs)
    bool msPrecision = false;
    bool outlier = false; ///< total outside [Q1 - 1.5 IQR, Q3 + 1.5 IQR] of its side
};

/// Both requests' (or both groups') call trees aligned by call path, with A/B figures per
/// aligned node, for the comparison tree, `osptrace diff` and its --fail-if thresholds.
struct Comparison
{
    std::vector<ComparisonRow> rows; ///< pre-order of the aligned tree
    std::vector<uint32_t> impactOrder; ///< row indexes, largest |Δ self| first (then |Δ duration|)
    std::vector<ComparedTrace> traces; ///< side A's traces first, in input order
    StringPool strings; ///< names, services and work keys of rows
    size_t tracesA = 0;
    size_t tracesB = 0;
    int64_t totalA = 0; ///< median request duration of each side
    int64_t totalB = 0;
    int64_t totalP95A = 0;
    int64_t totalP95B = 0;
    bool msPrecision = false; ///< some input had whole-millisecond times only
    bool cancelled = false;

    int64_t totalDeltaUs() const { return totalB - totalA; }
    bool isManyVsMany() const { return tracesA > 1 || tracesB > 1; }
    /// "wsgi > rpc > db": the names from the top-level row down to row.
    std::string pathText(uint32_t row, std::string_view separator = " > ") const;
    std::string_view view(StringId id) const { return strings.view(id); }
};

/// Δ% of b against a: nullopt when a is 0 and b is not ("new"); 0 when both are 0.
inline std::optional<double> deltaPercent(int64_t a, int64_t b)
{
    if (a == 0)
        return b == 0 ? std::optional<double>(0.0) : std::nullopt;
    return 100.0 * static_cast<double>(b - a) / static_cast<double>(a);
}

/// Options of the alignment.
struct ComparisonOptions
{
    bool foldNumbers = true; ///< all-digit path segments compare equal (`/servers/{n}`)
};

/// Aligns two traces by call path (ComparisonBuilder with one trace per side).
Comparison compareTraces(const Trace &a, const Trace &b, const ComparisonOptions &options = {},
    const std::atomic<bool> *cancel = nullptr);

/// Aligns N baseline traces with M candidate traces: medians, p95s and outliers per side.
Comparison compareTraceSets(const std::vector<const Trace *> &baseline,
    const std::vector<const Trace *> &candidate, const ComparisonOptions &options = {},
    const std::atomic<bool> *cancel = nullptr);

} // namespace Osp
