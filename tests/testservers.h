#pragma once
// Helpers for the integration tests: private servers (redis-server, PostgreSQL, MariaDB) on
// free loopback ports, that die with the test process (PR_SET_PDEATHSIG) even when it crashes,
// and running programs (osptrace, /usr/bin/osprofiler, the python fill script).

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <nlohmann/json.hpp>

#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace OspTest {

/// A free TCP port on 127.0.0.1 (bound and released; the tiny race is acceptable in tests).
inline int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

inline bool waitForPort(int port, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(port));
        if (s.waitForConnected(200))
            return true;
        QThread::msleep(50);
    }
    return false;
}

/// A server started by a test, stopped by stop() or the destructor (so also when a QVERIFY
/// fails), and killed by the kernel if the test process dies first.
class TestServer
{
public:
    ~TestServer() { stop(); }

    /// runAs: a user name to drop to (PostgreSQL refuses to run as root).
    bool start(const QString &program, const QStringList &args, const QString &runAs = {})
    {
        uid_t uid = 0;
        gid_t gid = 0;
        if (!runAs.isEmpty()) {
            const passwd *pw = ::getpwnam(runAs.toUtf8().constData());
            if (!pw)
                return false;
            uid = pw->pw_uid;
            gid = pw->pw_gid;
        }
        // Servers log a lot; keep it out of the test output (a failing start says why itself).
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.setStandardErrorFile(QProcess::nullDevice());
        m_process.setChildProcessModifier([uid, gid] {
            if (uid != 0) {
                ::setgroups(0, nullptr);
                (void)::setgid(gid);
                (void)::setuid(uid);
            }
            // After setuid: a credential change clears the parent-death signal.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        });
        m_process.start(program, args);
        return m_process.waitForStarted(5000);
    }

    /// Sends sig and waits; kills after timeoutMs.
    void stop(int sig = SIGTERM, int timeoutMs = 10000)
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        ::kill(static_cast<pid_t>(m_process.processId()), sig);
        if (!m_process.waitForFinished(timeoutMs)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }

    bool running() const { return m_process.state() == QProcess::Running; }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
};

/// What a program printed and returned.
struct RunResult
{
    int exitCode = -1;
    QByteArray out, err;
    qint64 ms = 0;
};

/// runAs: a user to drop to first (PostgreSQL's tools refuse root).
inline RunResult runProgram(const QString &program, const QStringList &args,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
    int timeoutMs = 120000, const QString &runAs = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    uid_t uid = 0;
    gid_t gid = 0;
    if (const passwd *pw = runAs.isEmpty() ? nullptr : ::getpwnam(runAs.toUtf8().constData())) {
        uid = pw->pw_uid;
        gid = pw->pw_gid;
    }
    p.setChildProcessModifier([uid, gid] {
        if (uid != 0) {
            ::setgroups(0, nullptr);
            (void)::setgid(gid);
            (void)::setuid(uid);
        }
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    RunResult r;
    if (!p.waitForStarted(10000)) {
        r.err = "cannot start " + program.toUtf8();
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        r.err = "timed out: " + program.toUtf8();
        return r;
    }
    r.ms = t.elapsed();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline RunResult osptrace(const QStringList &args,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    return runProgram(QStringLiteral(OSPTRACE_BIN), args, env);
}

/// Debian's python, which has the osprofiler package (pyenv's python3 on PATH does not).
inline QString systemPython()
{
    return QStringLiteral("/usr/bin/python3");
}

/// Why the real osprofiler cannot be used here, or an empty string.
inline QString osprofilerMissing()
{
    if (!QFile::exists(QStringLiteral("/usr/bin/osprofiler")))
        return QStringLiteral("/usr/bin/osprofiler is missing (Debian python3-osprofiler)");
    const RunResult r = runProgram(systemPython(),
        { QStringLiteral("-c"), QStringLiteral("import osprofiler, redis, sqlalchemy") });
    if (r.exitCode != 0)
        return QStringLiteral("the real osprofiler library is not importable: ")
            + QString::fromUtf8(r.err);
    return {};
}

/// fill_collector.py: the base ids it made, as {"boot":…, "error":…, "single":…}.
inline nlohmann::json fillCollector(const QString &url, bool filterErrorTrace, QString *error)
{
    QStringList args { QStringLiteral(OSP_SOURCE_DIR "/tests/fill_collector.py"),
        QStringLiteral("--connection-string"), url };
    if (filterErrorTrace)
        args << QStringLiteral("--filter-error-trace");
    const RunResult r = runProgram(systemPython(), args);
    try {
        if (r.exitCode == 0)
            return nlohmann::json::parse(r.out.constData());
    } catch (const nlohmann::json::exception &) { }
    *error = QStringLiteral("fill_collector.py failed (%1): %2")
                 .arg(r.exitCode)
                 .arg(QString::fromUtf8(r.err.right(2000)));
    return {};
}

inline nlohmann::json parseJson(const QByteArray &bytes)
{
    try {
        return nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size());
    } catch (const nlohmann::json::exception &) {
        return {};
    }
}

/// A private redis-server and the two WSGI services of fill_collector.py --serve-profile (the
/// first calls the second with the trace headers; both in OSProfiler's WsgiMiddleware, HMAC key
/// SECRET_KEY), writing to that redis: what a profiled request needs end to end.
class ProfileServices
{
public:
    ~ProfileServices() { stop(); }

    /// Empty on success, else why the test must be skipped (skip) or fails.
    QString start(bool *skip)
    {
        *skip = true;
        const QString redisServer = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        if (redisServer.isEmpty())
            return QStringLiteral("redis-server is not installed (Debian redis-server; ./dev "
                                  "installs it)");
        if (QString why = osprofilerMissing(); !why.isEmpty())
            return why;
        *skip = false;
        m_port = freePort();
        if (!m_redis.start(redisServer,
                { QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                    QString::number(m_port), QStringLiteral("--save"), QString(),
                    QStringLiteral("--dir"), m_dir.path() })
            || !waitForPort(m_port, 10000))
            return QStringLiteral("redis-server did not start");
        m_services.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_services.start(systemPython(),
            { QStringLiteral(OSP_SOURCE_DIR "/tests/fill_collector.py"),
                QStringLiteral("--serve-profile"), QStringLiteral("--connection-string"),
                connectionString() });
        if (!m_services.waitForStarted() || !m_services.waitForReadyRead(30000))
            return QStringLiteral("the WSGI services did not start: ")
                + QString::fromLocal8Bit(m_services.readAllStandardError());
        const nlohmann::json ready = parseJson(m_services.readLine());
        if (!ready.is_object() || !ready.contains("url"))
            return QStringLiteral("the WSGI services did not say where they listen");
        m_url = QString::fromStdString(ready["url"].get<std::string>());
        return QString();
    }

    void stop()
    {
        if (m_services.state() != QProcess::NotRunning) {
            m_services.closeWriteChannel(); // the script serves until its stdin closes
            if (!m_services.waitForFinished(10000))
                m_services.kill();
        }
        m_redis.stop();
    }

    /// The first service's URL (it calls the second).
    QString url() const { return m_url; }
    QString connectionString() const { return QStringLiteral("redis://127.0.0.1:%1").arg(m_port); }
    /// The key the services' hmac_keys hold.
    static QByteArray hmacKey() { return "SECRET_KEY"; }
    QString tempPath() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    TestServer m_redis;
    QProcess m_services;
    int m_port = 0;
    QString m_url;
};

} // namespace OspTest
