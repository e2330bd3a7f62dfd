#pragma once

#include <string>
#include <string_view>

namespace Osp::JsonText {

/// Indentation stops growing here: a 100,000-level chain indented in full would be quadratic
/// in size (tens of GB). Real traces (depth < 40) stay well below it and match json.dumps.
inline constexpr int MaxIndent = 240;

/// Starts a new line indented by min(indent, MaxIndent) spaces.
inline void appendNewline(std::string &out, int indent)
{
    out.push_back('\n');
    out.append(static_cast<size_t>(indent < MaxIndent ? indent : MaxIndent), ' ');
}

/// Appends text as a JSON string literal the way Python's json.dumps writes it
/// (ensure_ascii: non-ASCII as \uXXXX), so our output matches OSProfiler's byte for byte.
void appendString(std::string &out, std::string_view utf8);

/// Appends a verbatim JSON value re-indented like json.dumps(indent=N, separators=(",", ": ")),
/// the first line continuing the current one and nested lines at baseIndent + N. Works on the
/// text (no DOM, no recursion), so any nesting depth is fine.
void appendReindented(std::string &out, std::string_view json, int baseIndent, int indent = 2);

} // namespace Osp::JsonText
