#pragma once
// Cancellation and progress for work that runs off the GUI thread (DESIGN.md, Threads). In
// util, the lowest layer, so readers, analyses, geometry, exports and jobs all check the cancel
// flag the same way. Every layer passes the flag as `const std::atomic<bool> *` (null: the
// work cannot be cancelled) and reports progress in permille, 0..ProgressMax.

#include <QMutex>
#include <QString>

#include <algorithm>
#include <atomic>
#include <cstddef>

namespace Osp {

/// Progress runs from 0 to 1000 (permille) everywhere: the range of every progress bar.
inline constexpr int ProgressMax = 1000;

/// How many iterations a loop runs between two looks at the cancel flag: often enough to stop
/// within a few ms, rarely enough to cost nothing at 1M spans.
inline constexpr size_t CancelStride = 4096;

/// The stride for passes whose body is a few nanoseconds (timeline and flame graph layouts,
/// service links): they rebuild on every zoom and resize, so they look at the flag four times
/// less often; 16384 such iterations still take well under a millisecond.
inline constexpr size_t TightLoopCancelStride = 16384;

/// True when iteration is one at which a loop with this stride looks at the flag (0 is one).
template <size_t Stride = CancelStride> constexpr bool isCancelCheckpoint(size_t iteration)
{
    static_assert(Stride > 0 && (Stride & (Stride - 1)) == 0, "the stride is a power of two");
    return (iteration & (Stride - 1)) == 0;
}

/// True when the flag is set. A relaxed load: the flag only asks the work to stop; its result
/// travels back through the future, which orders everything else.
inline bool isCancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

/// Inside a loop: looks at the flag once every Stride iterations, so a cancelled loop stops
/// at the first checkpoint at or after the moment the flag was set.
template <size_t Stride = CancelStride>
inline bool isCancelled(const std::atomic<bool> *cancel, size_t iteration)
{
    return cancel && isCancelCheckpoint<Stride>(iteration)
        && cancel->load(std::memory_order_relaxed);
}

/// The state one background job shares with whoever shows it: the cancel flag the work
/// checks, and the progress (0..ProgressMax) and a line saying what it is doing that the
/// work reports and the GUI polls. Held through a shared_ptr by both sides, so either may
/// finish first; every member may be used from any thread.
class JobToken
{
public:
    void cancel() { m_cancel.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return Osp::isCancelled(&m_cancel); }
    /// The flag to hand to readers, analyses and exports.
    const std::atomic<bool> *cancelFlag() const { return &m_cancel; }

    /// permille is clamped to 0..ProgressMax.
    void setProgress(int permille)
    {
        m_permille.store(std::clamp(permille, 0, ProgressMax), std::memory_order_relaxed);
    }
    void setProgress(int permille, const QString &what)
    {
        setProgress(permille);
        QMutexLocker lock(&m_mutex);
        m_what = what;
    }
    int progress() const { return m_permille.load(std::memory_order_relaxed); }
    QString what() const
    {
        QMutexLocker lock(&m_mutex);
        return m_what;
    }

private:
    std::atomic<bool> m_cancel { false };
    std::atomic<int> m_permille { 0 };
    mutable QMutex m_mutex; // guards m_what
    QString m_what;
};

} // namespace Osp
