#pragma once
// Helpers shared by the benchmark programs: the process's own memory figures.

#include <fstream>
#include <string>

namespace OspBench {

/// A field of /proc/self/status in KiB (VmRSS, VmHWM), -1 when missing.
inline long statusKb(const char *field)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(in, line)) {
        if (line.rfind(prefix, 0) == 0)
            return std::stol(line.substr(prefix.size()));
    }
    return -1;
}

/// Resets VmHWM to the current resident set (Linux clear_refs "5"), so the peak read later
/// belongs to what runs after this call.
inline void resetPeak()
{
    std::ofstream("/proc/self/clear_refs") << "5";
}

} // namespace OspBench
