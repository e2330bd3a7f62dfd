#include "itemmodels/statsmodel.h"

#include "util/durationformat.h"

#include <iterator>
#include <unordered_map>

namespace Osp {

namespace {

/// Header texts, in Column order; the key column's is the grouping's, in GroupBy order.
constexpr const char *Headers[] = { nullptr, QT_TRANSLATE_NOOP("Osp::StatsModel", "Count"),
    QT_TRANSLATE_NOOP("Osp::StatsModel", "Total"), QT_TRANSLATE_NOOP("Osp::StatsModel", "Self"),
    QT_TRANSLATE_NOOP("Osp::StatsModel", "Average"), QT_TRANSLATE_NOOP("Osp::StatsModel", "Median"),
    QT_TRANSLATE_NOOP("Osp::StatsModel", "p95"), QT_TRANSLATE_NOOP("Osp::StatsModel", "Max"),
    QT_TRANSLATE_NOOP("Osp::StatsModel", "Share") };
static_assert(std::size(Headers) == StatsModel::ColumnCount);
constexpr const char *KeyHeaders[] = { QT_TRANSLATE_NOOP("Osp::StatsModel", "Span type"),
    QT_TRANSLATE_NOOP("Osp::StatsModel", "Service"), QT_TRANSLATE_NOOP("Osp::StatsModel", "Host"),
    QT_TRANSLATE_NOOP("Osp::StatsModel", "Project"),
    QT_TRANSLATE_NOOP("Osp::StatsModel", "Call path") };
static_assert(std::size(KeyHeaders) == size_t(GroupBy::Path) + 1);

/// The duration figure each duration column shows, in Column order (null elsewhere).
constexpr int64_t StatsRow::*DurationOf[]
    = { nullptr, nullptr, &StatsRow::totalUs, &StatsRow::selfTotalUs, &StatsRow::averageUs,
          &StatsRow::medianUs, &StatsRow::p95Us, &StatsRow::maxUs, nullptr };
static_assert(std::size(DurationOf) == StatsModel::ColumnCount);

QVariant alignment(int column)
{
    return QVariant::fromValue(column == StatsModel::KeyColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                               : Qt::AlignRight | Qt::AlignVCenter);
}

} // namespace

StatsModel::StatsModel(QObject *parent)
    : SortableListModel(ColumnCount, parent)
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

QVariant StatsModel::data(const QModelIndex &index, int role) const
{
    const StatsRow *r = index.isValid() ? rowAt(index.row()) : nullptr;
    if (!r)
        return {};
    const bool ms = m_trace && !m_trace->hasMicroseconds();
    switch (role) {
    case Qt::DisplayRole:
        if (const auto figure = DurationOf[index.column()])
            return formatDuration(r->*figure, ms);
        switch (index.column()) {
        case KeyColumn:
            return r->key.empty() ? tr("(none)") : QString::fromStdString(r->key);
        case CountColumn:
            // Unfinished spans count, but their durations are left out (DESIGN.md).
            return r->unfinished ? tr("%1 (%2 unfinished)").arg(r->count).arg(r->unfinished)
                                 : QString::number(r->count);
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
        return alignment(index.column());
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
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole)
        return tr(section == KeyColumn ? KeyHeaders[size_t(m_stats.by)] : Headers[section]);
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    return {};
}

std::vector<int> StatsModel::reorder(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    // Group keys are unique: they say where each row went.
    std::unordered_map<std::string, int> rowBefore;
    for (size_t r = 0; r < m_stats.rows.size(); ++r)
        rowBefore.emplace(m_stats.rows[r].key, int(r));
    sortStatsRows(m_stats.rows, StatsColumn(column), order == Qt::DescendingOrder);
    std::vector<int> rowAfter(m_stats.rows.size());
    for (size_t r = 0; r < m_stats.rows.size(); ++r)
        rowAfter[size_t(rowBefore[m_stats.rows[r].key])] = int(r);
    return rowAfter;
}

} // namespace Osp
