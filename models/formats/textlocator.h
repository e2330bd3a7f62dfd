#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <string_view>

namespace Osp {

/// Line and column of a byte offset in a trace's text, for messages. The streaming readers do
/// not count lines as they go (that would cost on every byte of a gigabyte file); a message
/// needs a place rarely — an error, the first of a kind of odd data — so the text is read
/// again from its start then, only up to that offset (a .gz is decompressed again).
class TextLocator
{
public:
    struct Position
    {
        int line = 1; ///< 1-based
        int column = 1; ///< 1-based, in bytes; a leading byte order mark does not count
    };

    /// No way to read the text again (standard input): only byte offsets are told.
    TextLocator() = default;
    /// The file at path, opened again when a place is asked for.
    static TextLocator forFile(const QString &path);
    /// Text that stays in memory while the locator is used.
    static TextLocator forBytes(std::string_view bytes);

    std::optional<Position> locate(uint64_t offset) const;
    /// "line 12, column 5 (byte 345)", or "byte 345" when the text cannot be read again.
    QString describe(uint64_t offset) const;

private:
    QString m_path;
    std::string_view m_bytes;
    bool m_inMemory = false;
};

} // namespace Osp
