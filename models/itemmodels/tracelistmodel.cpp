#include "itemmodels/tracelistmodel.h"

#include "util/durationformat.h"

#include <QDateTime>

namespace Osp {

TraceListModel::TraceListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void TraceListModel::setTraces(std::vector<TraceSummary> traces)
{
    beginResetModel();
    m_traces = std::move(traces);
    // Keep what is still true: a trace that got new events since (a live one) is read again.
    QHash<QString, DetailsEntry> kept;
    for (const TraceSummary &t : m_traces) {
        auto it = m_details.constFind(t.baseId);
        if (it != m_details.cend() && it->state != DetailsEntry::Pending
            && (it->state == DetailsEntry::Failed
                || it->details.eventCount == static_cast<size_t>(t.eventCount)))
            kept.insert(t.baseId, *it);
    }
    m_details = std::move(kept);
    refilter();
    endResetModel();
}

void TraceListModel::clearDetails()
{
    m_details.clear();
    if (!m_shown.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void TraceListModel::setFilterText(const QString &text)
{
    if (text == m_filter)
        return;
    beginResetModel();
    m_filter = text;
    refilter();
    endResetModel();
}

void TraceListModel::setTimeWindow(std::optional<int64_t> fromUs, std::optional<int64_t> toUs)
{
    if (fromUs == m_fromUs && toUs == m_toUs)
        return;
    beginResetModel();
    m_fromUs = fromUs;
    m_toUs = toUs;
    refilter();
    endResetModel();
}

void TraceListModel::refilter()
{
    m_shown.clear();
    m_rowOf.clear();
    const bool windowed = m_fromUs || m_toUs;
    for (size_t i = 0; i < m_traces.size(); ++i) {
        const TraceSummary &t = m_traces[i];
        if (windowed
            && (!t.startUs || (m_fromUs && *t.startUs < *m_fromUs)
                || (m_toUs && *t.startUs > *m_toUs)))
            continue;
        if (m_filter.isEmpty() || t.baseId.contains(m_filter, Qt::CaseInsensitive)
            || t.rootRequest.contains(m_filter, Qt::CaseInsensitive)
            || startText(t).contains(m_filter, Qt::CaseInsensitive)) {
            m_rowOf.insert(t.baseId, static_cast<int>(m_shown.size()));
            m_shown.push_back(i);
        }
    }
}

void TraceListModel::setVisibleRows(int first, int last)
{
    QStringList wanted;
    first = std::max(first, 0);
    last = std::min(last, rowCount() - 1);
    for (int row = first; row <= last; ++row) {
        const QString &id = m_traces[m_shown[static_cast<size_t>(row)]].baseId;
        auto it = m_details.find(id);
        if (it == m_details.end())
            it = m_details.insert(id, DetailsEntry {});
        if (it->state == DetailsEntry::Pending)
            wanted << id;
    }
    // Rows scrolled away lose their pending mark, so they are asked for when seen again.
    for (auto it = m_details.begin(); it != m_details.end();) {
        if (it->state == DetailsEntry::Pending && !wanted.contains(it.key()))
            it = m_details.erase(it);
        else
            ++it;
    }
    emit detailsWanted(wanted);
}

void TraceListModel::forgetPending()
{
    m_details.removeIf([](const auto &it) { return it.value().state == DetailsEntry::Pending; });
}

void TraceListModel::setDetails(const QString &baseId, const TraceDetails &details)
{
    DetailsEntry &e = m_details[baseId];
    e.state = DetailsEntry::Ready;
    e.details = details;
    e.error.clear();
    rowChanged(baseId);
}

void TraceListModel::setDetailsFailed(const QString &baseId, const QString &message)
{
    DetailsEntry &e = m_details[baseId];
    e.state = DetailsEntry::Failed;
    e.error = message;
    rowChanged(baseId);
}

void TraceListModel::rowChanged(const QString &baseId)
{
    const int row = m_rowOf.value(baseId, -1);
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

const TraceListModel::DetailsEntry *TraceListModel::entryAt(int row) const
{
    const TraceSummary *t = traceAt(row);
    if (!t)
        return nullptr;
    auto it = m_details.constFind(t->baseId);
    return it == m_details.cend() ? nullptr : &*it;
}

const TraceDetails *TraceListModel::detailsAt(int row) const
{
    const DetailsEntry *e = entryAt(row);
    return e && e->state == DetailsEntry::Ready ? &e->details : nullptr;
}

QString TraceListModel::startText(const TraceSummary &t)
{
    if (!t.startUs)
        return QString();
    return QDateTime::fromMSecsSinceEpoch(*t.startUs / 1000, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

const TraceSummary *TraceListModel::traceAt(int row) const
{
    return row >= 0 && size_t(row) < m_shown.size() ? &m_traces[m_shown[size_t(row)]] : nullptr;
}

int TraceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

int TraceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceListModel::data(const QModelIndex &index, int role) const
{
    const TraceSummary *t = index.isValid() ? traceAt(index.row()) : nullptr;
    if (!t)
        return {};
    const DetailsEntry *entry = entryAt(index.row());
    const TraceDetails *d
        = entry && entry->state == DetailsEntry::Ready ? &entry->details : nullptr;
    const bool lazy = index.column() == DurationColumn || index.column() == ServicesColumn;
    if (role == Qt::DisplayRole) {
        if (lazy && !d)
            return entry && entry->state == DetailsEntry::Failed ? QStringLiteral("?")
                                                                 : QStringLiteral("…");
        switch (index.column()) {
        case StartColumn:
            return t->startUs ? startText(*t) + QStringLiteral(" UTC") : tr("unknown");
        case DurationColumn:
            // "+": unfinished spans, so the request took at least this long.
            return QString(formatDuration(d->durationUs)
                + (d->unfinishedCount ? QStringLiteral("+") : QString()));
        case SpansColumn:
            return QString::number(d ? static_cast<qint64>(d->spanCount) : t->spanCount());
        case ServicesColumn:
            return d->services.join(QStringLiteral(", "));
        case RequestColumn:
            return t->rootRequest;
        case ErrorColumn:
            return t->hasError || (d && d->hasError) ? tr("error") : QString();
        case IdColumn:
            return t->baseId;
        }
    } else if (role == Qt::TextAlignmentRole) {
        return QVariant::fromValue(index.column() == SpansColumn || index.column() == DurationColumn
                ? Qt::AlignRight | Qt::AlignVCenter
                : Qt::AlignLeft | Qt::AlignVCenter);
    } else if (role == Qt::ToolTipRole) {
        if (lazy && entry && entry->state == DetailsEntry::Failed)
            return tr("Could not read the trace: %1").arg(entry->error);
        if (index.column() == DurationColumn && d && d->unfinishedCount)
            return tr("%n span(s) without a stop event: at least this long", nullptr,
                int(d->unfinishedCount));
        if (index.column() == SpansColumn)
            return tr("%n event(s)", nullptr, int(d ? d->eventCount : t->eventCount));
        if (index.column() == ServicesColumn && d)
            return d->services.join(QLatin1Char('\n'));
    } else if (role == Qt::UserRole) {
        return t->baseId;
    }
    return {};
}

QVariant TraceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StartColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case SpansColumn:
        return tr("Spans");
    case ServicesColumn:
        return tr("Services");
    case RequestColumn:
        return tr("Root request");
    case ErrorColumn:
        return tr("Error");
    case IdColumn:
        return tr("Trace id");
    }
    return {};
}

} // namespace Osp
