#pragma once

#include "geometry/timelinedrawlist.h"
#include "geometry/timelinelayout.h"
#include "trace/trace.h"

#include <algorithm>
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

/// Every service-to-service hop of a trace, in time order (LinkIndex arranges them for one
/// timeline layout).
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

private:
    std::vector<ServiceLink> m_links;
};

/// The links of one timeline layout grouped by the rows they join (and their kind), each
/// group in time order with a running maximum end. A frame walks only the groups whose rows
/// cross the view, binary-searches its time window and jumps a pixel at a time, so it costs
/// what it draws, not how many links there are (a million-span trace has 10⁵ of them).
class LinkIndex
{
public:
    static LinkIndex build(const ServiceLinks &links, const TimelineLayout &layout);

    size_t groupCount() const { return m_groups.size(); }

    /// The links of a timeline frame: those whose time and rows meet the view, one item per
    /// pixel of a group (the first link there stands for the rest; count says how many).
    /// Past maxItems (0: no limit), links merge over buckets of 4 and then 16 pixels; if
    /// that is still too many, nothing is returned and *overflow is set: a picture of
    /// 10⁴ crossing lines says nothing (zoom in, or see one span's links: linksOf).
    /// *visited counts the links looked at.
    std::vector<LinkItem> visible(const TimelineRequest &request, size_t maxItems = 0,
        size_t *visited = nullptr, bool *overflow = nullptr) const;
    /// The links that leave or enter one span, drawn for the request's mapping.
    std::vector<LinkItem> linksOf(SpanIndex span, const TimelineRequest &request) const;

private:
    struct Group
    {
        uint32_t callerRow = 0, calleeRow = 0;
        uint32_t begin = 0, end = 0; ///< entries [begin, end)
        LinkKind kind = LinkKind::Http;
        uint32_t topRow() const { return std::min(callerRow, calleeRow); }
        uint32_t bottomRow() const { return std::max(callerRow, calleeRow); }
    };
    std::vector<Group> m_groups; ///< by top row
    std::vector<uint32_t> m_link; ///< ServiceLinks index, grouped, by start within a group
    std::vector<int64_t> m_fromUs, m_toUs;
    std::vector<int64_t> m_startUs; ///< min(from, to)
    std::vector<int64_t> m_maxEnd; ///< running max of max(from, to) within the group
    /// (span, entry) for both ends of every link, by span: linksOf is a binary search.
    std::vector<std::pair<SpanIndex, uint32_t>> m_bySpan;
    std::vector<uint32_t> m_groupOf; ///< per entry

    LinkItem itemFor(size_t entry, const Group &group, const TimeMapping &mapping) const;
    /// One pass at a bucket width; false (given up) once more than maxItems (0: no limit).
    bool walk(const TimelineRequest &request, double bucketPx, size_t maxItems,
        std::vector<LinkItem> &out, size_t &looked) const;
};

} // namespace Osp
