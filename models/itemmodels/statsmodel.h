#pragma once

#include "analysis/statistics.h"
#include "itemmodels/roles.h"
#include "trace/trace.h"

#include <QAbstractTableModel>

namespace Osp {

/// Statistics rows (analysis/statistics) as a sortable table; a thin adapter: grouping and
/// figures are computed off the GUI thread, this only presents and reorders them.
class StatsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        KeyColumn,
        CountColumn,
        TotalColumn,
        SelfColumn,
        AverageColumn,
        MedianColumn,
        P95Column,
        MaxColumn,
        ShareColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit StatsModel(QObject *parent = nullptr);

    /// Takes over a computed result; keeps the current sort column.
    void setStatistics(TracePtr trace, Statistics stats);
    const Statistics &statistics() const { return m_stats; }
    const StatsRow *rowAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    TracePtr m_trace;
    Statistics m_stats;
    int m_sortColumn = TotalColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
};

} // namespace Osp
