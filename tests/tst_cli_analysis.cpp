// osptrace stats, top, critical-path and errors: every format, exit codes, option errors.
#include "testutil.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = OspTest::CliRun;

Run osptrace(const QStringList &args)
{
    return OspTest::runOsptrace(args);
}

nlohmann::json parseJson(const QByteArray &bytes)
{
    return nlohmann::json::parse(
        bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
}

} // namespace

class TestCliAnalysis : public QObject
{
    Q_OBJECT

private slots:
    void everyFormat_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("format");
        const QStringList commands[] = {
            { QStringLiteral("stats") },
            { QStringLiteral("stats"), QStringLiteral("--by"), QStringLiteral("service") },
            { QStringLiteral("stats"), QStringLiteral("--by"), QStringLiteral("host") },
            { QStringLiteral("stats"), QStringLiteral("--by"), QStringLiteral("project") },
            { QStringLiteral("stats"), QStringLiteral("--by"), QStringLiteral("path") },
            { QStringLiteral("top") },
            { QStringLiteral("top"), QStringLiteral("-n"), QStringLiteral("3"),
                QStringLiteral("--by"), QStringLiteral("self") },
            { QStringLiteral("critical-path") },
            { QStringLiteral("critical-path"), QStringLiteral("--until"),
                QStringLiteral("answer") },
            { QStringLiteral("errors") },
        };
        for (const QStringList &c : commands) {
            for (const char *f : { "text", "json", "csv", "markdown" })
                QTest::newRow(
                    qPrintable(c.join(QLatin1Char(' ')) + QLatin1Char('/') + QLatin1String(f)))
                    << c << QString::fromLatin1(f);
        }
    }

    void everyFormat()
    {
        QFETCH(QStringList, command);
        QFETCH(QString, format);
        const Run r = osptrace(QStringList(command)
            << OspTest::dataFile("small-report.json") << QStringLiteral("--format") << format);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(!r.out.isEmpty());
        QVERIFY(r.err.isEmpty());
        if (format == QLatin1String("json")) {
            const nlohmann::json doc = parseJson(r.out);
            QVERIFY(doc.is_object());
            QCOMPARE(doc["trace"]["spans"].get<int>(), 9);
            QCOMPARE(doc["trace"]["duration_us"].get<int>(), 130000);
        } else if (format == QLatin1String("csv")) {
            const QList<QByteArray> lines = r.out.split('\n');
            QVERIFY(lines.size() >= 2);
            const int columns = int(lines.first().count(','));
            QVERIFY(columns > 0);
        } else if (format == QLatin1String("markdown")) {
            QVERIFY(r.out.contains("### "));
            QVERIFY(r.out.contains("| ---"));
        } else {
            QVERIFY(r.out.startsWith("trace: 11111111-1111-4111-8111-111111111111\n"));
        }
    }

    void knownAnswers()
    {
        const QString file = OspTest::dataFile("small-report.json");
        Run r = osptrace(
            { QStringLiteral("errors"), file, QStringLiteral("--format"), QStringLiteral("json") });
        nlohmann::json doc = parseJson(r.out);
        QCOMPARE(doc["spans"].size(), size_t(3));
        QCOMPARE(doc["spans"][0]["exception"].get<std::string>(), std::string("ValueError"));
        QCOMPARE(
            doc["spans"][0]["message"].get<std::string>(), std::string("bad value for flavor"));
        QCOMPARE(doc["spans"][0]["path"].get<std::string>(), std::string("wsgi > my-op"));

        r = osptrace({ QStringLiteral("top"), file, QStringLiteral("-n"), QStringLiteral("1"),
            QStringLiteral("--json") });
        doc = parseJson(r.out);
        QCOMPARE(doc["spans"].size(), size_t(1));
        QCOMPARE(doc["spans"][0]["summary"].get<std::string>(), std::string("POST /v2.1/servers"));
        QCOMPARE(doc["spans"][0]["duration_us"].get<int>(), 84900);

        r = osptrace(
            { QStringLiteral("stats"), file, QStringLiteral("-f"), QStringLiteral("csv") });
        QVERIFY(r.out.startsWith("key,count,unfinished,errors,total_us,self_us,average_us,median_"
                                 "us,p95_us,max_us,share\r\n"));
        QVERIFY(r.out.contains("\r\nwsgi,2,0,0,88400,17900,"));

        r = osptrace({ QStringLiteral("critical-path"), file, QStringLiteral("-f"),
            QStringLiteral("json") });
        doc = parseJson(r.out);
        QVERIFY(doc["path"].size() > 0);
        QVERIFY(doc["by_service"].size() > 0);
        QCOMPARE(doc["trace"]["path_end_us"].get<int>(), 130000);
    }

    void writesToOutFile()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("stats.md"));
        const Run r = osptrace({ QStringLiteral("stats"), OspTest::dataFile("small-report.json"),
            QStringLiteral("--format"), QStringLiteral("markdown"), QStringLiteral("-o"), out });
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.isEmpty());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("### Statistics by type"));
    }

    void exitCodes()
    {
        const QString file = OspTest::dataFile("small-report.json");
        for (const char *cmd : { "stats", "top", "critical-path", "errors" }) {
            const QString c = QString::fromLatin1(cmd);
            QCOMPARE(osptrace({ c, QStringLiteral("/nonexistent/x.json") }).code, 2);
            QCOMPARE(osptrace({ c }).code, 2); // no SOURCE
            QCOMPARE(
                osptrace({ c, file, QStringLiteral("--format"), QStringLiteral("yaml") }).code, 2);
            QCOMPARE(osptrace({ c, QStringLiteral("--help") }).code, 0);
            const Run collector
                = osptrace({ c, QStringLiteral("28838f46-894f-4fbd-a8e4-e1c71225cf7b") });
            QCOMPARE(collector.code, 3); // a base id with no collector: not found
        }
        const Run badBy = osptrace(
            { QStringLiteral("stats"), file, QStringLiteral("--by"), QStringLiteral("colour") });
        QCOMPARE(badBy.code, 2);
        QVERIFY(badBy.err.startsWith("osptrace: unknown --by 'colour'"));
        QCOMPARE(
            osptrace({ QStringLiteral("top"), file, QStringLiteral("-n"), QStringLiteral("x") })
                .code,
            2);
        QCOMPARE(osptrace({ QStringLiteral("top"), file, QStringLiteral("--by"),
                              QStringLiteral("name") })
                     .code,
            2);
        QCOMPARE(osptrace({ QStringLiteral("critical-path"), file, QStringLiteral("--until"),
                              QStringLiteral("x") })
                     .code,
            2);

        QTemporaryDir dir;
        const QString broken = dir.filePath(QStringLiteral("broken.json"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"info\": {\"name\": \"total\"}, \"children\": [");
        f.close();
        const Run r = osptrace({ QStringLiteral("stats"), broken });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("broken.json"));
    }

    // odd but readable data loads, and stderr says what was odd ("note:"), the output
    // itself unchanged; errors in raw events name the line and column.
    void notesAndPlacesOnStderr()
    {
        QTemporaryDir dir;
        auto write = [&](const char *name, const QByteArray &bytes) {
            const QString path = dir.filePath(QLatin1String(name));
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
                return QString();
            return path;
        };
        const QString odd = write("odd.json",
            "{\"info\": {\"name\": \"total\", \"started\": 0, \"finished\": 10}, \"children\": "
            "[{\"info\": {\"name\": \"db\", \"started\": 10, \"finished\": 5, \"exception\": "
            "\"None\"}, \"trace_id\": \"t\", \"parent_id\": \"p\", \"children\": []}]}");
        QVERIFY(!odd.isEmpty());
        const QByteArray note = "osptrace: " + odd.toUtf8()
            + ": note: 1 span ends before it starts (first: \"db\" (trace_id t): \"finished\": 5 "
              "is before \"started\": 10); shown with zero duration\n";
        const Run json = osptrace(
            { QStringLiteral("show"), odd, QStringLiteral("--format"), QStringLiteral("json") });
        QCOMPARE(json.code, 0);
        QCOMPARE(json.err, note);
        const nlohmann::json doc = parseJson(json.out);
        QCOMPARE(doc["children"][0]["info"]["finished"].get<int>(), 5); // as read
        QVERIFY(!json.out.contains("note"));
        const Run stats = osptrace({ QStringLiteral("stats"), odd });
        QCOMPARE(stats.code, 0);
        QCOMPARE(stats.err, note);

        const QByteArray first = "{\"name\": \"a-start\", \"trace_id\": \"t\", \"parent_id\": "
                                 "\"b\", \"timestamp\": \"2026-01-01T00:00:00.000000\"}\n";
        const QString events = write("events.ndjson",
            first
                + "{\"name\": \"a-stop\", \"trace_id\": \"t\", \"parent_id\": \"b\", "
                  "\"timestamp\": \"1767225600\"}\n");
        const Run bad = osptrace({ QStringLiteral("show"), events });
        QCOMPARE(bad.code, 2);
        QCOMPARE(bad.err,
            "osptrace: " + events.toUtf8() + ":2:1 (byte " + QByteArray::number(first.size())
                + "): event 2: event \"a-stop\" of span t has timestamp \"1767225600\"; expected "
                  "\"YYYY-MM-DDTHH:MM:SS.ffffff\"\n");
    }

    void realTrace()
    {
        const QString dir = OspTest::sharedTraces();
        if (dir.isEmpty())
            QSKIP("../shared/traces not present");
        const QString file = dir
            + QStringLiteral(
                "/real/neutron-perf__iterations-80-concurrency-20-osprofiler-iteration-37.json");
        const Run r = osptrace({ QStringLiteral("stats"), file, QStringLiteral("--json") });
        QCOMPARE(r.code, 0);
        const nlohmann::json doc = parseJson(r.out);
        bool found = false;
        for (const auto &g : doc["groups"]) {
            if (g["key"] == "neutron.db") {
                QCOMPARE(g["count"].get<int>(), 988);
                found = true;
            }
        }
        QVERIFY(found);
        for (const char *cmd : { "top", "critical-path", "errors" })
            QCOMPARE(osptrace({ QString::fromLatin1(cmd), file }).code, 0);
    }
};

QTEST_GUILESS_MAIN(TestCliAnalysis)
#include "tst_cli_analysis.moc"
