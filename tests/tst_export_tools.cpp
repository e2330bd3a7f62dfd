// Exports opened by their target tools: the HTML report in headless Chromium with the
// network off shows every span; the DOT call graph renders with Graphviz dot, a node per span.
#include "exportcheck.h"
#include "testutil.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Osp;
using namespace OspTest;

namespace {

QString neutronPerf()
{
    const QString shared = sharedTraces();
    return shared.isEmpty() ? QString()
                            : shared
            + QStringLiteral(
                "/real/neutron-perf__iterations-80-concurrency-20-osprofiler-iteration-37.json");
}

bool writeFile(const QString &path, const std::string &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly)
        && f.write(text.data(), qint64(text.size())) == qint64(text.size());
}

/// Runs program and returns its standard output; fails the test on a non-zero exit.
QByteArray run(const QString &program, const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        qWarning("%s timed out", qPrintable(program));
        return {};
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        qWarning("%s failed: %s", qPrintable(program), p.readAllStandardError().constData());
    return p.readAllStandardOutput();
}

} // namespace

class TestExportTools : public QObject
{
    Q_OBJECT

private slots:
    void htmlShowsEverySpanInChromium_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("redacted");
        QTest::newRow("secrets") << dataFile("secrets-report.json") << false;
        QTest::newRow("secrets redacted") << dataFile("secrets-report.json") << true;
        if (!neutronPerf().isEmpty())
            QTest::newRow("neutron-perf") << neutronPerf() << false;
        if (!sharedTraces().isEmpty())
            QTest::newRow("inflight")
                << sharedTraces() + QStringLiteral("/generated/inflight.json") << false;
    }
    void htmlShowsEverySpanInChromium()
    {
        QFETCH(QString, path);
        QFETCH(bool, redacted);
        const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        QVERIFY2(!chromium.isEmpty(), "chromium is missing (packaging/debian-build-deps.txt)");
        const TracePtr trace = loadTraceFile(path).value();
        QVERIFY(trace);
        QTemporaryDir dir;
        const QString html = dir.filePath(QStringLiteral("report.html"));
        QVERIFY(writeFile(html, exportText(*trace, ExportFormat::Html, redacted)));
        // Network off: a network namespace of our own when the kernel lets us, and in any
        // case every host name resolves to nothing and every proxy is a dead port.
        QStringList args { QStringLiteral("--headless"), QStringLiteral("--no-sandbox"),
            QStringLiteral("--disable-gpu"), QStringLiteral("--no-first-run"),
            QStringLiteral("--user-data-dir=") + dir.filePath(QStringLiteral("profile")),
            QStringLiteral("--host-resolver-rules=MAP * ~NOTFOUND"),
            QStringLiteral("--proxy-server=127.0.0.1:9"), QStringLiteral("--dump-dom"),
            QUrl::fromLocalFile(html).toString() };
        QString program = chromium;
        const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
        if (!unshare.isEmpty()
            && QProcess::execute(unshare, { QStringLiteral("--net"), QStringLiteral("true") })
                == 0) {
            args.prepend(chromium);
            args.prepend(QStringLiteral("--net"));
            program = unshare;
        }
        const QByteArray dom = run(program, args);
        QVERIFY2(!dom.isEmpty(), "chromium printed no DOM");
        // Rows exist only if our script ran: the page itself has none.
        const qsizetype rows = dom.count(" data-span=\"");
        QCOMPARE(rows, qsizetype(trace->spanCount()));
        QVERIFY(dom.contains(
            QByteArray(QByteArray::number(qulonglong(trace->spanCount())) + " spans")));
        if (redacted)
            QVERIFY(!dom.contains("SECRET_"));
    }

    void dotRendersWithGraphviz_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("secrets") << dataFile("secrets-report.json");
        if (!sharedTraces().isEmpty()) {
            for (const char *g : { "boot.json", "inflight.json", "single-start-only.json" })
                QTest::newRow(g) << sharedTraces() + QStringLiteral("/generated/")
                        + QLatin1String(g);
            QTest::newRow("neutron-perf") << neutronPerf();
        }
    }
    void dotRendersWithGraphviz()
    {
        QFETCH(QString, path);
        const QString dot = QStandardPaths::findExecutable(QStringLiteral("dot"));
        QVERIFY2(!dot.isEmpty(), "graphviz dot is missing (packaging/debian-build-deps.txt)");
        const TracePtr trace = loadTraceFile(path).value();
        QVERIFY(trace);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("graph.dot"));
        QVERIFY(writeFile(file, exportText(*trace, ExportFormat::Dot, false)));
        const QByteArray svg = run(dot, { QStringLiteral("-Tsvg"), file });
        QVERIFY2(svg.contains("<svg"), "dot rendered nothing");
        QCOMPARE(svg.count("class=\"node\""), qsizetype(trace->spanCount() + 1));
        QCOMPARE(svg.count("class=\"edge\""), qsizetype(trace->spanCount()));
    }
};

QTEST_GUILESS_MAIN(TestExportTools)
#include "tst_export_tools.moc"
