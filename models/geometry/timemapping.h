#pragma once

#include <QString>

#include <cstdint>
#include <utility>

namespace Osp {

/// Time ↔ pixel maths of one horizontal axis showing [fromUs, toUs] over `width` pixels
/// starting at `left`. Plain values, shared by the timeline, its ruler, its tests and the
/// benchmark, so a bar and the tick above it can never disagree.
struct TimeMapping
{
    int64_t fromUs = 0;
    int64_t toUs = 1;
    double left = 0;
    double width = 1;

    double usPerPx() const { return double(spanUs()) / (width > 0 ? width : 1); }
    int64_t spanUs() const { return toUs > fromUs ? toUs - fromUs : 1; }
    double x(int64_t us) const { return left + double(us - fromUs) * width / double(spanUs()); }
    /// The µs under pixel position x (rounded to the nearest µs).
    int64_t us(double px) const;
};

/// Zooms [fromUs, toUs] by `factor` (< 1 zooms in) keeping anchorUs at the same pixel, then
/// clamps into [0, limitUs] with at least minSpanUs of range.
std::pair<int64_t, int64_t> zoomRange(int64_t fromUs, int64_t toUs, int64_t anchorUs, double factor,
    int64_t limitUs, int64_t minSpanUs = 1);

/// Shifts [fromUs, toUs] by deltaUs without leaving [0, limitUs] or changing its length.
std::pair<int64_t, int64_t> panRange(
    int64_t fromUs, int64_t toUs, int64_t deltaUs, int64_t limitUs);

/// [startUs, endUs] with a margin on both sides (a framed span should not touch the edges).
std::pair<int64_t, int64_t> frameRange(
    int64_t startUs, int64_t endUs, int64_t limitUs, double marginFraction = 0.05);

/// How an absolute tick label is written.
enum class ClockZone { Utc, Local };

/// Absolute tick label: wall-clock time of epochUnixUs + us, with as many fractional
/// digits as the tick step needs ("05:47:01.250"), in UTC or local time.
QString formatAbsoluteTick(int64_t epochUnixUs, int64_t us, int64_t stepUs, ClockZone zone);

} // namespace Osp
