// Integration: the SQL collector against a private PostgreSQL and MariaDB filled by the real
// osprofiler sqlalchemy driver, and SQLite replay files; every trace must equal
// `osprofiler trace show --json` on the same database.
#include "collectors/collector.h"
#include "testservers.h"
#include "testutil.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace Osp;
using namespace OspTest;

namespace {
const QString PgBin = QStringLiteral("/usr/lib/postgresql/15/bin/");
const QString Password = QStringLiteral("s3cret");
} // namespace

class TestSqlCollector : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void showEqualsOsprofiler_data();
    void showEqualsOsprofiler();
    void urlForms_data();
    void urlForms();
    void listNewestFirstAndErrors();
    void sqliteReplay();
    void faults_data();
    void faults();

private:
    QString pgUrl(const QString &scheme = QStringLiteral("postgresql+psycopg2"),
        const QString &db = QStringLiteral("profiler"), const QString &password = Password) const
    {
        return scheme + QStringLiteral("://osp:") + password + QStringLiteral("@127.0.0.1:")
            + QString::number(m_pgPort) + QLatin1Char('/') + db;
    }
    QString myUrl(const QString &scheme = QStringLiteral("mysql+pymysql"),
        const QString &db = QStringLiteral("profiler"), const QString &password = Password) const
    {
        return scheme + QStringLiteral("://osp:") + password + QStringLiteral("@127.0.0.1:")
            + QString::number(m_myPort) + QLatin1Char('/') + db;
    }
    nlohmann::json showJson(const QString &connection, const QString &baseId, bool viaOsprofiler);
    bool startPostgres(QString *why);
    bool startMariadb(QString *why);

    QTemporaryDir m_dir;
    QString m_pgRoot;
    TestServer m_pg, m_my;
    int m_pgPort = 0, m_myPort = 0;
    bool m_pgUp = false, m_myUp = false;
    QString m_pgSkip, m_mySkip;
    nlohmann::json m_pgIds, m_myIds;
};

bool TestSqlCollector::startPostgres(QString *why)
{
    if (!QFile::exists(PgBin + QStringLiteral("postgres"))) {
        *why = QStringLiteral("PostgreSQL 15 is not installed (Debian postgresql)");
        return false;
    }
    // PostgreSQL refuses to run as root: a directory of its own, owned by postgres.
    const passwd *pw = ::getpwnam("postgres");
    if (!pw) {
        *why = QStringLiteral("no user postgres");
        return false;
    }
    QByteArray root = (m_dir.path() + QStringLiteral("/pg-XXXXXX")).toUtf8();
    if (!::mkdtemp(root.data()) || ::chown(root.constData(), pw->pw_uid, pw->pw_gid) != 0) {
        *why = QStringLiteral("cannot make a directory for postgres");
        return false;
    }
    ::chmod(m_dir.path().toUtf8().constData(), 0755); // postgres must reach its directory
    m_pgRoot = QString::fromUtf8(root);
    const QString data = m_pgRoot + QStringLiteral("/data");
    QFile pwfile(m_pgRoot + QStringLiteral("/pw"));
    pwfile.open(QIODevice::WriteOnly);
    pwfile.write(Password.toUtf8());
    pwfile.close();
    ::chown(pwfile.fileName().toUtf8().constData(), pw->pw_uid, pw->pw_gid);
    RunResult r = runProgram(PgBin + QStringLiteral("initdb"),
        { QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("postgres"),
            QStringLiteral("--auth-local=trust"), QStringLiteral("--auth-host=scram-sha-256"),
            QStringLiteral("--pwfile=") + pwfile.fileName(), QStringLiteral("--no-sync") },
        QProcessEnvironment::systemEnvironment(), 60000, QStringLiteral("postgres"));
    if (r.exitCode != 0) {
        *why = QStringLiteral("initdb failed: ") + QString::fromUtf8(r.err);
        return false;
    }
    m_pgPort = freePort();
    if (!m_pg.start(PgBin + QStringLiteral("postgres"),
            { QStringLiteral("-D"), data, QStringLiteral("-k"), m_pgRoot, QStringLiteral("-p"),
                QString::number(m_pgPort), QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                QStringLiteral("-c"), QStringLiteral("fsync=off") },
            QStringLiteral("postgres"))
        || !waitForPort(m_pgPort, 20000)) {
        *why = QStringLiteral("postgres did not start");
        return false;
    }
    r = runProgram(PgBin + QStringLiteral("psql"),
        { QStringLiteral("-h"), m_pgRoot, QStringLiteral("-p"), QString::number(m_pgPort),
            QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-v"),
            QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-c"),
            QStringLiteral("CREATE USER osp PASSWORD '%1'").arg(Password), QStringLiteral("-c"),
            QStringLiteral("CREATE DATABASE profiler OWNER osp") },
        QProcessEnvironment::systemEnvironment(), 60000, QStringLiteral("postgres"));
    if (r.exitCode != 0) {
        *why = QStringLiteral("psql failed: ") + QString::fromUtf8(r.err);
        return false;
    }
    return true;
}

bool TestSqlCollector::startMariadb(QString *why)
{
    const QString mariadbd = QStringLiteral("/usr/sbin/mariadbd");
    const QString install = QStandardPaths::findExecutable(QStringLiteral("mariadb-install-db"));
    if (!QFile::exists(mariadbd) || install.isEmpty()) {
        *why = QStringLiteral("MariaDB is not installed (Debian mariadb-server)");
        return false;
    }
    const QString data = m_dir.path() + QStringLiteral("/mariadb");
    const QString sock = m_dir.path() + QStringLiteral("/mariadb.sock");
    RunResult r = runProgram(install,
        { QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + data,
            QStringLiteral("--user=root"),
            QStringLiteral("--auth-root-authentication-method=normal"),
            QStringLiteral("--skip-test-db") },
        QProcessEnvironment::systemEnvironment(), 120000);
    if (r.exitCode != 0) {
        *why = QStringLiteral("mariadb-install-db failed: ") + QString::fromUtf8(r.err.right(1000));
        return false;
    }
    m_myPort = freePort();
    if (!m_my.start(mariadbd,
            { QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + data,
                QStringLiteral("--socket=") + sock,
                QStringLiteral("--port=") + QString::number(m_myPort),
                QStringLiteral("--bind-address=127.0.0.1"), QStringLiteral("--user=root"),
                QStringLiteral("--skip-log-bin"), QStringLiteral("--innodb-buffer-pool-size=32M"),
                QStringLiteral("--pid-file=") + m_dir.path() + QStringLiteral("/mariadb.pid") })
        || !waitForPort(m_myPort, 30000)) {
        *why = QStringLiteral("mariadbd did not start");
        return false;
    }
    r = runProgram(QStringLiteral("mariadb"),
        { QStringLiteral("--no-defaults"), QStringLiteral("-S"), sock, QStringLiteral("-u"),
            QStringLiteral("root"), QStringLiteral("-e"),
            QStringLiteral("CREATE DATABASE profiler; CREATE DATABASE empty; CREATE USER osp@'%' "
                           "IDENTIFIED BY '%1'; "
                           "GRANT ALL ON *.* TO osp@'%';")
                .arg(Password) });
    if (r.exitCode != 0) {
        *why = QStringLiteral("mariadb client failed: ") + QString::fromUtf8(r.err);
        return false;
    }
    return true;
}

void TestSqlCollector::initTestCase()
{
    if (const QString why = osprofilerMissing(); !why.isEmpty())
        QSKIP(qPrintable(why));
    for (const char *module : { "pymysql", "psycopg2" }) {
        if (runProgram(systemPython(),
                { QStringLiteral("-c"), QStringLiteral("import ") + QLatin1String(module) })
                .exitCode
            != 0)
            QSKIP(qPrintable(
                QStringLiteral("python3-%1 is not installed").arg(QLatin1String(module))));
    }
    QVERIFY(m_dir.isValid());
    m_pgUp = startPostgres(&m_pgSkip);
    m_myUp = startMariadb(&m_mySkip);
    if (!m_pgUp && !m_myUp)
        QSKIP(qPrintable(m_pgSkip + QStringLiteral("; ") + m_mySkip));
    QString error;
    if (m_pgUp) {
        m_pgIds = fillCollector(pgUrl(), false, &error);
        QVERIFY2(!m_pgIds.is_null(), qPrintable(error));
    }
    if (m_myUp) {
        m_myIds = fillCollector(myUrl(), false, &error);
        QVERIFY2(!m_myIds.is_null(), qPrintable(error));
    }
}

void TestSqlCollector::cleanupTestCase()
{
    m_pg.stop(SIGINT); // fast shutdown
    m_my.stop();
}

nlohmann::json TestSqlCollector::showJson(
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

void TestSqlCollector::showEqualsOsprofiler_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("name");
    for (const char *backend : { "postgresql", "mariadb" })
        for (const char *name : { "boot", "error", "single" })
            QTest::newRow(qPrintable(
                QStringLiteral("%1 %2").arg(QLatin1String(backend), QLatin1String(name))))
                << QString::fromLatin1(backend) << QString::fromLatin1(name);
}

void TestSqlCollector::showEqualsOsprofiler()
{
    QFETCH(QString, backend);
    QFETCH(QString, name);
    const bool pg = backend == QLatin1String("postgresql");
    if (pg ? !m_pgUp : !m_myUp)
        QSKIP(qPrintable(pg ? m_pgSkip : m_mySkip));
    const nlohmann::json &ids = pg ? m_pgIds : m_myIds;
    const QString id = QString::fromStdString(ids[name.toStdString()].get<std::string>());
    const QString conn = pg ? pgUrl() : myUrl();
    const nlohmann::json ours = showJson(conn, id, false);
    const nlohmann::json theirs = showJson(conn, id, true);
    QVERIFY(ours.is_object());
    QVERIFY(theirs.is_object());
    QVERIFY2(ours == theirs, describeDifference(theirs, ours).c_str());
}

void TestSqlCollector::urlForms_data()
{
    QTest::addColumn<bool>("pg");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("mysql") << false << "mysql"
                           << "";
    QTest::newRow("mysql+pymysql charset") << false << "mysql+pymysql"
                                           << "?charset=utf8";
    QTest::newRow("mysql+mysqldb") << false << "mysql+mysqldb"
                                   << "?charset=utf8mb4&read_timeout=5";
    QTest::newRow("postgresql") << true << "postgresql"
                                << "";
    QTest::newRow("postgresql+psycopg2") << true << "postgresql+psycopg2"
                                         << "?sslmode=disable&client_encoding=utf8";
}

void TestSqlCollector::urlForms()
{
    QFETCH(bool, pg);
    QFETCH(QString, scheme);
    QFETCH(QString, suffix);
    if (pg ? !m_pgUp : !m_myUp)
        QSKIP(qPrintable(pg ? m_pgSkip : m_mySkip));
    const QString conn = (pg ? pgUrl(scheme) : myUrl(scheme)) + suffix;
    const RunResult r = osptrace({ QStringLiteral("list"), QStringLiteral("--format"),
        QStringLiteral("json"), QStringLiteral("--connection-string"), conn });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(parseJson(r.out).size(), size_t(3));
}

void TestSqlCollector::listNewestFirstAndErrors()
{
    for (const bool pg : { true, false }) {
        if (pg ? !m_pgUp : !m_myUp)
            continue;
        const nlohmann::json &ids = pg ? m_pgIds : m_myIds;
        const QString conn = pg ? pgUrl() : myUrl();
        RunResult r = osptrace({ QStringLiteral("list"), QStringLiteral("--format"),
            QStringLiteral("json"), QStringLiteral("--connection-string"), conn });
        QCOMPARE(r.exitCode, 0);
        const nlohmann::json rows = parseJson(r.out);
        QCOMPARE(rows.size(), size_t(3));
        QCOMPARE(rows[0]["base_id"], ids["single"]);
        QCOMPARE(rows[1]["base_id"], ids["error"]);
        QCOMPARE(rows[2]["base_id"], ids["boot"]);
        QCOMPARE(rows[2]["request"].get<std::string>(), std::string("POST /v2.1/servers"));
        QCOMPARE(rows[0]["spans"].get<int>(), 1);
        r = osptrace(
            { QStringLiteral("list"), QStringLiteral("--error-trace"), QStringLiteral("--format"),
                QStringLiteral("json"), QStringLiteral("--connection-string"), conn });
        QCOMPARE(r.exitCode, 0);
        const nlohmann::json errors = parseJson(r.out);
        QCOMPARE(errors.size(), size_t(1));
        QCOMPARE(errors[0]["base_id"], ids["error"]);
        QVERIFY2(r.err.contains("keeps no error index"), r.err.constData());
    }
}

void TestSqlCollector::sqliteReplay()
{
    if (!m_pgUp)
        QSKIP(qPrintable(m_pgSkip));
    // OSProfiler cannot write SQLite itself: copy PostgreSQL's table through its own driver class
    // (which creates the same schema) as a replay file.
    const QString file = m_dir.path() + QStringLiteral("/replay.sqlite");
    const QString script = QStringLiteral(
        "import sys\n"
        "from oslo_config import cfg\n"
        "from osprofiler import opts\n"
        "from osprofiler.drivers.sqlalchemy_driver import SQLAlchemyDriver\n"
        "import sqlalchemy\n"
        "opts.set_defaults(cfg.CONF)\n"
        "src = sqlalchemy.create_engine(sys.argv[1]).connect()\n"
        "dst = SQLAlchemyDriver(sys.argv[2])\n"
        "rows = [dict(r._mapping) for r in src.execute(sqlalchemy.text('SELECT * FROM data ORDER "
        "BY id'))]\n"
        "for r in rows: r['data'] = __import__('json').loads(r['data']) if isinstance(r['data'], "
        "str) and r['data'].startswith('\"') else r['data']\n"
        "dst._conn.execute(dst._data_table.insert(), rows)\n"
        "print(len(rows))\n");
    const RunResult r = runProgram(systemPython(),
        { QStringLiteral("-c"), script, pgUrl(), QStringLiteral("sqlite:///") + file });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    for (const char *name : { "boot", "error", "single" }) {
        const QString id = QString::fromStdString(m_pgIds[name].get<std::string>());
        const nlohmann::json ours = showJson(QStringLiteral("sqlite:///") + file, id, false);
        const nlohmann::json theirs = showJson(pgUrl(), id, true);
        QVERIFY(ours.is_object());
        QVERIFY2(ours == theirs, describeDifference(theirs, ours).c_str());
    }
    const RunResult missing
        = osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"),
            QStringLiteral("sqlite:///") + file + QStringLiteral(".nope") });
    QCOMPARE(missing.exitCode, 3);
    QVERIFY2(missing.err.contains("no such SQLite file"), missing.err.constData());
}

void TestSqlCollector::faults_data()
{
    QTest::addColumn<bool>("pg");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("expect");
    for (const bool pg : { true, false }) {
        const char *b = pg ? "pg " : "mariadb ";
        QTest::newRow(qPrintable(QLatin1String(b) + QStringLiteral("wrong password")))
            << pg << "password"
            << QByteArray(pg ? "password authentication failed" : "Access denied");
        QTest::newRow(qPrintable(QLatin1String(b) + QStringLiteral("wrong database")))
            << pg << "database" << QByteArray(pg ? "does not exist" : "Unknown database");
        QTest::newRow(qPrintable(QLatin1String(b) + QStringLiteral("no table")))
            << pg << "table" << QByteArray("has no table 'data'");
        QTest::newRow(qPrintable(QLatin1String(b) + QStringLiteral("server down")))
            << pg << "down" << QByteArray("cannot open the database");
        QTest::newRow(qPrintable(QLatin1String(b) + QStringLiteral("not found")))
            << pg << "notfound"
            << QByteArray("Trace with UUID 01234567-89ab-cdef-0123-456789abcdef not found. Please "
                          "check the HMAC key used in the command.");
    }
}

void TestSqlCollector::faults()
{
    QFETCH(bool, pg);
    QFETCH(QString, kind);
    QFETCH(QByteArray, expect);
    if (pg ? !m_pgUp : !m_myUp)
        QSKIP(qPrintable(pg ? m_pgSkip : m_mySkip));
    QString conn = pg ? pgUrl() : myUrl();
    if (kind == QLatin1String("password"))
        conn = pg ? pgUrl(QStringLiteral("postgresql"), QStringLiteral("profiler"),
                   QStringLiteral("wrong-pw"))
                  : myUrl(QStringLiteral("mysql"), QStringLiteral("profiler"),
                      QStringLiteral("wrong-pw"));
    else if (kind == QLatin1String("database"))
        conn = pg ? pgUrl(QStringLiteral("postgresql"), QStringLiteral("nosuchdb"))
                  : myUrl(QStringLiteral("mysql"), QStringLiteral("nosuchdb"));
    else if (kind == QLatin1String("table"))
        conn = pg ? pgUrl(QStringLiteral("postgresql"), QStringLiteral("postgres"))
                  : myUrl(QStringLiteral("mysql"), QStringLiteral("empty"));
    else if (kind == QLatin1String("down"))
        conn = QStringLiteral("%1://osp:%2@127.0.0.1:%3/profiler")
                   .arg(pg ? QStringLiteral("postgresql") : QStringLiteral("mysql"), Password)
                   .arg(freePort());
    const RunResult r = kind == QLatin1String("notfound")
        ? osptrace({ QStringLiteral("show"), QStringLiteral("01234567-89ab-cdef-0123-456789abcdef"),
            QStringLiteral("--connection-string"), conn })
        : osptrace({ QStringLiteral("list"), QStringLiteral("--connection-string"), conn });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(expect), r.err.constData());
    QVERIFY2(!r.err.contains(Password.toUtf8()) && !r.err.contains("wrong-pw"), r.err.constData());
    QVERIFY2(r.err.contains(":***@127.0.0.1"), r.err.constData());
}

QTEST_GUILESS_MAIN(TestSqlCollector)
#include "tst_sqlcollector.moc"
