#include "durationformat.h"

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

} // namespace Osp
