#include "itemmodels/statsmodel.h"

#include "util/durationformat.h"

namespace Osp {

StatsModel::StatsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void StatsModel::setStatistics(TracePtr trace, Statistics stats)
{
    beginResetModel();
    m_trace = std::move(trace);
    m_stats = std::move(stats);
    sortStatsRows(m_stats.rows, StatsColumn(m_sortColumn), m_sortOrder == Qt::DescendingOrder);
    endResetModel();
}

const StatsRow *StatsModel::rowAt(int row) const
{
    return row >= 0 && size_t(row) < m_stats.rows.size() ? &m_stats.rows[size_t(row)] : nullptr;
}

int StatsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_stats.rows.size());
}

int StatsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatsModel::data(const QModelIndex &index, int role) const
{
    const StatsRow *r = index.isValid() ? rowAt(index.row()) : nullptr;
    if (!r)
        return {};
    const bool ms = m_trace && !m_trace->hasMicroseconds();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return r->key.empty() ? tr("(none)") : QString::fromStdString(r->key);
        case CountColumn:
            // Unfinished spans count, but their durations are left out (DESIGN.md).
            return r->unfinished ? tr("%1 (%2 unfinished)").arg(r->count).arg(r->unfinished)
                                 : QString::number(r->count);
        case TotalColumn:
            return formatDuration(r->totalUs, ms);
        case SelfColumn:
            return formatDuration(r->selfTotalUs, ms);
        case AverageColumn:
            return formatDuration(r->averageUs, ms);
        case MedianColumn:
            return formatDuration(r->medianUs, ms);
        case P95Column:
            return formatDuration(r->p95Us, ms);
        case MaxColumn:
            return formatDuration(r->maxUs, ms);
        case ShareColumn:
            return QStringLiteral("%1 %").arg(r->share * 100.0, 0, 'f', 1);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ShareColumn)
            return tr("Wall time with at least one span of this group running, of the whole "
                      "trace (nested spans are not counted twice)");
        if (index.column() == KeyColumn)
            return tr("%1\n%n span(s), %2 with an error", nullptr, int(r->count))
                .arg(QString::fromStdString(r->key))
                .arg(r->errors);
        return {};
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(index.column() == KeyColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                               : Qt::AlignRight | Qt::AlignVCenter);
    case Role::SpanIndexRole:
        return r->spans.empty() ? QVariant() : QVariant(uint(r->spans.front()));
    case Role::DurationUsRole:
        return qint64(r->totalUs);
    case Role::SelfUsRole:
        return qint64(r->selfTotalUs);
    case Role::IsErrorRole:
        return r->errors > 0;
    }
    return {};
}

QVariant StatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case KeyColumn:
            switch (m_stats.by) {
            case GroupBy::Type:
                return tr("Span type");
            case GroupBy::Service:
                return tr("Service");
            case GroupBy::Host:
                return tr("Host");
            case GroupBy::Project:
                return tr("Project");
            case GroupBy::Path:
                return tr("Call path");
            }
            return {};
        case CountColumn:
            return tr("Count");
        case TotalColumn:
            return tr("Total");
        case SelfColumn:
            return tr("Self");
        case AverageColumn:
            return tr("Average");
        case MedianColumn:
            return tr("Median");
        case P95Column:
            return tr("p95");
        case MaxColumn:
            return tr("Max");
        case ShareColumn:
            return tr("Share");
        }
    } else if (role == Qt::TextAlignmentRole) {
        return QVariant::fromValue(section == KeyColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                        : Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

void StatsModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    // A handful to a few thousand rows: sorting here is cheap, unlike the call tree.
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<std::string> keys;
    for (const QModelIndex &i : before)
        keys.push_back(m_stats.rows[size_t(i.row())].key);
    sortStatsRows(m_stats.rows, StatsColumn(column), order == Qt::DescendingOrder);
    QModelIndexList after;
    for (size_t k = 0; k < keys.size(); ++k) {
        int row = -1;
        for (size_t r = 0; r < m_stats.rows.size(); ++r)
            if (m_stats.rows[r].key == keys[k]) {
                row = int(r);
                break;
            }
        after << (row < 0 ? QModelIndex() : index(row, before[qsizetype(k)].column()));
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace Osp
