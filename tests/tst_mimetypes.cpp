// Our shared-mime-info types (packaging/io.github.ospview.ospview.mime.xml) as a desktop sees
// them through Qt's QMimeDatabase: OSProfiler reports are recognised by content, and no
// other JSON or HTML file is claimed.
#include "testutil.h"

#include <QDir>
#include <QMimeDatabase>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace OspTest;

namespace {
const QString ReportJson = QStringLiteral("application/x-osprofiler-report+json");
const QString ReportHtml = QStringLiteral("text/x-osprofiler-report+html");
} // namespace

class TestMimeTypes : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            return {};
        return path;
    }
    static QString typeOf(const QString &path)
    {
        return QMimeDatabase().mimeTypeForFile(path).name();
    }

private slots:
    void initTestCase()
    {
        // What `apt install` or `cmake --install` + update-mime-database make: one database
        // compiled from the system's freedesktop.org.xml and ours (Qt resolves glob weights
        // within one database, so ours must not live in a separate one).
        QVERIFY(m_dir.isValid());
        const QString system = QStringLiteral("/usr/share/mime/packages/freedesktop.org.xml");
        if (!QFile::exists(system))
            QSKIP("no /usr/share/mime/packages/freedesktop.org.xml (Debian shared-mime-info)");
        const QString mime = m_dir.filePath(QStringLiteral("share/mime"));
        QVERIFY(QDir().mkpath(mime + QStringLiteral("/packages")));
        QVERIFY(QFile::copy(system, mime + QStringLiteral("/packages/freedesktop.org.xml")));
        QVERIFY(QFile::copy(
            QStringLiteral(OSP_SOURCE_DIR "/packaging/io.github.ospview.ospview.mime.xml"),
            mime + QStringLiteral("/packages/io.github.ospview.ospview.xml")));
        QProcess update;
        update.start(QStringLiteral("update-mime-database"), { mime });
        QVERIFY2(update.waitForFinished(60000) && update.exitCode() == 0,
            qPrintable(QStringLiteral("update-mime-database (shared-mime-info) failed: ")
                + QString::fromLocal8Bit(update.readAllStandardError())));
        // Before the first QMimeDatabase: Qt reads the search path once.
        qputenv("XDG_DATA_DIRS", m_dir.filePath(QStringLiteral("share")).toUtf8());
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("nothing")).toUtf8());
        QVERIFY2(QMimeDatabase().mimeTypeForName(ReportJson).isValid(),
            "Qt does not see the freshly built MIME database");
        QVERIFY(QMimeDatabase()
                    .mimeTypeForName(ReportJson)
                    .inherits(QStringLiteral("application/json")));
        QVERIFY(QMimeDatabase().mimeTypeForName(ReportHtml).inherits(QStringLiteral("text/html")));
    }

    void reportsAreRecognised()
    {
        QCOMPARE(typeOf(QStringLiteral(OSP_SOURCE_DIR "/resources/sample/boot.json")), ReportJson);
        QCOMPARE(typeOf(dataFile("small-report.json")), ReportJson);
        // By content alone, without a file name.
        const std::string sample
            = readAll(QStringLiteral(OSP_SOURCE_DIR "/resources/sample/boot.json"));
        QCOMPARE(QMimeDatabase()
                     .mimeTypeForData(QByteArray(sample.data(), qsizetype(sample.size())))
                     .name(),
            ReportJson);
    }

    void realReports()
    {
        // Written by OSProfiler itself, across versions (key order, indent 2 and 4).
        const QString shared = sharedTraces();
        if (shared.isEmpty())
            QSKIP("no shared traces");
        const QDir real(shared + QStringLiteral("/real"));
        int json = 0, html = 0;
        for (const QFileInfo &fi : real.entryInfoList({ QStringLiteral("*.json") }, QDir::Files)) {
            // A report whose root lacks "info" (osp-utils__empty-root) still starts with it.
            QCOMPARE(typeOf(fi.filePath()), ReportJson);
            ++json;
        }
        for (const QFileInfo &fi : real.entryInfoList({ QStringLiteral("*.html") }, QDir::Files)) {
            QCOMPARE(typeOf(fi.filePath()), ReportHtml);
            ++html;
        }
        QVERIFY(json >= 10 && html >= 5);
    }

    void otherFilesAreNotClaimed()
    {
        QCOMPARE(typeOf(write(QStringLiteral("plain.json"), "{\"name\": \"x\", \"value\": 1}")),
            QStringLiteral("application/json"));
        // "total" somewhere deep in a big JSON document is not a report.
        QByteArray late("{\"padding\": \"");
        late += QByteArray(400, 'x');
        late += "\", \"name\": \"total\"}";
        QCOMPARE(
            typeOf(write(QStringLiteral("late.json"), late)), QStringLiteral("application/json"));
        QCOMPARE(typeOf(write(QStringLiteral("fragment.html"), "<p>hello</p>")),
            QStringLiteral("text/html"));
        QCOMPARE(typeOf(write(QStringLiteral("page.html"),
                     "<!DOCTYPE html><html><body><script>var x = 1;</script></body></html>")),
            QStringLiteral("text/html"));
        // The marker beyond the first 8 KiB: not OSProfiler's template.
        QByteArray farHtml("<!DOCTYPE html><html><body><p>");
        farHtml += QByteArray(9000, 'x');
        farHtml += "</p><script>var OSProfilerData = {};</script></body></html>";
        QCOMPARE(typeOf(write(QStringLiteral("far.html"), farHtml)), QStringLiteral("text/html"));
    }
};

QTEST_GUILESS_MAIN(TestMimeTypes)
#include "tst_mimetypes.moc"
