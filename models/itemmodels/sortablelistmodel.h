#pragma once

#include <QAbstractTableModel>

#include <vector>

namespace Osp {

/// A flat table of a few to a few thousand rows that sorts itself in place (the analysis
/// lists: cheap here, unlike the call tree): sort() moves the views' current and selected rows
/// along with their items.
class SortableListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    SortableListModel(int columns, QObject *parent);

    virtual size_t itemCount() const = 0;
    /// Puts the items in the order of column; returns, per row before, its row after.
    virtual std::vector<int> reorder(int column, Qt::SortOrder order) = 0;

private:
    int m_columns;
};

} // namespace Osp
