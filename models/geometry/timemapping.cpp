#include "geometry/timemapping.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace Osp {

int64_t TimeMapping::us(double px) const
{
    return fromUs + int64_t(std::llround((px - left) * double(spanUs()) / (width > 0 ? width : 1)));
}

std::pair<int64_t, int64_t> zoomRange(int64_t fromUs, int64_t toUs, int64_t anchorUs, double factor,
    int64_t limitUs, int64_t minSpanUs)
{
    limitUs = std::max<int64_t>(limitUs, 1);
    minSpanUs = std::clamp<int64_t>(minSpanUs, 1, limitUs);
    const double span = double(std::max<int64_t>(toUs - fromUs, 1));
    const double newSpan = std::clamp(span * factor, double(minSpanUs), double(limitUs));
    // The anchor keeps its relative position, so the point under the cursor stays put.
    const double rel = std::clamp(double(anchorUs - fromUs) / span, 0.0, 1.0);
    int64_t from = int64_t(std::llround(double(anchorUs) - rel * newSpan));
    int64_t len = int64_t(std::llround(newSpan));
    from = std::clamp<int64_t>(from, 0, limitUs - len);
    return { from, from + len };
}

std::pair<int64_t, int64_t> panRange(int64_t fromUs, int64_t toUs, int64_t deltaUs, int64_t limitUs)
{
    const int64_t len = std::clamp<int64_t>(toUs - fromUs, 1, std::max<int64_t>(limitUs, 1));
    const int64_t from
        = std::clamp<int64_t>(fromUs + deltaUs, 0, std::max<int64_t>(limitUs - len, 0));
    return { from, from + len };
}

std::pair<int64_t, int64_t> frameRange(
    int64_t startUs, int64_t endUs, int64_t limitUs, double marginFraction)
{
    const int64_t len = std::max<int64_t>(endUs - startUs, 1);
    const int64_t margin = std::max<int64_t>(int64_t(double(len) * marginFraction), 1);
    const int64_t from = std::max<int64_t>(startUs - margin, 0);
    const int64_t to = std::min<int64_t>(
        std::max<int64_t>(endUs + margin, from + 1), std::max<int64_t>(limitUs, 1));
    return { from, std::max(to, from + 1) };
}

QString formatAbsoluteTick(int64_t epochUnixUs, int64_t us, int64_t stepUs, ClockZone zone)
{
    const int64_t abs = epochUnixUs + us;
    const int64_t ms = abs >= 0 ? abs / 1000 : (abs - 999) / 1000;
    QDateTime dt = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    if (zone == ClockZone::Local)
        dt = dt.toLocalTime();
    QString text = dt.toString(QStringLiteral("HH:mm:ss"));
    int decimals = 0;
    // As many digits as the step needs to be exact: 250 ms → 2, 1 µs → 6.
    for (int64_t unit = 1000000; decimals < 6 && stepUs % unit != 0; unit /= 10)
        ++decimals;
    if (decimals > 0) {
        const int64_t frac = ((abs % 1000000) + 1000000) % 1000000; // µs within the second
        QString digits = QStringLiteral("%1").arg(frac, 6, 10, QLatin1Char('0'));
        text += QLatin1Char('.') + digits.left(decimals);
    }
    return text;
}

} // namespace Osp
