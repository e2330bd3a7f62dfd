#pragma once

#include "trace/trace.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace Osp {

/// What a bar's colour stands for.
enum class ColorKey : uint8_t { Service, Type };

/// Palette palette by first appearance: the first service (or span type) met in pre-order gets
/// slot 0, the next new one slot 1, and so on. A trace's services thus get distinct palette
/// entries in reading order (a hash of the name puts two services on one colour as soon as
/// there are a handful), and the same ones every time the trace is opened.
class ColorSlots
{
public:
    static constexpr uint32_t NoSlot = UINT32_MAX;

    /// O(spans), one pass. firstKeys (texts, e.g. another trace's keys()) take slots 0, 1, …
    /// in their order whether or not this trace has them, so that two traces compared side by
    /// side give a service one colour; keys of this trace not among them follow.
    static ColorSlots build(
        const Trace &trace, ColorKey key, const std::vector<std::string> &firstKeys = {});

    ColorKey key() const { return m_key; }
    /// The key a span is coloured by.
    static StringId keyOf(const Trace &trace, SpanIndex span, ColorKey key);
    /// The slot of a service or span type (NoSlot when the trace has none such).
    uint32_t slot(StringId id) const;
    /// The slot of a span's key, from a per-span array: painting looks up thousands of
    /// scattered spans a frame, and 2 bytes a span stay in cache where span records do not.
    uint32_t slotOfSpan(const Trace &trace, SpanIndex span) const
    {
        const uint16_t s = span < m_spanSlot.size() ? m_spanSlot[span] : Unpacked;
        return s != Unpacked ? s : slot(keyOf(trace, span, m_key));
    }
    /// Keys in slot order (NoString for a first key this trace does not have).
    const std::vector<StringId> &keys() const { return m_keys; }
    /// Whether any span of the trace has the slot's key (a legend lists only those).
    bool used(uint32_t slot) const { return slot < m_used.size() && m_used[slot]; }
    /// The keys' texts in slot order, to align another trace's slots with these.
    std::vector<std::string> keyTexts(const Trace &trace) const;
    size_t size() const { return m_keys.size(); }

private:
    static constexpr uint16_t Unpacked = UINT16_MAX; ///< a slot too large for the array
    ColorKey m_key = ColorKey::Service;
    std::vector<uint16_t> m_spanSlot;
    std::vector<StringId> m_keys;
    std::vector<std::string> m_absentTexts; ///< texts of first keys this trace lacks, by slot
    std::vector<uint8_t> m_used;
    std::unordered_map<StringId, uint32_t> m_slotOf;
};

} // namespace Osp
