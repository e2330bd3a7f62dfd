#include "analysis/clockskew.h"

#include "analysis/analysisutil.h"
#include "util/durationformat.h"

#include <algorithm>
#include <map>

namespace Osp {

namespace {

constexpr int64_t Inf = HostOffset::Unbounded;

/// A closed interval of offsets in microseconds; ±Inf for an open side.
struct Interval
{
    int64_t lo = -Inf;
    int64_t hi = Inf;

    bool empty() const { return lo > hi; }
    bool excludesZero(int64_t tolerance) const { return lo > tolerance || hi < -tolerance; }
    Interval intersect(const Interval &o) const
    {
        return { std::max(lo, o.lo), std::min(hi, o.hi) };
    }
};

int64_t saturatingAdd(int64_t a, int64_t b)
{
    if (a == -Inf || b == -Inf)
        return (a == Inf || b == Inf) ? 0 : -Inf;
    if (a == Inf || b == Inf)
        return Inf;
    return a + b;
}

/// o(b) - o(a) for one unordered pair of hosts (a < b by string id): what the calls between
/// them allow. Constraints are kept per direction of the call.
struct PairConstraints
{
    StringId a = NoString, b = NoString;
    Interval hard; ///< from start constraints: hold for every call, sync or not
    std::vector<int64_t> lowerEnds; ///< offset >= x from synchronous-looking ends
    std::vector<int64_t> upperEnds; ///< offset <= x
    std::vector<SpanIndex> children; ///< the cross-host children, in pre-order
    size_t pairs = 0;

    /// Whether the start constraints and the weakest end constraint of each direction (every
    /// call that way outlived its caller by at least that) exclude a zero offset.
    bool skewed() const
    {
        if (hard.empty())
            return true;
        Interval d = hard;
        if (!lowerEnds.empty())
            d.lo = std::max(d.lo, *std::min_element(lowerEnds.begin(), lowerEnds.end()));
        if (!upperEnds.empty())
            d.hi = std::min(d.hi, *std::max_element(upperEnds.begin(), upperEnds.end()));
        if (d.empty())
            d = hard; // the directions disagree: some calls were async, trust the starts
        return d.excludesZero(ClockSkew::ToleranceUs);
    }

    /// An end constraint agrees with the start constraints: a synchronous call. One that
    /// contradicts them is a cast or other async call that outlived its caller.
    bool keepsLower(int64_t x) const { return x <= hard.hi; }
    bool keepsUpper(int64_t x) const { return x >= hard.lo; }

    /// The tightest interval the start constraints and the synchronous ends allow.
    Interval allowed() const
    {
        Interval r = hard;
        for (int64_t x : lowerEnds)
            if (keepsLower(x))
                r.lo = std::max(r.lo, x);
        for (int64_t x : upperEnds)
            if (keepsUpper(x))
                r.hi = std::min(r.hi, x);
        return r.empty() ? hard : r;
    }
};

} // namespace

int64_t ClockSkew::offsetOf(StringId host) const
{
    for (const HostOffset &h : hosts)
        if (h.host == host)
            return h.offsetUs;
    return 0;
}

std::string ClockSkew::describe(const Trace &trace, const HostOffset &h)
{
    const bool ms = trace.isMsPrecision();
    std::string out(trace.view(h.host));
    out += " runs ";
    out += formatDurationAscii(h.offsetUs >= 0 ? h.offsetUs : -h.offsetUs, ms);
    out += h.offsetUs >= 0 ? " ahead of " : " behind ";
    out += trace.view(h.reference);
    const auto bound = [&](int64_t us) {
        return (us < 0 ? "-" : "+") + formatDurationAscii(us < 0 ? -us : us, ms);
    };
    out += " (";
    if (h.minUs == -HostOffset::Unbounded)
        out += "at most " + bound(h.maxUs);
    else if (h.maxUs == HostOffset::Unbounded)
        out += "at least " + bound(h.minUs);
    else
        out += bound(h.minUs) + " to " + bound(h.maxUs);
    out += ", from " + std::to_string(h.pairs) + (h.pairs == 1 ? " pair" : " pairs");
    if (!h.consistent)
        out += "; no single offset fits every call";
    out += ')';
    return out;
}

ClockSkew ClockSkew::compute(const Trace &trace, const std::atomic<bool> *cancel)
{
    ClockSkew cs;
    const size_t n = trace.spanCount();
    if (n == 0)
        return cs;
    const auto &spans = trace.spans();
    std::map<std::pair<StringId, StringId>, PairConstraints> pairs;

    for (size_t i = 0; i < n; ++i) {
        if (isCancelled(cancel, i)) {
            cs.cancelled = true;
            return cs;
        }
        const Span &c = spans[i];
        if (c.parent == NoSpan)
            continue;
        const Span &p = spans[c.parent];
        if (c.host == NoString || p.host == NoString || c.host == p.host)
            continue;
        if (c.has(NoStartEvent) || p.has(NoStartEvent))
            continue;
        // d = offset(child host) - offset(parent host): d <= start gap; a synchronous child
        // also gives d >= end gap. Stored as offset(b) - offset(a) with a < b.
        const bool childIsB = p.host < c.host;
        PairConstraints &pc
            = pairs[childIsB ? std::pair(p.host, c.host) : std::pair(c.host, p.host)];
        pc.a = childIsB ? p.host : c.host;
        pc.b = childIsB ? c.host : p.host;
        ++pc.pairs;
        pc.children.push_back(SpanIndex(i));
        const int64_t startGap = c.startUs - p.startUs;
        if (childIsB)
            pc.hard.hi = std::min(pc.hard.hi, startGap);
        else
            pc.hard.lo = std::max(pc.hard.lo, -startGap);
        if (hasKnownDuration(c) && hasKnownDuration(p)) {
            const int64_t endGap = c.endUs - p.endUs;
            if (childIsB)
                pc.lowerEnds.push_back(endGap);
            else
                pc.upperEnds.push_back(-endGap);
        }
    }

    cs.reference = spans[trace.roots().front()].host;
    if (cs.reference == NoString || pairs.empty())
        return cs;

    // Offsets against the reference host, chained through the calls. A pair that shows no
    // skew allows zero as well, so that an ambiguous pair never invents an offset; a host
    // reached by several ways gets the intersection (relaxed until nothing changes).
    std::map<StringId, Interval> offset { { cs.reference, { 0, 0 } } };
    std::map<StringId, size_t> pairCount;
    for (auto &[key, pc] : pairs) {
        pairCount[pc.a] += pc.pairs;
        pairCount[pc.b] += pc.pairs;
    }
    for (size_t round = 0; round <= pairs.size() + 1; ++round) {
        bool changed = false;
        for (const auto &[key, pc] : pairs) {
            Interval r = pc.allowed();
            if (!pc.skewed())
                r = { std::min<int64_t>(r.lo, 0), std::max<int64_t>(r.hi, 0) };
            const auto relax = [&](StringId from, StringId to, Interval delta) {
                const auto known = offset.find(from);
                if (known == offset.end())
                    return;
                const Interval via { saturatingAdd(known->second.lo, delta.lo),
                    saturatingAdd(known->second.hi, delta.hi) };
                const auto [it, inserted] = offset.try_emplace(to, via);
                if (inserted) {
                    changed = true;
                    return;
                }
                const Interval tighter = it->second.intersect(via);
                if (!tighter.empty()
                    && (tighter.lo != it->second.lo || tighter.hi != it->second.hi)) {
                    it->second = tighter;
                    changed = true;
                }
            };
            relax(pc.a, pc.b, r);
            relax(pc.b, pc.a, { r.hi == Inf ? -Inf : -r.hi, r.lo == -Inf ? Inf : -r.lo });
        }
        if (!changed)
            break;
    }

    for (const auto &[host, interval] : offset) {
        if (host == cs.reference || !interval.excludesZero(ToleranceUs))
            continue;
        HostOffset h;
        h.host = host;
        h.reference = cs.reference;
        h.minUs = interval.lo;
        h.maxUs = interval.hi;
        if (interval.lo != -Inf && interval.hi != Inf)
            h.offsetUs = interval.lo + (interval.hi - interval.lo) / 2;
        else
            h.offsetUs = interval.lo != -Inf ? interval.lo : interval.hi;
        h.pairs = pairCount[host];
        for (const auto &[key, pc] : pairs)
            if ((pc.a == host || pc.b == host) && pc.hard.empty())
                h.consistent = false;
        cs.hosts.push_back(h);
    }
    std::sort(cs.hosts.begin(), cs.hosts.end(), [&](const HostOffset &x, const HostOffset &y) {
        return trace.view(x.host) < trace.view(y.host);
    });

    // The spans that break a constraint, on the pairs that show skew.
    for (const auto &[key, pc] : pairs) {
        if (!pc.skewed())
            continue;
        for (SpanIndex i : pc.children) {
            const Span &c = spans[i];
            const Span &p = spans[c.parent];
            SkewedSpan s;
            s.span = i;
            s.parent = c.parent;
            s.startsBeforeUs = std::max<int64_t>(0, p.startUs - c.startUs);
            if (hasKnownDuration(c) && hasKnownDuration(p)) {
                const int64_t endGap = c.endUs - p.endUs;
                const bool childIsB = c.host == pc.b;
                const bool synchronous = childIsB ? pc.keepsLower(endGap) : pc.keepsUpper(-endGap);
                if (synchronous)
                    s.endsAfterUs = std::max<int64_t>(0, endGap);
            }
            if (s.startsBeforeUs > 0 || s.endsAfterUs > 0)
                cs.spans.push_back(s);
        }
    }
    std::sort(cs.spans.begin(), cs.spans.end(),
        [](const SkewedSpan &x, const SkewedSpan &y) { return x.span < y.span; });
    return cs;
}

} // namespace Osp
