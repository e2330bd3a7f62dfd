#pragma once

#include "compare/comparison.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace Osp {

/// One input of a comparison: a trace file to load, or a trace already loaded (the open tab,
/// a collector entry).
struct ComparisonInput
{
    QString path; ///< file to load when trace is null; also the name shown
    TracePtr trace;
};

/// What the GUI's comparison tab needs: the comparison, and with one trace per side the two
/// traces for the side-by-side timelines.
struct ComparisonRunResult
{
    std::shared_ptr<const Comparison> comparison; ///< null on error or cancel
    TracePtr a; ///< set only for a one-to-one comparison
    TracePtr b;
    QString error; ///< names the file and the place
    QStringList warnings; ///< partial traces that were still compared
    bool cancelled = false;
};

/// Loads the inputs one at a time and aligns them (ComparisonBuilder), so a run of 80
/// iterations never holds more than one trace (plus the two kept for a one-to-one
/// comparison). progress(permille, what) is called from the calling thread now and then, with
/// 0..ProgressMax (what fits JobToken::setProgress); cancel is checked inside loading and
/// alignment (isCancelled). Run it off the GUI thread.
ComparisonRunResult runComparison(const std::vector<ComparisonInput> &baseline,
    const std::vector<ComparisonInput> &candidate, const ComparisonOptions &options = {},
    const std::function<void(int permille, const QString &what)> &progress = {},
    const std::atomic<bool> *cancel = nullptr);

} // namespace Osp
