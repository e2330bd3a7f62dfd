#include "uuid.h"

namespace Osp {

namespace {
int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1; // uppercase is kept as text: writing it back lowercase would change the data
}
constexpr bool isDashPosition(size_t i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}
} // namespace

Uuid Uuid::fromText(std::string_view text, StringPool &pool)
{
    Uuid id;
    if (text.size() == 36) {
        uint64_t words[2] = { 0, 0 };
        int nibbles = 0;
        bool ok = true;
        for (size_t i = 0; i < 36 && ok; ++i) {
            if (isDashPosition(i)) {
                ok = text[i] == '-';
                continue;
            }
            const int v = hexValue(text[i]);
            ok = v >= 0;
            words[nibbles / 16] = (words[nibbles / 16] << 4) | static_cast<uint64_t>(v);
            ++nibbles;
        }
        const bool reserved = (words[0] == 0 && words[1] == 0) || words[0] == TextMarker;
        if (ok && !reserved) {
            id.m_hi = words[0];
            id.m_lo = words[1];
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
