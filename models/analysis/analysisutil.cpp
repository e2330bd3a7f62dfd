#include "analysis/analysisutil.h"

#include <algorithm>

namespace Osp {

namespace {
char foldAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
} // namespace

std::vector<uint32_t> nameRanks(const Trace &trace)
{
    const StringPool &pool = trace.strings();
    std::vector<uint32_t> rank(std::max<size_t>(pool.size(), 1), 0);
    std::vector<uint8_t> used(pool.size(), 0);
    std::vector<StringId> ids;
    for (const Span &s : trace.spans()) {
        if (s.name != NoString && !used[s.name]) {
            used[s.name] = 1;
            ids.push_back(s.name);
        }
    }
    std::sort(ids.begin(), ids.end(), [&pool](StringId a, StringId b) {
        const std::string_view x = pool.view(a), y = pool.view(b);
        const auto cmp = std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end(),
            [](char p, char q) { return foldAscii(p) < foldAscii(q); });
        if (cmp)
            return true;
        const bool reverse = std::lexicographical_compare(y.begin(), y.end(), x.begin(), x.end(),
            [](char p, char q) { return foldAscii(p) < foldAscii(q); });
        return reverse ? false : x < y;
    });
    for (size_t r = 0; r < ids.size(); ++r)
        rank[ids[r]] = static_cast<uint32_t>(r + 1); // 0 stays "no name", first in order
    return rank;
}

bool containsFolded(std::string_view haystack, std::string_view lowerNeedle)
{
    if (lowerNeedle.empty())
        return true;
    if (haystack.size() < lowerNeedle.size())
        return false;
    const char first = lowerNeedle.front();
    const char firstUpper
        = (first >= 'a' && first <= 'z') ? static_cast<char>(first - 'a' + 'A') : first;
    const size_t last = haystack.size() - lowerNeedle.size();
    for (size_t i = 0; i <= last; ++i) {
        const char c = haystack[i];
        if (c != first && c != firstUpper)
            continue;
        size_t k = 1;
        while (k < lowerNeedle.size() && foldAscii(haystack[i + k]) == lowerNeedle[k])
            ++k;
        if (k == lowerNeedle.size())
            return true;
    }
    return false;
}

std::vector<SpanIndex> pathFromRoot(const Trace &trace, SpanIndex i)
{
    std::vector<SpanIndex> path;
    for (SpanIndex p = i; p != NoSpan; p = trace.span(p).parent)
        path.push_back(p);
    std::reverse(path.begin(), path.end());
    return path;
}

std::string pathText(const Trace &trace, SpanIndex i)
{
    std::string out;
    for (SpanIndex p : pathFromRoot(trace, i)) {
        if (!out.empty())
            out += " > ";
        out += trace.view(trace.span(p).name);
    }
    return out;
}

} // namespace Osp
