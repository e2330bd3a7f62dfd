#pragma once

#include <QAbstractTableModel>

#include <cstdint>
#include <vector>

namespace Osp {

/// A tree shown as a flat table, one row per visible node (DESIGN.md, Views): the rows are the
/// nodes of a pre-order with collapsed subtrees skipped by their size, so "expand all" is one
/// reset and opening a node is one insertion whatever the depth, never a QTreeView expansion.
/// Subclasses give the shape (the pre-order, subtree sizes, parents, an optional filter) and
/// show the tree in column 0; this keeps the expanded flags and the visible rows.
class FlatTreeModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    /// Nodes are the subclass's indexes; NoNode is none (the same value as NoSpan and NoRow).
    static constexpr uint32_t NoNode = 0xFFFFFFFFu;
    /// Trees up to this many nodes start fully expanded (as the HTML report); bigger ones show
    /// two levels.
    static constexpr size_t ExpandAllLimit = 10000;
    /// Rows past which an expansion resets the model instead of inserting: QTreeView lays a
    /// reset out in one pass, while its incremental insertion of 1M rows (a 500,000-level chain
    /// opened to select its last span) measured 90-110 ms against 73-77 ms for the reset. Views
    /// select their current row again after a reset, so nothing the user sees is lost.
    static constexpr size_t LargeInsertion = 100'000;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;

    /// The node shown at row (NoNode when out of range).
    uint32_t nodeAt(int row) const;
    /// The row of node if it is visible now, else -1 (never changes the model).
    int visibleRowOf(uint32_t node) const;
    /// The row of node, expanding its collapsed ancestors first; -1 when it cannot be shown.
    int revealNode(uint32_t node);

    bool isExpanded(uint32_t node) const { return node < m_expanded.size() && m_expanded[node]; }
    void toggle(int row);
    void expand(int row);
    void collapse(int row);
    void expandSubtree(int row);
    void collapseSubtree(int row);
    void expandAll();
    void collapseAll();

signals:
    /// After every change of the visible rows (reset, expand, collapse, filter, sort).
    void rowsChanged();

protected:
    FlatTreeModel(int columns, QObject *parent);

    /// The shape. Positions run over the shown pre-order (the sorted one when sorted); every
    /// subtree must be contiguous in it, so a skipped subtree is one jump by its size.
    virtual uint32_t nodeAtPos(uint32_t pos) const = 0;
    virtual uint32_t posOfNode(uint32_t node) const = 0;
    /// The node and its descendants.
    virtual uint32_t subtreeSize(uint32_t node) const = 0;
    virtual uint32_t parentOf(uint32_t node) const = 0;
    /// False hides a node with its whole subtree (a filter: nothing below a hidden node shows).
    virtual bool passes(uint32_t) const { return true; }
    /// False lists every node in position order with nothing to expand (a flat layout).
    virtual bool isNested() const { return true; }

    /// A new tree of count nodes, started expanded as ExpandAllLimit says. Call it inside
    /// resetRows, once the subclass's shape is in place.
    void startExpanded(size_t count);
    /// Applies change (to the shape or the flags) inside a model reset, collects the rows
    /// again and emits rowsChanged.
    template <class Change> void resetRows(Change change)
    {
        beginResetModel();
        change();
        m_rows.clear();
        collectRows(0, uint32_t(m_expanded.size()), m_rows);
        endResetModel();
        emit rowsChanged();
    }
    void resetRows()
    {
        resetRows([] {});
    }

private:
    /// Appends the visible nodes of positions [first, end), skipping collapsed subtrees.
    void collectRows(uint32_t first, uint32_t end, std::vector<uint32_t> &out) const;
    void setSubtreeExpanded(int row, bool expanded);
    void rowChanged(int row);

    std::vector<uint8_t> m_expanded; ///< per node; its size is the node count
    std::vector<uint32_t> m_rows; ///< visible nodes, ascending by position
    int m_columns;
};

} // namespace Osp
