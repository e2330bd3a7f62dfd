// Nothing lost: ospview keeps its settings and recent files in QSettings() (on Unix
// ~/.config/ospview/ospview.conf). QSettings writes them through QSaveFile, a temporary file
// renamed over the old one, as long as atomic sync stays required (Qt's default; ospview never
// turns it off). Here a process is killed while it writes, and the old file must be intact.
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

namespace {

/// True when process pid has a file open next to settings that is neither the settings file
/// nor QSettings' lock file: QSaveFile's temporary file.
bool writingTemporaryFile(pid_t pid, const QFileInfo &settings)
{
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    const QString dir = settings.absolutePath() + QLatin1Char('/');
    for (const QString &fd :
        fds.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System)) {
        const QString target = QFile::symLinkTarget(fds.filePath(fd));
        if (target.startsWith(dir) && target != settings.absoluteFilePath()
            && !target.endsWith(QLatin1String(".lock")))
            return true;
    }
    return false;
}

} // namespace

class TestSettingsAtomic : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_CONFIG_HOME", m_home.path().toLocal8Bit());
        QCoreApplication::setOrganizationName(QStringLiteral("ospview"));
        QCoreApplication::setApplicationName(QStringLiteral("ospview"));
    }

    void atomicSyncIsTheDefault()
    {
        QSettings s;
        QVERIFY(s.isAtomicSyncRequired());
        QCOMPARE(QFileInfo(s.fileName()).absolutePath(),
            QDir(m_home.path()).absoluteFilePath(QStringLiteral("ospview")));
    }

    void crashWhileWritingKeepsTheOldFile()
    {
        const QStringList recent { QStringLiteral("/traces/a.json"),
            QStringLiteral("/traces/b.json") };
        QString path;
        {
            QSettings s;
            s.setValue(QStringLiteral("recentFiles"), recent);
            s.sync();
            QCOMPARE(s.status(), QSettings::NoError);
            path = s.fileName();
        }
        QFile before(path);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray oldBytes = before.readAll();
        before.close();
        QVERIFY(oldBytes.contains("a.json"));

        // A child writes a large value; it is killed while it holds the temporary file open
        // (named or O_TMPFILE, seen in /proc/PID/fd), i.e. in the middle of writing.
        bool killedMidWrite = false;
        for (int attempt = 0; attempt < 3 && !killedMidWrite; ++attempt) {
            const pid_t pid = ::fork();
            if (pid == 0) {
                QSettings s;
                s.setValue(QStringLiteral("recentFiles"), QStringList { QStringLiteral("/new") });
                s.setValue(QStringLiteral("big"), QString((40 << 20) << attempt, QLatin1Char('x')));
                s.sync();
                ::_exit(0);
            }
            QVERIFY(pid > 0);
            for (;;) {
                if (writingTemporaryFile(pid, QFileInfo(path))) {
                    ::kill(pid, SIGKILL);
                    killedMidWrite = true;
                    break;
                }
                int status = 0;
                if (::waitpid(pid, &status, WNOHANG) == pid)
                    break; // done before we saw it writing: put the old file back, write more
                QTest::qSleep(1);
            }
            int status = 0;
            if (killedMidWrite) {
                ::waitpid(pid, &status, 0);
            } else {
                QFile restore(path);
                QVERIFY(restore.open(QIODevice::WriteOnly | QIODevice::Truncate));
                QCOMPARE(restore.write(oldBytes), oldBytes.size());
            }
        }
        QVERIFY2(killedMidWrite, "the child never wrote slowly enough to be caught mid-write");

        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), oldBytes);
        QSettings s;
        QCOMPARE(s.value(QStringLiteral("recentFiles")).toStringList(), recent);
        QVERIFY(!s.contains(QStringLiteral("big")));
    }

private:
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestSettingsAtomic)
#include "tst_settingsatomic.moc"
