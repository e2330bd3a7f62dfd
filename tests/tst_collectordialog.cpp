// Integration (GUI): the collector dialog and collector tabs against a private redis-server
// filled by the real osprofiler library: list (off the GUI thread), filter, copy as command
// without the password, errors that keep the dialog usable, open, reload. Pictures go to
// $OSP_SCREENSHOT_DIR when set.

#include "collectors/tracedetailsloader.h"
#include "itemmodels/tracelistmodel.h"
#include "mainwindow.h"
#include "screenshotdir.h"
#include "testservers.h"
#include "views/collectors/collectordialog.h"
#include "views/collectors/collectorsource.h"
#include "views/trace/traceview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QDateTimeEdit>
#include <QLineEdit>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace Osp;
using namespace OspTest;

class TestCollectorDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestServer m_redis;
    int m_port = 0;
    nlohmann::json m_ids;
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_port); }

private slots:
    void initTestCase()
    {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        const QString redisServer = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        if (redisServer.isEmpty())
            QSKIP("redis-server is not installed");
        if (const QString why = osprofilerMissing(); !why.isEmpty())
            QSKIP(qPrintable(why));
        m_port = freePort();
        QVERIFY(m_redis.start(redisServer,
            { QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                QString::number(m_port), QStringLiteral("--save"), QString(),
                QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--dir"),
                m_dir.path() }));
        QVERIFY(waitForPort(m_port, 10000));
        QString error;
        m_ids = fillCollector(url(), true, &error);
        QVERIFY2(!m_ids.is_null(), qPrintable(error));
        // Pictures for the README want a fuller list than the assertions need.
        for (int i = 0; i < 2 && qEnvironmentVariableIsSet("OSP_SCREENSHOT_DIR"); ++i)
            QVERIFY2(!fillCollector(url(), true, &error).is_null(), qPrintable(error));
    }

    void historyNeverStoresPasswords()
    {
        QCOMPARE(CollectorDialog::historyEntry(QStringLiteral("redis://:s3cret@10.0.0.1:6379/0")),
            QStringLiteral("redis://10.0.0.1:6379/0"));
        const QString sql = CollectorDialog::historyEntry(
            QStringLiteral("mysql+pymysql://osp:pw@db/osprofiler?charset=utf8&password=x"));
        QVERIFY(!sql.contains(QLatin1String("pw")) && !sql.contains(QLatin1String("=x")));
        QVERIFY(sql.contains(QLatin1String("osp@db/osprofiler")));
    }

    void listFilterCopyOpen()
    {
        CollectorDialog dialog(/*useSettings=*/false);
        QAbstractItemModelTester tester(
            dialog.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        // A server that is not there: a clear message, and the dialog stays usable.
        dialog.setConnectionString(QStringLiteral("redis://:pw@127.0.0.1:%1/0").arg(freePort()));
        dialog.list();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isListing(), 15000);
        QVERIFY(!dialog.errorText().isEmpty());
        QVERIFY2(
            !dialog.errorText().contains(QLatin1String(":pw@")), qPrintable(dialog.errorText()));

        dialog.setConnectionString(url());
        dialog.list();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isListing(), 15000);
        QVERIFY2(
            dialog.errorText().isEmpty() || !dialog.errorText().contains(QLatin1String("refused")),
            qPrintable(dialog.errorText()));
        TraceListModel *m = dialog.model();
        QVERIFY(m->rowCount() >= 3);
        for (int r = 1; r < m->rowCount(); ++r) // newest first
            QVERIFY(m->traceAt(r - 1)->startUs.value_or(0) >= m->traceAt(r)->startUs.value_or(0));
        // Duration, services and the error flag arrive for the rows on screen.
        QTRY_VERIFY_WITH_TIMEOUT(dialog.detailsLoader()->isIdle() && m->detailsAt(0), 15000);
        for (int r = 0; r < m->rowCount(); ++r) {
            const TraceDetails *d = m->detailsAt(r);
            QVERIFY2(d, qPrintable(m->traceAt(r)->baseId));
            QVERIFY(!d->services.isEmpty());
            QVERIFY2(d->durationUs > 0 || d->spanCount == 1, qPrintable(m->traceAt(r)->baseId));
            QCOMPARE(m->data(m->index(r, TraceListModel::ErrorColumn)).toString().isEmpty(),
                !d->hasError && !m->traceAt(r)->hasError);
        }
        QVERIFY(dialog.detailsLoader()->startedCount() <= m->rowCount());
        savePicture(&dialog, QStringLiteral("collector-dialog"));

        // Time windows: the traces were just written, so all are in the last 15 minutes and
        // none in a range that ended yesterday.
        const int all = m->rowCount();
        dialog.setTimeWindow(CollectorDialog::Last15Minutes);
        QCOMPARE(m->rowCount(), all);
        dialog.setTimeWindow(CollectorDialog::CustomRange);
        auto *from = dialog.findChild<QDateTimeEdit *>(QStringLiteral("windowFrom"));
        auto *to = dialog.findChild<QDateTimeEdit *>(QStringLiteral("windowTo"));
        QVERIFY(from->isVisible() && to->isVisible());
        QCOMPARE(m->rowCount(), all);
        to->setDateTime(QDateTime::currentDateTimeUtc().addDays(-1));
        QCOMPARE(m->rowCount(), 0);
        dialog.setTimeWindow(CollectorDialog::AnyTime);
        QVERIFY(!from->isVisible());
        QCOMPARE(m->rowCount(), all);

        const QString boot = QString::fromStdString(m_ids["boot"].get<std::string>());
        auto *filter = dialog.findChild<QLineEdit *>(QStringLiteral("traceFilter"));
        filter->setText(boot.left(8));
        QCOMPARE(m->rowCount(), 1);
        auto *table = dialog.findChild<QTreeView *>(QStringLiteral("traceList"));
        table->setCurrentIndex(m->index(0, 0));
        QCOMPARE(dialog.selectedTraceId(), boot);
        dialog.copyCommand();
        QCOMPARE(QApplication::clipboard()->text(),
            QStringLiteral("osprofiler trace show --connection-string '%1' %2 --json")
                .arg(url(), boot));

        // Opening: a tab reads the trace off the GUI thread; Reload re-reads it.
        MainWindow window(/*useSettings=*/false);
        window.resize(1600, 1000);
        window.show();
        connect(&dialog, &CollectorDialog::openRequested, &window, &MainWindow::openFromCollector);
        emit dialog.openRequested(dialog.connectionString(), boot);
        QTRY_VERIFY_WITH_TIMEOUT(window.currentTraceView() != nullptr, 15000);
        TraceView *view = window.currentTraceView();
        QVERIFY(view->trace()->spanCount() >= 3);
        auto *source = view->findChild<CollectorSource *>();
        QVERIFY(source);
        QCOMPARE(source->baseId(), boot);
        source->fetch();
        QTRY_VERIFY_WITH_TIMEOUT(!source->isFetching(), 15000);
        QCOMPARE(window.tabs()->count(), 1);
        QTest::qWait(200);
        savePicture(&window, QStringLiteral("collector-trace"));

        // A trace id that does not exist: a message box would block; the source reports it.
        CollectorSource missing(url(), QStringLiteral("00000000-0000-0000-0000-000000000000"));
        QSignalSpy failed(&missing, &CollectorSource::failed);
        missing.fetch();
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 15000);
        QVERIFY(failed.first().first().toString().contains(QLatin1String("not found")));
    }
};

QTEST_MAIN(TestCollectorDialog)
#include "tst_collectordialog.moc"
