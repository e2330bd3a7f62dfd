#pragma once

#include "analysis/statistics.h"

#include <atomic>
#include <cstddef>
#include <functional>

namespace Osp {

/// How an export runs: redaction, progress and cancellation (DESIGN.md, Threads), shared by
/// every writer in formats/ so the GUI can run any of them off the GUI thread.
struct ExportOptions
{
    /// Strip SQL params, function args/kwargs/results and URL query strings (Redaction).
    bool redacted = false;
    /// Grouping of the statistics CSV.
    GroupBy statsBy = GroupBy::Type;
    /// Called now and then with 0..1000.
    std::function<void(int permille)> progress;
    /// Checked inside the loops; a cancelled export stops writing.
    const std::atomic<bool> *cancel = nullptr;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
    /// Reports progress every few thousand spans; false when the export was cancelled.
    bool step(size_t done, size_t total) const
    {
        if ((done & 0xFFF) != 0)
            return true;
        if (progress && total > 0)
            progress(static_cast<int>(done * 1000 / total));
        return !cancelled();
    }
};

} // namespace Osp
