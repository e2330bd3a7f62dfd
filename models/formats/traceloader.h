#pragma once

#include "trace/loadresult.h"

#include <string>

namespace Osp {

/// Opens any trace file ospview reads: an OSProfiler report (`trace show --json`), an
/// OSProfiler HTML report (the `var OSProfilerData = {…}` literal), `.gz` of either, or "-"
/// for standard input. Runs on the calling thread; call it from a worker (DESIGN.md, Threads).
LoadResult loadTraceFile(const QString &path, const LoadOptions &options = {});

/// The same for bytes already in memory (tests, pasted text).
LoadResult loadTraceBytes(std::string bytes, const QString &name, const LoadOptions &options = {});

} // namespace Osp
