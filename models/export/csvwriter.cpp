#include "export/bufferedsink.h"
#include "export/csvtext.h"
#include "export/exportwriters.h"
#include "export/redaction.h"
#include "util/timestamp.h"

#include <nlohmann/json.hpp>

#include <initializer_list>

namespace Osp {

namespace {

void appendRow(std::string &out, std::initializer_list<std::string_view> fields)
{
    bool first = true;
    for (std::string_view f : fields) {
        if (!first)
            out.push_back(',');
        first = false;
        CsvText::appendField(out, f);
    }
    out.append(CsvText::RowEnd);
}

std::string number(int64_t v)
{
    return std::to_string(v);
}

} // namespace

Result<void> writeSpansCsv(const Trace &trace, const ExportOptions &options, const TextSink &sink)
{
    BufferedSink buffer(sink, options);
    std::string &out = buffer.out();
    appendRow(out,
        { "index", "parent_index", "trace_id", "parent_id", "depth", "name", "service", "host",
            "project", "start_time", "start_us", "end_us", "duration_us", "self_us", "unfinished",
            "no_start", "error", "exception", "message", "summary" });
    const auto epoch = trace.epochUnixUs();
    const size_t n = trace.spanCount();
    for (SpanIndex i = 0; i < n; ++i) {
        const Span &s = trace.span(i);
        const SpanDetails &d = trace.details(i);
        const bool timed = !s.has(NoStopEvent) && !s.has(NoStartEvent);
        const bool raised = s.has(HasError);
        std::string summary(trace.view(d.summary));
        std::string message(trace.view(d.message));
        if (options.redacted) {
            summary = Redaction::summary(summary);
            message = Redaction::text(message);
        }
        appendRow(out,
            { number(i), s.parent == NoSpan ? std::string() : number(s.parent), trace.traceId(i),
                trace.parentId(i), number(s.depth), trace.view(s.name), trace.view(s.service),
                trace.view(s.host), trace.view(s.project),
                epoch ? Timestamp::formatOsprofiler(*epoch + s.startUs) : std::string(),
                number(s.startUs), number(s.endUs), timed ? number(s.durationUs()) : std::string(),
                timed ? number(s.selfUs) : std::string(), s.has(NoStopEvent) ? "1" : "0",
                s.has(NoStartEvent) ? "1" : "0", raised ? "1" : "0",
                raised ? trace.view(d.exception) : std::string_view(), message, summary });
        if (Result<void> step = buffer.next(i, n); !step.ok())
            return step;
    }
    return buffer.finish();
}

Result<void> writeStatsCsv(const Trace &trace, const ExportOptions &options, const TextSink &sink)
{
    const Statistics st = computeStatistics(trace, options.statsBy, options.cancel);
    if (st.cancelled || options.cancelled())
        return Error::cancelled();
    BufferedSink buffer(sink, options);
    std::string &out = buffer.out();
    appendRow(out,
        { "key", "count", "unfinished", "errors", "total_us", "self_us", "average_us", "median_us",
            "p95_us", "max_us", "share" });
    for (const StatsRow &r : st.rows) {
        // A group of only unfinished spans has no durations at all: empty, not 0.
        const bool timed = r.count > r.unfinished;
        auto us = [timed](int64_t v) { return timed ? number(v) : std::string(); };
        appendRow(out,
            { r.key, number(int64_t(r.count)), number(int64_t(r.unfinished)),
                number(int64_t(r.errors)), us(r.totalUs), us(r.selfTotalUs), us(r.averageUs),
                us(r.medianUs), us(r.p95Us), us(r.maxUs),
                timed ? nlohmann::json(r.share).dump() : std::string() });
        if (Result<void> step = buffer.next(0, 0); !step.ok())
            return step;
    }
    return buffer.finish();
}

} // namespace Osp
