// Raw OSProfiler events -> trace, checked against OSProfiler's own report of the same events.
#include "export/reportwriter.h"
#include "formats/traceloader.h"
#include "testutil.h"

#include <QTest>

using namespace Osp;
using nlohmann::json;

namespace {

json reportOf(const LoadResult &r)
{
    std::string out;
    (void)ReportWriter(*r.value()).write([&](std::string_view c) {
        out += c;
        return true;
    });
    json doc = json::parse(out);
    OspTest::normaliseSiblings(doc);
    return doc;
}

json expectedReport(const QString &path)
{
    json doc = json::parse(OspTest::readAll(path));
    OspTest::normaliseSiblings(doc);
    return doc;
}

std::vector<std::string> lines(const std::string &text)
{
    std::vector<std::string> out;
    size_t from = 0;
    while (from < text.size()) {
        const size_t nl = text.find('\n', from);
        const std::string line
            = text.substr(from, nl == std::string::npos ? std::string::npos : nl - from);
        if (!line.empty())
            out.push_back(line);
        from = nl == std::string::npos ? text.size() : nl + 1;
    }
    return out;
}

std::string storedEvent(const char *name, const char *trace, const char *parent, const char *ts,
    const char *extraInfo = "")
{
    return std::string("{\"name\": \"") + name + "\", \"base_id\": \"b\", \"trace_id\": \"" + trace
        + "\", \"parent_id\": \"" + parent + "\", \"timestamp\": \"" + ts
        + "\", \"info\": {\"host\": \"h1\"" + extraInfo
        + "}, \"project\": \"p\", \"service\": \"s\"}";
}

} // namespace

class TestEventReader : public QObject
{
    Q_OBJECT

private slots:
    void eventsGiveOsprofilersReport_data()
    {
        QTest::addColumn<QString>("events");
        QTest::addColumn<QString>("report");
        const QString sample = QStringLiteral(OSP_SOURCE_DIR "/resources/sample/");
        QTest::newRow("bundled sample") << sample + QStringLiteral("boot.redis-lrange.ndjson")
                                        << sample + QStringLiteral("boot.json");
        const QString shared = OspTest::sharedTraces();
        if (!shared.isEmpty()) {
            for (const char *name : { "boot", "inflight" }) {
                const QString base = shared + QStringLiteral("/generated/") + QLatin1String(name);
                QTest::newRow(name) << base + QStringLiteral(".redis-lrange.ndjson")
                                    << base + QStringLiteral(".json");
            }
        }
    }
    void eventsGiveOsprofilersReport()
    {
        QFETCH(QString, events);
        QFETCH(QString, report);
        const LoadResult r = loadTraceFile(events);
        QVERIFY2(OspTest::readInFull(r), !r.ok() ? qPrintable(r.error().toString()) : "");
        const std::string diff = OspTest::describeDifference(expectedReport(report), reportOf(r));
        QVERIFY2(diff.empty(), diff.c_str());
        // µs times from the raw timestamps, as for the report itself.
        const LoadResult fromReport = loadTraceFile(report);
        QVERIFY(fromReport.ok());
        QCOMPARE(r.value()->spanCount(), fromReport.value()->spanCount());
        QCOMPARE(r.value()->endUs(), fromReport.value()->endUs());
        QCOMPARE(r.value()->errorCount(), fromReport.value()->errorCount());
        QCOMPARE(r.value()->unfinishedCount(), fromReport.value()->unfinishedCount());
    }

    void everyContainerFormat()
    {
        const QString path
            = QStringLiteral(OSP_SOURCE_DIR "/resources/sample/boot.redis-lrange.ndjson");
        const std::vector<std::string> evs = lines(OspTest::readAll(path));
        QVERIFY(evs.size() > 10);
        const json expected = reportOf(loadTraceFile(path));

        std::string array = "[\n";
        std::string search = "{\"took\": 3, \"hits\": {\"total\": {\"value\": 1}, \"hits\": [";
        std::string mongo;
        for (size_t i = 0; i < evs.size(); ++i) {
            array += (i ? ",\n  " : "  ") + evs[i];
            search += (i ? ", " : "")
                + std::string("{\"_index\": \"osprofiler-notifications\", \"_source\": ") + evs[i]
                + "}";
            json doc = json::parse(evs[i]);
            doc["_id"] = { { "$oid", "6650f1c2a1b2c3d4e5f60718" } };
            mongo += doc.dump() + "\n";
        }
        array += "\n]\n";
        search += "]}}";
        for (const auto &[name, text] : { std::pair { "array", array },
                 std::pair { "search", search }, std::pair { "mongoexport", mongo } }) {
            const LoadResult r = loadTraceBytes(text, QString::fromLatin1(name));
            QVERIFY2(OspTest::readInFull(r), !r.ok() ? qPrintable(r.error().toString()) : name);
            const std::string diff = OspTest::describeDifference(expected, reportOf(r));
            QVERIFY2(diff.empty(), (std::string(name) + ": " + diff).c_str());
        }
    }

    void osprofilerRulesForMissingEvents()
    {
        // Start only (the single-event trace that crashes `osprofiler trace list` 3.4.3),
        // stop only, and an error stop.
        const std::string text = storedEvent("wsgi-start", "a", "b", "2026-01-01T00:00:00.000000")
            + "\n"
            + storedEvent("db-stop", "c", "a", "2026-01-01T00:00:00.005500",
                ", \"etype\": \"DBError\", \"message\": \"boom\"")
            + "\n" + storedEvent("rpc-start", "d", "a", "2026-01-01T00:00:00.002000");
        const LoadResult r = loadTraceBytes(text, QStringLiteral("x"));
        QVERIFY2(OspTest::readInFull(r), !r.ok() ? qPrintable(r.error().toString()) : "");
        const Trace &t = *r.value();
        QCOMPARE(t.spanCount(), size_t(3));
        QVERIFY(t.span(0).has(NoStopEvent));
        QCOMPARE(t.span(0).endUs, int64_t(5500)); // unfinished: ends with its last descendant
        const json doc = reportOf(r);
        QCOMPARE(doc["info"]["finished"].get<int>(), 5);
        QCOMPARE(doc["info"]["last_trace_started"].get<int>(), 2);
        const json &wsgi = doc["children"][0];
        QVERIFY(!wsgi["info"].contains("exception"));
        QCOMPARE(wsgi["info"]["finished"].get<int>(), 0);
        const json &db = wsgi["children"][1];
        QCOMPARE(db["info"]["exception"].get<std::string>(), std::string("DBError"));
        QCOMPARE(db["info"]["started"].get<int>(), 5); // started := finished
        QCOMPARE(doc["stats"]["db"]["count"].get<int>(), 1);
        QVERIFY(t.span(2).has(NoStartEvent));
        QVERIFY(t.span(2).has(HasError));
        QCOMPARE(t.view(t.details(2).message), std::string_view("boom"));
    }

    void parentCycleIsBroken()
    {
        const std::string text = storedEvent("a-start", "x", "y", "2026-01-01T00:00:00.000000")
            + "\n" + storedEvent("b-start", "y", "x", "2026-01-01T00:00:00.001000") + "\n"
            + storedEvent("c-start", "z", "z", "2026-01-01T00:00:00.002000");
        const LoadResult r = loadTraceBytes(text, QStringLiteral("x"));
        QVERIFY(r.ok());
        QCOMPARE(r.value()->spanCount(), size_t(3));
        QVERIFY(r.value()->isPartial());
        QVERIFY2(r.value()->partialWarning().contains(QLatin1String("own ancestors")),
            qPrintable(r.value()->partialWarning()));
    }

    void badEvents_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("partial");
        const QByteArray good = QByteArray::fromStdString(
            storedEvent("a-start", "x", "b", "2026-01-01T00:00:00.000000"));
        QTest::newRow("bad timestamp")
            << QByteArray::fromStdString(storedEvent("a-start", "x", "b", "yesterday"))
            << "event 1: event \"a-start\" of span x has timestamp" << false;
        QTest::newRow("not an object")
            << QByteArray("[1]") << "event 1: expected an OSProfiler event object" << false;
        QTest::newRow("missing name")
            << QByteArray("{\"trace_id\": \"x\"}") << "string \"name\"" << false;
        QTest::newRow("no hits") << QByteArray("{\"hits\": 3}") << "without hits.hits" << false;
        QTest::newRow("empty array") << QByteArray("[]") << "no OSProfiler events" << false;
        QTest::newRow("truncated second") << good + "\n{\"name\": \"b-st"
                                          << "event 2: syntax error" << true;
        QTest::newRow("garbage line") << good + "\nhello\n"
                                      << "event 2: syntax error" << true;
    }
    void badEvents()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QFETCH(bool, partial);
        const LoadResult r = loadTraceBytes(text.toStdString(), QStringLiteral("ev.ndjson"));
        const std::optional<Error> e = OspTest::loadError(r);
        QVERIFY(e);
        QVERIFY2(e->toString().startsWith(QLatin1String("ev.ndjson")), qPrintable(e->toString()));
        QVERIFY2(e->message.contains(expected), qPrintable(e->toString()));
        QCOMPARE(r.ok(), partial);
        if (partial)
            QVERIFY(r.value()->isPartial());
    }
};

QTEST_GUILESS_MAIN(TestEventReader)
#include "tst_eventreader.moc"
