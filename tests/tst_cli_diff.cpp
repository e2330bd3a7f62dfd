// osptrace diff: two traces and many vs many, formats, --fail-if metrics and units, exit codes.
#include "comparisonfixture.h"
#include "testutil.h"

#include <QTemporaryDir>
#include <QTest>

using namespace OspTest;

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

QStringList diffArgs(const QStringList &more)
{
    return QStringList { QStringLiteral("diff") } + more;
}

} // namespace

class TestCliDiff : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_b, m_same, m_repeatA, m_repeatB;

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = path("a.json");
        m_b = path("b.json");
        m_same = path("a-again.json");
        m_repeatA = path("repeat-a.json");
        m_repeatB = path("repeat-b.json");
        const std::vector<PairSpan> a = novaRequest(0);
        QVERIFY(writePairReport(m_a, a));
        QVERIFY(writePairReport(m_same, novaRequest(0, 2))); // other hosts and ids, same times
        QVERIFY(writePairReport(m_b, novaRequest(40, 1))); // spawn 40 ms slower
        QVERIFY(writePairReport(m_repeatA, novaRequest(0, 0, 988)));
        QVERIFY(writePairReport(m_repeatB, novaRequest(0, 0, 1012)));
        QDir(m_dir.path()).mkdir(QStringLiteral("base"));
        QDir(m_dir.path()).mkdir(QStringLiteral("cand"));
        int k = 0;
        for (int slow : { 0, 2, 4, 6, 300 })
            QVERIFY(
                writePairReport(path("base/it") + QString::number(k++) + QStringLiteral(".json"),
                    novaRequest(slow)));
        for (int slow : { 50, 52, 54, 56 })
            QVERIFY(
                writePairReport(path("cand/it") + QString::number(k++) + QStringLiteral(".json"),
                    novaRequest(slow)));
    }

    void slowerSpanFirstText()
    {
        const Run r = osptrace(diffArgs({ m_a, m_b }));
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.err.isEmpty());
        const QList<QByteArray> lines = r.out.split('\n');
        // The table's first data row is the slowed function.
        qsizetype header = -1;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines[i].trimmed().startsWith("rank"))
                header = i;
        }
        QVERIFY(header >= 0);
        QVERIFY2(lines[header + 1].contains("LibvirtDriver.spawn"), lines[header + 1].constData());
        QVERIFY(lines[header + 1].contains("+40 ms"));
        QVERIFY(r.out.contains("total_delta: +40 ms"));
    }

    void jsonAndMarkdown()
    {
        const Run r
            = osptrace(diffArgs({ m_a, m_b, QStringLiteral("--format"), QStringLiteral("json") }));
        QVERIFY2(r.code == 0, r.err.constData());
        const nlohmann::json doc = parseJson(r.out);
        QVERIFY(doc.is_object());
        QCOMPARE(doc["comparison"]["mode"].get<std::string>(), std::string("two traces"));
        QCOMPARE(doc["comparison"]["total_delta_us"].get<int>(), 40000);
        QCOMPARE(doc["comparison"]["total_delta_pct"].get<double>(), 40.0);
        const nlohmann::json &paths = doc["paths"];
        QCOMPARE(paths.size(), size_t(6)); // json: every row unless -n
        QCOMPARE(paths[0]["path"].get<std::string>(), std::string("wsgi > rpc > compute"));
        QCOMPARE(paths[0]["self_delta_us"].get<int>(), 40000);
        QCOMPARE(paths[0]["self_delta_pct"].get<double>(), 200.0);
        QCOMPARE(paths[0]["count_a"].get<int>(), 1);
        QCOMPARE(paths[0]["change"].get<std::string>(), std::string());

        const Run md = osptrace(diffArgs({ m_a, m_b, QStringLiteral("--format"),
            QStringLiteral("markdown"), QStringLiteral("-n"), QStringLiteral("2") }));
        QVERIFY2(md.code == 0, md.err.constData());
        QVERIFY(md.out.contains("### Top 2 of 6 aligned call paths"));
        QVERIFY(md.out.contains("| ---: |"));
        const Run csv
            = osptrace(diffArgs({ m_a, m_b, QStringLiteral("--format"), QStringLiteral("csv") }));
        QCOMPARE(csv.code, 2);
    }

    void groupedCounts()
    {
        const Run r = osptrace(diffArgs({ m_repeatA, m_repeatB, QStringLiteral("--json") }));
        QVERIFY2(r.code == 0, r.err.constData());
        const nlohmann::json doc = parseJson(r.out);
        bool found = false;
        for (const nlohmann::json &row : doc["paths"]) {
            if (row["work"].get<std::string>().rfind("SELECT * FROM block_device_mapping", 0)
                == 0) {
                QCOMPARE(row["count_a"].get<int>(), 988);
                QCOMPARE(row["count_b"].get<int>(), 1012);
                QCOMPARE(row["count_delta"].get<int>(), 24);
                found = true;
            }
        }
        QVERIFY(found);
        const Run gate = osptrace(diffArgs(
            { m_repeatA, m_repeatB, QStringLiteral("--fail-if"), QStringLiteral("count>0") }));
        QCOMPARE(gate.code, 1);
        QVERIFY2(
            gate.err.contains("count>0") && gate.err.contains("988 -> 1012"), gate.err.constData());
    }

    void failIf_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<int>("expected");
        // A -> B: request 100 -> 140 ms; spawn self 20 -> 60 ms; spawn, rpc, wsgi +40 ms.
        QTest::newRow("total %, crossed") << QStringLiteral("total>10%") << 1;
        QTest::newRow("total %, not") << QStringLiteral("total>40%") << 0;
        QTest::newRow("total ms") << QStringLiteral("total>39ms") << 1;
        QTest::newRow("total s") << QStringLiteral("total>0.05s") << 0;
        QTest::newRow("total us") << QStringLiteral("total>39999us") << 1;
        QTest::newRow("self ms") << QStringLiteral("self>30ms") << 1;
        QTest::newRow("self ms, not") << QStringLiteral("self>50ms") << 0;
        QTest::newRow("self %") << QStringLiteral("self>150%") << 1;
        QTest::newRow("duration us") << QStringLiteral("duration>39000us") << 1;
        QTest::newRow("duration s, not") << QStringLiteral("duration>1s") << 0;
        QTest::newRow("duration %") << QStringLiteral("duration>100%") << 1;
        QTest::newRow("count") << QStringLiteral("count>0") << 0;
        QTest::newRow("count %") << QStringLiteral("count>0%") << 0;
        QTest::newRow("bad metric") << QStringLiteral("speed>1ms") << 2;
        QTest::newRow("no unit") << QStringLiteral("self>50") << 2;
        QTest::newRow("count with unit") << QStringLiteral("count>1ms") << 2;
    }

    void failIf()
    {
        QFETCH(QString, rule);
        QFETCH(int, expected);
        const Run r = osptrace(diffArgs({ m_a, m_b, QStringLiteral("--fail-if"), rule }));
        QVERIFY2(r.code == expected, r.err.constData());
        if (expected == 1) {
            QVERIFY(r.err.startsWith(
                QByteArray(QByteArray("osptrace: threshold crossed: ") + rule.toUtf8())));
            QVERIFY(!r.out.isEmpty()); // the report is still written
        }
        if (expected == 0)
            QVERIFY(r.err.isEmpty());
        if (expected == 2)
            QVERIFY(r.err.contains("--fail-if"));
    }

    void repeatedFailIf()
    {
        const Run r = osptrace(diffArgs({ m_a, m_b, QStringLiteral("--fail-if"),
            QStringLiteral("count>0"), QStringLiteral("--fail-if"), QStringLiteral("self>50ms"),
            QStringLiteral("--fail-if"), QStringLiteral("total>20%") }));
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("total>20%"));
        QVERIFY(!r.err.contains("self>50ms"));
    }

    void identicalExitZeroUnderAnyThreshold()
    {
        QStringList args = diffArgs({ m_a, m_same });
        for (const char *rule : { "total>0%", "total>0us", "self>0us", "self>0%", "duration>0us",
                 "duration>0%", "count>0", "count>0%" })
            args << QStringLiteral("--fail-if") << QLatin1String(rule);
        const Run r = osptrace(args << QStringLiteral("--json"));
        QVERIFY2(r.code == 0, r.err.constData());
        const nlohmann::json doc = parseJson(r.out);
        QCOMPARE(doc["comparison"]["changed_paths"].get<int>(), 0);
        QCOMPARE(doc["comparison"]["added_paths"].get<int>(), 0);
        for (const nlohmann::json &row : doc["paths"]) {
            QCOMPARE(row["self_delta_us"].get<int>(), 0);
            QCOMPARE(row["duration_delta_us"].get<int>(), 0);
            QCOMPARE(row["count_delta"].get<int>(), 0);
        }
    }

    void manyVsMany()
    {
        const Run r = osptrace(diffArgs({ QStringLiteral("--baseline"), path("base"),
            QStringLiteral("--candidate"), path("cand/it5.json"), path("cand/it6.json"),
            path("cand/it7.json"), path("cand/it8.json"), QStringLiteral("--format"),
            QStringLiteral("json"), QStringLiteral("--fail-if"), QStringLiteral("total>40%") }));
        QCOMPARE(r.code, 1); // medians 104 -> 153 ms: +47.1 %
        QVERIFY2(r.err.contains("total>40%: request 104 ms -> 153 ms"), r.err.constData());
        const nlohmann::json doc = parseJson(r.out);
        QCOMPARE(doc["comparison"]["mode"].get<std::string>(), std::string("many-vs-many"));
        QCOMPARE(doc["comparison"]["baseline_traces"].get<int>(), 5);
        QCOMPARE(doc["comparison"]["candidate_traces"].get<int>(), 4);
        QCOMPARE(doc["comparison"]["outliers"].get<int>(), 1);
        QCOMPARE(doc["paths"][0]["name"].get<std::string>(), std::string("compute"));
        QCOMPARE(doc["paths"][0]["self_a_us"].get<int>(), 24000);
        QCOMPARE(doc["paths"][0]["self_b_us"].get<int>(), 73000);
        const nlohmann::json &traces = doc["traces"];
        QCOMPARE(traces.size(), size_t(9));
        QCOMPARE(traces[4]["outlier"].get<std::string>(), std::string("outlier"));
        QVERIFY(traces[4]["source"].get<std::string>().find("it4.json") != std::string::npos);
        QCOMPARE(traces[0]["outlier"].get<std::string>(), std::string());

        const Run text = osptrace(diffArgs({ QStringLiteral("--baseline"), path("base"),
            QStringLiteral("--candidate"), path("cand") }));
        QVERIFY2(text.code == 0, text.err.constData());
        QVERIFY(text.out.contains("median self-time shift"));
        QVERIFY(text.out.contains("outlier"));
    }

    void usageErrors()
    {
        QCOMPARE(osptrace(diffArgs({ m_a })).code, 2);
        QCOMPARE(osptrace(diffArgs({ m_a, m_b, m_b })).code, 2);
        QCOMPARE(osptrace(diffArgs({ QStringLiteral("--baseline"), m_a })).code, 2);
        QCOMPARE(
            osptrace(diffArgs({ QStringLiteral("--baseline"), m_a, QStringLiteral("--candidate"),
                         m_b, m_a, QStringLiteral("-n"), QStringLiteral("x") }))
                .code,
            2);
        QCOMPARE(osptrace(diffArgs({ m_a, path("missing.json") })).code, 2);
        QDir(m_dir.path()).mkdir(QStringLiteral("empty"));
        QCOMPARE(osptrace(diffArgs({ QStringLiteral("--baseline"), path("empty"),
                              QStringLiteral("--candidate"), m_b }))
                     .code,
            2);
        const Run help = osptrace(diffArgs({ QStringLiteral("--help") }));
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains("--fail-if"));
        QVERIFY(help.out.contains("--baseline"));
    }

    void collectorFailure()
    {
        // A base id with an unreachable collector: exit 3.
        const Run r = osptrace(diffArgs({ QStringLiteral("6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c"),
            m_b, QStringLiteral("--connection-string"), QStringLiteral("redis://127.0.0.1:1") }));
        QCOMPARE(r.code, 3);
        QVERIFY(!r.err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliDiff)
#include "tst_cli_diff.moc"
