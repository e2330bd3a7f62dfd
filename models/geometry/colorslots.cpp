#include "geometry/colorslots.h"

#include <algorithm>

namespace Osp {

StringId ColorSlots::keyOf(const Trace &trace, SpanIndex span, ColorKey key)
{
    return key == ColorKey::Service ? trace.span(span).service : trace.details(span).reportName;
}

ColorSlots ColorSlots::build(
    const Trace &trace, ColorKey key, const std::vector<std::string> &firstKeys)
{
    ColorSlots palette;
    palette.m_key = key;
    for (const std::string &text : firstKeys) {
        const uint32_t slot = uint32_t(palette.m_keys.size());
        const StringId id = text.empty() ? NoString : trace.strings().find(text);
        const bool absent = id == NoString && !text.empty();
        if (!absent && !palette.m_slotOf.try_emplace(id, slot).second)
            continue; // listed twice
        palette.m_keys.push_back(id);
        palette.m_absentTexts.resize(slot + 1);
        if (absent)
            palette.m_absentTexts[slot] = text;
    }
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
            palette.m_used.resize(palette.m_keys.size());
            palette.m_used[it->second] = 1;
            lastSlot = uint16_t(std::min<uint32_t>(it->second, Unpacked));
        }
        palette.m_spanSlot[i] = lastSlot;
    }
    palette.m_used.resize(palette.m_keys.size());
    return palette;
}

std::vector<std::string> ColorSlots::keyTexts(const Trace &trace) const
{
    std::vector<std::string> texts;
    texts.reserve(m_keys.size());
    for (size_t k = 0; k < m_keys.size(); ++k)
        texts.push_back(k < m_absentTexts.size() && !m_absentTexts[k].empty()
                ? m_absentTexts[k]
                : std::string(m_keys[k] == NoString ? std::string_view() : trace.view(m_keys[k])));
    return texts;
}

uint32_t ColorSlots::slot(StringId id) const
{
    const auto it = m_slotOf.find(id);
    return it == m_slotOf.end() ? NoSlot : it->second;
}

} // namespace Osp
