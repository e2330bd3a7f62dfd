#include "itemmodels/comparisonmodel.h"

#include "util/durationformat.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace Osp {

namespace {

int64_t magnitude(int64_t v)
{
    return v < 0 ? -v : v;
}

/// The figure of a side shown in aColumn (A) and the column after it (B); 0 for the others.
int64_t sideFigure(const SideFigures &f, int aColumn)
{
    if (aColumn == ComparisonModel::TracesAColumn)
        return f.tracesPresent;
    constexpr std::pair<int, int64_t SideFigures::*> figures[]
        = { { ComparisonModel::CountAColumn, &SideFigures::count },
              { ComparisonModel::DurationAColumn, &SideFigures::durationUs },
              { ComparisonModel::SelfAColumn, &SideFigures::selfUs },
              { ComparisonModel::DurationP95AColumn, &SideFigures::durationP95Us } };
    for (const auto &[column, figure] : figures)
        if (column == aColumn)
            return f.*figure;
    return 0;
}

/// Δ% as a sortable number: "new" (0 in A) sorts above every finite change.
double percentKey(int64_t a, int64_t b)
{
    const std::optional<double> p = deltaPercent(a, b);
    return p ? *p : std::numeric_limits<double>::infinity();
}

} // namespace

ComparisonModel::ComparisonModel(QObject *parent)
    : FlatTreeModel(ColumnCount, parent)
{ }

void ComparisonModel::setComparison(std::shared_ptr<const Comparison> comparison)
{
    resetRows([&] {
        m_comparison = std::move(comparison);
        m_maxSelfDelta = 1;
        if (m_comparison)
            for (const ComparisonRow &r : m_comparison->rows)
                m_maxSelfDelta = std::max(m_maxSelfDelta, magnitude(r.selfDeltaUs()));
        rebuildOrder();
        startExpanded(m_comparison ? m_comparison->rows.size() : 0);
    });
}

void ComparisonModel::setLayout(Layout layout)
{
    if (layout == m_layout)
        return;
    resetRows([&] {
        m_layout = layout;
        rebuildOrder();
    });
}

uint32_t ComparisonModel::subtreeSize(uint32_t node) const
{
    return m_comparison->rows[node].subtreeSize;
}

uint32_t ComparisonModel::parentOf(uint32_t node) const
{
    return m_comparison->rows[node].parent;
}

bool ComparisonModel::isColumnRelevant(int column) const
{
    switch (column) {
    case DurationP95AColumn:
    case DurationP95BColumn:
    case TracesAColumn:
    case TracesBColumn:
        return m_comparison && m_comparison->isManyVsMany();
    default:
        return column >= 0 && column < ColumnCount;
    }
}

void ComparisonModel::rebuildOrder()
{
    m_order.clear();
    m_posOf.clear();
    if (!m_comparison)
        return;
    const Comparison &c = *m_comparison;
    const auto &rows = c.rows;
    const int column = m_sortColumn;
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    // Strict weak order of the sort column, ascending; ties keep the pre-order (stable sort).
    const auto less = [&](uint32_t x, uint32_t y) -> bool {
        const ComparisonRow &a = rows[x];
        const ComparisonRow &b = rows[y];
        switch (column) {
        case NameColumn: {
            const int byName = c.view(a.name).compare(c.view(b.name));
            return byName != 0 ? byName < 0 : c.view(a.work) < c.view(b.work);
        }
        case ServiceColumn:
            return c.view(a.service) < c.view(b.service);
        case WorkColumn:
            return c.view(a.work) < c.view(b.work);
        case ImpactColumn: {
            const int64_t sa = magnitude(a.selfDeltaUs()), sb = magnitude(b.selfDeltaUs());
            if (sa != sb)
                return sa < sb;
            const int64_t da = magnitude(a.durationDeltaUs()), db = magnitude(b.durationDeltaUs());
            if (da != db)
                return da < db;
            return magnitude(a.countDelta()) < magnitude(b.countDelta());
        }
        case DurationPercentColumn:
            return percentKey(a.a.durationUs, a.b.durationUs)
                < percentKey(b.a.durationUs, b.b.durationUs);
        case SelfPercentColumn:
            return percentKey(a.a.selfUs, a.b.selfUs) < percentKey(b.a.selfUs, b.b.selfUs);
        default:
            return deltaOf(x, column) < deltaOf(y, column);
        }
    };
    const auto sortRange = [&](auto first, auto last) {
        if (last - first < 2)
            return;
        if (descending)
            std::stable_sort(first, last, [&](uint32_t x, uint32_t y) { return less(y, x); });
        else
            std::stable_sort(first, last, less);
    };

    const size_t n = rows.size();
    m_order.reserve(n);
    if (m_layout == Layout::Impact) {
        if (column == ImpactColumn && descending && c.impactOrder.size() == n) {
            m_order = c.impactOrder; // computed with the comparison: no sort at all
        } else {
            for (size_t i = 0; i < n; ++i)
                m_order.push_back(uint32_t(i));
            sortRange(m_order.begin(), m_order.end());
        }
    } else {
        // A pre-order with each node's children sorted: subtrees stay contiguous, so a
        // collapsed node is skipped by its subtree size. Iterative (deep trees).
        std::vector<uint32_t> siblings;
        std::vector<uint32_t> stack;
        const auto pushChildren = [&](uint32_t first, uint32_t end) {
            siblings.clear();
            for (uint32_t r = first; r < end; r += rows[r].subtreeSize)
                siblings.push_back(r);
            sortRange(siblings.begin(), siblings.end());
            for (size_t k = siblings.size(); k-- > 0;)
                stack.push_back(siblings[k]);
        };
        pushChildren(0, uint32_t(n));
        while (!stack.empty()) {
            const uint32_t node = stack.back();
            stack.pop_back();
            m_order.push_back(node);
            pushChildren(node + 1, node + rows[node].subtreeSize);
        }
    }
    m_posOf.assign(n, 0);
    for (size_t p = 0; p < n; ++p)
        m_posOf[m_order[p]] = uint32_t(p);
}

int64_t ComparisonModel::deltaOf(uint32_t node, int column) const
{
    const ComparisonRow &r = m_comparison->rows[node];
    switch (column) {
    case CountDeltaColumn:
        return r.countDelta();
    case DurationDeltaColumn:
    case DurationPercentColumn:
        return r.durationDeltaUs();
    case ImpactColumn:
    case SelfDeltaColumn:
    case SelfPercentColumn:
        return r.selfDeltaUs();
    case CountBColumn:
    case DurationBColumn:
    case SelfBColumn:
    case DurationP95BColumn:
    case TracesBColumn:
        return sideFigure(r.b, column - 1);
    }
    return sideFigure(r.a, column);
}

QVariant ComparisonModel::display(uint32_t node, int column) const
{
    const Comparison &c = *m_comparison;
    const ComparisonRow &r = c.rows[node];
    const bool ms = c.msPrecision;
    switch (column) {
    case NameColumn: {
        QString text = QString::fromUtf8(c.view(r.name).data(), qsizetype(c.view(r.name).size()));
        if (text.isEmpty())
            text = tr("(unnamed)");
        const std::string_view work = c.view(r.work);
        if (!work.empty())
            text += QStringLiteral("  ·  ")
                + QString::fromUtf8(work.data(), qsizetype(std::min<size_t>(work.size(), 200)));
        return text;
    }
    case ImpactColumn:
        return r.presence == Presence::Added  ? tr("added")
            : r.presence == Presence::Removed ? tr("removed")
                                              : QString();
    case CountAColumn:
    case CountBColumn:
    case TracesAColumn:
    case TracesBColumn:
        return QString::number(deltaOf(node, column));
    case CountDeltaColumn: {
        const int64_t d = r.countDelta();
        return d > 0 ? QLatin1Char('+') + QString::number(d)
            : d < 0  ? QChar(0x2212) + QString::number(-d)
                     : QStringLiteral("0");
    }
    case DurationAColumn:
    case DurationBColumn:
    case SelfAColumn:
    case SelfBColumn:
    case DurationP95AColumn:
    case DurationP95BColumn:
        return formatDuration(deltaOf(node, column), ms);
    case DurationDeltaColumn:
    case SelfDeltaColumn:
        return formatDurationDelta(deltaOf(node, column), ms);
    case DurationPercentColumn:
        return formatPercentChange(r.a.durationUs, r.b.durationUs);
    case SelfPercentColumn:
        return formatPercentChange(r.a.selfUs, r.b.selfUs);
    case ServiceColumn: {
        const std::string_view s = c.view(r.service);
        return QString::fromUtf8(s.data(), qsizetype(s.size()));
    }
    case WorkColumn: {
        const std::string_view s = c.view(r.work);
        return QString::fromUtf8(s.data(), qsizetype(s.size()));
    }
    }
    return {};
}

QString ComparisonModel::tooltip(uint32_t node) const
{
    const Comparison &c = *m_comparison;
    const ComparisonRow &r = c.rows[node];
    const bool ms = c.msPrecision;
    QString text = QString::fromStdString(c.pathText(node, " › "));
    const std::string_view work = c.view(r.work);
    if (!work.empty())
        text += QLatin1Char('\n') + QString::fromUtf8(work.data(), qsizetype(work.size()));
    const QString a = c.isManyVsMany() ? tr("baseline median") : QStringLiteral("A");
    const QString b = c.isManyVsMany() ? tr("candidate median") : QStringLiteral("B");
    text += QLatin1Char('\n')
        + tr("self %1 (%2) → %3 (%4): %5 (%6)")
              .arg(a, formatDuration(r.a.selfUs, ms), b, formatDuration(r.b.selfUs, ms),
                  formatDurationDelta(r.selfDeltaUs(), ms),
                  formatPercentChange(r.a.selfUs, r.b.selfUs));
    text += QLatin1Char('\n')
        + tr("duration %1 → %2: %3 · count %4 → %5")
              .arg(formatDuration(r.a.durationUs, ms), formatDuration(r.b.durationUs, ms),
                  formatDurationDelta(r.durationDeltaUs(), ms))
              .arg(r.a.count)
              .arg(r.b.count);
    if (r.presence == Presence::Added)
        text += QLatin1Char('\n') + tr("only in B: a call path A did not run");
    else if (r.presence == Presence::Removed)
        text += QLatin1Char('\n') + tr("only in A: B no longer runs this call path");
    if (r.a.unfinished || r.b.unfinished)
        text += QLatin1Char('\n')
            + tr("unfinished spans (left out of durations): %1 in A, %2 in B")
                  .arg(r.a.unfinished)
                  .arg(r.b.unfinished);
    return text;
}

QVariant ComparisonModel::data(const QModelIndex &index, int role) const
{
    const uint32_t node = index.isValid() ? comparisonRowAt(index.row()) : NoRow;
    if (node == NoRow)
        return {};
    const ComparisonRow &r = m_comparison->rows[node];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(node, column);
    case Qt::ToolTipRole:
        return tooltip(node);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(
            column == NameColumn || column == ServiceColumn || column == WorkColumn
                ? Qt::AlignLeft | Qt::AlignVCenter
                : Qt::AlignRight | Qt::AlignVCenter);
    case Role::ComparisonRowRole:
        return uint(node);
    case Role::DepthRole:
        return m_layout == Layout::Tree ? int(r.depth) : 0;
    case Role::HasChildrenRole:
        return m_layout == Layout::Tree && r.subtreeSize > 1;
    case Role::ExpandedRole:
        return m_layout == Layout::Tree && isExpanded(node);
    case Role::PresenceRole:
        return int(r.presence);
    case Role::DeltaRole:
        switch (column) {
        case ImpactColumn:
        case CountDeltaColumn:
        case DurationDeltaColumn:
        case DurationPercentColumn:
        case SelfDeltaColumn:
        case SelfPercentColumn:
            return qint64(deltaOf(node, column));
        }
        return {}; // not a change: no change colour
    case Role::ImpactRole:
        return double(r.selfDeltaUs()) / double(m_maxSelfDelta);
    case Role::MsPrecisionRole:
        return m_comparison->msPrecision;
    case Role::SelfUsRole:
        return qint64(r.selfDeltaUs());
    case Role::DurationUsRole:
        return qint64(r.durationDeltaUs());
    }
    return {};
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    const bool many = m_comparison && m_comparison->isManyVsMany();
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Call path");
        case ImpactColumn:
            return tr("Impact");
        case CountAColumn:
            return tr("Count A");
        case CountBColumn:
            return tr("Count B");
        case CountDeltaColumn:
            return tr("Δ count");
        case DurationAColumn:
            return many ? tr("Median A") : tr("Duration A");
        case DurationBColumn:
            return many ? tr("Median B") : tr("Duration B");
        case DurationDeltaColumn:
            return many ? tr("Shift") : tr("Δ duration");
        case DurationPercentColumn:
            return tr("Δ %");
        case SelfAColumn:
            return tr("Self A");
        case SelfBColumn:
            return tr("Self B");
        case SelfDeltaColumn:
            return tr("Δ self");
        case SelfPercentColumn:
            return tr("Δ % self");
        case DurationP95AColumn:
            return tr("p95 A");
        case DurationP95BColumn:
            return tr("p95 B");
        case TracesAColumn:
            return tr("In A");
        case TracesBColumn:
            return tr("In B");
        case ServiceColumn:
            return tr("Service");
        case WorkColumn:
            return tr("Work");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case ImpactColumn:
            return tr("Change of self time against the largest change; sorting by it puts the "
                      "largest absolute self-time change first");
        case TracesAColumn:
        case TracesBColumn:
            return tr("Traces of the side in which the call path occurs");
        case DurationAColumn:
        case DurationBColumn:
        case SelfAColumn:
        case SelfBColumn:
            return many ? tr("Median over the side's traces (a trace without the path counts 0)")
                        : QVariant();
        }
    } else if (role == Qt::TextAlignmentRole) {
        return QVariant::fromValue(
            section == NameColumn || section == ServiceColumn || section == WorkColumn
                ? Qt::AlignLeft | Qt::AlignVCenter
                : Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

void ComparisonModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    if (column == m_sortColumn && order == m_sortOrder && !m_order.empty())
        return;
    resetRows([&] {
        m_sortColumn = column;
        m_sortOrder = order;
        rebuildOrder();
    });
}

} // namespace Osp
