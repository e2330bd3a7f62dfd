// Integration: `osptrace profile` against two real WSGI services in OSProfiler's WsgiMiddleware
// (the first calls the second with the trace headers and makes a traced DB call), writing to a
// private redis-server; the headers must be what osprofiler's own signed_pack makes.
#include "collectors/profilerequest.h"
#include "testservers.h"
#include "testutil.h"

#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace Osp;
using namespace OspTest;

class TestProfile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void headersMatchOsprofiler();
    void profileTwoServices();
    void wrongKeyGivesNoTrace();

private:
    ProfileServices m_servers;
    QString m_url, m_keyFile;
};

void TestProfile::initTestCase()
{
    bool skip = false;
    if (const QString why = m_servers.start(&skip); !why.isEmpty()) {
        if (skip)
            QSKIP(qPrintable(why));
        QFAIL(qPrintable(why));
    }
    m_url = m_servers.url();
    m_keyFile = m_servers.tempPath() + QStringLiteral("/hmac");
    QFile f(m_keyFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(ProfileServices::hmacKey() + '\n');
}

void TestProfile::cleanupTestCase()
{
    m_servers.stop();
}

void TestProfile::headersMatchOsprofiler()
{
    const QString id = QStringLiteral("4d372cd5-f1a7-44b9-907a-bddaf0398e3c");
    const auto headers = ProfileRequest::traceHeaders("SECRET_KEY", id, id);
    const RunResult r = runProgram(systemPython(),
        { QStringLiteral("-c"),
            QStringLiteral("import sys; from osprofiler import _utils; "
                           "d, h = _utils.signed_pack({'base_id': sys.argv[1], 'parent_id': "
                           "sys.argv[1]}, 'SECRET_KEY'); "
                           "print(d.decode()); print(h); "
                           "print(_utils.signed_unpack(d, h, ['SECRET_KEY']))"),
            id });
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.split('\n');
    QCOMPARE(headers[0].first, QByteArray("X-Trace-Info"));
    QCOMPARE(headers[0].second, lines[0]);
    QCOMPARE(headers[1].first, QByteArray("X-Trace-HMAC"));
    QCOMPARE(headers[1].second, lines[1]);
}

void TestProfile::profileTwoServices()
{
    const QString conn = m_servers.connectionString();
    const RunResult r
        = osptrace({ QStringLiteral("profile"), m_url, QStringLiteral("--hmac-key-file"), m_keyFile,
            QStringLiteral("--header"), QStringLiteral("Content-Type: application/json"),
            QStringLiteral("--header"), QStringLiteral("X-Auth-Token: gAAAAABexample"),
            QStringLiteral("--method"), QStringLiteral("POST"), QStringLiteral("--data"),
            QStringLiteral("{\"server\": {\"name\": \"vm1\"}}"), QStringLiteral("--wait"),
            QStringLiteral("0.7"), QStringLiteral("--format"), QStringLiteral("json"),
            QStringLiteral("--connection-string"), conn });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("HTTP 202 in"), r.err.constData());
    const QByteArray idLine = r.err.split('\n').first();
    QVERIFY(idLine.startsWith("Trace ID: "));
    const QString baseId = QString::fromUtf8(idLine.mid(10));
    nlohmann::json ours = parseJson(r.out);
    QVERIFY(ours.is_object());
    // Spans from both services, the DB call, the call from one to the other.
    std::set<std::string> services, names;
    std::vector<const nlohmann::json *> stack { &ours };
    while (!stack.empty()) {
        const nlohmann::json *n = stack.back();
        stack.pop_back();
        if (n->contains("info") && (*n)["info"].contains("service")
            && (*n)["info"]["service"].is_string()) {
            services.insert((*n)["info"]["service"].get<std::string>());
            names.insert((*n)["info"]["name"].get<std::string>());
        }
        for (const auto &c : (*n)["children"])
            stack.push_back(&c);
    }
    QVERIFY(services.count("osapi_compute"));
    QVERIFY(services.count("neutron-server"));
    QVERIFY(names.count("wsgi") && names.count("db") && names.count("neutron.db"));
    // And it is what osprofiler itself reports for that trace.
    const RunResult theirs = runProgram(QStringLiteral("/usr/bin/osprofiler"),
        { QStringLiteral("trace"), QStringLiteral("show"), baseId, QStringLiteral("--json"),
            QStringLiteral("--connection-string"), conn });
    QCOMPARE(theirs.exitCode, 0);
    nlohmann::json reference = parseJson(theirs.out);
    normaliseSiblings(ours);
    normaliseSiblings(reference);
    QVERIFY2(ours == reference, describeDifference(reference, ours).c_str());
}

void TestProfile::wrongKeyGivesNoTrace()
{
    // The middleware ignores a request signed with a key it does not hold: nothing is traced.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OSPROFILER_HMAC_KEY"), QStringLiteral("not-the-key"));
    const RunResult r
        = osptrace({ QStringLiteral("profile"), m_url, QStringLiteral("--data"),
                       QStringLiteral("{}"), QStringLiteral("--header"),
                       QStringLiteral("Content-Type: application/json"), QStringLiteral("--wait"),
                       QStringLiteral("0.3"), QStringLiteral("--max-wait"), QStringLiteral("1.5"),
                       QStringLiteral("--connection-string"), m_servers.connectionString() },
            env);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("is profiling on in the services"), r.err.constData());
    QVERIFY(!r.err.contains("not-the-key"));
}

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
