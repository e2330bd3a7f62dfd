// Integration: the Redis collector against a private redis-server (and redis-sentinel) filled
// by the real osprofiler library; every trace must equal `osprofiler trace show --json`.
#include "collectors/collector.h"
#include "collectors/collectorrunner.h"
#include "testservers.h"
#include "testutil.h"
#include "util/timestamp.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace Osp;
using namespace OspTest;

namespace {
const QString Password = QStringLiteral("s3cret/pw"); // a '/' must survive the URL
const QString PasswordInUrl = QStringLiteral("s3cret%2Fpw");
/// Puts the URL-encoded password in place of ":PW@" (its "%2F" must never meet an arg()).
QString withPassword(QString url)
{
    return url.replace(
        QStringLiteral(":PW@"), QStringLiteral(":") + PasswordInUrl + QStringLiteral("@"));
}
} // namespace

class TestRedisCollector : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void showEqualsOsprofiler_data();
    void showEqualsOsprofiler();
    void microsecondsMatchRawTimestamps();
    void listNewestFirst();
    void errorIndex();
    void errorIndexEmptyFallsBackToEvents();
    void legacyKeys();
    void sentinel_data();
    void sentinel();
    void urlForms_data();
    void urlForms();
    void tlsIsRefused();
    void faultServerDown();
    void faultWrongPassword();
    void faultNoPassword();
    void faultWrongDatabase();
    void faultGarbageKeys();
    void faultDroppedMidReply();
    void faultNeverAnswers();
    void cancelAnswersAtOnce();
    void notFound();

private:
    QString url(int port, const QString &rest = {}) const
    {
        return QStringLiteral("redis://127.0.0.1:%1%2").arg(port).arg(rest);
    }
    QString authUrl(const QString &rest = QStringLiteral("/2")) const
    {
        return QStringLiteral("redis://:") + PasswordInUrl + QStringLiteral("@127.0.0.1:")
            + QString::number(m_authPort) + rest;
    }
    QByteArray redisCli(int port, const QStringList &args, const QString &password = {});
    nlohmann::json showJson(const QString &connection, const QString &baseId, bool viaOsprofiler);
    QStringList listIds(
        const QString &connection, const QStringList &extra = {}, QByteArray *err = nullptr);

    QTemporaryDir m_dir;
    TestServer m_redis, m_authRedis, m_sentinel;
    int m_port = 0, m_authPort = 0, m_sentinelPort = 0;
    nlohmann::json m_ids;
};

QByteArray TestRedisCollector::redisCli(int port, const QStringList &args, const QString &password)
{
    QStringList all { QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
        QString::number(port) };
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!password.isEmpty())
        env.insert(QStringLiteral("REDISCLI_AUTH"), password); // not on the command line
    const RunResult r = runProgram(QStringLiteral("redis-cli"), all + args, env);
    return r.out;
}

void TestRedisCollector::initTestCase()
{
    const QString redisServer = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (redisServer.isEmpty())
        QSKIP("redis-server is not installed (Debian redis-server; ./dev installs it)");
    if (const QString why = osprofilerMissing(); !why.isEmpty())
        QSKIP(qPrintable(why));
    QVERIFY(m_dir.isValid());
    const QString dir = m_dir.path();
    auto startRedis = [&](TestServer &server, int port, const QStringList &extra) {
        return server.start(redisServer,
                   QStringList { QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                       QStringLiteral("--port"), QString::number(port), QStringLiteral("--save"),
                       QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                       QStringLiteral("--dir"), dir }
                       + extra)
            && waitForPort(port, 10000);
    };
    m_port = freePort();
    QVERIFY(startRedis(m_redis, m_port, {}));
    m_authPort = freePort();
    QVERIFY(startRedis(m_authRedis, m_authPort, { QStringLiteral("--requirepass"), Password }));

    // The main collector: several services, error index on (filter_error_trace = True).
    QString error;
    m_ids = fillCollector(url(m_port), true, &error);
    QVERIFY2(!m_ids.is_null(), qPrintable(error));

    // The password-protected one (db 2): the same trace lists without the error index, copied
    // with MIGRATE so it costs no second fill.
    QStringList keys;
    for (const QByteArray &k : redisCli(m_port,
             { QStringLiteral("--scan"), QStringLiteral("--pattern"),
                 QStringLiteral("osprofiler_opt:*") })
                                   .split('\n'))
        if (!k.isEmpty())
            keys << QString::fromUtf8(k);
    QCOMPARE(keys.size(), 3);
    redisCli(m_port,
        QStringList { QStringLiteral("MIGRATE"), QStringLiteral("127.0.0.1"),
            QString::number(m_authPort), QString(), QStringLiteral("2"), QStringLiteral("5000"),
            QStringLiteral("COPY"), QStringLiteral("AUTH"), Password, QStringLiteral("KEYS") }
            + keys);
    QCOMPARE(redisCli(m_authPort,
                 { QStringLiteral("-n"), QStringLiteral("2"), QStringLiteral("DBSIZE") }, Password)
                 .trimmed(),
        QByteArray("3"));

    // A sentinel watching the password-protected server as "mymaster".
    m_sentinelPort = freePort();
    QFile conf(dir + QStringLiteral("/sentinel.conf"));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write(
        QStringLiteral("bind 127.0.0.1\nport %1\ndir %2\nsentinel monitor mymaster 127.0.0.1 %3 1\n"
                       "sentinel auth-pass mymaster %4\n")
            .arg(m_sentinelPort)
            .arg(dir)
            .arg(m_authPort)
            .arg(Password)
            .toUtf8());
    conf.close();
    const QString sentinelBin = QStandardPaths::findExecutable(QStringLiteral("redis-sentinel"));
    QVERIFY(m_sentinel.start(sentinelBin.isEmpty() ? redisServer : sentinelBin,
        sentinelBin.isEmpty() ? QStringList { conf.fileName(), QStringLiteral("--sentinel") }
                              : QStringList { conf.fileName() }));
    QVERIFY(waitForPort(m_sentinelPort, 10000));
}

void TestRedisCollector::cleanupTestCase()
{
    m_sentinel.stop();
    m_authRedis.stop();
    m_redis.stop();
}

nlohmann::json TestRedisCollector::showJson(
    const QString &connection, const QString &baseId, bool viaOsprofiler)
{
    const RunResult r = viaOsprofiler
        ? runProgram(QStringLiteral("/usr/bin/osprofiler"),
            { QStringLiteral("trace"), QStringLiteral("show"), baseId, QStringLiteral("--json"),
                QStringLiteral("--connection-string"), connection })
        : osptrace({ QStringLiteral("show"), baseId, QStringLiteral("--format"),
            QStringLiteral("json"), QStringLiteral("--connection-string"), connection });
    if (r.exitCode != 0)
        qWarning("%s: exit %d: %s", viaOsprofiler ? "osprofiler" : "osptrace", r.exitCode,
            r.err.constData());
    nlohmann::json doc = parseJson(r.out);
    normaliseSiblings(doc);
    return doc;
}

QStringList TestRedisCollector::listIds(
    const QString &connection, const QStringList &extra, QByteArray *err)
{
    const RunResult r
        = osptrace(QStringList { QStringLiteral("list"), QStringLiteral("--format"),
                       QStringLiteral("json"), QStringLiteral("--connection-string"), connection }
            + extra);
    if (err)
        *err = r.err;
    QStringList ids;
    const nlohmann::json rows = parseJson(r.out);
    for (const auto &row : rows)
        ids << QString::fromStdString(row["base_id"].get<std::string>());
    return ids;
}

void TestRedisCollector::showEqualsOsprofiler_data()
{
    QTest::addColumn<QString>("baseId");
    for (const char *name : { "boot", "error", "single" })
        QTest::newRow(name) << QString::fromStdString(m_ids[name].get<std::string>());
}

void TestRedisCollector::showEqualsOsprofiler()
{
    QFETCH(QString, baseId);
    const nlohmann::json ours = showJson(url(m_port), baseId, false);
    const nlohmann::json theirs = showJson(url(m_port), baseId, true);
    QVERIFY(ours.is_object());
    QVERIFY(theirs.is_object());
    QVERIFY2(ours == theirs, describeDifference(theirs, ours).c_str());
}

void TestRedisCollector::microsecondsMatchRawTimestamps()
{
    auto collector = Collector::create(url(m_port));
    QVERIFY(collector.ok());
    const FetchResult r = collector.value()->fetchTrace(
        QString::fromStdString(m_ids["boot"].get<std::string>()), {});
    QVERIFY2(r.ok(), !r.ok() ? qPrintable(r.error().toString()) : "");
    const Trace &t = *r.value().trace;
    QVERIFY(t.hasMicroseconds());
    QVERIFY(t.spanCount() >= 8);
    const int64_t epoch = *t.epochUnixUs();
    for (SpanIndex i = 0; i < t.spanCount(); ++i) {
        std::optional<int64_t> start, stop;
        for (const RawEntry &e : t.entries(i)) {
            const std::string key(t.view(e.key()));
            if (key.rfind("meta.raw_payload.", 0) != 0)
                continue;
            const nlohmann::json payload = nlohmann::json::parse(t.rawText(e.value()));
            const auto ts = Timestamp::parseUtcMicros(payload["timestamp"].get<std::string>());
            (key.size() > 6 && key.compare(key.size() - 6, 6, "-start") == 0 ? start : stop) = ts;
        }
        QVERIFY(start && stop);
        QCOMPARE(t.span(i).startUs, *start - epoch);
        if (!t.span(i).has(NoStopEvent))
            QCOMPARE(t.span(i).durationUs(), *stop - *start);
    }
}

void TestRedisCollector::listNewestFirst()
{
    const RunResult r = osptrace({ QStringLiteral("list"), QStringLiteral("--format"),
        QStringLiteral("json"), QStringLiteral("--connection-string"), url(m_port) });
    QCOMPARE(r.exitCode, 0);
    const nlohmann::json rows = parseJson(r.out);
    QCOMPARE(rows.size(), size_t(3));
    // Made in the order boot, error, single: listed newest first.
    QCOMPARE(rows[0]["base_id"], m_ids["single"]);
    QCOMPARE(rows[1]["base_id"], m_ids["error"]);
    QCOMPARE(rows[2]["base_id"], m_ids["boot"]);
    QCOMPARE(rows[0]["spans"].get<int>(), 1);
    QCOMPARE(rows[0]["request"].get<std::string>(), std::string());
    QCOMPARE(rows[2]["request"].get<std::string>(), std::string("POST /v2.1/servers"));
    QCOMPARE(rows[1]["request"].get<std::string>(), std::string("POST /v2.1/servers/fail"));
    for (const auto &row : rows) {
        // The start is the oldest event (the report's epoch), and spans = events / 2 rounded up.
        auto collector = Collector::create(url(m_port));
        QVERIFY(collector.ok());
        const FetchResult f = collector.value()->fetchTrace(
            QString::fromStdString(row["base_id"].get<std::string>()), {});
        QVERIFY(f.ok());
        const TracePtr &trace = f.value().trace;
        QCOMPARE(row["started_us"].get<int64_t>(), *trace->epochUnixUs());
        QCOMPARE(row["spans"].get<size_t>(), trace->spanCount());
        QCOMPARE(row["timestamp"].get<std::string>(),
            Timestamp::formatOsprofiler(*trace->epochUnixUs()));
    }
    // text and csv name the same traces
    const RunResult csv = osptrace({ QStringLiteral("list"), QStringLiteral("--format"),
        QStringLiteral("csv"), QStringLiteral("--connection-string"), url(m_port) });
    QCOMPARE(csv.exitCode, 0);
    QCOMPARE(csv.out.count('\n'), 4);
    const RunResult text
        = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"), url(m_port) });
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("POST /v2.1/servers"));
}

void TestRedisCollector::errorIndex()
{
    QByteArray err;
    for (const QStringList &flag : { QStringList { QStringLiteral("--error-trace") },
             QStringList { QStringLiteral("--error-trace"), QStringLiteral("True") } }) {
        const QStringList ids = listIds(url(m_port), flag, &err);
        QCOMPARE(ids, QStringList { QString::fromStdString(m_ids["error"].get<std::string>()) });
        QVERIFY2(!err.contains("empty"), err.constData()); // the index was used
    }
    QCOMPARE(
        listIds(url(m_port), { QStringLiteral("--error-trace"), QStringLiteral("False") }).size(),
        3);
}

void TestRedisCollector::errorIndexEmptyFallsBackToEvents()
{
    QByteArray err;
    const QStringList ids
        = listIds(authUrl(), { QStringLiteral("--error-trace"), QStringLiteral("True") }, &err);
    QCOMPARE(ids, QStringList { QString::fromStdString(m_ids["error"].get<std::string>()) });
    QVERIFY2(err.contains("error index (osprofiler_error:*) is empty"), err.constData());
}

void TestRedisCollector::legacyKeys()
{
    // OSProfiler < 2.8 stored one string per event: osprofiler:<base_id>_<trace_id>_<timestamp>.
    // db 3: the error trace in legacy keys only; db 4: the boot trace split between both forms.
    const QString error = QString::fromStdString(m_ids["error"].get<std::string>());
    const QString boot = QString::fromStdString(m_ids["boot"].get<std::string>());
    auto copyAsLegacy = [&](const QString &baseId, int db, int keepInList) {
        const QList<QByteArray> events = redisCli(m_port,
            { QStringLiteral("--raw"), QStringLiteral("LRANGE"),
                QStringLiteral("osprofiler_opt:") + baseId, QStringLiteral("0"),
                QStringLiteral("-1") })
                                             .split('\n');
        int n = 0;
        for (const QByteArray &line : events) {
            if (line.isEmpty())
                continue;
            const nlohmann::json e = parseJson(line);
            if (n++ < keepInList) { // the newest ones stay in the list (RPUSH keeps their order)
                redisCli(m_port,
                    { QStringLiteral("-n"), QString::number(db), QStringLiteral("RPUSH"),
                        QStringLiteral("osprofiler_opt:") + baseId, QString::fromUtf8(line) });
                continue;
            }
            const QString key
                = QStringLiteral("osprofiler:%1_%2_%3")
                      .arg(baseId, QString::fromStdString(e["trace_id"].get<std::string>()),
                          QString::fromStdString(e["timestamp"].get<std::string>()));
            redisCli(m_port,
                { QStringLiteral("-n"), QString::number(db), QStringLiteral("SET"), key,
                    QString::fromUtf8(line) });
        }
        return n;
    };
    const int errorEvents = copyAsLegacy(error, 3, 0);
    const int bootEvents = copyAsLegacy(boot, 4, 6);
    QVERIFY(errorEvents > 2);

    for (const auto &[db, id] : { std::pair { 3, error }, std::pair { 4, boot } }) {
        const QString conn = url(m_port, QStringLiteral("/%1").arg(db));
        const nlohmann::json ours = showJson(conn, id, false);
        const nlohmann::json theirs = showJson(conn, id, true);
        QVERIFY(ours.is_object());
        QVERIFY2(ours == theirs, describeDifference(theirs, ours).c_str());
    }
    const RunResult r
        = osptrace({ QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json"),
            QStringLiteral("--connection-string"), url(m_port, QStringLiteral("/4")) });
    const nlohmann::json rows = parseJson(r.out);
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(rows[0]["events"].get<int>(), bootEvents);
    QCOMPARE(rows[0]["request"].get<std::string>(), std::string("POST /v2.1/servers"));
    QCOMPARE(listIds(url(m_port, QStringLiteral("/3"))), QStringList { error });
    // No error index in db 3: found from the legacy events.
    QCOMPARE(listIds(url(m_port, QStringLiteral("/3")), { QStringLiteral("--error-trace") }),
        QStringList { error });
}

void TestRedisCollector::sentinel_data()
{
    QTest::addColumn<QString>("connection");
    QTest::newRow("redissentinel://")
        << withPassword(QStringLiteral("redissentinel://:PW@127.0.0.1:%1/2").arg(m_sentinelPort));
    QTest::newRow("redis://?sentinel=") << withPassword(
        QStringLiteral("redis://:PW@127.0.0.1:%1?sentinel=mymaster&db=2").arg(m_sentinelPort));
    // Kolla: ACL user "default", a dead first sentinel and the live one as fallback.
    QTest::newRow("kolla fallback") << withPassword(
        QStringLiteral("redis://"
                       "default:PW@127.0.0.1:%1?sentinel=mymaster&sentinel_fallback=127.0.0.1:%2&"
                       "db=2&socket_timeout=60&retry_on_timeout=yes")
            .arg(freePort())
            .arg(m_sentinelPort));
}

void TestRedisCollector::sentinel()
{
    QFETCH(QString, connection);
    const QString boot = QString::fromStdString(m_ids["boot"].get<std::string>());
    QCOMPARE(listIds(connection).size(), 3);
    const nlohmann::json viaSentinel = showJson(connection, boot, false);
    const nlohmann::json direct = showJson(url(m_port), boot, true);
    QVERIFY(viaSentinel.is_object());
    QVERIFY2(viaSentinel == direct, describeDifference(direct, viaSentinel).c_str());
    // Unknown service name: a clear error.
    const RunResult r = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"),
        QStringLiteral("redissentinel://127.0.0.1:%1?sentinel=nosuch").arg(m_sentinelPort) });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("knows no master named 'nosuch'"), r.err.constData());
}

void TestRedisCollector::urlForms_data()
{
    QTest::addColumn<QString>("connection");
    QTest::newRow("path db") << authUrl(QStringLiteral("/2"));
    QTest::newRow("query db") << authUrl(QStringLiteral("?db=2"));
    QTest::newRow("acl user") << withPassword(
        QStringLiteral("redis://default:PW@127.0.0.1:%1/2").arg(m_authPort));
    QTest::newRow("extra params") << authUrl(
        QStringLiteral("/2?socket_timeout=5&retry_on_timeout=yes&health_check_interval=30"));
    QTest::newRow("localhost") << withPassword(
        QStringLiteral("redis://:PW@localhost:%1/2").arg(m_authPort));
}

void TestRedisCollector::urlForms()
{
    QFETCH(QString, connection);
    QCOMPARE(listIds(connection).size(), 3);
    // The same through $OSPROFILER_CONNECTION_STRING.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OSPROFILER_CONNECTION_STRING"), connection);
    const RunResult r = osptrace(
        { QStringLiteral("show"), QString::fromStdString(m_ids["error"].get<std::string>()) }, env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("quota_check"));
}

void TestRedisCollector::tlsIsRefused()
{
    const RunResult r = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"),
        withPassword(QStringLiteral("rediss://:PW@127.0.0.1:%1").arg(m_authPort)) });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(
        r.err.contains("TLS is not supported by this build (hiredis 0.14)"), r.err.constData());
    QVERIFY2(r.err.contains("rediss://:***@127.0.0.1"), r.err.constData());
    QVERIFY(!r.err.contains("s3cret"));
}

void TestRedisCollector::faultServerDown()
{
    const RunResult r = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"),
        withPassword(QStringLiteral("redis://:PW@127.0.0.1:%1").arg(freePort())) });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("connection refused"), r.err.constData());
    QVERIFY2(r.err.contains("redis://:***@127.0.0.1"), r.err.constData());
    QVERIFY(!r.err.contains("s3cret"));
    QCOMPARE(r.err.count('\n'), 1); // one clear line
}

void TestRedisCollector::faultWrongPassword()
{
    const RunResult r = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"),
        QStringLiteral("redis://:wrong-one@127.0.0.1:%1/2").arg(m_authPort) });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("wrong user name or password"), r.err.constData());
    QVERIFY(!r.err.contains("wrong-one"));
}

void TestRedisCollector::faultNoPassword()
{
    const RunResult r = osptrace(
        { QStringLiteral("show"), QString::fromStdString(m_ids["boot"].get<std::string>()),
            QStringLiteral("--connection-string"), url(m_authPort) });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("needs a password (NOAUTH"), r.err.constData());
}

void TestRedisCollector::faultWrongDatabase()
{
    const RunResult r = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"),
        url(m_port, QStringLiteral("/999")) });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("cannot use database 999"), r.err.constData());
}

void TestRedisCollector::faultGarbageKeys()
{
    const QString wrongType = QStringLiteral("11111111-1111-1111-1111-111111111111");
    const QString notJson = QStringLiteral("22222222-2222-2222-2222-222222222222");
    const QString notEvent = QStringLiteral("33333333-3333-3333-3333-333333333333");
    redisCli(m_port,
        { QStringLiteral("-n"), QStringLiteral("5"), QStringLiteral("SET"),
            QStringLiteral("osprofiler_opt:") + wrongType, QStringLiteral("hello") });
    redisCli(m_port,
        { QStringLiteral("-n"), QStringLiteral("5"), QStringLiteral("LPUSH"),
            QStringLiteral("osprofiler_opt:") + notJson, QStringLiteral("<html>") });
    redisCli(m_port,
        { QStringLiteral("-n"), QStringLiteral("5"), QStringLiteral("LPUSH"),
            QStringLiteral("osprofiler_opt:") + notEvent, QStringLiteral("{\"a\": 1}") });
    const QString conn = url(m_port, QStringLiteral("/5"));
    struct Case
    {
        QString id;
        const char *expect;
    };
    for (const Case &c :
        { Case { wrongType, "the key does not hold what OSProfiler writes there (WRONGTYPE" },
            Case { notJson, "which is not JSON" }, Case { notEvent, "not an OSProfiler event" } }) {
        const RunResult r = osptrace(
            { QStringLiteral("show"), c.id, QStringLiteral("--connection-string"), conn });
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(
            r.err.contains((QStringLiteral("osprofiler_opt:") + c.id).toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains(c.expect), r.err.constData());
    }
    // The list survives: it skips them and says so.
    const RunResult r
        = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"), conn });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains("skipped 3 key(s)"), r.err.constData());
}

namespace {
/// A python TCP server on a free port: "partial" answers every request with half a reply and
/// closes; "silent" accepts and never answers. Returns the port.
int startFakeServer(TestServer &server, const char *mode)
{
    const int port = freePort();
    const QString script = QStringLiteral(
        "import socket,sys,time\n"
        "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
        "s.bind(('127.0.0.1', %1)); s.listen(16)\n"
        "conns=[]\n"
        "while True:\n"
        "    c,_=s.accept(); conns.append(c)\n"
        "    if sys.argv[1]=='partial':\n"
        "        c.recv(65536); "
        "c.sendall(b'*2\\r\\n$1\\r\\n0\\r\\n*3\\r\\n$20\\r\\nosprofiler_opt:abc'); c.close()\n")
                               .arg(port);
    server.start(systemPython(), { QStringLiteral("-c"), script, QLatin1String(mode) });
    waitForPort(port, 5000);
    return port;
}
} // namespace

void TestRedisCollector::faultDroppedMidReply()
{
    TestServer fake;
    const int port = startFakeServer(fake, "partial");
    const RunResult r
        = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"), url(port) });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("closed the connection in the middle of a reply"), r.err.constData());
}

void TestRedisCollector::faultNeverAnswers()
{
    TestServer fake;
    const int port = startFakeServer(fake, "silent");
    const RunResult r = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"),
        url(port, QStringLiteral("?socket_timeout=0.5")) });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("did not answer within 0.5 s"), r.err.constData());
    QVERIFY2(r.ms < 5000, QByteArray::number(r.ms).constData());
}

void TestRedisCollector::cancelAnswersAtOnce()
{
    TestServer fake;
    const int port = startFakeServer(fake, "silent");
    auto created = Collector::create(url(port)); // 15 s timeout
    QVERIFY(created.ok());
    std::shared_ptr<Collector> collector = std::move(created).value();
    QElapsedTimer t;
    t.start();
    QFuture<FetchResult> future = CollectorRunner::fetch(
        collector, QString::fromStdString(m_ids["boot"].get<std::string>()));
    QThread::msleep(300);
    QVERIFY(!future.isFinished());
    collector->cancel();
    future.waitForFinished();
    const FetchResult r = future.result();
    QVERIFY(r.cancelled());
    QVERIFY2(t.elapsed() < 1500, QByteArray::number(t.elapsed()).constData());
    // The list is cancellable the same way.
    t.restart();
    QFuture<TraceListResult> list = CollectorRunner::list(collector);
    QThread::msleep(200);
    collector->cancel();
    list.waitForFinished();
    QVERIFY(list.result().cancelled());
    QVERIFY(t.elapsed() < 1500);
}

void TestRedisCollector::notFound()
{
    const RunResult r
        = osptrace({ QStringLiteral("show"), QStringLiteral("01234567-89ab-cdef-0123-456789abcdef"),
            QStringLiteral("--connection-string"), authUrl() });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("Trace with UUID 01234567-89ab-cdef-0123-456789abcdef not found. "
                            "Please check the HMAC key used in the command."),
        r.err.constData());
    QVERIFY(!r.err.contains("s3cret"));
}

QTEST_GUILESS_MAIN(TestRedisCollector)
#include "tst_rediscollector.moc"
