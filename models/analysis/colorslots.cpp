#include "colorslots.h"

#include <algorithm>

namespace Osp {

StringId ColorSlots::keyOf(const Trace &trace, SpanIndex span, ColorKey key)
{
    return key == ColorKey::Service ? trace.span(span).service : trace.details(span).reportName;
}

ColorSlots ColorSlots::build(const Trace &trace, ColorKey key)
{
    ColorSlots palette;
    palette.m_key = key;
    palette.m_spanSlot.resize(trace.spanCount());
    StringId last = NoString;
    uint16_t lastSlot = Unpacked;
    for (SpanIndex i = 0; i < trace.spanCount(); ++i) {
        const StringId id = keyOf(trace, i, key);
        // Runs of one service are the common case: skip the hash lookup for them.
        if (id != last || i == 0) {
            last = id;
            const auto [it, fresh]
                = palette.m_slotOf.try_emplace(id, uint32_t(palette.m_keys.size()));
            if (fresh)
                palette.m_keys.push_back(id);
            lastSlot = uint16_t(std::min<uint32_t>(it->second, Unpacked));
        }
        palette.m_spanSlot[i] = lastSlot;
    }
    return palette;
}

uint32_t ColorSlots::slot(StringId id) const
{
    const auto it = m_slotOf.find(id);
    return it == m_slotOf.end() ? NoSlot : it->second;
}

} // namespace Osp
