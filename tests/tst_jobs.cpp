// The one way to run background work: the cancel checks every loop uses (util/cancellation.h),
// AsyncTask's runs (stale results dropped, progress polled) and the progress dialog that
// follows a run (closes before done() can open an error box; Cancel cancels the run).
#include "views/common/asynctask.h"
#include "views/common/progressdialog.h"

#include <QApplication>
#include <QEventLoop>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>

using namespace Osp;

namespace {

/// The iteration at which a loop that checks isCancelled<Stride>(flag, i) stops when the flag
/// is set just before iteration setAt (or the loop's end when it never stops).
template <size_t Stride> size_t stopIteration(size_t setAt, size_t n)
{
    std::atomic<bool> flag { false };
    for (size_t i = 0; i < n; ++i) {
        if (i == setAt)
            flag = true;
        if (isCancelled<Stride>(&flag, i))
            return i;
    }
    return n;
}

bool progressDialogVisible()
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (qobject_cast<QProgressDialog *>(w) && w->isVisible())
            return true;
    return false;
}

/// Blocks a worker until the test lets it go (or the run is cancelled).
struct Gate
{
    std::atomic<bool> open { false };
    std::atomic<bool> sawCancel { false };
    void wait(const JobToken &job)
    {
        while (!open && !job.isCancelled())
            QThread::msleep(2);
        sawCancel = job.isCancelled();
    }
};

/// A window for the dialog to sit over, a task, and a gate for its worker.
struct Scene
{
    Scene() { window.show(); }
    /// Runs a job that reports permille and waits at the gate, and opens its dialog, which
    /// shows at once.
    template <class Done> QPointer<ProgressDialog> runGated(int permille, Done done)
    {
        task.run(
            [gate = gate, permille](JobToken &job) {
                job.setProgress(permille);
                gate->wait(job);
                return 0;
            },
            std::move(done));
        return new ProgressDialog(&task, QStringLiteral("Loading x.json…"), &window, 0);
    }
    QWidget window;
    AsyncTask task;
    std::shared_ptr<Gate> gate = std::make_shared<Gate>();
};

} // namespace

class TestJobs : public QObject
{
    Q_OBJECT

private slots:
    void cancelChecksStopWithinTheStride()
    {
        // The first checkpoint at or after the moment the flag was set: the next multiple of
        // the stride.
        for (size_t setAt : { size_t(0), size_t(1), size_t(4095), size_t(4096), size_t(4097),
                 size_t(10000), size_t(40000) }) {
            const auto roundUp
                = [setAt](size_t stride) { return (setAt + stride - 1) / stride * stride; };
            QCOMPARE(stopIteration<CancelStride>(setAt, 100000), roundUp(4096));
            QCOMPARE(stopIteration<TightLoopCancelStride>(setAt, 100000), roundUp(16384));
            QCOMPARE(stopIteration<1024>(setAt, 100000), roundUp(1024));
        }
        // Set after the last checkpoint: the loop runs to its end.
        QCOMPARE(stopIteration<CancelStride>(4097, 8000), size_t(8000));
        // No flag: never cancelled; a set flag counts at any time without a stride.
        for (size_t i = 0; i < 10000; ++i)
            QVERIFY(!isCancelled(nullptr, i));
        QVERIFY(!isCancelled(nullptr));
        std::atomic<bool> set { true };
        QVERIFY(isCancelled(&set));
        QVERIFY(!isCancelled(&set, 1));
        QVERIFY(isCancelled(&set, 8192));
    }

    void tokenProgressIsPermille()
    {
        JobToken token;
        QCOMPARE(token.progress(), 0);
        token.setProgress(-3);
        QCOMPARE(token.progress(), 0);
        token.setProgress(1500, QStringLiteral("reading"));
        QCOMPARE(token.progress(), ProgressMax);
        QCOMPARE(token.what(), QStringLiteral("reading"));
        QVERIFY(!token.isCancelled());
        token.cancel();
        QVERIFY(token.isCancelled());
        QVERIFY(isCancelled(token.cancelFlag()));
    }

    void newerRunSupersedesOlder()
    {
        // The flag form of compute, as the views use it: only the latest run's done() runs,
        // and the older run is asked to stop.
        AsyncTask task;
        QSignalSpy progress(&task, &AsyncTask::progressChanged);
        auto first = std::make_shared<Gate>();
        QStringList done;
        task.run(
            [first](const std::atomic<bool> *cancel) {
                while (!first->open && !cancel->load())
                    QThread::msleep(2);
                first->sawCancel = cancel->load();
                return 1;
            },
            [&done](int r) { done << QString::number(r); });
        const quint64 firstGeneration = task.generation();
        task.run([](const std::atomic<bool> *) { return 2; },
            [&done](int r) { done << QString::number(r); });
        QVERIFY(task.generation() > firstGeneration);
        QTRY_VERIFY(!task.isRunning());
        QTRY_VERIFY(first->sawCancel);
        QTest::qWait(50); // the first run's late result is dropped
        QCOMPARE(done, QStringList { QStringLiteral("2") });
        QCOMPARE(progress.count(), 0); // the flag form reports no progress
    }

    void progressIsPolledAndStoppedComesBeforeDone()
    {
        AsyncTask task;
        QSignalSpy progress(&task, &AsyncTask::progressChanged);
        auto gate = std::make_shared<Gate>();
        QStringList events;
        connect(
            &task, &AsyncTask::stopped, this, [&events] { events << QStringLiteral("stopped"); });
        task.run(
            [gate](JobToken &job) {
                job.setProgress(250, QStringLiteral("reading a.json"));
                gate->wait(job);
                return 42;
            },
            [&events, &task](int r) {
                events << QStringLiteral("done %1").arg(r);
                QVERIFY(!task.isRunning());
            });
        QTRY_VERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), 250);
        QCOMPARE(progress.last().at(1).toString(), QStringLiteral("reading a.json"));
        QCOMPARE(task.progress(), 250);
        QCOMPARE(task.progressText(), QStringLiteral("reading a.json"));
        const int polls = progress.count();
        QTest::qWait(3 * AsyncTask::ProgressPollMs);
        QCOMPARE(progress.count(), polls); // nothing moved: no signal
        gate->open = true;
        QTRY_COMPARE(events.size(), 2);
        QCOMPARE(events, (QStringList { QStringLiteral("stopped"), QStringLiteral("done 42") }));
        QVERIFY(!gate->sawCancel);
    }

    void dialogClosesBeforeDone()
    {
        Scene scene;
        AsyncTask &task = scene.task;
        const std::shared_ptr<Gate> gate = scene.gate;
        bool visibleInDone = true;
        QPointer<ProgressDialog> dialog = scene.runGated(
            500, [&visibleInDone](int) { visibleInDone = progressDialogVisible(); });
        QCOMPARE(dialog->maximum(), ProgressMax);
        QTRY_VERIFY(dialog->isVisible());
        QTRY_COMPARE(dialog->value(), 500);
        gate->open = true;
        QTRY_VERIFY(!task.isRunning());
        QVERIFY(!visibleInDone); // the error box done() would open finds no dialog over it
        QTRY_VERIFY(dialog.isNull());
    }

    void quickRunNeverShowsTheDialog()
    {
        // The run ends before the delay and done() opens a modal loop (an error box) that
        // outlasts the delay: the dialog, not yet deleted inside that loop, must stay hidden.
        Scene scene;
        AsyncTask &task = scene.task;
        bool shown = false;
        task.run([](JobToken &) { return 0; },
            [&shown](int) {
                QEventLoop box;
                QTimer watch;
                connect(&watch, &QTimer::timeout, &box,
                    [&shown] { shown = shown || progressDialogVisible(); });
                watch.start(10);
                QTimer::singleShot(400, &box, &QEventLoop::quit);
                box.exec();
            });
        QPointer<ProgressDialog> dialog
            = new ProgressDialog(&task, QStringLiteral("Exporting x.html…"), &scene.window, 150);
        QTRY_VERIFY(!task.isRunning());
        QVERIFY(!shown);
        QTRY_VERIFY(dialog.isNull());
        QVERIFY(!progressDialogVisible());
    }

    void cancelButtonCancelsTheRun()
    {
        Scene scene;
        AsyncTask &task = scene.task;
        const std::shared_ptr<Gate> gate = scene.gate;
        bool doneCalled = false;
        QPointer<ProgressDialog> dialog
            = scene.runGated(0, [&doneCalled](int) { doneCalled = true; });
        QSignalSpy canceled(dialog.data(), &QProgressDialog::canceled);
        bool runningWhenCanceled = true;
        connect(dialog.data(), &QProgressDialog::canceled, this,
            [&] { runningWhenCanceled = task.isRunning(); });
        QTRY_VERIFY(dialog->isVisible());
        auto *button = dialog->findChild<QPushButton *>();
        QVERIFY(button);
        button->click();
        QCOMPARE(canceled.count(), 1);
        QVERIFY(!runningWhenCanceled); // the caller's slot sees the run already cancelled
        QVERIFY(!dialog->isVisible());
        QTRY_VERIFY(gate->sawCancel); // the worker saw the flag
        QTRY_VERIFY(dialog.isNull());
        QTest::qWait(50);
        QVERIFY(!doneCalled); // a cancelled run's result is dropped
    }
};

QTEST_MAIN(TestJobs)
#include "tst_jobs.moc"
