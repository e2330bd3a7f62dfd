#include "analysis/criticalpath.h"

#include "analysis/analysisutil.h"

#include <algorithm>
#include <unordered_map>

namespace Osp {

namespace {

/// A span being walked: its children ordered by (end, index) descending, and how far the
/// walk has got through them. The cursor only moves back in time, so `next` only advances.
struct Frame
{
    SpanIndex span = NoSpan;
    std::vector<SpanIndex> byEnd;
    size_t next = 0;
    int64_t cursor = 0; ///< the walk is at this moment inside the span
    /// The walk never goes back before this: the span's start, or its parent's when the span
    /// (on a skewed clock) starts earlier. Time before it belongs to the spans above.
    int64_t floor = 0;
    SpanIndex bound = NoSpan; ///< children ending exactly at cursor must have index < bound
    size_t step = 0; ///< index into the steps being built
};

std::vector<CriticalShare> rollUp(
    const std::unordered_map<StringId, int64_t> &sums, const Trace &trace, int64_t total)
{
    std::vector<CriticalShare> out;
    for (const auto &[id, us] : sums) {
        if (us <= 0)
            continue;
        CriticalShare s;
        s.key = id == NoString ? std::string() : std::string(trace.view(id));
        s.us = us;
        s.share = total > 0 ? double(us) / double(total) : 0.0;
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const CriticalShare &a, const CriticalShare &b) {
        return a.us != b.us ? a.us > b.us : a.key < b.key;
    });
    return out;
}

} // namespace

CriticalPath CriticalPath::compute(
    const Trace &trace, CriticalPathEnd endPoint, const std::atomic<bool> *cancel)
{
    CriticalPath cp;
    const size_t n = trace.spanCount();
    cp.onPath.assign(n, 0);
    if (n == 0)
        return cp;
    const auto &spans = trace.spans();

    SpanIndex last = NoSpan;
    if (endPoint == CriticalPathEnd::RootAnswered) {
        for (SpanIndex r : trace.roots()) {
            if (last == NoSpan || spans[r].durationUs() > spans[last].durationUs())
                last = r;
        }
    } else {
        // The first span (in pre-order) that ended last: an ancestor ending at the same time
        // as its child is entered first and the walk then finds the child.
        for (SpanIndex i = 0; i < n; ++i) {
            if (isCancelled(cancel, i)) {
                cp.cancelled = true;
                return cp;
            }
            if (last == NoSpan || spans[i].endUs > spans[last].endUs)
                last = i;
        }
    }
    cp.last = last;
    cp.endUs = spans[last].endUs;
    cp.totalUs = cp.endUs;

    std::vector<CriticalStep> steps;
    std::vector<Frame> stack;
    const auto startOf
        = [&spans](SpanIndex s) { return s == NoSpan ? int64_t(0) : spans[s].startUs; };
    const auto enter = [&](SpanIndex s, int64_t cursor, SpanIndex bound, int64_t floor) {
        Frame f;
        f.span = s;
        f.floor = std::max(startOf(s), floor);
        const auto kids = trace.children(s);
        f.byEnd.assign(kids.begin(), kids.end());
        std::sort(f.byEnd.begin(), f.byEnd.end(), [&spans](SpanIndex a, SpanIndex b) {
            return spans[a].endUs != spans[b].endUs ? spans[a].endUs > spans[b].endUs : a > b;
        });
        // A child on a skewed clock can start before its parent: never walk before the floor.
        f.cursor = std::max(cursor, f.floor);
        f.bound = bound;
        f.step = steps.size();
        CriticalStep st;
        st.span = s;
        st.toUs = s == NoSpan ? cursor : std::clamp(cursor, spans[s].startUs, spans[s].endUs);
        st.fromUs = st.toUs;
        steps.push_back(st);
        stack.push_back(std::move(f));
    };
    // Blames [from, to] on the frame's span (or on no span: the gap between top-level calls).
    const auto blame = [&](const Frame &f, int64_t from, int64_t to) {
        if (f.span != NoSpan) {
            from = std::max(from, spans[f.span].startUs);
            to = std::min(to, spans[f.span].endUs);
        }
        if (to <= from)
            return;
        if (f.span == NoSpan) {
            cp.gapUs += to - from;
            return;
        }
        steps[f.step].attributedUs += to - from;
        steps[f.step].fromUs = std::min(steps[f.step].fromUs, from);
    };

    enter(last, spans[last].endUs, NoSpan, startOf(last));
    size_t iterations = 0;
    while (!stack.empty()) {
        if (isCancelled(cancel, ++iterations)) {
            cp.cancelled = true;
            return cp;
        }
        Frame &f = stack.back();
        const int64_t floor = f.floor;
        // Time after the span's own end (an async child that started after its parent ended)
        // waited in a queue, not in the span.
        if (f.span != NoSpan && f.cursor > spans[f.span].endUs) {
            cp.gapUs += f.cursor - spans[f.span].endUs;
            f.cursor = spans[f.span].endUs;
        }
        while (f.next < f.byEnd.size()) {
            const SpanIndex c = f.byEnd[f.next];
            const int64_t e = spans[c].endUs;
            if (e < f.cursor || (e == f.cursor && c < f.bound))
                break;
            ++f.next; // ended after the cursor: ran in parallel, or outlived the moment
        }
        // A child that ended before the span's floor lies wholly outside it (a skewed clock):
        // the span did not wait for it, and neither did anything later in the children.
        if (f.next < f.byEnd.size() && spans[f.byEnd[f.next]].endUs > floor) {
            const SpanIndex c = f.byEnd[f.next++];
            blame(f, spans[c].endUs, f.cursor);
            f.cursor = std::max(floor, spans[c].startUs);
            f.bound = c;
            enter(c, spans[c].endUs, NoSpan, floor);
            continue;
        }
        // Reached the span's start: its parent started it then, so the walk goes on there,
        // unless the parent is already on the stack (it is waiting for this span).
        blame(f, floor, f.cursor);
        steps[f.step].fromUs = std::min(steps[f.step].fromUs, floor);
        const SpanIndex done = f.span;
        stack.pop_back();
        if (!stack.empty() || done == NoSpan)
            continue;
        const SpanIndex parent = spans[done].parent;
        // The parent's own end lies after this moment: it did not decide the end.
        enter(parent, spans[done].startUs, done, startOf(parent));
    }

    // Steps with no span are the virtual root; keep real spans, in tree order.
    steps.erase(std::remove_if(steps.begin(), steps.end(),
                    [](const CriticalStep &s) { return s.span == NoSpan; }),
        steps.end());
    std::sort(steps.begin(), steps.end(),
        [](const CriticalStep &a, const CriticalStep &b) { return a.span < b.span; });
    std::unordered_map<StringId, int64_t> service, host, type;
    for (const CriticalStep &s : steps) {
        cp.onPath[s.span] = 1;
        const Span &sp = spans[s.span];
        service[sp.service] += s.attributedUs;
        host[sp.host] += s.attributedUs;
        type[sp.name] += s.attributedUs;
    }
    cp.steps = std::move(steps);
    cp.byService = rollUp(service, trace, cp.totalUs);
    cp.byHost = rollUp(host, trace, cp.totalUs);
    cp.byType = rollUp(type, trace, cp.totalUs);
    return cp;
}

} // namespace Osp
