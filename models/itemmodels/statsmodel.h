#pragma once

#include "analysis/statistics.h"
#include "itemmodels/roles.h"
#include "itemmodels/sortablelistmodel.h"
#include "trace/trace.h"

namespace Osp {

/// Statistics rows (analysis/statistics) as a sortable table; a thin adapter: grouping and
/// figures are computed off the GUI thread, this only presents and reorders them.
class StatsModel : public SortableListModel
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

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    size_t itemCount() const override { return m_stats.rows.size(); }
    std::vector<int> reorder(int column, Qt::SortOrder order) override;

private:
    TracePtr m_trace;
    Statistics m_stats;
    int m_sortColumn = TotalColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
};

} // namespace Osp
