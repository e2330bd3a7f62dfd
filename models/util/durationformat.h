#pragma once

#include <QString>

#include <cstdint>

namespace Osp {

/// "842 µs", "12.345 ms", "3.210 s"; whole ms ("12 ms") when only ms precision exists.
QString formatDuration(int64_t micros, bool msPrecision = false);

/// Plain-ASCII variant for the command line and text exports ("us" instead of "µs").
std::string formatDurationAscii(int64_t micros, bool msPrecision = false);

/// A change of duration, always signed: "+12.345 ms", "−842 µs" (U+2212), "0 µs".
QString formatDurationDelta(int64_t micros, bool msPrecision = false);

/// The change from a to b in percent: "+25.0 %", "−10.0 %", "0.0 %"; "new" when a is 0 and b
/// is not (the comparison's convention, as `osptrace diff`).
QString formatPercentChange(int64_t a, int64_t b);

} // namespace Osp
