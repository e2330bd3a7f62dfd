#include "analysis/statistics.h"

#include "analysis/analysisutil.h"

#include <algorithm>
#include <cmath>

namespace Osp {

namespace {

/// Interns call paths as (parent path, name) pairs, walking spans in pre-order so a span's
/// parent already has its path id: no recursion and no per-span strings.
std::vector<uint32_t> callPathIds(const Trace &trace, std::vector<std::string> &texts,
    const std::atomic<bool> *cancel, bool &cancelled)
{
    const size_t n = trace.spanCount();
    std::vector<uint32_t> ids(n);
    // Open addressing on (parent path, name): one probe per span, no node allocations
    // (std::unordered_map cost more than everything else in "by path" at 1M spans).
    constexpr uint64_t Empty = ~uint64_t(0);
    std::vector<std::pair<uint64_t, uint32_t>> table(1024, { Empty, 0 });
    size_t used = 0;
    auto slotOf = [](uint64_t key, size_t mask) {
        uint64_t h = key * 0x9E3779B97F4A7C15ull; // both halves of the key reach the low bits
        h ^= h >> 32;
        return static_cast<size_t>(h) & mask;
    };
    for (size_t i = 0; i < n; ++i) {
        if (isCancelled(cancel, i)) {
            cancelled = true;
            return {};
        }
        const Span &s = trace.span(static_cast<SpanIndex>(i));
        const uint32_t parentPath = s.parent == NoSpan ? 0xFFFFFFFFu : ids[s.parent];
        const uint64_t k = (uint64_t(parentPath) << 32) | s.name;
        size_t mask = table.size() - 1;
        size_t slot = slotOf(k, mask);
        while (table[slot].first != Empty && table[slot].first != k)
            slot = (slot + 1) & mask;
        if (table[slot].first == Empty) {
            std::string text
                = parentPath == 0xFFFFFFFFu ? std::string() : texts[parentPath] + " > ";
            text += trace.view(s.name);
            table[slot] = { k, static_cast<uint32_t>(texts.size()) };
            texts.push_back(std::move(text));
            if (++used * 2 > table.size()) { // keep the load under one half
                std::vector<std::pair<uint64_t, uint32_t>> bigger(table.size() * 2, { Empty, 0 });
                mask = bigger.size() - 1;
                for (const auto &entry : table) {
                    if (entry.first == Empty)
                        continue;
                    size_t to = slotOf(entry.first, mask);
                    while (bigger[to].first != Empty)
                        to = (to + 1) & mask;
                    bigger[to] = entry;
                }
                table.swap(bigger);
                ids[i] = static_cast<uint32_t>(texts.size() - 1);
                continue;
            }
        }
        ids[i] = table[slot].second;
    }
    return ids;
}

StringId groupId(const Span &s, GroupBy by)
{
    switch (by) {
    case GroupBy::Type:
        return s.name;
    case GroupBy::Service:
        return s.service;
    case GroupBy::Host:
        return s.host;
    case GroupBy::Project:
        return s.project;
    case GroupBy::Path:
        break;
    }
    return NoString;
}

/// Wall time covered by at least one span of each group, for every group in one sweep over
/// the trace's start order (no per-group sort): the current merged interval per group.
std::vector<int64_t> coveredPerGroup(
    const Trace &trace, const std::vector<uint32_t> &group, size_t groups)
{
    std::vector<int64_t> covered(groups, 0), curStart(groups, 0), curEnd(groups, 0);
    std::vector<uint8_t> open(groups, 0);
    const auto &spans = trace.spans();
    for (SpanIndex i : trace.startOrder()) {
        const Span &s = spans[i];
        if (!hasKnownDuration(s))
            continue;
        const uint32_t g = group[i];
        if (open[g] && s.startUs <= curEnd[g]) {
            curEnd[g] = std::max(curEnd[g], s.endUs);
            continue;
        }
        if (open[g])
            covered[g] += curEnd[g] - curStart[g];
        open[g] = 1;
        curStart[g] = s.startUs;
        curEnd[g] = s.endUs;
    }
    for (size_t g = 0; g < groups; ++g) {
        if (open[g])
            covered[g] += curEnd[g] - curStart[g];
    }
    return covered;
}

/// The same value as percentileOfSorted, by selection instead of a full sort: O(k) on any
/// order of the values (it reorders them).
int64_t percentileSelect(std::vector<int64_t> &v, double q)
{
    const size_t count = v.size();
    const double pos = q * static_cast<double>(count - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos));
    std::nth_element(v.begin(), v.begin() + ptrdiff_t(lo), v.begin() + ptrdiff_t(count));
    const int64_t a = v[lo];
    const int64_t b = lo + 1 < count
        ? *std::min_element(v.begin() + ptrdiff_t(lo) + 1, v.begin() + ptrdiff_t(count))
        : a;
    return static_cast<int64_t>(std::llround(
        static_cast<double>(a) + (pos - static_cast<double>(lo)) * static_cast<double>(b - a)));
}

} // namespace

int64_t percentileOfSorted(const std::vector<int64_t> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, sorted.size() - 1);
    const double frac = pos - static_cast<double>(lo);
    return static_cast<int64_t>(std::llround(
        static_cast<double>(sorted[lo]) + frac * static_cast<double>(sorted[hi] - sorted[lo])));
}

Statistics computeStatistics(const Trace &trace, GroupBy by, const std::atomic<bool> *cancel)
{
    Statistics st;
    st.by = by;
    st.traceUs = trace.endUs();
    const size_t n = trace.spanCount();

    // Map each span to a dense group number first, so the rest is plain array work.
    std::vector<std::string> pathTexts;
    std::vector<uint32_t> group(n);
    std::vector<uint32_t> groupOfKey;
    if (by == GroupBy::Path) {
        group = callPathIds(trace, pathTexts, cancel, st.cancelled);
        if (st.cancelled)
            return st;
        st.rows.resize(pathTexts.size());
        for (size_t g = 0; g < pathTexts.size(); ++g)
            st.rows[g].key = std::move(pathTexts[g]);
    } else {
        groupOfKey.assign(trace.strings().size() + 1, 0xFFFFFFFFu);
        for (size_t i = 0; i < n; ++i) {
            const StringId id = groupId(trace.span(static_cast<SpanIndex>(i)), by);
            const size_t slot = id == NoString ? trace.strings().size() : id;
            if (groupOfKey[slot] == 0xFFFFFFFFu) {
                groupOfKey[slot] = static_cast<uint32_t>(st.rows.size());
                StatsRow row;
                row.keyId = id;
                row.key = std::string(trace.view(id));
                st.rows.push_back(std::move(row));
            }
            group[i] = groupOfKey[slot];
        }
    }

    // Count first so each row's lists are allocated once (fresh memory is slow here); then
    // one sequential pass fills them, so no later pass goes back to the span records.
    std::vector<std::vector<int64_t>> durations(st.rows.size());
    {
        std::vector<uint32_t> sizes(st.rows.size(), 0);
        for (size_t i = 0; i < n; ++i)
            ++sizes[group[i]];
        for (size_t g = 0; g < st.rows.size(); ++g) {
            st.rows[g].spans.reserve(sizes[g]);
            durations[g].reserve(sizes[g]);
        }
    }
    for (size_t i = 0; i < n; ++i) {
        if (isCancelled(cancel, i)) {
            st.cancelled = true;
            return st;
        }
        const Span &s = trace.span(static_cast<SpanIndex>(i));
        const uint32_t g = group[i];
        StatsRow &row = st.rows[g];
        ++row.count;
        row.spans.push_back(static_cast<SpanIndex>(i));
        if (s.has(HasError))
            ++row.errors;
        if (!hasKnownDuration(s)) {
            ++row.unfinished;
            continue;
        }
        row.totalUs += s.durationUs();
        row.selfTotalUs += s.selfUs;
        row.maxUs = std::max(row.maxUs, s.durationUs());
        durations[g].push_back(s.durationUs());
    }

    const std::vector<int64_t> covered = coveredPerGroup(trace, group, st.rows.size());
    for (size_t g = 0; g < st.rows.size(); ++g) {
        if (isCancelled(cancel)) {
            st.cancelled = true;
            return st;
        }
        StatsRow &row = st.rows[g];
        const size_t k = durations[g].size();
        if (k == 0)
            continue;
        row.averageUs = row.totalUs / static_cast<int64_t>(k);
        row.medianUs = percentileSelect(durations[g], 0.5);
        row.p95Us = percentileSelect(durations[g], 0.95);
        row.coveredUs = covered[g];
        row.share = st.traceUs > 0 ? double(row.coveredUs) / double(st.traceUs) : 0.0;
        durations[g] = {};
    }
    sortStatsRows(st.rows, StatsColumn::Total, true);
    return st;
}

void sortStatsRows(std::vector<StatsRow> &rows, StatsColumn column, bool descending)
{
    const auto value = [column](const StatsRow &r) -> double {
        switch (column) {
        case StatsColumn::Key:
            return 0;
        case StatsColumn::Count:
            return double(r.count);
        case StatsColumn::Total:
            return double(r.totalUs);
        case StatsColumn::SelfTotal:
            return double(r.selfTotalUs);
        case StatsColumn::Average:
            return double(r.averageUs);
        case StatsColumn::Median:
            return double(r.medianUs);
        case StatsColumn::P95:
            return double(r.p95Us);
        case StatsColumn::Max:
            return double(r.maxUs);
        case StatsColumn::Share:
            return r.share;
        }
        return 0;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const StatsRow &a, const StatsRow &b) {
        const double x = value(a), y = value(b);
        if (x != y)
            return descending ? x > y : x < y;
        return descending && column == StatsColumn::Key ? a.key > b.key : a.key < b.key;
    });
}

} // namespace Osp
