#pragma once

#include "export/reportwriter.h"

namespace Osp {

/// The indented call tree that `osptrace show --format text` prints: one line per span with
/// duration, self time, where it ran, what it did, and its error or unfinished state.
class TextWriter
{
public:
    explicit TextWriter(const Trace &trace);
    /// sinkRefused() when the sink refused data.
    Result<void> write(const TextSink &sink);

private:
    const Trace &m_trace;
};

} // namespace Osp
