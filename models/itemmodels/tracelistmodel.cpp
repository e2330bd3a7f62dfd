#include "tracelistmodel.h"

#include <QDateTime>

namespace Osp {

TraceListModel::TraceListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void TraceListModel::setTraces(std::vector<TraceSummary> traces)
{
    beginResetModel();
    m_traces = std::move(traces);
    refilter();
    endResetModel();
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

void TraceListModel::refilter()
{
    m_shown.clear();
    for (size_t i = 0; i < m_traces.size(); ++i) {
        const TraceSummary &t = m_traces[i];
        if (m_filter.isEmpty() || t.baseId.contains(m_filter, Qt::CaseInsensitive)
            || t.rootRequest.contains(m_filter, Qt::CaseInsensitive)
            || startText(t).contains(m_filter, Qt::CaseInsensitive))
            m_shown.push_back(i);
    }
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
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case StartColumn:
            return t->startUs ? startText(*t) + QStringLiteral(" UTC") : tr("unknown");
        case SpansColumn:
            return QString::number(t->spanCount());
        case RequestColumn:
            return t->rootRequest;
        case ErrorColumn:
            return t->hasError ? tr("error") : QString();
        case IdColumn:
            return t->baseId;
        }
    } else if (role == Qt::TextAlignmentRole) {
        return QVariant::fromValue(index.column() == SpansColumn
                ? Qt::AlignRight | Qt::AlignVCenter
                : Qt::AlignLeft | Qt::AlignVCenter);
    } else if (role == Qt::ToolTipRole && index.column() == SpansColumn) {
        return tr("%n event(s)", nullptr, int(t->eventCount));
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
    case SpansColumn:
        return tr("Spans");
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
