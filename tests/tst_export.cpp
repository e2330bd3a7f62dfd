// Exports: report, HTML, Chrome trace, DOT, CSV of spans and statistics, redaction,
// and osptrace export. Real traces from ../shared/traces when present.
#include "analysisfixture.h"
#include "export/redaction.h"
#include "exportcheck.h"
#include "testutil.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace Osp;
using namespace OspTest;

namespace {

Osp::TracePtr load(const QString &path)
{
    LoadResult r = loadTraceFile(path);
    return r.value();
}

Osp::TracePtr loadText(const std::string &text, const char *name = "fixture.json")
{
    return loadTraceBytes(text, QString::fromLatin1(name)).value();
}

/// Our fixtures, the generated samples and every real trace (when ../shared is there).
QStringList traceFiles()
{
    QStringList files { dataFile("small-report.json"), dataFile("small-report.sqlalchemy.json"),
        dataFile("secrets-report.json") };
    const QString shared = sharedTraces();
    if (shared.isEmpty())
        return files;
    for (const char *g : { "boot.json", "inflight.json", "single-start-only.json",
             "boot.redis-lrange.ndjson", "inflight.redis-lrange.ndjson" })
        files << shared + QStringLiteral("/generated/") + QLatin1String(g);
    QDirIterator it(shared + QStringLiteral("/real"), { QStringLiteral("*.json") });
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

void addTraceRows()
{
    QTest::addColumn<QString>("path");
    for (const QString &f : traceFiles())
        QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
}

std::string reportJson(const Trace &trace)
{
    return exportText(trace, ExportFormat::Report, false);
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private slots:
    void reportIsShowJson_data() { addTraceRows(); }
    void reportIsShowJson()
    {
        QFETCH(QString, path);
        const TracePtr trace = load(path);
        QVERIFY(trace);
        std::string viaWriter;
        ReportWriter writer(*trace);
        const Result<void> writing = writer.write([&](std::string_view c) {
            viaWriter.append(c);
            return true;
        });
        QVERIFY(writing.ok());
        QVERIFY(reportJson(*trace) == viaWriter);
    }

    void htmlReopens_data() { addTraceRows(); }
    void htmlReopens()
    {
        QFETCH(QString, path);
        const TracePtr trace = load(path);
        QVERIFY(trace);
        const std::string html = exportText(*trace, ExportFormat::Html, false);
        QVERIFY(html.rfind("<!DOCTYPE html>", 0) == 0);
        // The marker sits where MIME sniffing looks (first 8 KiB) and only once before data.
        QVERIFY(html.find("var OSProfilerData = {") < 1024);
        const auto original = nlohmann::json::parse(reportJson(*trace));
        QVERIFY(nlohmann::json::parse(htmlLiteral(html)) == original);
        const TracePtr reopened = loadText(html, "export.html");
        QVERIFY(reopened);
        QCOMPARE(reopened->spanCount(), trace->spanCount());
        const auto again = nlohmann::json::parse(reportJson(*reopened));
        QVERIFY2(again == original, describeDifference(original, again).c_str());
        // Self-contained: nothing outside the data literal loads from anywhere.
        const size_t dataStart = html.find("var OSProfilerData = ");
        const std::string markup
            = html.substr(0, dataStart) + html.substr(dataStart + htmlLiteral(html).size());
        for (const char *remote : { "http://", "https://", "src=", "<link", "@import", "url(" })
            QVERIFY2(markup.find(remote) == std::string::npos, remote);
        // No payload can close the script element early.
        QCOMPARE(html.find("</script>"), html.find(";\n</script>") + 2);
    }

    void htmlEscapesScriptEnd()
    {
        const std::string report = fixtureReport(
            { { -1, "db", 0, 5, "h1", "svc", "SELECT '</script><script>alert(1)</script>'" } });
        const TracePtr trace = loadText(report);
        QVERIFY(trace);
        const std::string html = exportText(*trace, ExportFormat::Html, false);
        QVERIFY(html.find("alert(1)</script>") == std::string::npos);
        const TracePtr reopened = loadText(html, "x.html");
        QVERIFY(reopened);
        QCOMPARE(reopened->view(reopened->details(0).summary),
            std::string_view("SELECT '</script><script>alert(1)</script>'"));
    }

    void chromeOneEventPerSpanNoPartialOverlap_data() { addTraceRows(); }
    void chromeOneEventPerSpanNoPartialOverlap()
    {
        QFETCH(QString, path);
        const TracePtr trace = load(path);
        QVERIFY(trace);
        const ChromeCheck check = checkChromeTrace(exportText(*trace, ExportFormat::Chrome, false));
        QCOMPARE(check.completeEvents, trace->spanCount());
        QVERIFY2(check.overlap.empty(), check.overlap.c_str());
    }

    void chromeAsyncChildGetsItsOwnTrack()
    {
        // rpc (0..10) casts to compute (5..50) on the same service and host: the child
        // outlives its parent, so it cannot nest on the parent's track.
        const TracePtr trace = loadText(
            fixtureReport({ { -1, "rpc", 0, 10 }, { 0, "db", 1, 3 }, { 0, "compute", 5, 50 },
                { 2, "db", 6, 8 }, { -1, "wsgi", 60, 70 }, { -1, "wsgi", 61, 62, "h2" } }));
        QVERIFY(trace);
        const std::string text = exportText(*trace, ExportFormat::Chrome, false);
        const ChromeCheck check = checkChromeTrace(text);
        QCOMPARE(check.completeEvents, size_t(6));
        QVERIFY2(check.overlap.empty(), check.overlap.c_str());
        QCOMPARE(check.tracks, size_t(3)); // h1, h1 (async 2), h2
        QVERIFY(check.trackOfTraceId.at("t2") != check.trackOfTraceId.at("t0"));
        QVERIFY(check.trackOfTraceId.at("t3") == check.trackOfTraceId.at("t2"));
        QVERIFY(check.trackOfTraceId.at("t1") == check.trackOfTraceId.at("t0"));
        QVERIFY(check.trackOfTraceId.at("t4") == check.trackOfTraceId.at("t0"));
        QVERIFY(text.find("\"h1 (async 2)\"") != std::string::npos);
        QVERIFY(text.find("\"thread_name\"") != std::string::npos);
        QVERIFY(text.find("\"process_name\"") != std::string::npos);
    }

    void chromeProcessPerServiceThreadPerHost()
    {
        if (sharedTraces().isEmpty())
            QSKIP("../shared/traces not present");
        const TracePtr trace = load(sharedTraces() + QStringLiteral("/generated/boot.json"));
        QVERIFY(trace);
        const auto doc = nlohmann::json::parse(exportText(*trace, ExportFormat::Chrome, false));
        std::set<std::string> services, names;
        for (SpanIndex i = 0; i < trace->spanCount(); ++i)
            services.insert(std::string(trace->view(trace->span(i).service)));
        for (const auto &e : doc["traceEvents"])
            if (e["ph"] == "M" && e["name"] == "process_name")
                names.insert(e["args"]["name"].get<std::string>());
        QVERIFY(names == services);
    }

    void dotNodePerSpan_data() { addTraceRows(); }
    void dotNodePerSpan()
    {
        QFETCH(QString, path);
        const TracePtr trace = load(path);
        QVERIFY(trace);
        const std::string dot = exportText(*trace, ExportFormat::Dot, false);
        QVERIFY(dot.rfind("digraph {\n", 0) == 0);
        const auto [nodes, edges] = countDot(dot);
        QCOMPARE(nodes, trace->spanCount() + 1); // + "total"
        QCOMPARE(edges, trace->spanCount());
    }

    void dotWithoutServiceOrStart()
    {
        // The Python CLI raises TypeError on "service": null and KeyError on a span whose
        // start event is missing; we label them anyway.
        auto doc = nlohmann::json::parse(fixtureReport({ { -1, "wsgi", 0, 10 },
            { 0, "db", 1, 3, "h1", "svc", "SELECT \"x\" FROM t\nWHERE a = 1" } }));
        doc["children"][0]["info"]["service"] = nullptr;
        const TracePtr trace = loadText(doc.dump());
        QVERIFY(trace);
        const std::string dot = exportText(*trace, ExportFormat::Dot, false);
        QVERIFY2(dot.find("\t1 [label=\"wsgi - 10 ms\"]") != std::string::npos, dot.c_str());
        QVERIFY2(
            dot.find("svc:db - 2 ms\\nSELECT \\\"x\\\" FROM t WHERE a = 1\"") != std::string::npos,
            dot.c_str());
        if (!sharedTraces().isEmpty()) {
            const TracePtr startless
                = load(sharedTraces() + QStringLiteral("/generated/single-start-only.json"));
            QVERIFY(startless);
            QCOMPARE(countDot(exportText(*startless, ExportFormat::Dot, false)).first,
                startless->spanCount() + 1);
        }
    }

    void csvSpans_data() { addTraceRows(); }
    void csvSpans()
    {
        QFETCH(QString, path);
        const TracePtr trace = load(path);
        QVERIFY(trace);
        const auto rows = parseCsv(exportText(*trace, ExportFormat::CsvSpans, false));
        QCOMPARE(rows.size(), trace->spanCount() + 1);
        QCOMPARE(rows[0].size(), size_t(20));
        QCOMPARE(rows[0][0], std::string("index"));
        for (SpanIndex i = 0; i < trace->spanCount(); ++i) {
            const auto &r = rows[i + 1];
            QCOMPARE(r.size(), size_t(20));
            const Span &s = trace->span(i);
            QCOMPARE(r[0], std::to_string(i));
            QCOMPARE(r[1], s.parent == NoSpan ? std::string() : std::to_string(s.parent));
            QCOMPARE(r[2], trace->traceId(i));
            QCOMPARE(r[5], std::string(trace->view(s.name)));
            QCOMPARE(r[10], std::to_string(s.startUs));
            const bool timed = !s.has(NoStopEvent) && !s.has(NoStartEvent);
            QCOMPARE(r[12], timed ? std::to_string(s.durationUs()) : std::string());
            QCOMPARE(r[19], std::string(trace->view(trace->details(i).summary)));
        }
    }

    void csvQuoting()
    {
        const std::string sql = "SELECT a, \"b\" FROM t\r\nWHERE c = 'x,y'";
        const TracePtr trace = loadText(
            fixtureReport({ { -1, "db", 0, 5, "h1", "svc", sql, "sqlite3.OperationalError" } }));
        QVERIFY(trace);
        const std::string text = exportText(*trace, ExportFormat::CsvSpans, false);
        QVERIFY(
            text.find("\"SELECT a, \"\"b\"\" FROM t\r\nWHERE c = 'x,y'\"") != std::string::npos);
        const auto rows = parseCsv(text);
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(rows[1][19], sql);
        QCOMPARE(rows[1][16], std::string("1"));
        QCOMPARE(rows[1][17], std::string("sqlite3.OperationalError"));
        QCOMPARE(rows[1][18], std::string("boom"));
    }

    void csvStats()
    {
        const TracePtr trace = loadText(fixtureReport({ { -1, "wsgi", 0, 100 }, { 0, "db", 10, 30 },
            { 0, "db", 40, 45 }, { 0, "rpc", 50, -1 } }));
        QVERIFY(trace);
        const auto rows = parseCsv(exportText(*trace, ExportFormat::CsvStats, false));
        const Statistics st = computeStatistics(*trace, GroupBy::Type);
        QCOMPARE(rows.size(), st.rows.size() + 1);
        QCOMPARE(rows[0][0], std::string("key"));
        std::map<std::string, std::vector<std::string>> byKey;
        for (size_t r = 1; r < rows.size(); ++r)
            byKey[rows[r][0]] = rows[r];
        QCOMPARE(byKey.at("db")[1], std::string("2"));
        QCOMPARE(byKey.at("db")[4], std::string("25000")); // total_us
        QCOMPARE(byKey.at("rpc")[2], std::string("1")); // unfinished
        QCOMPARE(byKey.at("rpc")[4], std::string()); // no durations for it
    }

    void redactionOfPayloads_data()
    {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QByteArray>("out");
        QTest::newRow("params dict")
            << QByteArray("{\"info\":{\"db\":{\"statement\":\"S\",\"params\":{\"a\":\"x\",\"b\":[1,"
                          "{\"c\":2}]}}}}")
            << QByteArray("{\"info\":{\"db\":{\"statement\":\"S\",\"params\":\"<redacted>\"}}}");
        QTest::newRow("scalar before brace")
            << QByteArray("{\"function\":{\"name\":\"f\",\"args\":5}}")
            << QByteArray("{\"function\":{\"name\":\"f\",\"args\":\"<redacted>\"}}");
        QTest::newRow("empty values kept")
            << QByteArray("{\"function\":{\"args\":\"\",\"kwargs\":{}},\"db\":{\"params\":[ ]}}")
            << QByteArray("{\"function\":{\"args\":\"\",\"kwargs\":{}},\"db\":{\"params\":[ ]}}");
        QTest::newRow("escaped quotes")
            << QByteArray("{\"kwargs\":\"{'a': \\\"q\\\\\\\" }\\\"}\",\"x\":\"args\"}")
            << QByteArray("{\"kwargs\":\"<redacted>\",\"x\":\"args\"}");
        QTest::newRow("results only in db and function")
            << QByteArray("{\"db\":{\"result\":\"rows\"},\"requests\":{\"result\":200},"
                          "\"function\":{\"results\":\"r\"}}")
            << QByteArray("{\"db\":{\"result\":\"<redacted>\"},\"requests\":{\"result\":200},"
                          "\"function\":{\"results\":\"<redacted>\"}}");
        QTest::newRow("query")
            << QByteArray(
                   "{\"request\":{\"path\":\"/p\",\"query\":\"token=abc\",\"method\":\"GET\"}}")
            << QByteArray(
                   "{\"request\":{\"path\":\"/p\",\"query\":\"<redacted>\",\"method\":\"GET\"}}");
        QTest::newRow("url in text")
            << QByteArray(
                   "{\"message\":\"GET http://h:1/x?token=abc&b=2 failed\",\"u\":\"https://a/b\"}")
            << QByteArray(
                   "{\"message\":\"GET http://h:1/x?<redacted> failed\",\"u\":\"https://a/b\"}");
        QTest::newRow("sqlalchemy parameters")
            << QByteArray("{\"message\":\"[SQL: S]\\n[parameters: ('a]b', 2)]\\n(Background)\"}")
            << QByteArray("{\"message\":\"[SQL: S]\\n[parameters: <redacted>]\\n(Background)\"}");
        QTest::newRow("indented") << QByteArray("{\n  \"args\": [\n    1\n  ],\n  \"n\": 1\n}")
                                  << QByteArray("{\n  \"args\": \"<redacted>\",\n  \"n\": 1\n}");
    }
    void redactionOfPayloads()
    {
        QFETCH(QByteArray, in);
        QFETCH(QByteArray, out);
        const std::string redacted = Redaction::payload(in.toStdString());
        QCOMPARE(redacted, out.toStdString());
        QVERIFY(nlohmann::json::accept(redacted));
    }

    void redactionOfSummaries()
    {
        QCOMPARE(Redaction::summary("GET /v2/images?name=x&limit=2"),
            std::string("GET /v2/images?<redacted>"));
        QCOMPARE(Redaction::summary("GET http://glance:9292/v2/images?sig=x"),
            std::string("GET http://glance:9292/v2/images?<redacted>"));
        QCOMPARE(Redaction::summary("SELECT a FROM t WHERE b = ? AND c = ?"),
            std::string("SELECT a FROM t WHERE b = ? AND c = ?"));
        QCOMPARE(Redaction::summary("nova.compute.manager.ComputeManager.build"),
            std::string("nova.compute.manager.ComputeManager.build"));
    }

    void redactedExportsHaveNoSecrets_data()
    {
        QTest::addColumn<int>("format");
        for (const ExportFormatInfo &f : exportFormats())
            QTest::newRow(qPrintable(f.name)) << int(f.format);
    }
    void redactedExportsHaveNoSecrets()
    {
        QFETCH(int, format);
        const auto fmt = static_cast<ExportFormat>(format);
        // Made by the real osprofiler library (tests/data/make_secrets_report.py): secret
        // values in SQL params, args, kwargs, results, query strings and error messages.
        const TracePtr trace = load(dataFile("secrets-report.json"));
        QVERIFY(trace);
        QCOMPARE(trace->spanCount(), size_t(6));
        const std::string plain = exportText(*trace, fmt, false);
        const std::string redacted = exportText(*trace, fmt, true);
        QVERIFY(!redacted.empty());
        if (fmt != ExportFormat::CsvStats) // statistics hold no parameter values at all
            QVERIFY(plain.find("SECRET_") != std::string::npos); // the check can fail
        const size_t leak = redacted.find("SECRET_");
        QVERIFY2(leak == std::string::npos,
            redacted.substr(leak == std::string::npos ? 0 : leak, 60).c_str());
        if (fmt == ExportFormat::Report || fmt == ExportFormat::Html) {
            const TracePtr reopened
                = loadText(redacted, fmt == ExportFormat::Html ? "r.html" : "r.json");
            QVERIFY(reopened);
            QCOMPARE(reopened->spanCount(), trace->spanCount());
            // What the trace did stays: statements, paths, function names.
            QVERIFY(
                redacted.find("SELECT * FROM users WHERE name = %(name_1)s") != std::string::npos);
            QVERIFY(redacted.find("/v3/auth/tokens") != std::string::npos);
            QVERIFY(redacted.find("<redacted>") != std::string::npos
                || redacted.find("\\u003credacted>") != std::string::npos);
        }
    }

    void cancelStopsEveryFormat()
    {
        const TracePtr trace = load(dataFile("small-report.json"));
        QVERIFY(trace);
        std::atomic<bool> cancel { true };
        for (const ExportFormatInfo &f : exportFormats()) {
            ExportOptions options;
            options.cancel = &cancel;
            const ExportResult r
                = exportTrace(*trace, f.format, options, [](std::string_view) { return true; });
            QVERIFY2(r.cancelled(), qPrintable(f.name));
        }
    }

    void fileIsReplacedOnlyWhenComplete()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.json"));
        const TracePtr trace = load(dataFile("small-report.json"));
        QVERIFY(trace);
        QVERIFY(exportTraceToFile(*trace, ExportFormat::Report, {}, path).ok());
        QCOMPARE(readAll(path), reportJson(*trace));
        std::atomic<bool> cancel { true };
        ExportOptions options;
        options.cancel = &cancel;
        QVERIFY(exportTraceToFile(*trace, ExportFormat::Html, options, path).cancelled());
        QCOMPARE(readAll(path), reportJson(*trace)); // the old file is untouched
        const ExportResult bad = exportTraceToFile(
            *trace, ExportFormat::Report, {}, dir.filePath(QStringLiteral("no/such/dir/x")));
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().toString().contains(QLatin1String("no/such/dir/x")));
    }

    void cliExportReportIsShowJson()
    {
        const QString file = dataFile("small-report.json");
        const CliRun show = runOsptrace(
            { QStringLiteral("show"), QStringLiteral("--format"), QStringLiteral("json"), file });
        const CliRun exp = runOsptrace({ QStringLiteral("export"), QStringLiteral("--format"),
            QStringLiteral("report"), file });
        QCOMPARE(exp.code, 0);
        QVERIFY(!exp.out.isEmpty());
        QCOMPARE(exp.out, show.out);
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.json"));
        const QString b = dir.filePath(QStringLiteral("b.json"));
        QCOMPARE(runOsptrace({ QStringLiteral("show"), QStringLiteral("--json"),
                                 QStringLiteral("-o"), a, file })
                     .code,
            0);
        QCOMPARE(runOsptrace({ QStringLiteral("export"), QStringLiteral("--to"),
                                 QStringLiteral("report"), QStringLiteral("-o"), b, file })
                     .code,
            0);
        QCOMPARE(readAll(a), readAll(b));
    }

    void cliEveryFormat_data()
    {
        QTest::addColumn<QString>("format");
        for (const QString &f : exportFormatNames())
            QTest::newRow(qPrintable(f)) << f;
        QTest::newRow("csv") << QStringLiteral("csv");
    }
    void cliEveryFormat()
    {
        QFETCH(QString, format);
        const QString file = dataFile("secrets-report.json");
        const TracePtr trace = load(file);
        QVERIFY(trace);
        const auto fmt = *exportFormatByName(format);
        for (bool redacted : { false, true }) {
            QStringList args { QStringLiteral("export"), QStringLiteral("--format"), format, file };
            if (redacted)
                args << QStringLiteral("--redacted");
            const CliRun r = runOsptrace(args);
            QCOMPARE(r.code, 0);
            QVERIFY(r.err.isEmpty());
            std::string expected = exportText(*trace, fmt, redacted);
            if (fmt == ExportFormat::Report)
                expected += '\n'; // as show --format json on a terminal
            QCOMPARE(r.out.toStdString(), expected);
        }
    }

    void cliStatsCsvMatchesStatsCommand()
    {
        const QString file = dataFile("small-report.json");
        for (const char *by : { "type", "service", "host", "path" }) {
            const CliRun stats = runOsptrace({ QStringLiteral("stats"), QStringLiteral("--format"),
                QStringLiteral("csv"), QStringLiteral("--by"), QLatin1String(by), file });
            const CliRun exp = runOsptrace({ QStringLiteral("export"), QStringLiteral("--format"),
                QStringLiteral("csv-stats"), QStringLiteral("--by"), QLatin1String(by), file });
            QCOMPARE(exp.code, 0);
            QCOMPARE(exp.out, stats.out);
        }
    }

    void cliErrors()
    {
        const QString file = dataFile("small-report.json");
        CliRun r = runOsptrace(
            { QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("pdf"), file });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown --format 'pdf'"));
        r = runOsptrace(
            { QStringLiteral("export"), QStringLiteral("--to"), QStringLiteral("png"), file });
        QCOMPARE(r.code, 2);
        r = runOsptrace({ QStringLiteral("export"), QStringLiteral("/no/such/trace.json") });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.startsWith("osptrace: /no/such/trace.json: no such file"));
        r = runOsptrace({ QStringLiteral("export") });
        QCOMPARE(r.code, 2);
        r = runOsptrace({ QStringLiteral("export"), QStringLiteral("-o"),
            QStringLiteral("/no/such/dir/out.html"), file });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("/no/such/dir/out.html"));
        auto env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("OSPROFILER_CONNECTION_STRING"));
        r = runOsptrace(
            { QStringLiteral("export"), QStringLiteral("5e0f7a1c-3b7d-4c8e-9a61-2f4d8b9c0e11") },
            env);
        QCOMPARE(r.code, 3);
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
