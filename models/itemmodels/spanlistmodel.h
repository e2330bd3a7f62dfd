#pragma once

#include "itemmodels/roles.h"
#include "itemmodels/sortablelistmodel.h"
#include "itemmodels/spanroles.h"
#include "trace/trace.h"

#include <vector>

namespace Osp {

/// One row of a SpanListModel: a span plus what the list says about it.
struct SpanListEntry
{
    SpanIndex span = NoSpan;
    qint64 valueUs = -1; ///< the list's own measure (time on the critical path, skew); -1: none
    QString note; ///< the list's own text (exception, skew explanation)
};

/// A list of spans as a sortable table (top spans, errors, critical-path steps, skewed spans):
/// the lists come from analysis/, this adapts them. Views hide the columns they do not need.
/// Span columns, tooltips and roles are the call tree's (SpanRoles).
class SpanListModel : public SortableListModel
{
    Q_OBJECT
public:
    enum Column {
        RankColumn,
        NameColumn,
        DurationColumn,
        SelfColumn,
        ValueColumn,
        ServiceColumn,
        HostColumn,
        NoteColumn,
        PathColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit SpanListModel(QObject *parent = nullptr);

    void setEntries(TracePtr trace, std::vector<SpanListEntry> entries);
    /// Header texts of the two list-specific columns.
    void setValueHeader(const QString &header) { m_valueHeader = header; }
    void setNoteHeader(const QString &header) { m_noteHeader = header; }
    /// The colour of the exception line in tooltips (SpanRoles::setErrorColor).
    void setErrorColor(const QString &name) { m_spanRoles.setErrorColor(name); }

    const std::vector<SpanListEntry> &entries() const { return m_entries; }
    SpanIndex spanAt(int row) const;
    /// The row of span, or -1.
    int rowOfSpan(SpanIndex span) const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    size_t itemCount() const override { return m_entries.size(); }
    std::vector<int> reorder(int column, Qt::SortOrder order) override;

private:
    TracePtr m_trace;
    SpanRoles m_spanRoles;
    std::vector<SpanListEntry> m_entries;
    std::vector<int> m_rank; ///< per entry: its place in the list as computed (1-based)
    QString m_valueHeader;
    QString m_noteHeader;
};

} // namespace Osp
