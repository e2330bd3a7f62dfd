#pragma once

#include "trace/trace.h"

#include <QRegularExpression>

#include <atomic>
#include <cstdint>
#include <vector>

namespace Osp {

/// Result of filtering a trace the way the HTML report does: which spans match themselves,
/// and which stay visible (a match or an ancestor of one).
struct TreeFilterResult
{
    std::vector<uint8_t> visible; ///< per span: 1 when it or a descendant matches
    std::vector<uint8_t> matches; ///< per span: 1 when the span itself matches
    size_t matchCount = 0;
    bool cancelled = false;
};

/// The HTML report's span filter: a case-insensitive regex searched in name, project, service
/// and host. Each distinct string is tested once (they are interned), then one backward pass
/// over the pre-order array marks ancestors: no recursion, O(n).
TreeFilterResult filterTree(
    const Trace &trace, const QRegularExpression &re, const std::atomic<bool> *cancel = nullptr);

} // namespace Osp
