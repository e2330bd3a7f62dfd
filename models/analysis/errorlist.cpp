#include "analysis/errorlist.h"

#include "analysis/analysisutil.h"

#include <algorithm>

namespace Osp {

ErrorList ErrorList::compute(const Trace &trace, const std::atomic<bool> *cancel)
{
    ErrorList el;
    const size_t n = trace.spanCount();
    el.onPath.assign(n, 0);
    const auto &spans = trace.spans();
    for (size_t i = 0; i < n; ++i) {
        if (isCancelled(cancel, i)) {
            el.cancelled = true;
            return el;
        }
        const Span &s = spans[i];
        ErrorEntry e;
        e.span = static_cast<SpanIndex>(i);
        if (s.has(HasError)) {
            e.kind = ErrorEntry::Error;
            e.type = trace.details(e.span).exception;
            e.message = trace.details(e.span).message;
            ++el.errorCount;
        } else if (s.has(NoStopEvent)) {
            e.kind = ErrorEntry::Unfinished;
            ++el.unfinishedCount;
        } else if (s.has(NoStartEvent)) {
            e.kind = ErrorEntry::NoStart;
            ++el.noStartCount;
        } else {
            continue;
        }
        el.entries.push_back(e);
        el.onPath[i] = 1;
    }
    // Pre-order: a backward pass sees a whole subtree before its root.
    for (size_t i = n; i-- > 0;) {
        if (el.onPath[i] && spans[i].parent != NoSpan)
            el.onPath[spans[i].parent] = 1;
    }
    return el;
}

int ErrorList::next(SpanIndex from) const
{
    if (entries.empty())
        return -1;
    const auto it = std::upper_bound(entries.begin(), entries.end(), from,
        [](SpanIndex v, const ErrorEntry &e) { return v < e.span; });
    return it == entries.end() || from == NoSpan ? 0 : int(it - entries.begin());
}

int ErrorList::previous(SpanIndex from) const
{
    if (entries.empty())
        return -1;
    const auto it = std::lower_bound(entries.begin(), entries.end(), from,
        [](const ErrorEntry &e, SpanIndex v) { return e.span < v; });
    return it == entries.begin() || from == NoSpan ? int(entries.size()) - 1
                                                   : int(it - entries.begin()) - 1;
}

} // namespace Osp
