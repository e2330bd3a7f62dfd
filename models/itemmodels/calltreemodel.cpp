#include "itemmodels/calltreemodel.h"

#include "analysis/sortorder.h"

namespace Osp {

namespace {

/// The span content of each column (SpanRoles); the timeline is the delegate's.
constexpr SpanRoles::Field FieldOf[CallTreeModel::ColumnCount] = { SpanRoles::NameField,
    SpanRoles::OtherField, SpanRoles::DurationField, SpanRoles::SelfField, SpanRoles::ProjectField,
    SpanRoles::ServiceField, SpanRoles::HostField, SpanRoles::DetailsField };

} // namespace

CallTreeModel::CallTreeModel(QObject *parent)
    : FlatTreeModel(ColumnCount, parent)
{ }

void CallTreeModel::setTrace(TracePtr trace)
{
    resetRows([&] {
        m_trace = std::move(trace);
        m_visible.clear();
        m_matches.clear();
        m_matchCount = 0;
        m_sort.reset();
        m_posOf = {};
        m_critical.clear();
        startExpanded(m_trace ? m_trace->spanCount() : 0);
    });
}

uint32_t CallTreeModel::nodeAtPos(uint32_t pos) const
{
    return m_sort ? m_sort->preorder()[pos] : pos;
}

uint32_t CallTreeModel::posOfNode(uint32_t span) const
{
    return m_sort ? m_posOf[span] : span;
}

uint32_t CallTreeModel::subtreeSize(uint32_t span) const
{
    return m_trace->span(span).subtreeSize;
}

uint32_t CallTreeModel::parentOf(uint32_t span) const
{
    return m_trace->span(span).parent;
}

bool CallTreeModel::hasVisibleChildren(SpanIndex span) const
{
    if (!m_trace || span >= m_trace->spanCount())
        return false;
    if (m_trace->span(span).subtreeSize <= 1)
        return false;
    if (m_visible.empty())
        return true;
    for (SpanIndex c : m_trace->children(span))
        if (m_visible[c])
            return true;
    return false;
}

void CallTreeModel::setFilterResult(
    std::vector<uint8_t> visible, std::vector<uint8_t> matches, size_t matchCount)
{
    if (!m_trace || visible.size() != m_trace->spanCount()) {
        if (m_visible.empty())
            return;
        visible.clear();
        matches.clear();
        matchCount = 0;
    }
    resetRows([&] {
        m_visible = std::move(visible);
        m_matches = std::move(matches);
        m_matchCount = matchCount;
    });
}

void CallTreeModel::setSortOrder(std::shared_ptr<const SortOrder> order)
{
    if (order
        && (!m_trace || !order->isValid() || order->preorder().size() != m_trace->spanCount()))
        order.reset();
    if (!order && !m_sort)
        return;
    resetRows([&] {
        m_sort = std::move(order);
        if (m_sort) {
            const auto &preorder = m_sort->preorder();
            m_posOf.resize(preorder.size());
            for (uint32_t p = 0; p < preorder.size(); ++p)
                m_posOf[preorder[p]] = p;
        } else {
            m_posOf = {};
        }
    });
}

void CallTreeModel::setCriticalPath(std::vector<uint8_t> onPath)
{
    if (m_trace && !onPath.empty() && onPath.size() != m_trace->spanCount())
        onPath.clear();
    m_critical = std::move(onPath);
    if (rowCount() > 0)
        emit dataChanged(
            index(0, 0), index(rowCount() - 1, ColumnCount - 1), { Role::CriticalPathRole });
}

Qt::ItemFlags CallTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant CallTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (section == NameColumn && role == Qt::ToolTipRole)
        return tr("Trace point name; red marks an exception");
    if (section == TimelineColumn && role == Qt::DisplayRole)
        return tr("Timeline");
    if (section == TimelineColumn && role == Qt::ToolTipRole)
        return tr("When the span ran, against the trace's time range");
    return SpanRoles::headerData(FieldOf[section], role);
}

QVariant CallTreeModel::data(const QModelIndex &index, int role) const
{
    const SpanIndex i = index.isValid() && m_trace ? spanAt(index.row()) : NoSpan;
    if (i == NoSpan || index.column() >= ColumnCount)
        return {};
    switch (role) {
    case Role::HasChildrenRole:
        return hasVisibleChildren(i);
    case Role::ExpandedRole:
        return isExpanded(i);
    case Role::MatchRole:
        return !m_matches.empty() && m_matches[i] != 0;
    case Role::CriticalPathRole:
        return !m_critical.empty() && m_critical[i] != 0;
    }
    return m_spanRoles.data(*m_trace, i, FieldOf[index.column()], role);
}

} // namespace Osp
