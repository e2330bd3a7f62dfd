#pragma once

#include "collectors/collectortypes.h"

#include <QAbstractTableModel>

#include <vector>

namespace Osp {

/// A collector's trace list (newest first) as a table, with a text filter over the id and
/// the root request; a thin adapter over TraceListResult.
class TraceListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StartColumn, SpansColumn, RequestColumn, ErrorColumn, IdColumn, ColumnCount };
    Q_ENUM(Column)

    explicit TraceListModel(QObject *parent = nullptr);

    void setTraces(std::vector<TraceSummary> traces);
    /// Case-insensitive substring over id, request and start time; empty shows all.
    void setFilterText(const QString &text);
    const TraceSummary *traceAt(int row) const;
    size_t totalCount() const { return m_traces.size(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void refilter();
    static QString startText(const TraceSummary &t);

    std::vector<TraceSummary> m_traces;
    std::vector<size_t> m_shown; ///< indexes into m_traces passing the filter
    QString m_filter;
};

} // namespace Osp
