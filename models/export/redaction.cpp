#include "export/redaction.h"

#include <algorithm>
#include <vector>

namespace Osp::Redaction {

namespace {

// Member keys whose values are parameter values wherever they appear in a payload.
bool isSecretKey(std::string_view parent, std::string_view key)
{
    if (key == "params" || key == "args" || key == "kwargs" || key == "query")
        return true;
    // hide_result=False records query rows and return values (osprofiler-format.md §1).
    return (key == "result" || key == "results") && (parent == "db" || parent == "function");
}

bool isUrlEnd(char c)
{
    static constexpr std::string_view Ends = " \t\r\n\"'\\<>()[]{},|`";
    return Ends.find(c) != std::string_view::npos;
}

// Index just past the JSON string literal that starts at json[i] (a '"').
size_t stringEnd(std::string_view json, size_t i)
{
    for (++i; i < json.size(); ++i) {
        if (json[i] == '\\')
            ++i;
        else if (json[i] == '"')
            return i + 1;
    }
    return json.size();
}

// Index just past the JSON value that starts at json[i] (no recursion: a depth counter).
size_t valueEnd(std::string_view json, size_t i)
{
    int depth = 0;
    while (i < json.size()) {
        const char c = json[i];
        if (c == '"') {
            i = stringEnd(json, i);
            if (depth == 0)
                return i;
            continue;
        }
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0) // a scalar directly before its container's end
                return i;
            if (--depth == 0)
                return i + 1;
        } else if (depth == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
            return i;
        }
        ++i;
    }
    return i;
}

bool isEmptyValue(std::string_view v)
{
    std::string compact;
    for (char c : v)
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            compact.push_back(c);
    return compact.empty() || compact == "\"\"" || compact == "[]" || compact == "{}"
        || compact == "null";
}

std::string_view unquoted(std::string_view literal)
{
    return literal.size() >= 2 ? literal.substr(1, literal.size() - 2) : literal;
}

void appendRedactedQueries(std::string &out, std::string_view s)
{
    size_t from = 0;
    for (size_t p = s.find("://"); p != std::string_view::npos; p = s.find("://", p + 3)) {
        size_t j = p + 3;
        while (j < s.size() && !isUrlEnd(s[j]) && s[j] != '?')
            ++j;
        if (j >= s.size() || s[j] != '?')
            continue;
        size_t k = j + 1;
        while (k < s.size() && !isUrlEnd(s[k]))
            ++k;
        out.append(s.substr(from, j + 1 - from));
        out.append(Marker);
        from = k;
        p = k > 3 ? k - 3 : k;
    }
    out.append(s.substr(from));
}

} // namespace

std::string text(std::string_view s)
{
    // SQLAlchemy errors end "[SQL: …]\n[parameters: (…)]\n(Background on this error …)".
    static constexpr std::string_view Params = "[parameters: ";
    std::string withoutParams;
    std::string_view rest = s;
    for (size_t p = rest.find(Params); p != std::string_view::npos; p = rest.find(Params)) {
        withoutParams.append(rest.substr(0, p + Params.size()));
        withoutParams.append(Marker);
        size_t end = std::string_view::npos;
        for (std::string_view stop : { std::string_view("]\\n"), std::string_view("]\n") })
            end = std::min(end, rest.find(stop, p));
        if (end == std::string_view::npos)
            end = rest.rfind(']');
        if (end == std::string_view::npos || end < p) {
            withoutParams.push_back(']');
            rest = {};
            break;
        }
        rest = rest.substr(end); // keeps the closing ']'
    }
    withoutParams.append(rest);
    std::string out;
    out.reserve(withoutParams.size());
    appendRedactedQueries(out, withoutParams);
    return out;
}

std::string summary(std::string_view s)
{
    // "METHOD /path?query" (wsgi) or "METHOD scheme://host/path?query" (requests).
    size_t i = 0;
    while (i < s.size() && s[i] >= 'A' && s[i] <= 'Z')
        ++i;
    if (i > 0 && i + 1 < s.size() && s[i] == ' ' && s[i + 1] == '/') {
        const size_t q = s.find('?', i);
        if (q != std::string_view::npos)
            return std::string(s.substr(0, q + 1)) + std::string(Marker);
    }
    return text(s);
}

std::string payload(std::string_view json)
{
    struct Frame
    {
        bool object;
        std::string_view key; // the member key the container is the value of
    };
    std::vector<Frame> stack;
    std::string out;
    out.reserve(json.size());
    std::string_view key; // the last member key read in the innermost object
    bool expectKey = false;
    size_t i = 0;
    while (i < json.size()) {
        const char c = json[i];
        const bool inObject = !stack.empty() && stack.back().object;
        const bool atMemberValue = inObject && !expectKey;
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ':') {
            out.push_back(c);
            ++i;
            continue;
        }
        if (c == ',') {
            expectKey = inObject;
            out.push_back(c);
            ++i;
            continue;
        }
        if (c == '}' || c == ']') {
            if (!stack.empty())
                stack.pop_back();
            expectKey = false;
            out.push_back(c);
            ++i;
            continue;
        }
        if (c == '"' && inObject && expectKey) {
            const size_t end = stringEnd(json, i);
            key = unquoted(json.substr(i, end - i));
            out.append(json.substr(i, end - i));
            expectKey = false;
            i = end;
            continue;
        }
        // A value starts here.
        if (atMemberValue && isSecretKey(stack.back().key, key)) {
            const size_t end = valueEnd(json, i);
            const std::string_view value = json.substr(i, end - i);
            if (isEmptyValue(value)) {
                out.append(value);
            } else {
                out.push_back('"');
                out.append(Marker);
                out.push_back('"');
            }
            i = end;
            continue;
        }
        if (c == '{' || c == '[') {
            stack.push_back({ c == '{', atMemberValue ? key : std::string_view() });
            expectKey = c == '{';
            out.push_back(c);
            ++i;
            continue;
        }
        if (c == '"') {
            const size_t end = stringEnd(json, i);
            const std::string_view literal = json.substr(i, end - i);
            if (literal.size() >= 2 && literal.back() == '"') {
                out.push_back('"');
                out.append(text(unquoted(literal)));
                out.push_back('"');
            } else {
                out.append(literal); // truncated input: nothing to keep it valid for
            }
            i = end;
            continue;
        }
        out.push_back(c); // numbers, true, false, null
        ++i;
    }
    return out;
}

} // namespace Osp::Redaction
