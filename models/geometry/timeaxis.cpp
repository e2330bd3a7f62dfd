#include "geometry/timeaxis.h"

#include <algorithm>
#include <cmath>

namespace Osp {

int64_t timeTickStep(int64_t fromUs, int64_t toUs, double pixels, double minSpacingPx)
{
    const double span = double(std::max<int64_t>(toUs - fromUs, 1));
    if (pixels < 1)
        return std::max<int64_t>(toUs - fromUs, 1);
    const double minStep = span * minSpacingPx / pixels;
    int64_t magnitude = 1;
    while (true) {
        for (int64_t m : { 1, 2, 5 }) {
            if (double(m * magnitude) >= minStep)
                return m * magnitude;
        }
        if (magnitude > (int64_t(1) << 52))
            return magnitude;
        magnitude *= 10;
    }
}

QString formatTickLabel(int64_t us, int64_t stepUs)
{
    if (us == 0)
        return QStringLiteral("0");
    const int64_t a = us < 0 ? -us : us;
    QString unit;
    double div = 1;
    if (a >= 1000000 || stepUs >= 1000000) {
        unit = QStringLiteral(" s");
        div = 1e6;
    } else if (a >= 1000 || stepUs >= 1000) {
        unit = QStringLiteral(" ms");
        div = 1e3;
    } else {
        unit = QStringLiteral(" µs");
    }
    // Digits after the point so that step-sized differences stay visible.
    int decimals = 0;
    for (double s = double(stepUs) / div; s < 0.999 && decimals < 6; s *= 10)
        ++decimals;
    return QString::number(double(us) / div, 'f', decimals) + unit;
}

std::vector<TimeTick> timeTicks(int64_t fromUs, int64_t toUs, double pixels, double minSpacingPx)
{
    std::vector<TimeTick> ticks;
    if (toUs <= fromUs || pixels < 1)
        return ticks;
    const int64_t step = timeTickStep(fromUs, toUs, pixels, minSpacingPx);
    int64_t first = (fromUs / step) * step;
    if (first < fromUs)
        first += step;
    for (int64_t t = first; t <= toUs; t += step)
        ticks.push_back({ t, formatTickLabel(t, step) });
    return ticks;
}

} // namespace Osp
