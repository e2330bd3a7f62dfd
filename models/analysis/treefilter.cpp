#include "treefilter.h"

namespace Osp {

TreeFilterResult filterTree(
    const Trace &trace, const QRegularExpression &pattern, const std::atomic<bool> *cancel)
{
    TreeFilterResult r;
    const size_t n = trace.spanCount();
    r.visible.assign(n, 0);
    r.matches.assign(n, 0);
    if (n == 0)
        return r;

    QRegularExpression re(pattern);
    re.setPatternOptions(re.patternOptions() | QRegularExpression::CaseInsensitiveOption);

    // Strings are interned: test each id once (0 = unknown, 1 = no match, 2 = match).
    std::vector<uint8_t> memo(trace.strings().size(), 0);
    auto test = [&](StringId id) {
        if (id == NoString)
            return false;
        uint8_t &m = memo[id];
        if (m == 0)
            m = re.match(trace.text(id)).hasMatch() ? 2 : 1;
        return m == 2;
    };

    const auto &spans = trace.spans();
    for (size_t i = 0; i < n; ++i) {
        if (cancel && (i & 0xFFF) == 0 && cancel->load(std::memory_order_relaxed)) {
            r.cancelled = true;
            return r;
        }
        const Span &s = spans[i];
        if (test(s.name) || test(s.project) || test(s.service) || test(s.host)) {
            r.matches[i] = 1;
            ++r.matchCount;
        }
    }
    // Pre-order: every child comes after its parent, so a backward pass sees a span's whole
    // subtree before the span and can hand visibility up one level at a time.
    for (size_t i = n; i-- > 0;) {
        if (r.matches[i])
            r.visible[i] = 1;
        if (r.visible[i] && spans[i].parent != NoSpan)
            r.visible[spans[i].parent] = 1;
    }
    return r;
}

} // namespace Osp
