#include "export/reportwriter.h"

#include "export/redaction.h"
#include "util/jsontext.h"

#include <vector>

namespace Osp {

namespace {
constexpr size_t FlushBytes = 1 << 20;
constexpr int Indent = 2;

void newline(std::string &out, int indent)
{
    JsonText::appendNewline(out, indent);
}
} // namespace

ReportWriter::ReportWriter(const Trace &trace, ExportOptions options)
    : m_trace(trace)
    , m_options(std::move(options))
{ }

bool ReportWriter::flush(const TextSink &sink, bool force)
{
    if (!force && m_out.size() < FlushBytes)
        return true;
    const bool ok = sink(m_out);
    m_out.clear();
    if (!ok && !m_error)
        m_error = sinkRefused();
    return ok;
}

void ReportWriter::keyPrefix(int indent, std::string_view key, bool &first)
{
    if (!first)
        m_out.push_back(',');
    first = false;
    newline(m_out, indent);
    JsonText::appendString(m_out, key);
    m_out += ": ";
}

void ReportWriter::writeEntries(
    std::span<const RawEntry> entries, RawEntry::Scope scope, int indent, bool &first)
{
    for (const RawEntry &e : entries) {
        if (e.scope() != scope)
            continue;
        keyPrefix(indent, m_trace.view(e.key()), first);
        bool ok = true;
        std::string text = m_trace.rawText(e.value(), &ok);
        if (!ok && !m_error)
            m_error = Error { .message = QStringLiteral("cannot read payload data back from ")
                    + m_trace.sourceName()
                    + QStringLiteral(" (was the file changed or removed?)") };
        // Root entries ("stats") are keyed by span names, not parameter values.
        const bool spanEntry = scope == RawEntry::SpanInfo || scope == RawEntry::SpanNode;
        if (m_options.redacted && spanEntry)
            text = Redaction::payload(text);
        JsonText::appendReindented(m_out, text, indent, Indent);
    }
}

void ReportWriter::writeSpan(SpanIndex i, int indent)
{
    const Span &s = m_trace.span(i);
    const SpanDetails &d = m_trace.details(i);
    m_out.push_back('{');
    bool first = true;
    keyPrefix(indent + Indent, "info", first);
    m_out.push_back('{');
    bool firstInfo = true;
    const int infoIndent = indent + 2 * Indent;
    auto stringField = [&](std::string_view key, StringId id) {
        if (id == NoString)
            return;
        keyPrefix(infoIndent, key, firstInfo);
        JsonText::appendString(m_out, m_trace.view(id));
    };
    auto intField = [&](std::string_view key, int64_t v) {
        keyPrefix(infoIndent, key, firstInfo);
        m_out += std::to_string(v);
    };
    stringField("name", d.reportName);
    stringField("project", s.project);
    stringField("service", s.service);
    stringField("host", s.host);
    if (s.has(HasStartedMs))
        intField("started", d.startedMs);
    if (s.has(HasFinishedMs))
        intField("finished", d.finishedMs);
    stringField("exception", d.exception);
    writeEntries(m_trace.entries(i), RawEntry::SpanInfo, infoIndent, firstInfo);
    if (!firstInfo)
        newline(m_out, indent + Indent);
    m_out.push_back('}');
    if (!d.traceId.isNull()) {
        keyPrefix(indent + Indent, "trace_id", first);
        JsonText::appendString(m_out, m_trace.traceId(i));
    }
    if (const Uuid parent = m_trace.parentUuid(i); !parent.isNull()) {
        keyPrefix(indent + Indent, "parent_id", first);
        JsonText::appendString(m_out, parent.toString(m_trace.strings()));
    }
    writeEntries(m_trace.entries(i), RawEntry::SpanNode, indent + Indent, first);
    keyPrefix(indent + Indent, "children", first);
    m_out.push_back('[');
}

Result<void> ReportWriter::write(const TextSink &sink)
{
    m_error.reset();
    const ReportRoot &root = m_trace.root();
    m_out.reserve(FlushBytes + 64 * 1024);
    m_out.push_back('{');
    bool first = true;
    keyPrefix(Indent, "info", first);
    m_out.push_back('{');
    bool firstInfo = true;
    if (root.name != NoString) {
        keyPrefix(2 * Indent, "name", firstInfo);
        JsonText::appendString(m_out, m_trace.view(root.name));
    }
    auto optionalInt = [&](std::string_view key, const std::optional<int64_t> &v) {
        if (!v)
            return;
        keyPrefix(2 * Indent, key, firstInfo);
        m_out += std::to_string(*v);
    };
    optionalInt("started", root.startedMs);
    optionalInt("finished", root.finishedMs);
    optionalInt("last_trace_started", root.lastTraceStartedMs);
    writeEntries(root.entries, RawEntry::RootInfo, 2 * Indent, firstInfo);
    if (!firstInfo)
        newline(m_out, Indent);
    m_out.push_back('}');
    keyPrefix(Indent, "children", first);
    m_out.push_back('[');

    // Pre-order walk with an explicit stack of open spans (no recursion).
    std::vector<SpanIndex> open;
    bool listJustOpened = true;
    auto listIndent = [&] { return 2 * Indent + 2 * Indent * static_cast<int>(open.size()); };
    auto closeSpan = [&] {
        const int indent = listIndent() - 2 * Indent; // the closing span's own indent
        if (!listJustOpened)
            newline(m_out, indent + Indent);
        m_out.push_back(']');
        newline(m_out, indent);
        m_out.push_back('}');
        open.pop_back();
        listJustOpened = false;
    };
    const auto n = static_cast<SpanIndex>(m_trace.spanCount());
    for (SpanIndex i = 0; i < n; ++i) {
        while (!open.empty() && i >= m_trace.span(open.back()).subtreeEnd(open.back()))
            closeSpan();
        if (!listJustOpened)
            m_out.push_back(',');
        newline(m_out, listIndent());
        writeSpan(i, listIndent());
        open.push_back(i);
        listJustOpened = true;
        if (!flush(sink, false))
            return *m_error;
        if (!m_options.step(i, n))
            return Error::cancelled();
    }
    while (!open.empty())
        closeSpan();
    if (!listJustOpened)
        newline(m_out, Indent);
    m_out.push_back(']');
    writeEntries(root.entries, RawEntry::RootNode, Indent, first);
    newline(m_out, 0);
    m_out.push_back('}');
    if (!flush(sink, true) || m_error)
        return *m_error;
    return {};
}

} // namespace Osp
