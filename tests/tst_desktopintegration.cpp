// The desktop side of MainWindow, offscreen: Help ▸ Keyboard Shortcuts is generated
// from the menus (every frequent action has a key, no key is taken twice), the theme switches
// the palette and is remembered, window layout and recent files survive a restart, and
// Help ▸ About names the versions.

#include "formats/traceloader.h"
#include "mainwindow.h"
#include "views/common/shortcutsdialog.h"
#include "views/common/theme.h"
#include "views/trace/traceview.h"

#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTreeWidget>
#include <QtTest>

using namespace Osp;

namespace {

QString fixture()
{
    return QStringLiteral(OSP_TEST_DATA "/small-report.json");
}

QMenu *findMenu(QMenuBar *bar, const QString &title)
{
    for (QAction *a : bar->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == title)
            return a->menu();
    return nullptr;
}

/// Shows the window at a fixed size and opens the trace in it (nullptr if either fails).
TraceView *showWithTrace(MainWindow &w, const LoadResult &r)
{
    w.resize(1400, 900);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return nullptr;
    return w.addResult(r, fixture());
}

} // namespace

class TestDesktopIntegration : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // QSettings go to a test location, never to the user's ospview.conf.
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("ospview-test"));
        QApplication::setApplicationName(QStringLiteral("tst_desktopintegration"));
        QSettings().clear();
    }
    void cleanupTestCase() { QSettings().clear(); }

    void shortcutsComeFromTheActions()
    {
        MainWindow w(false);
        const QList<ShortcutsDialog::Row> rows = ShortcutsDialog::collect(w.menuBar());
        QHash<QString, QString> byAction;
        for (const auto &row : rows)
            byAction.insert(row.menu + QLatin1Char('/') + row.action, row.keys);
        const QString open = QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText);
        QCOMPARE(byAction.value(QStringLiteral("File/Open…")), open);
        QCOMPARE(byAction.value(QStringLiteral("Go/Next Error")), QStringLiteral("F8"));
        // A key the call tree handles itself, named after a tab in the menu text.
        QCOMPARE(byAction.value(QStringLiteral("View/Expand Subtree")), QStringLiteral("*"));
        // A new action with a key shows up without anyone editing a list.
        QAction *extra
            = w.menuBar()->actions().first()->menu()->addAction(QStringLiteral("&Brand New"));
        extra->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_B));
        const auto after = ShortcutsDialog::collect(w.menuBar());
        QCOMPARE(after.size(), rows.size() + 1);
        QVERIFY(std::any_of(after.begin(), after.end(),
            [](const auto &r) { return r.action == QLatin1String("Brand New"); }));

        ShortcutsDialog dialog(w.menuBar());
        auto *tree = dialog.findChild<QTreeWidget *>(QStringLiteral("shortcutsTree"));
        QVERIFY(tree);
        QVERIFY(tree->topLevelItemCount() > after.size()); // rows plus one header per menu
    }

    void frequentActionsHaveUniqueKeys()
    {
        MainWindow w(false);
        const QList<ShortcutsDialog::Row> rows = ShortcutsDialog::collect(w.menuBar());
        QStringList named;
        QHash<QString, QString> owner;
        for (const auto &row : rows) {
            named << row.action;
            for (const QString &key : row.keys.split(QStringLiteral(", "))) {
                QVERIFY2(!owner.contains(key),
                    qPrintable(QStringLiteral("%1 is taken by both '%2' and '%3'")
                                   .arg(key, owner.value(key), row.action)));
                owner.insert(key, row.action);
            }
        }
        for (const char *frequent :
            { "Open…", "Open from Collector…", "Profile a Request…", "Reload", "Follow",
                "Close Tab", "Quit", "Call Tree", "Timeline", "Flame Graph", "Filter Spans…",
                "Expand All", "Collapse All", "Zoom Back", "Next Error", "Previous Error",
                "Next Tab", "Previous Tab", "Full Screen", "Keyboard Shortcuts", "Export Image…" })
            QVERIFY2(named.contains(QString::fromUtf8(frequent)),
                qPrintable(
                    QStringLiteral("no shortcut for '%1'").arg(QString::fromUtf8(frequent))));
    }

    void themeSwitchesThePalette()
    {
        const QPalette system = QApplication::palette();
        MainWindow w(false);
        w.setTheme(Theme::Mode::Dark);
        QVERIFY(Theme::instance()->isDark());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightnessF() < 0.3);
        QVERIFY(QApplication::palette().color(QPalette::Text).lightnessF() > 0.7);
        QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
        w.setTheme(Theme::Mode::Light);
        QVERIFY(!Theme::instance()->isDark());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightnessF() > 0.7);
        w.setTheme(Theme::Mode::System);
        QCOMPARE(QApplication::palette().color(QPalette::Window), system.color(QPalette::Window));
        QCOMPARE(Theme::instance()->mode(), Theme::Mode::System);
    }

    void themeIsRemembered()
    {
        {
            MainWindow w(true);
            w.setTheme(Theme::Mode::Dark);
        }
        Theme::instance()->setMode(Theme::Mode::System);
        QVERIFY(!Theme::instance()->isDark());
        {
            MainWindow w(true); // reads the setting at start-up
            QCOMPARE(Theme::instance()->mode(), Theme::Mode::Dark);
            QVERIFY(Theme::instance()->isDark());
            w.setTheme(Theme::Mode::System);
        }
        // Without settings (screenshots, tests) nothing is read.
        QSettings().setValue(QStringLiteral("appearance/theme"), QStringLiteral("dark"));
        MainWindow plain(false);
        QCOMPARE(Theme::instance()->mode(), Theme::Mode::System);
        QSettings().remove(QStringLiteral("appearance/theme"));
    }

    void layoutAndRecentFilesSurviveARestart()
    {
        QVERIFY2(QFile::exists(fixture()),
            "tests/data/small-report.json is missing: the checkout is broken");
        const LoadResult r = loadTraceFile(fixture());
        QVERIFY(r.ok());
        QList<int> analysisSizes;
        {
            MainWindow w(true);
            TraceView *v = showWithTrace(w, r);
            QVERIFY(v);
            auto *split = v->findChild<QSplitter *>(QStringLiteral("analysisSplitter"));
            QVERIFY(split);
            split->setSizes({ 300, 500 });
            analysisSizes = split->sizes();
            w.close(); // closeEvent writes the layout
        }
        MainWindow w(true);
        TraceView *v = showWithTrace(w, r);
        QVERIFY(v);
        QCOMPARE(
            v->findChild<QSplitter *>(QStringLiteral("analysisSplitter"))->sizes(), analysisSizes);

        QMenu *file = findMenu(w.menuBar(), QStringLiteral("File"));
        QVERIFY(file);
        QMenu *recent = nullptr;
        for (QAction *a : file->actions())
            if (a->menu() && a->text().remove(QLatin1Char('&')) == QLatin1String("Open Recent"))
                recent = a->menu();
        QVERIFY(recent);
        emit recent->aboutToShow();
        QVERIFY(recent->actions().size() >= 1);
        QVERIFY(recent->actions().first()->text().endsWith(
            QDir::toNativeSeparators(QFileInfo(fixture()).absoluteFilePath())));
    }

    void aboutNamesTheVersions()
    {
        const QString text = MainWindow::aboutText();
        QVERIFY(text.contains(QStringLiteral(OSP_VERSION)));
        QVERIFY(text.contains(QString::fromLatin1(qVersion())));
        for (const char *pattern : { "nlohmann/json</td><td>3\\.\\d+\\.\\d+",
                 "hiredis</td><td>\\d+\\.\\d+\\.\\d+", "zlib</td><td>1\\.",
                 "Build</td><td>(GCC|Clang) .+, \\w+", "SQL drivers</td><td>.*QSQLITE" })
            QVERIFY2(QRegularExpression(QString::fromLatin1(pattern)).match(text).hasMatch(),
                qPrintable(QString::fromLatin1(pattern) + QStringLiteral(" not in ") + text));
    }
};

QTEST_MAIN(TestDesktopIntegration)
#include "tst_desktopintegration.moc"
