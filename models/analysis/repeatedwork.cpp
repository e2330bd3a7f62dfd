#include "analysis/repeatedwork.h"

#include "analysis/analysisutil.h"
#include "analysis/sqlnormalizer.h"

#include <algorithm>
#include <unordered_map>

namespace Osp {

namespace {
bool isDbName(std::string_view name)
{
    return name == "db" || (name.size() > 3 && name.substr(name.size() - 3) == ".db");
}
} // namespace

bool RepeatedWork::isSqlSpan(const Trace &trace, SpanIndex i)
{
    const StringId summary = trace.details(i).summary;
    if (summary == NoString)
        return false;
    return isDbName(trace.view(trace.span(i).name))
        || SqlNormalizer::looksLikeSql(trace.view(summary));
}

RepeatedWork RepeatedWork::compute(
    const Trace &trace, size_t minCount, const std::atomic<bool> *cancel)
{
    RepeatedWork rw;
    const size_t n = trace.spanCount();
    // Per string id: the normalised statement (NoString: not yet normalised); per name id:
    // 0 unknown, 1 a db span name, 2 another name. Vectors, not maps: this runs per span.
    constexpr uint32_t NotSqlText = NoString - 1;
    std::vector<uint32_t> normOfSummary(trace.strings().size(), NoString);
    std::vector<uint8_t> dbName(trace.strings().size(), 0);
    std::unordered_map<std::string, uint32_t> normIds;
    std::vector<std::string> normTexts;
    std::unordered_map<uint64_t, uint32_t> groupOf; // (parent, statement) -> group
    std::vector<RepeatedGroup> groups;

    for (size_t i = 0; i < n; ++i) {
        if (isCancelled(cancel, i)) {
            rw.cancelled = true;
            return rw;
        }
        const SpanIndex si = static_cast<SpanIndex>(i);
        const Span &s = trace.span(si);
        const StringId summary = trace.details(si).summary;
        if (summary == NoString)
            continue;
        if (s.name != NoString && dbName[s.name] == 0)
            dbName[s.name] = isDbName(trace.view(s.name)) ? 1 : 2;
        uint32_t &norm = normOfSummary[summary];
        if (norm == NoString || norm == NotSqlText) {
            // Not a db span: its summary decides, once per distinct text.
            if (!(s.name != NoString && dbName[s.name] == 1)) {
                if (norm == NotSqlText)
                    continue;
                if (!SqlNormalizer::looksLikeSql(trace.view(summary))) {
                    norm = NotSqlText;
                    continue;
                }
            }
            std::string text = SqlNormalizer::normalize(trace.view(summary));
            auto [it, inserted]
                = normIds.try_emplace(text, static_cast<uint32_t>(normTexts.size()));
            if (inserted)
                normTexts.push_back(std::move(text));
            norm = it->second;
        }
        ++rw.sqlSpans;
        const uint64_t key = (uint64_t(s.parent) << 32) | norm;
        auto [g, added] = groupOf.try_emplace(key, static_cast<uint32_t>(groups.size()));
        if (added) {
            RepeatedGroup group;
            group.parent = s.parent;
            group.statement = normTexts[norm];
            groups.push_back(std::move(group));
        }
        RepeatedGroup &group = groups[g->second];
        ++group.count;
        if (hasKnownDuration(s))
            group.totalUs += s.durationUs();
        group.spans.push_back(si);
    }
    for (RepeatedGroup &g : groups) {
        if (g.count >= minCount)
            rw.groups.push_back(std::move(g));
    }
    std::sort(
        rw.groups.begin(), rw.groups.end(), [](const RepeatedGroup &a, const RepeatedGroup &b) {
            if (a.totalUs != b.totalUs)
                return a.totalUs > b.totalUs;
            return a.spans.front() < b.spans.front();
        });
    return rw;
}

} // namespace Osp
