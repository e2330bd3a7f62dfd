#pragma once

#include "geometry/drawlistcache.h"
#include "geometry/flamegraph.h"
#include "views/canvas/spancanvas.h"

#include <atomic>
#include <memory>

class QScrollBar;

namespace Osp {

/// The flame graph (icicle: callers above callees) of the call tree, width by duration or self
/// time, optionally merging identical call paths. Click zooms into a subtree, the breadcrumb
/// leads back out; selection follows the session both ways. Laid out off the GUI thread.
class FlameGraphView : public SpanCanvas
{
    Q_OBJECT
public:
    explicit FlameGraphView(TraceSession *session, QWidget *parent = nullptr);
    ~FlameGraphView() override;

    FlameMetric metric() const { return m_metric; }
    void setMetric(FlameMetric metric);
    bool isAggregated() const { return m_aggregated; }
    void setAggregated(bool aggregated);

    /// Installs a graph computed elsewhere (tests, benchmark); cancels one in progress.
    void setGraph(std::shared_ptr<const FlameGraph> graph);
    const FlameGraph *graph() const { return m_graph.get(); }
    bool isLayoutReady() const override { return m_graph != nullptr; }

    const DrawItem *itemAt(const QPoint &pos) const override;
    /// The visible value range (µs of the graph's width).
    double fromValue() const { return m_from; }
    double toValue() const { return m_to; }
    void setValueRange(double from, double to);
    /// Zooms into a node's subtree (UINT32_MAX: the whole graph).
    void focusNode(uint32_t node);
    uint32_t focusedNode() const { return m_focus; }
    int rowHeight() const;
    double rowTop(uint32_t depth) const;
    /// Where the frames are drawn in a widget of this size (below the breadcrumb).
    QRect rowsRect(const QSize &size) const;
    const DrawList *drawList() const { return m_list.get(); }
    const DrawList &ensureDrawList(const QSize &size);
    void setScrollY(int y);

public slots:
    void zoomOut();
    void resetZoom();

protected:
    void paintBase(QPainter &p, const QSize &size) override;
    void paintOverlay(QPainter &p, const QSize &size) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void startBuild();
    void updateScrollBar();
    void followSelection();
    QRectF nodeRect(uint32_t node, const QSize &size) const;
    void paintBreadcrumb(QPainter &p, const QRect &r);

    FlameMetric m_metric = FlameMetric::Duration;
    bool m_aggregated = false;
    std::shared_ptr<const FlameGraph> m_graph;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    uint64_t m_generation = 0;
    DrawListCache<FlameRequest> m_cache;
    std::shared_ptr<const DrawList> m_list;
    QScrollBar *m_vbar;
    int m_scrollY = 0;
    double m_from = 0;
    double m_to = 1;
    uint32_t m_focus = UINT32_MAX;
    struct Crumb
    {
        QRectF rect;
        uint32_t node;
    };
    std::vector<Crumb> m_crumbs;
    QPoint m_pressPos;
    bool m_pressed = false;
    bool m_moved = false;
    double m_pressFrom = 0, m_pressTo = 0;
    int m_pressScroll = 0;
    DrawItem m_hoverItem;
    bool m_hasHoverItem = false;
    QSize m_paintSize;
};

} // namespace Osp
