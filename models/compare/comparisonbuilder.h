#pragma once

#include "compare/comparison.h"

#include <memory>

namespace Osp {

/// Builds a Comparison one trace at a time, so a caller can load, add and drop the traces of
/// a long run (80 Rally iterations) without holding them all. O(spans) per trace: one hash
/// probe per span keyed by (aligned parent, name, service, work key), no recursion.
class ComparisonBuilder
{
public:
    explicit ComparisonBuilder(const ComparisonOptions &options = {});
    ~ComparisonBuilder();
    ComparisonBuilder(const ComparisonBuilder &) = delete;
    ComparisonBuilder &operator=(const ComparisonBuilder &) = delete;

    /// Aligns trace into the tree; false when cancelled (the builder is then unusable).
    bool addTrace(
        ComparisonSide side, const Trace &trace, const std::atomic<bool> *cancel = nullptr);
    /// The figures, rows in pre-order and the impact order. Call once.
    Comparison finish(const std::atomic<bool> *cancel = nullptr);

private:
    class Private;
    std::unique_ptr<Private> m_d;
};

} // namespace Osp
