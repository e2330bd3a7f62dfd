#pragma once

#include "geometry/drawlistcache.h"
#include "geometry/flamegraph.h"
#include "views/canvas/navigablecanvas.h"
#include "views/canvas/zoomhistory.h"

#include <memory>

namespace Osp {

/// The flame graph (icicle: callers above callees) of the call tree, width by duration or self
/// time, optionally merging identical call paths. Click zooms into a subtree, the breadcrumb
/// leads back out; selection follows the session both ways. Laid out off the GUI thread.
class FlameGraphView : public NavigableCanvas
{
    Q_OBJECT
public:
    explicit FlameGraphView(TraceSession *session, QWidget *parent = nullptr);

    FlameMetric metric() const { return m_metric; }
    void setMetric(FlameMetric metric);
    bool isAggregated() const { return m_aggregated; }
    void setAggregated(bool aggregated);

    /// Installs a graph computed elsewhere (tests, benchmark); cancels one in progress.
    void setGraph(std::shared_ptr<const FlameGraph> graph);
    const FlameGraph *graph() const { return m_graph.get(); }
    bool isLayoutReady() const override { return m_graph != nullptr; }

    /// The visible value range (µs of the graph's width).
    double fromValue() const { return m_from; }
    double toValue() const { return m_to; }
    void setValueRange(double from, double to);
    /// Zooms into a node's subtree (UINT32_MAX: the whole graph): a step in the zoom history.
    void focusNode(uint32_t node);
    uint32_t focusedNode() const { return m_focus; }
    const DrawList &ensureDrawList(const QSize &size);

public slots:
    /// Up one level: the focused node's parent (`Esc`, `Alt+Up`).
    void zoomToParent();
    void frameSelection() override;
    void resetZoom() override;
    void zoomBack() override;
    void zoomForward() override;

protected:
    Range range() const override;
    void setRange(int64_t from, int64_t to) override;
    void pushHistory() override;
    uint32_t rowCount() const override;
    void paintBase(QPainter &p, const QSize &size) override;
    void paintOverlay(QPainter &p, const QSize &size) override;
    void followSelection(SpanIndex span) override;
    bool isControlAt(const QPoint &pos) const override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    /// What a step of the zoom history restores.
    struct Zoom
    {
        double from, to;
        uint32_t focus;
        bool operator==(const Zoom &) const = default;
    };
    Zoom zoom() const { return { m_from, m_to, m_focus }; }
    void showZoom(const Zoom &zoom);
    double totalValue() const;
    void startBuild();
    QRectF nodeRect(uint32_t node, const QSize &size) const;
    void paintBreadcrumb(QPainter &p, const QRect &r);

    FlameMetric m_metric = FlameMetric::Duration;
    bool m_aggregated = false;
    std::shared_ptr<const FlameGraph> m_graph;
    DrawListCache<FlameRequest> m_cache;
    double m_from = 0;
    double m_to = 1;
    uint32_t m_focus = UINT32_MAX;
    ZoomHistory<Zoom> m_history;
    struct Crumb
    {
        QRectF rect;
        uint32_t node;
    };
    std::vector<Crumb> m_crumbs;
    QSize m_paintSize;
};

} // namespace Osp
