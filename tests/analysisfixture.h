#pragma once
// Hand-made traces for the analysis tests: spans listed flat in pre-order with parent
// indices, written out as an OSProfiler report (whole-ms times, no raw timestamps) and loaded.

#include "formats/traceloader.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace OspTest {

/// One span of a fixture. end < 0: no stop event (unfinished).
struct FixtureSpan
{
    int parent; ///< index of an earlier span, -1 for top level
    std::string name;
    int startMs;
    int endMs;
    std::string host = "h1";
    std::string service = "svc";
    std::string sql = {}; ///< becomes info.db.statement of the start payload
    std::string exception = {}; ///< set: the span raised this (message "boom")
};

inline std::string fixtureReport(const std::vector<FixtureSpan> &spans)
{
    using nlohmann::json;
    std::vector<json> nodes(spans.size());
    int last = 0;
    for (size_t i = 0; i < spans.size(); ++i) {
        const FixtureSpan &s = spans[i];
        json info = { { "name", s.name }, { "project", "proj" }, { "service", s.service },
            { "host", s.host }, { "started", s.startMs },
            { "finished", s.endMs < 0 ? s.startMs : s.endMs } };
        if (s.endMs >= 0)
            info["exception"] = s.exception.empty() ? std::string("None") : s.exception;
        if (!s.sql.empty())
            info["meta.raw_payload." + s.name + "-start"] = { { "info",
                { { "db", { { "statement", s.sql }, { "params", json::object() } } } } } };
        if (!s.exception.empty())
            info["meta.raw_payload." + s.name + "-stop"]
                = { { "info", { { "etype", s.exception }, { "message", "boom" } } } };
        nodes[i] = { { "info", info }, { "trace_id", "t" + std::to_string(i) },
            { "parent_id", s.parent < 0 ? std::string("base") : "t" + std::to_string(s.parent) },
            { "children", json::array() } };
        last = std::max(last, std::max(s.startMs, s.endMs));
    }
    json root = { { "info", { { "name", "total" }, { "started", 0 }, { "finished", last } } },
        { "children", json::array() } };
    // Backwards, so every node is complete before it moves into its parent (no recursion).
    for (size_t i = spans.size(); i-- > 0;) {
        json &parentChildren
            = spans[i].parent < 0 ? root["children"] : nodes[size_t(spans[i].parent)]["children"];
        parentChildren.insert(parentChildren.begin(), std::move(nodes[i]));
    }
    return root.dump();
}

inline Osp::TracePtr fixtureTrace(const std::vector<FixtureSpan> &spans)
{
    Osp::LoadResult r = Osp::loadTraceBytes(fixtureReport(spans), QStringLiteral("fixture.json"));
    return r.ok() ? r.value() : Osp::TracePtr();
}

} // namespace OspTest
