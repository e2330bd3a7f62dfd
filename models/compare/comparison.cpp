#include "compare/comparison.h"

#include "compare/comparisonbuilder.h"

namespace Osp {

std::string Comparison::pathText(uint32_t row, std::string_view separator) const
{
    std::vector<uint32_t> chain;
    for (uint32_t r = row; r != NoRow; r = rows[r].parent)
        chain.push_back(r);
    std::string out;
    for (size_t k = chain.size(); k-- > 0;) {
        out += view(rows[chain[k]].name);
        if (k)
            out += separator;
    }
    return out;
}

Comparison compareTraces(const Trace &a, const Trace &b, const ComparisonOptions &options,
    const std::atomic<bool> *cancel)
{
    return compareTraceSets({ &a }, { &b }, options, cancel);
}

Comparison compareTraceSets(const std::vector<const Trace *> &baseline,
    const std::vector<const Trace *> &candidate, const ComparisonOptions &options,
    const std::atomic<bool> *cancel)
{
    ComparisonBuilder builder(options);
    bool ok = true;
    for (const Trace *t : baseline)
        ok = ok && builder.addTrace(ComparisonSide::A, *t, cancel);
    for (const Trace *t : candidate)
        ok = ok && builder.addTrace(ComparisonSide::B, *t, cancel);
    return builder.finish(cancel); // a cancelled builder returns a cancelled result
}

} // namespace Osp
