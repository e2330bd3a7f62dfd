#include "util/jsontext.h"

#include <cstdint>

namespace Osp::JsonText {

namespace {
const char Hex[] = "0123456789abcdef";

void appendU16(std::string &out, uint32_t unit)
{
    out += "\\u";
    out.push_back(Hex[(unit >> 12) & 0xF]);
    out.push_back(Hex[(unit >> 8) & 0xF]);
    out.push_back(Hex[(unit >> 4) & 0xF]);
    out.push_back(Hex[unit & 0xF]);
}

// Decodes one UTF-8 sequence at s[i]; invalid bytes come back as U+FFFD (the reader only
// accepts valid UTF-8, so this is a safety net, not a path taken).
uint32_t decodeUtf8(std::string_view s, size_t &i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
    uint32_t cp = extra == 3 ? (b0 & 0x07u) : extra == 2 ? (b0 & 0x0Fu) : (b0 & 0x1Fu);
    if (extra == 0 || i + static_cast<size_t>(extra) >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    i += static_cast<size_t>(extra) + 1;
    return cp;
}
} // namespace

void appendString(std::string &out, std::string_view s)
{
    out.push_back('"');
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20)
                    appendU16(out, c);
                else
                    out.push_back(static_cast<char>(c));
            }
            ++i;
            continue;
        }
        const uint32_t cp = decodeUtf8(s, i);
        if (cp >= 0x10000) {
            const uint32_t v = cp - 0x10000;
            appendU16(out, 0xD800 + (v >> 10));
            appendU16(out, 0xDC00 + (v & 0x3FF));
        } else {
            appendU16(out, cp);
        }
    }
    out.push_back('"');
}

void appendReindented(std::string &out, std::string_view json, int baseIndent, int indent)
{
    int level = 0;
    bool inString = false;
    bool justOpened = false; // last token was '{' or '[' (empty containers stay "{}" / "[]")
    auto newline = [&] {
        // Deep values would overflow int arithmetic long before memory: clamp the level.
        appendNewline(
            out, level > MaxIndent ? MaxIndent + baseIndent : baseIndent + level * indent);
    };
    for (size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            out.push_back(c);
            if (c == '\\' && i + 1 < json.size())
                out.push_back(json[++i]);
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            continue;
        case '{':
        case '[':
            if (justOpened) {
                ++level;
                newline();
            }
            out.push_back(c);
            justOpened = true;
            continue;
        case '}':
        case ']':
            if (justOpened) {
                justOpened = false;
            } else {
                --level;
                newline();
            }
            out.push_back(c);
            continue;
        default:
            break;
        }
        if (justOpened) {
            ++level;
            newline();
            justOpened = false;
        }
        if (c == ',') {
            out.push_back(',');
            newline();
        } else if (c == ':') {
            out += ": ";
        } else {
            if (c == '"')
                inString = true;
            out.push_back(c);
        }
    }
}

} // namespace Osp::JsonText
