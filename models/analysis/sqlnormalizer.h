#pragma once

#include <string>
#include <string_view>

namespace Osp {

/// Reduces an SQL statement to its shape, so the same query with other values compares equal
/// (repeated work, comparison of two traces): string and number literals, `%(x)s`, `%s`, `?`,
/// `$1` and `:name` placeholders become `?`; `IN (…)` lists of values collapse to `IN (?)`;
/// whitespace collapses to single spaces (none inside parentheses or before commas, one after
/// commas); keywords are upper-cased. Identifiers, quoted or not, are kept as written.
class SqlNormalizer
{
public:
    static std::string normalize(std::string_view sql);
    /// True when text starts with an SQL statement keyword (SELECT, INSERT, UPDATE, …).
    static bool looksLikeSql(std::string_view text);
};

} // namespace Osp
