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

LoadResult loadEvents(
    ByteSource &src, const QString &name, const LoadOptions &options, const TextLocator &locator)
{
    LoadResult result;
    EventTraceBuilder builder;
    builder.setOffsetDescriber(describer(locator));
    EventReader reader(src, options);
    if (reader.read(builder)) {
        result.trace = builder.finish(name);
        return result;
    }
    if (reader.cancelled()) {
        result.cancelled = true;
        return result;
    }
    result.error = reader.error();
    result.error->file = name;
    if (builder.eventCount() > 0)
        result.trace = builder.finish(name,
            QStringLiteral("partial trace: only the %1 events "
                           "before the error were read (%2)")
                .arg(builder.eventCount())
                .arg(reader.error().message));
    return result;
}

LoadResult load(
    ByteSource &src, const QString &name, const LoadOptions &options, const TextLocator &locator)
{
    LoadResult result;
    auto fail = [&](const QString &message, qint64 offset, Cursor at) {
        result.error = LoadError { name, message, offset, at.line, at.column };
        return result;
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
    if (reader.read(!html, ReportReader::Origin { at.line, at.column })) {
        result.trace = builder.finish();
        if (options.progress)
            options.progress(1000);
        return result;
    }
    if (reader.cancelled()) {
        result.cancelled = true;
        return result;
    }
    LoadError error = reader.error();
    error.file = name;
    if (reader.truncated() && builder.spanCount() > 0) {
        builder.setPartial(QStringLiteral("partial trace: the input ends early (%1); spans after "
                                          "byte %2 are missing")
                               .arg(error.message)
                               .arg(error.offset));
        result.trace = builder.finish();
    }
    result.error = error;
    return result;
}

/// Readers give a byte offset; the line and column are found only now that there is an error
/// to tell (TextLocator reads the text again).
LoadResult withLineAndColumn(LoadResult result, const TextLocator &locator)
{
    LoadError *e = result.error ? &*result.error : nullptr;
    if (e && e->offset >= 0 && e->line == 0) {
        if (const auto pos = locator.locate(static_cast<uint64_t>(e->offset))) {
            e->line = pos->line;
            e->column = pos->column;
        }
    }
    return result;
}

} // namespace

QString LoadError::toString() const
{
    QString where = file;
    if (line > 0)
        where += QStringLiteral(":%1:%2").arg(line).arg(column);
    if (offset >= 0)
        where += QStringLiteral(" (byte %1)").arg(offset);
    return where + QStringLiteral(": ") + message;
}

LoadResult loadTraceFile(const QString &path, const LoadOptions &options)
{
    const QString name = options.displayName.isEmpty()
        ? (path == QLatin1String("-") ? QStringLiteral("<stdin>") : path)
        : options.displayName;
    QString openError;
    auto src = ByteSource::open(path, &openError);
    if (!src) {
        LoadResult result;
        result.error = LoadError { name, QStringLiteral("cannot open: ") + openError, -1, 0, 0 };
        return result;
    }
    const TextLocator locator = TextLocator::forFile(path);
    return withLineAndColumn(load(*src, name, options, locator), locator);
}

LoadResult loadTraceBytes(std::string bytes, const QString &name, const LoadOptions &options)
{
    auto src = ByteSource::fromMemory(std::move(bytes));
    const TextLocator locator = TextLocator::forBytes(src->buffered()); // all of it, unread
    return withLineAndColumn(load(*src, name, options, locator), locator);
}

} // namespace Osp
