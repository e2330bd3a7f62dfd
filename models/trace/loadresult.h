#pragma once

#include "trace/trace.h"
#include "util/cancellation.h"
#include "util/result.h"

#include <QString>

#include <atomic>
#include <functional>

namespace Osp {

/// Progress and cancellation for a load running off the GUI thread.
struct LoadOptions
{
    /// Called now and then with 0..ProgressMax (DESIGN.md, Threads).
    std::function<void(int permille)> progress;
    /// Checked inside the loop (isCancelled); a cancelled load returns no trace.
    const std::atomic<bool> *cancel = nullptr;
    /// Name used in messages and titles (defaults to the path).
    QString displayName;
};

/// A loaded trace or the Error that left nothing usable (cancelled: Error::Cancelled). A
/// trace read only in part is a success: the Trace itself says so (Trace::isPartial, with
/// where and why reading stopped), because the trace is what travels on to the views, the
/// writers and the command line, and one record of it cannot disagree with another.
using LoadResult = Result<TracePtr>;

} // namespace Osp
