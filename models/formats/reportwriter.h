#pragma once

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
    explicit ReportWriter(const Trace &trace);
    /// False when the sink refused data or a payload could no longer be read from the file.
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
    std::string m_out;
    QString m_error;
};

} // namespace Osp
