#include "util/durationformat.h"

#include <cstdio>
#include <cstdlib>

namespace Osp {

std::string formatDurationAscii(int64_t us, bool msPrecision)
{
    char buf[48];
    const long long v = us;
    if (msPrecision)
        std::snprintf(buf, sizeof buf, "%lld ms", v / 1000);
    else if (std::llabs(v) < 1000)
        std::snprintf(buf, sizeof buf, "%lld us", v);
    else if (std::llabs(v) < 10'000'000)
        std::snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(v) / 1000.0);
    else
        std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(v) / 1'000'000.0);
    return buf;
}

QString formatDuration(int64_t us, bool msPrecision)
{
    QString text = QString::fromLatin1(formatDurationAscii(us, msPrecision).c_str());
    if (text.endsWith(QLatin1String(" us")))
        text.replace(text.size() - 2, 1, QChar(0x00B5));
    return text;
}

QString formatDurationDelta(int64_t us, bool msPrecision)
{
    const QString magnitude = formatDuration(us < 0 ? -us : us, msPrecision);
    if (us > 0)
        return QLatin1Char('+') + magnitude;
    return us < 0 ? QChar(0x2212) + magnitude : magnitude;
}

QString formatPercentChange(int64_t a, int64_t b)
{
    if (a == 0)
        return b == 0 ? QStringLiteral("0.0 %") : QStringLiteral("new");
    const double p = 100.0 * static_cast<double>(b - a) / static_cast<double>(a);
    const QString magnitude = QString::number(p < 0 ? -p : p, 'f', 1) + QStringLiteral(" %");
    if (magnitude == QLatin1String("0.0 %"))
        return magnitude;
    return (p > 0 ? QString(QLatin1Char('+')) : QString(QChar(0x2212))) + magnitude;
}

} // namespace Osp
