#include "export/textwriter.h"

#include "analysis/clockskew.h"

#include "util/durationformat.h"
#include "util/timestamp.h"

namespace Osp {

namespace {
/// One line of a payload summary: SQL and paths can span lines.
std::string oneLine(std::string_view text, size_t limit = 160)
{
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space)
            out.push_back(' ');
        space = false;
        out.push_back(c);
        if (out.size() >= limit) {
            out += "...";
            break;
        }
    }
    return out;
}
} // namespace

TextWriter::TextWriter(const Trace &trace)
    : m_trace(trace)
{ }

Result<void> TextWriter::write(const TextSink &sink)
{
    const Trace &t = m_trace;
    const bool ms = t.isMsPrecision();
    std::string out;
    out += "trace ";
    out += t.baseId().empty() ? std::string("(unknown base id)") : t.baseId();
    out += ": " + std::to_string(t.spanCount()) + " spans, " + formatDurationAscii(t.endUs(), ms);
    if (t.epochUnixUs())
        out += ", started " + Timestamp::formatOsprofiler(*t.epochUnixUs()) + " UTC";
    out += ms ? ", ms precision" : ", us precision";
    if (t.errorCount())
        out += ", " + std::to_string(t.errorCount()) + " with errors";
    if (t.unfinishedCount())
        out += ", " + std::to_string(t.unfinishedCount()) + " unfinished";
    out += '\n';
    if (t.isPartial())
        out += "WARNING: " + t.partialWarning().toStdString() + '\n';
    // Cross-host order is misleading when a clock is off: say so before the tree.
    const ClockSkew skew = ClockSkew::compute(t);
    for (const HostOffset &h : skew.hosts)
        out += "clock skew: " + ClockSkew::describe(t, h) + " (osptrace skew for the spans)\n";

    for (SpanIndex i = 0; i < t.spanCount(); ++i) {
        const Span &s = t.span(i);
        const SpanDetails &d = t.details(i);
        const bool spanMs = s.has(MsPrecision);
        out.append(2 * static_cast<size_t>(s.depth), ' ');
        out += t.view(s.name);
        out += "  +" + formatDurationAscii(s.startUs, spanMs);
        out += "  " + formatDurationAscii(s.durationUs(), spanMs);
        out += " (self " + formatDurationAscii(s.selfUs, spanMs) + ')';
        out += "  ";
        out += s.service == NoString ? std::string_view("n/a") : t.view(s.service);
        out += '@';
        out += s.host == NoString ? std::string_view("n/a") : t.view(s.host);
        if (d.summary != NoString)
            out += "  " + oneLine(t.view(d.summary));
        if (s.has(HasError)) {
            out += "  ERROR ";
            out += t.view(d.exception);
            if (d.message != NoString)
                out += ": " + oneLine(t.view(d.message));
        }
        if (s.has(NoStopEvent))
            out += "  UNFINISHED (no stop event)";
        if (s.has(NoStartEvent))
            out += "  (no start event)";
        if (s.has(Orphan))
            out += "  (orphan: parent not in trace)";
        if (i == t.lastStarted())
            out += "  <- last started";
        out += '\n';
        if (out.size() > (1 << 20)) {
            if (!sink(out))
                return sinkRefused();
            out.clear();
        }
    }
    if (!sink(out))
        return sinkRefused();
    return {};
}

} // namespace Osp
