#include "trace/tracebuilder.h"

#include "util/durationformat.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace Osp {

TraceBuilder::TraceBuilder(size_t expectedSpans)
    : m_trace(std::make_shared<Trace>())
{
    if (expectedSpans) {
        m_trace->m_spans.reserve(expectedSpans);
        m_trace->m_details.reserve(expectedSpans);
        m_parentIds.reserve(expectedSpans);
        m_trace->m_entries.reserve(expectedSpans * 2);
        m_entrySpan.reserve(expectedSpans * 2);
    }
}

void TraceBuilder::reserveForTotal(double factor)
{
    // A little over the estimate: one more doubling would cost far more than the slack.
    auto expected
        = [factor](size_t readSoFar) { return size_t(double(readSoFar) * factor * 1.03); };
    const size_t spans = expected(m_trace->m_spans.size());
    if (spans <= m_trace->m_spans.capacity())
        return;
    m_trace->m_spans.reserve(spans);
    m_trace->m_details.reserve(spans);
    m_parentIds.reserve(spans);
    m_trace->m_entries.reserve(expected(m_trace->m_entries.size()));
    m_entrySpan.reserve(expected(m_entrySpan.size()));
}

SpanIndex TraceBuilder::beginSpan()
{
    auto &spans = m_trace->m_spans;
    const auto index = static_cast<SpanIndex>(spans.size());
    Span s;
    s.parent = m_open.empty() ? NoSpan : m_open.back();
    s.depth = static_cast<uint32_t>(m_open.size());
    spans.push_back(s);
    m_trace->m_details.emplace_back();
    m_parentIds.emplace_back();
    m_open.push_back(index);
    return index;
}

void TraceBuilder::endSpan()
{
    const SpanIndex index = m_open.back();
    m_open.pop_back();
    m_trace->m_spans[index].subtreeSize = static_cast<uint32_t>(m_trace->m_spans.size() - index);
}

void TraceBuilder::setStartTimestamp(SpanIndex i, int64_t unixUs)
{
    span(i).startUs = unixUs;
    span(i).flags |= HasStartTimestamp;
}

void TraceBuilder::setStopTimestamp(SpanIndex i, int64_t unixUs)
{
    span(i).endUs = unixUs;
    span(i).flags |= HasStopTimestamp;
}

void TraceBuilder::addEntry(SpanIndex i, const RawEntry &entry)
{
    m_trace->m_entries.push_back(entry);
    m_entrySpan.push_back(i);
}

void TraceBuilder::setBaseId(std::string_view id)
{
    m_trace->m_baseId.assign(id);
}

QString countOf(size_t n, const char *singular, const char *plural)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? singular : plural));
}

void TraceBuilder::setOffsetDescriber(std::function<QString(uint64_t)> describe)
{
    m_describeOffset = std::move(describe);
}

QString TraceBuilder::describeOffset(uint64_t offset) const
{
    return m_describeOffset ? m_describeOffset(offset) : QStringLiteral("byte %1").arg(offset);
}

QString TraceBuilder::spanName(SpanIndex i) const
{
    const Trace &t = *m_trace;
    const StringId name
        = t.m_spans[i].name != NoString ? t.m_spans[i].name : t.m_details[i].reportName;
    return QStringLiteral("\"%1\"").arg(t.text(name));
}

QString TraceBuilder::spanTraceId(SpanIndex i) const
{
    const std::string id = m_trace->traceId(i);
    return id.empty() ? QStringLiteral("(none)") : QString::fromStdString(id);
}

QString TraceBuilder::spanIdentity(SpanIndex i) const
{
    return QStringLiteral("%1 (trace_id %2)").arg(spanName(i), spanTraceId(i));
}

void TraceBuilder::noteRepeatedTraceIds()
{
    const auto &details = m_trace->m_details;
    const auto n = static_cast<SpanIndex>(details.size());
    std::vector<uint64_t> repeated; // hashes seen more than once
    {
        std::vector<uint64_t> hashes;
        hashes.reserve(n);
        for (const SpanDetails &d : details) {
            if (!d.traceId.isNull())
                hashes.push_back(d.traceId.hash());
        }
        std::sort(hashes.begin(), hashes.end());
        for (size_t k = 1; k < hashes.size(); ++k) {
            if (hashes[k] == hashes[k - 1] && (repeated.empty() || repeated.back() != hashes[k]))
                repeated.push_back(hashes[k]);
        }
    }
    if (repeated.empty())
        return;
    // In reading order: the first span with each repeated id, then every later one with it.
    std::vector<SpanIndex> firstWith(repeated.size(), NoSpan);
    size_t count = 0;
    SpanIndex firstRepeat = NoSpan, earlier = NoSpan;
    for (SpanIndex i = 0; i < n; ++i) {
        if (details[i].traceId.isNull())
            continue;
        const uint64_t hash = details[i].traceId.hash();
        const auto at = std::lower_bound(repeated.begin(), repeated.end(), hash);
        if (at == repeated.end() || *at != hash)
            continue;
        SpanIndex &first = firstWith[static_cast<size_t>(at - repeated.begin())];
        if (first == NoSpan) {
            first = i;
        } else if (details[first].traceId == details[i].traceId) { // not a hash collision
            if (count++ == 0) {
                firstRepeat = i;
                earlier = first;
            }
        }
    }
    if (count == 0)
        return;
    addLoadNote(QStringLiteral("%1 the trace_id of an earlier span (first: %2 repeats trace_id "
                               "%3 of %4); kept as separate spans, as the report nests them")
                    .arg(countOf(count, "span repeats", "spans repeat"), spanName(firstRepeat),
                        spanTraceId(firstRepeat), spanName(earlier)));
}

void TraceBuilder::noteOtherTimestampLayouts(
    const OddInputCount &odd, const char *singular, const char *plural)
{
    if (odd.count)
        addLoadNote(QStringLiteral("%1 in another layout than OSProfiler's "
                                   "YYYY-MM-DDTHH:MM:SS.ffffff (first: %2); read as UTC, to the "
                                   "microsecond")
                        .arg(countOf(odd.count, singular, plural), odd.first));
}

std::shared_ptr<Trace> TraceBuilder::finish()
{
    while (!m_open.empty())
        endSpan();
    deriveFlagsAndTimes();
    noteSpansEndingBeforeStart();
    sortSiblingsByStart();
    keepOtherParentIds();
    computeEffectiveEnds();
    computeSelfTimes();
    computeStartOrder();
    groupEntries();
    // The reserve was an estimate from the file size; when the spans outgrew it, doubling
    // left up to half unused: give that back (a copy, so only when it is worth one).
    if (m_trace->m_spans.capacity() > m_trace->m_spans.size() + m_trace->m_spans.size() / 8) {
        m_trace->m_spans.shrink_to_fit();
        m_trace->m_details.shrink_to_fit();
    }
    summarise();
    return std::move(m_trace);
}

void TraceBuilder::deriveFlagsAndTimes()
{
    auto &spans = m_trace->m_spans;
    auto &details = m_trace->m_details;
    const StringPool &pool = m_trace->m_strings;

    // The epoch is the earliest event; anchor it so the µs agree with the report's truncated
    // ms: every event satisfies epoch <= ts - ms*1000, with equality for the earliest one.
    std::optional<int64_t> epoch;
    auto consider = [&](int64_t candidate) {
        if (!epoch || candidate < *epoch)
            epoch = candidate;
    };
    for (size_t i = 0; i < spans.size(); ++i) {
        const Span &s = spans[i];
        const SpanDetails &d = details[i];
        if (s.flags & HasStartTimestamp)
            consider((s.flags & HasStartedMs) ? s.startUs - d.startedMs * 1000 : s.startUs);
        if (s.flags & HasStopTimestamp)
            consider((s.flags & HasFinishedMs) ? s.endUs - d.finishedMs * 1000 : s.endUs);
    }
    m_trace->m_epochUnixUs = epoch;

    for (size_t i = 0; i < spans.size(); ++i) {
        Span &s = spans[i];
        const SpanDetails &d = details[i];
        const bool sawStart = s.flags & SawStartEvent;
        const bool sawStop = (s.flags & SawStopEvent) || d.exception != NoString;
        if (!sawStop)
            s.flags |= NoStopEvent;
        if (sawStop && !sawStart && (s.flags & SawStopEvent))
            s.flags |= NoStartEvent;
        if (d.exception != NoString && pool.view(d.exception) != "None")
            s.flags |= HasError;

        const bool startTs = (s.flags & HasStartTimestamp) && epoch;
        const bool stopTs = (s.flags & HasStopTimestamp) && epoch;
        int64_t start = startTs ? s.startUs - *epoch : d.startedMs * 1000;
        int64_t end = stopTs ? s.endUs - *epoch : d.finishedMs * 1000;
        if ((s.flags & NoStartEvent))
            start = end;
        if ((s.flags & NoStopEvent))
            end = start;
        if (!startTs && !stopTs) {
            s.flags |= MsPrecision;
            ++m_trace->m_msOnlySpans;
        }
        if (end < start && m_backwardsSpans++ == 0) {
            m_firstBackwards = static_cast<SpanIndex>(i);
            m_firstBackwardsByUs = start - end;
            m_firstBackwardsInMs = !startTs && !stopTs;
        }
        s.startUs = start;
        s.endUs = std::max(start, end); // a stop before its start (clock skew) lasts 0
        s.flags &= ~BuilderBits;
    }
}

void TraceBuilder::noteSpansEndingBeforeStart()
{
    if (m_backwardsSpans == 0)
        return;
    const SpanIndex i = m_firstBackwards;
    const SpanDetails &d = m_trace->m_details[i];
    const QString how = m_firstBackwardsInMs
        ? QStringLiteral("\"finished\": %1 is before \"started\": %2")
              .arg(d.finishedMs)
              .arg(d.startedMs)
        : QStringLiteral("%1 is %2 before its start")
              .arg(m_spanPlace ? m_spanPlace(i) : QStringLiteral("its stop"),
                  formatDuration(m_firstBackwardsByUs));
    addLoadNote(QStringLiteral("%1 before %2 (first: %3: %4); shown with zero duration")
                    .arg(countOf(m_backwardsSpans, "span ends", "spans end"),
                        QLatin1String(m_backwardsSpans == 1 ? "it starts" : "they start"),
                        spanIdentity(i), how));
}

void TraceBuilder::sortSiblingsByStart()
{
    // Reports sort siblings by whole ms and keep the driver's order inside one ms; re-sort by
    // the µs start. Only done when some sibling list is out of order.
    auto &spans = m_trace->m_spans;
    const auto n = static_cast<SpanIndex>(spans.size());
    auto outOfOrder = [&](SpanIndex first, SpanIndex end) {
        int64_t last = std::numeric_limits<int64_t>::min();
        for (SpanIndex c = first; c < end; c += spans[c].subtreeSize) {
            if (spans[c].startUs < last)
                return true;
            last = spans[c].startUs;
        }
        return false;
    };
    bool needed = outOfOrder(0, n);
    for (SpanIndex i = 0; i < n && !needed; ++i)
        needed = outOfOrder(i + 1, i + spans[i].subtreeSize);
    if (!needed)
        return;

    // New pre-order: walk with an explicit stack, pushing each sibling list sorted by start.
    std::vector<SpanIndex> order;
    order.reserve(n);
    std::vector<SpanIndex> stack;
    std::vector<SpanIndex> siblings;
    auto pushSorted = [&](SpanIndex first, SpanIndex end) {
        siblings.clear();
        for (SpanIndex c = first; c < end; c += spans[c].subtreeSize)
            siblings.push_back(c);
        std::stable_sort(siblings.begin(), siblings.end(),
            [&](SpanIndex a, SpanIndex b) { return spans[a].startUs < spans[b].startUs; });
        stack.insert(stack.end(), siblings.rbegin(), siblings.rend());
    };
    pushSorted(0, n);
    while (!stack.empty()) {
        const SpanIndex s = stack.back();
        stack.pop_back();
        order.push_back(s);
        pushSorted(s + 1, s + spans[s].subtreeSize);
    }

    std::vector<SpanIndex> newIndex(n);
    for (SpanIndex k = 0; k < n; ++k)
        newIndex[order[k]] = k;
    std::vector<Span> newSpans(n);
    std::vector<SpanDetails> newDetails(n);
    std::vector<Uuid> newParentIds(n);
    for (SpanIndex k = 0; k < n; ++k) {
        newSpans[k] = spans[order[k]];
        if (newSpans[k].parent != NoSpan)
            newSpans[k].parent = newIndex[newSpans[k].parent];
        newDetails[k] = m_trace->m_details[order[k]];
        newParentIds[k] = m_parentIds[order[k]];
    }
    spans = std::move(newSpans);
    m_trace->m_details = std::move(newDetails);
    m_parentIds = std::move(newParentIds);
    for (SpanIndex &owner : m_entrySpan)
        owner = newIndex[owner];
}

void TraceBuilder::computeEffectiveEnds()
{
    // Reverse pre-order visits every descendant before its ancestors.
    auto &spans = m_trace->m_spans;
    std::vector<int64_t> latestBelow(spans.size(), std::numeric_limits<int64_t>::min());
    for (size_t k = spans.size(); k-- > 0;) {
        Span &s = spans[k];
        if (s.has(NoStopEvent) && latestBelow[k] > s.endUs)
            s.endUs = latestBelow[k];
        if (s.parent != NoSpan)
            latestBelow[s.parent] = std::max({ latestBelow[s.parent], s.endUs, latestBelow[k] });
    }
}

void TraceBuilder::computeSelfTimes()
{
    auto &t = *m_trace;
    std::vector<std::pair<int64_t, int64_t>> intervals;
    for (SpanIndex i = 0; i < t.m_spans.size(); ++i) {
        Span &s = t.m_spans[i];
        intervals.clear();
        for (SpanIndex c : t.children(i)) {
            const int64_t a = std::max(s.startUs, t.m_spans[c].startUs);
            const int64_t b = std::min(s.endUs, t.m_spans[c].endUs);
            if (a < b)
                intervals.emplace_back(a, b);
        }
        if (!std::is_sorted(intervals.begin(), intervals.end()))
            std::sort(intervals.begin(), intervals.end());
        int64_t covered = 0;
        int64_t reach = std::numeric_limits<int64_t>::min();
        for (const auto &[a, b] : intervals) {
            const int64_t from = std::max(a, reach);
            if (b > from)
                covered += b - from;
            reach = std::max(reach, b);
        }
        s.selfUs = std::max<int64_t>(0, s.durationUs() - covered);
    }
}

void TraceBuilder::computeStartOrder()
{
    // Sorted on compact (start, index) pairs: comparing through the 64-byte records would
    // miss the cache on every step. Pre-order is nearly start-ordered, which sort likes.
    const auto &spans = m_trace->m_spans;
    std::vector<std::pair<int64_t, SpanIndex>> keyed(spans.size());
    for (SpanIndex i = 0; i < spans.size(); ++i)
        keyed[i] = { spans[i].startUs, i };
    std::sort(keyed.begin(), keyed.end());
    auto &order = m_trace->m_startOrder;
    order.resize(spans.size());
    for (size_t k = 0; k < keyed.size(); ++k)
        order[k] = keyed[k].second;
}

void TraceBuilder::keepOtherParentIds()
{
    auto &t = *m_trace;
    t.m_otherParentIds.clear();
    for (SpanIndex i = 0; i < t.m_spans.size(); ++i) {
        const SpanIndex parent = t.m_spans[i].parent;
        const Uuid implied = parent == NoSpan ? Uuid() : t.m_details[parent].traceId;
        if (m_parentIds[i] != implied)
            t.m_otherParentIds.emplace_back(i, m_parentIds[i]);
    }
    m_parentIds = {};
}

void TraceBuilder::groupEntries()
{
    // Entries arrive in file order, which interleaves parents and children; a counting sort
    // by owner keeps each span's entries together (and in file order).
    auto &t = *m_trace;
    const size_t n = t.m_spans.size();
    t.m_entryOffset.assign(n + 1, 0);
    for (SpanIndex owner : m_entrySpan)
        ++t.m_entryOffset[owner + 1];
    std::partial_sum(t.m_entryOffset.begin(), t.m_entryOffset.end(), t.m_entryOffset.begin());
    std::vector<RawEntry> sorted(t.m_entries.size());
    std::vector<uint32_t> fill(t.m_entryOffset.begin(), t.m_entryOffset.end() - 1);
    for (size_t k = 0; k < t.m_entries.size(); ++k)
        sorted[fill[m_entrySpan[k]]++] = t.m_entries[k];
    t.m_entries = std::move(sorted);
    m_entrySpan = {};
}

void TraceBuilder::summarise()
{
    auto &t = *m_trace;
    const auto &last = t.m_root.lastTraceStartedMs;
    int64_t latestStart = std::numeric_limits<int64_t>::min();
    for (SpanIndex i = 0; i < t.m_spans.size(); ++i) {
        const Span &s = t.m_spans[i];
        t.m_endUs = std::max(t.m_endUs, s.endUs);
        t.m_maxDepth = std::max(t.m_maxDepth, s.depth);
        if (s.has(HasError))
            ++t.m_errorCount;
        if (s.has(NoStopEvent))
            ++t.m_unfinishedCount;
        if (s.has(NoStartEvent))
            continue;
        if (last && (!(s.flags & HasStartedMs) || t.m_details[i].startedMs != *last))
            continue;
        if (s.startUs >= latestStart) {
            latestStart = s.startUs;
            t.m_lastStarted = i;
        }
    }
    if (t.m_lastStarted == NoSpan && last) { // hand-trimmed: no span at last_trace_started
        for (SpanIndex i = 0; i < t.m_spans.size(); ++i) {
            const Span &s = t.m_spans[i];
            if (!s.has(NoStartEvent) && s.startUs >= latestStart) {
                latestStart = s.startUs;
                t.m_lastStarted = i;
            }
        }
    }
    // Orphans: top-level spans whose parent is not the request's base id. Reports from the
    // SQL collector carry no base id in their payloads: the first top-level span tells it.
    const auto roots = t.children(NoSpan);
    if (t.m_baseId.empty() && !roots.empty())
        t.m_baseId = t.parentId(roots.front());
    if (!t.m_baseId.empty()) {
        for (SpanIndex r : roots) {
            if (t.parentId(r) != t.m_baseId)
                t.m_spans[r].flags |= Orphan;
        }
    }
}

} // namespace Osp
