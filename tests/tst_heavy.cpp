// Heavy inputs (label heavy, run by `./dev test --heavy` only, also under ASan/UBSan): a report
// of more than 4 GiB (byte offsets past 32 bits, payloads read back with pread) and one span
// with 10,000,000 children. Both are generated on the fly, streamed, outside the repository:
// in $OSP_HEAVY_DIR, else the system's temporary directory, and removed afterwards.
#include "export/reportwriter.h"
#include "formats/traceloader.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <string>
#include <sys/types.h>

using namespace Osp;

namespace {

QString heavyDir()
{
    const QString dir = qEnvironmentVariable("OSP_HEAVY_DIR");
    return dir.isEmpty() ? QDir::tempPath() : dir;
}

/// Buffered writes to a FILE*, with a byte count.
class Out
{
public:
    explicit Out(const QString &path)
        : m_file(std::fopen(path.toLocal8Bit().constData(), "wb"))
    { }
    ~Out() { close(); }
    bool ok() const { return m_file != nullptr && !m_failed; }
    void put(const std::string &s)
    {
        m_failed |= std::fwrite(s.data(), 1, s.size(), m_file) != s.size();
        m_bytes += s.size();
    }
    bool close()
    {
        if (m_file) {
            m_failed |= std::fclose(m_file) != 0;
            m_file = nullptr;
        }
        return !m_failed;
    }
    uint64_t bytes() const { return m_bytes; }
    /// Overwrites bytes already written (a number left blank until the end is known).
    void patch(uint64_t at, const std::string &s)
    {
        const auto end = static_cast<off_t>(m_bytes);
        m_failed |= ::fseeko(m_file, static_cast<off_t>(at), SEEK_SET) != 0
            || std::fwrite(s.data(), 1, s.size(), m_file) != s.size()
            || ::fseeko(m_file, end, SEEK_SET) != 0;
    }

private:
    FILE *m_file;
    bool m_failed = false;
    uint64_t m_bytes = 0;
};

std::string uuid(uint64_t n, char kind)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%c%07llx-0000-4000-8000-%012llx", kind,
        static_cast<unsigned long long>(n >> 48), static_cast<unsigned long long>(n));
    return buf;
}

std::string timestamp(int64_t us)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "2026-01-01T%02lld:%02lld:%02lld.%06lld",
        static_cast<long long>(us / 3600000000 % 24), static_cast<long long>(us / 60000000 % 60),
        static_cast<long long>(us / 1000000 % 60), static_cast<long long>(us % 1000000));
    return buf;
}

/// One report node as OSProfiler writes it; `padding` makes the payloads realistic in size.
std::string node(const std::string &name, uint64_t n, const std::string &parent, int64_t startUs,
    int64_t endUs, const std::string &padding, bool closeNode)
{
    const std::string id = uuid(n, 'a');
    const std::string event = "{\"name\": \"" + name + "-%s\", \"base_id\": \"" + uuid(0, 'b')
        + "\", \"trace_id\": \"" + id + "\", \"parent_id\": \"" + parent
        + "\", \"timestamp\": \"%s\", \"info\": {\"host\": \"ctl-01\"%s}, \"project\": "
          "\"nova\", \"service\": \"api\"}";
    auto payload = [&](const char *point, int64_t us, const std::string &extra) {
        std::string out = event;
        out.replace(out.find("%s"), 2, point);
        out.replace(out.find("%s"), 2, timestamp(us));
        out.replace(out.find("%s"), 2, extra);
        return out;
    };
    std::string s = "{\"info\": {\"name\": \"" + name
        + "\", \"project\": \"nova\", \"service\": \"api\", \"host\": \"ctl-01\", "
          "\"meta.raw_payload."
        + name + "-start\": "
        + payload("start", startUs,
            padding.empty() ? std::string()
                            : ", \"db\": {\"statement\": \"" + padding + "\", \"params\": {}}")
        + ", \"meta.raw_payload." + name + "-stop\": " + payload("stop", endUs, std::string())
        + ", \"started\": " + std::to_string(startUs / 1000) + ", \"finished\": "
        + std::to_string(endUs / 1000) + ", \"exception\": \"None\"}, \"trace_id\": \"" + id
        + "\", \"parent_id\": \"" + parent + "\", \"children\": [";
    if (closeNode)
        s += "]}";
    return s;
}

/// The root's start; finishedAt receives the offset of a blank (20 spaces) after "finished":.
std::string rootOpen(const std::string &finished, uint64_t *finishedAt = nullptr)
{
    const std::string head
        = "{\"info\": {\"name\": \"total\", \"started\": 0, \"last_trace_started\": 0, "
          "\"finished\": ";
    if (finishedAt)
        *finishedAt = head.size();
    return head + finished + "}, \"children\": [";
}

} // namespace

class TestHeavy : public QObject
{
    Q_OBJECT

private slots:
    // Requests of one wsgi span with 50 SQL children each, ~1.8 KB per span, until the file
    // passes 4 GiB: offsets past 32 bits, ~2.4 million spans, the last payload read back.
    void reportOfMoreThanFourGiB()
    {
        QTemporaryDir dir(heavyDir() + QStringLiteral("/ospview-heavy-XXXXXX"));
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("big.json"));
        const std::string statement = "SELECT instances.id, instances.uuid, instances.host "
            + std::string(1200, 'x') + " FROM instances WHERE instances.id = %(id)s";
        constexpr uint64_t Target = (uint64_t(4) << 30) + (uint64_t(64) << 20);
        constexpr int DbPerRequest = 50;
        uint64_t spans = 0;
        int64_t us = 0;
        QElapsedTimer timer;
        timer.start();
        {
            Out out(path);
            QVERIFY(out.ok());
            // The root's "finished" comes first but depends on every span: patched at the end.
            uint64_t finishedAt = 0;
            out.put(rootOpen(std::string(20, ' '), &finishedAt));
            bool firstRequest = true;
            while (out.bytes() < Target) {
                const std::string request = uuid(++spans, 'a');
                if (!firstRequest)
                    out.put(", ");
                firstRequest = false;
                const int64_t start = us;
                out.put(node("wsgi", spans, uuid(0, 'b'), start, start + DbPerRequest * 1000 + 500,
                    std::string(), false));
                for (int i = 0; i < DbPerRequest; ++i) {
                    if (i)
                        out.put(", ");
                    out.put(node("db", ++spans, request, us + 100, us + 900, statement, true));
                    us += 1000;
                }
                out.put("]}");
                us += 600;
            }
            out.put("]}");
            out.patch(finishedAt, std::to_string(us / 1000));
            QVERIFY(out.close());
            QVERIFY(out.bytes() > (uint64_t(4) << 30));
        }
        qInfo("generated %s: %llu spans, %.2f GiB in %.1f s", qPrintable(path),
            static_cast<unsigned long long>(spans),
            double(QFileInfo(path).size()) / double(1 << 30), double(timer.elapsed()) / 1000);

        timer.restart();
        const LoadResult r = loadTraceFile(path);
        QVERIFY2(r.ok(), !r.ok() ? qPrintable(r.error().toString()) : "");
        qInfo("loaded in %.1f s", double(timer.elapsed()) / 1000);
        const Trace &t = *r.value();
        QCOMPARE(t.spanCount(), size_t(spans));
        QCOMPARE(t.roots().size(), size_t(spans / (DbPerRequest + 1)));
        const SpanIndex last = SpanIndex(t.spanCount() - 1);
        QCOMPARE(t.span(last).durationUs(), int64_t(800));
        QCOMPARE(QString::fromStdString(t.traceId(last)), QString::fromStdString(uuid(spans, 'a')));
        // The last payloads sit past byte 2^32 of the file: read back whole through pread.
        std::string payload;
        for (const RawEntry &e : t.entries(last)) {
            if (t.view(e.key()) == "meta.raw_payload.db-stop") {
                bool ok = false;
                payload = t.rawText(e.value(), &ok);
                QVERIFY(ok);
            }
        }
        QVERIFY2(payload.find("\"name\": \"db-stop\"") != std::string::npos, payload.c_str());
    }

    // One span with 10,000,000 children (the N+1 query pattern, taken to the limit): loads,
    // lists the children in start order and writes the whole report back.
    void tenMillionSiblings()
    {
        QTemporaryDir dir(heavyDir() + QStringLiteral("/ospview-heavy-XXXXXX"));
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("wide.json"));
        constexpr uint64_t Children = 10'000'000;
        const std::string parent = uuid(1, 'a');
        {
            Out out(path);
            QVERIFY(out.ok());
            out.put(rootOpen(std::to_string(Children / 1000 + 1)));
            out.put("{\"info\": {\"name\": \"wsgi\", \"started\": 0, \"finished\": "
                + std::to_string(Children / 1000 + 1) + "}, \"trace_id\": \"" + parent
                + "\", \"parent_id\": \"" + uuid(0, 'b') + "\", \"children\": [");
            for (uint64_t i = 0; i < Children; ++i) {
                // Siblings in start order, as OSProfiler sorts them; 1000 per millisecond.
                std::string s = i ? ", " : "";
                s += "{\"info\": {\"name\": \"db\", \"started\": " + std::to_string(i / 1000)
                    + ", \"finished\": " + std::to_string(i / 1000) + "}, \"trace_id\": \""
                    + uuid(i + 2, 'a') + "\", \"parent_id\": \"" + parent + "\", \"children\": []}";
                out.put(s);
            }
            out.put("]}]}");
            QVERIFY(out.close());
            qInfo(
                "generated %s: %.2f GiB", qPrintable(path), double(out.bytes()) / double(1 << 30));
        }
        QElapsedTimer timer;
        timer.start();
        const LoadResult r = loadTraceFile(path);
        QVERIFY2(r.ok(), !r.ok() ? qPrintable(r.error().toString()) : "");
        qInfo("loaded in %.1f s", double(timer.elapsed()) / 1000);
        const Trace &t = *r.value();
        QCOMPARE(t.spanCount(), size_t(Children + 1));
        QCOMPARE(t.roots().size(), size_t(1));
        const ChildRange children = t.children(t.roots().front());
        size_t count = 0;
        SpanIndex last = NoSpan;
        for (SpanIndex child : children) {
            ++count;
            last = child;
        }
        QCOMPARE(count, size_t(Children));
        QCOMPARE(last, SpanIndex(Children)); // pre-order: the wsgi span, then its children
        QCOMPARE(QString::fromStdString(t.traceId(last)),
            QString::fromStdString(uuid(Children + 1, 'a')));
        uint64_t written = 0;
        const Result<void> writing = ReportWriter(t).write([&](std::string_view chunk) {
            written += chunk.size();
            return true;
        });
        QVERIFY(writing.ok());
        QVERIFY(written > Children * 100);
    }
};

QTEST_GUILESS_MAIN(TestHeavy)
#include "tst_heavy.moc"
