#include "itemmodels/calltreemodel.h"

#include "analysis/sortorder.h"
#include "util/durationformat.h"

#include <algorithm>

namespace Osp {

namespace {

QString orNa(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("n/a") : s;
}

QString oneLine(const QString &s)
{
    return s.simplified();
}

} // namespace

CallTreeModel::CallTreeModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void CallTreeModel::setTrace(TracePtr trace)
{
    beginResetModel();
    m_trace = std::move(trace);
    m_visible.clear();
    m_matches.clear();
    m_matchCount = 0;
    m_rows.clear();
    m_expanded.clear();
    m_sort.reset();
    m_posOf = {};
    m_critical.clear();
    if (m_trace) {
        const size_t n = m_trace->spanCount();
        if (n <= ExpandAllLimit) {
            m_expanded.assign(n, 1);
        } else {
            m_expanded.assign(n, 0);
            for (size_t i = 0; i < n; ++i)
                if (m_trace->span(SpanIndex(i)).depth == 0)
                    m_expanded[i] = 1;
        }
        collectRows(0, uint32_t(n), m_rows);
    }
    endResetModel();
    emit rowsChanged();
}

uint32_t CallTreeModel::posOf(SpanIndex i) const
{
    return m_sort ? m_posOf[i] : i;
}

SpanIndex CallTreeModel::spanAtPos(uint32_t pos) const
{
    return m_sort ? m_sort->preorder()[pos] : pos;
}

void CallTreeModel::collectRows(uint32_t first, uint32_t end, std::vector<SpanIndex> &out) const
{
    // Both the natural and a sorted pre-order keep every subtree contiguous: skipping a
    // collapsed or hidden span is one jump by its subtree size in either.
    const auto &spans = m_trace->spans();
    uint32_t p = first;
    while (p < end) {
        const SpanIndex i = spanAtPos(p);
        if (!passes(i)) {
            p += spans[i].subtreeSize; // nothing below a hidden span matches
            continue;
        }
        out.push_back(i);
        p += m_expanded[i] ? 1 : spans[i].subtreeSize;
    }
}

void CallTreeModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    if (m_trace)
        collectRows(0, uint32_t(m_trace->spanCount()), m_rows);
    endResetModel();
    emit rowsChanged();
}

int CallTreeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CallTreeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

SpanIndex CallTreeModel::spanAt(int row) const
{
    return row >= 0 && size_t(row) < m_rows.size() ? m_rows[size_t(row)] : NoSpan;
}

int CallTreeModel::visibleRowOfSpan(SpanIndex span) const
{
    if (!m_trace || span >= m_trace->spanCount())
        return -1;
    const uint32_t pos = posOf(span);
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), pos,
        [this](SpanIndex r, uint32_t p) { return posOf(r) < p; });
    return it != m_rows.end() && *it == span ? int(it - m_rows.begin()) : -1;
}

int CallTreeModel::rowOfSpan(SpanIndex span)
{
    if (!m_trace || span >= m_trace->spanCount() || !passes(span))
        return -1;
    int row = visibleRowOfSpan(span);
    if (row >= 0)
        return row;
    // Mark every collapsed ancestor expanded, then expand only the topmost one: its rows are
    // collected with the flags below already set, so the whole path is one insertion. (One
    // insertion per level was quadratic: 1.3 s for a 50,000-level chain.)
    SpanIndex topmost = NoSpan;
    for (SpanIndex p = m_trace->span(span).parent; p != NoSpan; p = m_trace->span(p).parent) {
        if (!m_expanded[p]) {
            m_expanded[p] = 1;
            topmost = p;
        }
    }
    if (topmost != NoSpan) {
        m_expanded[topmost] = 0;
        const int r = visibleRowOfSpan(topmost);
        if (r >= 0)
            expand(r);
        else
            rebuild(); // cannot happen while the ancestors above are expanded; stay correct
    }
    return visibleRowOfSpan(span);
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

void CallTreeModel::toggle(int row)
{
    const SpanIndex s = spanAt(row);
    if (s == NoSpan)
        return;
    if (m_expanded[s])
        collapse(row);
    else
        expand(row);
}

namespace {
/// Rows past which an expansion resets the model instead of inserting: QTreeView lays a reset
/// out in one pass, while its incremental insertion of 1M rows (a 500,000-level chain opened
/// to select its last span) measured 90-110 ms against 73-77 ms for the reset. The view
/// selects the current span again after a reset, so nothing the user sees is lost.
constexpr size_t LargeInsertion = 100'000;
} // namespace

void CallTreeModel::expand(int row)
{
    const SpanIndex s = spanAt(row);
    if (s == NoSpan || m_expanded[s])
        return;
    m_expanded[s] = 1;
    std::vector<SpanIndex> added;
    collectRows(posOf(s) + 1, posOf(s) + m_trace->span(s).subtreeSize, added);
    if (added.empty()) {
        const QModelIndex i = index(row, NameColumn);
        emit dataChanged(i, i);
        return;
    }
    if (added.size() > LargeInsertion) {
        beginResetModel();
        m_rows.insert(m_rows.begin() + row + 1, added.begin(), added.end());
        endResetModel();
    } else {
        beginInsertRows({}, row + 1, row + int(added.size()));
        m_rows.insert(m_rows.begin() + row + 1, added.begin(), added.end());
        endInsertRows();
    }
    const QModelIndex i = index(row, NameColumn);
    emit dataChanged(i, i);
    emit rowsChanged();
}

void CallTreeModel::collapse(int row)
{
    const SpanIndex s = spanAt(row);
    if (s == NoSpan || !m_expanded[s])
        return;
    m_expanded[s] = 0;
    const uint32_t end = posOf(s) + m_trace->span(s).subtreeSize;
    const auto first = m_rows.begin() + row + 1;
    const auto last = std::lower_bound(
        first, m_rows.end(), end, [this](SpanIndex r, uint32_t p) { return posOf(r) < p; });
    const QModelIndex i = index(row, NameColumn);
    if (first != last) {
        beginRemoveRows({}, row + 1, row + int(last - first));
        m_rows.erase(first, last);
        endRemoveRows();
        emit rowsChanged();
    }
    emit dataChanged(i, i);
}

void CallTreeModel::expandSubtree(int row)
{
    const SpanIndex s = spanAt(row);
    if (s == NoSpan)
        return;
    // Collapse first, then set the flags and insert the whole subtree as one block.
    collapse(row);
    const SpanIndex end = m_trace->span(s).subtreeEnd(s);
    std::fill(m_expanded.begin() + s + 1, m_expanded.begin() + end, uint8_t(1));
    expand(row);
}

void CallTreeModel::collapseSubtree(int row)
{
    const SpanIndex s = spanAt(row);
    if (s == NoSpan)
        return;
    collapse(row);
    const SpanIndex end = m_trace->span(s).subtreeEnd(s);
    std::fill(m_expanded.begin() + s + 1, m_expanded.begin() + end, uint8_t(0));
}

void CallTreeModel::expandAll()
{
    std::fill(m_expanded.begin(), m_expanded.end(), uint8_t(1));
    rebuild();
}

void CallTreeModel::collapseAll()
{
    std::fill(m_expanded.begin(), m_expanded.end(), uint8_t(0));
    rebuild();
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
    m_visible = std::move(visible);
    m_matches = std::move(matches);
    m_matchCount = matchCount;
    rebuild();
}

void CallTreeModel::setSortOrder(std::shared_ptr<const SortOrder> order)
{
    if (order
        && (!m_trace || !order->isValid() || order->preorder().size() != m_trace->spanCount()))
        order.reset();
    if (!order && !m_sort)
        return;
    m_sort = std::move(order);
    if (m_sort) {
        const auto &preorder = m_sort->preorder();
        m_posOf.resize(preorder.size());
        for (uint32_t p = 0; p < preorder.size(); ++p)
            m_posOf[preorder[p]] = p;
    } else {
        m_posOf = {};
    }
    rebuild();
}

void CallTreeModel::setCriticalPath(std::vector<uint8_t> onPath)
{
    if (m_trace && !onPath.empty() && onPath.size() != m_trace->spanCount())
        onPath.clear();
    m_critical = std::move(onPath);
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1),
            { Role::CriticalPathRole });
}

Qt::ItemFlags CallTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant CallTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Name");
        case TimelineColumn:
            return tr("Timeline");
        case DurationColumn:
            return tr("Duration");
        case SelfColumn:
            return tr("Self");
        case ProjectColumn:
            return tr("Project");
        case ServiceColumn:
            return tr("Service");
        case HostColumn:
            return tr("Host");
        case DetailsColumn:
            return tr("Details");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case NameColumn:
            return tr("Trace point name; red marks an exception");
        case TimelineColumn:
            return tr("When the span ran, against the trace's time range");
        case DurationColumn:
            return tr("Wall time from start to stop");
        case SelfColumn:
            return tr("Time not covered by child spans");
        case DetailsColumn:
            return tr("Request, SQL statement or function");
        }
    } else if (role == Qt::TextAlignmentRole) {
        if (section == DurationColumn || section == SelfColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QString CallTreeModel::tooltip(SpanIndex i) const
{
    const Trace &t = *m_trace;
    const Span &s = t.span(i);
    const bool ms = s.has(MsPrecision);
    QString tip = QStringLiteral("<b>") + t.text(s.name).toHtmlEscaped() + QStringLiteral("</b>");
    tip += QStringLiteral("<br>")
        + tr("start %1, duration %2, self %3")
              .arg(formatDuration(s.startUs, ms), formatDuration(s.durationUs(), ms),
                  formatDuration(s.selfUs, ms));
    if (s.has(NoStopEvent))
        tip += QStringLiteral("<br>") + tr("<i>unfinished: no stop event</i>");
    if (s.has(NoStartEvent))
        tip += QStringLiteral("<br>") + tr("<i>no start event</i>");
    if (s.has(HasError)) {
        tip += QStringLiteral("<br><font color=\"#d32f2f\">")
            + t.text(t.details(i).exception).toHtmlEscaped();
        const QString msg = t.text(t.details(i).message);
        if (!msg.isEmpty())
            tip += QStringLiteral(": ") + msg.left(300).toHtmlEscaped();
        tip += QStringLiteral("</font>");
    }
    const QString summary = t.text(t.details(i).summary);
    if (!summary.isEmpty())
        tip += QStringLiteral("<br>") + summary.left(400).toHtmlEscaped();
    return tip;
}

QVariant CallTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_trace || size_t(index.row()) >= m_rows.size())
        return {};
    const SpanIndex i = m_rows[size_t(index.row())];
    const Trace &t = *m_trace;
    const Span &s = t.span(i);
    const bool ms = s.has(MsPrecision);

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return t.text(s.name);
        case TimelineColumn:
            return {};
        case DurationColumn:
            // Unfinished: the effective end is only a lower bound.
            return s.has(NoStopEvent) ? QStringLiteral("≥ ") + formatDuration(s.durationUs(), ms)
                                      : formatDuration(s.durationUs(), ms);
        case SelfColumn:
            return formatDuration(s.selfUs, ms);
        case ProjectColumn:
            return orNa(t.text(s.project));
        case ServiceColumn:
            return orNa(t.text(s.service));
        case HostColumn:
            return orNa(t.text(s.host));
        case DetailsColumn:
            return oneLine(t.text(t.details(i).summary));
        }
        return {};
    case Qt::ToolTipRole:
        return tooltip(i);
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn || index.column() == SelfColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Role::SpanIndexRole:
        return uint(i);
    case Role::DepthRole:
        return int(s.depth);
    case Role::HasChildrenRole:
        return hasVisibleChildren(i);
    case Role::ExpandedRole:
        return bool(m_expanded[i]);
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
    case Role::IsLastStartedRole:
        return i == t.lastStarted();
    case Role::MatchRole:
        return !m_matches.empty() && m_matches[i] != 0;
    case Role::ServiceRole:
        return t.text(s.service);
    case Role::ExceptionRole:
        return s.has(HasError) ? t.text(t.details(i).exception) : QString();
    case Role::MsPrecisionRole:
        return ms;
    case Role::CriticalPathRole:
        return !m_critical.empty() && m_critical[i] != 0;
    }
    return {};
}

} // namespace Osp
