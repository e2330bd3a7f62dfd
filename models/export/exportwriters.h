#pragma once

#include "export/exportoptions.h"
#include "export/reportwriter.h"

#include <QString>

namespace Osp {

// The trace exports besides the report itself (ReportWriter); export/traceexport.h is the one
// entry point. Each writes trace to sink as it goes and returns an error when the sink refused
// data (sinkRefused()), a payload could not be read back, or the export was cancelled
// (Error::cancelled()). options.redacted applies Redaction to payloads, summaries and messages.

/// A self-contained HTML report: the OSProfiler report JSON as the literal
/// `var OSProfilerData = {…};` (osprofiler-format.md §3, so ospview and other tools that cut it
/// out reopen the file) and our own small inline script and style that draw every span as a
/// collapsible tree with timeline bars, durations, errors and a details pane. Nothing is
/// loaded from the network.
Result<void> writeHtmlReport(
    const Trace &trace, const ExportOptions &options, const TextSink &sink);

/// Chrome trace event JSON (object form) for Perfetto and chrome://tracing: one complete event
/// ("ph": "X") per span, a process per service and a thread per host, named by metadata
/// events. Complete events on one thread must nest; async children that outlive their parent
/// cannot, so a span that would partly overlap an event on its host's thread goes to the
/// first extra thread of that host where it nests ("host (async 2)"), trying its parent's
/// thread first. Times are µs from the trace start.
Result<void> writeChromeTrace(
    const Trace &trace, const ExportOptions &options, const TextSink &sink);

/// The call graph as Graphviz DOT like `osprofiler trace show --dot`: a "total" node, one node
/// per span labelled "service:name - N ms" plus what it did, an edge from each parent. Unlike
/// the Python CLI it copes with spans without a service or a start event; errors are drawn
/// red and unfinished spans dashed.
Result<void> writeDot(const Trace &trace, const ExportOptions &options, const TextSink &sink);

/// The spans as CSV, one row per span in pre-order (index, parent, ids, name, where it ran,
/// start, duration, self time, unfinished/error state, summary). Times are integer µs;
/// durations are empty for spans missing a start or stop event.
Result<void> writeSpansCsv(const Trace &trace, const ExportOptions &options, const TextSink &sink);

/// The statistics (analysis/statistics) as CSV, grouped by options.statsBy: the table
/// `osptrace stats --format csv` prints.
Result<void> writeStatsCsv(const Trace &trace, const ExportOptions &options, const TextSink &sink);

} // namespace Osp
