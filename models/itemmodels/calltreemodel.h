#pragma once

#include "itemmodels/flattreemodel.h"
#include "itemmodels/roles.h"
#include "itemmodels/spanroles.h"
#include "trace/trace.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace Osp {

class SortOrder;

/// The call tree as a flat list, one row per visible span (DESIGN.md, Views): the view is a
/// plain list and the delegate draws indentation and arrows, so "expand all" over a million
/// spans is one reset instead of a million QTreeView::expand() calls, and filtering needs no
/// proxy model.
class CallTreeModel : public FlatTreeModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        TimelineColumn,
        DurationColumn,
        SelfColumn,
        ProjectColumn,
        ServiceColumn,
        HostColumn,
        DetailsColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit CallTreeModel(QObject *parent = nullptr);

    void setTrace(TracePtr trace);
    const TracePtr &trace() const { return m_trace; }

    /// The colour of the exception line in tooltips (SpanRoles::setErrorColor).
    void setErrorColor(const QString &name) { m_spanRoles.setErrorColor(name); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    SpanIndex spanAt(int row) const { return nodeAt(row); }
    /// The row showing span, expanding collapsed ancestors first; -1 when the filter hides it.
    int rowOfSpan(SpanIndex span) { return revealNode(span); }
    /// The row of span if it is visible now, else -1 (never changes the model).
    int visibleRowOfSpan(SpanIndex span) const { return visibleRowOf(span); }

    /// Whether span has children that the current filter lets through.
    bool hasVisibleChildren(SpanIndex span) const;

    bool hasFilter() const { return !m_visible.empty(); }
    size_t filterMatchCount() const { return m_matchCount; }
    /// Per span: 1 when the span itself matches the filter (empty without a filter).
    const std::vector<uint8_t> &filterMatches() const { return m_matches; }
    /// A filter computed elsewhere (analysis/search, off the GUI thread): per-span visible and
    /// matching bits; empty vectors clear the filter.
    void setFilterResult(
        std::vector<uint8_t> visible, std::vector<uint8_t> matches, size_t matchCount);

    /// Siblings in the order of a SortOrder (analysis/sortorder, computed off the GUI thread);
    /// nullptr restores start order. Expansion, filter and selection are kept.
    void setSortOrder(std::shared_ptr<const SortOrder> order);
    const SortOrder *sortOrder() const { return m_sort.get(); }

    /// Per span: 1 on the critical path (Role::CriticalPathRole); empty clears it.
    void setCriticalPath(std::vector<uint8_t> onPath);

protected:
    /// Positions: the natural pre-order, or the SortOrder's (both keep subtrees contiguous).
    uint32_t nodeAtPos(uint32_t pos) const override;
    uint32_t posOfNode(uint32_t span) const override;
    uint32_t subtreeSize(uint32_t span) const override;
    uint32_t parentOf(uint32_t span) const override;
    bool passes(uint32_t span) const override { return m_visible.empty() || m_visible[span]; }

private:
    TracePtr m_trace;
    SpanRoles m_spanRoles;
    std::vector<uint8_t> m_visible; ///< empty when no filter
    std::vector<uint8_t> m_matches;
    size_t m_matchCount = 0;
    std::shared_ptr<const SortOrder> m_sort;
    std::vector<uint32_t> m_posOf; ///< inverse of m_sort's pre-order (one shown, one inverted)
    std::vector<uint8_t> m_critical;
};

} // namespace Osp
