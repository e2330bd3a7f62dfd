#include "statistics.h"

#include "analysisutil.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace Osp {

namespace {

/// Interns call paths as (parent path, name) pairs, walking spans in pre-order so a span's
/// parent already has its path id: no recursion and no per-span strings.
std::vector<uint32_t> callPathIds(const Trace &trace, std::vector<std::string> &texts,
                                  const std::atomic<bool> *cancel, bool &cancelled)
{
    const size_t n = trace.spanCount();
    std::vector<uint32_t> ids(n);
    std::unordered_map<uint64_t, uint32_t> known;
    for (size_t i = 0; i < n; ++i) {
        if (isCancelled(cancel, i)) {
            cancelled = true;
            return {};
        }
        const Span &s = trace.span(static_cast<SpanIndex>(i));
        const uint32_t parentPath = s.parent == NoSpan ? 0xFFFFFFFFu : ids[s.parent];
        const uint64_t k = (uint64_t(parentPath) << 32) | s.name;
        auto [it, inserted] = known.try_emplace(k, static_cast<uint32_t>(texts.size()));
        if (inserted) {
            std::string text = parentPath == 0xFFFFFFFFu ? std::string() : texts[parentPath] + " > ";
            text += trace.view(s.name);
            texts.push_back(std::move(text));
        }
        ids[i] = it->second;
    }
    return ids;
}

StringId groupId(const Span &s, GroupBy by)
{
    switch (by) {
    case GroupBy::Type: return s.name;
    case GroupBy::Service: return s.service;
    case GroupBy::Host: return s.host;
    case GroupBy::Project: return s.project;
    case GroupBy::Path: break;
    }
    return NoString;
}

/// Sorts span indices by start. Pre-order is mostly start order already (siblings are in
/// start order, only parallel subtrees interleave), so merging the ascending runs beats a
/// full sort by far. Indices, not (start, end) pairs: a quarter of the fresh memory.
void sortByStart(std::vector<SpanIndex> &v, std::vector<SpanIndex> &aux, const std::vector<Span> &spans)
{
    const auto earlier = [&spans](SpanIndex a, SpanIndex b) { return spans[a].startUs < spans[b].startUs; };
    std::vector<size_t> bounds{0};
    for (size_t i = 1; i < v.size(); ++i) {
        if (earlier(v[i], v[i - 1]))
            bounds.push_back(i);
    }
    bounds.push_back(v.size());
    // Bottom-up merges through one reused buffer: std::inplace_merge would allocate (and
    // first-touch) a fresh buffer per merge, which costs more than the merge itself here.
    aux.resize(v.size());
    while (bounds.size() > 2) {
        std::vector<size_t> merged{0};
        size_t k = 0;
        for (; k + 2 < bounds.size(); k += 2) {
            std::merge(v.begin() + ptrdiff_t(bounds[k]), v.begin() + ptrdiff_t(bounds[k + 1]),
                       v.begin() + ptrdiff_t(bounds[k + 1]), v.begin() + ptrdiff_t(bounds[k + 2]),
                       aux.begin() + ptrdiff_t(bounds[k]), earlier);
            merged.push_back(bounds[k + 2]);
        }
        if (k + 1 < bounds.size()) { // an odd run left over: copied as it is
            std::copy(v.begin() + ptrdiff_t(bounds[k]), v.end(), aux.begin() + ptrdiff_t(bounds[k]));
            merged.push_back(v.size());
        }
        v.swap(aux);
        bounds = std::move(merged);
    }
}

/// Wall time covered by at least one of the spans.
int64_t unionLength(std::vector<SpanIndex> &timed, std::vector<SpanIndex> &aux,
                    const std::vector<Span> &spans)
{
    sortByStart(timed, aux, spans);
    int64_t covered = 0;
    int64_t curStart = 0, curEnd = 0;
    bool open = false;
    for (SpanIndex i : timed) {
        const int64_t a = spans[i].startUs, b = spans[i].endUs;
        if (open && a <= curEnd) {
            curEnd = std::max(curEnd, b);
            continue;
        }
        if (open)
            covered += curEnd - curStart;
        curStart = a;
        curEnd = b;
        open = true;
    }
    if (open)
        covered += curEnd - curStart;
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
    const int64_t b = lo + 1 < count ? *std::min_element(v.begin() + ptrdiff_t(lo) + 1, v.begin() + ptrdiff_t(count)) : a;
    return static_cast<int64_t>(std::llround(static_cast<double>(a) + (pos - static_cast<double>(lo)) * static_cast<double>(b - a)));
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
    return static_cast<int64_t>(std::llround(static_cast<double>(sorted[lo])
                                             + frac * static_cast<double>(sorted[hi] - sorted[lo])));
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

    // Count first so each row's span list is allocated once (fresh memory is slow here).
    {
        std::vector<uint32_t> sizes(st.rows.size(), 0);
        for (size_t i = 0; i < n; ++i)
            ++sizes[group[i]];
        for (size_t g = 0; g < st.rows.size(); ++g)
            st.rows[g].spans.reserve(sizes[g]);
    }
    for (size_t i = 0; i < n; ++i) {
        if (isCancelled(cancel, i)) {
            st.cancelled = true;
            return st;
        }
        const Span &s = trace.span(static_cast<SpanIndex>(i));
        StatsRow &row = st.rows[group[i]];
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
    }

    std::vector<int64_t> durations;
    std::vector<SpanIndex> timed, aux;
    const auto &spans = trace.spans();
    for (size_t g = 0; g < st.rows.size(); ++g) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            st.cancelled = true;
            return st;
        }
        StatsRow &row = st.rows[g];
        durations.clear();
        timed.clear();
        for (SpanIndex i : row.spans) {
            const Span &s = spans[i];
            if (!hasKnownDuration(s))
                continue;
            durations.push_back(s.durationUs());
            timed.push_back(i);
        }
        const size_t k = durations.size();
        if (k == 0)
            continue;
        row.averageUs = row.totalUs / static_cast<int64_t>(k);
        row.medianUs = percentileSelect(durations, 0.5);
        row.p95Us = percentileSelect(durations, 0.95);
        row.coveredUs = unionLength(timed, aux, spans);
        row.share = st.traceUs > 0 ? double(row.coveredUs) / double(st.traceUs) : 0.0;
    }
    sortStatsRows(st.rows, StatsColumn::Total, true);
    return st;
}

void sortStatsRows(std::vector<StatsRow> &rows, StatsColumn column, bool descending)
{
    const auto value = [column](const StatsRow &r) -> double {
        switch (column) {
        case StatsColumn::Key: return 0;
        case StatsColumn::Count: return double(r.count);
        case StatsColumn::Total: return double(r.totalUs);
        case StatsColumn::SelfTotal: return double(r.selfTotalUs);
        case StatsColumn::Average: return double(r.averageUs);
        case StatsColumn::Median: return double(r.medianUs);
        case StatsColumn::P95: return double(r.p95Us);
        case StatsColumn::Max: return double(r.maxUs);
        case StatsColumn::Share: return r.share;
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
