#include "analysis/sqlnormalizer.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <vector>

namespace Osp {

namespace {

bool isIdentStart(char c)
{
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_'
        || static_cast<unsigned char>(c) >= 0x80;
}
bool isIdentChar(char c)
{
    return isIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}
bool isDigit(char c)
{
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::string upper(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// Sorted, for binary search.
constexpr std::string_view Keywords[] = {
    "ALL",
    "ALTER",
    "AND",
    "ANY",
    "AS",
    "ASC",
    "BEGIN",
    "BETWEEN",
    "BY",
    "CALL",
    "CASE",
    "CAST",
    "COMMIT",
    "CREATE",
    "CROSS",
    "DEFAULT",
    "DELETE",
    "DESC",
    "DISTINCT",
    "DROP",
    "DUPLICATE",
    "ELSE",
    "END",
    "ESCAPE",
    "EXCEPT",
    "EXISTS",
    "EXPLAIN",
    "FALSE",
    "FETCH",
    "FOR",
    "FROM",
    "FULL",
    "GROUP",
    "HAVING",
    "ILIKE",
    "IN",
    "INDEX",
    "INNER",
    "INSERT",
    "INTERSECT",
    "INTO",
    "IS",
    "JOIN",
    "KEY",
    "LEFT",
    "LIKE",
    "LIMIT",
    "LOCK",
    "NATURAL",
    "NOT",
    "NOWAIT",
    "NULL",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OUTER",
    "RELEASE",
    "REPLACE",
    "RETURNING",
    "RIGHT",
    "ROLLBACK",
    "SAVEPOINT",
    "SELECT",
    "SET",
    "SHARE",
    "SHOW",
    "TABLE",
    "THEN",
    "TRUE",
    "TRUNCATE",
    "UNION",
    "UPDATE",
    "USING",
    "VALUES",
    "WHEN",
    "WHERE",
    "WITH",
};

bool isKeyword(std::string_view upperWord)
{
    return std::binary_search(std::begin(Keywords), std::end(Keywords), upperWord);
}

struct Token
{
    std::string text;
    bool spaceBefore = false;
};

/// Replaces IN (?, ?, …) — including tuples ((?, ?), (?, ?)) — by IN (?).
void collapseInLists(std::vector<Token> &tokens)
{
    std::vector<Token> out;
    out.reserve(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
        out.push_back(tokens[i]);
        if (tokens[i].text != "IN" || i + 1 >= tokens.size() || tokens[i + 1].text != "(")
            continue;
        int depth = 0;
        bool onlyValues = true;
        size_t j = i + 1;
        for (; j < tokens.size(); ++j) {
            const std::string &t = tokens[j].text;
            if (t == "(") {
                ++depth;
            } else if (t == ")") {
                if (--depth == 0)
                    break;
            } else if (t != "?" && t != ",") {
                onlyValues = false;
            }
        }
        if (j >= tokens.size() || !onlyValues)
            continue;
        out.push_back({ "(", tokens[i + 1].spaceBefore });
        out.push_back({ "?", false });
        out.push_back({ ")", false });
        i = j;
    }
    tokens = std::move(out);
}

} // namespace

std::string SqlNormalizer::normalize(std::string_view sql)
{
    std::vector<Token> tokens;
    bool space = false;
    const auto emit = [&](std::string text) {
        tokens.push_back({ std::move(text), space && !tokens.empty() });
        space = false;
    };
    const auto lastIsOperand = [&] {
        if (tokens.empty())
            return false;
        const std::string &t = tokens.back().text;
        const char c = t.back();
        return isIdentChar(c) || c == ')' || c == '?' || c == '"' || c == '`' || c == ']';
    };

    const size_t n = sql.size();
    size_t i = 0;
    while (i < n) {
        const char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            ++i;
        } else if (c == '\'') { // string literal, '' and \' escapes
            ++i;
            while (i < n) {
                if (sql[i] == '\\' && i + 1 < n) {
                    i += 2;
                } else if (sql[i] == '\'') {
                    if (i + 1 < n && sql[i + 1] == '\'') {
                        i += 2;
                    } else {
                        ++i;
                        break;
                    }
                } else {
                    ++i;
                }
            }
            emit("?");
        } else if (c == '"' || c == '`') { // quoted identifier: kept
            const size_t start = i++;
            while (i < n && sql[i] != c)
                ++i;
            i = std::min(n, i + 1);
            emit(std::string(sql.substr(start, i - start)));
        } else if (c == '%' && i + 1 < n && sql[i + 1] == '(') { // %(name)s
            const size_t close = sql.find(')', i + 2);
            i = close == std::string_view::npos ? n : std::min(n, close + 2);
            emit("?");
        } else if (c == '%' && i + 1 < n && sql[i + 1] == 's') { // %s
            i += 2;
            emit("?");
        } else if (c == '?') {
            ++i;
            emit("?");
        } else if (c == '$' && i + 1 < n && isDigit(sql[i + 1])) { // $1
            ++i;
            while (i < n && isDigit(sql[i]))
                ++i;
            emit("?");
        } else if (c == ':' && i + 1 < n && sql[i + 1] == ':') { // PostgreSQL cast, not a bind
            i += 2;
            emit("::");
        } else if (c == ':' && i + 1 < n && (isIdentStart(sql[i + 1]) || isDigit(sql[i + 1]))) {
            ++i;
            while (i < n && isIdentChar(sql[i]))
                ++i;
            emit("?");
        } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql[i + 1]))
            || ((c == '-' || c == '+') && i + 1 < n && isDigit(sql[i + 1]) && !lastIsOperand())) {
            // A number (a sign directly before it is part of it when no operand precedes).
            if (c == '-' || c == '+')
                ++i;
            if (sql[i] == '0' && i + 1 < n && (sql[i + 1] == 'x' || sql[i + 1] == 'X')) {
                i += 2;
                while (i < n && std::isxdigit(static_cast<unsigned char>(sql[i])))
                    ++i;
            } else {
                while (i < n && (isDigit(sql[i]) || sql[i] == '.'))
                    ++i;
                if (i < n && (sql[i] == 'e' || sql[i] == 'E')) {
                    size_t k = i + 1;
                    if (k < n && (sql[k] == '+' || sql[k] == '-'))
                        ++k;
                    if (k < n && isDigit(sql[k])) {
                        i = k;
                        while (i < n && isDigit(sql[i]))
                            ++i;
                    }
                }
            }
            emit("?");
        } else if (sql.substr(i, 15) == "__[POSTCOMPILE_") { // SQLAlchemy expanding IN
            const size_t close = sql.find(']', i);
            i = close == std::string_view::npos ? n : close + 1;
            emit("?");
        } else if (isIdentStart(c)) {
            const size_t start = i;
            while (i < n && isIdentChar(sql[i]))
                ++i;
            const std::string_view word = sql.substr(start, i - start);
            const std::string up = upper(word);
            emit(isKeyword(up) ? up : std::string(word));
        } else {
            ++i;
            emit(std::string(1, c));
        }
    }

    collapseInLists(tokens);

    std::string out;
    out.reserve(sql.size());
    for (size_t k = 0; k < tokens.size(); ++k) {
        const Token &t = tokens[k];
        bool sp = t.spaceBefore;
        if (k > 0) {
            const std::string &prev = tokens[k - 1].text;
            if (t.text == ")" || t.text == "," || prev == "(")
                sp = false;
            else if (prev == ",")
                sp = true;
        }
        if (sp)
            out += ' ';
        out += t.text;
    }
    return out;
}

bool SqlNormalizer::looksLikeSql(std::string_view text)
{
    size_t i = 0;
    while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == '('))
        ++i;
    size_t j = i;
    while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j])))
        ++j;
    if (j == i || j - i > 9)
        return false;
    static constexpr std::string_view Statements[] = {
        "ALTER",
        "BEGIN",
        "CALL",
        "COMMIT",
        "CREATE",
        "DELETE",
        "DROP",
        "EXPLAIN",
        "INSERT",
        "LOCK",
        "RELEASE",
        "REPLACE",
        "ROLLBACK",
        "SAVEPOINT",
        "SELECT",
        "UPDATE",
        "WITH",
    };
    return std::binary_search(
        std::begin(Statements), std::end(Statements), upper(text.substr(i, j - i)));
}

} // namespace Osp
