#pragma once

#include "geometry/drawlist.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace Osp {

/// The last few draw lists by request (range, width, rows…): repaints for hover, selection or
/// a returning zoom reuse them instead of building again (DESIGN.md: cache the draw list for
/// (range, width)). `generation` invalidates everything when the layout or trace changes.
template <typename Request> class DrawListCache
{
public:
    explicit DrawListCache(size_t capacity = 4)
        : m_capacity(capacity)
    { }

    /// The cached list for request, or null.
    std::shared_ptr<const DrawList> find(const Request &request, uint64_t generation)
    {
        if (generation != m_generation) {
            m_entries.clear();
            m_generation = generation;
        }
        for (size_t i = 0; i < m_entries.size(); ++i) {
            if (m_entries[i].first == request) {
                ++m_hits;
                // Most recently used goes last.
                auto e = std::move(m_entries[i]);
                m_entries.erase(m_entries.begin() + std::ptrdiff_t(i));
                m_entries.push_back(std::move(e));
                return m_entries.back().second;
            }
        }
        ++m_misses;
        return nullptr;
    }

    std::shared_ptr<const DrawList> insert(const Request &request, DrawList list)
    {
        if (m_entries.size() >= m_capacity)
            m_entries.erase(m_entries.begin());
        m_entries.emplace_back(request, std::make_shared<const DrawList>(std::move(list)));
        return m_entries.back().second;
    }

    void clear() { m_entries.clear(); }
    uint64_t hits() const { return m_hits; }
    uint64_t misses() const { return m_misses; }

private:
    size_t m_capacity;
    uint64_t m_generation = 0;
    uint64_t m_hits = 0;
    uint64_t m_misses = 0;
    std::vector<std::pair<Request, std::shared_ptr<const DrawList>>> m_entries;
};

} // namespace Osp
