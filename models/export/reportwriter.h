#pragma once

#include "export/exportoptions.h"
#include "trace/trace.h"

#include <functional>
#include <string_view>

namespace Osp {

/// Receives output in chunks; returns false to stop (e.g. a write error).
using TextSink = std::function<bool(std::string_view)>;

/// Writes a trace as `osprofiler trace show --json` prints it (json.dumps, indent 2), streaming
/// and without recursion, so a 100,000-level chain writes back. Report input is written back
/// as read: the report's ms fields, stats, last_trace_started and payloads are authoritative.
class ReportWriter
{
public:
    /// options.redacted writes every payload through Redaction::payload (report stays valid).
    explicit ReportWriter(const Trace &trace, ExportOptions options = {});
    /// False when the sink refused data, a payload could no longer be read from the file, or
    /// the export was cancelled.
    bool write(const TextSink &sink);
    /// The reason write() returned false.
    const QString &error() const { return m_error; }

private:
    bool flush(const TextSink &sink, bool force);
    void writeSpan(SpanIndex i, int indent);
    void writeEntries(
        std::span<const RawEntry> entries, RawEntry::Scope scope, int indent, bool &first);
    void keyPrefix(int indent, std::string_view key, bool &first);

    const Trace &m_trace;
    ExportOptions m_options;
    std::string m_out;
    QString m_error;
};

} // namespace Osp
