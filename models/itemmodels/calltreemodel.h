#pragma once

#include "itemmodels/roles.h"
#include "trace/trace.h"

#include <QAbstractTableModel>

#include <cstdint>
#include <memory>
#include <vector>

namespace Osp {

class SortOrder;

/// The call tree as a flat list, one row per visible span (DESIGN.md, Views): the view is a
/// plain list and the delegate draws indentation and arrows, so "expand all" over a million
/// spans is one reset instead of a million QTreeView::expand() calls, and filtering needs no
/// proxy model.
class CallTreeModel : public QAbstractTableModel
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

    /// Traces up to this size start fully expanded (as the HTML report); bigger ones show two
    /// levels.
    static constexpr size_t ExpandAllLimit = 10000;

    explicit CallTreeModel(QObject *parent = nullptr);

    void setTrace(TracePtr trace);
    const TracePtr &trace() const { return m_trace; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    SpanIndex spanAt(int row) const;
    /// The row showing span, expanding collapsed ancestors first; -1 when the filter hides it.
    int rowOfSpan(SpanIndex span);
    /// The row of span if it is visible now, else -1 (never changes the model).
    int visibleRowOfSpan(SpanIndex span) const;

    bool isExpanded(SpanIndex span) const { return span < m_expanded.size() && m_expanded[span]; }
    /// Whether span has children that the current filter lets through.
    bool hasVisibleChildren(SpanIndex span) const;

    void toggle(int row);
    void expand(int row);
    void collapse(int row);
    void expandSubtree(int row);
    void collapseSubtree(int row);
    void expandAll();
    void collapseAll();

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

signals:
    /// After every change of the visible rows (reset, expand, collapse, filter).
    void rowsChanged();

private:
    bool passes(SpanIndex i) const { return m_visible.empty() || m_visible[i]; }
    /// Position of a span in the shown pre-order (the sorted one when sorted): rows ascend by it.
    uint32_t posOf(SpanIndex i) const;
    SpanIndex spanAtPos(uint32_t pos) const;
    /// Appends the visible rows of positions [first, end), skipping collapsed subtrees.
    void collectRows(uint32_t first, uint32_t end, std::vector<SpanIndex> &out) const;
    void rebuild();
    QString tooltip(SpanIndex i) const;

    TracePtr m_trace;
    std::vector<uint8_t> m_expanded;
    std::vector<uint8_t> m_visible; ///< empty when no filter
    std::vector<uint8_t> m_matches;
    size_t m_matchCount = 0;
    std::vector<SpanIndex> m_rows; ///< ascending by posOf(): the shown pre-order is kept
    std::shared_ptr<const SortOrder> m_sort;
    std::vector<uint32_t> m_posOf; ///< inverse of m_sort's pre-order (one shown, one inverted)
    std::vector<uint8_t> m_critical;
};

} // namespace Osp
