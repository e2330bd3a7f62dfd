#pragma once

#include "roles.h"
#include "trace/trace.h"

#include <QAbstractTableModel>
#include <QRegularExpression>

#include <cstdint>
#include <vector>

namespace Osp {

/// The call tree as a flat list, one row per visible span (DESIGN.md, Views): the view is a
/// plain list and the delegate draws indentation and arrows, so "expand all" over a million
/// spans is one reset instead of a million QTreeView::expand() calls, and filtering needs no
/// proxy model.
class CallTreeModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, TimelineColumn, DurationColumn, SelfColumn, ProjectColumn,
                  ServiceColumn, HostColumn, DetailsColumn, ColumnCount };
    Q_ENUM(Column)

    /// Traces up to this size start fully expanded (as the HTML report); bigger ones show two
    /// levels.
    static constexpr size_t ExpandAllLimit = 10000;

    explicit CallTreeModel(QObject *parent = nullptr);

    void setTrace(TracePtr trace);
    const TracePtr &trace() const { return m_trace; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    SpanIndex spanAt(int row) const;
    /// The row showing span, expanding collapsed ancestors first; -1 when the filter hides it.
    int rowOfSpan(SpanIndex span);
    /// The row of span if it is visible now, else -1 (never changes the model).
    int visibleRowOfSpan(SpanIndex span) const;

    bool isExpanded(SpanIndex span) const { return span < m_expanded.size() && m_expanded[span]; }
    /// Whether span has children that the current filter lets through.
    bool hasVisibleChildren(SpanIndex span) const;

    void toggle(int row);
    void expand(int row);
    void collapse(int row);
    void expandSubtree(int row);
    void collapseSubtree(int row);
    void expandAll();
    void collapseAll();

    /// The HTML report's filter (case-insensitive regex over name, project, service, host);
    /// keeps matches and their ancestors. An empty pattern clears it.
    void setFilter(const QRegularExpression &re);
    bool hasFilter() const { return !m_visible.empty(); }
    size_t filterMatchCount() const { return m_matchCount; }

signals:
    /// After every change of the visible rows (reset, expand, collapse, filter).
    void rowsChanged();

private:
    bool passes(SpanIndex i) const { return m_visible.empty() || m_visible[i]; }
    /// Appends the visible rows of [first, end) in pre-order, skipping collapsed subtrees.
    void collectRows(SpanIndex first, SpanIndex end, std::vector<SpanIndex> &out) const;
    void rebuild();
    QString tooltip(SpanIndex i) const;

    TracePtr m_trace;
    std::vector<uint8_t> m_expanded;
    std::vector<uint8_t> m_visible; ///< empty when no filter
    std::vector<uint8_t> m_matches;
    size_t m_matchCount = 0;
    std::vector<SpanIndex> m_rows; ///< ascending: pre-order is kept
};

} // namespace Osp
