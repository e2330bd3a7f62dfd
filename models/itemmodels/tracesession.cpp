#include "itemmodels/tracesession.h"

#include <algorithm>

namespace Osp {

TraceSession::TraceSession(TracePtr trace, QObject *parent)
    : QObject(parent)
    , m_trace(std::move(trace))
    , m_marks(std::make_shared<SpanMarksCache>(m_trace))
{
    m_toUs = fullEndUs();
}

const ColorSlots &TraceSession::colorSlots(ColorKey key) const
{
    std::optional<ColorSlots> &palette = m_slots[key == ColorKey::Service ? 0 : 1];
    if (!palette) {
        std::vector<std::string> first;
        if (m_colorReference && m_colorReference->trace())
            first = m_colorReference->colorSlots(key).keyTexts(*m_colorReference->trace());
        palette = m_trace ? ColorSlots::build(*m_trace, key, first) : ColorSlots();
    }
    return *palette;
}

void TraceSession::alignColorsWith(const TraceSession *reference)
{
    m_colorReference = reference;
    m_slots[0].reset();
    m_slots[1].reset();
}

qint64 TraceSession::fullEndUs() const
{
    // A trace of zero length still needs a non-empty range to draw against.
    return std::max<qint64>(m_trace ? std::max<qint64>(m_trace->endUs(), 1) : 1, m_extentUs);
}

void TraceSession::setExtentUs(qint64 extentUs)
{
    const bool whole = !isZoomed();
    m_extentUs = std::max<qint64>(extentUs, 0);
    if (whole)
        setRange(0, fullEndUs());
    else
        setRange(m_fromUs, m_toUs); // clamps to the new extent
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
    zoomTo(0, fullEndUs());
}

void TraceSession::pushHistory()
{
    const std::pair<qint64, qint64> now { m_fromUs, m_toUs };
    if (!m_back.empty() && m_back.back() == now)
        return;
    m_back.push_back(now);
    // A long session must not grow without bound; 200 steps back is plenty.
    if (m_back.size() > 200)
        m_back.erase(m_back.begin());
    m_forward.clear();
    emit historyChanged();
}

void TraceSession::zoomTo(qint64 fromUs, qint64 toUs)
{
    const qint64 oldFrom = m_fromUs, oldTo = m_toUs;
    pushHistory();
    setRange(fromUs, toUs);
    if (m_fromUs == oldFrom && m_toUs == oldTo && !m_back.empty()
        && m_back.back() == std::pair<qint64, qint64> { oldFrom, oldTo }) {
        m_back.pop_back(); // nothing changed: no step to go back to
        emit historyChanged();
    }
}

void TraceSession::zoomBack()
{
    if (m_back.empty())
        return;
    m_forward.emplace_back(m_fromUs, m_toUs);
    const auto r = m_back.back();
    m_back.pop_back();
    setRange(r.first, r.second);
    emit historyChanged();
}

void TraceSession::zoomForward()
{
    if (m_forward.empty())
        return;
    m_back.emplace_back(m_fromUs, m_toUs);
    const auto r = m_forward.back();
    m_forward.pop_back();
    setRange(r.first, r.second);
    emit historyChanged();
}

} // namespace Osp
