#include "trace/stringpool.h"

#include <cstring>

namespace Osp {

namespace {
constexpr size_t BlockSize = 256 * 1024;
}

char *StringPool::allocate(size_t bytes)
{
    if (bytes > BlockSize / 4) { // big texts get a block of their own
        m_blocks.insert(m_blocks.begin(), std::make_unique<char[]>(bytes));
        m_totalBytes += bytes;
        return m_blocks.front().get();
    }
    if (m_blocks.empty() || m_blockUsed + bytes > m_blockSize) {
        m_blocks.push_back(std::make_unique<char[]>(BlockSize));
        m_blockSize = BlockSize;
        m_blockUsed = 0;
        m_totalBytes += BlockSize;
    }
    char *p = m_blocks.back().get() + m_blockUsed;
    m_blockUsed += bytes;
    return p;
}

StringId StringPool::intern(std::string_view text)
{
    if (auto it = m_ids.find(text); it != m_ids.end())
        return it->second;
    char *p = allocate(text.size() ? text.size() : 1);
    if (!text.empty())
        std::memcpy(p, text.data(), text.size());
    const std::string_view stored(p, text.size());
    const auto id = static_cast<StringId>(m_views.size());
    m_views.push_back(stored);
    m_ids.emplace(stored, id);
    return id;
}

StringId StringPool::find(std::string_view text) const
{
    auto it = m_ids.find(text);
    return it == m_ids.end() ? NoString : it->second;
}

size_t StringPool::bytesUsed() const
{
    return m_totalBytes + m_views.capacity() * sizeof(std::string_view)
        + m_ids.size() * (sizeof(std::string_view) + sizeof(StringId) + 2 * sizeof(void *));
}

} // namespace Osp
