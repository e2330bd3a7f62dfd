#pragma once

#include <QString>

#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace Osp {

using StringId = uint32_t;
inline constexpr StringId NoString = 0xFFFFFFFFu;

/// Interns the few distinct texts of a trace (names, services, hosts, SQL statements) once,
/// so a span holds 4-byte ids instead of strings (DESIGN.md, Core data).
class StringPool
{
public:
    StringPool() = default;
    StringPool(const StringPool &) = delete;
    StringPool &operator=(const StringPool &) = delete;
    StringPool(StringPool &&) = default;
    StringPool &operator=(StringPool &&) = default;

    StringId intern(std::string_view text);
    /// Empty for NoString.
    std::string_view view(StringId id) const
    {
        return id == NoString ? std::string_view() : m_views[id];
    }
    QString text(StringId id) const
    {
        const std::string_view v = view(id);
        return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
    }
    /// The id of text if it was interned, else NoString.
    StringId find(std::string_view text) const;
    size_t size() const { return m_views.size(); }
    size_t bytesUsed() const;

private:
    char *allocate(size_t bytes);

    std::vector<std::string_view> m_views;
    std::unordered_map<std::string_view, StringId> m_ids;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    size_t m_blockUsed = 0;
    size_t m_blockSize = 0;
    size_t m_totalBytes = 0;
};

} // namespace Osp
