#pragma once

#include "export/exportoptions.h"
#include "export/reportwriter.h"

#include <QString>

#include <string>

namespace Osp {

/// Collects an export's text and hands it to a TextSink in ~1 MiB chunks, so writers build
/// strings without one allocation for the whole output (DESIGN.md: fresh memory is expensive),
/// and reports progress and cancellation between spans.
class BufferedSink
{
public:
    BufferedSink(const TextSink &sink, const ExportOptions &options)
        : m_sink(sink)
        , m_options(options)
    {
        m_out.reserve(ChunkBytes + 64 * 1024);
    }
    std::string &out() { return m_out; }
    /// After each of total spans: passes a full chunk on and checks for cancellation; an
    /// error when the sink refused data or the export was cancelled.
    Result<void> next(size_t done, size_t total)
    {
        if (m_out.size() >= ChunkBytes && !pass())
            return sinkRefused();
        if (!m_options.step(done, total))
            return Error::cancelled();
        return {};
    }
    /// Passes on what is left; an error when the sink refused it.
    Result<void> finish()
    {
        if (!pass())
            return sinkRefused();
        return {};
    }

private:
    bool pass()
    {
        const bool ok = m_out.empty() || m_sink(m_out);
        m_out.clear();
        return ok;
    }

    static constexpr size_t ChunkBytes = 1 << 20;
    const TextSink &m_sink;
    const ExportOptions &m_options;
    std::string m_out;
};

} // namespace Osp
