// File ▸ Export offscreen: one action per format plus the Redacted switch, and an export run
// off the GUI thread writes exactly what the core writes.
#include "exportcheck.h"
#include "testutil.h"
#include "views/trace/exportmenu.h"

#include <QAction>
#include <QMainWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Osp;
using namespace OspTest;

class TestExportMenu : public QObject
{
    Q_OBJECT

private slots:
    void actionsAndExport()
    {
        const TracePtr trace = loadTraceFile(dataFile("secrets-report.json")).value();
        QVERIFY(trace);
        QMainWindow window;
        auto *menu = new ExportMenu([trace] { return trace; }, false, &window);
        QStringList titles;
        for (QAction *a : menu->actions())
            if (!a->isSeparator())
                titles << a->text();
        QCOMPARE(titles.size(), int(exportFormats().size()) + 1);
        for (const ExportFormatInfo &f : exportFormats())
            QVERIFY(titles.contains(f.title + QStringLiteral("…")));
        QVERIFY(menu->redactedAction()->isCheckable());
        QVERIFY(!menu->isRedacted());
        menu->redactedAction()->setChecked(true);
        QVERIFY(menu->isRedacted());
        menu->redactedAction()->setChecked(false);
        // A picture of the menu for people to look at.
        if (const QByteArray dir = qgetenv("OSP_SCREENSHOT_DIR"); !dir.isEmpty()) {
            menu->adjustSize();
            QVERIFY(menu->grab().save(
                QString::fromLocal8Bit(dir) + QStringLiteral("/export-menu.png")));
        }

        QTemporaryDir dir;
        QSignalSpy done(menu, &ExportMenu::exportFinished);
        for (const ExportFormatInfo &f : exportFormats()) {
            for (bool redacted : { false, true }) {
                const QString path
                    = dir.filePath(f.name + (redacted ? QStringLiteral("-r") : QString()));
                menu->exportTo(f.format, path, redacted);
                QVERIFY(done.wait(30000));
                const QList<QVariant> args = done.takeFirst();
                QCOMPARE(args.at(0).toString(), path);
                QCOMPARE(args.at(1).toString(), QString());
                QVERIFY(readAll(path) == exportText(*trace, f.format, redacted));
            }
        }
    }

    void failureIsReported()
    {
        const TracePtr trace = loadTraceFile(dataFile("small-report.json")).value();
        QVERIFY(trace);
        QMainWindow window;
        auto *menu = new ExportMenu([trace] { return trace; }, false, &window);
        QSignalSpy done(menu, &ExportMenu::exportFinished);
        menu->exportTo(ExportFormat::Html, QStringLiteral("/no/such/dir/x.html"), false);
        QVERIFY(done.wait(30000));
        QVERIFY(done.first().at(1).toString().contains(QLatin1String("/no/such/dir/x.html")));
    }
};

QTEST_MAIN(TestExportMenu)
#include "tst_exportmenu.moc"
