#include "export/bufferedsink.h"
#include "export/exportwriters.h"
#include "export/redaction.h"

namespace Osp {

namespace {

constexpr size_t DetailChars = 40;

/// The inside of a DOT double-quoted string: quotes and backslashes escaped, line breaks as
/// spaces (the labels' own line breaks are added as "\n" by the caller).
void appendEscaped(std::string &out, std::string_view text)
{
    for (char c : text) {
        if (c == '"' || c == '\\')
            out.push_back('\\');
        out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
}

/// A short second line: the last part of a function name (as the Python CLI shows rpc and
/// driver spans), or the start of a request or SQL statement.
std::string detailLine(std::string_view summary)
{
    const bool functionName = summary.find_first_of(" /") == std::string_view::npos;
    if (functionName && summary.find('.') != std::string_view::npos)
        return std::string(summary.substr(summary.rfind('.') + 1));
    if (summary.size() <= DetailChars)
        return std::string(summary);
    size_t cut = DetailChars;
    while (cut > 0 && (static_cast<unsigned char>(summary[cut]) & 0xC0) == 0x80)
        --cut; // never split a UTF-8 sequence
    return std::string(summary.substr(0, cut)) + "..";
}

std::string label(const Trace &trace, SpanIndex i, bool redacted)
{
    const Span &s = trace.span(i);
    const SpanDetails &d = trace.details(i);
    std::string out;
    if (s.service != NoString && !trace.view(s.service).empty()) {
        appendEscaped(out, trace.view(s.service));
        out.push_back(':');
    }
    appendEscaped(out, trace.view(s.name));
    // The report's own whole ms when it has them (as the Python CLI prints), else ours.
    const int64_t ms = s.has(HasStartedMs) && s.has(HasFinishedMs) ? d.finishedMs - d.startedMs
                                                                   : s.durationUs() / 1000;
    if (s.has(NoStopEvent))
        out += " - unfinished";
    else if (s.has(NoStartEvent))
        out += " - no start event";
    else
        out += " - " + std::to_string(ms) + " ms";
    std::string summary(trace.view(d.summary));
    if (redacted)
        summary = Redaction::summary(summary);
    if (!summary.empty()) {
        out += "\\n";
        appendEscaped(out, detailLine(summary));
    }
    if (s.has(HasError)) {
        out += "\\n";
        appendEscaped(out, trace.view(d.exception));
    }
    return out;
}

} // namespace

Result<void> writeDot(const Trace &trace, const ExportOptions &options, const TextSink &sink)
{
    BufferedSink buffer(sink, options);
    std::string &out = buffer.out();
    const ReportRoot &root = trace.root();
    const int64_t totalMs = root.finishedMs.value_or(trace.endUs() / 1000);
    out += "digraph {\n\t0 [label=\"total - " + std::to_string(totalMs) + " ms\"]\n";
    const size_t n = trace.spanCount();
    for (SpanIndex i = 0; i < n; ++i) {
        const Span &s = trace.span(i);
        const std::string id = std::to_string(i + 1);
        out += '\t' + id + " [label=\"" + label(trace, i, options.redacted) + '"';
        if (s.has(HasError))
            out += ", color=red, fontcolor=red";
        if (s.has(NoStopEvent) || s.has(NoStartEvent))
            out += ", style=dashed";
        out += "]\n\t" + (s.parent == NoSpan ? std::string("0") : std::to_string(s.parent + 1))
            + " -> " + id + '\n';
        if (Result<void> step = buffer.next(i, n); !step.ok())
            return step;
    }
    out += "}\n";
    return buffer.finish();
}

} // namespace Osp
