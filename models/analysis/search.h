#pragma once

#include "trace/trace.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <vector>

namespace Osp {

/// What to look for: text (or a regex) in the span's strings, plus filters that all must hold.
struct SearchQuery
{
    QString text; ///< case-insensitive; empty matches every span
    bool regex = false; ///< text is a QRegularExpression pattern
    bool payload = true; ///< also search the payload summary (path, SQL, function, target)
                         ///< and the exception type and message
    int64_t minDurationUs = 0; ///< 0: no limit
    int64_t minSelfUs = 0;
    QString type; ///< exact span name; empty: any
    QString service; ///< exact; empty: any
    QString host; ///< exact; empty: any
    bool errorsOnly = false;
};

/// Which spans match, which stay visible in the filtered tree (matches and their ancestors),
/// and the matches in pre-order for next/previous.
struct SearchResult
{
    std::vector<uint8_t> matches; ///< per span
    std::vector<uint8_t> visible; ///< per span: a match or an ancestor of one
    std::vector<SpanIndex> matchList;
    QString error; ///< an invalid regex; nothing matches then
    bool cancelled = false;

    size_t matchCount() const { return matchList.size(); }
    /// The first match after span from in pre-order, wrapping; NoSpan when none.
    SpanIndex next(SpanIndex from) const;
    /// The last match before span from, wrapping; NoSpan when none.
    SpanIndex previous(SpanIndex from) const;
};

/// Runs a query: each distinct interned string is tested once, then one backward pass marks
/// ancestors. O(n) plus the distinct strings; the first payload search pays for the summaries.
SearchResult searchTrace(
    const Trace &trace, const SearchQuery &query, const std::atomic<bool> *cancel = nullptr);

} // namespace Osp
