#pragma once

#include "trace/trace.h"
#include "util/cancellation.h"

#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace Osp {

/// What went wrong while reading a trace, and where: the file, the place, what was expected.
struct LoadError
{
    QString file;
    QString message; ///< what was found and what was expected
    qint64 offset = -1; ///< byte offset in the (decompressed) input, -1 when not applicable
    int line = 0; ///< 1-based, 0 when unknown
    int column = 0;
    /// "boot.json:12:5 (byte 345): expected …"
    QString toString() const;
};

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

/// A loaded trace, a partial one with the error that cut it short, or only an error.
struct LoadResult
{
    TracePtr trace; ///< null when nothing usable was read
    std::optional<LoadError> error; ///< set when failed or partial
    bool cancelled = false;

    bool ok() const { return trace && !error; }
    bool partial() const { return trace && error; }
};

} // namespace Osp
