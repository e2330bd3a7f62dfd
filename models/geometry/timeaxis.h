#pragma once

#include <QString>

#include <cstdint>
#include <vector>

namespace Osp {

/// One labelled tick of a time ruler.
struct TimeTick
{
    int64_t us = 0; ///< position, µs from the trace epoch
    QString label; ///< "0", "200 ms", "1.5 s"
};

/// Ticks for a ruler showing [fromUs, toUs] over `pixels` pixels: steps of 1, 2 or 5 × 10^k µs
/// so that neighbours are at least minSpacingPx apart. Plain values, so the header painter,
/// the timeline and tests share them.
std::vector<TimeTick> timeTicks(
    int64_t fromUs, int64_t toUs, double pixels, double minSpacingPx = 70.0);

/// The step timeTicks chose, exposed for tests and minor grid lines.
int64_t timeTickStep(int64_t fromUs, int64_t toUs, double pixels, double minSpacingPx = 70.0);

/// A tick label for value, with as many decimals as the step needs ("1.25 s", "300 µs").
QString formatTickLabel(int64_t us, int64_t stepUs);

} // namespace Osp
