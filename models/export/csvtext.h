#pragma once

#include <string>
#include <string_view>

namespace Osp::CsvText {

/// Appends one RFC 4180 field: quoted when it holds a comma, a quote, CR or LF, with quotes
/// doubled. Rows end with "\r\n" (RFC 4180), which every spreadsheet reads.
inline void appendField(std::string &out, std::string_view field)
{
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

inline constexpr std::string_view RowEnd = "\r\n";

} // namespace Osp::CsvText
