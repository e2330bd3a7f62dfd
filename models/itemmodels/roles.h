#pragma once

#include <Qt>

namespace Osp {

/// The one custom-role enum of every ospview item model (DESIGN.md, Layout): delegates read
/// typed values through these instead of parsing display text.
namespace Role {
enum : int {
    SpanIndexRole = Qt::UserRole + 1, ///< SpanIndex (uint) of the row
    DepthRole, ///< int, 0 for top-level spans
    HasChildrenRole, ///< bool: has children visible under the current filter
    ExpandedRole, ///< bool
    StartUsRole, ///< qint64, µs from the trace epoch
    EndUsRole, ///< qint64, effective end
    DurationUsRole, ///< qint64
    SelfUsRole, ///< qint64
    FlagsRole, ///< uint, SpanFlag bits
    IsErrorRole, ///< bool
    IsUnfinishedRole, ///< bool (no stop event)
    IsLastStartedRole, ///< bool: the HTML report's green row
    MatchRole, ///< bool: matches the filter itself (not only an ancestor)
    ServiceRole, ///< QString: service, for stable bar colours
    ExceptionRole, ///< QString: exception type, empty when none
    MsPrecisionRole, ///< bool: times are whole milliseconds
    CriticalPathRole, ///< bool: on the critical path (analysis/criticalpath)
    SpanListRole, ///< QVariantList of uint SpanIndex: the spans a row stands for
    ComparisonRowRole, ///< uint: the row's index in Comparison::rows
    DeltaRole, ///< qint64: signed change B − A behind a Δ cell (invalid in other columns)
    PresenceRole, ///< int: Osp::Presence of a comparison row (both, removed, added)
    ImpactRole, ///< double in [-1, 1]: Δ self against the largest |Δ self| of the comparison
};
} // namespace Role

} // namespace Osp
