#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace Osp {

/// Where one verbatim JSON value lives: in the trace file (read back with pread, DESIGN.md:
/// payloads are cold data) or in the in-memory arena (stdin, .gz, collectors, scalars).
struct RawRef
{
    uint64_t offset = 0;
    uint32_t length = 0;
    bool inArena = false;
};

/// Keeps the cold JSON texts of a trace: raw payloads and every key the reader does not model,
/// so that writing the report back reproduces the input as data.
class RawStore
{
public:
    RawStore() = default;
    ~RawStore();
    RawStore(const RawStore &) = delete;
    RawStore &operator=(const RawStore &) = delete;
    RawStore(RawStore &&other) noexcept;
    RawStore &operator=(RawStore &&other) noexcept;

    /// Takes ownership of an open file descriptor that file-backed refs point into.
    void attachFile(int fd);
    bool hasFile() const { return m_fd >= 0; }
    RawRef append(std::string_view text);
    /// The text of ref; empty with ok=false when the file can no longer be read.
    std::string read(const RawRef &ref, bool *ok = nullptr) const;
    size_t arenaBytes() const { return m_arenaSize; }

private:
    struct Chunk
    {
        uint64_t start;
        size_t capacity;
        size_t used;
        std::unique_ptr<char[]> data;
    };
    std::vector<Chunk> m_chunks;
    uint64_t m_arenaSize = 0;
    int m_fd = -1;
};

} // namespace Osp
