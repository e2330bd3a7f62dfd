// Clock skew against known answers: raw event dumps made by the real osprofiler library with
// one or two hosts' clocks shifted by a known amount (tools/make_skew_traces.py patches
// osprofiler.profiler.datetime per simulated host), and one with correct clocks and RPC casts
// that outlive their caller.
#include "analysis/analysisutil.h"
#include "analysis/clockskew.h"
#include "formats/traceloader.h"

#include "testutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Osp;

namespace {

TracePtr load(const char *name)
{
    const LoadResult r = loadTraceFile(OspTest::dataFile(name));
    return r.ok() ? r.value() : TracePtr();
}

/// The offsets the generator put in, in microseconds per host (tests/data/skew-truth.json).
std::map<std::string, int64_t> truth(const char *scenario)
{
    const auto doc
        = nlohmann::json::parse(OspTest::readAll(OspTest::dataFile("skew/skew-truth.json")));
    std::map<std::string, int64_t> out;
    for (const auto &[host, ms] : doc.at(scenario).at("offsets_ms").items())
        out[host] = ms.get<int64_t>() * 1000;
    return out;
}

StringId hostId(const Trace &t, std::string_view host)
{
    for (const Span &s : t.spans())
        if (t.view(s.host) == host)
            return s.host;
    return NoString;
}

/// Casts in the generated traces, by the function the server ran (what the generator knows,
/// not what the estimate decides).
bool isCast(const Trace &t, SpanIndex i)
{
    const std::string summary(t.view(t.details(i).summary));
    return summary.find("notify") != std::string::npos
        || summary.find("sync_power_state") != std::string::npos;
}

QByteArray osptrace(const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    p.start(QStringLiteral(OSPTRACE_BIN), args);
    p.waitForFinished(60000);
    if (exitCode)
        *exitCode = p.exitCode();
    return p.readAllStandardOutput();
}

} // namespace

class TestSkew : public QObject
{
    Q_OBJECT

private slots:
    void knownOffsets_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("cmp-09 +250 ms") << QStringLiteral("skew-plus250");
        QTest::newRow("cmp-09 -40 ms") << QStringLiteral("skew-minus40");
        QTest::newRow("cmp-09 +250 ms, net-03 -40 ms") << QStringLiteral("skew-two");
    }

    void knownOffsets()
    {
        QFETCH(QString, scenario);
        const TracePtr t
            = load(qPrintable(QStringLiteral("skew/") + scenario + QStringLiteral(".ndjson")));
        QVERIFY(t);
        const ClockSkew cs = ClockSkew::compute(*t);
        QCOMPARE(t->view(cs.reference), std::string_view("ctl-05"));
        const auto expected = truth(qPrintable(scenario));
        QCOMPARE(cs.hosts.size(), expected.size());
        for (const HostOffset &h : cs.hosts) {
            const std::string host(t->view(h.host));
            QVERIFY2(expected.count(host), host.c_str());
            const int64_t real = expected.at(host);
            const QByteArray what = QByteArray::fromStdString(ClockSkew::describe(*t, h));
            QVERIFY2(h.minUs <= real && real <= h.maxUs, what.constData());
            QVERIFY2(h.minUs <= h.offsetUs && h.offsetUs <= h.maxUs, what.constData());
            // Bounded on both sides, and tight enough to act on (the calls take tens of ms).
            QVERIFY2(h.maxUs - h.minUs < 60 * 1000, what.constData());
            QVERIFY(h.consistent);
            QVERIFY(h.pairs > 0);
            QCOMPARE(t->view(h.reference), std::string_view("ctl-05"));
        }
        QVERIFY(!cs.spans.empty());
    }

    void correctClocksWithCastsSayNothing()
    {
        const TracePtr t = load("skew/skew-none.ndjson");
        QVERIFY(t);
        // The trace does have casts that outlive the call that made them on another host.
        size_t outliving = 0;
        for (SpanIndex i = 0; i < t->spanCount(); ++i) {
            const Span &s = t->span(i);
            if (s.parent != NoSpan && s.host != t->span(s.parent).host
                && s.endUs > t->span(s.parent).endUs)
                ++outliving;
        }
        QCOMPARE(outliving, size_t(2));
        const ClockSkew cs = ClockSkew::compute(*t);
        QVERIFY(!cs.any());
        QVERIFY(cs.hosts.empty());
        QVERIFY(cs.spans.empty());
    }

    void correctionMakesEveryCallFit_data() { knownOffsets_data(); }

    void correctionMakesEveryCallFit()
    {
        QFETCH(QString, scenario);
        const TracePtr t
            = load(qPrintable(QStringLiteral("skew/") + scenario + QStringLiteral(".ndjson")));
        QVERIFY(t);
        const ClockSkew cs = ClockSkew::compute(*t);
        const auto corrected = [&](SpanIndex i, bool end) {
            const Span &s = t->span(i);
            return (end ? s.endUs : s.startUs) - cs.offsetOf(s.host);
        };
        size_t sync = 0, casts = 0;
        for (SpanIndex i = 0; i < t->spanCount(); ++i) {
            const Span &s = t->span(i);
            if (s.parent == NoSpan || s.host == t->span(s.parent).host)
                continue;
            const QByteArray where = QByteArray::fromStdString(pathText(*t, i));
            QVERIFY2(corrected(i, false) >= corrected(s.parent, false), where.constData());
            if (isCast(*t, i)) {
                ++casts;
                continue;
            }
            ++sync;
            QVERIFY2(corrected(i, true) <= corrected(s.parent, true), where.constData());
        }
        QCOMPARE(casts, size_t(2));
        QCOMPARE(sync, size_t(4));
        // Without the correction some call does not fit: the test can fail.
        bool brokenBefore = false;
        for (const SkewedSpan &s : cs.spans)
            brokenBefore |= s.startsBeforeUs > 0 || s.endsAfterUs > 0;
        QVERIFY(brokenBefore);
    }

    void describeSaysWhoAndHowMuch()
    {
        const TracePtr t = load("skew/skew-plus250.ndjson");
        QVERIFY(t);
        const ClockSkew cs = ClockSkew::compute(*t);
        QCOMPARE(cs.hosts.size(), size_t(1));
        const QString text = QString::fromStdString(ClockSkew::describe(*t, cs.hosts.front()));
        QVERIFY2(text.startsWith(QLatin1String("cmp-09 runs ")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String(" ms ahead of ctl-05 (+")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String(" pairs)")), qPrintable(text));
        const ClockSkew behind = ClockSkew::compute(*load("skew/skew-minus40.ndjson"));
        QVERIFY(QString::fromStdString(
            ClockSkew::describe(*load("skew/skew-minus40.ndjson"), behind.hosts.front()))
                    .contains(QLatin1String(" ms behind ctl-05 (-")));
        QVERIFY(hostId(*t, "cmp-09") == cs.hosts.front().host);
    }

    void cliSkewJson()
    {
        int code = -1;
        const QByteArray out
            = osptrace({ QStringLiteral("skew"), OspTest::dataFile("skew/skew-two.ndjson"),
                           QStringLiteral("--format"), QStringLiteral("json") },
                &code);
        QCOMPARE(code, 0);
        const auto doc = nlohmann::json::parse(out.toStdString());
        const auto expected = truth("skew-two");
        QCOMPARE(doc.at("offsets").size(), expected.size());
        for (const auto &o : doc.at("offsets")) {
            const std::string host = o.at("host");
            QVERIFY(expected.count(host));
            QCOMPARE(o.at("reference_host").get<std::string>(), std::string("ctl-05"));
            const int64_t real = expected.at(host);
            QVERIFY(o.at("offset_min_us").get<int64_t>() <= real);
            QVERIFY(real <= o.at("offset_max_us").get<int64_t>());
            QVERIFY(o.at("offset_us").is_number_integer());
            QVERIFY(o.at("pairs").get<int64_t>() > 0);
        }
        QVERIFY(!doc.at("spans").empty());
        for (const auto &s : doc.at("spans")) {
            QCOMPARE(s.at("trace_id").get<std::string>().size(), size_t(36));
            QCOMPARE(s.at("parent_id").get<std::string>().size(), size_t(36));
        }

        const auto none = nlohmann::json::parse(
            osptrace({ QStringLiteral("skew"), OspTest::dataFile("skew/skew-none.ndjson"),
                         QStringLiteral("--format"), QStringLiteral("json") })
                .toStdString());
        QVERIFY(none.at("offsets").empty());
        QVERIFY(none.at("spans").empty());
    }

    void showSaysItInTheHeader()
    {
        const QString skewed = QString::fromUtf8(
            osptrace({ QStringLiteral("show"), OspTest::dataFile("skew/skew-plus250.ndjson") }));
        const QStringList lines = skewed.split(QLatin1Char('\n'));
        QVERIFY(lines.size() > 2);
        QVERIFY2(
            lines[1].startsWith(QLatin1String("clock skew: cmp-09 runs ")), qPrintable(lines[1]));
        const QString fine = QString::fromUtf8(
            osptrace({ QStringLiteral("show"), OspTest::dataFile("skew/skew-none.ndjson") }));
        QVERIFY(!fine.contains(QLatin1String("clock skew")));
    }
};

QTEST_GUILESS_MAIN(TestSkew)
#include "tst_skew.moc"
