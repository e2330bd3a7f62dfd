#include "formats/reportreader.h"

#include "formats/jsondom.h"
#include "trace/payloadfacts.h"
#include "util/cancellation.h"
#include "util/jsontext.h"
#include "util/timestamp.h"

#include <nlohmann/json.hpp>

#include <QStringList>

#include <array>
#include <charconv>
#include <string_view>

namespace Osp {

namespace {

using json = nlohmann::json;
using namespace std::string_view_literals;

constexpr std::string_view PayloadPrefix = "meta.raw_payload."sv;

/// A report span is about 1 KB of JSON through the SAX parser, far heavier than an analysis
/// iteration, so the load looks at the cancel flag every 1024 spans (~1 MB of input) rather
/// than every CancelStride: Cancel still answers at once on slow (compressed, piped) sources.
constexpr size_t ReportSpanCancelStride = 1024;

/// Keys inside a raw payload that hold something the views need (osprofiler-format.md §1).
enum class PKey : uint8_t {
    Other,
    Timestamp,
    BaseId,
    Info,
    Message,
    Request,
    Db,
    Function,
    Requests,
    Method,
    Path,
    Query,
    Statement,
    Name,
    Hostname,
    Scheme,
    Port
};

PKey payloadKey(std::string_view k)
{
    static constexpr std::array<std::pair<std::string_view, PKey>, 16> table { {
        { "timestamp", PKey::Timestamp },
        { "base_id", PKey::BaseId },
        { "info", PKey::Info },
        { "message", PKey::Message },
        { "request", PKey::Request },
        { "db", PKey::Db },
        { "function", PKey::Function },
        { "requests", PKey::Requests },
        { "method", PKey::Method },
        { "path", PKey::Path },
        { "query", PKey::Query },
        { "statement", PKey::Statement },
        { "name", PKey::Name },
        { "hostname", PKey::Hostname },
        { "scheme", PKey::Scheme },
        { "port", PKey::Port },
    } };
    for (const auto &[text, key] : table) {
        if (k == text)
            return key;
    }
    return PKey::Other;
}

/// Spans read before the builder's arrays are sized from the bytes they took (the first
/// estimate is the file size over a typical report's bytes a span): reports whose spans are
/// smaller than typical would otherwise grow every array by doubling and copying.
constexpr SpanIndex CalibrationSpans = 8192;

class ReportHandler
{
public:
    ReportHandler(ByteSource &source, TraceBuilder &builder, const LoadOptions &options)
        : m_source(source)
        , m_builder(builder)
        , m_options(options)
        , m_fileBacked(source.isSeekableFile())
    {
        m_ctx.reserve(64);
    }

    QString failure; // our own structural error (wrong type, not a report)
    OddInputCount unreadableTimestamps; ///< payload timestamps that are not timestamps
    OddInputCount otherLayouts; ///< payload timestamps not in OSProfiler's own layout
    OddInputCount notWholeMs; ///< a span's "started" or "finished" that is not an integer
    uint64_t failureOffset = 0;
    bool cancelled = false;
    bool sawInfo = false, sawChildren = false;
    /// True while inside the report object: an error then at the end of input is truncation.
    bool insideReport() const { return !m_ctx.empty(); }

    // --- nlohmann SAX interface -------------------------------------------------------
    bool null() { return scalar("null"); }
    bool boolean(bool v) { return scalar(v ? "true" : "false"); }
    bool number_integer(json::number_integer_t v) { return integer(v, std::to_string(v)); }
    bool number_unsigned(json::number_unsigned_t v)
    {
        const bool fits = v <= static_cast<json::number_unsigned_t>(INT64_MAX);
        return fits ? integer(static_cast<int64_t>(v), std::to_string(v))
                    : scalar(std::to_string(v));
    }
    bool number_float(json::number_float_t, const std::string &lexeme) { return scalar(lexeme); }
    bool binary(json::binary_t &) { return fail("binary values are not JSON"); }

    bool string(std::string &v)
    {
        if (m_capture) {
            if (m_extract)
                extractString(v);
            return true;
        }
        switch (top()) {
        case Ctx::RootInfo:
            if (m_key == "name") {
                m_builder.root().name = m_builder.strings().intern(v);
                return true;
            }
            break;
        case Ctx::Node:
            if (m_key == "trace_id") {
                m_builder.details(m_span).traceId = Uuid::fromText(v, m_builder.strings());
                return true;
            }
            if (m_key == "parent_id") {
                m_builder.setParentId(m_span, Uuid::fromText(v, m_builder.strings()));
                return true;
            }
            break;
        case Ctx::NodeInfo: {
            StringId *field = m_key == "name" ? &m_builder.details(m_span).reportName
                : m_key == "project"          ? &m_builder.span(m_span).project
                : m_key == "service"          ? &m_builder.span(m_span).service
                : m_key == "host"             ? &m_builder.span(m_span).host
                : m_key == "exception"        ? &m_builder.details(m_span).exception
                                              : nullptr;
            if (field) {
                *field = m_builder.strings().intern(v);
                return true;
            }
            break;
        }
        default:
            break;
        }
        std::string text;
        JsonText::appendString(text, v);
        return scalar(text);
    }

    bool key(std::string &k)
    {
        if (m_capture) {
            if (m_extract && m_capture <= 3)
                m_pkeys[m_capture] = payloadKey(k);
            return true;
        }
        m_key = k;
        return true;
    }

    bool start_object(std::size_t)
    {
        if (m_capture) {
            ++m_capture;
            if (m_extract && m_capture <= 3)
                m_pkeys[m_capture] = PKey::Other;
            return true;
        }
        switch (top()) {
        case Ctx::Document:
            m_ctx.push_back(Ctx::Root);
            return true;
        case Ctx::Root:
            if (m_key == "info") {
                sawInfo = true;
                m_ctx.push_back(Ctx::RootInfo);
                return true;
            }
            if (m_key == "children")
                return fail(
                    "\"children\" of the report must be an array of spans, found an object");
            return beginCapture('{', RawEntry::RootNode);
        case Ctx::SpanList:
            if (isCancelled<ReportSpanCancelStride>(m_options.cancel, m_builder.spanCount())) {
                cancelled = true;
                return false;
            }
            reportProgress();
            m_span = m_builder.beginSpan();
            if (m_span == CalibrationSpans && m_source.fileSize() > m_source.position())
                m_builder.reserveForTotal(
                    double(m_source.fileSize()) / double(m_source.position()));
            m_ctx.push_back(Ctx::Node);
            return true;
        case Ctx::Node:
            if (m_key == "info") {
                m_ctx.push_back(Ctx::NodeInfo);
                return true;
            }
            if (m_key == "children")
                return fail("\"children\" of a span must be an array, found an object");
            return beginCapture('{', RawEntry::SpanNode);
        case Ctx::NodeInfo:
            return beginCapture('{', RawEntry::SpanInfo);
        case Ctx::RootInfo:
            return beginCapture('{', RawEntry::RootInfo);
        }
        return true;
    }

    bool end_object()
    {
        if (m_capture)
            return --m_capture == 0 ? endCapture() : true;
        const Ctx closing = top();
        m_ctx.pop_back();
        if (closing == Ctx::Node) {
            Span &s = m_builder.span(m_span);
            if (s.name == NoString)
                s.name = m_builder.details(m_span).reportName;
            m_builder.endSpan();
            m_span = m_builder.innermostOpenSpan();
        }
        return true;
    }

    bool start_array(std::size_t)
    {
        if (m_capture) {
            ++m_capture;
            return true;
        }
        switch (top()) {
        case Ctx::Document:
            return fail("expected an OSProfiler report object {\"info\": …, \"children\": […]}, "
                        "found an array");
        case Ctx::Root:
            if (m_key == "children") {
                sawChildren = true;
                m_ctx.push_back(Ctx::SpanList);
                return true;
            }
            if (m_key == "info")
                return fail("\"info\" of the report must be an object, found an array");
            return beginCapture('[', RawEntry::RootNode);
        case Ctx::Node:
            if (m_key == "children") {
                m_ctx.push_back(Ctx::SpanList);
                return true;
            }
            if (m_key == "info")
                return fail("\"info\" of a span must be an object, found an array");
            return beginCapture('[', RawEntry::SpanNode);
        case Ctx::SpanList:
            return fail("expected a span object in \"children\", found an array");
        case Ctx::NodeInfo:
            return beginCapture('[', RawEntry::SpanInfo);
        case Ctx::RootInfo:
            return beginCapture('[', RawEntry::RootInfo);
        }
        return true;
    }

    bool end_array()
    {
        if (m_capture)
            return --m_capture == 0 ? endCapture() : true;
        m_ctx.pop_back();
        return true;
    }

    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &ex)
    {
        parseError = QString::fromUtf8(ex.what());
        return false;
    }
    QString parseError;

private:
    enum class Ctx : uint8_t { Document, Root, RootInfo, SpanList, Node, NodeInfo };

    Ctx top() const { return m_ctx.empty() ? Ctx::Document : m_ctx.back(); }

    bool fail(const char *what)
    {
        failure = QString::fromUtf8(what);
        failureOffset = m_source.position();
        return false;
    }

    void reportProgress()
    {
        if (!m_options.progress || m_source.fileSize() == 0)
            return;
        const uint64_t read = m_source.fileBytesRead();
        if (read - m_lastProgressBytes < (1u << 20))
            return;
        m_lastProgressBytes = read;
        m_options.progress(
            static_cast<int>(std::min<uint64_t>(1000, read * 1000 / m_source.fileSize())));
    }

    /// Report times are ms from the trace's start; beyond ~278 years they are not times, and
    /// ×1000 to µs would overflow int64.
    static constexpr int64_t MaxOffsetMs = int64_t(1) << 43;

    bool outOfRange(int64_t v)
    {
        if (v >= -MaxOffsetMs && v <= MaxOffsetMs)
            return false;
        failure = QStringLiteral("\"%1\": %2 is out of range: expected milliseconds since the "
                                 "start of the trace (at most %3)")
                      .arg(QString::fromStdString(m_key))
                      .arg(v)
                      .arg(MaxOffsetMs);
        failureOffset = m_source.position();
        return true;
    }

    bool integer(int64_t v, const std::string &text)
    {
        if (!m_capture) {
            if ((top() == Ctx::NodeInfo || top() == Ctx::RootInfo)
                && (m_key == "started" || m_key == "finished" || m_key == "last_trace_started")
                && outOfRange(v))
                return false;
            if (top() == Ctx::NodeInfo) {
                SpanDetails &d = m_builder.details(m_span);
                if (m_key == "started") {
                    d.startedMs = v;
                    m_builder.span(m_span).flags |= HasStartedMs;
                    return true;
                }
                if (m_key == "finished") {
                    d.finishedMs = v;
                    m_builder.span(m_span).flags |= HasFinishedMs;
                    return true;
                }
            } else if (top() == Ctx::RootInfo) {
                auto &root = m_builder.root();
                auto *field = m_key == "started"    ? &root.startedMs
                    : m_key == "finished"           ? &root.finishedMs
                    : m_key == "last_trace_started" ? &root.lastTraceStartedMs
                                                    : nullptr;
                if (field) {
                    *field = v;
                    return true;
                }
            }
        } else if (m_extract && m_capture == 3 && m_pkeys[1] == PKey::Info
            && m_pkeys[2] == PKey::Requests && m_pkeys[3] == PKey::Port) {
            m_facts.reqPort = text;
        }
        return scalar(text);
    }

    /// A scalar that is not modelled: kept verbatim as an entry of its object.
    bool scalar(std::string_view text)
    {
        if (m_capture)
            return true;
        // A span's 1.5, "10" or null time is kept verbatim but gives no time. The parser has
        // read past the value (a number ends at the next byte), so the place is "near".
        if (top() == Ctx::NodeInfo && (m_key == "started" || m_key == "finished")
            && notWholeMs.add())
            notWholeMs.first = QStringLiteral("\"%1\": %2 near %3")
                                   .arg(QString::fromStdString(m_key),
                                       QString::fromUtf8(text.data(), qsizetype(text.size())),
                                       m_builder.describeOffset(m_source.position()));
        RawEntry::Scope scope = RawEntry::SpanInfo;
        switch (top()) {
        case Ctx::Document:
            return fail("expected an OSProfiler report object {\"info\": …, \"children\": […]}");
        case Ctx::SpanList:
            return fail("expected a span object in \"children\"");
        case Ctx::Root:
            if (m_key == "children" || m_key == "info")
                return fail("\"children\" must be an array and \"info\" an object in the report");
            scope = RawEntry::RootNode;
            break;
        case Ctx::Node:
            if (m_key == "children" || m_key == "info")
                return fail("\"children\" must be an array and \"info\" an object in a span");
            scope = RawEntry::SpanNode;
            break;
        case Ctx::NodeInfo:
            scope = RawEntry::SpanInfo;
            break;
        case Ctx::RootInfo:
            scope = RawEntry::RootInfo;
            break;
        }
        addEntry(scope, m_builder.raw().append(text));
        return true;
    }

    void addEntry(RawEntry::Scope scope, const RawRef &ref)
    {
        RawEntry e { m_builder.strings().intern(m_key), scope, ref };
        if (scope == RawEntry::RootNode || scope == RawEntry::RootInfo)
            m_builder.root().entries.push_back(e);
        else
            m_builder.addEntry(m_span, e);
    }

    bool beginCapture(char first, RawEntry::Scope scope)
    {
        m_capture = 1;
        m_captureScope = scope;
        m_captureStart = m_source.position() - 1;
        if (!m_fileBacked)
            m_source.beginCapture(first);
        m_extract = scope == RawEntry::SpanInfo && first == '{'
            && std::string_view(m_key).substr(0, PayloadPrefix.size()) == PayloadPrefix;
        if (m_extract) {
            m_facts.clear();
            const std::string_view event = std::string_view(m_key).substr(PayloadPrefix.size());
            const size_t dash = event.rfind('-');
            m_facts.isStop = dash != std::string_view::npos && event.substr(dash + 1) == "stop";
            Span &s = m_builder.span(m_span);
            if (s.name == NoString)
                s.name = m_builder.strings().intern(event.substr(0, dash));
            m_pkeys.fill(PKey::Other);
        }
        return true;
    }

    bool endCapture()
    {
        RawRef ref;
        if (m_fileBacked) {
            ref.offset = m_captureStart;
            ref.length = static_cast<uint32_t>(m_source.position() - m_captureStart);
        } else {
            ref = m_builder.raw().append(m_source.endCapture());
        }
        addEntry(m_captureScope, ref);
        if (m_extract)
            applyPayload();
        m_extract = false;
        return true;
    }

    void extractString(const std::string &v)
    {
        const PKey k1 = m_pkeys[1], k2 = m_pkeys[2], k3 = m_pkeys[3];
        switch (m_capture) {
        case 1:
            if (k1 == PKey::Timestamp)
                m_facts.timestamp = v;
            else if (k1 == PKey::BaseId)
                m_facts.baseId = v;
            break;
        case 2:
            if (k1 == PKey::Info && k2 == PKey::Message)
                m_facts.message = v;
            break;
        case 3:
            if (k1 != PKey::Info)
                break;
            if (k2 == PKey::Request) {
                if (k3 == PKey::Method)
                    m_facts.method = v;
                else if (k3 == PKey::Path)
                    m_facts.path = v;
                else if (k3 == PKey::Query)
                    m_facts.query = v;
            } else if (k2 == PKey::Db && k3 == PKey::Statement) {
                m_facts.statement = v;
            } else if (k2 == PKey::Function && k3 == PKey::Name) {
                m_facts.function = v;
            } else if (k2 == PKey::Requests) {
                if (k3 == PKey::Method)
                    m_facts.reqMethod = v;
                else if (k3 == PKey::Hostname)
                    m_facts.reqHost = v;
                else if (k3 == PKey::Path)
                    m_facts.reqPath = v;
                else if (k3 == PKey::Scheme)
                    m_facts.reqScheme = v;
                else if (k3 == PKey::Port)
                    m_facts.reqPort = v;
            }
            break;
        default:
            break;
        }
    }

    void applyPayload()
    {
        if (!m_facts.baseId.empty() && !m_builder.hasBaseId())
            m_builder.setBaseId(m_facts.baseId);
        const std::optional<int64_t> ts = m_facts.timestamp.empty()
            ? std::nullopt
            : Timestamp::parseUtcMicros(m_facts.timestamp);
        if (!m_facts.timestamp.empty()
            && (!ts || !Timestamp::isOsprofilerLayout(m_facts.timestamp))) {
            OddInputCount &odd = ts ? otherLayouts : unreadableTimestamps;
            if (odd.add())
                odd.first = QStringLiteral("\"%1\" at %2: \"%3\"")
                                .arg(QString::fromStdString(m_key),
                                    m_builder.describeOffset(m_captureStart),
                                    QString::fromStdString(m_facts.timestamp));
        }
        SpanDetails &d = m_builder.details(m_span);
        if (m_facts.isStop) {
            m_builder.markStopEventSeen(m_span);
            if (ts)
                m_builder.setStopTimestamp(m_span, *ts);
            if (!m_facts.message.empty())
                d.message = m_builder.strings().intern(m_facts.message);
        } else {
            m_builder.markStartEventSeen(m_span);
            if (ts)
                m_builder.setStartTimestamp(m_span, *ts);
            const std::string summary = m_facts.summary();
            if (!summary.empty())
                d.summary = m_builder.strings().intern(summary);
        }
    }

    ByteSource &m_source;
    TraceBuilder &m_builder;
    const LoadOptions &m_options;
    const bool m_fileBacked;
    std::vector<Ctx> m_ctx;
    std::string m_key;
    SpanIndex m_span = NoSpan;
    int m_capture = 0; ///< nesting depth inside a verbatim value, 0 when not capturing
    RawEntry::Scope m_captureScope = RawEntry::SpanInfo;
    uint64_t m_captureStart = 0;
    bool m_extract = false;
    std::array<PKey, 4> m_pkeys {};
    PayloadFacts m_facts;
    uint64_t m_lastProgressBytes = 0;
};

} // namespace

namespace {

void addNotes(TraceBuilder &builder, const ReportHandler &handler)
{
    builder.noteRepeatedTraceIds();
    const OddInputCount &unreadable = handler.unreadableTimestamps;
    if (unreadable.count)
        builder.addLoadNote(
            QStringLiteral("%1 that ospview cannot read (first: %2; expected "
                           "YYYY-MM-DDTHH:MM:SS.ffffff); %3 the report's whole milliseconds")
                .arg(countOf(unreadable.count, "raw payload has a timestamp",
                         "raw payloads have timestamps"),
                    unreadable.first,
                    QLatin1String(unreadable.count == 1 ? "its span uses" : "their spans use")));
    builder.noteOtherTimestampLayouts(handler.otherLayouts, "raw payload has its timestamp",
        "raw payloads have their timestamps");
    const OddInputCount &notWhole = handler.notWholeMs;
    if (notWhole.count)
        builder.addLoadNote(
            QStringLiteral("%1 (first: %2); read as 0 ms where no raw timestamp gives the time")
                .arg(countOf(notWhole.count,
                         "\"started\" or \"finished\" value is not a whole number of "
                         "milliseconds",
                         "\"started\" or \"finished\" values are not whole numbers of "
                         "milliseconds"),
                    notWhole.first));
}

} // namespace

ReportReader::ReportReader(ByteSource &source, TraceBuilder &builder, const LoadOptions &options)
    : m_source(source)
    , m_builder(builder)
    , m_options(options)
{ }

Result<void> ReportReader::read(bool strict, Origin origin)
{
    ReportHandler handler(m_source, m_builder, m_options);
    const bool ok = json::sax_parse(
        m_source.begin(), ByteSource::end(), &handler, json::input_format_t::json, strict);
    if (handler.cancelled)
        return Error::cancelled();
    Error error;
    addNotes(m_builder, handler); // a truncated report is shown too, with them
    if (!m_source.ioError().isEmpty()) {
        error.message = m_source.ioError();
        error.offset = static_cast<qint64>(m_source.position());
        m_truncated = true;
        return error;
    }
    if (!handler.failure.isEmpty()) {
        error.message = handler.failure;
        error.offset = static_cast<qint64>(handler.failureOffset);
        return error;
    }
    if (!handler.parseError.isEmpty()) {
        // nlohmann: "[json.exception.parse_error.101] parse error at line 3, column 5: <what>"
        const QString &text = handler.parseError;
        static const QLatin1String at("at line ");
        const qsizetype atPos = text.indexOf(at);
        if (atPos >= 0) {
            const qsizetype colon = text.indexOf(QLatin1String(": "), atPos);
            const QStringList parts = text.mid(atPos + at.size(), colon - atPos - at.size())
                                          .split(QLatin1String(", column "));
            if (parts.size() == 2) {
                const int line = parts[0].toInt();
                const int column = parts[1].toInt();
                error.line = line + origin.line - 1;
                error.column = line == 1 ? column + origin.column - 1 : column;
            }
        }
        const QString what = JsonDom::errorText(handler.parseError.toStdString());
        error.offset = static_cast<qint64>(m_source.position());
        m_truncated = handler.insideReport() && m_source.atEnd();
        error.message = m_truncated ? QStringLiteral("unexpected end of input, the file is "
                                                     "truncated (")
                + what + QLatin1Char(')')
                                    : what;
        return error;
    }
    if (!ok || (!handler.sawInfo && !handler.sawChildren)) {
        error.message
            = QStringLiteral("not an OSProfiler report: expected a top-level object "
                             "with \"info\" and \"children\" (osprofiler trace show --json)");
        error.offset = 0;
        return error;
    }
    return {};
}

} // namespace Osp
