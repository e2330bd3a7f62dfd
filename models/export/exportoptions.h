#pragma once

#include "analysis/statistics.h"
#include "util/cancellation.h"

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
    /// Called now and then with 0..ProgressMax.
    std::function<void(int permille)> progress;
    /// Checked inside the loops; a cancelled export stops writing.
    const std::atomic<bool> *cancel = nullptr;

    bool cancelled() const { return isCancelled(cancel); }
    /// Every CancelStride spans reports progress and looks at the flag; false when the export
    /// was cancelled.
    bool step(size_t done, size_t total) const
    {
        if (!isCancelCheckpoint(done))
            return true;
        if (progress && total > 0)
            progress(static_cast<int>(done * ProgressMax / total));
        return !cancelled();
    }
};

} // namespace Osp
