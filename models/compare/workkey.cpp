#include "compare/workkey.h"

#include "analysis/sqlnormalizer.h"

namespace Osp {

namespace {

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isUuid(std::string_view s)
{
    if (s.size() != 36)
        return false;
    for (size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isHex(s[i]))
            return false;
    }
    return true;
}

bool isHex32(std::string_view s)
{
    if (s.size() != 32)
        return false;
    for (char c : s) {
        if (!isHex(c))
            return false;
    }
    return true;
}

bool isNumber(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

/// An HTTP method token: what the wsgi and `requests` summaries start with.
bool isMethod(std::string_view s)
{
    if (s.empty() || s.size() > 10)
        return false;
    for (char c : s) {
        if (c < 'A' || c > 'Z')
            return false;
    }
    return true;
}

} // namespace

bool WorkKey::isDbSpanName(std::string_view name)
{
    return name == "db" || (name.size() > 3 && name.substr(name.size() - 3) == ".db");
}

std::string WorkKey::normalizePath(std::string_view path, bool foldNumbers)
{
    const size_t cut = path.find_first_of("?#");
    if (cut != std::string_view::npos)
        path = path.substr(0, cut);
    std::string out;
    out.reserve(path.size());
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        if (slash == std::string_view::npos)
            slash = path.size();
        const std::string_view segment = path.substr(pos, slash - pos);
        // Neutron's API takes a format suffix: /v2.0/ports/<uuid>.json is the same resource.
        const size_t dot = segment.find('.');
        const std::string_view stem = segment.substr(0, dot);
        const std::string_view suffix
            = dot == std::string_view::npos ? std::string_view() : segment.substr(dot);
        if (isUuid(stem) || isHex32(stem))
            (out += "{id}") += suffix;
        else if (foldNumbers && isNumber(stem) // "42.json" folds; a version like "2.0" stays
            && !isNumber(suffix.substr(std::min<size_t>(1, suffix.size()))))
            (out += "{n}") += suffix;
        else
            out += segment;
        if (slash < path.size())
            out += '/';
        pos = slash + 1;
    }
    return out;
}

std::string WorkKey::fromSummary(std::string_view summary, bool isSql, bool foldNumbers)
{
    if (summary.empty())
        return {};
    if (isSql)
        return SqlNormalizer::normalize(summary);
    // "METHOD /path?query" (wsgi; the method may be missing) or "METHOD scheme://host/path"
    // (requests). Anything else is a function name, kept as written. The HTTP forms are
    // recognised before SQL: "DELETE /v2.0/ports/…" is a request, not a statement.
    const size_t space = summary.find(' ');
    const bool methodForm
        = space != std::string_view::npos && (space == 0 || isMethod(summary.substr(0, space)));
    if (methodForm && space + 1 < summary.size() && summary[space + 1] == '/')
        return std::string(summary.substr(0, space)) + ' '
            + normalizePath(summary.substr(space + 1), foldNumbers);
    if (SqlNormalizer::looksLikeSql(summary))
        return SqlNormalizer::normalize(summary);
    if (methodForm) {
        const std::string_view method = summary.substr(0, space);
        const std::string_view target = summary.substr(space + 1);
        const size_t scheme = target.find("://");
        const size_t hostStart = scheme == std::string_view::npos ? 0 : scheme + 3;
        const size_t pathStart = target.find_first_of("/?#", hostStart);
        if (scheme != std::string_view::npos || pathStart != std::string_view::npos) {
            const std::string_view origin = target.substr(0, pathStart);
            const std::string_view path = pathStart == std::string_view::npos
                ? std::string_view()
                : target.substr(pathStart);
            return std::string(method) + ' ' + std::string(origin)
                + normalizePath(path, foldNumbers);
        }
    }
    return std::string(summary);
}

} // namespace Osp
