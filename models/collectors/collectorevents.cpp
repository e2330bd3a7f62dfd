#include "collectors/collectorevents.h"

#include "formats/eventreader.h"
#include "formats/jsondom.h"
#include "util/timestamp.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace Osp::CollectorEvents {

using json = nlohmann::json;

namespace {

/// The JSON value in text; nullopt when it is not JSON or nested past JsonDom::MaxDepth.
std::optional<json> parseJson(std::string_view text, bool *tooDeep = nullptr)
{
    try {
        json value;
        if (JsonDom::parse(text, value, tooDeep))
            return value;
    } catch (const json::exception &) { }
    return std::nullopt;
}

/// The SQL data column: SQLAlchemy's JSON type around jsonutils.dumps(...), so a JSON string
/// whose text is `{"info": …}`. A single-encoded object is accepted too.
std::optional<json> decodeData(const QByteArray &column)
{
    std::optional<json> outer = parseJson(std::string_view(column.constData(), column.size()));
    if (outer && outer->is_string())
        return parseJson(outer->get_ref<const std::string &>());
    return outer;
}

const json *member(const json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

/// "POST /v2.1/servers" from a wsgi-start event's info.request.
QString rootRequest(const json &info)
{
    const json *request = member(info, "request");
    if (!request || !request->is_object())
        return {};
    const json *method = member(*request, "method");
    const json *path = member(*request, "path");
    const std::string text = (method && method->is_string() ? method->get<std::string>() : "") + ' '
        + (path && path->is_string() ? path->get<std::string>() : "");
    return QString::fromStdString(text).trimmed();
}

bool hasErrorType(const json &event)
{
    const json *info = member(event, "info");
    const json *etype = info ? member(*info, "etype") : nullptr;
    return etype && !etype->is_null();
}

json nullable(const QVariant &value)
{
    if (value.isNull())
        return nullptr;
    return value.toString().toStdString();
}

} // namespace

QString preview(std::string_view value)
{
    constexpr size_t Max = 40;
    QString text = QString::fromUtf8(
        value.data(), static_cast<qsizetype>(std::min<size_t>(value.size(), Max)));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return QLatin1Char('\'') + text
        + (value.size() > Max ? QStringLiteral("…'") : QStringLiteral("'"));
}

Result<void> addRedisValue(EventTraceBuilder &builder, std::string_view value)
{
    bool tooDeep = false;
    std::optional<json> event = parseJson(value, &tooDeep);
    if (!event)
        return Error { .kind = Error::Data,
            .message = tooDeep
                ? QStringLiteral("holds %1, %2").arg(preview(value), JsonDom::tooDeepMessage())
                : QStringLiteral("holds %1, which is not JSON; expected an OSProfiler event")
                      .arg(preview(value)) };
    // The value's own text is the payload (no second serialisation of the parsed event).
    Result<StoredEvent> stored = EventReader::toStoredEvent(*event, value);
    const Result<void> added
        = stored.ok() ? builder.add(std::move(stored).value()) : stored.error();
    if (!added.ok())
        return Error { .kind = Error::Data,
            .message = QStringLiteral("holds a value that is not an OSProfiler event: %1")
                           .arg(added.error().message) };
    return {};
}

bool summariseRedisValue(std::string_view value, TraceSummary &row)
{
    const std::optional<json> event = parseJson(value);
    if (!event)
        return false;
    const json *timestamp = member(*event, "timestamp");
    const json *name = member(*event, "name");
    if (!timestamp || !timestamp->is_string() || !name || !name->is_string())
        return false;
    row.startUs = Timestamp::parseUtcMicros(timestamp->get<std::string>());
    if (name->get_ref<const std::string &>() == "wsgi-start")
        if (const json *info = member(*event, "info"))
            row.rootRequest = rootRequest(*info);
    return true;
}

bool isErrorStopValue(std::string_view value)
{
    // Most values are not errors: parse only those that could be one.
    if (value.find("\"etype\"") == std::string_view::npos)
        return false;
    const std::optional<json> event = parseJson(value);
    return event && hasErrorType(*event);
}

Result<void> addSqlRow(EventTraceBuilder &builder, const SqlRow &row)
{
    const std::optional<json> data = decodeData(row.data);
    if (!data || !data->is_object())
        return Error { .kind = Error::Data,
            .message = QStringLiteral("column data holds %1; expected the JSON object OSProfiler "
                                      "writes ({\"info\": …})")
                           .arg(preview(std::string_view(row.data.constData(), row.data.size()))) };
    // The event as sqlalchemy_driver.get_report hands it to _append_results: the ids, name,
    // project, service and host from the columns, the payload = the decoded data.
    json event = json::object();
    event["name"] = nullable(row.name);
    event["trace_id"] = nullable(row.traceId);
    event["parent_id"] = nullable(row.parentId);
    event["base_id"] = nullable(row.baseId);
    event["timestamp"] = nullable(row.timestamp);
    event["project"] = nullable(row.project);
    event["service"] = nullable(row.service);
    const json *info = member(*data, "info");
    event["info"] = info ? *info : json::object();
    Result<StoredEvent> stored = EventReader::toStoredEvent(event);
    if (!stored.ok())
        return Error { .kind = Error::Data, .message = stored.error().message };
    stored.value().host = row.host.isNull()
        ? std::nullopt
        : std::optional<std::string>(row.host.toString().toStdString());
    stored.value().payload = data->dump();
    return builder.add(std::move(stored).value());
}

QString sqlRootRequest(const QByteArray &data)
{
    const std::optional<json> decoded = decodeData(data);
    const json *info = decoded ? member(*decoded, "info") : nullptr;
    return info ? rootRequest(*info) : QString();
}

bool sqlDataHasError(const QByteArray &data)
{
    const std::optional<json> decoded = decodeData(data);
    return decoded && hasErrorType(*decoded);
}

} // namespace Osp::CollectorEvents
