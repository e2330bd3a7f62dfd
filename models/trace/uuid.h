#pragma once

#include "trace/stringpool.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace Osp {

/// A span or trace id in 16 bytes (one is stored per span): the canonical lowercase UUIDs
/// OSProfiler writes as their 128 bits, anything else (hand-edited files) as an interned text,
/// so every id round-trips exactly. Two bit patterns are reserved for "none" (all zero) and
/// "text" (high word all ones); the rare UUIDs that spell them are kept as text.
class Uuid
{
public:
    Uuid() = default;
    static Uuid fromText(std::string_view text, StringPool &pool);

    bool isNull() const { return m_hi == 0 && m_lo == 0; }
    std::string toString(const StringPool &pool) const;
    bool operator==(const Uuid &other) const = default;
    /// A well-mixed 64-bit hash (equal ids, equal hashes).
    uint64_t hash() const;

private:
    static constexpr uint64_t TextMarker = ~uint64_t(0);
    bool isText() const { return m_hi == TextMarker; }

    uint64_t m_hi = 0;
    uint64_t m_lo = 0; ///< the StringId when isText()
};
static_assert(sizeof(Uuid) == 16, "stored once per span");

} // namespace Osp
