// the comparison tab offscreen — side-by-side timelines on one axis and selection in
// both, the run off the GUI thread with progress and Cancel, many vs many with outliers, and
// the main window's entry points (open-or-compare question, drops, File ▸ Compare… dialog).
#include "comparisonfixture.h"
#include "itemmodels/comparisonmodel.h"
#include "itemmodels/tracesession.h"
#include "mainwindow.h"
#include "views/canvas/timelineview.h"
#include "views/common/theme.h"
#include "views/compare/comparedialog.h"
#include "views/compare/comparisondelegate.h"
#include "views/compare/comparisonview.h"
#include "views/trace/traceview.h"

#include <QComboBox>
#include <QDropEvent>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace Osp;
using namespace OspTest;

namespace {

QString nameOf(const TraceSession *s)
{
    const SpanIndex i = s->currentSpan();
    return i == NoSpan ? QString() : s->trace()->text(s->trace()->span(i).name);
}

/// Waits for a ComparisonView to finish (ready or failed).
bool waitReady(ComparisonView *v, int ms = 20000)
{
    return QTest::qWaitFor([v] { return v->isReady() || !v->isRunning(); }, ms) && v->isReady();
}

template <class T> T *waitForChild(QWidget *parent, const QString &name, int ms = 5000)
{
    T *found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            found = parent->findChild<T *>(name);
            return found && found->isVisible();
        },
        ms);
    return found;
}

} // namespace

class TestComparisonView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;

    QString write(const QString &name, const std::vector<PairSpan> &spans)
    {
        const QString path = m_dir.filePath(name);
        if (!writePairReport(path, spans))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = write(QStringLiteral("a.json"), novaRequest(0));
        m_b = write(QStringLiteral("b.json"), novaRequest(30, 1, 0, true)); // spawn +30 ms
    }

    void sideBySide()
    {
        ComparisonView view;
        view.resize(1400, 900);
        view.start({ { m_a, nullptr } }, { { m_b, nullptr } });
        QVERIFY(view.isRunning());
        QVERIFY(waitReady(&view));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.title(), QStringLiteral("a.json ↔ b.json"));
        QVERIFY(view.summaryText().contains(QStringLiteral("+30 ms")));
        QVERIFY(view.timelineA() && view.timelineB());
        QVERIFY(!view.tracesList());
        // One time axis: both sessions span the longer trace (B: 130 ms) and zoom together.
        QCOMPARE(view.sessionA()->fullEndUs(), view.sessionB()->fullEndUs());
        QCOMPARE(view.sessionA()->fullEndUs(), view.sessionB()->trace()->endUs());
        QVERIFY(view.sessionA()->trace()->endUs() < view.sessionA()->fullEndUs());
        view.sessionA()->setRange(10000, 60000);
        QCOMPARE(view.sessionB()->fromUs(), qint64(10000));
        QCOMPARE(view.sessionB()->toUs(), qint64(60000));
        view.sessionB()->resetRange();
        QCOMPARE(view.sessionA()->toUs(), view.sessionA()->fullEndUs());

        // The first row is the slowed span; picking it selects it in both timelines.
        view.selectFirstRow();
        QCOMPARE(nameOf(view.sessionA()), QStringLiteral("compute"));
        QCOMPARE(nameOf(view.sessionB()), QStringLiteral("compute"));
        QCOMPARE(view.table()->currentIndex().row(), 0);
        // A path only B has: A has nothing to select.
        ComparisonModel *m = view.model();
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->data(m->index(r, 0)).toString().startsWith(QLatin1String("neutron_api")))
                view.table()->setCurrentIndex(m->index(r, 0));
        QCOMPARE(view.sessionA()->currentSpan(), NoSpan);
        QCOMPARE(nameOf(view.sessionB()), QStringLiteral("neutron_api"));

        // A re-sort keeps the picked row selected; the tree layout too.
        view.table()->sortByColumn(ComparisonModel::NameColumn, Qt::AscendingOrder);
        QTRY_VERIFY(view.table()->currentIndex().data().toString().startsWith(
            QLatin1String("neutron_api")));
        auto *layoutBox = view.findChild<QComboBox *>(QStringLiteral("comparisonLayout"));
        layoutBox->setCurrentIndex(1);
        QCOMPARE(m->layout(), ComparisonModel::Layout::Tree);
        QTRY_VERIFY(view.table()->currentIndex().data().toString().startsWith(
            QLatin1String("neutron_api")));
        QVERIFY(m->data(m->index(0, 0)).toString().startsWith(QLatin1String("wsgi")));
        // Left collapses the current node in the tree layout.
        const int rows = m->rowCount();
        view.table()->setFocus();
        view.table()->setCurrentIndex(m->index(0, 0));
        QTest::keyClick(view.table(), Qt::Key_Left);
        QCOMPARE(m->rowCount(), 1);
        QTest::keyClick(view.table(), Qt::Key_Right);
        QCOMPARE(m->rowCount(), rows);
    }

    void colours()
    {
        // Slower and faster are distinct from each other and from the text in both themes.
        Theme *theme = Theme::instance();
        for (Theme::Mode mode : { Theme::Mode::Light, Theme::Mode::Dark }) {
            theme->setMode(mode);
            QVERIFY(theme->slower() != theme->faster());
            QCOMPARE(ComparisonDelegate::deltaColor(5), theme->slower());
            QCOMPARE(ComparisonDelegate::deltaColor(-5), theme->faster());
            QCOMPARE(ComparisonDelegate::deltaColor(0), theme->text());
            // Readable on the theme's background: dark mode uses lighter tones.
            const double l = theme->slower().lightnessF();
            QVERIFY(mode == Theme::Mode::Dark ? l > 0.5 : l < 0.5);
        }
        theme->setMode(Theme::Mode::System);
    }

    void cancelAndErrors()
    {
        ComparisonView view;
        QSignalSpy cancelled(&view, &ComparisonView::cancelled);
        view.start({ { m_a, nullptr } }, { { m_b, nullptr } });
        view.cancel();
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!view.isRunning());
        QTest::qWait(200); // the late result is dropped
        QVERIFY(!view.isReady());

        // A broken file: the error names it, nothing crashes.
        const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"info\": {\"name\": ");
        f.close();
        QSignalSpy failed(&view, &ComparisonView::failed);
        view.start({ { m_a, nullptr } }, { { bad, nullptr } });
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.front().front().toString().contains(QStringLiteral("bad.json")));
        QVERIFY(!view.isReady());
    }

    void manyVsMany()
    {
        std::vector<ComparisonInput> a, b;
        for (int slow : { 0, 2, 4, 6, 300 }) // the 300 ms run is an outlier
            a.push_back({ QString(), pairTrace(novaRequest(slow)) });
        for (int slow : { 50, 52, 54, 56 })
            b.push_back({ QString(), pairTrace(novaRequest(slow, 1)) });
        ComparisonView view;
        view.start(std::move(a), std::move(b));
        QVERIFY(waitReady(&view));
        QCOMPARE(view.title(), QStringLiteral("5 ↔ 4 traces"));
        QVERIFY(!view.timelineA());
        QTreeWidget *traces = view.tracesList();
        QVERIFY(traces);
        QCOMPARE(traces->topLevelItemCount(), 9);
        int outliers = 0;
        for (int i = 0; i < traces->topLevelItemCount(); ++i)
            outliers += traces->topLevelItem(i)->text(0).contains(QStringLiteral("outlier"));
        QCOMPARE(outliers, 1);
        QVERIFY(traces->topLevelItem(4)->text(0).contains(QStringLiteral("outlier")));
        QVERIFY(view.summaryText().contains(QStringLiteral("1 outlier")));
        QVERIFY(!view.table()->isColumnHidden(ComparisonModel::DurationP95AColumn));
        QVERIFY(view.model()
                    ->data(view.model()->index(0, 0))
                    .toString()
                    .startsWith(QLatin1String("compute")));
    }

    void openOrCompareWithCurrent()
    {
        MainWindow w(false);
        w.resize(1200, 800);
        w.show();
        QVERIFY(w.addResult(loadTraceFile(m_a), m_a));
        w.openOrCompare({ m_b });
        auto *box = waitForChild<QMessageBox>(&w, QStringLiteral("openOrCompare"));
        QVERIFY(box);
        QVERIFY(box->text().contains(QStringLiteral("b.json")));
        box->findChild<QPushButton *>(QStringLiteral("compareWithCurrent"))->click();
        QCOMPARE(w.tabs()->count(), 2);
        auto *view = qobject_cast<ComparisonView *>(w.tabs()->currentWidget());
        QVERIFY(view);
        QVERIFY(waitReady(view));
        QTRY_COMPARE(nameOf(view->sessionB()), QStringLiteral("compute"));
        // The current trace went in as A without being read again.
        QCOMPARE(view->sessionA()->trace().get(),
            qobject_cast<TraceView *>(w.tabs()->widget(0))->trace().get());

        // The same question, answered "new tab".
        w.tabs()->setCurrentIndex(0);
        w.openOrCompare({ m_b });
        box = waitForChild<QMessageBox>(&w, QStringLiteral("openOrCompare"));
        QVERIFY(box);
        box->findChild<QPushButton *>(QStringLiteral("openInNewTab"))->click();
        QTRY_COMPARE(w.tabs()->count(), 3);
        QVERIFY(qobject_cast<TraceView *>(w.tabs()->widget(2)));
        // Comparison tabs close like trace tabs.
        w.tabs()->tabCloseRequested(1);
        QCOMPARE(w.tabs()->count(), 2);
    }

    void dropTwoFilesCompares()
    {
        MainWindow w(false);
        w.resize(1200, 800);
        w.show();
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(m_a), QUrl::fromLocalFile(m_b) });
        QDragEnterEvent enter(
            QPoint(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        auto *box = waitForChild<QMessageBox>(&w, QStringLiteral("openOrCompare"));
        QVERIFY(box);
        box->findChild<QPushButton *>(QStringLiteral("compareWithCurrent"))->click();
        auto *view = qobject_cast<ComparisonView *>(w.tabs()->currentWidget());
        QVERIFY(view);
        QVERIFY(waitReady(view));
        QVERIFY(view->model()
                    ->data(view->model()->index(0, 0))
                    .toString()
                    .startsWith(QLatin1String("compute")));
    }

    void compareDialog()
    {
        QTemporaryDir runs;
        QVERIFY(runs.isValid());
        for (int i = 0; i < 3; ++i)
            QVERIFY(writePairReport(
                runs.filePath(QStringLiteral("iteration-%1.json").arg(i)), novaRequest(i)));
        QTemporaryDir empty;
        const TracePtr current = loadTraceFile(m_a).value();
        CompareDialog dialog(current, QStringLiteral("a.json"), QString());
        // The open tab is offered as A.
        QCOMPARE(dialog.list(ComparisonSide::A)->count(), 1);
        dialog.addSources(ComparisonSide::B, { runs.path() });
        const std::vector<ComparisonInput> a = dialog.inputs(ComparisonSide::A);
        QCOMPARE(a.size(), size_t(1));
        QCOMPARE(a.front().trace.get(), current.get());
        const std::vector<ComparisonInput> b = dialog.inputs(ComparisonSide::B);
        QCOMPARE(b.size(), size_t(3)); // the directory's reports
        QVERIFY(b.front().path.endsWith(QStringLiteral("iteration-0.json")));
        // A directory without reports: an error naming it.
        dialog.addSources(ComparisonSide::B, { empty.path() });
        QString error;
        QVERIFY(dialog.inputs(ComparisonSide::B, &error).empty());
        QVERIFY(error.contains(empty.path()));
    }
};

QTEST_MAIN(TestComparisonView)
#include "tst_comparisonview.moc"
