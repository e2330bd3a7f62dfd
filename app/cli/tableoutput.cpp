#include "tableoutput.h"

#include "commands.h"
#include "export/csvtext.h"
#include "util/durationformat.h"
#include "util/timestamp.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace Osp::Cli {

namespace {

/// SQL and paths may span lines; tables want one.
std::string oneLine(std::string_view text, size_t limit)
{
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space)
            out.push_back(' ');
        space = false;
        out.push_back(c);
        if (limit && out.size() >= limit) {
            out += "...";
            break;
        }
    }
    return out;
}

/// Display width in characters (UTF-8 continuation bytes take no column).
size_t width(const std::string &s)
{
    return static_cast<size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

nlohmann::json toJson(const Cell &c)
{
    if (std::holds_alternative<int64_t>(c.value))
        return std::get<int64_t>(c.value);
    if (std::holds_alternative<double>(c.value))
        return std::get<double>(c.value);
    if (std::holds_alternative<std::string>(c.value))
        return std::get<std::string>(c.value);
    return nullptr;
}

std::string csvField(const Cell &c)
{
    if (std::holds_alternative<int64_t>(c.value))
        return std::to_string(std::get<int64_t>(c.value));
    if (std::holds_alternative<double>(c.value))
        return nlohmann::json(std::get<double>(c.value)).dump();
    std::string out;
    if (std::holds_alternative<std::string>(c.value))
        CsvText::appendField(out, std::get<std::string>(c.value));
    return out;
}

std::string markdownCell(const std::string &text)
{
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += '\\';
        out += c;
    }
    return out;
}

/// The columns people read: all but the script-only ones.
std::vector<size_t> readableColumns(const Table &t)
{
    std::vector<size_t> shown;
    for (size_t c = 0; c < t.columns.size(); ++c)
        if (!t.columns[c].scriptOnly)
            shown.push_back(c);
    return shown;
}

std::string renderText(const Report &r)
{
    std::string out;
    for (const auto &[key, cell] : r.facts)
        out += key + ": " + cell.text + '\n';
    for (const Table &t : r.tables) {
        out += '\n' + t.title + '\n';
        if (t.rows.empty()) {
            out += "  (none)\n";
            continue;
        }
        const std::vector<size_t> shown = readableColumns(t);
        std::vector<size_t> w(shown.size());
        for (size_t k = 0; k < shown.size(); ++k) {
            w[k] = width(t.columns[shown[k]].title);
            for (const auto &row : t.rows)
                w[k] = std::max(w[k], width(row[shown[k]].text));
        }
        const auto line = [&](const auto &cellText) {
            std::string l;
            for (size_t k = 0; k < shown.size(); ++k) {
                const std::string &s = cellText(shown[k]);
                const std::string pad(w[k] - width(s), ' ');
                const bool lastColumn = k + 1 == shown.size();
                l += t.columns[shown[k]].numeric ? pad + s : (lastColumn ? s : s + pad);
                if (!lastColumn)
                    l += "  ";
            }
            return l + '\n';
        };
        out += line([&](size_t c) -> const std::string & { return t.columns[c].title; });
        for (const auto &row : t.rows)
            out += line([&](size_t c) -> const std::string & { return row[c].text; });
    }
    return out;
}

std::string renderMarkdown(const Report &r)
{
    std::string out;
    for (const auto &[key, cell] : r.facts)
        out += "- **" + key + "**: " + markdownCell(cell.text) + '\n';
    for (const Table &t : r.tables) {
        out += "\n### " + t.title + "\n\n";
        if (t.rows.empty()) {
            out += "(none)\n";
            continue;
        }
        const std::vector<size_t> shown = readableColumns(t);
        std::string header = "|", rule = "|";
        for (size_t c : shown) {
            header += ' ' + markdownCell(t.columns[c].title) + " |";
            rule += t.columns[c].numeric ? " ---: |" : " --- |";
        }
        out += header + '\n' + rule + '\n';
        for (const auto &row : t.rows) {
            out += '|';
            for (size_t c : shown)
                out += ' ' + markdownCell(row[c].text) + " |";
            out += '\n';
        }
    }
    return out;
}

std::string renderJson(const Report &r)
{
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    nlohmann::ordered_json facts = nlohmann::ordered_json::object();
    for (const auto &[key, cell] : r.facts)
        facts[cell.micros ? key + "_us" : key] = toJson(cell);
    doc[r.factsKey] = std::move(facts);
    for (const Table &t : r.tables) {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (const auto &row : t.rows) {
            nlohmann::ordered_json o = nlohmann::ordered_json::object();
            for (size_t c = 0; c < t.columns.size(); ++c)
                o[t.columns[c].key] = toJson(row[c]);
            rows.push_back(std::move(o));
        }
        doc[t.key] = std::move(rows);
    }
    // Replace, not throw, on invalid UTF-8 from payloads.
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

std::string renderCsv(const Report &r)
{
    std::string out;
    if (r.tables.empty())
        return out;
    const Table &t = r.tables.front();
    for (size_t c = 0; c < t.columns.size(); ++c)
        out += (c ? "," : "") + t.columns[c].key;
    out += "\r\n"; // RFC 4180
    for (const auto &row : t.rows) {
        for (size_t c = 0; c < row.size(); ++c)
            out += (c ? "," : "") + csvField(row[c]);
        out += "\r\n";
    }
    return out;
}

} // namespace

Cell Cell::string(std::string_view s)
{
    return { std::string(s), std::string(s) };
}

Cell Cell::integer(int64_t v)
{
    return { std::to_string(v), v };
}

Cell Cell::duration(int64_t us, bool msPrecision)
{
    return { formatDurationAscii(us, msPrecision), us, true };
}

Cell Cell::offset(int64_t us, bool msPrecision)
{
    return { '+' + formatDurationAscii(us, msPrecision), us, true };
}

Cell Cell::share(double fraction)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", fraction * 100.0);
    return { buf, fraction };
}

Cell Cell::null()
{
    return { std::string(), std::monostate() };
}

Cell Cell::notApplicable()
{
    return { "-", std::monostate() };
}

Cell Cell::missing()
{
    return { "(none)", std::monostate() };
}

Cell Cell::delta(int64_t us, bool msPrecision)
{
    const std::string sign = us > 0 ? "+" : us < 0 ? "-" : "";
    return { sign + formatDurationAscii(us < 0 ? -us : us, msPrecision), us, true };
}

Cell Cell::signedInteger(int64_t v)
{
    return { (v > 0 ? "+" : "") + std::to_string(v), v };
}

Cell Cell::percentChange(int64_t a, int64_t b)
{
    if (a == 0 && b != 0)
        return { "new", std::string("new") };
    const double p = a == 0 ? 0.0 : 100.0 * static_cast<double>(b - a) / static_cast<double>(a);
    char buf[32];
    std::snprintf(buf, sizeof buf, p == 0 ? "%.1f %%" : "%+.1f %%", p);
    return { buf, std::round(p * 10.0) / 10.0 };
}

void Report::addTraceFacts(const Trace &trace)
{
    const bool ms = trace.isMsPrecision();
    facts.emplace_back(
        "trace", trace.baseId().empty() ? Cell::null() : Cell::string(trace.baseId()));
    facts.emplace_back("source", Cell::string(trace.sourceName().toStdString()));
    facts.emplace_back("spans", Cell::integer(static_cast<int64_t>(trace.spanCount())));
    facts.emplace_back("duration", Cell::duration(trace.endUs(), ms));
    if (trace.epochUnixUs())
        facts.emplace_back(
            "started", Cell::string(Timestamp::formatOsprofiler(*trace.epochUnixUs())));
    facts.emplace_back("precision", Cell::string(ms ? "ms" : "us"));
    if (trace.isPartial())
        facts.emplace_back("warning", Cell::string(trace.partialWarning().toStdString()));
}

std::string Report::render(const QString &format) const
{
    if (format == QLatin1String("json"))
        return renderJson(*this);
    if (format == QLatin1String("csv"))
        return renderCsv(*this);
    if (format == QLatin1String("markdown"))
        return renderMarkdown(*this);
    return renderText(*this);
}

QStringList analysisFormats()
{
    return { QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("csv"),
        QStringLiteral("markdown") };
}

int writeReport(const CommonArgs &args, const Report &report)
{
    const std::string text = report.render(args.format());
    return writeOutput(
        args, [&text](const TextSink &sink) { return sink(text); }, false);
}

QStringList statsGroupNames()
{
    return { QStringLiteral("type"), QStringLiteral("service"), QStringLiteral("host"),
        QStringLiteral("project"), QStringLiteral("path") };
}

bool choiceValue(const QCommandLineParser &parser, const QCommandLineOption &option,
    const QStringList &choices, QString &value, int &exitCode)
{
    value = parser.value(option);
    if (choices.contains(value))
        return true;
    printError(QStringLiteral("unknown --%1 '%2'; expected one of: %3")
                   .arg(option.names().constLast(), value, choices.join(QLatin1String(", "))));
    exitCode = InputError;
    return false;
}

std::vector<Column> spanColumns()
{
    return { { "index", "#", true }, { "name", "name", false }, { "service", "service", false },
        { "host", "host", false }, { "start_us", "start", true },
        { "trace_id", "trace_id", false, true }, { "parent_id", "parent_id", false, true } };
}

std::vector<Cell> spanCells(const Trace &trace, SpanIndex i)
{
    const Span &s = trace.span(i);
    const auto text = [&trace](StringId id) {
        return id == NoString ? Cell::null() : Cell::string(trace.view(id));
    };
    const auto id
        = [](const std::string &uuid) { return uuid.empty() ? Cell::null() : Cell::string(uuid); };
    return { Cell::integer(i), text(s.name), text(s.service), text(s.host),
        Cell::offset(s.startUs, s.has(MsPrecision)), id(trace.traceId(i)), id(trace.parentId(i)) };
}

Column summaryColumn()
{
    return { "summary", "summary", false };
}

Cell summaryCell(const Trace &trace, SpanIndex i)
{
    const std::string_view summary = trace.view(trace.details(i).summary);
    if (summary.empty())
        return Cell::null();
    return { oneLine(summary, 80), oneLine(summary, 0) };
}

} // namespace Osp::Cli
