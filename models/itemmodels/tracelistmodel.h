#pragma once

#include "collectors/collectortypes.h"

#include <QAbstractTableModel>
#include <QHash>

#include <optional>
#include <vector>

namespace Osp {

/// A collector's trace list (newest first) as a table, filtered by text and by a time window;
/// a thin adapter over TraceListResult. Duration, services and the error flag need the whole
/// trace: the view reports its visible rows (setVisibleRows), the model asks for the missing
/// ones (detailsWanted) and caches the answers per trace id (setDetails).
class TraceListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        StartColumn,
        DurationColumn,
        SpansColumn,
        ServicesColumn,
        RequestColumn,
        ErrorColumn,
        IdColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit TraceListModel(QObject *parent = nullptr);

    /// Cached details stay for traces whose event count is unchanged (a re-list of the same
    /// collector); call clearDetails() for another collector.
    void setTraces(std::vector<TraceSummary> traces);
    void clearDetails();
    /// Case-insensitive substring over id, request and start time; empty shows all.
    void setFilterText(const QString &text);
    /// Only traces that started in [fromUs, toUs] (µs since the Unix epoch; either end open).
    /// Traces of unknown start are hidden while a window is set.
    void setTimeWindow(std::optional<int64_t> fromUs, std::optional<int64_t> toUs);
    const TraceSummary *traceAt(int row) const;
    size_t totalCount() const { return m_traces.size(); }

    /// The rows on screen: emits detailsWanted for those with no details yet (and none pending).
    void setVisibleRows(int first, int last);
    void setDetails(const QString &baseId, const TraceDetails &details);
    /// The read failed: the row says so and is not asked for again.
    void setDetailsFailed(const QString &baseId, const QString &message);
    /// A pending read was dropped (scrolled away, dialog closed): it may be asked for again.
    void forgetPending();
    const TraceDetails *detailsAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    /// The visible rows' traces that need details, top to bottom; replaces any earlier wish.
    void detailsWanted(const QStringList &baseIds);

private:
    struct DetailsEntry
    {
        enum State { Pending, Ready, Failed } state = Pending;
        TraceDetails details;
        QString error;
    };
    void refilter();
    void rowChanged(const QString &baseId);
    const DetailsEntry *entryAt(int row) const;
    static QString startText(const TraceSummary &t);

    std::vector<TraceSummary> m_traces;
    std::vector<size_t> m_shown; ///< indexes into m_traces passing the filter
    QHash<QString, int> m_rowOf; ///< base id -> shown row
    QHash<QString, DetailsEntry> m_details;
    QString m_filter;
    std::optional<int64_t> m_fromUs, m_toUs;
};

} // namespace Osp
