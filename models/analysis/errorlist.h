#pragma once

#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace Osp {

/// One span worth a look: it raised, or never stopped (or never started).
struct ErrorEntry
{
    enum Kind : uint8_t { Error, Unfinished, NoStart };
    SpanIndex span = NoSpan;
    Kind kind = Error;
    StringId type = NoString; ///< exception type (SpanDetails::exception) for errors
    StringId message = NoString; ///< exception message (SpanDetails::message)
};

/// Every error and unfinished span in pre-order, for the errors list and next/previous.
struct ErrorList
{
    std::vector<ErrorEntry> entries;
    size_t errorCount = 0;
    size_t unfinishedCount = 0; ///< no stop event
    size_t noStartCount = 0;
    std::vector<uint8_t> onPath; ///< per span: 1 on the path from a root to a listed span
    bool cancelled = false;

    /// O(n): one forward pass to list, one backward pass to mark the paths.
    static ErrorList compute(const Trace &trace, const std::atomic<bool> *cancel = nullptr);

    /// The first entry after span `from` in pre-order, wrapping; -1 when empty.
    int next(SpanIndex from) const;
    /// The last entry before span `from`, wrapping; -1 when empty.
    int previous(SpanIndex from) const;
};

} // namespace Osp
