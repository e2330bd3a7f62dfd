#pragma once

#include "stringpool.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace Osp {

/// A span or trace id: 16 bytes for the canonical lowercase UUIDs OSProfiler writes, and an
/// interned text for anything else (hand-edited files), so every id round-trips exactly.
class Uuid
{
public:
    Uuid() = default;
    static Uuid fromText(std::string_view text, StringPool &pool);

    bool isNull() const { return m_kind == Kind::None; }
    std::string toString(const StringPool &pool) const;
    bool operator==(const Uuid &other) const = default;
    /// A well-mixed 64-bit hash (equal ids, equal hashes).
    uint64_t hash() const;

private:
    enum class Kind : uint8_t { None, Binary, Text };
    uint64_t m_hi = 0;
    uint64_t m_lo = 0; // the StringId for Kind::Text
    Kind m_kind = Kind::None;
};

} // namespace Osp
