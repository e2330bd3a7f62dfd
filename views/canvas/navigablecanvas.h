#pragma once

#include "geometry/drawlistcache.h"
#include "geometry/timemapping.h"
#include "itemmodels/tracesession.h"
#include "views/canvas/spancanvas.h"
#include "views/common/asynctask.h"

#include <atomic>
#include <cstdint>
#include <memory>

class QScrollBar;
class QTimer;

namespace Osp {

/// The navigation the timeline and the flame graph share, defined once: rows of bars under a
/// header that scroll vertically, a horizontal range zoomed and panned with the wheel, the
/// keys and a drag, a zoom history (back/forward) with its keys, hover and hit testing, and
/// the content built off the GUI thread. A view says what its range is (time or the flame
/// graph's width) and how many rows it has.
class NavigableCanvas : public SpanCanvas
{
    Q_OBJECT
public:
    /// The horizontal range in a view's integer units, what it may not leave ([0, limit]) and
    /// its least length.
    struct Range
    {
        int64_t from = 0;
        int64_t to = 1;
        int64_t limit = 1;
        int64_t minSpan = 1;
    };

    /// Where the rows are drawn in a widget of this size (below the header, above the legend,
    /// left of the scroll bar).
    QRect rowsRect(const QSize &size) const;
    QRect rowsRect() const { return rowsRect(size()); }
    int rowHeight() const;
    double rowTop(uint32_t row) const;
    int scrollY() const { return m_scrollY; }
    void setScrollY(int y);
    void setScrollRow(uint32_t row) { setScrollY(int(row) * rowHeight()); }

    const DrawItem *itemAt(const QPoint &pos) const override;
    /// The draw list of the last frame (null before the first paint).
    const DrawList *drawList() const { return m_list.get(); }

public slots:
    void zoomIn();
    void zoomOut();
    /// `F`: frames the selected span.
    virtual void frameSelection() = 0;
    /// `0`, `Home`: the whole range (a step in the zoom history).
    virtual void resetZoom() = 0;
    /// `Backspace`, `Alt+Left`, the mouse's back button: the previous zoom.
    virtual void zoomBack() = 0;
    /// `Alt+Right`, the mouse's forward button.
    virtual void zoomForward() = 0;

protected:
    /// Below this many spans a build takes a few ms: building in place avoids a blank frame.
    static constexpr size_t SyncBuildSpans = 20000;
    static constexpr int LegendHeight = 20;

    /// headerHeight: what is above the rows; hitSlop: how far (px) a click may miss a bar.
    NavigableCanvas(TraceSession *session, int headerHeight, double hitSlop, QWidget *parent);

    virtual Range range() const = 0;
    virtual void setRange(int64_t from, int64_t to) = 0;
    /// Remembers the current zoom as a step back (once per gesture).
    virtual void pushHistory() = 0;
    virtual uint32_t rowCount() const = 0;
    /// Brings span, the session's selection (a span of the trace), into view.
    virtual void followSelection(SpanIndex span) = 0;
    /// A left press the view takes for a drag of its own (not a pan), e.g. a rubber band.
    virtual bool pressOwnDrag(const QPoint &pos, Qt::KeyboardModifiers modifiers);
    virtual void ownDragMoved(const QPoint &pos);
    /// Is there something to click at pos besides bars (the hand cursor shows it)?
    virtual bool isControlAt(const QPoint &pos) const;

    /// Builds the view's content with the trace's marks: make(flags, cancel) -> Content. In
    /// place for small traces, else off the GUI thread (a newer build supersedes it) with
    /// `content` cleared meanwhile; install(content) then runs on the GUI thread, marks set.
    template <class Content, class Make, class Install>
    void buildContent(std::shared_ptr<const Content> &content, Make make, Install install)
    {
        struct Built
        {
            std::shared_ptr<const SpanMarks> marks;
            std::shared_ptr<const Content> content;
        };
        const TracePtr trace = session()->trace();
        auto compute = [trace, marksCache = session()->marks(), make](
                           const std::atomic<bool> *cancel) {
            Built b;
            b.marks = marksCache->get(cancel);
            if (b.marks)
                b.content = std::make_shared<const Content>(make(trace, &b.marks->flags, cancel));
            return cancel && cancel->load() ? Built() : b;
        };
        auto done = [this, install](Built b) {
            if (!b.content)
                return; // cancelled: a newer build owns the view
            setMarks(std::move(b.marks));
            install(std::move(b.content));
        };
        if (trace->spanCount() < SyncBuildSpans) {
            m_task->cancel();
            done(compute(nullptr));
            return;
        }
        content.reset();
        m_list.reset();
        invalidateBase();
        m_task->run(std::move(compute), std::move(done));
    }
    /// Stops a build in progress (content installed from elsewhere wins).
    void cancelBuild() { m_task->cancel(); }
    /// New content: scroll to the top, forget the draw list and the hover, follow the selection.
    void contentChanged();
    /// Follows the session's selection when there is one to show, and repaints.
    void showSelection();
    /// The draw list for request, from cache or built, kept as the last frame's.
    template <class Request, class Build>
    const DrawList &cachedDrawList(
        DrawListCache<Request> &cache, const Request &request, Build build)
    {
        std::shared_ptr<const DrawList> list = cache.find(request, 1);
        if (!list)
            list = cache.insert(request, build());
        m_list = std::move(list);
        return *m_list;
    }
    /// The range over the rows' width (for the timeline: time ↔ pixels).
    TimeMapping rangeMapping(const QSize &size) const;
    /// The first row a frame of this height shows and how many (one more at each end).
    std::pair<uint32_t, uint32_t> visibleRows(const QSize &size) const;
    void scrollRowIntoView(uint32_t row);
    /// One wheel burst, drag or key repeat is one step in the zoom history.
    void gestureStart();
    void zoomAround(double x, double factor);
    void pan(double px);

    const DrawItem *hoverItem() const { return m_hasHoverItem ? &m_hoverItem : nullptr; }
    QPoint pressPos() const { return m_pressPos; }
    QPoint lastPos() const { return m_lastPos; }
    bool moved() const { return m_moved; }
    /// Ends a press (in mouseReleaseEvent): was it a click (left button, not moved)?
    bool endPress(QMouseEvent *event);
    void paintFocusFrame(QPainter &p, const QSize &size);
    /// What the rows show while the content is being built.
    void paintBusy(QPainter &p, const QRect &rows, const QString &text);

    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateScrollBar();

    int m_headerHeight;
    double m_hitSlop;
    AsyncTask *m_task;
    std::shared_ptr<const DrawList> m_list;
    QScrollBar *m_vbar;
    QTimer *m_wheelIdle;
    int m_scrollY = 0;

    bool m_pressed = false;
    bool m_ownDrag = false;
    bool m_moved = false;
    QPoint m_pressPos;
    QPoint m_lastPos;
    Range m_pressRange;
    int m_pressScroll = 0;
    DrawItem m_hoverItem;
    bool m_hasHoverItem = false;
};

} // namespace Osp
