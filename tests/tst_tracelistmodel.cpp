// The collector trace list model without a collector: the text and time-window filters, and
// the lazy details (duration, services, error) read for the visible rows only, cached per
// trace id, cancelled when scrolled away, through TraceDetailsLoader with a scripted
// collector whose calls the test controls.

#include "collectors/tracedetailsloader.h"
#include "formats/traceloader.h"
#include "itemmodels/tracelistmodel.h"

#include <QAbstractItemModelTester>
#include <QMutex>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <set>

using namespace Osp;

namespace {

constexpr int64_t MinuteUs = 60'000'000;
constexpr int64_t NowUs = 1'790'000'000'000'000; // 2026-09-21, a fixed "now"

/// What the scripted collectors were asked, shared by all of them (one per loader slot).
struct Script
{
    QMutex mutex;
    QStringList asked;
    std::set<QString> blocking; ///< these calls wait until cancelled or released
    std::atomic<bool> release { false };
    std::atomic<int> cancelled { 0 };
    QString failing; ///< this id answers with an error

    QStringList askedSoFar()
    {
        QMutexLocker lock(&mutex);
        return asked;
    }
};

class ScriptedCollector : public Collector
{
public:
    explicit ScriptedCollector(Script *script)
        : Collector(ConnectionString::parse(QStringLiteral("redis://127.0.0.1:1/0")))
        , m_script(script)
    { }
    TraceListResult listTraces(const TraceListOptions &) override { return TraceList {}; }
    FetchResult fetchTrace(const QString &, const LoadOptions &) override
    {
        return FetchedTrace {};
    }
    TraceDetailsResult traceDetails(const QString &id, const std::atomic<bool> *cancel) override
    {
        resetCancel();
        bool blocks = false;
        {
            QMutexLocker lock(&m_script->mutex);
            m_script->asked << id;
            blocks = m_script->blocking.count(id) > 0;
        }
        while (blocks && !m_script->release) {
            if (isCancelled(cancel)) {
                ++m_script->cancelled;
                return Error::cancelled();
            }
            QThread::msleep(2);
        }
        if (id == m_script->failing)
            return Error { .kind = Error::Data, .message = QStringLiteral("garbage") };
        TraceDetails d;
        d.durationUs = 1000 * id.mid(1).toLongLong(); // "t7" lasts 7 ms
        d.services = { QStringLiteral("nova-api"), QStringLiteral("neutron-server") };
        d.hasError = id == QLatin1String("t3");
        d.spanCount = 5;
        d.unfinishedCount = id == QLatin1String("t4") ? 1 : 0;
        d.eventCount = 10;
        return d;
    }

private:
    Script *m_script;
};

/// n traces t0…t(n-1), newest first, one minute apart, 10 events each.
std::vector<TraceSummary> traces(int n)
{
    std::vector<TraceSummary> out;
    for (int i = 0; i < n; ++i) {
        TraceSummary t;
        t.baseId = QStringLiteral("t%1").arg(i);
        t.startUs = NowUs - i * MinuteUs;
        t.eventCount = 10;
        t.rootRequest
            = i % 2 ? QStringLiteral("GET /v2.1/servers") : QStringLiteral("POST /v2.0/ports");
        out.push_back(t);
    }
    return out;
}

QStringList ids(int first, int last)
{
    QStringList out;
    for (int i = first; i <= last; ++i)
        out << QStringLiteral("t%1").arg(i);
    return out;
}

QString cell(const TraceListModel &m, int row, int column)
{
    return m.data(m.index(row, column)).toString();
}

} // namespace

class TestTraceListModel : public QObject
{
    Q_OBJECT

private:
    Script m_script;
    TraceListModel *m_model = nullptr;
    TraceDetailsLoader *m_loader = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    void waitIdle() { QTRY_VERIFY_WITH_TIMEOUT(m_loader->isIdle(), 5000); }

private slots:
    void init()
    {
        {
            QMutexLocker lock(&m_script.mutex);
            m_script.asked.clear();
            m_script.blocking.clear();
        }
        m_script.release = false;
        m_script.cancelled = 0;
        m_script.failing.clear();
        m_model = new TraceListModel(this);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_loader = new TraceDetailsLoader(this);
        m_loader->setFactory([this] { return std::make_unique<ScriptedCollector>(&m_script); });
        // The wiring the collector dialog uses.
        connect(m_model, &TraceListModel::detailsWanted, m_loader, &TraceDetailsLoader::request);
        connect(m_loader, &TraceDetailsLoader::detailsReady, m_model, &TraceListModel::setDetails);
        connect(m_loader, &TraceDetailsLoader::detailsFailed, m_model,
            &TraceListModel::setDetailsFailed);
        m_model->setTraces(traces(100));
    }

    void cleanup()
    {
        m_script.release = true; // let blocked calls end before the script goes
        delete m_loader;
        m_tester.reset();
        delete m_model;
    }

    void timeWindowAndText()
    {
        auto t = traces(30);
        t.push_back(TraceSummary { QStringLiteral("nostart"), std::nullopt, 2, {}, false });
        m_model->setTraces(t);
        QCOMPARE(m_model->rowCount(), 31);
        // Last 15 minutes: t0 (now) … t15 (exactly 15 min ago, inclusive).
        m_model->setTimeWindow(NowUs - 15 * MinuteUs, std::nullopt);
        QCOMPARE(m_model->rowCount(), 16);
        QCOMPARE(m_model->traceAt(0)->baseId, QStringLiteral("t0"));
        QCOMPARE(m_model->traceAt(15)->baseId, QStringLiteral("t15"));
        // A closed range in the past, and text on top of it.
        m_model->setTimeWindow(NowUs - 20 * MinuteUs, NowUs - 10 * MinuteUs);
        QCOMPARE(m_model->rowCount(), 11);
        QCOMPARE(m_model->traceAt(0)->baseId, QStringLiteral("t10"));
        m_model->setFilterText(QStringLiteral("get /v2.1"));
        QCOMPARE(m_model->rowCount(), 5); // t11, t13, …, t19
        for (int r = 0; r < m_model->rowCount(); ++r)
            QVERIFY(m_model->traceAt(r)->baseId.mid(1).toInt() % 2 == 1);
        // No window: everything again, the trace of unknown start too.
        m_model->setFilterText(QString());
        m_model->setTimeWindow(std::nullopt, std::nullopt);
        QCOMPARE(m_model->rowCount(), 31);
        QCOMPARE(cell(*m_model, 30, TraceListModel::StartColumn), QStringLiteral("unknown"));
    }

    void detailsForVisibleRowsOnly()
    {
        QCOMPARE(cell(*m_model, 0, TraceListModel::DurationColumn), QStringLiteral("…"));
        QSignalSpy wanted(m_model, &TraceListModel::detailsWanted);
        m_model->setVisibleRows(0, 9);
        QCOMPARE(wanted.count(), 1);
        QCOMPARE(wanted.first().first().toStringList(), ids(0, 9));
        waitIdle();
        QStringList asked = m_script.askedSoFar();
        asked.sort();
        QStringList expected = ids(0, 9);
        expected.sort();
        QCOMPARE(asked, expected);
        QCOMPARE(cell(*m_model, 7, TraceListModel::DurationColumn), QStringLiteral("7.000 ms"));
        QCOMPARE(cell(*m_model, 7, TraceListModel::ServicesColumn),
            QStringLiteral("nova-api, neutron-server"));
        QCOMPARE(cell(*m_model, 3, TraceListModel::ErrorColumn), QStringLiteral("error"));
        QCOMPARE(cell(*m_model, 4, TraceListModel::ErrorColumn), QString());
        QCOMPARE(cell(*m_model, 4, TraceListModel::DurationColumn), QStringLiteral("4.000 ms+"));
        QVERIFY(m_model->detailsAt(9) != nullptr);
        QVERIFY(m_model->detailsAt(10) == nullptr);
        QCOMPARE(cell(*m_model, 10, TraceListModel::DurationColumn), QStringLiteral("…"));

        // Cached per trace id: showing the same rows (or a re-list of unchanged traces, or a
        // filter that moves them) asks for nothing again.
        m_model->setVisibleRows(0, 9);
        m_model->setTraces(traces(100));
        m_model->setVisibleRows(0, 9);
        m_model->setFilterText(QStringLiteral("t5"));
        m_model->setVisibleRows(0, m_model->rowCount() - 1); // t5, t50…t59
        waitIdle();
        QCOMPARE(m_script.askedSoFar().size(), 10 + 10);
        QCOMPARE(m_model->traceAt(0)->baseId, QStringLiteral("t5"));
        QCOMPARE(cell(*m_model, 0, TraceListModel::DurationColumn), QStringLiteral("5.000 ms"));

        // A trace that grew since (more events) is read again.
        m_model->setFilterText(QString());
        auto grown = traces(100);
        grown[2].eventCount = 14;
        m_model->setTraces(grown);
        QCOMPARE(cell(*m_model, 2, TraceListModel::DurationColumn), QStringLiteral("…"));
        m_model->setVisibleRows(0, 9);
        waitIdle();
        QCOMPARE(m_script.askedSoFar().size(), 21);
        QCOMPARE(m_script.askedSoFar().last(), QStringLiteral("t2"));
    }

    void scrollingAwayCancels()
    {
        {
            QMutexLocker lock(&m_script.mutex);
            for (const QString &id : ids(0, 99))
                m_script.blocking.insert(id);
        }
        m_model->setVisibleRows(0, 9);
        // Two slots: t0 and t1 run, t2…t9 wait.
        QTRY_COMPARE_WITH_TIMEOUT(m_script.askedSoFar().size(), 2, 5000);
        QCOMPARE(m_loader->startedCount(), 2);
        m_model->setVisibleRows(50, 59);
        QCOMPARE(m_loader->cancelledCount(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(m_script.cancelled.load(), 2, 5000); // the calls saw it
        QTRY_COMPARE_WITH_TIMEOUT(m_script.askedSoFar().size(), 4, 5000);
        m_script.release = true;
        waitIdle();
        const QStringList asked = m_script.askedSoFar();
        QCOMPARE(asked.size(), 2 + 10);
        for (const QString &id : asked.mid(2))
            QVERIFY2(ids(50, 59).contains(id), qPrintable(id));
        QVERIFY(m_model->detailsAt(55) != nullptr);
        QVERIFY(m_model->detailsAt(0) == nullptr);
        QCOMPARE(cell(*m_model, 0, TraceListModel::DurationColumn), QStringLiteral("…"));
        // Scrolling back asks for the cancelled rows again.
        m_model->setVisibleRows(0, 1);
        waitIdle();
        QVERIFY(m_model->detailsAt(0) != nullptr && m_model->detailsAt(1) != nullptr);
    }

    void closingCancelsEverything()
    {
        {
            QMutexLocker lock(&m_script.mutex);
            for (const QString &id : ids(0, 99))
                m_script.blocking.insert(id);
        }
        m_model->setVisibleRows(0, 9);
        QTRY_COMPARE_WITH_TIMEOUT(m_script.askedSoFar().size(), 2, 5000);
        m_loader->cancelAll();
        m_model->forgetPending();
        QVERIFY(m_loader->isIdle());
        QTRY_COMPARE_WITH_TIMEOUT(m_script.cancelled.load(), 2, 5000);
        QTest::qWait(50);
        QCOMPARE(m_script.askedSoFar().size(), 2); // the queued eight never started
    }

    void failedReadIsShownAndNotRetried()
    {
        m_script.failing = QStringLiteral("t1");
        m_model->setVisibleRows(0, 2);
        waitIdle();
        QCOMPARE(cell(*m_model, 1, TraceListModel::DurationColumn), QStringLiteral("?"));
        QVERIFY(m_model->data(m_model->index(1, TraceListModel::DurationColumn), Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("garbage")));
        m_model->setVisibleRows(0, 2);
        waitIdle();
        QCOMPARE(m_script.askedSoFar().size(), 3);
    }

    void detailsOfARealTrace()
    {
        const LoadResult r = loadTraceFile(QStringLiteral(OSP_TEST_DATA "/small-report.json"));
        QVERIFY(r.ok());
        const TraceDetails d = Collector::detailsOf(*r.value(), 42);
        QCOMPARE(d.durationUs, r.value()->endUs());
        QVERIFY(d.durationUs > 0);
        QCOMPARE(d.spanCount, r.value()->spanCount());
        QCOMPARE(d.unfinishedCount, r.value()->unfinishedCount());
        QCOMPARE(d.eventCount, size_t(42));
        QCOMPARE(d.hasError, r.value()->errorCount() > 0);
        std::set<QString> services;
        for (const Span &s : r.value()->spans())
            if (s.service != NoString)
                services.insert(r.value()->text(s.service));
        QCOMPARE(size_t(d.services.size()), services.size()); // each once
        for (const QString &s : d.services)
            QVERIFY(services.count(s));
    }
};

QTEST_GUILESS_MAIN(TestTraceListModel)
#include "tst_tracelistmodel.moc"
