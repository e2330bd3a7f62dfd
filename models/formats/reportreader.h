#pragma once

#include "formats/bytesource.h"
#include "trace/loadresult.h"
#include "trace/tracebuilder.h"

namespace Osp {

/// Streams an `osprofiler trace show --json` report (osprofiler-format.md §2) from a
/// ByteSource into a TraceBuilder with nlohmann's SAX interface: no DOM of the file. Raw
/// payloads and unknown keys are kept verbatim as (offset, length) in the file, or in the
/// arena when the source cannot be read again.
class ReportReader
{
public:
    /// Where the JSON starts in the file, for line numbers of embedded reports (HTML).
    struct Origin
    {
        int line = 1;
        int column = 1;
    };

    ReportReader(ByteSource &source, TraceBuilder &builder, const LoadOptions &options);

    /// Reads one report value. strict=false stops after the value (for the HTML report, where
    /// the page continues). The error has a byte offset and, where nlohmann told, line and
    /// column; no file name (the loader adds it).
    Result<void> read(bool strict, Origin origin);
    /// True when the error is the input ending early (a truncated file: partial result).
    bool truncated() const { return m_truncated; }

private:
    ByteSource &m_source;
    TraceBuilder &m_builder;
    const LoadOptions &m_options;
    bool m_truncated = false;
};

} // namespace Osp
