#pragma once
// Checks on exported files shared by tst_export (core) and tst_export_tools (integration).

#include "export/traceexport.h"
#include "formats/traceloader.h"

#include <nlohmann/json.hpp>

#include <QString>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace OspTest {

/// The export of trace as one string (empty with *error set on failure).
inline std::string exportText(
    const Osp::Trace &trace, Osp::ExportFormat format, bool redacted, QString *error = nullptr)
{
    std::string out;
    Osp::ExportOptions options;
    options.redacted = redacted;
    const Osp::ExportResult r = Osp::exportTrace(trace, format, options, [&](std::string_view c) {
        out.append(c);
        return true;
    });
    if (error)
        *error = r.ok() ? QString() : r.error().toString();
    return r.ok() ? out : std::string();
}

/// RFC 4180 parser: quoted fields with doubled quotes, CRLF or LF row ends.
inline std::vector<std::vector<std::string>> parseCsv(const std::string &text)
{
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    bool any = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        any = true;
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field.push_back(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(field);
            field.clear();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            row.push_back(field);
            field.clear();
            rows.push_back(row);
            row.clear();
            any = false;
        } else {
            field.push_back(c);
        }
    }
    if (any) {
        row.push_back(field);
        rows.push_back(row);
    }
    return rows;
}

/// What a Chrome trace export holds: complete events, and the first partial overlap found on
/// one track (pid, tid), described, or empty.
struct ChromeCheck
{
    size_t completeEvents = 0;
    size_t tracks = 0;
    std::string overlap;
    std::map<std::string, std::pair<int, int>> trackOfTraceId; ///< trace_id -> (pid, tid)
};

inline ChromeCheck checkChromeTrace(const std::string &text)
{
    ChromeCheck check;
    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_object() || !doc.contains("traceEvents")) {
        check.overlap = "not a trace event JSON object";
        return check;
    }
    struct Ev
    {
        int64_t ts, end;
        std::string id;
    };
    std::map<std::pair<int, int>, std::vector<Ev>> tracks;
    for (const auto &e : doc["traceEvents"]) {
        if (e.value("ph", "") != "X")
            continue;
        ++check.completeEvents;
        const auto key = std::make_pair(e["pid"].get<int>(), e["tid"].get<int>());
        const int64_t ts = e["ts"].get<int64_t>();
        const std::string id = e["args"].value("trace_id", "");
        tracks[key].push_back({ ts, ts + e["dur"].get<int64_t>(), id });
        check.trackOfTraceId[id] = key;
    }
    check.tracks = tracks.size();
    // Sorted by start (longer first on ties), each event must end before or inside the
    // innermost event still open: anything else is a partial overlap.
    for (auto &[key, events] : tracks) {
        std::sort(events.begin(), events.end(),
            [](const Ev &a, const Ev &b) { return a.ts != b.ts ? a.ts < b.ts : a.end > b.end; });
        std::vector<const Ev *> open;
        for (const Ev &e : events) {
            while (!open.empty() && open.back()->end <= e.ts)
                open.pop_back();
            if (!open.empty() && e.end > open.back()->end) {
                check.overlap = "track " + std::to_string(key.first) + "/"
                    + std::to_string(key.second) + ": " + open.back()->id + " ["
                    + std::to_string(open.back()->ts) + "," + std::to_string(open.back()->end)
                    + ") and " + e.id + " [" + std::to_string(e.ts) + "," + std::to_string(e.end)
                    + ")";
                return check;
            }
            open.push_back(&e);
        }
    }
    return check;
}

/// Lines of a DOT export that declare a node ("\tN [label=…]") and that draw an edge.
inline std::pair<size_t, size_t> countDot(const std::string &text)
{
    size_t nodes = 0, edges = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = text.substr(pos, end - pos);
        if (line.find(" [label=\"") != std::string::npos)
            ++nodes;
        else if (line.find(" -> ") != std::string::npos)
            ++edges;
        pos = end + 1;
    }
    return { nodes, edges };
}

} // namespace OspTest
