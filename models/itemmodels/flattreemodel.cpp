#include "itemmodels/flattreemodel.h"

#include <algorithm>

namespace Osp {

FlatTreeModel::FlatTreeModel(int columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(columns)
{ }

int FlatTreeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FlatTreeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

uint32_t FlatTreeModel::nodeAt(int row) const
{
    return row >= 0 && size_t(row) < m_rows.size() ? m_rows[size_t(row)] : NoNode;
}

int FlatTreeModel::visibleRowOf(uint32_t node) const
{
    if (node >= m_expanded.size())
        return -1;
    // Rows ascend by position in both layouts.
    const uint32_t pos = posOfNode(node);
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), pos,
        [this](uint32_t r, uint32_t p) { return posOfNode(r) < p; });
    return it != m_rows.end() && *it == node ? int(it - m_rows.begin()) : -1;
}

int FlatTreeModel::revealNode(uint32_t node)
{
    if (node >= m_expanded.size() || !passes(node))
        return -1;
    const int row = visibleRowOf(node);
    if (row >= 0 || !isNested())
        return row;
    // Mark every collapsed ancestor expanded, then expand only the topmost one: its rows are
    // collected with the flags below already set, so the whole path is one insertion. (One
    // insertion per level was quadratic: 1.3 s for a 50,000-level chain.)
    uint32_t topmost = NoNode;
    for (uint32_t p = parentOf(node); p != NoNode; p = parentOf(p)) {
        if (!m_expanded[p]) {
            m_expanded[p] = 1;
            topmost = p;
        }
    }
    if (topmost != NoNode) {
        m_expanded[topmost] = 0;
        const int r = visibleRowOf(topmost);
        if (r >= 0)
            expand(r);
        else
            resetRows(); // cannot happen while the ancestors above are expanded; stay correct
    }
    return visibleRowOf(node);
}

void FlatTreeModel::startExpanded(size_t count)
{
    if (count <= ExpandAllLimit) {
        m_expanded.assign(count, 1);
        return;
    }
    m_expanded.assign(count, 0);
    for (size_t i = 0; i < count; ++i)
        if (parentOf(uint32_t(i)) == NoNode)
            m_expanded[i] = 1;
}

void FlatTreeModel::collectRows(uint32_t first, uint32_t end, std::vector<uint32_t> &out) const
{
    if (!isNested()) {
        for (uint32_t p = first; p < end; ++p)
            out.push_back(nodeAtPos(p));
        return;
    }
    uint32_t p = first;
    while (p < end) {
        const uint32_t node = nodeAtPos(p);
        if (!passes(node)) {
            p += subtreeSize(node);
            continue;
        }
        out.push_back(node);
        p += m_expanded[node] ? 1 : subtreeSize(node);
    }
}

void FlatTreeModel::rowChanged(int row)
{
    const QModelIndex i = index(row, 0);
    emit dataChanged(i, i);
}

void FlatTreeModel::toggle(int row)
{
    const uint32_t node = nodeAt(row);
    if (node == NoNode)
        return;
    if (m_expanded[node])
        collapse(row);
    else
        expand(row);
}

void FlatTreeModel::expand(int row)
{
    const uint32_t node = nodeAt(row);
    if (node == NoNode || !isNested() || m_expanded[node])
        return;
    m_expanded[node] = 1;
    std::vector<uint32_t> added;
    const uint32_t pos = posOfNode(node);
    collectRows(pos + 1, pos + subtreeSize(node), added);
    if (added.empty()) {
        rowChanged(row);
        return;
    }
    if (added.size() > LargeInsertion) {
        beginResetModel();
        m_rows.insert(m_rows.begin() + row + 1, added.begin(), added.end());
        endResetModel();
    } else {
        beginInsertRows({}, row + 1, row + int(added.size()));
        m_rows.insert(m_rows.begin() + row + 1, added.begin(), added.end());
        endInsertRows();
    }
    rowChanged(row);
    emit rowsChanged();
}

void FlatTreeModel::collapse(int row)
{
    const uint32_t node = nodeAt(row);
    if (node == NoNode || !isNested() || !m_expanded[node])
        return;
    m_expanded[node] = 0;
    const uint32_t end = posOfNode(node) + subtreeSize(node);
    const auto first = m_rows.begin() + row + 1;
    const auto last = std::lower_bound(
        first, m_rows.end(), end, [this](uint32_t r, uint32_t p) { return posOfNode(r) < p; });
    if (first != last) {
        beginRemoveRows({}, row + 1, row + int(last - first));
        m_rows.erase(first, last);
        endRemoveRows();
        emit rowsChanged();
    }
    rowChanged(row);
}

void FlatTreeModel::expandSubtree(int row)
{
    setSubtreeExpanded(row, true);
}

void FlatTreeModel::collapseSubtree(int row)
{
    setSubtreeExpanded(row, false);
}

void FlatTreeModel::setSubtreeExpanded(int row, bool expanded)
{
    const uint32_t node = nodeAt(row);
    if (node == NoNode || !isNested())
        return;
    // Collapse first, then set the flags below (every position of the subtree: the same nodes
    // in any pre-order) and, expanding, insert the whole subtree as one block.
    collapse(row);
    const uint32_t pos = posOfNode(node);
    const uint32_t end = pos + subtreeSize(node);
    for (uint32_t p = pos + 1; p < end; ++p)
        m_expanded[nodeAtPos(p)] = expanded;
    if (expanded)
        expand(row);
}

void FlatTreeModel::expandAll()
{
    resetRows([this] { std::fill(m_expanded.begin(), m_expanded.end(), uint8_t(1)); });
}

void FlatTreeModel::collapseAll()
{
    resetRows([this] { std::fill(m_expanded.begin(), m_expanded.end(), uint8_t(0)); });
}

} // namespace Osp
