#include "trace/uuid.h"

#include <array>

namespace Osp {

namespace {
/// Nibble value of a lowercase hex digit, 0xFF otherwise: uppercase is kept as text, since
/// writing it back lowercase would change the data. A table: two ids a span at load time.
constexpr auto HexValue = [] {
    std::array<uint8_t, 256> t {};
    t.fill(0xFF);
    for (int c = 0; c < 10; ++c)
        t['0' + c] = uint8_t(c);
    for (int c = 0; c < 6; ++c)
        t['a' + c] = uint8_t(10 + c);
    return t;
}();
constexpr bool isDashPosition(size_t i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}
/// The hex digits of text[from, to) as one word, dashes skipped; false if one is not a
/// lowercase hex digit.
bool hexWord(std::string_view text, size_t from, size_t to, uint64_t &word)
{
    uint64_t w = 0;
    uint8_t bad = 0;
    for (size_t i = from; i < to; ++i) {
        if (isDashPosition(i))
            continue;
        const uint8_t v = HexValue[static_cast<unsigned char>(text[i])];
        bad |= v;
        w = (w << 4) | (v & 0xF);
    }
    word = w;
    return bad <= 0xF;
}
} // namespace

Uuid Uuid::fromText(std::string_view text, StringPool &pool)
{
    Uuid id;
    uint64_t hi = 0, lo = 0;
    if (text.size() == 36 && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-'
        && hexWord(text, 0, 19, hi) && hexWord(text, 19, 36, lo)) {
        const bool reserved = (hi == 0 && lo == 0) || hi == TextMarker;
        if (!reserved) {
            id.m_hi = hi;
            id.m_lo = lo;
            return id;
        }
    }
    id.m_hi = TextMarker;
    id.m_lo = pool.intern(text);
    return id;
}

uint64_t Uuid::hash() const
{
    auto mix = [](uint64_t x) { // splitmix64's finaliser
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        return x ^ (x >> 31);
    };
    return mix(mix(m_hi) ^ m_lo);
}

std::string Uuid::toString(const StringPool &pool) const
{
    if (isNull())
        return {};
    if (isText())
        return std::string(pool.view(static_cast<StringId>(m_lo)));
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    int nibble = 0;
    for (size_t i = 0; i < 36; ++i) {
        if (isDashPosition(i)) {
            out.push_back('-');
            continue;
        }
        const uint64_t word = nibble < 16 ? m_hi : m_lo;
        const int shift = 60 - 4 * (nibble % 16);
        out.push_back(digits[(word >> shift) & 0xF]);
        ++nibble;
    }
    return out;
}

} // namespace Osp
