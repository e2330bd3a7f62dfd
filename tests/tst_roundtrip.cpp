// Round trip: `osptrace show --format json` reproduces every report it reads, as data
// (only key order and the order of same-millisecond siblings may differ).
#include "export/reportwriter.h"
#include "export/textwriter.h"
#include "formats/traceloader.h"
#include "testutil.h"

#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Osp;
using nlohmann::json;

namespace {

json expectedDocument(const QString &path)
{
    std::string text = OspTest::readAll(path);
    if (path.endsWith(QLatin1String(".html")))
        text = OspTest::htmlLiteral(text);
    return json::parse(text);
}

void addFiles(const QString &dir, const QStringList &patterns, const QString &prefix)
{
    QDirIterator it(dir, patterns, QDir::Files);
    QStringList files;
    while (it.hasNext())
        files << it.next();
    files.sort();
    for (const QString &f : files)
        QTest::newRow(qPrintable(prefix + QFileInfo(f).fileName())) << f;
}

} // namespace

class TestRoundTrip : public QObject
{
    Q_OBJECT

private slots:
    void reportRoundTrips_data()
    {
        QTest::addColumn<QString>("path");
        addFiles(
            QStringLiteral(OSP_TEST_DATA), { QStringLiteral("*.json") }, QStringLiteral("data/"));
        addFiles(QStringLiteral(OSP_SOURCE_DIR "/resources/sample"), { QStringLiteral("*.json") },
            QStringLiteral("sample/"));
        const QString shared = OspTest::sharedTraces();
        if (!shared.isEmpty()) {
            for (const char *sub : { "generated", "real" })
                addFiles(shared + QLatin1Char('/') + QLatin1String(sub),
                    { QStringLiteral("*.json"), QStringLiteral("*.html") },
                    QLatin1String(sub) + QLatin1Char('/'));
        }
    }
    void reportRoundTrips()
    {
        QFETCH(QString, path);
        const LoadResult r = loadTraceFile(path);
        QVERIFY2(r.ok(), !r.ok() ? qPrintable(r.error().toString()) : "");
        std::string out;
        const Result<void> writing = ReportWriter(*r.value()).write([&](std::string_view chunk) {
            out += chunk;
            return true;
        });
        QVERIFY(writing.ok());
        json written = json::parse(out);
        json expected = expectedDocument(path);
        OspTest::normaliseSiblings(written);
        OspTest::normaliseSiblings(expected);
        const std::string diff = OspTest::describeDifference(expected, written);
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void writerMatchesPythonFormatting()
    {
        // A report written by json.dumps(indent=2) with ASCII escapes and no key reordering
        // needed comes back byte for byte.
        const QString path = OspTest::dataFile("small-report.sqlalchemy.json");
        const LoadResult r = loadTraceFile(path);
        QVERIFY(r.ok());
        std::string out;
        const Result<void> writing = ReportWriter(*r.value()).write([&](std::string_view c) {
            out += c;
            return true;
        });
        QVERIFY(writing.ok());
        QCOMPARE(out.substr(0, 120), OspTest::readAll(path).substr(0, 120));
    }

    void cliShowJsonAndText()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out.json"));
        const QString input = OspTest::dataFile("small-report.json");
        QProcess p;
        p.start(QStringLiteral(OSPTRACE_BIN),
            { QStringLiteral("show"), input, QStringLiteral("--json"), QStringLiteral("--out"),
                out });
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        json written = json::parse(OspTest::readAll(out));
        json expected = expectedDocument(input);
        OspTest::normaliseSiblings(written);
        OspTest::normaliseSiblings(expected);
        QVERIFY(OspTest::describeDifference(expected, written).empty());

        p.start(QStringLiteral(OSPTRACE_BIN), { QStringLiteral("show"), input });
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QString text = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(text.contains(QLatin1String("9 spans")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("  db  +6.000 ms  400 us")));
        QVERIFY(text.contains(QLatin1String("ERROR ValueError: bad value for flavor")));
        QVERIFY(text.contains(QLatin1String("UNFINISHED")));

        // Input errors: exit 2 with the file and place on stderr; unknown trace id: exit 3.
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"info\": ,\n}");
        f.close();
        p.start(QStringLiteral(OSPTRACE_BIN), { QStringLiteral("show"), bad });
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(bad + QStringLiteral(":2:")), qPrintable(err));
        p.start(QStringLiteral(OSPTRACE_BIN),
            { QStringLiteral("show"), QStringLiteral("4d372cd5-f1a7-44b9-907a-bddaf0398e3c") });
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 3);
    }
};

QTEST_GUILESS_MAIN(TestRoundTrip)
#include "tst_roundtrip.moc"
