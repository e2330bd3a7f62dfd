#pragma once
// Reading one JSON value into an nlohmann DOM with a nesting limit. nlohmann parses without
// recursion, but copying and dump() of a value recurse once per level: an event nested
// 100,000 levels deep overflowed the stack. OSProfiler writes its events with Python's json,
// which gives up at about 1000 levels, so nothing real is deeper.

#include <nlohmann/json.hpp>

#include <QRegularExpression>
#include <QString>

namespace Osp::JsonDom {

inline constexpr int MaxDepth = 1000;

/// "nested more than 1000 levels deep; …": the message for a value over the limit.
inline QString tooDeepMessage()
{
    return QStringLiteral("a value nested more than %1 levels deep; OSProfiler writes its "
                          "events with Python's json, which cannot go that deep")
        .arg(MaxDepth);
}

/// nlohmann's parse error in words for people: without the "[json.exception.parse_error.101]
/// parse error at line 3, column 5: " prefix (the caller says where), with a hint for the two
/// mistakes other JSON writers make: NaN/Infinity literals and numbers beyond a double.
inline QString errorText(const std::string &what)
{
    QString text = QString::fromStdString(what);
    if (text.startsWith(QLatin1String("[json.exception."))) {
        const qsizetype bracket = text.indexOf(QLatin1String("] "));
        text = text.mid(bracket + 2);
        const qsizetype column = text.indexOf(QLatin1String("column "));
        const qsizetype colon = text.indexOf(QLatin1String(": "), column < 0 ? 0 : column);
        if (text.startsWith(QLatin1String("parse error")) && colon >= 0)
            text = text.mid(colon + 2);
    }
    static const QLatin1String overflow("number overflow parsing '");
    if (text.startsWith(overflow))
        return QStringLiteral("the number %1 is out of range (larger than a double can hold)")
            .arg(text.mid(overflow.size()).chopped(1));
    static const QLatin1String lastRead("last read: '");
    const qsizetype read = text.indexOf(lastRead);
    if (text.contains(QLatin1String("invalid literal")) && read >= 0) {
        const QString literal = text.mid(read + lastRead.size()).chopped(1);
        const QString tail = literal.mid(
            literal.lastIndexOf(QRegularExpression(QStringLiteral("[^A-Za-z-]"))) + 1);
        if (!tail.isEmpty()
            && (QStringLiteral("NaN").startsWith(tail)
                || QStringLiteral("Infinity").startsWith(tail)
                || QStringLiteral("-Infinity").startsWith(tail)))
            text += QStringLiteral(" (NaN and Infinity are not JSON; OSProfiler writes "
                                   "numbers only)");
    }
    return text;
}

/// nlohmann's DOM builder that stops (sax_parse returns false) past MaxDepth.
template <typename Json> class LimitedParser : public nlohmann::detail::json_sax_dom_parser<Json>
{
    using Base = nlohmann::detail::json_sax_dom_parser<Json>;

public:
    explicit LimitedParser(Json &result)
        : Base(result, true)
    { }
    bool start_object(std::size_t n) { return enter() && Base::start_object(n); }
    bool start_array(std::size_t n) { return enter() && Base::start_array(n); }
    bool end_object()
    {
        --m_depth;
        return Base::end_object();
    }
    bool end_array()
    {
        --m_depth;
        return Base::end_array();
    }
    bool tooDeep() const { return m_tooDeep; }

private:
    bool enter()
    {
        m_tooDeep = ++m_depth > MaxDepth;
        return !m_tooDeep;
    }
    int m_depth = 0;
    bool m_tooDeep = false;
};

/// Parses text as one JSON value (nothing after it but whitespace). Throws nlohmann's
/// parse_error on bad JSON; false (out left null, *tooDeep set) past MaxDepth.
template <typename Json, typename Input>
bool parse(Input &&input, Json &out, bool *tooDeep = nullptr)
{
    LimitedParser<Json> dom(out);
    const bool ok = Json::sax_parse(std::forward<Input>(input), &dom);
    if (tooDeep)
        *tooDeep = dom.tooDeep();
    if (!ok)
        out = nullptr;
    return ok;
}

} // namespace Osp::JsonDom
