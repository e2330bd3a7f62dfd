#include "tracesession.h"

#include <algorithm>

namespace Osp {

TraceSession::TraceSession(TracePtr trace, QObject *parent)
    : QObject(parent)
    , m_trace(std::move(trace))
{
    m_toUs = fullEndUs();
}

qint64 TraceSession::fullEndUs() const
{
    // A trace of zero length still needs a non-empty range to draw against.
    return m_trace ? std::max<qint64>(m_trace->endUs(), 1) : 1;
}

void TraceSession::setCurrentSpan(SpanIndex span)
{
    if (m_trace && span != NoSpan && span >= m_trace->spanCount())
        span = NoSpan;
    if (span == m_current)
        return;
    m_current = span;
    emit selectionChanged(span);
}

void TraceSession::setRange(qint64 fromUs, qint64 toUs)
{
    const qint64 end = fullEndUs();
    fromUs = std::clamp<qint64>(fromUs, 0, end - 1);
    toUs = std::clamp<qint64>(toUs, fromUs + 1, end);
    if (fromUs == m_fromUs && toUs == m_toUs)
        return;
    m_fromUs = fromUs;
    m_toUs = toUs;
    emit rangeChanged(m_fromUs, m_toUs);
}

void TraceSession::resetRange()
{
    setRange(0, fullEndUs());
}

} // namespace Osp
