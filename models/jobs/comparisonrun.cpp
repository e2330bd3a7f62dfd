#include "jobs/comparisonrun.h"

#include "compare/comparisonbuilder.h"
#include "formats/traceloader.h"
#include "util/cancellation.h"

#include <QFileInfo>

namespace Osp {

ComparisonRunResult runComparison(const std::vector<ComparisonInput> &baseline,
    const std::vector<ComparisonInput> &candidate, const ComparisonOptions &options,
    const std::function<void(int, const QString &)> &progress, const std::atomic<bool> *cancel)
{
    ComparisonRunResult result;
    if (baseline.empty() || candidate.empty()) {
        result.error = QStringLiteral("a comparison needs at least one trace on each side");
        return result;
    }
    const bool oneToOne = baseline.size() == 1 && candidate.size() == 1;
    // Loading dominates (ten times the alignment at 1M spans): it gets 95 % of the bar.
    constexpr int LoadingShare = ProgressMax * 95 / 100;
    const size_t total = baseline.size() + candidate.size();
    size_t done = 0;
    const auto report = [&](int permilleOfInput, const QString &what) {
        if (progress)
            progress(int((double(done) + double(permilleOfInput) / ProgressMax) * LoadingShare
                         / double(total)),
                what);
    };
    ComparisonBuilder builder(options);
    for (const auto &[side, inputs] : { std::pair { ComparisonSide::A, &baseline },
             std::pair { ComparisonSide::B, &candidate } }) {
        for (const ComparisonInput &input : *inputs) {
            TracePtr trace = input.trace;
            const QString name = QFileInfo(input.path).fileName();
            const QString what
                = QStringLiteral("%1 %2 of %3: %4")
                      .arg(side == ComparisonSide::A ? QStringLiteral("baseline")
                                                     : QStringLiteral("candidate"))
                      .arg(done + 1 - (side == ComparisonSide::B ? baseline.size() : 0))
                      .arg(inputs->size())
                      .arg(name.isEmpty() ? input.path : name);
            report(0, what);
            if (!trace) {
                LoadOptions lo;
                lo.cancel = cancel;
                lo.progress = [&](int permille) { report(permille, what); };
                const LoadResult loaded = loadTraceFile(input.path, lo);
                if (loaded.cancelled() || isCancelled(cancel)) {
                    result.cancelled = true;
                    return result;
                }
                if (!loaded.ok()) {
                    result.error = loaded.error().toString();
                    return result;
                }
                trace = loaded.value();
                if (const std::optional<Error> &stopped = trace->partialError())
                    result.warnings << stopped->toString();
            }
            if (!builder.addTrace(side, *trace, cancel)) {
                result.cancelled = true;
                return result;
            }
            if (oneToOne)
                (side == ComparisonSide::A ? result.a : result.b) = trace;
            ++done;
        }
    }
    if (progress)
        progress(LoadingShare + 10, QStringLiteral("aligning call paths"));
    auto comparison = std::make_shared<Comparison>(builder.finish(cancel));
    if (comparison->cancelled) {
        result.cancelled = true;
        result.a.reset();
        result.b.reset();
        return result;
    }
    result.comparison = std::move(comparison);
    if (progress)
        progress(ProgressMax, QString());
    return result;
}

} // namespace Osp
