// The bad-input catalogue: every kind of broken or odd input a trace file can be,
// each with the exact message a user reads (file, place, what was expected) or, where the
// data is odd but usable, the defined outcome. Collector values: tst_collectorevents.
#include "formats/traceloader.h"
#include "testutil.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

using namespace Osp;

namespace {

const QString Name = QStringLiteral("bad.json");

LoadResult load(const QByteArray &bytes)
{
    return loadTraceBytes(bytes.toStdString(), Name);
}

QString message(const LoadResult &r)
{
    const std::optional<Error> e = OspTest::loadError(r);
    return e ? e->toString() : QStringLiteral("(no error)");
}

std::string storedEvent(const char *name, const char *trace, const char *parent, const char *ts,
    const std::string &info = "{\"host\": \"h1\"}")
{
    return std::string("{\"name\": \"") + name + "\", \"base_id\": \"b\", \"trace_id\": \"" + trace
        + "\", \"parent_id\": \"" + parent + "\", \"timestamp\": \"" + ts + "\", \"info\": " + info
        + ", \"project\": \"p\", \"service\": \"s\"}\n";
}

/// A report with one span; `info` goes inside the span's info object.
QByteArray reportWithSpan(const QByteArray &info)
{
    return "{\"info\": {\"name\": \"total\", \"started\": 0, \"finished\": 10}, \"children\": "
           "[{\"info\": {\"name\": \"a\", "
        + info + "}, \"trace_id\": \"t\", \"parent_id\": \"p\", \"children\": []}]}";
}

/// The verbatim text of a span's entry (payload or unknown key), or "(none)".
std::string entryText(const Trace &t, SpanIndex span, std::string_view key)
{
    for (const RawEntry &e : t.entries(span))
        if (t.view(e.key()) == key)
            return t.rawText(e.value());
    return "(none)";
}

/// Loads a file as another user would: in a child process that dropped root (root may read
/// any file, so "no permission" cannot happen to it). Returns the message, or empty.
QString loadAsNobody(const QString &path)
{
    int fds[2];
    if (::pipe(fds) != 0)
        return {};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        if (::getuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
            ::_exit(2);
        const QByteArray text = message(loadTraceFile(path)).toUtf8();
        const ssize_t written = ::write(fds[1], text.constData(), static_cast<size_t>(text.size()));
        ::_exit(written == text.size() ? 0 : 3);
    }
    ::close(fds[1]);
    QByteArray out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0)
        out.append(buf, n);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return QString::fromUtf8(out);
}

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT

private slots:
    // Inputs that cannot be read: no trace, one message naming the file and the place.
    void refused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty file")
            << QByteArray()
            << "bad.json:1:1 (byte 0): the file is empty; expected an OSProfiler "
               "report (osprofiler trace show --json or --html)";
        QTest::newRow("whitespace only")
            << QByteArray(" \n\t \n")
            << "bad.json:3:1 (byte 5): the file holds only whitespace; "
               "expected an OSProfiler report (osprofiler trace show "
               "--json or --html)";
        QTest::newRow("not JSON") << QByteArray("hello world")
                                  << "bad.json:1:1 (byte 0): not JSON: expected '{' (an "
                                     "OSProfiler report), found 'h'";
        QByteArray garbage;
        for (int i = 0; i < 1024; ++i)
            garbage += char((i * 37 + 11) & 0xff);
        QTest::newRow("binary garbage")
            << garbage
            << "bad.json:1:1 (byte 0): not JSON: expected '{' (an OSProfiler report), "
               "found byte 0x0b";
        QTest::newRow("BOM then garbage") << QByteArray("\xef\xbb\xbfxyz")
                                          << "bad.json:1:1 (byte 3): not JSON: expected '{' "
                                             "(an OSProfiler report), found 'x'";
        QTest::newRow("invalid UTF-8")
            << QByteArray("{\"info\": {\"name\": \"\xff\"}}")
            << "bad.json:1:20 (byte 20): syntax error while parsing value - invalid string: "
               "ill-formed UTF-8 byte; last read: '\"\xef\xbf\xbd'";
        QTest::newRow("NaN literal")
            << QByteArray("{\"info\": {\"started\": NaN}}")
            << "bad.json:1:22 (byte 22): syntax error while parsing value - invalid literal; "
               "last read: '\"started\": N' (NaN and Infinity are not JSON; OSProfiler writes "
               "numbers only)";
        QTest::newRow("Infinity literal")
            << QByteArray("{\"info\": {\"finished\": Infinity}}")
            << "bad.json:1:23 (byte 23): syntax error while parsing value - invalid literal; "
               "last read: '\"finished\": I' (NaN and Infinity are not JSON; OSProfiler writes "
               "numbers only)";
        QTest::newRow("number beyond a double")
            << reportWithSpan("\"started\": 1e400")
            << "bad.json:1:112 (byte 111): the number 1e400 is out of range (larger than a double "
               "can hold)";
        QTest::newRow("started beyond int64 ms")
            << reportWithSpan("\"started\": 9223372036854775807")
            << "bad.json:1:126 (byte 125): \"started\": 9223372036854775807 is out of range: "
               "expected "
               "milliseconds since the start of the trace (at most 8796093022208)";
        QTest::newRow("negative finished beyond range")
            << reportWithSpan("\"started\": 0, \"finished\": -9000000000000000")
            << "bad.json:1:139 (byte 138): \"finished\": -9000000000000000 is out of range: "
               "expected "
               "milliseconds since the start of the trace (at most 8796093022208)";
        QTest::newRow("100,000 open brackets")
            << QByteArray(100000, '[')
            << "bad.json:1:1002 (byte 1001): event 1: a value nested more than 1000 levels deep; "
               "OSProfiler writes its events with Python's json, which cannot go that deep";
        QTest::newRow("event nested 100,000 levels")
            << QByteArray::fromStdString(
                   storedEvent("a-start", "t", "b", "2026-01-01T00:00:00.000000",
                       "{\"x\": " + std::string(100000, '[') + std::string(100000, ']') + "}"))
            << "bad.json:1:1128 (byte 1127): event 1: a value nested more than 1000 levels deep; "
               "OSProfiler writes its events with Python's json, which cannot go that deep";
        QTest::newRow("timestamp as epoch seconds")
            << QByteArray::fromStdString(storedEvent("a-start", "t", "b", "1767225600.5"))
            << "bad.json:1:1 (byte 0): event 1: event \"a-start\" of span t has timestamp "
               "\"1767225600.5\"; expected \"YYYY-MM-DDTHH:MM:SS.ffffff\"";
        QTest::newRow("timestamp in words")
            << QByteArray::fromStdString(storedEvent("a-start", "t", "b", "yesterday"))
            << "bad.json:1:1 (byte 0): event 1: event \"a-start\" of span t has timestamp "
               "\"yesterday\"; expected \"YYYY-MM-DDTHH:MM:SS.ffffff\"";
        QTest::newRow("payload of a report is not a report")
            << QByteArray("{\"foo\": 1}")
            << "bad.json:1:1 (byte 0): not an OSProfiler report: expected a top-level object with "
               "\"info\" and \"children\" (osprofiler trace show --json)";
        QTest::newRow("event that is not an object")
            << QByteArray("[\"wsgi-start\"]")
            << "bad.json:1:1 (byte 0): event 1: expected an OSProfiler event object, found string";
    }
    void refused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const LoadResult r = load(bytes);
        QVERIFY2(!r.ok(), qPrintable(message(r)));
        QCOMPARE(message(r), expected);
    }

    void fileSystem()
    {
        QTemporaryDir dir;
        LoadOptions named;
        named.displayName = QStringLiteral("traces/");
        QCOMPARE(message(loadTraceFile(dir.path(), named)),
            QStringLiteral("traces/: cannot open: is a directory, not a trace file"));
        named.displayName = QStringLiteral("missing.json");
        QCOMPARE(message(loadTraceFile(dir.filePath(QStringLiteral("missing.json")), named)),
            QStringLiteral("missing.json: cannot open: No such file or directory"));

        const QString secret = dir.filePath(QStringLiteral("secret.json"));
        QFile f(secret);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"info\": {}, \"children\": []}");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(QFile::setPermissions(dir.path(),
            QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeOther
                | QFile::ReadOther));
        QCOMPARE(loadAsNobody(secret), secret + QStringLiteral(": cannot open: Permission denied"));
    }

    // Cut after every structural character of a real report: never a crash, never success;
    // a cut inside the spans gives a partial trace labelled as such.
    void truncatedAtEveryStructuralBoundary()
    {
        const std::string json = OspTest::readAll(OspTest::dataFile("small-report.json"));
        QVERIFY(!json.empty());
        int cuts = 0, partials = 0;
        for (size_t n = 1; n < json.size(); ++n) {
            if (!std::strchr("{}[],:\"", json[n - 1]))
                continue;
            ++cuts;
            const LoadResult r = loadTraceBytes(json.substr(0, n), Name);
            const std::optional<Error> e = OspTest::loadError(r);
            QVERIFY2(e, qPrintable(QStringLiteral("cut at %1 loaded").arg(n)));
            QVERIFY2(e->offset >= 0 && e->offset <= qint64(n), qPrintable(message(r)));
            if (r.ok()) {
                ++partials;
                QVERIFY(r.value()->isPartial());
                QVERIFY2(r.value()->partialWarning().startsWith(
                             QLatin1String("partial trace: the input ends early")),
                    qPrintable(r.value()->partialWarning()));
            }
        }
        QVERIFY(cuts > 1000);
        QVERIFY(partials > cuts / 2);
        // One of them in full, as the user reads it (error and banner).
        const size_t cut = json.find("\"neutron.db-stop\"") + 1;
        const LoadResult r = loadTraceBytes(json.substr(0, cut), Name);
        QCOMPARE(message(r),
            QStringLiteral("bad.json:120:24 (byte %1): unexpected end of input, the file is "
                           "truncated (syntax error while parsing value - invalid string: "
                           "missing closing quote; last read: '\"')")
                .arg(cut));
        QCOMPARE(r.value()->partialWarning(),
            QStringLiteral("partial trace: the input ends early (%1); spans after byte %2 are "
                           "missing")
                .arg(OspTest::loadError(r)->message)
                .arg(cut));
    }

    // Odd but readable: the trace opens, with the outcome OSProfiler itself would give.
    void bomIsSkipped()
    {
        const std::string json = OspTest::readAll(OspTest::dataFile("small-report.json"));
        const LoadResult r = loadTraceBytes("\xef\xbb\xbf" + json, Name);
        QVERIFY2(OspTest::readInFull(r), qPrintable(message(r)));
        QCOMPARE(r.value()->spanCount(), size_t(9));
    }

    // Each odd case also says so, once per kind, with a count and the first place
    // (Trace::loadNotes; osptrace prints them on stderr, ospview above the call tree).
    void negativeDurationLastsZero()
    {
        const LoadResult r
            = load(reportWithSpan("\"started\": 10, \"finished\": 5, \"exception\": \"None\""));
        QVERIFY2(OspTest::readInFull(r), qPrintable(message(r)));
        QCOMPARE(r.value()->span(0).durationUs(), int64_t(0));
        QCOMPARE(r.value()->details(0).finishedMs, int64_t(5)); // written back as read
        QCOMPARE(r.value()->loadNotes(),
            QStringList(QStringLiteral("1 span ends before it starts (first: \"a\" (trace_id t): "
                                       "\"finished\": 5 is before \"started\": 10); shown with "
                                       "zero duration")));
    }

    void stopBeforeStartLastsZero()
    {
        const std::string first = storedEvent("a-start", "t", "b", "2026-01-01T00:00:01.000000");
        const LoadResult r = load(QByteArray::fromStdString(
            first + storedEvent("a-stop", "t", "b", "2026-01-01T00:00:00.000000")));
        QVERIFY2(OspTest::readInFull(r), qPrintable(message(r)));
        QCOMPARE(r.value()->spanCount(), size_t(1));
        QCOMPARE(r.value()->span(0).durationUs(), int64_t(0));
        QCOMPARE(r.value()->loadNotes(),
            QStringList(QStringLiteral("1 span ends before it starts (first: \"a\" (trace_id t): "
                                       "its stop, event 2 at line 2, column 1 (byte %1), is "
                                       "1000.000 ms before its start); shown with zero duration")
                            .arg(first.size())));

        // A report whose raw timestamps say so (the whole ms agree here): counted per span,
        // the first one named.
        const QByteArray backwards
            = "\"started\": 0, \"finished\": 0, \"meta.raw_payload.a-start\": {\"timestamp\": "
              "\"2026-01-01T00:00:00.750000\"}, \"meta.raw_payload.a-stop\": {\"timestamp\": "
              "\"2026-01-01T00:00:00.000250\"}";
        const LoadResult report = load(reportWithSpan(backwards));
        QVERIFY2(OspTest::readInFull(report), qPrintable(message(report)));
        QCOMPARE(report.value()->span(0).durationUs(), int64_t(0));
        QCOMPARE(report.value()->loadNotes(),
            QStringList(QStringLiteral("1 span ends before it starts (first: \"a\" (trace_id t): "
                                       "its stop is 749.750 ms before its start); shown with "
                                       "zero duration")));
    }

    void manySpansEndingBeforeStartAreOneNote()
    {
        std::string events;
        for (int i = 0; i < 3; ++i) {
            const std::string id = "s" + std::to_string(i);
            events += storedEvent("db-start", id.c_str(), "b", "2026-01-01T00:00:00.002000")
                + storedEvent("db-stop", id.c_str(), "b", "2026-01-01T00:00:00.001000");
        }
        const LoadResult r = load(QByteArray::fromStdString(events));
        QVERIFY2(OspTest::readInFull(r), qPrintable(message(r)));
        QCOMPARE(r.value()->loadNotes().size(), 1);
        QVERIFY2(r.value()->loadNotes().first().startsWith(QLatin1String(
                     "3 spans end before they start (first: \"db\" (trace_id s0): its stop, "
                     "event 2 at line 2, column 1")),
            qPrintable(r.value()->loadNotes().first()));
    }

    void duplicateTraceIds()
    {
        // Raw events: OSProfiler keys spans by trace_id, so the events meet in one span.
        const std::string firstPair = storedEvent("a-start", "t", "b", "2026-01-01T00:00:00.000000")
            + storedEvent("a-stop", "t", "b", "2026-01-01T00:00:01.000000");
        const LoadResult events = load(QByteArray::fromStdString(firstPair
            + storedEvent("c-start", "t", "b", "2026-01-01T00:00:02.000000")
            + storedEvent("c-stop", "t", "b", "2026-01-01T00:00:03.000000")));
        QVERIFY2(OspTest::readInFull(events), qPrintable(message(events)));
        QCOMPARE(events.value()->spanCount(), size_t(1));
        QCOMPARE(events.value()->span(0).durationUs(), int64_t(1000000));
        QCOMPARE(events.value()->loadNotes(),
            QStringList(QStringLiteral("2 events repeat a start or stop already seen for their "
                                       "trace_id (first: event 3 \"c-start\" (trace_id t) at "
                                       "line 3, column 1 (byte %1), a second start); merged into "
                                       "one span where the later time counts, as OSProfiler "
                                       "does")
                            .arg(firstPair.size())));
        // A report is a tree already: two nodes with one trace_id stay two spans.
        auto node = [](const char *name) -> QByteArray {
            return QByteArray("{\"info\": {\"name\": \"") + name
                + "\", \"started\": 1, \"finished\": 2, \"exception\": \"None\"}, \"trace_id\": "
                  "\"t\", \"parent_id\": \"p\", \"children\": []}";
        };
        const LoadResult report = load("{\"info\": {\"name\": \"total\"}, \"children\": ["
            + node("a") + ", " + node("b") + ", " + node("c") + "]}");
        QVERIFY2(OspTest::readInFull(report), qPrintable(message(report)));
        QCOMPARE(report.value()->spanCount(), size_t(3));
        QCOMPARE(report.value()->loadNotes(),
            QStringList(QStringLiteral("2 spans repeat the trace_id of an earlier span (first: "
                                       "\"b\" repeats trace_id t of \"a\"); kept as separate "
                                       "spans, as the report nests them")));
    }

    void wellFormedInputHasNoNotes()
    {
        const LoadResult r = loadTraceFile(OspTest::dataFile("small-report.json"));
        QVERIFY2(OspTest::readInFull(r), qPrintable(message(r)));
        QCOMPARE(r.value()->loadNotes(), QStringList());
        const LoadResult events = load(
            QByteArray::fromStdString(storedEvent("a-start", "t", "b", "2026-01-01T00:00:00.000000")
                + storedEvent("a-stop", "t", "b", "2026-01-01T00:00:01.000000")));
        QVERIFY2(OspTest::readInFull(events), qPrintable(message(events)));
        QCOMPARE(events.value()->loadNotes(), QStringList());
    }

    void parentCycleIsCutAndLabelled()
    {
        const LoadResult r = load(
            QByteArray::fromStdString(storedEvent("a-start", "x", "y", "2026-01-01T00:00:00.000000")
                + storedEvent("b-start", "y", "x", "2026-01-01T00:00:00.001000")));
        QVERIFY(r.ok());
        QCOMPARE(r.value()->spanCount(), size_t(2));
        QCOMPARE(r.value()->partialWarning(),
            QStringLiteral("1 span(s) were their own ancestors (a parent_id cycle in the "
                           "events); shown at top level"));
    }

    void hundredThousandNestedSpans()
    {
        // The report's own structure may nest that deep (one span per level).
        const int depth = 100000;
        std::string text = "{\"info\": {\"name\": \"total\"}, \"children\": [";
        for (int i = 0; i < depth; ++i)
            text += "{\"info\": {\"name\": \"f\", \"started\": 0, \"finished\": 0}, \"trace_id\": "
                    "\"t"
                + std::to_string(i) + "\", \"parent_id\": \"p\", \"children\": [";
        for (int i = 0; i < depth; ++i)
            text += "]}";
        text += "]}";
        const LoadResult r = loadTraceBytes(text, Name);
        QVERIFY2(OspTest::readInFull(r), qPrintable(message(r)));
        QCOMPARE(r.value()->maxDepth(), uint32_t(depth - 1));
        // A payload of a report nested as deep is kept verbatim (read, never copied as a DOM).
        const std::string deep = std::string(depth, '[') + std::string(depth, ']');
        const LoadResult p
            = load(reportWithSpan(QByteArray("\"meta.raw_payload.a-start\": ") + deep.c_str()));
        QVERIFY2(OspTest::readInFull(p), qPrintable(message(p)));
        QCOMPARE(entryText(*p.value(), 0, "meta.raw_payload.a-start"), deep);
    }

    void megabyteKey()
    {
        const std::string key(1 << 20, 'k');
        const LoadResult report = load(reportWithSpan(
            QByteArray("\"started\": 0, \"finished\": 1, \"") + key.c_str() + "\": 1"));
        QVERIFY2(OspTest::readInFull(report), qPrintable(message(report)));
        QCOMPARE(report.value()->view(report.value()->entries(0).back().key()), key);
        const LoadResult events = load(QByteArray::fromStdString(
            storedEvent("a-start", "t", "b", "2026-01-01T00:00:00", "{\"" + key + "\": 1}")));
        QVERIFY2(OspTest::readInFull(events), qPrintable(message(events)));
    }

    void payloadsThatAreNotObjects()
    {
        // Kept verbatim: the writer gives them back unchanged.
        const LoadResult report
            = load(reportWithSpan("\"started\": 0, \"finished\": 1, \"meta.raw_payload.a-start\": "
                                  "5, \"meta.raw_payload.a-stop\": \"text\""));
        QVERIFY2(OspTest::readInFull(report), qPrintable(message(report)));
        QCOMPARE(entryText(*report.value(), 0, "meta.raw_payload.a-start"), std::string("5"));
        QCOMPARE(entryText(*report.value(), 0, "meta.raw_payload.a-stop"), std::string("\"text\""));
        // An event whose info is not an object: no host, no facts, the event itself kept.
        const LoadResult events = load(QByteArray::fromStdString(
            storedEvent("a-start", "t", "b", "2026-01-01T00:00:00.000000", "\"text\"")));
        QVERIFY2(OspTest::readInFull(events), qPrintable(message(events)));
        QCOMPARE(events.value()->spanCount(), size_t(1));
    }

    void timestampsInOtherFormats_data()
    {
        QTest::addColumn<QString>("timestamp");
        QTest::addColumn<qint64>("startUs"); // after 2026-01-01T00:00:00 UTC
        QTest::newRow("no fraction") << "2026-01-01T00:00:00" << qint64(0);
        QTest::newRow("space for T") << "2026-01-01 00:00:00.250000" << qint64(250000);
        QTest::newRow("Z") << "2026-01-01T00:00:00.5Z" << qint64(500000);
        QTest::newRow("+00:00") << "2026-01-01T00:00:00.000001+00:00" << qint64(1);
        QTest::newRow("nanoseconds") << "2026-01-01T00:00:00.123456789" << qint64(123456);
    }
    void timestampsInOtherFormats()
    {
        QFETCH(QString, timestamp);
        QFETCH(qint64, startUs);
        const std::string first = storedEvent("a-start", "t", "b", "2026-01-01T00:00:00.000000");
        const LoadResult r = load(QByteArray::fromStdString(
            first + storedEvent("b-start", "u", "b", timestamp.toStdString().c_str())));
        QVERIFY2(OspTest::readInFull(r), qPrintable(message(r)));
        QCOMPARE(r.value()->span(1).startUs, int64_t(startUs));
        QCOMPARE(r.value()->loadNotes(),
            QStringList(QStringLiteral("1 event has its timestamp in another layout than "
                                       "OSProfiler's YYYY-MM-DDTHH:MM:SS.ffffff (first: event 2 "
                                       "\"b-start\" (trace_id u) at line 2, column 1 (byte %1): "
                                       "\"%2\"); read as UTC, to the microsecond")
                            .arg(first.size())
                            .arg(timestamp)));
    }

    void reportTimestampsInOtherFormats()
    {
        // A report's raw payload timestamps give the µs; when one cannot be read the span
        // keeps the report's whole ms, and the note says which.
        const QByteArray info = "\"started\": 3, \"finished\": 7, \"meta.raw_payload.a-start\": "
                                "{\"timestamp\": \"yesterday\"}, \"meta.raw_payload.a-stop\": "
                                "{\"timestamp\": \"2026-01-01 00:00:00.007000\"}";
        const QByteArray bytes = reportWithSpan(info);
        const LoadResult r = load(bytes);
        QVERIFY2(OspTest::readInFull(r), qPrintable(message(r)));
        const qsizetype start = bytes.indexOf("{\"timestamp\": \"yesterday");
        const qsizetype stop = bytes.indexOf("{\"timestamp\": \"2026");
        QCOMPARE(r.value()->loadNotes(),
            QStringList({ QStringLiteral("1 raw payload has a timestamp that ospview cannot read "
                                         "(first: \"meta.raw_payload.a-start\" at line 1, column "
                                         "%1 (byte %2): \"yesterday\"; expected "
                                         "YYYY-MM-DDTHH:MM:SS.ffffff); its span uses the report's "
                                         "whole milliseconds")
                              .arg(start + 1)
                              .arg(start),
                QStringLiteral("1 raw payload has its timestamp in another layout than "
                               "OSProfiler's YYYY-MM-DDTHH:MM:SS.ffffff (first: "
                               "\"meta.raw_payload.a-stop\" at line 1, column %1 (byte %2): "
                               "\"2026-01-01 00:00:00.007000\"); read as UTC, to the "
                               "microsecond")
                    .arg(stop + 1)
                    .arg(stop) }));
    }

    // Numbers out of range are refused (refused()); a span time that is not a whole number is
    // kept verbatim for the writer, and the note says what it became.
    void spanTimesThatAreNotWholeNumbers()
    {
        const QByteArray bytes
            = reportWithSpan("\"started\": 1.5, \"finished\": \"7\", \"exception\": \"None\"");
        const LoadResult r = load(bytes);
        QVERIFY2(OspTest::readInFull(r), qPrintable(message(r)));
        QCOMPARE(r.value()->span(0).startUs, int64_t(0));
        QCOMPARE(entryText(*r.value(), 0, "started"), std::string("1.5"));
        // The parser tells where it stopped: after the comma that ended the number.
        const qsizetype after = bytes.indexOf("1.5, ") + 4;
        QCOMPARE(r.value()->loadNotes(),
            QStringList(QStringLiteral("2 \"started\" or \"finished\" values are not whole numbers "
                                       "of milliseconds (first: \"started\": 1.5 near line 1, "
                                       "column %1 (byte %2)); read as 0 ms where no raw "
                                       "timestamp gives the time")
                            .arg(after + 1)
                            .arg(after)));
    }

    // Errors in raw events tell the line and column too (found from the byte offset only when
    // the error happens), in memory, in a file and in a .gz.
    void eventErrorsTellLineAndColumn()
    {
        const std::string good = storedEvent("a-start", "t", "b", "2026-01-01T00:00:00.000000")
            + "\n" + storedEvent("a-stop", "t", "b", "2026-01-01T00:00:01.000000");
        const std::string bytes = good + "  " + storedEvent("c-start", "u", "t", "noon");
        const QString expected
            = QStringLiteral(":4:3 (byte %1): event 3: event \"c-start\" of span "
                             "u has timestamp \"noon\"; expected "
                             "\"YYYY-MM-DDTHH:MM:SS.ffffff\"")
                  .arg(good.size() + 2);
        const LoadResult r = loadTraceBytes(bytes, Name);
        QCOMPARE(message(r), Name + expected);
        QVERIFY(OspTest::loadError(r));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.ndjson"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes.data(), qint64(bytes.size()));
        f.close();
        QCOMPARE(message(loadTraceFile(path)), path + expected);
        QProcess gzip;
        gzip.start(QStringLiteral("gzip"), { QStringLiteral("-k"), path });
        if (!gzip.waitForFinished() || gzip.exitCode() != 0)
            QSKIP("no gzip here");
        QCOMPARE(message(loadTraceFile(path + QStringLiteral(".gz"))),
            path + QStringLiteral(".gz") + expected);
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
