// Integration (GUI): File ▸ Profile a request… against the two real WSGI services of
// tst_profile (OSProfiler's WsgiMiddleware, a private redis-server): the response status, the
// wait for the trace to settle, the trace opened in a tab with spans of both services; and the
// faults — collector down (nothing is sent), server refusing, a server that never answers
// (Cancel answers at once), "Open now", a wrong key. Pictures go to $OSP_SCREENSHOT_DIR.

#include "collectors/collectorrunner.h"
#include "mainwindow.h"
#include "screenshotdir.h"
#include "testservers.h"
#include "views/collectors/collectorsource.h"
#include "views/collectors/profiledialog.h"
#include "views/trace/traceview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTcpServer>
#include <QThreadPool>
#include <QtTest>

#include <set>

using namespace Osp;
using namespace OspTest;

class TestProfileDialog : public QObject
{
    Q_OBJECT

private:
    ProfileServices m_servers;

    /// A dialog filled for the services, shown; the caller changes what the case needs.
    void fill(ProfileDialog &d)
    {
        d.setRequestUrl(m_servers.url());
        d.setMethod(QStringLiteral("POST"));
        d.setHeaders(QStringLiteral("Content-Type: application/json\n"
                                    "X-Auth-Token: gAAAAABexample"));
        d.setBody(QStringLiteral("{\"server\": {\"name\": \"vm1\"}}"));
        d.setHmacKey(QString::fromLatin1(ProfileServices::hmacKey()));
        d.setConnectionString(m_servers.connectionString());
        d.setQuietSeconds(0.7);
        d.setMaxWaitSeconds(30);
        d.show();
    }

private slots:
    void initTestCase()
    {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        bool skip = false;
        if (const QString why = m_servers.start(&skip); !why.isEmpty()) {
            if (skip)
                QSKIP(qPrintable(why));
            QFAIL(qPrintable(why));
        }
    }

    void cleanupTestCase() { m_servers.stop(); }

    void profileOpensTheTrace()
    {
        MainWindow window(/*useSettings=*/false);
        window.resize(1600, 1000);
        window.show();
        ProfileDialog dialog(/*useSettings=*/false);
        connect(&dialog, &ProfileDialog::openRequested, &window, &MainWindow::openProfiledTrace);
        QSignalSpy opened(&dialog, &ProfileDialog::openRequested);
        fill(dialog);
        dialog.send();
        QVERIFY(dialog.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1, 30000);
        QVERIFY2(dialog.responseText().startsWith(QLatin1String("HTTP 202 in ")),
            qPrintable(dialog.responseText()));
        QVERIFY(dialog.responseText().contains(dialog.baseId()));
        QCOMPARE(opened.first().at(1).toString(), dialog.baseId());
        QCOMPARE(opened.first().at(2).toBool(), false); // settled: no need to follow
        QVERIFY2(dialog.messageText().contains(QLatin1String("none new for 0.7 s")),
            qPrintable(dialog.messageText()));
        QVERIFY(!dialog.isBusy());
        savePicture(&dialog, QStringLiteral("profile-dialog"));

        QTRY_VERIFY_WITH_TIMEOUT(window.currentTraceView() != nullptr, 15000);
        TraceView *view = window.currentTraceView();
        auto *source = view->findChild<CollectorSource *>();
        QVERIFY(source);
        QCOMPARE(source->baseId(), dialog.baseId());
        const Trace &trace = *view->trace();
        std::set<QString> services, names;
        for (const Span &s : trace.spans()) {
            services.insert(trace.text(s.service));
            names.insert(trace.text(s.name));
        }
        QVERIFY(services.count(QStringLiteral("osapi_compute")));
        QVERIFY(services.count(QStringLiteral("neutron-server")));
        QVERIFY(names.count(QStringLiteral("wsgi")) && names.count(QStringLiteral("db")));
        // The key shows nowhere.
        const QByteArray key = ProfileServices::hmacKey();
        for (const QString &text : { window.windowTitle(), dialog.windowTitle(),
                 dialog.responseText(), dialog.messageText(), source->title() })
            QVERIFY2(!text.contains(QLatin1String(key)), qPrintable(text));
        QTest::qWait(200);
        savePicture(&window, QStringLiteral("profile-trace"));
    }

    void collectorDownSendsNothing()
    {
        ProfileDialog dialog(false);
        QSignalSpy opened(&dialog, &ProfileDialog::openRequested);
        fill(dialog);
        dialog.setConnectionString(QStringLiteral("redis://:pw@127.0.0.1:%1/0").arg(freePort()));
        dialog.send();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 15000);
        QVERIFY2(dialog.messageText().contains(QLatin1String("nothing was sent")),
            qPrintable(dialog.messageText()));
        QVERIFY(!dialog.messageText().contains(QLatin1String(":pw@")));
        QVERIFY(dialog.baseId().isEmpty()); // no request went out
        QCOMPARE(opened.count(), 0);
    }

    void serverRefuses()
    {
        ProfileDialog dialog(false);
        fill(dialog);
        dialog.setRequestUrl(QStringLiteral("http://127.0.0.1:%1/v2.1/servers").arg(freePort()));
        dialog.send();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 15000);
        QVERIFY2(dialog.messageText().startsWith(QLatin1String("No answer from http://127.0.0.1:")),
            qPrintable(dialog.messageText()));
        QVERIFY2(dialog.messageText().contains(QLatin1String("refused")),
            qPrintable(dialog.messageText()));
        QVERIFY(dialog.responseText().isEmpty());
    }

    void badInputIsNamed()
    {
        ProfileDialog dialog(false);
        fill(dialog);
        dialog.setHeaders(QStringLiteral("Content-Type: application/json\nno colon here"));
        dialog.send();
        QVERIFY(!dialog.isBusy());
        QCOMPARE(dialog.messageText(), QStringLiteral("Header line 2 is not \"Name: value\"."));
        fill(dialog);
        dialog.setHmacKey(QString());
        dialog.send();
        QVERIFY(!dialog.isBusy());
        QVERIFY(dialog.messageText().contains(QLatin1String("HMAC key")));
        fill(dialog);
        dialog.setConnectionString(QStringLiteral("rediss://127.0.0.1:6380/0"));
        dialog.send();
        QVERIFY(!dialog.isBusy());
        QVERIFY2(
            dialog.messageText().contains(QLatin1String("TLS")), qPrintable(dialog.messageText()));
    }

    void cancelAnswersAtOnce()
    {
        // A server that accepts the connection and never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        ProfileDialog dialog(false);
        fill(dialog);
        dialog.setRequestUrl(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()));
        dialog.send();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.stage() == ProfileDialog::Stage::Sending, 15000);
        QTest::qWait(300); // the request is out and hanging
        QVERIFY(dialog.isBusy());
        QElapsedTimer t;
        t.start();
        dialog.cancel();
        QVERIFY(!dialog.isBusy());
        QVERIFY(t.elapsed() < 100);
        QVERIFY(dialog.messageText().startsWith(QLatin1String("Cancelled")));
        // And the worker really let go of the request (aborted, not left to time out).
        QTRY_VERIFY_WITH_TIMEOUT(CollectorRunner::pool()->activeThreadCount() == 0, 2000);
    }

    void openNowStopsWaiting()
    {
        ProfileDialog dialog(false);
        QSignalSpy opened(&dialog, &ProfileDialog::openRequested);
        fill(dialog);
        dialog.setQuietSeconds(60); // would wait a minute
        dialog.send();
        QTRY_VERIFY_WITH_TIMEOUT(
            dialog.messageText().contains(QLatin1String("none new for")), 30000);
        QTest::qWait(1500); // a picture with the quiet spell under way
        QVERIFY(dialog.isBusy());
        savePicture(&dialog, QStringLiteral("profile-dialog-waiting"));
        QElapsedTimer t;
        t.start();
        dialog.openNow();
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1, 5000);
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(opened.first().at(2).toBool(), true); // events may still come: follow
        QVERIFY(dialog.messageText().contains(QLatin1String("following")));
    }

    void wrongKeyExplainsWhatToCheck()
    {
        ProfileDialog dialog(false);
        QSignalSpy opened(&dialog, &ProfileDialog::openRequested);
        fill(dialog);
        dialog.setHmacKey(QStringLiteral("not-the-key"));
        dialog.setMaxWaitSeconds(2);
        dialog.send();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 20000);
        QVERIFY2(dialog.messageText().contains(QLatin1String("is profiling on in the services")),
            qPrintable(dialog.messageText()));
        QVERIFY(!dialog.messageText().contains(QLatin1String("not-the-key")));
        QCOMPARE(opened.count(), 0);
    }
};

QTEST_MAIN(TestProfileDialog)
#include "tst_profiledialog.moc"
