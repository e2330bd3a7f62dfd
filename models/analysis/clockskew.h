#pragma once

#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace Osp {

/// A child on another host than its parent whose recorded times break a constraint that must
/// hold (it starts before its parent, or, as a synchronous call, ends after it), on a pair of
/// hosts whose clocks disagree.
struct SkewedSpan
{
    SpanIndex span = NoSpan;
    SpanIndex parent = NoSpan;
    int64_t startsBeforeUs = 0; ///< > 0: the child started this long before its parent
    int64_t endsAfterUs = 0; ///< > 0: the synchronous child ended this long after its parent
};

/// How far one host's clock runs ahead of the reference host's (negative: behind), as the
/// interval every constraint allows and a point inside it.
struct HostOffset
{
    static constexpr int64_t Unbounded = std::numeric_limits<int64_t>::max();

    StringId host = NoString;
    StringId reference = NoString; ///< the host the offset is measured against
    int64_t offsetUs = 0; ///< the estimate: the middle of [minUs, maxUs] (a bound if one is open)
    int64_t minUs = -Unbounded; ///< -Unbounded: no lower bound
    int64_t maxUs = Unbounded; ///< Unbounded: no upper bound
    size_t pairs = 0; ///< parent/child pairs between the hosts on the way from the reference
    bool consistent = true; ///< false: no single offset satisfies every start constraint
};

/// Clock skew between hosts (OSProfiler never corrects it), estimated from constraints that
/// must hold whatever the clocks say: a child starts after its parent starts, and a synchronous
/// child also ends before its parent ends (a cast or other async child may outlive its
/// caller). For each pair of hosts with calls between them, the start constraints of both
/// directions bound the offset; an end constraint counts as synchronous when it agrees with
/// them (a cast that outlives its caller contradicts them and is left out). A host is reported
/// only when no offset within the tolerance of zero satisfies its constraints: then the
/// interval is given, chained from the reference host through the calls.
struct ClockSkew
{
    /// Offsets this close to zero are not reported: timestamps are microseconds, but
    /// scheduling between a parent's start and its child's is not instant either.
    static constexpr int64_t ToleranceUs = 1000;

    std::vector<HostOffset> hosts; ///< skewed hosts only; empty when the clocks agree
    std::vector<SkewedSpan> spans; ///< in pre-order; only between hosts found skewed
    StringId reference = NoString; ///< the first top-level span's host
    bool cancelled = false;

    bool any() const { return !hosts.empty(); }
    /// The offset of host against the reference (0 for hosts not reported).
    int64_t offsetOf(StringId host) const;

    static ClockSkew compute(const Trace &trace, const std::atomic<bool> *cancel = nullptr);

    /// "cmp-09 runs 251.7 ms ahead of ctl-05 (247.5 ms to 255.8 ms, from 5 pairs)": the one
    /// sentence the GUI, `osptrace skew` and `osptrace show` say about a skewed host.
    static std::string describe(const Trace &trace, const HostOffset &offset);
};

} // namespace Osp
