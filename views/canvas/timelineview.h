#pragma once

#include "geometry/drawlistcache.h"
#include "geometry/servicelinks.h"
#include "geometry/timelinedrawlist.h"
#include "geometry/timelinelayout.h"
#include "geometry/timemapping.h"
#include "views/canvas/navigablecanvas.h"

#include <QImage>

#include <array>
#include <memory>

namespace Osp {

/// The zoomable timeline: spans as bars over time in lanes by call depth or in swimlanes by
/// service, host or project, with an overview strip (minimap) and a time axis. Follows and
/// drives the session's selection and range; the lane layout is computed off the GUI thread.
class TimelineView : public NavigableCanvas
{
    Q_OBJECT
public:
    enum class AxisMode { Relative, Utc, Local };

    explicit TimelineView(TraceSession *session, QWidget *parent = nullptr);

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

    /// The time mapping of the lanes (rowsRect), public for tests.
    TimeMapping mapping(const QSize &size) const;
    TimeMapping mapping() const { return mapping(size()); }
    /// Builds (or finds) the draw list for the current state and size.
    const DrawList &ensureDrawList(const QSize &size);
    uint64_t cacheMisses() const { return m_cache.misses(); }

signals:
    void laneModeChanged(int mode);
    void linksShownChanged(bool shown);

public slots:
    void frameSelection() override;
    void resetZoom() override;
    void zoomBack() override;
    void zoomForward() override;

protected:
    void paintBase(QPainter &p, const QSize &size) override;
    void paintOverlay(QPainter &p, const QSize &size) override;
    Range range() const override;
    void setRange(int64_t from, int64_t to) override;
    void pushHistory() override;
    uint32_t rowCount() const override;
    void followSelection(SpanIndex span) override;
    bool pressOwnDrag(const QPoint &pos, Qt::KeyboardModifiers modifiers) override;
    void ownDragMoved(const QPoint &pos) override;
    bool isControlAt(const QPoint &pos) const override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    /// The view's own drags (a pan is the base's).
    enum class Drag { None, RubberBand, Overview };

    void startLayout();
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
    void overviewJump(double x);

    LaneMode m_mode = LaneMode::Depth;
    AxisMode m_axisMode = AxisMode::Relative;
    bool m_showLinks = false;
    std::shared_ptr<const LinkIndex> m_linkIndex; ///< for m_layout, built when first shown
    std::vector<LinkItem> m_links;
    bool m_linksOverflow = false;
    std::shared_ptr<const TimelineLayout> m_layout;
    DrawListCache<TimelineRequest> m_cache;
    Drag m_drag = Drag::None;

    std::vector<float> m_profile; ///< overview: concurrency per pixel column
    std::vector<uint8_t> m_profileErrors;
    int m_profileWidth = -1;
    QImage m_overview; ///< the activity bars, drawn once per size and theme
    std::array<QRgb, 3> m_overviewColors {};
    QSize m_paintSize;
};

} // namespace Osp
