#include "util/timestamp.h"

#include <cstdio>

namespace Osp::Timestamp {
namespace {

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t z, int64_t &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

bool digits(std::string_view s, size_t pos, size_t count, int &out)
{
    if (pos + count > s.size())
        return false;
    int v = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

} // namespace

std::optional<int64_t> parseUtcMicros(std::string_view s)
{
    int year, month, day, hour, minute, second;
    if (!digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, month)
        || s[7] != '-' || !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != ' ')
        || !digits(s, 11, 2, hour) || s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':'
        || !digits(s, 17, 2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    int64_t micros = 0;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int scale = 100000;
        size_t n = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (n < 6) // finer digits than µs are truncated, as Python would
                micros += (s[pos] - '0') * scale;
            scale /= 10;
            ++n;
            ++pos;
        }
        if (n == 0)
            return std::nullopt;
    }
    if (pos < s.size() && s[pos] == 'Z')
        ++pos;
    else if (pos + 6 == s.size() && (s.substr(pos) == "+00:00"))
        pos += 6;
    if (pos != s.size())
        return std::nullopt;
    const int64_t days
        = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return ((days * 24 + hour) * 60 + minute) * 60'000'000LL + second * 1'000'000LL + micros;
}

bool isOsprofilerLayout(std::string_view s)
{
    return s.size() == 26 && s[10] == 'T' && s[19] == '.';
}

static void split(
    int64_t unixMicros, int64_t &y, unsigned &mo, unsigned &d, int &h, int &mi, int &s, int &us)
{
    int64_t days = unixMicros / 86'400'000'000LL;
    int64_t rest = unixMicros % 86'400'000'000LL;
    if (rest < 0) {
        rest += 86'400'000'000LL;
        --days;
    }
    civilFromDays(days, y, mo, d);
    h = static_cast<int>(rest / 3'600'000'000LL);
    mi = static_cast<int>(rest / 60'000'000LL % 60);
    s = static_cast<int>(rest / 1'000'000 % 60);
    us = static_cast<int>(rest % 1'000'000);
}

std::string formatOsprofiler(int64_t unixMicros)
{
    int64_t y;
    unsigned mo, d;
    int h, mi, s, us;
    split(unixMicros, y, mo, d, h, mi, s, us);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%06d",
        static_cast<long long>(y), mo, d, h, mi, s, us);
    return buf;
}

QString formatUtc(int64_t unixMicros)
{
    std::string text = formatOsprofiler(unixMicros);
    text[10] = ' ';
    return QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace Osp::Timestamp
