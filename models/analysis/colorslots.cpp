#include "colorslots.h"

namespace Osp {

StringId ColorSlots::keyOf(const Trace &trace, SpanIndex span, ColorKey key)
{
    return key == ColorKey::Service ? trace.span(span).service : trace.details(span).reportName;
}

ColorSlots ColorSlots::build(const Trace &trace, ColorKey key)
{
    ColorSlots palette;
    palette.m_key = key;
    StringId last = NoString;
    for (SpanIndex i = 0; i < trace.spanCount(); ++i) {
        const StringId id = keyOf(trace, i, key);
        // Runs of one service are the common case: skip the hash lookup for them.
        if (id == last && i > 0)
            continue;
        last = id;
        if (palette.m_slotOf.try_emplace(id, uint32_t(palette.m_keys.size())).second)
            palette.m_keys.push_back(id);
    }
    return palette;
}

uint32_t ColorSlots::slot(StringId id) const
{
    const auto it = m_slotOf.find(id);
    return it == m_slotOf.end() ? NoSlot : it->second;
}

} // namespace Osp
