#pragma once

#include "trace/trace.h"

#include <QObject>

namespace Osp {

/// The one selection and zoom state per open trace that every view follows (DESIGN.md, Views):
/// select a span anywhere and every view shows it; zoom anywhere and every timeline follows.
class TraceSession : public QObject
{
    Q_OBJECT
public:
    explicit TraceSession(TracePtr trace, QObject *parent = nullptr);

    const TracePtr &trace() const { return m_trace; }

    SpanIndex currentSpan() const { return m_current; }
    void setCurrentSpan(SpanIndex span);

    qint64 fromUs() const { return m_fromUs; }
    qint64 toUs() const { return m_toUs; }
    /// Clamped to the trace; an empty or reversed range is widened to at least 1 µs.
    void setRange(qint64 fromUs, qint64 toUs);
    void resetRange();
    bool isZoomed() const { return m_fromUs != 0 || m_toUs != fullEndUs(); }

signals:
    void selectionChanged(Osp::SpanIndex span);
    void rangeChanged(qint64 fromUs, qint64 toUs);

private:
    qint64 fullEndUs() const;

    TracePtr m_trace;
    SpanIndex m_current = NoSpan;
    qint64 m_fromUs = 0;
    qint64 m_toUs = 1;
};

} // namespace Osp
