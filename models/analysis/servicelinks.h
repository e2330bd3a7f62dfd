#pragma once

#include "timelinedrawlist.h"
#include "timelinelayout.h"
#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace Osp {

/// How a call crossed between services.
enum class LinkKind : uint8_t { Http, Rpc };

/// A hop from one service into another: the callee is the entry span of the called service (a
/// "wsgi" span for HTTP, an "rpc" span for a message), the caller its parent span on another
/// service or host. The timeline draws it as an arrow from caller to callee.
struct ServiceLink
{
    SpanIndex caller = NoSpan;
    SpanIndex callee = NoSpan;
    LinkKind kind = LinkKind::Http;
    int64_t fromUs = 0; ///< where the arrow leaves the caller: the call moment inside it
    int64_t toUs = 0; ///< where it reaches the callee: the callee's start
};

/// A link to draw in one frame: pixel ends and the rows they join (several links that land
/// on the same pixels and rows are one item).
struct LinkItem
{
    float x0 = 0; ///< on the caller's row
    float x1 = 0; ///< on the callee's row
    uint32_t callerRow = 0;
    uint32_t calleeRow = 0;
    uint32_t link = 0; ///< index into ServiceLinks::links() of the first link drawn here
    uint32_t count = 1;
    LinkKind kind = LinkKind::Http;
};

/// Every service-to-service hop of a trace, indexed by time so that a frame visits only the
/// links that can be in its window.
class ServiceLinks
{
public:
    /// The kind of call a span enters a service by (its report name is "wsgi…" or "rpc…").
    static std::optional<LinkKind> entryKind(std::string_view reportName);

    /// O(spans). Links are sorted by the earlier of their two ends.
    static ServiceLinks find(const Trace &trace, const std::atomic<bool> *cancel = nullptr);

    const std::vector<ServiceLink> &links() const { return m_links; }
    size_t size() const { return m_links.size(); }
    bool isEmpty() const { return m_links.empty(); }

    /// The links of a timeline frame: culled to the time window (binary search) and to links
    /// whose rows overlap the rows in view, merged when they land on the same pixels.
    /// *visited counts the links looked at (tests, benchmark).
    std::vector<LinkItem> visible(const TimelineLayout &layout, const TimelineRequest &request,
        size_t *visited = nullptr) const;

private:
    std::vector<ServiceLink> m_links;
    std::vector<int64_t> m_maxEnd; ///< running maximum of max(fromUs, toUs)
};

} // namespace Osp
