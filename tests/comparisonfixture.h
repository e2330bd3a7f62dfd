#pragma once
// Hand-made request pairs for the comparison tests: spans listed flat in pre-order with parent
// indices and a start payload (wsgi request, SQL, function, requests call), written out as an
// OSProfiler report (whole-ms times, random trace ids) — the style of analysisfixture.h.

#include "formats/traceloader.h"

#include <QFile>
#include <QUuid>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace OspTest {

/// One span of a comparison fixture; info is the start payload's "info" (without host).
struct PairSpan
{
    int parent; ///< index of an earlier span, -1 for top level
    std::string name;
    int startMs;
    int endMs;
    nlohmann::json info = nlohmann::json::object();
    std::string service = "svc";
    std::string host = "h1";
};

inline nlohmann::json wsgiInfo(
    const std::string &method, const std::string &path, const std::string &query = {})
{
    return { { "request",
        { { "method", method }, { "path", path }, { "query", query }, { "scheme", "http" } } } };
}
inline nlohmann::json sqlInfo(const std::string &statement)
{
    return { { "db", { { "statement", statement }, { "params", nlohmann::json::object() } } } };
}
inline nlohmann::json functionInfo(const std::string &name)
{
    return { { "function", { { "name", name }, { "args", "()" }, { "kwargs", "{}" } } } };
}
inline nlohmann::json requestsInfo(
    const std::string &method, const std::string &host, int port, const std::string &path)
{
    return { { "requests",
        { { "method", method }, { "hostname", host }, { "port", std::to_string(port) },
            { "path", path }, { "scheme", "http" }, { "query", "" } } } };
}

inline std::string newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

/// The report, with fresh random trace ids (as two real runs have).
inline std::string pairReport(const std::vector<PairSpan> &spans)
{
    using nlohmann::json;
    std::vector<json> nodes(spans.size());
    std::vector<std::string> ids(spans.size());
    const std::string base = newUuid();
    int last = 0;
    for (size_t i = 0; i < spans.size(); ++i) {
        const PairSpan &s = spans[i];
        ids[i] = newUuid();
        json start = { { "name", s.name + "-start" }, { "base_id", base }, { "trace_id", ids[i] },
            { "parent_id", s.parent < 0 ? base : ids[size_t(s.parent)] }, { "project", "proj" },
            { "service", s.service }, { "info", s.info } };
        start["info"]["host"] = s.host;
        json info = { { "name", s.name }, { "project", "proj" }, { "service", s.service },
            { "host", s.host }, { "started", s.startMs },
            { "finished", s.endMs < 0 ? s.startMs : s.endMs },
            { "meta.raw_payload." + s.name + "-start", start } };
        if (s.endMs >= 0)
            info["exception"] = "None";
        nodes[i] = { { "info", info }, { "trace_id", ids[i] },
            { "parent_id", s.parent < 0 ? base : ids[size_t(s.parent)] },
            { "children", json::array() } };
        last = std::max(last, std::max(s.startMs, s.endMs));
    }
    json root = { { "info", { { "name", "total" }, { "started", 0 }, { "finished", last } } },
        { "children", json::array() } };
    for (size_t i = spans.size(); i-- > 0;) {
        json &parentChildren
            = spans[i].parent < 0 ? root["children"] : nodes[size_t(spans[i].parent)]["children"];
        parentChildren.insert(parentChildren.begin(), std::move(nodes[i]));
    }
    return root.dump();
}

inline Osp::TracePtr pairTrace(const std::vector<PairSpan> &spans)
{
    Osp::LoadResult r = Osp::loadTraceBytes(pairReport(spans), QStringLiteral("pair.json"));
    return r.ok() ? r.value() : Osp::TracePtr();
}

inline bool writePairReport(const QString &path, const std::vector<PairSpan> &spans)
{
    QFile f(path);
    const std::string text = pairReport(spans);
    return f.open(QIODevice::WriteOnly)
        && f.write(text.data(), qint64(text.size())) == qint64(text.size());
}

/// A small nova request: wsgi > compute.build > (db, function, requests). slowMs lengthens
/// the spawn function (and its ancestors); host and ids change with `variant`.
inline std::vector<PairSpan> novaRequest(
    int slowMs = 0, int variant = 0, int extraSelects = 0, bool withNeutron = false)
{
    const std::string host = variant ? "ctl-0" + std::to_string(variant + 1) : "ctl-01";
    const std::string server = newUuid();
    const std::string project = QUuid::createUuid().toString(QUuid::Id128).toStdString();
    const int s = slowMs;
    std::vector<PairSpan> v = {
        { -1, "wsgi", 0, 100 + s,
            wsgiInfo(
                "POST", "/v2.1/" + project + "/servers/" + server, "x=" + std::to_string(variant)),
            "osapi_compute", host },
        { 0, "db", 5, 10, sqlInfo("SELECT * FROM quotas WHERE project_id = '" + project + "'"),
            "osapi_compute", host },
        { 0, "rpc", 20, 95 + s, functionInfo("nova.compute.manager.ComputeManager.build"),
            "nova-compute", "cmp-0" + std::to_string(variant) },
        { 2, "compute", 25, 45 + s, functionInfo("nova.virt.libvirt.driver.LibvirtDriver.spawn"),
            "nova-compute", "cmp-0" + std::to_string(variant) },
        { 2, "http", 50 + s, 70 + s, requestsInfo("GET", "glance", 9292, "/v2/images/" + newUuid()),
            "nova-compute", "cmp-0" + std::to_string(variant) },
        { 2, "db", 75 + s, 80 + s,
            sqlInfo("UPDATE instances SET host = 'cmp' WHERE uuid = '" + server + "'"),
            "nova-compute", "cmp-0" + std::to_string(variant) },
    };
    if (withNeutron) { // a subtree only B has
        v.push_back({ 2, "neutron_api", 81 + s, 90 + s,
            functionInfo("nova.network.neutron.API.bind_port"), "nova-compute", "cmp-00" });
        v.push_back({ int(v.size()) - 1, "neutron.db", 82 + s, 85 + s,
            sqlInfo("UPDATE ports SET host = 'x' WHERE id = 7"), "neutron-server", "net-01" });
    }
    for (int i = 0; i < extraSelects; ++i) // not overlapping anything, after the request's work
        v.push_back({ 0, "db", 96 + s, 96 + s,
            sqlInfo("SELECT * FROM block_device_mapping WHERE instance_uuid = '" + newUuid()
                + "' AND id = " + std::to_string(i)),
            "osapi_compute", host });
    return v;
}

} // namespace OspTest
