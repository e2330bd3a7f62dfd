#pragma once

#include <string>
#include <string_view>

namespace Osp {

/// Removes parameter values from what a trace export contains, so the export can go into a
/// public bug report: SQL `params`, function `args`/`kwargs`, the `result`/`results` that
/// `hide_result=False` records, request `query` strings, URL query strings in any text, and the
/// `[parameters: …]` part of SQLAlchemy error messages. Structure, statements, paths, names
/// and timings stay. Everything works on text, without recursion, so any nesting is fine.
namespace Redaction {

/// What replaces a removed value.
inline constexpr std::string_view Marker = "<redacted>";

/// A raw payload (any JSON value, as stored in the report) with the values above replaced by
/// the string "<redacted>"; empty values ("", [], {}, null) are kept: they tell nothing.
std::string payload(std::string_view json);

/// Free text (an exception message, a log line): URL query strings and SQLAlchemy
/// `[parameters: …]` replaced. Also safe on the escaped inside of a JSON string literal.
std::string text(std::string_view s);

/// A span's one-line summary ("GET /v2/images?name=x", an SQL statement, a function name):
/// the request's query string and anything text() removes.
std::string summary(std::string_view s);

} // namespace Redaction
} // namespace Osp
