#pragma once

#include "export/exportoptions.h"
#include "trace/trace.h"
#include "util/result.h"

#include <functional>
#include <string_view>

namespace Osp {

/// Receives output in chunks; returns false to stop (e.g. a write error).
using TextSink = std::function<bool(std::string_view)>;

/// What every writer returns when its TextSink refused data (Error::Output).
inline Error sinkRefused()
{
    return Error { .kind = Error::Output, .message = QStringLiteral("cannot write the output") };
}

/// Writes a trace as `osprofiler trace show --json` prints it (json.dumps, indent 2), streaming
/// and without recursion, so a 100,000-level chain writes back. Report input is written back
/// as read: the report's ms fields, stats, last_trace_started and payloads are authoritative.
class ReportWriter
{
public:
    /// options.redacted writes every payload through Redaction::payload (report stays valid).
    explicit ReportWriter(const Trace &trace, ExportOptions options = {});
    /// An error when the sink refused data, a payload could no longer be read from the file
    /// (the rest is still written), or the export was cancelled.
    Result<void> write(const TextSink &sink);

private:
    bool flush(const TextSink &sink, bool force);
    void writeSpan(SpanIndex i, int indent);
    void writeEntries(
        std::span<const RawEntry> entries, RawEntry::Scope scope, int indent, bool &first);
    void keyPrefix(int indent, std::string_view key, bool &first);

    const Trace &m_trace;
    ExportOptions m_options;
    std::string m_out;
    std::optional<Error> m_error; ///< the first problem met while writing
};

} // namespace Osp
