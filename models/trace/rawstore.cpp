#include "trace/rawstore.h"

#include <algorithm>
#include <cstring>
#include <unistd.h>

namespace Osp {

namespace {
constexpr size_t ChunkSize = 4 * 1024 * 1024;
}

RawStore::~RawStore()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

RawStore::RawStore(RawStore &&other) noexcept
    : m_chunks(std::move(other.m_chunks))
    , m_arenaSize(other.m_arenaSize)
    , m_fd(other.m_fd)
{
    other.m_fd = -1;
    other.m_arenaSize = 0;
}

RawStore &RawStore::operator=(RawStore &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_chunks = std::move(other.m_chunks);
        m_arenaSize = other.m_arenaSize;
        m_fd = other.m_fd;
        other.m_fd = -1;
        other.m_arenaSize = 0;
    }
    return *this;
}

void RawStore::attachFile(int fd)
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd;
}

RawRef RawStore::append(std::string_view text)
{
    if (m_chunks.empty() || m_chunks.back().used + text.size() > m_chunks.back().capacity) {
        const size_t capacity = std::max(ChunkSize, text.size());
        m_chunks.push_back({ m_arenaSize, capacity, 0, std::make_unique<char[]>(capacity) });
    }
    Chunk &chunk = m_chunks.back();
    if (!text.empty())
        std::memcpy(chunk.data.get() + chunk.used, text.data(), text.size());
    RawRef ref { chunk.start + chunk.used, static_cast<uint32_t>(text.size()), true };
    chunk.used += text.size();
    // Offsets are contiguous only within a chunk; the unused tail of the previous chunk is
    // skipped by starting the next chunk at the end of this one's capacity.
    m_arenaSize = chunk.start + chunk.capacity;
    return ref;
}

std::string RawStore::read(const RawRef &ref, bool *ok) const
{
    if (ok)
        *ok = true;
    std::string out;
    if (ref.inArena) {
        auto it = std::upper_bound(m_chunks.begin(), m_chunks.end(), ref.offset,
            [](uint64_t off, const Chunk &c) { return off < c.start; });
        if (it == m_chunks.begin()) {
            if (ok)
                *ok = false;
            return out;
        }
        --it;
        out.assign(it->data.get() + (ref.offset - it->start), ref.length);
        return out;
    }
    out.resize(ref.length);
    size_t done = 0;
    while (done < ref.length) {
        const ssize_t n = ::pread(
            m_fd, out.data() + done, ref.length - done, static_cast<off_t>(ref.offset + done));
        if (n <= 0) {
            if (ok)
                *ok = false;
            out.resize(done);
            return out;
        }
        done += static_cast<size_t>(n);
    }
    return out;
}

} // namespace Osp
