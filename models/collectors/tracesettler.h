#pragma once

#include "collectors/collector.h"

#include <atomic>
#include <optional>

namespace Osp {

/// How a wait is going: written by the waiting thread, read by anyone (the GUI polls it for
/// its progress line).
struct TraceSettlerStatus
{
    std::atomic<qint64> events { 0 };
    std::atomic<qint64> quietMs { 0 }; ///< since the last new event
    std::atomic<qint64> elapsedMs { 0 };
};

/// Waits for a freshly profiled trace to settle: services keep writing events after the API
/// answered (casts, boots, migrations), so the trace is re-read until no new event arrived for
/// a quiet period, or a maximum wait passed. Shared by `osptrace profile` and File ▸ Profile a
/// request…; blocks the calling thread (run it on the collector I/O pool in the GUI).
class TraceSettler
{
public:
    /// A trace that arrived, and how the wait for it ended.
    struct Arrival
    {
        enum Outcome {
            Settled, ///< no new event for the quiet period
            StillArriving, ///< the maximum wait passed while events kept coming
            StoppedEarly, ///< openNow was set: what is there so far
        };
        Outcome outcome = Settled;
        FetchedTrace last; ///< the latest read
    };

    int quietMs = 3000;
    int maxWaitMs = 120000;
    /// Return at once, with no trace.
    const std::atomic<bool> *cancel = nullptr;
    /// Stop waiting and return what has arrived ("Open now").
    const std::atomic<bool> *stopWaiting = nullptr;
    TraceSettlerStatus *status = nullptr;

    /// The trace once it settled, or an error: NotFound when no event arrived (saying what to
    /// check), the collector's failure, or Error::cancelled().
    Result<Arrival> wait(Collector &collector, const QString &baseId) const;
};

} // namespace Osp
