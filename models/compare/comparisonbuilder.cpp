#include "compare/comparisonbuilder.h"

#include "analysis/analysisutil.h"
#include "analysis/statistics.h"
#include "compare/workkey.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace Osp {

namespace {

constexpr uint32_t TopLevel = NoRow; ///< the "parent node" of top-level spans

struct NodeKey
{
    uint32_t parent;
    StringId name;
    StringId service;
    StringId work;
    bool operator==(const NodeKey &o) const
    {
        return parent == o.parent && name == o.name && service == o.service && work == o.work;
    }
};

/// Open addressing with linear probing: one flat array, no allocation per entry (a
/// std::unordered_map would allocate once per aligned node, a million times at 1M spans).
class NodeMap
{
public:
    void reserve(size_t entries)
    {
        size_t capacity = 16;
        while (capacity < entries * 2)
            capacity <<= 1;
        if (capacity > m_slots.size())
            rehash(capacity);
    }

    /// The node of key, or newNode inserted when key is new (inserted tells which).
    uint32_t findOrInsert(const NodeKey &key, uint32_t newNode, bool &inserted)
    {
        if ((m_size + 1) * 2 > m_slots.size())
            rehash(std::max<size_t>(16, m_slots.size() * 2));
        const size_t mask = m_slots.size() - 1;
        for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
            Slot &s = m_slots[i];
            if (s.node == Empty) {
                s.key = key;
                s.node = newNode;
                ++m_size;
                inserted = true;
                return newNode;
            }
            if (s.key == key) {
                inserted = false;
                return s.node;
            }
        }
    }

private:
    static constexpr uint32_t Empty = 0xFFFFFFFFu;
    struct Slot
    {
        NodeKey key;
        uint32_t node = Empty;
    };

    static size_t hash(const NodeKey &k)
    {
        uint64_t h = (uint64_t(k.parent) << 32 | k.name) * 0x9E3779B97F4A7C15ull;
        h ^= (uint64_t(k.service) << 32 | k.work) * 0xC2B2AE3D27D4EB4Full;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ull;
        return static_cast<size_t>(h ^ (h >> 32));
    }

    void rehash(size_t capacity)
    {
        std::vector<Slot> old(capacity);
        old.swap(m_slots);
        const size_t mask = capacity - 1;
        for (const Slot &s : old) {
            if (s.node == Empty)
                continue;
            size_t i = hash(s.key) & mask;
            while (m_slots[i].node != Empty)
                i = (i + 1) & mask;
            m_slots[i] = s;
        }
    }

    std::vector<Slot> m_slots;
    size_t m_size = 0;
};

/// An aligned node while building: its key and where it was first seen.
struct Node
{
    NodeKey key;
    uint32_t depth = 0;
    int64_t firstStartUs = 0; ///< orders siblings: the start in the trace that created it
    uint32_t firstTrace[2] = { NoRow, NoRow }; ///< per side: index within the side
    SpanIndex firstSpan[2] = { NoSpan, NoSpan };
};

/// One trace's sums on one node (the sparse per-trace figures; medians are taken over them).
struct Entry
{
    uint32_t node;
    uint32_t trace; ///< insertion index
    int64_t count;
    int64_t durationUs;
    int64_t selfUs;
    uint32_t unfinished;
};

/// The current trace's running sums per node; stamp says which trace wrote them last.
struct Accumulator
{
    int64_t count = 0;
    int64_t durationUs = 0;
    int64_t selfUs = 0;
    uint32_t unfinished = 0;
    uint32_t stamp = NoRow;
};

struct TraceInfo
{
    ComparisonSide side;
    uint32_t sideIndex;
    ComparedTrace facts;
};

/// Median and p95 of values plus `zeros` absent traces; values is reordered.
void percentiles(std::vector<int64_t> &values, size_t zeros, int64_t &median, int64_t &p95)
{
    if (values.size() == 1 && zeros == 0) { // two-trace diff: no sorting at all
        median = p95 = values.front();
        return;
    }
    values.insert(values.end(), zeros, 0);
    std::sort(values.begin(), values.end());
    median = percentileOfSorted(values, 0.5);
    p95 = percentileOfSorted(values, 0.95);
}

} // namespace

class ComparisonBuilder::Private
{
public:
    ComparisonOptions options;
    Comparison result;
    std::vector<Node> nodes;
    std::vector<Accumulator> acc;
    std::vector<uint32_t> touched; ///< nodes the current trace reached, in first-touch order
    std::vector<Entry> entries;
    std::vector<TraceInfo> traces;
    NodeMap map;
    std::vector<uint32_t> spanNode; ///< per span of the current trace, reused between traces
    uint32_t sideCount[2] = { 0, 0 };
    bool broken = false;
};

ComparisonBuilder::ComparisonBuilder(const ComparisonOptions &options)
    : m_d(std::make_unique<Private>())
{
    m_d->options = options;
}

ComparisonBuilder::~ComparisonBuilder() = default;

bool ComparisonBuilder::addTrace(
    ComparisonSide side, const Trace &trace, const std::atomic<bool> *cancel)
{
    Private &d = *m_d;
    if (d.broken)
        return false;
    const uint32_t traceIndex = static_cast<uint32_t>(d.traces.size());
    const int sideSlot = static_cast<int>(side);
    const uint32_t sideIndex = d.sideCount[sideSlot]++;

    // Translations from this trace's string ids to the comparison's, filled lazily: per span
    // the key costs a few array reads; each distinct text is interned or normalised once.
    const size_t stringCount = trace.strings().size();
    constexpr StringId Unknown = NoString - 1;
    std::vector<StringId> global(stringCount, Unknown);
    std::vector<StringId> workPlain(stringCount, Unknown);
    std::vector<StringId> workSql(stringCount, Unknown);
    std::vector<uint8_t> dbName(stringCount, 0); // 0 unknown, 1 db span name, 2 other
    const auto globalOf = [&](StringId id) {
        if (id == NoString)
            return NoString;
        StringId &g = global[id];
        if (g == Unknown)
            g = d.result.strings.intern(trace.view(id));
        return g;
    };

    const size_t n = trace.spanCount();
    d.spanNode.resize(n);
    if (d.nodes.empty()) { // later traces mostly meet known paths: grow only as needed
        d.nodes.reserve(n);
        d.acc.reserve(n);
        d.map.reserve(n);
    }
    d.touched.clear();
    const std::vector<Span> &spans = trace.spans();
    for (size_t i = 0; i < n; ++i) {
        if (isCancelled(cancel, i)) {
            d.broken = true;
            return false;
        }
        const Span &s = spans[i];
        const StringId summary = trace.details(SpanIndex(i)).summary;
        StringId work = NoString;
        if (summary != NoString) {
            uint8_t isDb = 2;
            if (s.name != NoString) {
                uint8_t &known = dbName[s.name];
                if (known == 0)
                    known = WorkKey::isDbSpanName(trace.view(s.name)) ? 1 : 2;
                isDb = known;
            }
            StringId &w = isDb == 1 ? workSql[summary] : workPlain[summary];
            if (w == Unknown)
                w = d.result.strings.intern(
                    WorkKey::fromSummary(trace.view(summary), isDb == 1, d.options.foldNumbers));
            work = w;
        }
        const uint32_t parentNode = s.parent == NoSpan ? TopLevel : d.spanNode[s.parent];
        const NodeKey key { parentNode, globalOf(s.name), globalOf(s.service), work };
        bool inserted = false;
        const uint32_t node
            = d.map.findOrInsert(key, static_cast<uint32_t>(d.nodes.size()), inserted);
        if (inserted) {
            Node fresh;
            fresh.key = key;
            fresh.depth = s.depth;
            fresh.firstStartUs = s.startUs;
            d.nodes.push_back(fresh);
            d.acc.emplace_back();
        }
        d.spanNode[i] = node;
        Node &nd = d.nodes[node];
        if (nd.firstTrace[sideSlot] == NoRow) {
            nd.firstTrace[sideSlot] = sideIndex;
            nd.firstSpan[sideSlot] = SpanIndex(i);
        }
        Accumulator &a = d.acc[node];
        if (a.stamp != traceIndex) {
            a = Accumulator();
            a.stamp = traceIndex;
            d.touched.push_back(node);
        }
        ++a.count;
        if (hasKnownDuration(s)) {
            a.durationUs += s.durationUs();
            a.selfUs += s.selfUs;
        } else {
            ++a.unfinished;
        }
    }
    // Exact for the first trace; 1.5x after, so 80 small traces do not copy 80 times.
    const size_t needed = d.entries.size() + d.touched.size();
    if (needed > d.entries.capacity())
        d.entries.reserve(
            d.entries.empty() ? needed : std::max(needed, d.entries.capacity() * 3 / 2));
    for (uint32_t node : d.touched) {
        const Accumulator &a = d.acc[node];
        d.entries.push_back({ node, traceIndex, a.count, a.durationUs, a.selfUs, a.unfinished });
    }

    TraceInfo info { side, sideIndex, {} };
    info.facts.side = side;
    info.facts.source = trace.sourceName();
    info.facts.baseId = trace.baseId();
    info.facts.spans = n;
    info.facts.totalUs = trace.endUs();
    info.facts.msPrecision = trace.isMsPrecision();
    d.traces.push_back(std::move(info));
    return true;
}

Comparison ComparisonBuilder::finish(const std::atomic<bool> *cancel)
{
    Private &d = *m_d;
    Comparison &r = d.result;
    if (d.broken) {
        r.cancelled = true;
        return std::move(r);
    }
    const size_t nodeCount = d.nodes.size();
    r.tracesA = d.sideCount[0];
    r.tracesB = d.sideCount[1];

    // Traces: side A first; totals, medians and Tukey's fences per side.
    std::vector<int64_t> scratch;
    for (int side = 0; side < 2; ++side) {
        scratch.clear();
        for (const TraceInfo &t : d.traces) {
            if (int(t.side) == side)
                scratch.push_back(t.facts.totalUs);
        }
        std::sort(scratch.begin(), scratch.end());
        const int64_t median = percentileOfSorted(scratch, 0.5);
        const int64_t p95 = percentileOfSorted(scratch, 0.95);
        (side == 0 ? r.totalA : r.totalB) = median;
        (side == 0 ? r.totalP95A : r.totalP95B) = p95;
        const double q1 = double(percentileOfSorted(scratch, 0.25));
        const double q3 = double(percentileOfSorted(scratch, 0.75));
        const double iqr = q3 - q1;
        for (const TraceInfo &t : d.traces) {
            if (int(t.side) != side)
                continue;
            ComparedTrace facts = t.facts;
            const double total = double(facts.totalUs);
            facts.outlier
                = scratch.size() >= 3 && (total < q1 - 1.5 * iqr || total > q3 + 1.5 * iqr);
            r.msPrecision = r.msPrecision || facts.msPrecision;
            r.traces.push_back(std::move(facts));
        }
    }

    // Entries by node (counting sort), then each node's figures per side.
    std::vector<uint32_t> offset(nodeCount + 1, 0);
    for (const Entry &e : d.entries)
        ++offset[e.node + 1];
    for (size_t i = 0; i < nodeCount; ++i)
        offset[i + 1] += offset[i];
    std::vector<uint32_t> byNode(d.entries.size());
    {
        std::vector<uint32_t> fill(offset.begin(), offset.end() - 1);
        for (size_t i = 0; i < d.entries.size(); ++i)
            byNode[fill[d.entries[i].node]++] = static_cast<uint32_t>(i);
    }

    // Aligned tree: children per node ordered by first start, then an iterative pre-order walk.
    std::vector<uint32_t> childOffset(nodeCount + 2, 0); // slot nodeCount: top level
    const auto slotOf
        = [nodeCount](uint32_t parent) { return parent == TopLevel ? nodeCount : size_t(parent); };
    for (const Node &nd : d.nodes)
        ++childOffset[slotOf(nd.key.parent) + 1];
    for (size_t i = 0; i <= nodeCount; ++i)
        childOffset[i + 1] += childOffset[i];
    std::vector<uint32_t> children(nodeCount);
    {
        std::vector<uint32_t> fill(childOffset.begin(), childOffset.end() - 1);
        for (size_t i = 0; i < nodeCount; ++i)
            children[fill[slotOf(d.nodes[i].key.parent)]++] = static_cast<uint32_t>(i);
    }
    for (size_t slot = 0; slot <= nodeCount; ++slot) {
        if (isCancelled(cancel, slot)) {
            r.cancelled = true;
            return std::move(r);
        }
        auto first = children.begin() + childOffset[slot];
        auto last = children.begin() + childOffset[slot + 1];
        if (last - first > 1) {
            std::stable_sort(first, last, [&](uint32_t x, uint32_t y) {
                return d.nodes[x].firstStartUs < d.nodes[y].firstStartUs;
            });
        }
    }

    r.rows.resize(nodeCount);
    std::vector<uint32_t> rowOfNode(nodeCount, NoRow);
    std::vector<uint32_t> stack;
    stack.reserve(64);
    for (uint32_t k = childOffset[nodeCount + 1]; k-- > childOffset[nodeCount];)
        stack.push_back(children[k]);
    uint32_t nextRow = 0;
    std::vector<int64_t> counts, durations, selfs;
    while (!stack.empty()) {
        if (isCancelled(cancel, nextRow)) {
            r.cancelled = true;
            return std::move(r);
        }
        const uint32_t node = stack.back();
        stack.pop_back();
        const Node &nd = d.nodes[node];
        const uint32_t row = nextRow++;
        rowOfNode[node] = row;
        ComparisonRow &cr = r.rows[row];
        cr.parent = nd.key.parent == TopLevel ? NoRow : rowOfNode[nd.key.parent];
        cr.depth = nd.depth;
        cr.name = nd.key.name;
        cr.service = nd.key.service;
        cr.work = nd.key.work;
        for (int side = 0; side < 2; ++side) {
            SideFigures &f = side == 0 ? cr.a : cr.b;
            const size_t sideTraces = d.sideCount[side];
            counts.clear();
            durations.clear();
            selfs.clear();
            for (uint32_t k = offset[node]; k < offset[node + 1]; ++k) {
                const Entry &e = d.entries[byNode[k]];
                if (int(d.traces[e.trace].side) != side)
                    continue;
                counts.push_back(e.count);
                durations.push_back(e.durationUs);
                selfs.push_back(e.selfUs);
                f.unfinished += e.unfinished;
            }
            f.tracesPresent = static_cast<uint32_t>(counts.size());
            if (!counts.empty()) {
                const size_t zeros = sideTraces - counts.size();
                percentiles(counts, zeros, f.count, f.countP95);
                percentiles(durations, zeros, f.durationUs, f.durationP95Us);
                percentiles(selfs, zeros, f.selfUs, f.selfP95Us);
                f.firstTrace = static_cast<int32_t>(nd.firstTrace[side]);
                f.firstSpan = nd.firstSpan[side];
            }
        }
        cr.presence = cr.a.tracesPresent == 0 ? Presence::Added
            : cr.b.tracesPresent == 0         ? Presence::Removed
                                              : Presence::Both;
        for (uint32_t k = childOffset[node + 1]; k-- > childOffset[node];)
            stack.push_back(children[k]);
    }
    // Subtree sizes: children come after their parent in pre-order, so one backward pass.
    for (size_t row = nodeCount; row-- > 0;) {
        const uint32_t parent = r.rows[row].parent;
        if (parent != NoRow)
            r.rows[parent].subtreeSize += r.rows[row].subtreeSize;
    }

    r.impactOrder.resize(nodeCount);
    for (size_t i = 0; i < nodeCount; ++i)
        r.impactOrder[i] = static_cast<uint32_t>(i);
    const auto magnitude = [](int64_t v) { return v < 0 ? -v : v; };
    std::stable_sort(r.impactOrder.begin(), r.impactOrder.end(), [&](uint32_t x, uint32_t y) {
        const ComparisonRow &a = r.rows[x];
        const ComparisonRow &b = r.rows[y];
        const int64_t sa = magnitude(a.selfDeltaUs()), sb = magnitude(b.selfDeltaUs());
        if (sa != sb)
            return sa > sb;
        const int64_t da = magnitude(a.durationDeltaUs()), db = magnitude(b.durationDeltaUs());
        if (da != db)
            return da > db;
        return magnitude(a.countDelta()) > magnitude(b.countDelta());
    });
    return std::move(r);
}

} // namespace Osp
