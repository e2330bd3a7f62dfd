#include "export/bufferedsink.h"
#include "export/exportwriters.h"
#include "export/redaction.h"
#include "util/jsontext.h"
#include "util/timestamp.h"

#include <map>
#include <utility>
#include <vector>

namespace Osp {

namespace {

/// One thread of the output: the events on it form a stack of open intervals.
struct Lane
{
    int tid = 0;
    std::vector<int64_t> openEnds; ///< ends of the events that contain the current time
};

/// The threads of one (service, host) pair.
struct HostTracks
{
    int pid = 0;
    StringId host = NoString;
    std::vector<Lane> lanes;
};

void appendKey(std::string &out, std::string_view key)
{
    JsonText::appendString(out, key);
    out.push_back(':');
}

void appendMetadata(
    std::string &out, std::string_view what, int pid, int tid, std::string_view name)
{
    out += ",\n{\"ph\":\"M\",\"name\":";
    JsonText::appendString(out, what);
    out += ",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid);
    out += ",\"args\":{\"name\":";
    JsonText::appendString(out, name);
    out += "}}";
}

void appendSortIndex(std::string &out, std::string_view what, int pid, int tid, int index)
{
    out += ",\n{\"ph\":\"M\",\"name\":";
    JsonText::appendString(out, what);
    out += ",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid);
    out += ",\"args\":{\"sort_index\":" + std::to_string(index) + "}}";
}

} // namespace

Result<void> writeChromeTrace(
    const Trace &trace, const ExportOptions &options, const TextSink &sink)
{
    BufferedSink buffer(sink, options);
    std::string &out = buffer.out();
    out += "{\"displayTimeUnit\":\"ms\",\n\"otherData\":{";
    appendKey(out, "generator");
    JsonText::appendString(out, "ospview " OSP_VERSION);
    if (!trace.baseId().empty()) {
        out += ',';
        appendKey(out, "base_id");
        JsonText::appendString(out, trace.baseId());
    }
    if (const auto epoch = trace.epochUnixUs()) {
        out += ',';
        appendKey(out, "trace_start_utc");
        JsonText::appendString(out, Timestamp::formatOsprofiler(*epoch));
    }
    out += ",\"redacted\":";
    out += options.redacted ? "true" : "false";
    out += "},\n\"traceEvents\":[";

    std::map<StringId, int> pidOfService; // pids in order of first appearance
    std::map<std::pair<StringId, StringId>, HostTracks> tracks; // (service, host)
    std::vector<int> threadsOfPid(1, 0);
    std::vector<uint32_t> laneOf(trace.spanCount(), 0); // index into its HostTracks::lanes
    bool first = true;
    const auto &order = trace.startOrder();
    const size_t n = order.size();
    for (size_t k = 0; k < n; ++k) {
        const SpanIndex i = order[k];
        const Span &s = trace.span(i);
        auto [pidIt, newPid] = pidOfService.try_emplace(s.service, int(pidOfService.size()) + 1);
        if (newPid)
            threadsOfPid.push_back(0);
        HostTracks &ht = tracks[{ s.service, s.host }];
        ht.pid = pidIt->second;
        ht.host = s.host;
        // The parent's lane first (a child drawn under its own parent), then the first lane
        // where the span nests inside the innermost open event or starts after all of them
        // ended; a new lane when none fits.
        auto fits = [&s](Lane &l) {
            while (!l.openEnds.empty() && l.openEnds.back() <= s.startUs)
                l.openEnds.pop_back();
            return l.openEnds.empty() || l.openEnds.back() >= s.endUs;
        };
        Lane *lane = nullptr;
        const Span *parent = s.parent == NoSpan ? nullptr : &trace.span(s.parent);
        if (parent && parent->service == s.service && parent->host == s.host
            && fits(ht.lanes[laneOf[s.parent]]))
            lane = &ht.lanes[laneOf[s.parent]];
        for (size_t l = 0; !lane && l < ht.lanes.size(); ++l)
            if (fits(ht.lanes[l]))
                lane = &ht.lanes[l];
        if (!lane) {
            ht.lanes.push_back({ ++threadsOfPid[size_t(ht.pid)], {} });
            lane = &ht.lanes.back();
        }
        laneOf[i] = static_cast<uint32_t>(lane - ht.lanes.data());
        lane->openEnds.push_back(s.endUs);

        out += first ? "\n" : ",\n";
        first = false;
        out += "{\"ph\":\"X\",\"name\":";
        JsonText::appendString(out, trace.view(s.name));
        out += ",\"cat\":";
        JsonText::appendString(out, trace.view(s.name));
        out += ",\"ts\":" + std::to_string(s.startUs) + ",\"dur\":" + std::to_string(s.durationUs())
            + ",\"pid\":" + std::to_string(ht.pid) + ",\"tid\":" + std::to_string(lane->tid);
        if (s.has(HasError))
            out += ",\"cname\":\"terrible\"";
        out += ",\"args\":{\"trace_id\":";
        JsonText::appendString(out, trace.traceId(i));
        auto field = [&](std::string_view key, std::string_view value) {
            if (value.empty())
                return;
            out += ',';
            appendKey(out, key);
            JsonText::appendString(out, value);
        };
        const SpanDetails &d = trace.details(i);
        std::string summary(trace.view(d.summary));
        std::string message(trace.view(d.message));
        if (options.redacted) {
            summary = Redaction::summary(summary);
            message = Redaction::text(message);
        }
        field("project", trace.view(s.project));
        field("details", summary);
        if (s.has(HasError)) {
            field("exception", trace.view(d.exception));
            field("message", message);
        }
        if (s.has(NoStopEvent))
            out += ",\"unfinished\":true";
        if (s.has(NoStartEvent))
            out += ",\"no_start_event\":true";
        out += "}}";
        if (Result<void> step = buffer.next(k, n); !step.ok())
            return step;
    }
    // Names for the processes (services) and threads (hosts and their async lanes).
    auto orNone = [&trace](StringId id, std::string_view none) {
        return id == NoString || trace.view(id).empty() ? std::string(none)
                                                        : std::string(trace.view(id));
    };
    for (const auto &[service, pid] : pidOfService) {
        appendMetadata(out, "process_name", pid, 0, orNone(service, "(no service)"));
        appendSortIndex(out, "process_sort_index", pid, 0, pid);
    }
    // A host's async lanes sort right below it (the map keeps a service's hosts together).
    int sortIndex = 0;
    int lastPid = 0;
    for (const auto &[key, ht] : tracks) {
        const std::string host = orNone(ht.host, "(no host)");
        sortIndex = ht.pid == lastPid ? sortIndex : 0;
        lastPid = ht.pid;
        for (size_t l = 0; l < ht.lanes.size(); ++l) {
            const int tid = ht.lanes[l].tid;
            appendMetadata(out, "thread_name", ht.pid, tid,
                l == 0 ? host : host + " (async " + std::to_string(l + 1) + ")");
            appendSortIndex(out, "thread_sort_index", ht.pid, tid, ++sortIndex);
        }
    }
    out += "\n]}\n";
    return buffer.finish();
}

} // namespace Osp
