// The pictures against the data: the timeline and the flame graph are rendered into images and
// every span box drawn on its own is checked pixel by pixel against the draw list and the span
// it stands for. A box's inside is its span's colour; outside the boxes a row is only its
// background; after a zoom nothing of the old picture stays. Inputs: every trace in
// ../shared/traces (when present), the bundled sample, and random trees with async children
// that outlive their parents, one-pixel spans and many siblings.
#include "analysisfixture.h"
#include "formats/traceloader.h"
#include "itemmodels/tracesession.h"
#include "testutil.h"
#include "views/canvas/flamegraphview.h"
#include "views/canvas/timelineview.h"
#include "views/common/theme.h"

#include <QDir>
#include <QPainter>
#include <QtTest>

#include <map>
#include <random>

using namespace Osp;

namespace {

constexpr QSize Size(1200, 700);

QImage render(SpanCanvas &canvas)
{
    QImage img(canvas.size(), QImage::Format_RGB32);
    img.fill(Qt::magenta);
    QPainter p(&img);
    canvas.renderTo(p, canvas.size());
    return img;
}

/// Random trees: a tenth of the children outlive their parent, some are a few µs long, one
/// parent has thousands of children.
TracePtr randomTrace(unsigned seed, int n)
{
    std::mt19937 rng(seed);
    std::vector<OspTest::FixtureSpan> spans { { -1, "wsgi", 0, 20000, "h1", "api" } };
    for (int i = 1; i < n; ++i) {
        const bool crowd = i > n / 2;
        const int parent = crowd ? 1 : std::uniform_int_distribution<int>(0, i - 1)(rng);
        const auto &p = spans[size_t(parent)];
        const int room = std::max(1, p.endMs - p.startMs);
        const int start = p.startMs + std::uniform_int_distribution<int>(0, room - 1)(rng);
        const bool async = std::uniform_int_distribution<int>(0, 9)(rng) == 0;
        const int end = async ? start + std::uniform_int_distribution<int>(1, 5000)(rng)
                              : start
                + std::uniform_int_distribution<int>(
                    0, std::max(0, std::min(p.endMs - start, crowd ? 2 : room)))(rng);
        spans.push_back({ parent, "op" + std::to_string(i % 13), start, end,
            "h" + std::to_string(i % 3), "svc" + std::to_string(i % 7) });
    }
    return OspTest::fixtureTrace(spans);
}

struct Checked
{
    size_t boxes = 0;
    size_t rows = 0;
};

/// Checks one rendered frame against its draw list: pixels just inside the top edge of every
/// box drawn for one span are that span's colour (errors, skew hatches and labels aside), and
/// on that line no pixel outside the boxes differs from the row's background.
void checkFrame(NavigableCanvas &canvas, const QImage &img, const DrawList &list, int inset,
    const QString &what, Checked &checked)
{
    const QRect rows = canvas.rowsRect();
    for (uint32_t r = 0; r + 1 < list.rowStart.size(); ++r) {
        const uint32_t row = list.firstRow + r;
        const int y = int(std::lround(canvas.rowTop(row))) + inset;
        if (y < rows.top() || y >= std::min(rows.bottom(), img.height()))
            continue;
        const auto items = list.row(r);
        std::vector<uint8_t> covered(size_t(img.width()), 0);
        for (const DrawItem &it : items) {
            const int from = std::max(0, int(std::floor(it.x0)) - 1);
            const int to
                = std::min(img.width() - 1, int(std::ceil(std::max(it.x1, it.x0 + 1))) + 1);
            for (int x = from; x <= to; ++x)
                covered[size_t(x)] = 1;
            if (it.count != 1 || it.width() < 8
                || (it.flags & (ItemError | ItemSkewed | ItemCritical | ItemUnfinished)))
                continue;
            const QRgb want = canvas.spanColor(it.span).rgb() & 0xFFFFFF;
            const int x0 = int(std::ceil(it.x0)) + 2, x1 = int(std::floor(it.x1)) - 3;
            for (int x = std::max(x0, rows.left()); x <= std::min(x1, rows.right()); ++x) {
                const QRgb got = img.pixel(x, y) & 0xFFFFFF;
                if (got != want)
                    QFAIL(qPrintable(QStringLiteral("%1: span %2 row %3 [%4, %5]: pixel %6,%7 is "
                                                    "#%8, its colour is #%9")
                                         .arg(what)
                                         .arg(it.span)
                                         .arg(row)
                                         .arg(it.x0)
                                         .arg(it.x1)
                                         .arg(x)
                                         .arg(y)
                                         .arg(got, 6, 16, QLatin1Char('0'))
                                         .arg(want, 6, 16, QLatin1Char('0'))));
            }
            ++checked.boxes;
        }
        // The background of the row is the colour most pixels outside the boxes have; the
        // only other colour allowed there is the time grid's translucent line over it.
        std::map<QRgb, int> outside;
        for (int x = rows.left(); x <= rows.right(); ++x)
            if (!covered[size_t(x)])
                ++outside[img.pixel(x, y) & 0xFFFFFF];
        if (!outside.empty()) {
            const QRgb background = std::max_element(
                outside.begin(), outside.end(), [](const auto &a, const auto &b) {
                    return a.second < b.second;
                })->first;
            const QColor g = Theme::instance()->grid();
            const auto over = [&](int bg, int line) {
                return int(std::lround(bg * (1 - g.alphaF()) + line * g.alphaF()));
            };
            const QColor bg = QColor::fromRgb(background);
            const QColor gridOverBackground(
                over(bg.red(), g.red()), over(bg.green(), g.green()), over(bg.blue(), g.blue()));
            const auto near = [](const QColor &a, const QColor &b) {
                return std::abs(a.red() - b.red()) <= 2 && std::abs(a.green() - b.green()) <= 2
                    && std::abs(a.blue() - b.blue()) <= 2;
            };
            for (int x = rows.left(); x <= rows.right(); ++x) {
                if (covered[size_t(x)])
                    continue;
                const QRgb got = img.pixel(x, y) & 0xFFFFFF;
                if (got == background || near(QColor::fromRgb(got), gridOverBackground))
                    continue;
                if (!qEnvironmentVariableIsEmpty("OSP_PIXELS_DUMP"))
                    img.save(qEnvironmentVariable("OSP_PIXELS_DUMP"));
                QFAIL(qPrintable(QStringLiteral("%1: row %2: pixel %3,%4 (#%5) is drawn outside "
                                                "every box of the row (background #%6)")
                                     .arg(what)
                                     .arg(row)
                                     .arg(x)
                                     .arg(y)
                                     .arg(got, 6, 16, QLatin1Char('0'))
                                     .arg(background, 6, 16, QLatin1Char('0'))));
            }
        }
        ++checked.rows;
    }
}

QStringList traces()
{
    QStringList out { QStringLiteral(OSP_SOURCE_DIR "/resources/sample/boot.json") };
    const QString shared = OspTest::sharedTraces();
    if (!shared.isEmpty())
        for (const QString &dir : { QStringLiteral("/real/"), QStringLiteral("/generated/") })
            for (const QString &f : QDir(shared + dir).entryList({ QStringLiteral("*.json") }))
                out << shared + dir + f;
    return out;
}

} // namespace

class TestCanvasPixels : public QObject
{
    Q_OBJECT

private:
    void flameFrames(const TracePtr &trace, const QString &name, Checked &checked)
    {
        for (FlameMetric metric : { FlameMetric::Duration, FlameMetric::SelfTime }) {
            TraceSession session(trace);
            FlameGraphView fg(&session);
            fg.resize(Size);
            fg.setShowCriticalPath(false);
            fg.setMetric(metric);
            QTRY_VERIFY(fg.isLayoutReady());
            const double total = fg.graph()->totalValue();
            for (int zoom = 0; zoom < 3; ++zoom) {
                const double width = total / double(1 << (4 * zoom));
                const double from = (total - width) * 0.37;
                fg.setValueRange(from, from + width);
                const DrawList list = fg.ensureDrawList(Size);
                const QString what
                    = QStringLiteral("%1 flame %2 zoom %3")
                          .arg(name,
                              metric == FlameMetric::Duration ? QStringLiteral("duration")
                                                              : QStringLiteral("self"))
                          .arg(zoom);
                checkFrame(fg, render(fg), list, 1, what, checked);
                if (QTest::currentTestFailed())
                    return;
            }
        }
    }

    void timelineFrames(const TracePtr &trace, const QString &name, Checked &checked)
    {
        TraceSession session(trace);
        TimelineView tl(&session);
        tl.resize(Size);
        tl.setShowCriticalPath(false);
        QTRY_VERIFY(tl.isLayoutReady());
        const int64_t end = std::max<int64_t>(trace->endUs(), 1);
        for (int zoom = 0; zoom < 3; ++zoom) {
            const int64_t width = std::max<int64_t>(end >> (4 * zoom), 10);
            const int64_t from = int64_t(double(end - width) * 0.37);
            session.setRange(from, from + width);
            const DrawList list = tl.ensureDrawList(Size);
            checkFrame(tl, render(tl), list, 3,
                QStringLiteral("%1 timeline zoom %2").arg(name).arg(zoom), checked);
            if (QTest::currentTestFailed())
                return;
        }
    }

private slots:
    void initTestCase() { Theme::instance()->setMode(Theme::Mode::Light); }

    void traceFiles()
    {
        Checked checked;
        for (const QString &path : traces()) {
            const LoadResult r = loadTraceFile(path);
            if (!r.ok() || r.value()->spanCount() == 0)
                continue;
            const QString name = QFileInfo(path).fileName();
            flameFrames(r.value(), name, checked);
            if (QTest::currentTestFailed())
                return;
            timelineFrames(r.value(), name, checked);
            if (QTest::currentTestFailed())
                return;
        }
        qInfo("%zu boxes on %zu row lines checked", checked.boxes, checked.rows);
        // The bundled sample alone gives 55 boxes; with ../shared's traces there are hundreds.
        QVERIFY(checked.boxes > (OspTest::sharedTraces().isEmpty() ? 40u : 200u));
    }

    void randomTrees()
    {
        Checked checked;
        for (unsigned seed = 1; seed <= 4; ++seed) {
            const TracePtr t = randomTrace(seed, 1500);
            QVERIFY(t);
            const QString name = QStringLiteral("random %1").arg(seed);
            flameFrames(t, name, checked);
            if (QTest::currentTestFailed())
                return;
            timelineFrames(t, name, checked);
            if (QTest::currentTestFailed())
                return;
        }
        qInfo("%zu boxes on %zu row lines checked", checked.boxes, checked.rows);
        QVERIFY(checked.boxes > 500);
    }

    /// Zooming a shown canvas, selection outlined, leaves the same picture as a fresh canvas
    /// opened at that zoom: nothing of the old frame (boxes, outline) stays.
    void nothingStaysAfterAZoom()
    {
        const LoadResult r
            = loadTraceFile(QStringLiteral(OSP_SOURCE_DIR "/resources/sample/boot.json"));
        QVERIFY(r.ok());
        TraceSession session(r.value());
        session.setCurrentSpan(5);
        FlameGraphView shown(&session);
        shown.resize(Size);
        shown.show();
        QTRY_VERIFY(shown.isLayoutReady());
        (void)shown.grab();
        const double total = shown.graph()->totalValue();
        shown.setValueRange(total * 0.2, total * 0.45);
        const QImage after = shown.grab().toImage();

        TraceSession fresh(r.value());
        fresh.setCurrentSpan(5);
        FlameGraphView direct(&fresh);
        direct.resize(Size);
        direct.show();
        QTRY_VERIFY(direct.isLayoutReady());
        direct.setValueRange(total * 0.2, total * 0.45);
        const QImage expected = direct.grab().toImage();
        QCOMPARE(after.size(), expected.size());
        QVERIFY(after == expected);
    }
};

QTEST_MAIN(TestCanvasPixels)
#include "tst_canvaspixels.moc"
