#include "formats/textlocator.h"

#include "formats/bytesource.h"

#include <QFileInfo>

#include <algorithm>
#include <cstring>

namespace Osp {

namespace {

/// Counts lines and columns over successive chunks of the text.
class Counter
{
public:
    explicit Counter(uint64_t target)
        : m_target(target)
    { }

    /// Feeds the next chunk; true once the target offset is reached.
    bool feed(std::string_view chunk)
    {
        const uint64_t take = std::min<uint64_t>(chunk.size(), m_target - m_at);
        const char *p = chunk.data();
        const char *end = p + take;
        if (m_at == 0)
            m_bom = chunk.substr(0, 3) == std::string_view("\xEF\xBB\xBF");
        while (p < end) {
            const void *nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
            if (!nl)
                break;
            const auto *next = static_cast<const char *>(nl) + 1;
            ++m_position.line;
            m_lineStart = m_at + static_cast<uint64_t>(next - chunk.data());
            p = next;
        }
        m_at += take;
        return m_at == m_target;
    }

    TextLocator::Position position() const
    {
        TextLocator::Position pos = m_position;
        const uint64_t bom = (pos.line == 1 && m_bom && m_target >= 3) ? 3 : 0;
        pos.column = static_cast<int>(m_target - m_lineStart - bom + 1);
        return pos;
    }

private:
    uint64_t m_target;
    uint64_t m_at = 0;
    uint64_t m_lineStart = 0;
    bool m_bom = false;
    TextLocator::Position m_position;
};

} // namespace

TextLocator TextLocator::forFile(const QString &path)
{
    TextLocator l;
    // Not standard input or a pipe: those cannot be read again.
    if (path != QLatin1String("-") && QFileInfo(path).isFile())
        l.m_path = path;
    return l;
}

TextLocator TextLocator::forBytes(std::string_view bytes)
{
    TextLocator l;
    l.m_bytes = bytes;
    l.m_inMemory = true;
    return l;
}

std::optional<TextLocator::Position> TextLocator::locate(uint64_t offset) const
{
    Counter counter(offset);
    if (m_inMemory) {
        if (offset > m_bytes.size())
            return std::nullopt;
        counter.feed(m_bytes);
        return counter.position();
    }
    if (m_path.isEmpty())
        return std::nullopt;
    const Result<std::unique_ptr<ByteSource>> opened = ByteSource::open(m_path);
    if (!opened.ok())
        return std::nullopt;
    ByteSource *src = opened.value().get();
    if (offset == 0)
        return counter.position();
    while (!src->atEnd()) {
        const std::string_view chunk = src->buffered();
        if (counter.feed(chunk))
            return counter.position();
        src->skipBuffered();
    }
    return std::nullopt;
}

QString TextLocator::describe(uint64_t offset) const
{
    const std::optional<Position> pos = locate(offset);
    if (!pos)
        return QStringLiteral("byte %1").arg(offset);
    return QStringLiteral("line %1, column %2 (byte %3)")
        .arg(pos->line)
        .arg(pos->column)
        .arg(offset);
}

} // namespace Osp
