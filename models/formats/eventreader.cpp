#include "formats/eventreader.h"

#include "formats/jsondom.h"
#include "util/cancellation.h"

#include <nlohmann/json.hpp>

namespace Osp {

namespace {

using json = nlohmann::json;

/// The string at obj[key], or nullopt when missing or null.
std::optional<std::string> optionalString(const json &obj, const char *key)
{
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string())
        return std::nullopt;
    return it->get<std::string>();
}

std::string stringAt(const json &obj, std::initializer_list<const char *> path)
{
    const json *node = &obj;
    for (const char *key : path) {
        if (!node->is_object())
            return {};
        auto it = node->find(key);
        if (it == node->end())
            return {};
        node = &*it;
    }
    if (node->is_string())
        return node->get<std::string>();
    if (node->is_number())
        return node->dump();
    return {};
}

} // namespace

EventReader::EventReader(ByteSource &source, const LoadOptions &options)
    : m_source(source)
    , m_options(options)
{ }

Result<StoredEvent> EventReader::toStoredEvent(const json &event, std::string_view text)
{
    if (!event.is_object())
        return Error { .message = QStringLiteral("expected an OSProfiler event object, found %1")
                                      .arg(QString::fromUtf8(event.type_name())) };
    for (const char *key : { "name", "trace_id", "parent_id", "timestamp" }) {
        auto it = event.find(key);
        if (it == event.end() || !it->is_string())
            return Error { .message = QStringLiteral("expected an OSProfiler event with a string "
                                                     "\"%1\" (name, trace_id, parent_id, "
                                                     "timestamp)")
                                          .arg(QLatin1String(key)) };
    }
    StoredEvent out;
    out.name = event["name"].get<std::string>();
    out.traceId = event["trace_id"].get<std::string>();
    out.parentId = event["parent_id"].get<std::string>();
    out.timestamp = event["timestamp"].get<std::string>();
    out.baseId = optionalString(event, "base_id").value_or(std::string());
    out.project = optionalString(event, "project");
    out.service = optionalString(event, "service");
    const json *info = nullptr;
    if (auto it = event.find("info"); it != event.end() && it->is_object())
        info = &*it;
    out.host = info ? optionalString(*info, "host") : std::nullopt;
    PayloadFacts &f = out.facts;
    f.clear();
    if (info) {
        if (auto etype = info->find("etype"); etype != info->end() && etype->is_string()) {
            f.etype = etype->get<std::string>();
            f.hasEtype = true;
        }
        f.message = stringAt(*info, { "message" });
        f.method = stringAt(*info, { "request", "method" });
        f.path = stringAt(*info, { "request", "path" });
        f.query = stringAt(*info, { "request", "query" });
        f.statement = stringAt(*info, { "db", "statement" });
        f.function = stringAt(*info, { "function", "name" });
        f.reqMethod = stringAt(*info, { "requests", "method" });
        f.reqHost = stringAt(*info, { "requests", "hostname" });
        f.reqPath = stringAt(*info, { "requests", "path" });
        f.reqScheme = stringAt(*info, { "requests", "scheme" });
        f.reqPort = stringAt(*info, { "requests", "port" });
    }
    out.payload = text.empty() ? event.dump() : std::string(text);
    return out;
}

bool EventReader::addEvent(json &event, EventTraceBuilder &builder, std::optional<uint64_t> offset)
{
    ++m_eventNumber;
    if (event.is_object())
        event.erase("_id"); // mongoexport; OSProfiler's driver projects it away
    Result<StoredEvent> stored = toStoredEvent(event);
    if (stored.ok())
        stored.value().offset = offset;
    const Result<void> added
        = stored.ok() ? builder.add(std::move(stored).value()) : stored.error();
    if (!added.ok()) {
        m_error.message
            = QStringLiteral("event %1: %2").arg(m_eventNumber).arg(added.error().message);
        return false;
    }
    return true;
}

bool EventReader::addValue(json &value, EventTraceBuilder &builder, uint64_t offset)
{
    if (value.is_array()) {
        for (json &e : value) {
            if (!addEvent(e, builder))
                return false;
        }
        return true;
    }
    if (value.is_object() && value.contains("hits")) { // Elasticsearch / OpenSearch _search
        json &hits = value["hits"];
        if (!hits.is_object() || !hits.contains("hits") || !hits["hits"].is_array()) {
            m_error.message = QStringLiteral("an Elasticsearch response without hits.hits[]; "
                                             "expected the output of a _search request");
            return false;
        }
        for (json &hit : hits["hits"]) {
            if (!hit.is_object() || !hit.contains("_source")) {
                ++m_eventNumber;
                m_error.message = QStringLiteral("event %1: a search hit without \"_source\"")
                                      .arg(m_eventNumber);
                return false;
            }
            if (!addEvent(hit["_source"], builder))
                return false;
        }
        return true;
    }
    return addEvent(value, builder, offset); // an event of its own (NDJSON): it has a place
}

Result<void> EventReader::read(EventTraceBuilder &builder)
{
    for (;;) {
        while (!m_source.atEnd()
            && (m_source.peek() == ' ' || m_source.peek() == '\n' || m_source.peek() == '\r'
                || m_source.peek() == '\t'))
            m_source.advance();
        if (m_source.atEnd())
            break;
        if (isCancelled(m_options.cancel))
            return Error::cancelled();
        const uint64_t valueStart = m_source.position();
        json value;
        try {
            JsonDom::LimitedParser<json> dom(value);
            json::sax_parse(
                m_source.begin(), ByteSource::end(), &dom, json::input_format_t::json, false);
            if (dom.tooDeep()) {
                m_error.message = QStringLiteral("event %1: %2")
                                      .arg(m_eventNumber + 1)
                                      .arg(JsonDom::tooDeepMessage());
                m_error.offset = static_cast<qint64>(m_source.position());
                return m_error;
            }
        } catch (const json::exception &e) {
            m_error.message = QStringLiteral("event %1: %2")
                                  .arg(m_eventNumber + 1)
                                  .arg(JsonDom::errorText(e.what()));
            m_error.offset = static_cast<qint64>(m_source.position());
            return m_error;
        }
        if (!m_source.ioError().isEmpty()) {
            m_error.message = m_source.ioError();
            m_error.offset = static_cast<qint64>(m_source.position());
            return m_error;
        }
        if (!addValue(value, builder, valueStart)) {
            m_error.offset = static_cast<qint64>(valueStart);
            return m_error;
        }
        if (m_options.progress && m_source.fileSize())
            m_options.progress(
                static_cast<int>(m_source.fileBytesRead() * 1000 / m_source.fileSize()));
    }
    if (builder.eventCount() == 0) {
        m_error.message = QStringLiteral("no OSProfiler events found");
        return m_error;
    }
    return {};
}

} // namespace Osp
