#pragma once

#include "geometry/drawlistcache.h"
#include "geometry/servicelinks.h"
#include "geometry/timelinedrawlist.h"
#include "geometry/timelinelayout.h"
#include "geometry/timemapping.h"
#include "views/canvas/spancanvas.h"

#include <QImage>

#include <array>
#include <atomic>
#include <memory>

class QScrollBar;
class QTimer;

namespace Osp {

/// The zoomable timeline: spans as bars over time in lanes by call depth or in swimlanes by
/// service, host or project, with an overview strip (minimap) and a time axis. Follows and
/// drives the session's selection and range; the lane layout is computed off the GUI thread.
class TimelineView : public SpanCanvas
{
    Q_OBJECT
public:
    enum class AxisMode { Relative, Utc, Local };

    explicit TimelineView(TraceSession *session, QWidget *parent = nullptr);
    ~TimelineView() override;

    LaneMode laneMode() const { return m_mode; }
    void setLaneMode(LaneMode mode);
    AxisMode axisMode() const { return m_axisMode; }
    void setAxisMode(AxisMode mode);
    /// Draw the RPC and HTTP hops between services as arrows from caller to callee (`L`).
    bool showsLinks() const { return m_showLinks; }
    void setShowLinks(bool show);
    /// The links of the last frame (empty when hidden, or when too many to draw: then only
    /// the selected span's are drawn, see linksOverflow).
    const std::vector<LinkItem> &linkItems() const { return m_links; }
    bool linksOverflow() const { return m_linksOverflow; }

    /// Installs a layout computed elsewhere (tests, benchmark); cancels one in progress.
    void setLayout(std::shared_ptr<const TimelineLayout> layout);
    const TimelineLayout *layout() const { return m_layout.get(); }
    bool isLayoutReady() const override { return m_layout != nullptr; }

    const DrawItem *itemAt(const QPoint &pos) const override;
    /// Geometry, public for tests: the lanes' rectangle, a row's top, the time mapping.
    QRect lanesRect(const QSize &size) const;
    QRect lanesRect() const { return lanesRect(size()); }
    int rowHeight() const;
    double rowTop(uint32_t row) const;
    TimeMapping mapping(const QSize &size) const;
    TimeMapping mapping() const { return mapping(size()); }
    /// The draw list of the last frame (null before the first paint).
    const DrawList *drawList() const { return m_list.get(); }
    /// Builds (or finds) the draw list for the current state and size.
    const DrawList &ensureDrawList(const QSize &size);
    uint64_t cacheMisses() const { return m_cache.misses(); }
    void setScrollRow(uint32_t row);

signals:
    void laneModeChanged(int mode);
    void linksShownChanged(bool shown);

public slots:
    void zoomIn();
    void zoomOut();
    /// `F`: frames the selected span.
    void frameSelection();
    void resetZoom();

protected:
    void paintBase(QPainter &p, const QSize &size) override;
    void paintOverlay(QPainter &p, const QSize &size) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    enum class Drag { None, Pan, RubberBand, Overview };

    void startLayout();
    void updateScrollBar();
    void followSelection();
    void paintOverview(QPainter &p, const QRect &r);
    void paintAxis(QPainter &p, const QRect &r, const TimeMapping &m);
    void paintLanes(QPainter &p, const QRect &r, const TimeMapping &m);
    void paintLinks(QPainter &p, const QRect &r, const TimelineRequest &request);
    void drawLinks(QPainter &p, const QRect &r, const std::vector<LinkItem> &links);
    void paintLegendExtras(QPainter &p, double &x, const QRectF &rect) override;
    TimelineRequest frameRequest(const QSize &size) const;
    QRect overviewRect(const QSize &size) const;
    QRect axisRect(const QSize &size) const;
    QRectF spanRect(SpanIndex span, const QSize &size) const;
    void zoomAround(double x, double factor);
    void pan(double px);
    void gestureStart();
    void overviewJump(double x);

    LaneMode m_mode = LaneMode::Depth;
    AxisMode m_axisMode = AxisMode::Relative;
    bool m_showLinks = false;
    std::shared_ptr<const LinkIndex> m_linkIndex; ///< for m_layout, built when first shown
    std::vector<LinkItem> m_links;
    bool m_linksOverflow = false;
    std::shared_ptr<const TimelineLayout> m_layout;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    uint64_t m_layoutGeneration = 0;
    DrawListCache<TimelineRequest> m_cache;
    std::shared_ptr<const DrawList> m_list;
    QScrollBar *m_vbar;
    QTimer *m_wheelIdle;
    int m_scrollY = 0;

    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    QPoint m_lastPos;
    bool m_moved = false;
    qint64 m_pressFrom = 0, m_pressTo = 0;
    int m_pressScroll = 0;
    DrawItem m_hoverItem;
    bool m_hasHoverItem = false;

    std::vector<float> m_profile; ///< overview: concurrency per pixel column
    std::vector<uint8_t> m_profileErrors;
    int m_profileWidth = -1;
    QImage m_overview; ///< the activity bars, drawn once per size and theme
    std::array<QRgb, 3> m_overviewColors {};
    QSize m_paintSize;
};

} // namespace Osp
