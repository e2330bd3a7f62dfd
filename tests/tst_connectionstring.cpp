// Connection strings as OSProfiler, tooz and Kolla write them; passwords never leak.
#include "collectors/collector.h"
#include "collectors/connectionstring.h"

#include <QtTest>

using namespace Osp;
using Kind = ConnectionString::Kind;

class TestConnectionString : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void redaction();
    void withPassword_data();
    void withPassword();
    void factory();
};

void TestConnectionString::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");

    QTest::newRow("redis bare") << "redis://" << int(Kind::Redis) << "localhost" << 6379 << "0"
                                << ""
                                << "";
    QTest::newRow("no scheme sep") << "redis" << int(Kind::Redis) << "localhost" << 6379 << "0"
                                   << ""
                                   << "";
    QTest::newRow("redis full") << "redis://:p%40ss@10.0.0.5:6380/3" << int(Kind::Redis)
                                << "10.0.0.5" << 6380 << "3"
                                << ""
                                << "p@ss";
    QTest::newRow("redis db query")
        << "redis://h?db=4&socket_timeout=0.5" << int(Kind::Redis) << "h" << 6379 << "4"
        << ""
        << "";
    QTest::newRow("redis user") << "redis://admin:pw@h:1/1" << int(Kind::Redis) << "h" << 1 << "1"
                                << "admin"
                                << "pw";
    QTest::newRow("redis at in password")
        << "redis://:a@b@h" << int(Kind::Redis) << "h" << 6379 << "0"
        << ""
        << "a@b";
    QTest::newRow("redis ipv6") << "redis://[::1]:7000" << int(Kind::Redis) << "::1" << 7000 << "0"
                                << ""
                                << "";
    QTest::newRow("kolla sentinel")
        << "redis://"
           "default:pw@192.0.2.1:26379?sentinel=kolla&sentinel_fallback=192.0.2.2:26379&db=0&"
           "socket_timeout=60&retry_on_timeout=yes"
        << int(Kind::RedisSentinel) << "192.0.2.1" << 26379 << "0"
        << "default"
        << "pw";
    QTest::newRow("redissentinel")
        << "redissentinel://:pw@h:26380" << int(Kind::RedisSentinel) << "h" << 26380 << "0"
        << ""
        << "pw";
    QTest::newRow("rediss") << "rediss://:pw@h" << int(Kind::RedisTls) << "h" << 6379 << "0"
                            << ""
                            << "pw";
    QTest::newRow("mysql") << "mysql://osp:pw@db/profiler" << int(Kind::Sql) << "db" << 3306
                           << "profiler"
                           << "osp"
                           << "pw";
    QTest::newRow("mysql+pymysql charset") << "mysql+pymysql://osp:pw@db:3307/profiler?charset=utf8"
                                           << int(Kind::Sql) << "db" << 3307 << "profiler"
                                           << "osp"
                                           << "pw";
    QTest::newRow("mysql+mysqldb")
        << "mysql+mysqldb://osp@db/p" << int(Kind::Sql) << "db" << 3306 << "p"
        << "osp"
        << "";
    QTest::newRow("postgresql") << "postgresql://osp:pw@pg/profiler" << int(Kind::Sql) << "pg"
                                << 5432 << "profiler"
                                << "osp"
                                << "pw";
    QTest::newRow("postgresql+psycopg2")
        << "postgresql+psycopg2://osp:pw@pg:5433/profiler?sslmode=disable" << int(Kind::Sql) << "pg"
        << 5433 << "profiler"
        << "osp"
        << "pw";
    QTest::newRow("sqlite relative")
        << "sqlite:///traces.db" << int(Kind::Sql) << "" << 0 << "traces.db"
        << ""
        << "";
    QTest::newRow("sqlite absolute")
        << "sqlite:////tmp/t.db" << int(Kind::Sql) << "" << 0 << "/tmp/t.db"
        << ""
        << "";
    QTest::newRow("messaging") << "messaging://" << int(Kind::Unsupported) << "" << 0 << ""
                               << ""
                               << "";
    QTest::newRow("elasticsearch")
        << "elasticsearch://h:9200" << int(Kind::Unsupported) << "h" << 0 << ""
        << ""
        << "";
    QTest::newRow("unknown scheme") << "ftp://h" << int(Kind::Invalid) << "h" << 0 << ""
                                    << ""
                                    << "";
    QTest::newRow("bad port") << "redis://h:port" << int(Kind::Invalid) << "h" << 0 << ""
                              << ""
                              << "";
    QTest::newRow("bad db") << "redis://h/x" << int(Kind::Invalid) << "h" << 6379 << ""
                            << ""
                            << "";
    QTest::newRow("sql without db") << "mysql://h" << int(Kind::Invalid) << "h" << 3306 << ""
                                    << ""
                                    << "";
    QTest::newRow("sqlite without file") << "sqlite://" << int(Kind::Invalid) << "" << 0 << ""
                                         << ""
                                         << "";
}

void TestConnectionString::parse()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    const ConnectionString cs = ConnectionString::parse(text);
    QCOMPARE(int(cs.kind()), kind);
    if (kind == int(Kind::Invalid) || kind == int(Kind::Unsupported)) {
        QVERIFY(!cs.error().isEmpty());
        return;
    }
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QCOMPARE(cs.host(), host);
    QCOMPARE(cs.port(), port);
    QCOMPARE(cs.database(), database);
    QCOMPARE(cs.user(), user);
    QCOMPARE(cs.password(), password);
}

void TestConnectionString::redaction()
{
    QCOMPARE(ConnectionString::parse(QStringLiteral("redis://:secret@host:6379/0")).redacted(),
        QStringLiteral("redis://:***@host:6379/0"));
    QCOMPARE(ConnectionString::parse(
                 QStringLiteral("redis://default:secret@h?sentinel=k&password=secret"))
                 .redacted(),
        QStringLiteral("redis://default:***@h?sentinel=k&password=***"));
    QCOMPARE(ConnectionString::parse(
                 QStringLiteral("mysql+pymysql://osp:secret@db/profiler?charset=utf8"))
                 .redacted(),
        QStringLiteral("mysql+pymysql://osp:***@db/profiler?charset=utf8"));
    QCOMPARE(ConnectionString::parse(QStringLiteral("redis://h:6379")).redacted(),
        QStringLiteral("redis://h:6379"));
    QCOMPARE(ConnectionString::redactText(
                 QStringLiteral("failed: redis://u:secret@h/0 and x?password=secret")),
        QStringLiteral("failed: redis://u:***@h/0 and x?password=***"));
    for (const char *bad : { "rediss://:secret@h", "redis://:secret@h:port", "ftp://u:secret@h",
             "mysql://u:secret@h" }) {
        const ConnectionString cs = ConnectionString::parse(QLatin1String(bad));
        QVERIFY2(!cs.error().contains(QLatin1String("secret")), qPrintable(cs.error()));
    }
    QVERIFY(ConnectionString::parse(QStringLiteral("rediss://:secret@h"))
                .error()
                .contains(QLatin1String("TLS is not supported by this build (hiredis 0.14)")));
}

void TestConnectionString::withPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("user");
    const QString odd = QStringLiteral("p@ss/w:rd?#%");
    QTest::newRow("none before") << "redis://h:6379/0"
                                 << "pw"
                                 << "redis://:pw@h:6379/0"
                                 << "";
    QTest::newRow("replaces") << "redis://:old@h:6379/0"
                              << "pw"
                              << "redis://:pw@h:6379/0"
                              << "";
    QTest::newRow("keeps the user") << "mysql+pymysql://osp:old@db/osprofiler?charset=utf8"
                                    << "pw"
                                    << "mysql+pymysql://osp:pw@db/osprofiler?charset=utf8"
                                    << "osp";
    QTest::newRow("user without password") << "postgresql://osp@db/profiler"
                                           << "pw"
                                           << "postgresql://osp:pw@db/profiler"
                                           << "osp";
    QTest::newRow("old one holds @ and /") << "redis://:a@b/c@h/1"
                                           << "pw"
                                           << "redis://:pw@h/1"
                                           << "";
    QTest::newRow("query keeps its @") << "redis://h?sentinel=m&x=a@b"
                                       << "pw"
                                       << "redis://:pw@h?sentinel=m&x=a@b"
                                       << "";
    QTest::newRow("odd characters encoded")
        << "redis://h" << odd << "redis://:p%40ss%2Fw%3Ard%3F%23%25@h"
        << "";
    QTest::newRow("empty: unchanged") << "redis://:old@h"
                                      << ""
                                      << "redis://:old@h"
                                      << "";
    QTest::newRow("sqlite: unchanged") << "sqlite:///x.db"
                                       << "pw"
                                       << "sqlite:///x.db"
                                       << "";
}

void TestConnectionString::withPassword()
{
    QFETCH(QString, url);
    QFETCH(QString, password);
    QFETCH(QString, expected);
    QFETCH(QString, user);
    const QString out = ConnectionString::withPassword(url, password);
    QCOMPARE(out, expected);
    if (password.isEmpty() || url.startsWith(QLatin1String("sqlite")))
        return;
    // What the collectors will use: the same password and user back, and never in messages.
    const ConnectionString cs = ConnectionString::parse(out);
    QVERIFY2(cs.isValid(), qPrintable(cs.error()));
    QCOMPARE(cs.password(), password);
    QCOMPARE(cs.user(), user);
    QVERIFY(!cs.redacted().contains(QLatin1String("pw"))
        && !cs.redacted(ConnectionString::Secrets::Removed).contains(QLatin1String("p%40")));
}

void TestConnectionString::factory()
{
    QVERIFY(Collector::create(QStringLiteral("redis://h")).ok());
    QVERIFY(Collector::create(QStringLiteral("sqlite:///x.db")).ok());
    const auto tls = Collector::create(QStringLiteral("rediss://:pw@h"));
    QVERIFY(!tls.ok());
    QCOMPARE(tls.error().kind, Error::Unsupported);
    const auto messaging = Collector::create(QStringLiteral("messaging://"));
    QVERIFY(!messaging.ok());
    QVERIFY(messaging.error().toString().contains(QLatin1String("not supported")));
}

QTEST_GUILESS_MAIN(TestConnectionString)
#include "tst_connectionstring.moc"
