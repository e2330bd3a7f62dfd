#include "itemmodels/sortablelistmodel.h"

namespace Osp {

SortableListModel::SortableListModel(int columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(columns)
{ }

int SortableListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(itemCount());
}

int SortableListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

void SortableListModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns)
        return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    const std::vector<int> rowAfter = reorder(column, order);
    QModelIndexList after;
    for (const QModelIndex &i : before) {
        const size_t row = size_t(i.row());
        after << (row < rowAfter.size() ? index(rowAfter[row], i.column()) : QModelIndex());
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace Osp
