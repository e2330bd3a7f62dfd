// What the collectors make of one Redis value or one SQL row, without a server: the decoding
// the fuzz targets fuzz_redisvalues and fuzz_sqlrows exercise, and its messages.
#include "collectors/collectorevents.h"
#include "testutil.h"

#include <QTest>

#include <algorithm>

using namespace Osp;
namespace CE = Osp::CollectorEvents;

namespace {

/// JSON written with single quotes: moc cannot read raw string literals that hold quotes.
std::string json(const char *singleQuoted)
{
    std::string text(singleQuoted);
    std::replace(text.begin(), text.end(), '\'', '"');
    return text;
}

QByteArray jsonBytes(const char *singleQuoted)
{
    return QByteArray::fromStdString(json(singleQuoted));
}

const std::string WsgiStart
    = json("{'name': 'wsgi-start', 'base_id': 'b', 'trace_id': 't1', 'parent_id': 'b', "
           "'timestamp': '2026-01-01T00:00:00.000000', 'project': 'nova', 'service': 'api', "
           "'info': {'host': 'h1', 'request': {'method': 'POST', 'path': '/v2.1/servers'}}}");
const std::string WsgiStop
    = json("{'name': 'wsgi-stop', 'base_id': 'b', 'trace_id': 't1', 'parent_id': 'b', 'timestamp': "
           "'2026-01-01T00:00:00.250000', 'project': 'nova', 'service': 'api', 'info': {'host': "
           "'h1', 'etype': 'ValueError', 'message': 'boom'}}");

CE::SqlRow sqlRow(const char *name, const char *timestamp, const QByteArray &data)
{
    return CE::SqlRow { QString::fromLatin1(timestamp), QStringLiteral("b"), QStringLiteral("b"),
        QStringLiteral("t1"), QStringLiteral("nova"), QStringLiteral("h1"), QStringLiteral("api"),
        QString::fromLatin1(name), data };
}

} // namespace

class TestCollectorEvents : public QObject
{
    Q_OBJECT

private slots:
    void redisValuesMakeATrace()
    {
        EventTraceBuilder builder;
        // LRANGE order: newest first.
        for (std::string_view value : { WsgiStop, WsgiStart }) {
            const Result<void> added = CE::addRedisValue(builder, value);
            QVERIFY2(added.ok(), qPrintable(added.error().message));
        }
        const TracePtr trace = builder.finish(QStringLiteral("redis"));
        QCOMPARE(trace->spanCount(), size_t(1));
        QCOMPARE(trace->span(0).durationUs(), int64_t(250000));

        TraceSummary row;
        QVERIFY(CE::summariseRedisValue(WsgiStart, row));
        QCOMPARE(row.rootRequest, QStringLiteral("POST /v2.1/servers"));
        QCOMPARE(*row.startUs, int64_t(1767225600000000));
        QVERIFY(CE::isErrorStopValue(WsgiStop));
        QVERIFY(!CE::isErrorStopValue(WsgiStart));
    }

    void redisValuesThatAreNotEvents_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray()
                               << "holds '', which is not JSON; expected an "
                                  "OSProfiler event";
        QTest::newRow("text") << QByteArray("hello\nworld")
                              << "holds 'hello world', which is not JSON; expected an OSProfiler "
                                 "event";
        QTest::newRow("long text") << QByteArray(100, 'x')
                                   << "holds 'xxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                                      "xxxxxxxxxxxx…', which is not JSON; expected an OSProfiler "
                                      "event";
        QTest::newRow("number") << QByteArray("42")
                                << "holds a value that is not an OSProfiler event: expected an "
                                   "OSProfiler event object, found number";
        QTest::newRow("no trace_id")
            << (jsonBytes("{'name': 'a-start', 'timestamp': 1}"))
            << "holds a value that is not an OSProfiler event: expected an OSProfiler event with "
               "a string \"trace_id\" (name, trace_id, parent_id, timestamp)";
        QTest::newRow("deep") << QByteArray(100000, '[') + QByteArray(100000, ']')
                              << "holds '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[…', a value "
                                 "nested more than 1000 levels deep; OSProfiler writes its "
                                 "events with Python's json, which cannot go that deep";
    }
    void redisValuesThatAreNotEvents()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, expected);
        EventTraceBuilder builder;
        const Result<void> added = CE::addRedisValue(builder, value.toStdString());
        QVERIFY(!added.ok());
        QCOMPARE(added.error().message, expected);
        TraceSummary row;
        QVERIFY(!CE::summariseRedisValue(value.toStdString(), row));
    }

    void sqlRowsMakeATrace()
    {
        // SQLAlchemy's JSON column around jsonutils.dumps: a JSON string holding the object.
        const QByteArray start = jsonBytes("'{\\'info\\': {\\'host\\': \\'h1\\', \\'request\\': "
                                           "{\\'method\\': \\'GET\\', \\'path\\': \\'/v3\\'}}}'");
        const QByteArray stop = jsonBytes("{'info': {'host': 'h1'}}"); // single-encoded is read too
        EventTraceBuilder builder;
        for (const CE::SqlRow &row : { sqlRow("wsgi-start", "2026-01-01T00:00:00.000000", start),
                 sqlRow("wsgi-stop", "2026-01-01T00:00:00.003500", stop) }) {
            const Result<void> added = CE::addSqlRow(builder, row);
            QVERIFY2(added.ok(), qPrintable(added.error().message));
        }
        const TracePtr trace = builder.finish(QStringLiteral("sql"));
        QCOMPARE(trace->spanCount(), size_t(1));
        QCOMPARE(trace->span(0).durationUs(), int64_t(3500));
        QCOMPARE(CE::sqlRootRequest(start), QStringLiteral("GET /v3"));
        QVERIFY(!CE::sqlDataHasError(stop));
        QVERIFY(CE::sqlDataHasError(jsonBytes("{'info': {'etype': 'E'}}")));
    }

    void sqlRowsThatAreNotEvents_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QVariant>("timestamp");
        QTest::addColumn<QString>("expected");
        const QVariant ts = QStringLiteral("2026-01-01T00:00:00.000000");
        QTest::newRow("not JSON") << QByteArray("{info") << ts
                                  << "column data holds '{info'; expected the JSON object "
                                     "OSProfiler writes ({\"info\": …})";
        QTest::newRow("string of garbage")
            << (jsonBytes("'{\\'info'")) << ts << "column data holds '\"{\\\"info\"'";
        QTest::newRow("array") << QByteArray("[1]") << ts << "column data holds '[1]'";
        QTest::newRow("null timestamp")
            << QByteArray("{}") << QVariant()
            << "expected an OSProfiler event with a string \"timestamp\" (name, trace_id, "
               "parent_id, timestamp)";
        QTest::newRow("bad timestamp") << QByteArray("{}") << QVariant(QStringLiteral("yesterday"))
                                       << "event \"wsgi-start\" of span t1 has timestamp";
    }
    void sqlRowsThatAreNotEvents()
    {
        QFETCH(QByteArray, data);
        QFETCH(QVariant, timestamp);
        QFETCH(QString, expected);
        CE::SqlRow row = sqlRow("wsgi-start", "", data);
        row.timestamp = timestamp;
        EventTraceBuilder builder;
        const Result<void> added = CE::addSqlRow(builder, row);
        QVERIFY(!added.ok());
        QVERIFY2(added.error().message.contains(expected), qPrintable(added.error().message));
    }

    // Regression (found while factoring this out of the collectors): a request whose method or
    // path is not a string made nlohmann::json::value() throw out of listTraces and end the app.
    void requestFieldsOfTheWrongTypeAreIgnored()
    {
        TraceSummary row;
        QVERIFY(CE::summariseRedisValue(
            json("{'name': 'wsgi-start', 'timestamp': '2026-01-01T00:00:00', 'info': {'request': "
                 "{'method': 5, 'path': '/x'}}}"),
            row));
        QCOMPARE(row.rootRequest, QStringLiteral("/x"));
        QCOMPARE(
            CE::sqlRootRequest(jsonBytes("{'info': {'request': {'method': 'GET', 'path': []}}}")),
            QStringLiteral("GET"));
        QCOMPARE(CE::sqlRootRequest(jsonBytes("{'info': {'request': 'GET /'}}")), QString());
        QCOMPARE(CE::sqlRootRequest(jsonBytes("'[1, 2]'")), QString());
    }
};

QTEST_GUILESS_MAIN(TestCollectorEvents)
#include "tst_collectorevents.moc"
