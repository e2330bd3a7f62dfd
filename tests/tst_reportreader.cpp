// The report reader: variations of osprofiler-format.md §2.7, derived span facts, and bad input.
#include "export/reportwriter.h"
#include "exportcheck.h"
#include "formats/payloadtree.h"
#include "formats/traceloader.h"
#include "testutil.h"
#include "util/timestamp.h"

#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace Osp;

namespace {

SpanIndex findSpan(const Trace &t, std::string_view name, int nth = 0)
{
    for (SpanIndex i = 0; i < t.spanCount(); ++i) {
        if (t.view(t.span(i).name) == name && nth-- == 0)
            return i;
    }
    return NoSpan;
}

LoadResult loadText(const std::string &text)
{
    return loadTraceBytes(text, QStringLiteral("mem.json"));
}

/// A chain of `depth` nested spans in report form, built without recursion.
std::string deepChain(int depth)
{
    std::string s = "{\"info\":{\"name\":\"total\",\"started\":0,\"finished\":1},\"children\":[";
    for (int i = 0; i < depth; ++i)
        s += "{\"info\":{\"name\":\"f\",\"started\":0,\"finished\":1,\"exception\":\"None\"},"
             "\"trace_id\":\"t"
            + std::to_string(i) + "\",\"parent_id\":\"p\",\"children\":[";
    for (int i = 0; i < depth; ++i)
        s += "]}";
    s += "]}";
    return s;
}

} // namespace

class TestReportReader : public QObject
{
    Q_OBJECT

private slots:
    void readsEveryVariation()
    {
        const LoadResult r = loadTraceFile(OspTest::dataFile("small-report.json"));
        QVERIFY2(OspTest::readInFull(r), !r.ok() ? qPrintable(r.error().toString()) : "");
        const Trace &t = *r.value();
        QCOMPARE(t.spanCount(), size_t(9));
        QCOMPARE(t.roots().size(), size_t(4));
        QCOMPARE(t.baseId(), std::string("11111111-1111-4111-8111-111111111111"));
        QVERIFY(t.hasMicroseconds());
        QCOMPARE(*t.epochUnixUs(), *Timestamp::parseUtcMicros("2026-01-01T00:00:00"));

        // Full point names from the payload keys; the report's own name kept apart.
        const SpanIndex myop = findSpan(t, "my-op");
        QVERIFY(myop != NoSpan);
        QCOMPARE(t.view(t.details(myop).reportName), std::string_view("my"));
        QVERIFY(findSpan(t, "neutron.db") != NoSpan);

        // Errors: type from "exception", message from the stop payload.
        QVERIFY(t.span(myop).has(HasError));
        QCOMPARE(t.view(t.details(myop).exception), std::string_view("ValueError"));
        QCOMPARE(t.view(t.details(myop).message), std::string_view("bad value for flavor"));
        QCOMPARE(t.errorCount(), size_t(1));

        // Summaries: request, SQL, function, requests target (4.1+ http spans).
        const SpanIndex post = findSpan(t, "wsgi", 1);
        QCOMPARE(t.view(t.details(post).summary), std::string_view("POST /v2.1/servers"));
        QCOMPARE(t.view(t.details(findSpan(t, "db")).summary), std::string_view("SELECT 1"));
        QCOMPARE(t.view(t.details(findSpan(t, "http")).summary),
            std::string_view("GET http://glance.local:9292/v2/images"));
        QCOMPARE(t.view(t.details(findSpan(t, "driver")).summary),
            std::string_view("nova.virt.libvirt.driver.LibvirtDriver.spawn"));

        // Key order does not matter: the POST wsgi had "children" before "info".
        QCOMPARE(t.children(post).size(), size_t(4));
        QCOMPARE(t.view(t.span(post).service), std::string_view("osapi_compute"));

        // Microseconds: a 0 ms span keeps its real 400 µs.
        const SpanIndex db = findSpan(t, "db");
        QCOMPARE(t.details(db).finishedMs - t.details(db).startedMs, int64_t(0));
        QCOMPARE(t.span(db).startUs, int64_t(6000));
        QCOMPARE(t.span(db).durationUs(), int64_t(400));

        // Self time: children [6.0,6.4] ∪ [10,20] ∪ [15,30] ∪ [40, 120→clipped 90.1].
        QCOMPARE(t.span(post).durationUs(), int64_t(84900));
        QCOMPARE(t.span(post).selfUs, int64_t(84900 - 400 - 20000 - 50100));

        // Unfinished rpc: no stop event, ends with its last descendant (async driver).
        const SpanIndex rpc = findSpan(t, "rpc");
        QVERIFY(t.span(rpc).has(NoStopEvent));
        QCOMPARE(t.span(rpc).endUs, int64_t(120000));
        QCOMPARE(t.span(rpc).selfUs, int64_t(10000));
        QCOMPARE(t.unfinishedCount(), size_t(1));

        // Orphan with only a stop event: started := finished.
        const SpanIndex orphan = findSpan(t, "rpc", 1);
        QVERIFY(t.span(orphan).has(Orphan));
        QVERIFY(t.span(orphan).has(NoStartEvent));
        QCOMPARE(t.span(orphan).startUs, int64_t(130000));
        QVERIFY(!t.span(findSpan(t, "http")).has(Orphan));

        // null project/service are not strings: absent in the model, kept for the writer.
        const SpanIndex http = findSpan(t, "http");
        QCOMPARE(t.span(http).project, NoString);
        QCOMPARE(t.lastStarted(), http); // last_trace_started = 100 ms
        QCOMPARE(t.maxDepth(), uint32_t(2));
    }

    void microsecondsMatchRawTimestamps_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("small-report") << OspTest::dataFile("small-report.json");
        const QString sample = QStringLiteral(OSP_SOURCE_DIR "/resources/sample/boot.json");
        if (QFile::exists(sample))
            QTest::newRow("bundled sample") << sample;
        if (!OspTest::sharedTraces().isEmpty()) {
            QTest::newRow("boot") << OspTest::sharedTraces()
                    + QStringLiteral("/generated/boot.json");
            QTest::newRow("neutron-perf") << OspTest::sharedTraces()
                    + QStringLiteral(
                        "/real/"
                        "neutron-perf__iterations-80-concurrency-20-osprofiler-iteration-37.json");
        }
    }
    void microsecondsMatchRawTimestamps()
    {
        QFETCH(QString, path);
        const LoadResult r = loadTraceFile(path);
        QVERIFY2(OspTest::readInFull(r), !r.ok() ? qPrintable(r.error().toString()) : "");
        const Trace &t = *r.value();
        QVERIFY(t.epochUnixUs());
        int checked = 0;
        for (SpanIndex i = 0; i < t.spanCount(); ++i) {
            for (const RawEntry &e : t.entries(i)) {
                const std::string_view key = t.view(e.key());
                if (!key.ends_with("-start"))
                    continue;
                const auto payload = nlohmann::json::parse(t.rawText(e.value()));
                const auto ts
                    = Timestamp::parseUtcMicros(payload.at("timestamp").get<std::string>());
                QVERIFY(ts);
                QCOMPARE(t.span(i).startUs, *ts - *t.epochUnixUs());
                // Anchored: the µs agree with the report's truncated ms.
                QCOMPARE(t.span(i).startUs / 1000, t.details(i).startedMs);
                ++checked;
            }
        }
        QVERIFY(checked > 0);
    }

    void subMillisecondDbSpanInBoot()
    {
        if (OspTest::sharedTraces().isEmpty())
            QSKIP("../shared is absent");
        const LoadResult r
            = loadTraceFile(OspTest::sharedTraces() + QStringLiteral("/generated/boot.json"));
        QVERIFY(r.ok());
        const Trace &t = *r.value();
        bool found = false;
        for (SpanIndex i = 0; i < t.spanCount() && !found; ++i) {
            const SpanDetails &d = t.details(i);
            found = t.view(t.span(i).name) == "db" && d.finishedMs == d.startedMs
                && t.span(i).durationUs() > 0 && t.span(i).durationUs() < 1000;
        }
        QVERIFY2(found, "a 0 ms db span should show its real sub-millisecond duration");
    }

    void sqlDriverReportIsMsPrecision()
    {
        QStringList files { OspTest::dataFile("small-report.sqlalchemy.json") };
        if (!OspTest::sharedTraces().isEmpty())
            files << OspTest::sharedTraces()
                    + QStringLiteral("/generated/boot.sqlalchemy-driver.json");
        for (const QString &path : files) {
            const LoadResult r = loadTraceFile(path);
            QVERIFY2(OspTest::readInFull(r), qPrintable(path));
            QVERIFY(r.value()->isMsPrecision());
            QVERIFY(!r.value()->epochUnixUs());
            QVERIFY(r.value()->span(0).has(MsPrecision));
            QCOMPARE(r.value()->span(0).startUs, r.value()->details(0).startedMs * 1000);
            QVERIFY(r.value()->errorCount() >= 1);
        }
    }

    void readsHtmlReportAndGzip()
    {
        const std::string json = OspTest::readAll(OspTest::dataFile("small-report.json"));
        QTemporaryDir dir;
        const QString html = dir.filePath(QStringLiteral("r.html"));
        {
            QFile f(html);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("<!doctype html>\n<html><script>\n            var OSProfilerData = ");
            f.write(json.data(), static_cast<qint64>(json.size()));
            f.write(";\n  var x = {};</script></html>\n");
        }
        const LoadResult h = loadTraceFile(html);
        QVERIFY2(OspTest::readInFull(h), !h.ok() ? qPrintable(h.error().toString()) : "");
        QCOMPARE(h.value()->spanCount(), size_t(9));

        const QString gz = dir.filePath(QStringLiteral("r.json.gz"));
        gzFile out = gzopen(gz.toLocal8Bit().constData(), "wb");
        QVERIFY(out);
        gzwrite(out, json.data(), static_cast<unsigned>(json.size()));
        gzclose(out);
        const LoadResult g = loadTraceFile(gz);
        QVERIFY2(OspTest::readInFull(g), !g.ok() ? qPrintable(g.error().toString()) : "");
        QCOMPARE(g.value()->spanCount(), size_t(9));
        // Payloads of compressed input live in memory and read back the same.
        const Trace &plain = *h.value();
        QCOMPARE(g.value()->rawText(g.value()->entries(1)[0].value()),
            plain.rawText(plain.entries(1)[0].value()));
    }

    void idsRoundTripExactly()
    {
        // Ids that the compact storage must not bend: the reserved bit patterns (all zero, all
        // ones), uppercase (kept as text), a parent_id that is not the parent's trace_id, and
        // a missing parent_id under a parent that has a trace_id.
        const std::string text = R"({"info":{"name":"total","started":0,"finished":9},"children":[
            {"info":{"name":"a","started":0,"finished":9},
             "trace_id":"00000000-0000-0000-0000-000000000000",
             "parent_id":"11111111-1111-4111-8111-111111111111","children":[
                {"info":{"name":"b","started":1,"finished":5},
                 "trace_id":"ffffffff-ffff-ffff-ffff-ffffffffffff",
                 "parent_id":"00000000-0000-0000-0000-000000000000","children":[
                    {"info":{"name":"d","started":2,"finished":3},"trace_id":"d","children":[]}]},
                {"info":{"name":"c","started":6,"finished":8},
                 "trace_id":"AAAAAAAA-0000-4000-8000-000000000003",
                 "parent_id":"aaaaaaaa-0000-4000-8000-00000000000f","children":[]}]}]})";
        const LoadResult r = loadText(text);
        QVERIFY2(OspTest::readInFull(r), !r.ok() ? qPrintable(r.error().toString()) : "");
        const Trace &t = *r.value();
        struct Expected
        {
            const char *name, *traceId, *parentId;
        };
        for (const Expected &e : {
                 Expected { "a", "00000000-0000-0000-0000-000000000000",
                     "11111111-1111-4111-8111-111111111111" },
                 Expected { "b", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                     "00000000-0000-0000-0000-000000000000" },
                 Expected { "d", "d", "" },
                 Expected { "c", "AAAAAAAA-0000-4000-8000-000000000003",
                     "aaaaaaaa-0000-4000-8000-00000000000f" },
             }) {
            const SpanIndex i = findSpan(t, e.name);
            QVERIFY(i != NoSpan);
            QCOMPARE(t.traceId(i), std::string(e.traceId));
            QCOMPARE(t.parentId(i), std::string(e.parentId));
        }
        std::string out;
        const Result<void> writing = ReportWriter(t).write([&](std::string_view chunk) {
            out += chunk;
            return true;
        });
        QVERIFY(writing.ok());
        QVERIFY(nlohmann::json::parse(out) == nlohmann::json::parse(text));
    }

    void deepChainLoadsAndWritesBack()
    {
        const int depth = 100000;
        const LoadResult r = loadText(deepChain(depth));
        QVERIFY2(OspTest::readInFull(r), !r.ok() ? qPrintable(r.error().toString()) : "");
        QCOMPARE(r.value()->spanCount(), size_t(depth));
        QCOMPARE(r.value()->maxDepth(), uint32_t(depth - 1));
        const std::string out = OspTest::exportText(*r.value(), ExportFormat::Report, false);
        QVERIFY(!out.empty());
        const LoadResult again = loadText(out);
        QVERIFY2(
            OspTest::readInFull(again), !again.ok() ? qPrintable(again.error().toString()) : "");
        QCOMPARE(again.value()->spanCount(), size_t(depth));
        QCOMPARE(again.value()->maxDepth(), uint32_t(depth - 1));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected"); // part of the message
        QTest::addColumn<int>("line"); // 0: not checked
        QTest::newRow("empty") << QByteArray() << "empty" << 0;
        QTest::newRow("whitespace") << QByteArray(" \n\t\n") << "only whitespace" << 0;
        QTest::newRow("not json") << QByteArray("hello world") << "not JSON: expected '{'" << 1;
        QTest::newRow("binary") << QByteArray("\x01\x02\xff\xfe", 4) << "byte 0x01" << 1;
        QTest::newRow("array of non-events")
            << QByteArray("[1, 2]") << "expected an OSProfiler event object" << 0;
        QTest::newRow("children object")
            << QByteArray("{\"info\":{},\"children\":{}}") << "must be an array of spans" << 0;
        QTest::newRow("info array") << QByteArray("{\"info\":[],\"children\":[]}")
                                    << "\"info\" of the report must be an object" << 0;
        QTest::newRow("scalar span")
            << QByteArray("{\"info\":{},\"children\":[1]}") << "expected a span object" << 0;
        QTest::newRow("span info string")
            << QByteArray("{\"children\":[{\"info\":\"x\",\"children\":[]}]}")
            << "\"info\" an object" << 0;
        QTest::newRow("not a report")
            << QByteArray("{\"foo\": 1}") << "not an OSProfiler report" << 0;
        QTest::newRow("event without trace_id")
            << QByteArray("{\"name\":\"wsgi-start\",\"base_id\":\"x\"}") << "string \"trace_id\""
            << 0;
        QTest::newRow("syntax") << QByteArray("{\n  \"info\": {,\n}") << "syntax error" << 2;
        QTest::newRow("NaN") << QByteArray("{\"info\": {\"started\": NaN}}") << "syntax error" << 1;
        QTest::newRow("invalid utf-8")
            << QByteArray("{\"info\": {\"name\": \"\xff\"}}") << "UTF-8" << 1;
        QTest::newRow("trailing garbage")
            << QByteArray("{\"info\":{},\"children\":[]} x") << "expected end of input" << 1;
        QTest::newRow("html without data")
            << QByteArray("<html><body>hi</body></html>") << "without OSProfiler data" << 0;
    }
    void badInput()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QFETCH(int, line);
        const LoadResult r = loadText(text.toStdString());
        QVERIFY(!r.ok());
        const QString message = r.error().toString();
        QVERIFY2(message.startsWith(QLatin1String("mem.json")), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        if (line)
            QCOMPARE(r.error().line, line);
    }

    void truncatedFileGivesPartialTrace()
    {
        const std::string json = OspTest::readAll(OspTest::dataFile("small-report.json"));
        // Cut in the middle of the POST request's children.
        const size_t cut = json.find("neutron.db-stop");
        QVERIFY(cut != std::string::npos);
        const LoadResult r = loadText(json.substr(0, cut));
        QVERIFY(r.ok() && OspTest::loadError(r));
        QVERIFY(r.value()->isPartial());
        QVERIFY(r.value()->partialWarning().contains(QLatin1String("partial")));
        QVERIFY(OspTest::loadError(r)->message.contains(QLatin1String("end of input")));
        QVERIFY(r.value()->spanCount() >= 3);
        QVERIFY(r.value()->spanCount() < 9);
        // Truncation at every structural boundary never crashes and never claims success.
        for (size_t n = 0; n + 1 < json.size(); n += 97) {
            const LoadResult cutResult = loadText(json.substr(0, n));
            QVERIFY(OspTest::loadError(cutResult));
        }
    }

    void filesystemErrors()
    {
        QTemporaryDir dir;
        LoadResult r = loadTraceFile(dir.path());
        QVERIFY(!r.ok() && r.error().message.contains(QLatin1String("directory")));
        r = loadTraceFile(dir.filePath(QStringLiteral("missing.json")));
        QVERIFY(!r.ok() && r.error().toString().contains(QLatin1String("missing.json")));
        QVERIFY(r.error().message.contains(QLatin1String("cannot open")));
        const QString corrupt = dir.filePath(QStringLiteral("bad.gz"));
        QFile f(corrupt);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x1f\x8b\x08\x00garbage-not-deflate-data", 28);
        f.close();
        r = loadTraceFile(corrupt);
        QVERIFY(!r.ok());
        QVERIFY2(
            r.error().message.contains(QLatin1String("gzip")), qPrintable(r.error().toString()));
    }

    // The details panel's tree of a span's entries: pre-order rows with depths, payload keys
    // shown by event name, and the entries as one JSON object for the clipboard.
    void payloadTreeOfASpan()
    {
        const LoadResult r = loadText(
            "{\"info\": {\"name\": \"total\", \"started\": 0, \"finished\": 10}, \"children\": "
            "[{\"info\": {\"name\": \"a\", \"started\": 0, \"finished\": 5, "
            "\"meta.raw_payload.a-start\": {\"name\": \"a-start\", \"info\": {\"list\": "
            "[1, \"two\", null], \"empty\": {}, \"none\": []}}}, \"trace_id\": \"t\", "
            "\"parent_id\": \"p\", \"children\": []}]}");
        QVERIFY2(OspTest::readInFull(r), !r.ok() ? qPrintable(r.error().toString()) : "");
        const PayloadTree tree = payloadTree(*r.value(), 0);
        auto top = std::find_if(tree.rows.begin(), tree.rows.end(), [](const PayloadRow &row) {
            return row.depth == 0 && row.name == QLatin1String("a-start");
        });
        QVERIFY(top != tree.rows.end());
        QCOMPARE(top->key, QStringLiteral("meta.raw_payload.a-start"));
        QStringList shown;
        for (auto row = top; row != tree.rows.end() && (row == top || row->depth > 0); ++row)
            shown << QStringLiteral("%1 %2 %3 %4 %5")
                         .arg(row->depth)
                         .arg(int(row->kind))
                         .arg(row->name, row->text)
                         .arg(row->size);
        QCOMPARE(shown.join(QLatin1Char('|')),
            QStringLiteral("0 1 a-start  2|1 0 name a-start 0|1 1 info  3|2 2 list  3|3 0 0 1 0|"
                           "3 0 1 two 0|3 0 2 null 0|2 1 empty  0|2 2 none  0"));
        const nlohmann::ordered_json all = nlohmann::ordered_json::parse(tree.json.toStdString());
        QCOMPARE(all.size(), r.value()->entries(0).size());
        QVERIFY(all["meta.raw_payload.a-start"]["info"]["list"][1] == "two");
        QVERIFY(tree.json.contains(QLatin1String("\n    \"meta.raw_payload.a-start\": {\n")));
    }

    void cancelStopsTheLoad()
    {
        std::atomic<bool> cancel { true };
        LoadOptions options;
        options.cancel = &cancel;
        const LoadResult r = loadTraceBytes(deepChain(5000), QStringLiteral("x"), options);
        QVERIFY(r.cancelled());
        QVERIFY(!r.ok());
    }
};

QTEST_GUILESS_MAIN(TestReportReader)
#include "tst_reportreader.moc"
