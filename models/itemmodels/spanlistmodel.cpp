#include "itemmodels/spanlistmodel.h"

#include "analysis/analysisutil.h"
#include "util/durationformat.h"

#include <algorithm>
#include <numeric>

namespace Osp {

namespace {

/// The span content of each column (SpanRoles); OtherField: the list's own.
constexpr SpanRoles::Field FieldOf[SpanListModel::ColumnCount] = { SpanRoles::OtherField,
    SpanRoles::NameField, SpanRoles::DurationField, SpanRoles::SelfField, SpanRoles::OtherField,
    SpanRoles::ServiceField, SpanRoles::HostField, SpanRoles::OtherField, SpanRoles::OtherField };

QVariant alignment(int column)
{
    const bool right = column == SpanListModel::RankColumn
        || column == SpanListModel::DurationColumn || column == SpanListModel::SelfColumn
        || column == SpanListModel::ValueColumn;
    return QVariant::fromValue(
        right ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
}

} // namespace

SpanListModel::SpanListModel(QObject *parent)
    : SortableListModel(ColumnCount, parent)
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

QVariant SpanListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_trace || size_t(index.row()) >= m_entries.size())
        return {};
    const int column = index.column();
    const SpanListEntry &e = m_entries[size_t(index.row())];
    if (role == Qt::TextAlignmentRole)
        return alignment(column);
    if (FieldOf[column] != SpanRoles::OtherField)
        return m_spanRoles.data(*m_trace, e.span, FieldOf[column], role);
    if (role == Qt::DisplayRole) {
        switch (column) {
        case RankColumn:
            return m_rank[size_t(index.row())];
        case ValueColumn:
            return e.valueUs < 0
                ? QString()
                : formatDuration(e.valueUs, m_trace->span(e.span).has(MsPrecision));
        case NoteColumn:
            return e.note.simplified();
        case PathColumn:
            return QString::fromStdString(pathText(*m_trace, e.span));
        }
    } else if (role == Qt::ToolTipRole) {
        if (column == NoteColumn && !e.note.isEmpty())
            return e.note.left(2000);
        if (column == PathColumn)
            return QString::fromStdString(pathText(*m_trace, e.span));
    }
    return m_spanRoles.data(*m_trace, e.span, SpanRoles::OtherField, role);
}

QVariant SpanListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role != Qt::DisplayRole || FieldOf[section] != SpanRoles::OtherField)
        return SpanRoles::headerData(FieldOf[section], role);
    switch (section) {
    case RankColumn:
        return QStringLiteral("#");
    case ValueColumn:
        return m_valueHeader;
    case NoteColumn:
        return m_noteHeader;
    case PathColumn:
        return tr("Path");
    }
    return {};
}

std::vector<int> SpanListModel::reorder(int column, Qt::SortOrder order)
{
    std::vector<size_t> perm(m_entries.size());
    std::iota(perm.begin(), perm.end(), size_t(0));
    if (m_trace) {
        const Trace &t = *m_trace;
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
    }
    std::vector<SpanListEntry> entries;
    std::vector<int> rank;
    std::vector<int> rowAfter(perm.size());
    entries.reserve(perm.size());
    for (size_t k : perm) {
        rowAfter[k] = int(entries.size());
        entries.push_back(std::move(m_entries[k]));
        rank.push_back(m_rank[k]);
    }
    m_entries = std::move(entries);
    m_rank = std::move(rank);
    return rowAfter;
}

} // namespace Osp
