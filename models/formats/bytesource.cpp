#include "formats/bytesource.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Osp {

namespace {
constexpr size_t BufferSize = 256 * 1024;
}

struct ByteSource::Inflater
{
    z_stream stream {};
    bool ended = false;
};

ByteSource::~ByteSource()
{
    if (m_inflater)
        inflateEnd(&m_inflater->stream);
    if (m_ownsFd && m_fd >= 0)
        ::close(m_fd);
}

Result<std::unique_ptr<ByteSource>> ByteSource::open(const QString &path)
{
    std::unique_ptr<ByteSource> src(new ByteSource);
    if (path == QLatin1String("-")) {
        src->m_fd = STDIN_FILENO;
    } else {
        const QByteArray native = path.toLocal8Bit();
        src->m_fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
        if (src->m_fd < 0) {
            return Error { .message = QString::fromLocal8Bit(std::strerror(errno)) };
        }
        src->m_ownsFd = true;
    }
    struct stat st
    {
    };
    if (::fstat(src->m_fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            return Error { .message = QStringLiteral("is a directory, not a trace file") };
        }
        if (S_ISREG(st.st_mode)) {
            src->m_fileSize = static_cast<uint64_t>(st.st_size);
            src->m_seekable = true;
            ::posix_fadvise(src->m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        }
    }
    src->m_buffer.resize(BufferSize);

    // Peek at the first bytes to decide between plain and gzip.
    src->m_rawBuffer.resize(BufferSize);
    size_t got = 0;
    if (!src->readRaw(src->m_rawBuffer.data(), BufferSize, got)) {
        return Error { .message = src->m_ioError };
    }
    src->m_rawLen = got;
    const auto *bytes = reinterpret_cast<const unsigned char *>(src->m_rawBuffer.data());
    if (got >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) {
        src->m_inflating = true;
        src->m_seekable = false;
        src->m_inflater = std::make_unique<Inflater>();
        if (inflateInit2(&src->m_inflater->stream, 15 + 32) != Z_OK) {
            return Error { .message = QStringLiteral("cannot initialise gzip decompression") };
        }
        src->refill();
    } else {
        // Plain: the first raw chunk is the first buffer.
        src->m_buffer.swap(src->m_rawBuffer);
        src->m_rawBuffer.clear();
        src->m_begin = src->m_p = src->m_buffer.data();
        src->m_end = src->m_begin + got;
        if (got == 0)
            src->m_p = nullptr;
    }
    return src;
}

std::unique_ptr<ByteSource> ByteSource::fromMemory(std::string bytes)
{
    std::unique_ptr<ByteSource> src(new ByteSource);
    src->m_memory = std::move(bytes);
    src->m_fileSize = src->m_memory.size();
    src->m_rawRead = src->m_memory.size();
    src->m_begin = src->m_p = src->m_memory.data();
    src->m_end = src->m_begin + src->m_memory.size();
    if (src->m_memory.empty())
        src->m_p = nullptr;
    return src;
}

int ByteSource::duplicateFd() const
{
    return m_seekable ? ::fcntl(m_fd, F_DUPFD_CLOEXEC, 0) : -1;
}

bool ByteSource::readRaw(char *into, size_t capacity, size_t &got)
{
    got = 0;
    if (m_rawEof || m_fd < 0)
        return true;
    for (;;) {
        const ssize_t n = ::read(m_fd, into, capacity);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            m_ioError
                = QStringLiteral("read error: ") + QString::fromLocal8Bit(std::strerror(errno));
            m_rawEof = true;
            return false;
        }
        if (n == 0)
            m_rawEof = true;
        got = static_cast<size_t>(n);
        m_rawRead += got;
        return true;
    }
}

void ByteSource::refill()
{
    if (m_capturing && m_captureFrom)
        m_capture.append(m_captureFrom, static_cast<size_t>(m_end - m_captureFrom));
    m_bufferStart += static_cast<uint64_t>(m_end - m_begin);
    size_t got = 0;
    if (!m_inflating) {
        if (!m_memory.empty() || m_fd < 0 || !readRaw(m_buffer.data(), m_buffer.size(), got))
            got = 0;
    } else {
        z_stream &z = m_inflater->stream;
        while (got == 0) {
            if (m_rawPos == m_rawLen) {
                if (m_rawEof)
                    break;
                size_t n = 0;
                if (!readRaw(m_rawBuffer.data(), m_rawBuffer.size(), n))
                    break;
                m_rawPos = 0;
                m_rawLen = n;
                if (n == 0)
                    continue;
            }
            if (m_inflater->ended) { // concatenated gzip members
                inflateReset(&z);
                m_inflater->ended = false;
            }
            z.next_in = reinterpret_cast<Bytef *>(m_rawBuffer.data() + m_rawPos);
            z.avail_in = static_cast<uInt>(m_rawLen - m_rawPos);
            z.next_out = reinterpret_cast<Bytef *>(m_buffer.data());
            z.avail_out = static_cast<uInt>(m_buffer.size());
            const int rc = inflate(&z, Z_NO_FLUSH);
            m_rawPos = m_rawLen - z.avail_in;
            got = m_buffer.size() - z.avail_out;
            if (rc == Z_STREAM_END) {
                m_inflater->ended = true;
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                m_ioError = QStringLiteral("gzip data is corrupt (")
                    + QString::fromLatin1(z.msg ? z.msg : "inflate failed") + QLatin1Char(')');
                break;
            }
        }
        if (got == 0 && m_ioError.isEmpty() && !m_inflater->ended && m_rawEof)
            m_ioError = QStringLiteral("gzip stream ends early (truncated .gz file)");
    }
    m_begin = m_buffer.data();
    m_end = m_begin + got;
    m_p = got ? m_begin : nullptr;
    if (m_capturing)
        m_captureFrom = m_p;
}

void ByteSource::beginCapture(char first)
{
    m_capturing = true;
    m_capture.assign(1, first);
    m_captureFrom = m_p;
}

std::string ByteSource::endCapture()
{
    if (m_captureFrom && m_p)
        m_capture.append(m_captureFrom, static_cast<size_t>(m_p - m_captureFrom));
    else if (m_captureFrom && !m_p) {
        // Stream ended right after the value; refill() already saved the bytes.
    }
    m_capturing = false;
    m_captureFrom = nullptr;
    return std::move(m_capture);
}

} // namespace Osp
