#pragma once

#include <QString>

#include <cstdint>

namespace Osp {

/// "842 µs", "12.345 ms", "3.210 s"; whole ms ("12 ms") when only ms precision exists.
QString formatDuration(int64_t micros, bool msPrecision = false);

/// Plain-ASCII variant for the command line and text exports ("us" instead of "µs").
std::string formatDurationAscii(int64_t micros, bool msPrecision = false);

} // namespace Osp
