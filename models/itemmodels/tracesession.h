#pragma once

#include "geometry/colorslots.h"
#include "geometry/spanmarks.h"
#include "trace/trace.h"

#include <QObject>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace Osp {

/// The one selection and zoom state per open trace that every view follows (DESIGN.md, Views):
/// select a span anywhere and every view shows it; zoom anywhere and every timeline follows.
class TraceSession : public QObject
{
    Q_OBJECT
public:
    explicit TraceSession(TracePtr trace, QObject *parent = nullptr);

    const TracePtr &trace() const { return m_trace; }

    /// Palette slots of the trace's services or span types, by first appearance: every view
    /// of the trace colours a service alike. Built on first use (GUI thread).
    const ColorSlots &colorSlots(ColorKey key) const;
    /// Colours as in `reference` for the services and span types both traces have (the two
    /// sides of a comparison); reference must outlive this session.
    void alignColorsWith(const TraceSession *reference);
    /// Critical path, clock skew and service links, computed once for all views of the trace
    /// (from a background task: SpanMarksCache::get blocks while computing).
    const std::shared_ptr<SpanMarksCache> &marks() const { return m_marks; }

    SpanIndex currentSpan() const { return m_current; }
    void setCurrentSpan(SpanIndex span);

    qint64 fromUs() const { return m_fromUs; }
    qint64 toUs() const { return m_toUs; }
    /// Clamped to the trace; an empty or reversed range is widened to at least 1 µs.
    void setRange(qint64 fromUs, qint64 toUs);
    /// Back to the whole trace (remembered in the zoom history).
    void resetRange();
    bool isZoomed() const { return m_fromUs != 0 || m_toUs != fullEndUs(); }
    qint64 fullEndUs() const;
    /// Timelines stacked on one time axis (comparison) share the longer trace's extent: the
    /// range may then run past this trace's end. 0 (the default) means the trace's own end.
    void setExtentUs(qint64 extentUs);

    /// Zoom history (back/forward, as in a browser). Views call pushHistory() once at the start
    /// of a gesture (wheel burst, drag, key repeat) so one gesture is one step back; zoomTo()
    /// is setRange() for jumps (rubber band, frame a span) that are a step of their own.
    void pushHistory();
    void zoomTo(qint64 fromUs, qint64 toUs);
    bool canZoomBack() const { return !m_back.empty(); }
    bool canZoomForward() const { return !m_forward.empty(); }
    void zoomBack();
    void zoomForward();

signals:
    void selectionChanged(Osp::SpanIndex span);
    void rangeChanged(qint64 fromUs, qint64 toUs);
    void historyChanged();

private:
    TracePtr m_trace;
    std::shared_ptr<SpanMarksCache> m_marks;
    mutable std::optional<ColorSlots> m_slots[2];
    const TraceSession *m_colorReference = nullptr;
    SpanIndex m_current = NoSpan;
    qint64 m_fromUs = 0;
    qint64 m_toUs = 1;
    qint64 m_extentUs = 0;
    std::vector<std::pair<qint64, qint64>> m_back;
    std::vector<std::pair<qint64, qint64>> m_forward;
};

} // namespace Osp
