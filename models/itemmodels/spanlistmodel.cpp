#include "itemmodels/spanlistmodel.h"

#include "analysis/analysisutil.h"
#include "util/durationformat.h"

#include <algorithm>
#include <numeric>

namespace Osp {

SpanListModel::SpanListModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_valueHeader(tr("Value"))
    , m_noteHeader(tr("Note"))
{ }

void SpanListModel::setEntries(TracePtr trace, std::vector<SpanListEntry> entries)
{
    beginResetModel();
    m_trace = std::move(trace);
    m_entries = std::move(entries);
    if (!m_trace)
        m_entries.clear();
    std::erase_if(
        m_entries, [this](const SpanListEntry &e) { return e.span >= m_trace->spanCount(); });
    m_rank.resize(m_entries.size());
    std::iota(m_rank.begin(), m_rank.end(), 1);
    endResetModel();
}

SpanIndex SpanListModel::spanAt(int row) const
{
    return row >= 0 && size_t(row) < m_entries.size() ? m_entries[size_t(row)].span : NoSpan;
}

int SpanListModel::rowOfSpan(SpanIndex span) const
{
    for (size_t r = 0; r < m_entries.size(); ++r)
        if (m_entries[r].span == span)
            return int(r);
    return -1;
}

int SpanListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int SpanListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SpanListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_trace || size_t(index.row()) >= m_entries.size())
        return {};
    const SpanListEntry &e = m_entries[size_t(index.row())];
    const Trace &t = *m_trace;
    const Span &s = t.span(e.span);
    const bool ms = s.has(MsPrecision);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RankColumn:
            return m_rank[size_t(index.row())];
        case NameColumn:
            return t.text(s.name);
        case DurationColumn:
            return s.has(NoStopEvent) ? QStringLiteral("≥ ") + formatDuration(s.durationUs(), ms)
                                      : formatDuration(s.durationUs(), ms);
        case SelfColumn:
            return formatDuration(s.selfUs, ms);
        case ValueColumn:
            return e.valueUs < 0 ? QString() : formatDuration(e.valueUs, ms);
        case ServiceColumn:
            return t.text(s.service);
        case HostColumn:
            return t.text(s.host);
        case NoteColumn:
            return e.note.simplified();
        case PathColumn:
            return QString::fromStdString(pathText(t, e.span));
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == NoteColumn && !e.note.isEmpty())
            return e.note.left(2000);
        if (index.column() == PathColumn || index.column() == NameColumn)
            return QString::fromStdString(pathText(t, e.span));
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case RankColumn:
        case DurationColumn:
        case SelfColumn:
        case ValueColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Role::SpanIndexRole:
        return uint(e.span);
    case Role::DepthRole:
        return int(s.depth);
    case Role::StartUsRole:
        return qint64(s.startUs);
    case Role::EndUsRole:
        return qint64(s.endUs);
    case Role::DurationUsRole:
        return qint64(s.durationUs());
    case Role::SelfUsRole:
        return qint64(s.selfUs);
    case Role::FlagsRole:
        return uint(s.flags);
    case Role::IsErrorRole:
        return s.has(HasError);
    case Role::IsUnfinishedRole:
        return s.has(NoStopEvent);
    case Role::ServiceRole:
        return t.text(s.service);
    case Role::ExceptionRole:
        return s.has(HasError) ? t.text(t.details(e.span).exception) : QString();
    case Role::MsPrecisionRole:
        return ms;
    }
    return {};
}

QVariant SpanListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case RankColumn:
            return QStringLiteral("#");
        case NameColumn:
            return tr("Name");
        case DurationColumn:
            return tr("Duration");
        case SelfColumn:
            return tr("Self");
        case ValueColumn:
            return m_valueHeader;
        case ServiceColumn:
            return tr("Service");
        case HostColumn:
            return tr("Host");
        case NoteColumn:
            return m_noteHeader;
        case PathColumn:
            return tr("Path");
        }
    } else if (role == Qt::TextAlignmentRole) {
        const bool right = section == RankColumn || section == DurationColumn
            || section == SelfColumn || section == ValueColumn;
        return QVariant::fromValue(
            right ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    }
    return {};
}

void SpanListModel::sort(int column, Qt::SortOrder order)
{
    if (!m_trace || column < 0 || column >= ColumnCount)
        return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<SpanIndex> keep;
    for (const QModelIndex &i : before)
        keep.push_back(m_entries[size_t(i.row())].span);

    const Trace &t = *m_trace;
    std::vector<size_t> perm(m_entries.size());
    std::iota(perm.begin(), perm.end(), size_t(0));
    auto key = [&](size_t k) -> std::pair<int64_t, QString> {
        const SpanListEntry &e = m_entries[k];
        const Span &s = t.span(e.span);
        switch (column) {
        case RankColumn:
            return { m_rank[k], {} };
        case DurationColumn:
            return { s.durationUs(), {} };
        case SelfColumn:
            return { s.selfUs, {} };
        case ValueColumn:
            return { e.valueUs, {} };
        case NameColumn:
            return { 0, t.text(s.name) };
        case ServiceColumn:
            return { 0, t.text(s.service) };
        case HostColumn:
            return { 0, t.text(s.host) };
        case NoteColumn:
            return { 0, e.note };
        case PathColumn:
            return { 0, QString::fromStdString(pathText(t, e.span)) };
        }
        return { 0, {} };
    };
    std::vector<std::pair<int64_t, QString>> keys(m_entries.size());
    for (size_t k = 0; k < keys.size(); ++k)
        keys[k] = key(k);
    std::stable_sort(perm.begin(), perm.end(), [&](size_t a, size_t b) {
        const int c = keys[a].first != keys[b].first
            ? (keys[a].first < keys[b].first ? -1 : 1)
            : keys[a].second.compare(keys[b].second, Qt::CaseInsensitive);
        return order == Qt::AscendingOrder ? c < 0 : c > 0;
    });
    std::vector<SpanListEntry> entries;
    std::vector<int> rank;
    entries.reserve(perm.size());
    for (size_t k : perm) {
        entries.push_back(std::move(m_entries[k]));
        rank.push_back(m_rank[k]);
    }
    m_entries = std::move(entries);
    m_rank = std::move(rank);

    QModelIndexList after;
    for (qsizetype k = 0; k < before.size(); ++k) {
        const int row = rowOfSpan(keep[size_t(k)]);
        after << (row < 0 ? QModelIndex() : index(row, before[k].column()));
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace Osp
