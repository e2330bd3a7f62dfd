#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <string_view>

namespace Osp {

/// OSProfiler's event timestamps: naive UTC, "%Y-%m-%dT%H:%M:%S.%f" (osprofiler-format.md §1).
/// A fixed-layout parser (GCC 12 has no std::chrono::parse) that also takes a space for 'T'
/// and fewer or no fraction digits, as hand-edited files have them.
namespace Timestamp {

/// Microseconds since the Unix epoch, or nothing when the text is not such a timestamp.
std::optional<int64_t> parseUtcMicros(std::string_view text);

/// True when a text parseUtcMicros() read has OSProfiler's own layout exactly (a 'T', six
/// fraction digits, no zone): other layouts are worth a note to the user.
bool isOsprofilerLayout(std::string_view text);

/// "2026-11-26 05:47:03.520985" (UTC, microseconds).
QString formatUtc(int64_t unixMicros);

/// "2026-11-26T05:47:03.520985", OSProfiler's own layout.
std::string formatOsprofiler(int64_t unixMicros);

} // namespace Timestamp
} // namespace Osp
