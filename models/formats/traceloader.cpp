#include "formats/traceloader.h"

#include "formats/eventreader.h"
#include "formats/reportreader.h"
#include "formats/textlocator.h"

#include <QFileInfo>

#include <string_view>

namespace Osp {

namespace {

constexpr std::string_view HtmlMarker = "var OSProfilerData = ";
constexpr uint64_t BytesPerSpanEstimate = 1100; // DESIGN.md: a report holds ~1.1 KB per span

struct Cursor
{
    int line = 1;
    int column = 1;
};

void consume(ByteSource &src, Cursor &at)
{
    if (src.peek() == '\n') {
        ++at.line;
        at.column = 1;
    } else {
        ++at.column;
    }
    src.advance();
}

void skipBomAndSpace(ByteSource &src, Cursor &at)
{
    static constexpr unsigned char Bom[] = { 0xEF, 0xBB, 0xBF };
    for (unsigned char b : Bom) {
        if (src.atEnd() || static_cast<unsigned char>(src.peek()) != b)
            break;
        src.advance(); // a BOM does not move the column people see
    }
    while (!src.atEnd()
        && (src.peek() == ' ' || src.peek() == '\n' || src.peek() == '\r' || src.peek() == '\t'))
        consume(src, at);
}

/// Advances past the HTML report's data marker; false when the page has none.
bool seekHtmlMarker(ByteSource &src, Cursor &at)
{
    size_t matched = 0;
    while (!src.atEnd()) {
        const char c = src.peek();
        consume(src, at);
        if (c == HtmlMarker[matched]) {
            if (++matched == HtmlMarker.size())
                return true;
        } else {
            matched = c == HtmlMarker[0] ? 1 : 0; // the marker has no repeated prefix
        }
    }
    return false;
}

QString describeChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f)
        return QStringLiteral("'") + QChar::fromLatin1(c) + QStringLiteral("'");
    return QStringLiteral("byte 0x%1").arg(u, 2, 16, QLatin1Char('0'));
}

/// True when the buffered JSON object starts like a stored event or a search response rather
/// than a report: its first key names an event field.
bool looksLikeEvents(std::string_view text)
{
    size_t i = 1; // past '{'
    while (i < text.size()
        && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
        ++i;
    if (i >= text.size() || text[i] != '"')
        return false;
    const size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos)
        return false;
    const std::string_view key = text.substr(i + 1, end - i - 1);
    for (std::string_view eventKey : { "name", "base_id", "trace_id", "parent_id", "timestamp",
             "project", "service", "_id", "hits", "took", "timed_out", "_shards", "_scroll_id" }) {
        if (key == eventKey)
            return true;
    }
    return false;
}

std::function<QString(uint64_t)> describer(const TextLocator &locator)
{
    return [&locator](uint64_t offset) { return locator.describe(offset); };
}

/// Readers give a byte offset; the line and column are found only now that there is an error
/// to tell (TextLocator reads the text again).
Error located(Error error, const QString &name, const TextLocator &locator)
{
    error.source = name;
    if (error.offset >= 0 && error.line == 0) {
        if (const auto pos = locator.locate(static_cast<uint64_t>(error.offset))) {
            error.line = pos->line;
            error.column = pos->column;
        }
    }
    return error;
}

LoadResult loadEvents(
    ByteSource &src, const QString &name, const LoadOptions &options, const TextLocator &locator)
{
    EventTraceBuilder builder;
    builder.setOffsetDescriber(describer(locator));
    EventReader reader(src, options);
    const Result<void> read = reader.read(builder);
    if (read.ok())
        return TracePtr(builder.finish(name));
    if (read.cancelled())
        return read.error();
    Error error = located(read.error(), name, locator);
    if (builder.eventCount() == 0)
        return error;
    const QString warning = QStringLiteral("partial trace: only the %1 events "
                                           "before the error were read (%2)")
                                .arg(builder.eventCount())
                                .arg(error.message);
    return TracePtr(builder.finish(name, warning, std::move(error)));
}

LoadResult load(
    ByteSource &src, const QString &name, const LoadOptions &options, const TextLocator &locator)
{
    auto fail = [&](const QString &message, qint64 offset, Cursor at) -> LoadResult {
        return Error { .message = message,
            .source = name,
            .offset = offset,
            .line = at.line,
            .column = at.column };
    };

    Cursor at;
    skipBomAndSpace(src, at);
    if (src.atEnd()) {
        if (!src.ioError().isEmpty())
            return fail(src.ioError(), static_cast<qint64>(src.position()), at);
        return fail((src.position() == 0 ? QStringLiteral("the file is empty")
                                         : QStringLiteral("the file holds only whitespace"))
                + QStringLiteral("; expected an OSProfiler report "
                                 "(osprofiler trace show --json or --html)"),
            static_cast<qint64>(src.position()), at);
    }

    bool html = false;
    const char first = src.peek();
    if (first == '<') {
        if (!seekHtmlMarker(src, at))
            return fail(
                QStringLiteral("an HTML page without OSProfiler data: expected an "
                               "OSProfiler HTML report containing \"var OSProfilerData = {…}\""),
                -1, Cursor { 0, 0 });
        html = true;
        skipBomAndSpace(src, at);
    } else if (first != '{' && first != '[') {
        return fail(QStringLiteral("not JSON: expected '{' (an OSProfiler report), found ")
                + describeChar(first),
            static_cast<qint64>(src.position()), at);
    }

    if (!html && (first == '[' || looksLikeEvents(src.buffered())))
        return loadEvents(src, name, options, locator);

    TraceBuilder builder(src.fileSize() / BytesPerSpanEstimate);
    builder.setSourceName(name);
    builder.setOffsetDescriber(describer(locator));
    if (src.isSeekableFile())
        builder.raw().attachFile(src.duplicateFd());

    ReportReader reader(src, builder, options);
    const Result<void> read = reader.read(!html, ReportReader::Origin { at.line, at.column });
    if (read.ok()) {
        TracePtr trace = builder.finish();
        if (options.progress)
            options.progress(1000);
        return trace;
    }
    if (read.cancelled())
        return read.error();
    Error error = located(read.error(), name, locator);
    if (!reader.truncated() || builder.spanCount() == 0)
        return error;
    const QString warning = QStringLiteral("partial trace: the input ends early (%1); spans after "
                                           "byte %2 are missing")
                                .arg(error.message)
                                .arg(error.offset);
    builder.setPartial(warning, std::move(error));
    return TracePtr(builder.finish());
}

} // namespace

LoadResult loadTraceFile(const QString &path, const LoadOptions &options)
{
    const QString name = options.displayName.isEmpty()
        ? (path == QLatin1String("-") ? QStringLiteral("<stdin>") : path)
        : options.displayName;
    Result<std::unique_ptr<ByteSource>> src = ByteSource::open(path);
    if (!src.ok())
        return Error { .message = QStringLiteral("cannot open: ") + src.error().message,
            .source = name };
    return load(*src.value(), name, options, TextLocator::forFile(path));
}

LoadResult loadTraceBytes(std::string bytes, const QString &name, const LoadOptions &options)
{
    auto src = ByteSource::fromMemory(std::move(bytes));
    const TextLocator locator = TextLocator::forBytes(src->buffered()); // all of it, unread
    return load(*src, name, options, locator);
}

} // namespace Osp
