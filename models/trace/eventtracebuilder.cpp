#include "trace/eventtracebuilder.h"

#include "util/jsontext.h"
#include "util/timestamp.h"

#include <algorithm>

namespace Osp {

namespace {
// OSProfiler's msec(): int(µs / 1000.0), truncation towards zero.
int64_t msFrom(int64_t us, int64_t epoch)
{
    return (us - epoch) / 1000;
}
} // namespace

EventTraceBuilder::EventTraceBuilder() = default;

Result<void> EventTraceBuilder::add(StoredEvent e)
{
    const std::optional<int64_t> ts = Timestamp::parseUtcMicros(e.timestamp);
    if (!ts)
        return Error { .message
            = QStringLiteral("event \"%1\" of span %2 has timestamp \"%3\"; "
                             "expected \"YYYY-MM-DDTHH:MM:SS.ffffff\"")
                  .arg(QString::fromStdString(e.name), QString::fromStdString(e.traceId),
                      QString::fromStdString(e.timestamp)) };
    ++m_events;
    if (!Timestamp::isOsprofilerLayout(e.timestamp) && m_otherLayouts.add())
        m_otherLayouts.first
            = eventPlace(e) + QStringLiteral(": \"%1\"").arg(QString::fromStdString(e.timestamp));
    StringPool &pool = m_builder.strings();
    auto [it, isNew] = m_byTraceId.try_emplace(e.traceId, static_cast<uint32_t>(m_nodes.size()));
    if (isNew) {
        // The first event of a span decides its name, project, service and host.
        Node n;
        n.traceId = e.traceId;
        n.parentId = e.parentId;
        n.reportName = pool.intern(std::string_view(e.name).substr(0, e.name.find('-')));
        auto field = [&](const std::optional<std::string> &v, StringId &id, bool &isNull) {
            if (v)
                id = pool.intern(*v);
            else
                isNull = true;
        };
        field(e.project, n.project, n.projectNull);
        field(e.service, n.service, n.serviceNull);
        field(e.host, n.host, n.hostNull);
        m_nodes.push_back(std::move(n));
    }
    Node &n = m_nodes[it->second];
    if (m_baseId.empty() && !e.baseId.empty())
        m_baseId = e.baseId;

    const size_t dash = e.name.rfind('-');
    if (n.pointName == NoString)
        n.pointName = pool.intern(std::string_view(e.name).substr(0, dash));
    const StringId key = pool.intern("meta.raw_payload." + e.name);
    const RawRef ref = m_builder.raw().append(e.payload);
    auto same = std::find_if(
        n.payloads.begin(), n.payloads.end(), [&](const auto &p) { return p.first == key; });
    if (same != n.payloads.end())
        same->second = ref; // a dict key assigned again keeps its place
    else
        n.payloads.emplace_back(key, ref);

    const bool isStop = e.name.size() >= 4 && e.name.compare(e.name.size() - 4, 4, "stop") == 0;
    if ((isStop ? n.stopTs : n.startTs) && m_repeatedEvents.add())
        m_repeatedEvents.first = eventPlace(e)
            + (isStop ? QStringLiteral(", a second stop") : QStringLiteral(", a second start"));
    if (isStop) {
        n.stopTs = ts;
        n.stopEvent = m_events;
        n.stopOffset = e.offset;
        n.exception = pool.intern(e.facts.hasEtype ? e.facts.etype : std::string("None"));
        if (!e.facts.message.empty())
            n.message = pool.intern(e.facts.message);
    } else {
        n.startTs = ts;
        if (!m_lastStartedAt || *m_lastStartedAt < *ts)
            m_lastStartedAt = ts;
        const std::string summary = e.facts.summary();
        if (!summary.empty())
            n.summary = pool.intern(summary);
    }
    if (!m_startedAt || *m_startedAt > *ts)
        m_startedAt = ts;
    if (!m_finishedAt || *m_finishedAt < *ts)
        m_finishedAt = ts;
    return {};
}

QString EventTraceBuilder::eventPlace(size_t number, const std::optional<uint64_t> &offset) const
{
    QString place = QStringLiteral("event %1").arg(number);
    if (offset)
        place += QStringLiteral(" at ") + m_builder.describeOffset(*offset);
    return place;
}

QString EventTraceBuilder::eventPlace(const StoredEvent &e) const
{
    QString place = QStringLiteral("event %1 \"%2\" (trace_id %3)")
                        .arg(m_events)
                        .arg(QString::fromStdString(e.name), QString::fromStdString(e.traceId));
    if (e.offset)
        place += QStringLiteral(" at ") + m_builder.describeOffset(*e.offset);
    return place;
}

void EventTraceBuilder::addNotes()
{
    if (m_repeatedEvents.count)
        m_builder.addLoadNote(
            QStringLiteral("%1 a start or stop already seen for %2 trace_id (first: %3); merged "
                           "into one span where the later time counts, as OSProfiler does")
                .arg(countOf(m_repeatedEvents.count, "event repeats", "events repeat"),
                    QLatin1String(m_repeatedEvents.count == 1 ? "its" : "their"),
                    m_repeatedEvents.first));
    m_builder.noteOtherTimestampLayouts(
        m_otherLayouts, "event has its timestamp", "events have their timestamps");
}

std::vector<uint32_t> EventTraceBuilder::preOrder(
    std::vector<uint32_t> &parentOf, size_t &cyclesBroken) const
{
    const auto n = static_cast<uint32_t>(m_nodes.size());
    constexpr uint32_t Top = 0xFFFFFFFFu;
    auto startMs = [&](uint32_t i) {
        const Node &node = m_nodes[i];
        return msFrom(node.startTs ? *node.startTs : *node.stopTs, *m_startedAt);
    };
    // Children in node order (Python's dict order), then a stable sort by started ms.
    std::vector<std::vector<uint32_t>> children(n);
    std::vector<uint32_t> top;
    for (uint32_t i = 0; i < n; ++i) {
        if (parentOf[i] == Top)
            top.push_back(i);
        else
            children[parentOf[i]].push_back(i);
    }
    auto byStart = [&](std::vector<uint32_t> &v) {
        std::stable_sort(
            v.begin(), v.end(), [&](uint32_t a, uint32_t b) { return startMs(a) < startMs(b); });
    };
    for (auto &c : children)
        byStart(c);
    byStart(top);

    std::vector<uint32_t> order;
    order.reserve(n);
    std::vector<uint8_t> reached(n, 0);
    std::vector<uint32_t> stack;
    auto walkFrom = [&](uint32_t root) {
        stack.push_back(root);
        while (!stack.empty()) {
            const uint32_t s = stack.back();
            stack.pop_back();
            reached[s] = 1;
            order.push_back(s);
            for (auto c = children[s].rbegin(); c != children[s].rend(); ++c)
                stack.push_back(*c);
        }
    };
    for (uint32_t r : top)
        walkFrom(r);
    // Whatever is unreached hangs in a parent cycle: cut it at its first node.
    for (uint32_t i = 0; i < n; ++i) {
        if (reached[i])
            continue;
        uint32_t cut = i;
        std::vector<uint8_t> seen(0);
        while (parentOf[cut] != Top && !reached[parentOf[cut]]) {
            if (seen.empty())
                seen.assign(n, 0);
            if (seen[cut])
                break;
            seen[cut] = 1;
            cut = parentOf[cut];
        }
        auto &siblings = children[parentOf[cut]];
        siblings.erase(std::find(siblings.begin(), siblings.end(), cut));
        parentOf[cut] = Top;
        ++cyclesBroken;
        walkFrom(cut);
    }
    return order;
}

std::shared_ptr<Trace> EventTraceBuilder::finish(
    const QString &sourceName, QString partialWarning, std::optional<Error> stoppedBy)
{
    constexpr uint32_t Top = 0xFFFFFFFFu;
    const auto n = static_cast<uint32_t>(m_nodes.size());
    StringPool &pool = m_builder.strings();
    ReportRoot &root = m_builder.root();
    root.name = pool.intern("total");
    root.startedMs = 0;

    std::vector<uint32_t> parentOf(n, Top);
    for (uint32_t i = 0; i < n; ++i) {
        auto p = m_byTraceId.find(m_nodes[i].parentId);
        if (p != m_byTraceId.end())
            parentOf[i] = p->second;
    }
    size_t cycles = 0;
    const std::vector<uint32_t> order = n ? preOrder(parentOf, cycles) : std::vector<uint32_t> {};
    if (cycles)
        partialWarning += (partialWarning.isEmpty() ? QString() : QStringLiteral("; "))
            + QStringLiteral("%1 span(s) were their own ancestors (a parent_id cycle in the "
                             "events); shown at top level")
                  .arg(cycles);

    std::string stats = "{";
    std::vector<std::pair<StringId, std::pair<int64_t, int64_t>>> statRows; // name -> count, ms
    // Pre-order emission with an explicit stack of open spans.
    std::vector<uint32_t> open;
    for (uint32_t i : order) {
        while (!open.empty() && open.back() != parentOf[i]) {
            m_builder.endSpan();
            open.pop_back();
        }
        const Node &node = m_nodes[i];
        const SpanIndex s = m_builder.beginSpan();
        open.push_back(i);
        Span &span = m_builder.span(s);
        SpanDetails &d = m_builder.details(s);
        span.name = node.pointName;
        span.project = node.project;
        span.service = node.service;
        span.host = node.host;
        d.exception = node.exception;
        d.reportName = node.reportName;
        d.summary = node.summary;
        d.message = node.message;
        d.traceId = Uuid::fromText(node.traceId, pool);
        m_builder.setParentId(s, Uuid::fromText(node.parentId, pool));
        const int64_t startTs = node.startTs ? *node.startTs : *node.stopTs;
        const int64_t stopTs = node.stopTs ? *node.stopTs : *node.startTs;
        d.startedMs = msFrom(startTs, *m_startedAt);
        d.finishedMs = msFrom(stopTs, *m_startedAt);
        span.flags |= HasStartedMs | HasFinishedMs;
        if (node.startTs) {
            m_builder.setStartTimestamp(s, *node.startTs);
            m_builder.markStartEventSeen(s);
        }
        if (node.stopTs) {
            m_builder.setStopTimestamp(s, *node.stopTs);
            m_builder.markStopEventSeen(s);
        }
        auto nullEntry = [&](bool isNull, const char *key) {
            if (isNull)
                m_builder.addEntry(s,
                    RawEntry {
                        pool.intern(key), RawEntry::SpanInfo, m_builder.raw().append("null") });
        };
        nullEntry(node.projectNull, "project");
        nullEntry(node.serviceNull, "service");
        nullEntry(node.hostNull, "host");
        for (const auto &[key, ref] : node.payloads)
            m_builder.addEntry(s, RawEntry { key, RawEntry::SpanInfo, ref });

        auto row = std::find_if(statRows.begin(), statRows.end(),
            [&](const auto &r) { return r.first == node.reportName; });
        if (row == statRows.end())
            statRows.push_back({ node.reportName, { 1, d.finishedMs - d.startedMs } });
        else
            row->second
                = { row->second.first + 1, row->second.second + d.finishedMs - d.startedMs };
    }
    while (!open.empty()) {
        m_builder.endSpan();
        open.pop_back();
    }
    // Stats in OSProfiler's order (first seen span of each name).
    std::vector<std::pair<uint32_t, size_t>> firstSeen; // node index, row
    for (size_t r = 0; r < statRows.size(); ++r) {
        uint32_t first = 0;
        while (m_nodes[first].reportName != statRows[r].first)
            ++first;
        firstSeen.emplace_back(first, r);
    }
    std::sort(firstSeen.begin(), firstSeen.end());
    for (size_t k = 0; k < firstSeen.size(); ++k) {
        const auto &[name, values] = statRows[firstSeen[k].second];
        if (k)
            stats += ", ";
        JsonText::appendString(stats, pool.view(name));
        stats += ": {\"count\": " + std::to_string(values.first)
            + ", \"duration\": " + std::to_string(values.second) + '}';
    }
    stats += '}';

    if (m_startedAt) {
        root.finishedMs = msFrom(*m_finishedAt, *m_startedAt);
        if (m_lastStartedAt)
            root.lastTraceStartedMs = msFrom(*m_lastStartedAt, *m_startedAt);
        else
            root.entries.push_back(RawEntry { pool.intern("last_trace_started"), RawEntry::RootInfo,
                m_builder.raw().append("null") });
    } else { // no events: OSProfiler writes None for both
        for (const char *key : { "finished", "last_trace_started" })
            root.entries.push_back(
                RawEntry { pool.intern(key), RawEntry::RootInfo, m_builder.raw().append("null") });
    }
    root.entries.push_back(
        RawEntry { pool.intern("stats"), RawEntry::RootNode, m_builder.raw().append(stats) });
    if (!m_baseId.empty())
        m_builder.setBaseId(m_baseId);
    m_builder.setSourceName(sourceName);
    if (!partialWarning.isEmpty())
        m_builder.setPartial(partialWarning, std::move(stoppedBy));
    addNotes();
    // Span s was emitted as node order[s]: a span ending before its start is told by its stop.
    m_builder.setSpanPlace([&](SpanIndex s) -> QString {
        const Node &node = m_nodes[order[s]];
        return QStringLiteral("its stop, ") + eventPlace(node.stopEvent, node.stopOffset)
            + QStringLiteral(",");
    });
    return m_builder.finish();
}

} // namespace Osp
