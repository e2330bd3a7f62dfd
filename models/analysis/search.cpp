#include "analysis/search.h"

#include "analysis/analysisutil.h"

#include <QRegularExpression>

#include <algorithm>

namespace Osp {

namespace {

/// StringId for an exact filter: NoString for "any", and an impossible id when the text
/// does not occur in the trace (nothing can match then).
constexpr StringId Impossible = NoString - 1;

StringId filterId(const Trace &trace, const QString &text)
{
    if (text.isEmpty())
        return NoString;
    const QByteArray utf8 = text.toUtf8();
    const StringId id
        = trace.strings().find(std::string_view(utf8.constData(), size_t(utf8.size())));
    return id == NoString ? Impossible : id;
}

bool isAscii(const QString &s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) { return c.unicode() < 0x80; });
}

} // namespace

SearchResult searchTrace(const Trace &trace, const SearchQuery &q, const std::atomic<bool> *cancel)
{
    SearchResult r;
    const size_t n = trace.spanCount();
    r.matches.assign(n, 0);
    r.visible.assign(n, 0);

    const StringId type = filterId(trace, q.type);
    const StringId service = filterId(trace, q.service);
    const StringId host = filterId(trace, q.host);

    QRegularExpression re;
    std::string needle; // lower-case ASCII fast path
    const bool hasText = !q.text.isEmpty();
    const bool fast = hasText && !q.regex && isAscii(q.text);
    if (q.regex && hasText) {
        re.setPattern(q.text);
        re.setPatternOptions(QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid()) {
            r.error = QStringLiteral("invalid regular expression: %1").arg(re.errorString());
            return r;
        }
    } else if (fast) {
        needle = q.text.toLower().toStdString();
    }

    // Strings are interned: test each id once (0 = unknown, 1 = no match, 2 = match).
    std::vector<uint8_t> memo(hasText ? trace.strings().size() : 0, 0);
    const auto test = [&](StringId id) {
        if (id == NoString)
            return false;
        uint8_t &m = memo[id];
        if (m == 0) {
            bool hit;
            if (fast)
                hit = containsFolded(trace.view(id), needle);
            else if (q.regex)
                hit = re.match(trace.text(id)).hasMatch();
            else
                hit = trace.text(id).contains(q.text, Qt::CaseInsensitive);
            m = hit ? 2 : 1;
        }
        return m == 2;
    };

    const auto &spans = trace.spans();
    for (size_t i = 0; i < n; ++i) {
        if (isCancelled(cancel, i)) {
            r.cancelled = true;
            return r;
        }
        const Span &s = spans[i];
        if (q.errorsOnly && !s.has(HasError))
            continue;
        if ((type != NoString && s.name != type) || (service != NoString && s.service != service)
            || (host != NoString && s.host != host))
            continue;
        if (s.durationUs() < q.minDurationUs || s.selfUs < q.minSelfUs)
            continue;
        if (hasText) {
            bool hit = test(s.name) || test(s.service) || test(s.project) || test(s.host);
            if (!hit && q.payload) {
                const SpanDetails &d = trace.details(static_cast<SpanIndex>(i));
                hit = test(d.summary)
                    || (s.has(HasError) && (test(d.exception) || test(d.message)));
            }
            if (!hit)
                continue;
        }
        r.matches[i] = 1;
    }
    // Pre-order: a backward pass sees a whole subtree before its root.
    for (size_t i = n; i-- > 0;) {
        if (r.matches[i])
            r.visible[i] = 1;
        if (r.visible[i] && spans[i].parent != NoSpan)
            r.visible[spans[i].parent] = 1;
    }
    for (size_t i = 0; i < n; ++i) {
        if (r.matches[i])
            r.matchList.push_back(static_cast<SpanIndex>(i));
    }
    return r;
}

SpanIndex SearchResult::next(SpanIndex from) const
{
    if (matchList.empty())
        return NoSpan;
    const auto it = std::upper_bound(matchList.begin(), matchList.end(), from);
    return it == matchList.end() || from == NoSpan ? matchList.front() : *it;
}

SpanIndex SearchResult::previous(SpanIndex from) const
{
    if (matchList.empty())
        return NoSpan;
    const auto it = std::lower_bound(matchList.begin(), matchList.end(), from);
    return it == matchList.begin() || from == NoSpan ? matchList.back() : *(it - 1);
}

} // namespace Osp
