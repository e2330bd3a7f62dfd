#include "views/canvas/flamegraphview.h"

#include "itemmodels/tracesession.h"
#include "views/common/theme.h"
#include "util/durationformat.h"

#include <QFutureWatcher>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace Osp {

namespace {

constexpr int CrumbHeight = 24;
constexpr int LegendHeight = 20;
constexpr size_t SyncBuildSpans = 20000;

using GraphPtr = std::shared_ptr<const FlameGraph>;
using MarksPtr = std::shared_ptr<const SpanMarks>;

struct Built
{
    GraphPtr graph;
    MarksPtr marks;
};

/// The trace's marks (computed once for all its views) and a graph whose nodes carry them.
Built buildGraph(const TracePtr &trace, SpanMarksCache &marksCache, FlameMetric metric,
    bool aggregated, const std::atomic<bool> *cancel)
{
    Built b;
    b.marks = marksCache.get(cancel);
    if (!b.marks)
        return b;
    b.graph = std::make_shared<const FlameGraph>(
        FlameGraph::build(trace, metric, aggregated, cancel, &b.marks->flags));
    return b;
}

} // namespace

FlameGraphView::FlameGraphView(TraceSession *session, QWidget *parent)
    : SpanCanvas(session, parent)
    , m_cache(6)
{
    setObjectName(QStringLiteral("flameGraphView"));
    setMinimumSize(300, 160);
    m_vbar = new QScrollBar(Qt::Vertical, this);
    m_vbar->hide();
    connect(m_vbar, &QScrollBar::valueChanged, this, [this](int v) {
        if (v == m_scrollY)
            return;
        m_scrollY = v;
        invalidateBase();
    });
    connect(session, &TraceSession::selectionChanged, this, &FlameGraphView::followSelection);
    startBuild();
}

FlameGraphView::~FlameGraphView()
{
    if (m_cancel)
        m_cancel->store(true);
}

void FlameGraphView::setMetric(FlameMetric metric)
{
    if (metric == m_metric)
        return;
    m_metric = metric;
    startBuild();
}

void FlameGraphView::setAggregated(bool aggregated)
{
    if (aggregated == m_aggregated)
        return;
    m_aggregated = aggregated;
    startBuild();
}

void FlameGraphView::startBuild()
{
    if (m_cancel)
        m_cancel->store(true);
    const uint64_t generation = ++m_generation;
    const TracePtr trace = session()->trace();
    const std::shared_ptr<SpanMarksCache> marks = session()->marks();
    const FlameMetric metric = m_metric;
    const bool aggregated = m_aggregated;
    if (trace->spanCount() < SyncBuildSpans) {
        m_cancel.reset();
        Built b = buildGraph(trace, *marks, metric, aggregated, nullptr);
        setMarks(std::move(b.marks));
        setGraph(std::move(b.graph));
        return;
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    m_graph.reset();
    m_list.reset();
    invalidateBase();
    auto *watcher = new QFutureWatcher<Built>(this);
    connect(watcher, &QFutureWatcher<Built>::finished, this, [this, watcher, generation] {
        Built b = watcher->result();
        watcher->deleteLater();
        if (generation != m_generation || !b.graph)
            return;
        m_cancel.reset();
        setMarks(std::move(b.marks));
        setGraph(std::move(b.graph));
    });
    watcher->setFuture(QtConcurrent::run([trace, marks, metric, aggregated, cancel]() -> Built {
        Built b = buildGraph(trace, *marks, metric, aggregated, cancel.get());
        return cancel->load() ? Built() : b;
    }));
}

void FlameGraphView::setGraph(std::shared_ptr<const FlameGraph> graph)
{
    if (m_cancel) {
        m_cancel->store(true);
        m_cancel.reset();
        ++m_generation;
    }
    m_graph = std::move(graph);
    if (m_graph) {
        m_metric = m_graph->metric();
        m_aggregated = m_graph->isAggregated();
    }
    m_cache.clear();
    m_list.reset();
    m_hasHoverItem = false;
    m_focus = UINT32_MAX;
    m_from = 0;
    m_to = m_graph ? std::max(m_graph->totalValue(), 1.0) : 1.0;
    m_scrollY = 0;
    updateScrollBar();
    invalidateBase();
    if (m_graph) {
        followSelection();
        emit layoutReady();
    }
}

int FlameGraphView::rowHeight() const
{
    return fontMetrics().height() + 5;
}

QRect FlameGraphView::rowsRect(const QSize &s) const
{
    const int sb = m_vbar->isVisibleTo(this) ? m_vbar->sizeHint().width() : 0;
    return QRect(0, CrumbHeight, std::max(1, s.width() - sb),
        std::max(1, s.height() - CrumbHeight - LegendHeight));
}

double FlameGraphView::rowTop(uint32_t depth) const
{
    return double(CrumbHeight) + double(depth) * rowHeight() - m_scrollY;
}

void FlameGraphView::updateScrollBar()
{
    const int rows = m_graph ? int(m_graph->maxDepth()) + 1 : 0;
    const int total = rows * rowHeight();
    const int visible = height() - CrumbHeight - LegendHeight;
    const bool need = total > visible && visible > 0;
    m_vbar->setVisible(need);
    const int sbw = m_vbar->sizeHint().width();
    m_vbar->setGeometry(width() - sbw, CrumbHeight, sbw, std::max(0, visible));
    m_vbar->setRange(0, need ? total - visible : 0);
    m_vbar->setPageStep(std::max(1, visible));
    m_vbar->setSingleStep(rowHeight());
    m_scrollY = std::clamp(m_scrollY, 0, m_vbar->maximum());
    m_vbar->setValue(m_scrollY);
}

void FlameGraphView::setScrollY(int y)
{
    m_vbar->setValue(y);
    m_scrollY = m_vbar->value();
    invalidateBase();
}

void FlameGraphView::resizeEvent(QResizeEvent *event)
{
    SpanCanvas::resizeEvent(event);
    updateScrollBar();
    invalidateBase();
}

void FlameGraphView::setValueRange(double from, double to)
{
    const double total = m_graph ? std::max(m_graph->totalValue(), 1.0) : 1.0;
    const double len = std::clamp(to - from, 1.0, total);
    from = std::clamp(from, 0.0, total - len);
    if (from == m_from && from + len == m_to)
        return;
    m_from = from;
    m_to = from + len;
    invalidateBase();
}

void FlameGraphView::focusNode(uint32_t node)
{
    if (!m_graph)
        return;
    if (node >= m_graph->nodeCount())
        node = UINT32_MAX;
    m_focus = node;
    if (node == UINT32_MAX) {
        setValueRange(0, m_graph->totalValue());
    } else {
        const FlameNode &f = m_graph->node(node);
        setValueRange(f.x0, f.x0 + std::max(f.width, 1.0));
    }
    invalidateBase();
}

void FlameGraphView::zoomOut()
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
    const int rh = rowHeight();
    req.firstRow = uint32_t(std::max(0, m_scrollY / rh));
    req.rowCount = uint32_t(r.height() / rh + 2);
    req.text = textFit();
    std::shared_ptr<const DrawList> list = m_cache.find(req, 1);
    if (!list)
        list = m_cache.insert(req, buildFlameDrawList(*m_graph, req));
    m_list = std::move(list);
    return *m_list;
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
    const Theme *theme = Theme::instance();
    m_paintSize = size;
    paintBreadcrumb(p, QRect(0, 0, size.width(), CrumbHeight));
    const QRect r = rowsRect(size);
    if (!m_graph) {
        p.setPen(theme->dimText());
        p.drawText(r, Qt::AlignCenter,
            tr("Building the flame graph of %n span(s)…", nullptr, int(trace().spanCount())));
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
    if (m_hasHoverItem && m_graph) {
        p.setPen(QPen(theme->text(), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(m_hoverItem.x0 + 0.5, rowTop(m_hoverItem.row) + 0.5,
            std::max<double>(m_hoverItem.width() - 1, 1.0), rowHeight() - 2));
    }
    if (hasFocus()) {
        p.setClipping(false);
        p.setPen(QPen(theme->selection(), 1));
        p.drawRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1));
    }
    p.restore();
}

const DrawItem *FlameGraphView::itemAt(const QPoint &pos) const
{
    if (!m_list || !m_graph || !rowsRect(size()).contains(pos))
        return nullptr;
    const double rel = pos.y() + m_scrollY - CrumbHeight;
    if (rel < 0)
        return nullptr;
    return m_list->hitTest(pos.x(), uint32_t(rel / rowHeight()), 2.0);
}

void FlameGraphView::followSelection()
{
    const SpanIndex sel = session()->currentSpan();
    if (!m_graph || sel == NoSpan || sel >= trace().spanCount()) {
        update();
        return;
    }
    const FlameNode &f = m_graph->node(m_graph->nodeOfSpan(sel));
    // Out of the zoomed subtree: back to the whole graph, where every node is.
    if (f.x0 + f.width <= m_from || f.x0 >= m_to)
        resetZoom();
    const int y = int(f.depth) * rowHeight();
    const int visible = rowsRect(size()).height();
    if (y < m_scrollY || y + rowHeight() > m_scrollY + visible)
        setScrollY(std::max(0, y - visible / 3));
    update();
}

void FlameGraphView::mousePressEvent(QMouseEvent *e)
{
    setFocus(Qt::MouseFocusReason);
    if (e->button() == Qt::BackButton) {
        zoomOut();
        return;
    }
    if (e->button() != Qt::LeftButton)
        return;
    m_pressed = true;
    m_moved = false;
    m_pressPos = e->position().toPoint();
    m_pressFrom = m_from;
    m_pressTo = m_to;
    m_pressScroll = m_scrollY;
}

void FlameGraphView::mouseMoveEvent(QMouseEvent *e)
{
    const QPoint pos = e->position().toPoint();
    if (!m_pressed) {
        const DrawItem *item = itemAt(pos);
        m_hasHoverItem = item != nullptr;
        if (item)
            m_hoverItem = *item;
        setHoverSpan(item ? item->span : NoSpan);
        bool onCrumb = false;
        for (const Crumb &c : m_crumbs)
            onCrumb |= c.rect.contains(pos);
        setCursor(onCrumb ? Qt::PointingHandCursor : Qt::ArrowCursor);
        return;
    }
    if (!m_moved && (pos - m_pressPos).manhattanLength() < 4)
        return;
    m_moved = true;
    setCursor(Qt::ClosedHandCursor);
    const double perPx = (m_pressTo - m_pressFrom) / std::max(1, rowsRect(size()).width());
    const double d = (m_pressPos.x() - pos.x()) * perPx;
    setValueRange(m_pressFrom + d, m_pressTo + d);
    m_vbar->setValue(m_pressScroll + (m_pressPos.y() - pos.y()));
}

void FlameGraphView::mouseReleaseEvent(QMouseEvent *e)
{
    const bool click = m_pressed && !m_moved && e->button() == Qt::LeftButton;
    m_pressed = false;
    unsetCursor();
    if (!click)
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

void FlameGraphView::wheelEvent(QWheelEvent *e)
{
    const QPoint d = e->angleDelta();
    const QRect r = rowsRect(size());
    if (e->modifiers() & Qt::ControlModifier) {
        m_vbar->setValue(m_scrollY - d.y() * rowHeight() / 40);
    } else if ((e->modifiers() & Qt::ShiftModifier) || std::abs(d.x()) > std::abs(d.y())) {
        const int delta = d.x() != 0 ? d.x() : d.y();
        const double shift = -delta * (m_to - m_from) / 1200.0;
        setValueRange(m_from + shift, m_to + shift);
    } else if (d.y() != 0) {
        const double factor = std::pow(0.8, d.y() / 120.0);
        const double rel
            = std::clamp((e->position().x() - r.left()) / std::max(1, r.width()), 0.0, 1.0);
        const double anchor = m_from + rel * (m_to - m_from);
        const double len = (m_to - m_from) * factor;
        setValueRange(anchor - rel * len, anchor - rel * len + len);
    }
    e->accept();
}

void FlameGraphView::keyPressEvent(QKeyEvent *e)
{
    const double len = m_to - m_from;
    switch (e->key()) {
    case Qt::Key_W:
    case Qt::Key_Plus:
        setValueRange(m_from + len * 0.15, m_to - len * 0.15);
        break;
    case Qt::Key_S:
    case Qt::Key_Minus:
        setValueRange(m_from - len * 0.2, m_to + len * 0.2);
        break;
    case Qt::Key_A:
    case Qt::Key_Left:
        setValueRange(m_from - len / 8, m_to - len / 8);
        break;
    case Qt::Key_D:
    case Qt::Key_Right:
        setValueRange(m_from + len / 8, m_to + len / 8);
        break;
    case Qt::Key_Up:
        m_vbar->setValue(m_scrollY - rowHeight());
        break;
    case Qt::Key_Down:
        m_vbar->setValue(m_scrollY + rowHeight());
        break;
    case Qt::Key_F:
        if (m_graph && session()->currentSpan() != NoSpan)
            focusNode(m_graph->nodeOfSpan(session()->currentSpan()));
        break;
    case Qt::Key_Escape:
    case Qt::Key_Backspace:
        zoomOut();
        break;
    case Qt::Key_C:
        setShowCriticalPath(!showsCriticalPath());
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        resetZoom();
        break;
    default:
        SpanCanvas::keyPressEvent(e);
        return;
    }
    e->accept();
}

} // namespace Osp
