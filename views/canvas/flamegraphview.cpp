#include "views/canvas/flamegraphview.h"

#include "itemmodels/tracesession.h"
#include "util/durationformat.h"
#include "views/common/theme.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace Osp {

namespace {

constexpr int CrumbHeight = 24;
/// The value range navigates in whole ticks (zoomRange, panRange): a thousand per value unit
/// (µs), so that rounding never shows; a graph stays below 2^63 ticks up to ~100 years wide.
constexpr double TicksPerValue = 1000;

int64_t ticks(double value)
{
    return int64_t(std::llround(value * TicksPerValue));
}

} // namespace

FlameGraphView::FlameGraphView(TraceSession *session, QWidget *parent)
    : NavigableCanvas(session, CrumbHeight, 2.0, parent)
    , m_cache(6)
{
    setObjectName(QStringLiteral("flameGraphView"));
    startBuild();
}

void FlameGraphView::setMetric(FlameMetric metric)
{
    if (change(m_metric, metric))
        startBuild();
}

void FlameGraphView::startBuild()
{
    const FlameMetric metric = m_metric;
    const bool aggregated = m_aggregated;
    buildContent(
        m_graph,
        [metric, aggregated](const TracePtr &trace, const std::vector<uint16_t> *flags,
            const std::atomic<bool> *cancel) {
            return FlameGraph::build(trace, metric, aggregated, cancel, flags);
        },
        [this](std::shared_ptr<const FlameGraph> graph) { setGraph(std::move(graph)); });
}

void FlameGraphView::setAggregated(bool aggregated)
{
    if (change(m_aggregated, aggregated))
        startBuild();
}

void FlameGraphView::setGraph(std::shared_ptr<const FlameGraph> graph)
{
    cancelBuild();
    m_graph = std::move(graph);
    if (m_graph) {
        m_metric = m_graph->metric();
        m_aggregated = m_graph->isAggregated();
    }
    m_cache.clear();
    m_focus = UINT32_MAX;
    m_from = 0;
    m_to = totalValue();
    m_history.clear(); // the steps were in the old graph's values
    contentChanged();
}

double FlameGraphView::totalValue() const
{
    return m_graph ? std::max(m_graph->totalValue(), 1.0) : 1.0;
}

uint32_t FlameGraphView::rowCount() const
{
    return m_graph ? m_graph->maxDepth() + 1 : 0;
}

NavigableCanvas::Range FlameGraphView::range() const
{
    return { ticks(m_from), ticks(m_to), ticks(totalValue()), ticks(1.0) };
}

void FlameGraphView::setRange(int64_t from, int64_t to)
{
    setValueRange(double(from) / TicksPerValue, double(to) / TicksPerValue);
}

void FlameGraphView::setValueRange(double from, double to)
{
    const double total = totalValue();
    const double len = std::clamp(to - from, 1.0, total);
    from = std::clamp(from, 0.0, total - len);
    if (from == m_from && from + len == m_to)
        return;
    m_from = from;
    m_to = from + len;
    invalidateBase();
}

void FlameGraphView::showZoom(const Zoom &zoom)
{
    m_focus = zoom.focus;
    setValueRange(zoom.from, zoom.to);
    invalidateBase();
}

void FlameGraphView::pushHistory()
{
    m_history.push(zoom());
}

void FlameGraphView::zoomBack()
{
    if (const auto step = m_history.back(zoom()))
        showZoom(*step);
}

void FlameGraphView::zoomForward()
{
    if (const auto step = m_history.forward(zoom()))
        showZoom(*step);
}

void FlameGraphView::focusNode(uint32_t node)
{
    if (!m_graph)
        return;
    if (node >= m_graph->nodeCount())
        node = UINT32_MAX;
    const Zoom before = zoom();
    if (node == UINT32_MAX) {
        showZoom({ 0, m_graph->totalValue(), node });
    } else {
        const FlameNode &f = m_graph->node(node);
        showZoom({ f.x0, f.x0 + std::max(f.width, 1.0), node });
    }
    if (zoom() != before)
        m_history.push(before);
}

void FlameGraphView::zoomToParent()
{
    if (!m_graph || m_focus == UINT32_MAX) {
        resetZoom();
        return;
    }
    focusNode(m_graph->node(m_focus).parent);
}

void FlameGraphView::resetZoom()
{
    focusNode(UINT32_MAX);
}

void FlameGraphView::frameSelection()
{
    if (m_graph && session()->currentSpan() != NoSpan)
        focusNode(m_graph->nodeOfSpan(session()->currentSpan()));
}

const DrawList &FlameGraphView::ensureDrawList(const QSize &size)
{
    static const DrawList empty;
    if (!m_graph)
        return empty;
    const QRect r = rowsRect(size);
    FlameRequest req;
    req.fromValue = m_from;
    req.toValue = m_to;
    req.left = r.left();
    req.width = r.width();
    std::tie(req.firstRow, req.rowCount) = visibleRows(size);
    req.text = textFit();
    return cachedDrawList(m_cache, req, [&] { return buildFlameDrawList(*m_graph, req); });
}

void FlameGraphView::paintBreadcrumb(QPainter &p, const QRect &r)
{
    const Theme *theme = Theme::instance();
    const Trace &t = trace();
    p.fillRect(r, theme->axisBackground());
    p.setPen(theme->grid());
    p.drawLine(r.bottomLeft(), r.bottomRight());
    m_crumbs.clear();
    const QFontMetrics fm = p.fontMetrics();
    double x = r.left() + 6;
    auto crumb = [&](const QString &text, uint32_t node, bool current) {
        const double w = fm.horizontalAdvance(text) + 10;
        const QRectF cr(x, r.top() + 3, w, r.height() - 6);
        if (current) {
            p.fillRect(cr, palette().color(QPalette::Base));
            p.setPen(theme->text());
        } else {
            p.setPen(theme->selection());
        }
        p.drawText(cr, Qt::AlignCenter, text);
        m_crumbs.push_back({ cr, node });
        x += w;
    };
    const QString all = m_aggregated ? tr("All call paths") : tr("All spans");
    std::vector<uint32_t> path
        = m_graph && m_focus != UINT32_MAX ? m_graph->pathTo(m_focus) : std::vector<uint32_t>();
    crumb(all, UINT32_MAX, path.empty());
    // Long paths keep their ends: the root side is elided to "…".
    size_t first = 0;
    if (path.size() > 6)
        first = path.size() - 5;
    for (size_t i = 0; i < path.size(); ++i) {
        if (i > 0 && i < first)
            continue;
        p.setPen(theme->dimText());
        const QString sep
            = (i == first && first > 0) ? QStringLiteral(" › … ›") : QStringLiteral(" ›");
        p.drawText(
            QRectF(x, r.top(), fm.horizontalAdvance(sep) + 4, r.height()), Qt::AlignCenter, sep);
        x += fm.horizontalAdvance(sep) + 4;
        const FlameNode &f = m_graph->node(path[i]);
        crumb(fm.elidedText(t.text(t.span(f.span).name), Qt::ElideMiddle, 180), path[i],
            i + 1 == path.size());
    }
    // What the widths mean, on the right.
    QString info
        = m_metric == FlameMetric::Duration ? tr("width = duration") : tr("width = self time");
    if (m_graph) {
        const double shown = m_to - m_from;
        info += QStringLiteral(" · ") + formatDuration(int64_t(shown));
        if (m_aggregated)
            info += QStringLiteral(" · ")
                + tr("%n call path(s)", nullptr, int(m_graph->nodeCount()));
    }
    const int iw = fm.horizontalAdvance(info);
    if (x + iw + 20 < r.right()) {
        p.setPen(theme->dimText());
        p.drawText(QRectF(r.right() - iw - 8, r.top(), iw + 4, r.height()),
            Qt::AlignRight | Qt::AlignVCenter, info);
    }
}

void FlameGraphView::paintBase(QPainter &p, const QSize &size)
{
    m_paintSize = size;
    paintBreadcrumb(p, QRect(0, 0, size.width(), CrumbHeight));
    const QRect r = rowsRect(size);
    if (!m_graph) {
        paintBusy(
            p, r, tr("Building the flame graph of %n span(s)…", nullptr, int(trace().spanCount())));
    } else {
        const DrawList &list = ensureDrawList(size);
        p.save();
        p.setClipRect(r);
        const uint32_t rows = uint32_t(list.rowStart.empty() ? 0 : list.rowStart.size() - 1);
        for (uint32_t k = 0; k < rows; ++k)
            paintItems(p, list, list.firstRow + k, rowTop(list.firstRow + k), rowHeight(), true);
        p.restore();
    }
    paintLegend(p, QRectF(0, size.height() - LegendHeight, size.width(), LegendHeight));
}

QRectF FlameGraphView::nodeRect(uint32_t node, const QSize &size) const
{
    if (!m_graph || node >= m_graph->nodeCount())
        return {};
    const FlameNode &f = m_graph->node(node);
    const QRect r = rowsRect(size);
    const double scale = r.width() / std::max(m_to - m_from, 1e-9);
    const double x0
        = std::clamp(r.left() + (f.x0 - m_from) * scale, r.left() - 4.0, r.right() + 4.0);
    const double x1
        = std::clamp(r.left() + (f.x0 + f.width - m_from) * scale, r.left() - 4.0, r.right() + 4.0);
    return QRectF(x0, rowTop(f.depth), std::max(x1 - x0, 2.0), rowHeight() - 1);
}

void FlameGraphView::paintOverlay(QPainter &p, const QSize &size)
{
    const Theme *theme = Theme::instance();
    p.save();
    p.setClipRect(rowsRect(size));
    const SpanIndex sel = session()->currentSpan();
    if (m_graph && sel != NoSpan && sel < trace().spanCount()) {
        p.setPen(QPen(theme->selection(), 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawRect(nodeRect(m_graph->nodeOfSpan(sel), size).adjusted(-1, 0, 0, 0));
    }
    if (const DrawItem *hover = hoverItem(); hover && m_graph) {
        p.setPen(QPen(theme->text(), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(hover->x0 + 0.5, rowTop(hover->row) + 0.5,
            std::max<double>(hover->width() - 1, 1.0), rowHeight() - 2));
    }
    paintFocusFrame(p, size);
    p.restore();
}

void FlameGraphView::followSelection(SpanIndex span)
{
    const FlameNode &f = m_graph->node(m_graph->nodeOfSpan(span));
    // Out of the zoomed subtree: back to the whole graph, where every node is.
    if (f.x0 + f.width <= m_from || f.x0 >= m_to)
        resetZoom();
    scrollRowIntoView(f.depth);
}

bool FlameGraphView::isControlAt(const QPoint &pos) const
{
    return std::any_of(
        m_crumbs.begin(), m_crumbs.end(), [pos](const Crumb &c) { return c.rect.contains(pos); });
}

void FlameGraphView::mouseReleaseEvent(QMouseEvent *e)
{
    if (!endPress(e))
        return;
    const QPoint pos = e->position().toPoint();
    for (const Crumb &c : m_crumbs) {
        if (c.rect.contains(pos)) {
            focusNode(c.node);
            return;
        }
    }
    const DrawItem *item = itemAt(pos);
    if (!item || !m_graph)
        return;
    // Click: select the span and zoom into its subtree (d3-flame-graph's gesture).
    const SpanIndex span = item->span;
    const uint32_t node = m_graph->nodeOfSpan(span);
    session()->setCurrentSpan(span);
    if (!item->has(ItemMerged))
        focusNode(node);
}

void FlameGraphView::keyPressEvent(QKeyEvent *e)
{
    // Up one level: Escape or Alt+Up (Backspace is the zoom history's, as in the timeline).
    if (e->key() == Qt::Key_Escape
        || (e->key() == Qt::Key_Up && (e->modifiers() & Qt::AltModifier))) {
        zoomToParent();
        e->accept();
        return;
    }
    NavigableCanvas::keyPressEvent(e);
}

} // namespace Osp
