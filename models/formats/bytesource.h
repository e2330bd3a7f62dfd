#pragma once

#include "util/result.h"

#include <QString>

#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace Osp {

/// Streams a trace file through one small reused buffer (never the whole file in memory):
/// a plain file, standard input ("-"), or gzip of either (detected by its magic bytes).
/// Keeps the absolute byte position for error messages and for payload (offset, length)
/// references, and can capture the bytes of one JSON value when they must be kept in memory.
class ByteSource
{
public:
    ~ByteSource();
    ByteSource(const ByteSource &) = delete;
    ByteSource &operator=(const ByteSource &) = delete;

    /// Opens path ("-" = standard input); the error says why not (strerror's words, no path).
    static Result<std::unique_ptr<ByteSource>> open(const QString &path);
    /// A source over bytes already in memory (tests, collectors).
    static std::unique_ptr<ByteSource> fromMemory(std::string bytes);

    /// True when positions are offsets into a regular, uncompressed file that can be pread.
    bool isSeekableFile() const { return m_seekable; }
    /// Duplicates the file descriptor for later pread (only for seekable files).
    int duplicateFd() const;
    bool isCompressed() const { return m_inflating; }
    /// Size of the underlying file, 0 when unknown (pipes).
    uint64_t fileSize() const { return m_fileSize; }
    /// Bytes of the file read so far (compressed bytes for .gz), for progress.
    uint64_t fileBytesRead() const { return m_rawRead; }
    /// Position of the next unread byte in the (decompressed) stream.
    uint64_t position() const
    {
        return m_bufferStart + static_cast<uint64_t>((m_p ? m_p : m_end) - m_begin);
    }
    bool atEnd() const { return m_p == nullptr; }
    char peek() const { return *m_p; }
    /// The unread bytes that are already buffered (for sniffing the format without consuming).
    std::string_view buffered() const
    {
        return m_p ? std::string_view(m_p, static_cast<size_t>(m_end - m_p)) : std::string_view();
    }
    void advance()
    {
        if (++m_p == m_end)
            refill();
    }
    /// Moves past every buffered byte (to the next buffer): scans that only look at bytes.
    void skipBuffered()
    {
        if (m_p) {
            m_p = m_end;
            refill();
        }
    }
    /// An I/O or decompression error that ended the stream early (empty when none).
    const QString &ioError() const { return m_ioError; }

    /// Starts keeping the bytes of a value whose first byte `first` was just consumed.
    void beginCapture(char first);
    /// Ends the capture; returns the bytes since beginCapture (including `first`).
    std::string endCapture();

    /// Input iterator for nlohmann::json::sax_parse: the state lives in the source, so the
    /// copies nlohmann makes all see the same position.
    class Iterator
    {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = char;
        using difference_type = std::ptrdiff_t;
        using pointer = const char *;
        using reference = const char &;
        Iterator() = default;
        explicit Iterator(ByteSource *source)
            : m_source(source)
        { }
        reference operator*() const { return *m_source->m_p; }
        Iterator &operator++()
        {
            m_source->advance();
            return *this;
        }
        void operator++(int) { m_source->advance(); }
        bool operator==(const Iterator &other) const { return current() == other.current(); }

    private:
        const char *current() const { return m_source ? m_source->m_p : nullptr; }
        ByteSource *m_source = nullptr;
    };
    Iterator begin() { return Iterator(this); }
    static Iterator end() { return Iterator(); }

private:
    ByteSource() = default;
    void refill();
    bool readRaw(char *into, size_t capacity, size_t &got);

    int m_fd = -1;
    bool m_ownsFd = false;
    bool m_seekable = false;
    bool m_inflating = false;
    bool m_rawEof = false;
    uint64_t m_fileSize = 0;
    uint64_t m_rawRead = 0;
    std::vector<char> m_buffer;
    std::vector<char> m_rawBuffer; // compressed input when inflating
    size_t m_rawPos = 0;
    size_t m_rawLen = 0;
    struct Inflater;
    std::unique_ptr<Inflater> m_inflater;
    std::string m_memory; // fromMemory()
    const char *m_begin = nullptr;
    const char *m_p = nullptr;
    const char *m_end = nullptr;
    uint64_t m_bufferStart = 0;
    QString m_ioError;
    bool m_capturing = false;
    const char *m_captureFrom = nullptr;
    std::string m_capture;
};

} // namespace Osp
