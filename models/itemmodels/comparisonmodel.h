#pragma once

#include "compare/comparison.h"
#include "itemmodels/flattreemodel.h"
#include "itemmodels/roles.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace Osp {

/// The comparison tree (analysis/comparison) as a flat table, one row per aligned call path
/// with A, B, Δ and Δ% for count, duration and self time. A FlatTreeModel like the call tree:
/// "by impact" is a flat permutation of every aligned node, "call tree" is a sorted pre-order
/// with expand/collapse state, so two 1M-span traces cost a sort and a reset, never a QTreeView
/// expansion.
class ComparisonModel : public FlatTreeModel
{
    Q_OBJECT
public:
    /// Each B column comes right after its A column.
    enum Column {
        NameColumn,
        ImpactColumn, ///< the Δ self bar; sorting by it is the impact order
        CountAColumn,
        CountBColumn,
        CountDeltaColumn,
        DurationAColumn,
        DurationBColumn,
        DurationDeltaColumn,
        DurationPercentColumn,
        SelfAColumn,
        SelfBColumn,
        SelfDeltaColumn,
        SelfPercentColumn,
        DurationP95AColumn, ///< many vs many only
        DurationP95BColumn, ///< many vs many only
        TracesAColumn, ///< many vs many only: traces of the side with the path
        TracesBColumn, ///< many vs many only
        ServiceColumn,
        WorkColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum class Layout { Impact, Tree };

    explicit ComparisonModel(QObject *parent = nullptr);

    /// Takes a finished comparison; keeps the layout and sort column.
    void setComparison(std::shared_ptr<const Comparison> comparison);
    const std::shared_ptr<const Comparison> &comparison() const { return m_comparison; }

    Layout layout() const { return m_layout; }
    void setLayout(Layout layout);
    /// Whether a column means anything for this comparison (p95 and trace counts: many only).
    bool isColumnRelevant(int column) const;

    /// The Comparison::rows index shown at a model row (NoRow when out of range).
    uint32_t comparisonRowAt(int row) const { return nodeAt(row); }
    /// The model row of an aligned node, expanding its ancestors in the tree layout.
    int rowOfComparisonRow(uint32_t node) { return revealNode(node); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /// Flat layout: every row reordered. Tree layout: siblings reordered under their parent.
    /// ImpactColumn descending is the impact order (largest |Δ self| first).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

protected:
    /// Positions: the shown order (flat, or a pre-order keeping subtrees contiguous).
    uint32_t nodeAtPos(uint32_t pos) const override { return m_order[pos]; }
    uint32_t posOfNode(uint32_t node) const override { return m_posOf[node]; }
    uint32_t subtreeSize(uint32_t node) const override;
    uint32_t parentOf(uint32_t node) const override;
    bool isNested() const override { return m_layout == Layout::Tree; }

private:
    void rebuildOrder();
    QString tooltip(uint32_t node) const;
    QVariant display(uint32_t node, int column) const;
    int64_t deltaOf(uint32_t node, int column) const;

    std::shared_ptr<const Comparison> m_comparison;
    Layout m_layout = Layout::Impact;
    int m_sortColumn = ImpactColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    /// Every aligned node in shown order: flat, or a pre-order keeping subtrees contiguous.
    std::vector<uint32_t> m_order;
    std::vector<uint32_t> m_posOf; ///< node -> position in m_order
    int64_t m_maxSelfDelta = 1;
};

} // namespace Osp
