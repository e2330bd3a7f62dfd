// Secrets: passwords in connection strings and HMAC keys never show in messages,
// logs or what is stored. Every path that turns a connection string into text goes through
// ConnectionString (redacted(), redactText()); here each of them is fed a secret and its
// output searched for it. The collector dialog's history: tst_collectordialog.
#include "collectors/collector.h"
#include "collectors/connectionstring.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Osp;

namespace {

const QString Secret = QStringLiteral("S3cr@t/pw");
const QString Encoded = QStringLiteral("S3cr%40t%2Fpw");

/// Fragments of the secret long enough to give it away.
bool leaks(const QString &text)
{
    return text.contains(QLatin1String("S3cr")) || text.contains(QLatin1String("t/pw"))
        || text.contains(QLatin1String("40t"));
}

struct Cli
{
    int exitCode;
    QString output;
};

Cli osptrace(const QStringList &args, const QProcessEnvironment &env = {})
{
    QProcess p;
    p.setProcessEnvironment(env.isEmpty() ? QProcessEnvironment::systemEnvironment() : env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(OSPTRACE_BIN), args);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        p.kill();
    return { p.exitCode(), QString::fromUtf8(p.readAll()) };
}

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private slots:
    void connectionStrings_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("masked");
        QTest::addColumn<QString>("removed");
        QTest::newRow("redis") << QStringLiteral("redis://:") + Encoded
                + QStringLiteral("@h:6379/0")
                               << "redis://:***@h:6379/0"
                               << "redis://h:6379/0";
        QTest::newRow("raw @ and / in password")
            << QStringLiteral("redis://:") + Secret + QStringLiteral("@h:6379/0")
            << "redis://:***@h:6379/0"
            << "redis://h:6379/0";
        QTest::newRow("ACL user") << QStringLiteral("redis://default:") + Secret
                + QStringLiteral("@h")
                                  << "redis://default:***@h"
                                  << "redis://default@h";
        QTest::newRow("query password")
            << QStringLiteral("redissentinel://h:26379?sentinel=m&password=") + Encoded
                + QStringLiteral("&socket_timeout=1")
            << "redissentinel://h:26379?sentinel=m&password=***&socket_timeout=1"
            << "redissentinel://h:26379?sentinel=m&socket_timeout=1";
        QTest::newRow("sentinel_password")
            << QStringLiteral("redis://h?sentinel=m&sentinel_password=") + Encoded
            << "redis://h?sentinel=m&sentinel_password=***"
            << "redis://h?sentinel=m";
        QTest::newRow("mysql") << QStringLiteral("mysql+pymysql://osp:") + Encoded
                + QStringLiteral("@db:3306/osprofiler")
                               << "mysql+pymysql://osp:***@db:3306/osprofiler"
                               << "mysql+pymysql://osp@db:3306/osprofiler";
        QTest::newRow("postgresql")
            << QStringLiteral("postgresql://osp:") + Secret + QStringLiteral("@db/osprofiler")
            << "postgresql://osp:***@db/osprofiler"
            << "postgresql://osp@db/osprofiler";
        QTest::newRow("invalid port")
            << QStringLiteral("redis://:") + Secret + QStringLiteral("@h:port")
            << "redis://:***@h:port"
            << "redis://h:port";
        QTest::newRow("rediss") << QStringLiteral("rediss://:") + Secret + QStringLiteral("@h")
                                << "rediss://:***@h"
                                << "rediss://h";
        QTest::newRow("unsupported driver")
            << QStringLiteral("mongodb://u:") + Secret + QStringLiteral("@h/db")
            << "mongodb://u:***@h/db"
            << "mongodb://u@h/db";
    }
    void connectionStrings()
    {
        QFETCH(QString, url);
        QFETCH(QString, masked);
        QFETCH(QString, removed);
        const ConnectionString cs = ConnectionString::parse(url);
        QCOMPARE(cs.redacted(), masked);
        QCOMPARE(cs.redacted(ConnectionString::Secrets::Removed), removed);
        QVERIFY2(!leaks(cs.error()), qPrintable(cs.error()));
        QVERIFY2(!leaks(ConnectionString::redactText(
                     QStringLiteral("failed: ") + url + QStringLiteral(" (x)"))),
            qPrintable(ConnectionString::redactText(url)));
        if (const auto c = Collector::create(url); !c.ok())
            QVERIFY2(!leaks(c.error().toString()), qPrintable(c.error().toString()));
    }

    void freeText()
    {
        // Driver messages quote URLs in the middle of sentences.
        QCOMPARE(ConnectionString::redactText(QStringLiteral("could not reach redis://:") + Secret
                     + QStringLiteral("@h:6379/0: refused; retry")),
            QStringLiteral("could not reach redis://:***@h:6379/0: refused; retry"));
        QCOMPARE(ConnectionString::redactText(
                     QStringLiteral("dsn mysql://u:") + Encoded + QStringLiteral("@db/x, user u")),
            QStringLiteral("dsn mysql://u:***@db/x, user u"));
        QCOMPARE(ConnectionString::redactText(
                     QStringLiteral("x?password=") + Secret + QStringLiteral("&db=1")),
            QStringLiteral("x?password=***&db=1"));
    }

    void collectorErrors()
    {
        // Nothing listens on port 1: the error names the server, never the password.
        const QStringList urls { QStringLiteral("redis://:") + Secret
                + QStringLiteral("@127.0.0.1:1/0"),
            QStringLiteral("redis://default:") + Encoded
                + QStringLiteral("@127.0.0.1:1?socket_timeout=2") };
        for (const QString &url : urls) {
            auto created = Collector::create(url);
            QVERIFY(created.ok());
            Collector &c = *created.value();
            const TraceListResult list = c.listTraces({});
            QVERIFY(!list.ok() && !list.cancelled());
            QVERIFY2(!leaks(list.error().toString()), qPrintable(list.error().toString()));
            QVERIFY(list.error().toString().contains(QLatin1String("127.0.0.1")));
            const FetchResult fetch = c.fetchTrace(QStringLiteral("x"), {});
            QVERIFY(!fetch.ok() && !fetch.cancelled());
            QVERIFY2(!leaks(fetch.error().toString()), qPrintable(fetch.error().toString()));
        }
    }

    void commandLine()
    {
        const Cli list = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"),
            QStringLiteral("redis://:") + Secret + QStringLiteral("@127.0.0.1:1/0") });
        QVERIFY(list.exitCode != 0);
        QVERIFY2(list.output.contains(QLatin1String("redis://:***@127.0.0.1:1/0")),
            qPrintable(list.output));
        QVERIFY2(!leaks(list.output), qPrintable(list.output));

        // The HMAC key comes from a file or the environment (never the command line) and is
        // never printed, whatever fails after it was read.
        QTemporaryDir dir;
        const QString keyFile = dir.filePath(QStringLiteral("key"));
        QFile f(keyFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(Secret.toUtf8());
        f.close();
        const Cli profile = osptrace(
            { QStringLiteral("profile"), QStringLiteral("--max-wait"), QStringLiteral("1"),
                QStringLiteral("--hmac-key-file"), keyFile, QStringLiteral("--connection-string"),
                QStringLiteral("redis://:") + Secret + QStringLiteral("@127.0.0.1:1/0"),
                QStringLiteral("http://127.0.0.1:1/") });
        QVERIFY(profile.exitCode != 0);
        QVERIFY2(!leaks(profile.output), qPrintable(profile.output));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OSPROFILER_HMAC_KEY"), Secret);
        env.insert(QStringLiteral("OSPROFILER_CONNECTION_STRING"),
            QStringLiteral("redis://:") + Encoded + QStringLiteral("@127.0.0.1:1/0"));
        const Cli fromEnv
            = osptrace({ QStringLiteral("profile"), QStringLiteral("--max-wait"),
                           QStringLiteral("1"), QStringLiteral("http://127.0.0.1:1/") },
                env);
        QVERIFY(fromEnv.exitCode != 0);
        QVERIFY2(!leaks(fromEnv.output), qPrintable(fromEnv.output));
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
