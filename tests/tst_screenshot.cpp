// ospview --screenshot: the picture is checked objectively (size, not blank, rows drawn,
// the error row's colour), on the bundled sample and on a real trace when ../shared exists.

#include "comparisonfixture.h"
#include "views/common/theme.h"

#include <QApplication>
#include <QColor>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPalette>
#include <QProcess>
#include <QSet>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Picture
{
    QImage image;
    QString stderrText;
    int exitCode = -1;
};

Picture shoot(const QString &trace, const QString &out, const QStringList &extra = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(OSPVIEW_BIN),
        QStringList { QStringLiteral("--screenshot"), out } + extra + QStringList { trace });
    Picture pic;
    if (!p.waitForFinished(120000)) {
        p.kill();
        return pic;
    }
    pic.exitCode = p.exitCode();
    pic.stderrText = QString::fromLocal8Bit(p.readAllStandardError());
    pic.image = QImage(out).convertToFormat(QImage::Format_RGB32);
    return pic;
}

int distinctColours(const QImage &img)
{
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 2) {
        const auto *line = reinterpret_cast<const QRgb *>(img.constScanLine(y));
        for (int x = 0; x < img.width(); x += 2)
            colours.insert(line[x] & 0xFFFFFF);
    }
    return int(colours.size());
}

bool isBarPixel(QRgb px)
{
    // Bars are saturated colours; text, grid and chrome are (nearly) grey.
    const QColor c(px);
    return c.hsvSaturation() > 60 && c.value() > 90;
}

/// Horizontal bands of image rows that contain bar-coloured pixels: one per drawn span row.
int barBands(const QImage &img, int minPixelsPerLine = 2)
{
    int bands = 0;
    bool inBand = false;
    for (int y = 0; y < img.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(img.constScanLine(y));
        int n = 0;
        for (int x = 0; x < img.width(); ++x)
            n += isBarPixel(line[x]);
        const bool bar = n >= minPixelsPerLine;
        if (bar && !inBand)
            ++bands;
        inBand = bar;
    }
    return bands;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

int countColour(const QImage &img, QColor colour)
{
    const QRgb want = colour.rgb() & 0xFFFFFF;
    int n = 0;
    for (int y = 0; y < img.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(img.constScanLine(y));
        for (int x = 0; x < img.width(); ++x)
            n += (line[x] & 0xFFFFFF) == want;
    }
    return n;
}

} // namespace

class TestScreenshot : public QObject
{
    Q_OBJECT

private slots:
    void sample()
    {
        const QString trace = QStringLiteral(OSP_SOURCE_DIR "/resources/sample/boot.json");
        QVERIFY2(
            QFile::exists(trace), "resources/sample/boot.json is missing: the checkout is broken");
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("sample.png"));
        const Picture pic
            = shoot(trace, out, { QStringLiteral("--size"), QStringLiteral("1400x900") });
        QVERIFY2(pic.exitCode == 0, qPrintable(pic.stderrText));
        QVERIFY(!pic.image.isNull());
        QCOMPARE(pic.image.size(), QSize(1400, 900));
        QVERIFY2(distinctColours(pic.image) > 200,
            qPrintable(QString::number(distinctColours(pic.image))));
        const int bands = barBands(pic.image);
        QVERIFY2(bands >= 20, qPrintable(QStringLiteral("only %1 bar rows").arg(bands)));
        // The error row: the theme's error colour is painted (bar, mark, name).
        const int errorPixels = countColour(pic.image, Osp::Theme::instance()->error());
        QVERIFY2(errorPixels >= 50, qPrintable(QString::number(errorPixels)));
    }

    void realNeutronTrace()
    {
        const QString trace
            = QStringLiteral(OSP_SHARED_DIR "/traces/real/"
                                            "neutron-perf__iterations-80-concurrency-20-"
                                            "osprofiler-iteration-37.json");
        if (!QFile::exists(trace))
            QSKIP("../shared/traces/real not present");
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("neutron.png"));
        const Picture pic = shoot(trace, out);
        QVERIFY2(pic.exitCode == 0, qPrintable(pic.stderrText));
        QCOMPARE(pic.image.size(), QSize(1600, 1000)); // the default size
        QVERIFY(distinctColours(pic.image) > 200);
        // ~1,000 spans: the window is full of rows.
        const int bands = barBands(pic.image);
        QVERIFY2(bands >= 30, qPrintable(QStringLiteral("only %1 bar rows").arg(bands)));
    }

    // timeline (depth lanes, service swimlanes) and flame graph pages.
    void graphicalViews_data()
    {
        QTest::addColumn<QString>("trace");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("minBands");
        QTest::addColumn<bool>("hasErrors");
        const QString sample = QStringLiteral(OSP_SOURCE_DIR "/resources/sample/boot.json");
        const QString neutron
            = QStringLiteral(OSP_SHARED_DIR "/traces/real/"
                                            "neutron-perf__iterations-80-concurrency-20-"
                                            "osprofiler-iteration-37.json");
        const QString tl = QStringLiteral("timeline");
        const QString v = QStringLiteral("--view");
        const QString l = QStringLiteral("--lanes");
        const QString links = QStringLiteral("--links");
        const QString service = QStringLiteral("service");
        QTest::newRow("sample timeline depth")
            << sample << QStringList { v, tl, links } << 6 << true;
        QTest::newRow("sample timeline service")
            << sample << QStringList { v, tl, l, service, links } << 6 << true;
        QTest::newRow("sample flame")
            << sample << QStringList { v, QStringLiteral("flame") } << 5 << true;
        QTest::newRow("neutron timeline depth")
            << neutron << QStringList { v, tl, links } << 2 << false;
        QTest::newRow("neutron timeline service")
            << neutron << QStringList { v, tl, l, service, links } << 2 << false;
        QTest::newRow("neutron flame")
            << neutron << QStringList { v, QStringLiteral("flame") } << 2 << false;
    }

    void graphicalViews()
    {
        QFETCH(QString, trace);
        QFETCH(QStringList, args);
        QFETCH(int, minBands);
        QFETCH(bool, hasErrors);
        if (!QFile::exists(trace))
            QSKIP("trace not present (../shared absent?)");
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("view.png"));
        const Picture pic = shoot(trace, out, args);
        QVERIFY2(pic.exitCode == 0, qPrintable(pic.stderrText));
        QCOMPARE(pic.image.size(), QSize(1600, 1000));
        QVERIFY2(distinctColours(pic.image) > 100,
            qPrintable(QString::number(distinctColours(pic.image))));
        // The view's own area (left of the details panel, below the toolbars): bars drawn
        // in several rows.
        const QImage area = pic.image.copy(QRect(0, 170, 1150, 760));
        // At least 20 bar pixels per line: the selection outline alone does not make a row.
        const int bands = barBands(area, 20);
        QVERIFY2(bands >= minBands, qPrintable(QStringLiteral("only %1 bar rows").arg(bands)));
        // Bar pixels cover a real part of the area (not a blank page with a ruler).
        int barPixels = 0;
        for (int y = 0; y < area.height(); ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(area.constScanLine(y));
            for (int x = 0; x < area.width(); ++x)
                barPixels += isBarPixel(line[x]);
        }
        QVERIFY2(barPixels > 5000, qPrintable(QString::number(barPixels)));
        if (hasErrors) {
            const int errorPixels = countColour(area, Osp::Theme::instance()->error());
            QVERIFY2(errorPixels >= 20, qPrintable(QString::number(errorPixels)));
        }
        // The critical path is marked (on by default), in the theme's colour.
        const int critical = countColour(area, Osp::Theme::instance()->criticalPath());
        QVERIFY2(critical >= 100, qPrintable(QString::number(critical)));
        // The first two services of the trace have their own, different colours, both drawn.
        const QColor first = Osp::Theme::paletteColorFor(0, false);
        const QColor second = Osp::Theme::paletteColorFor(1, false);
        QVERIFY(first != second);
        const int firstPixels = countColour(area, first), secondPixels = countColour(area, second);
        QVERIFY2(firstPixels >= 30 && secondPixels >= 30,
            qPrintable(QStringLiteral("%1 / %2").arg(firstPixels).arg(secondPixels)));
        // Links: the same picture without them differs along the arrows.
        if (args.contains(QStringLiteral("--links"))) {
            QStringList without = args;
            without.removeAll(QStringLiteral("--links"));
            const Picture plain = shoot(trace, dir.filePath(QStringLiteral("plain.png")), without);
            QVERIFY2(plain.exitCode == 0, qPrintable(plain.stderrText));
            const QImage plainArea = plain.image.copy(QRect(0, 170, 1150, 760));
            int changed = 0;
            for (int y = 0; y < area.height(); ++y)
                for (int x = 0; x < area.width(); ++x)
                    changed += area.pixel(x, y) != plainArea.pixel(x, y);
            QVERIFY2(changed >= 100, qPrintable(QString::number(changed)));
        }
    }

    // the comparison tab: the table (largest change first, selected) over the two
    // timelines of A and B.
    void comparison()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.json"));
        const QString b = dir.filePath(QStringLiteral("b.json"));
        // spawn 20 ms -> 50 ms: the only self-time change.
        QVERIFY(OspTest::writePairReport(a, OspTest::novaRequest(0)));
        QVERIFY(OspTest::writePairReport(b, OspTest::novaRequest(30, 1)));
        const QString out = dir.filePath(QStringLiteral("compare.png"));
        // shoot() puts its trace last: "--view compare a.json b.json".
        const Picture pic
            = shoot(b, out, { QStringLiteral("--view"), QStringLiteral("compare"), a });
        QVERIFY2(pic.exitCode == 0, qPrintable(pic.stderrText));
        QCOMPARE(pic.image.size(), QSize(1600, 1000));
        Osp::Theme::instance()->setMode(Osp::Theme::Mode::Light); // what the offscreen run uses
        const QRgb slower = Osp::Theme::instance()->slower().rgb() & 0xFFFFFF;
        // ospview --screenshot renders with Fusion's own palette.
        std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
        const QRgb highlight
            = fusion->standardPalette().color(QPalette::Highlight).rgb() & 0xFFFFFF;
        // The first line with an impact bar (a run of the slower colour) is the selected
        // first row of the table: the slowed span leads and is marked slower.
        int barLine = -1;
        for (int y = 0; y < pic.image.height() / 2 && barLine < 0; ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(pic.image.constScanLine(y));
            int run = 0;
            for (int x = 0; x < pic.image.width() && run < 15; ++x)
                run = (line[x] & 0xFFFFFF) == slower ? run + 1 : 0;
            if (run >= 15)
                barLine = y;
        }
        QVERIFY2(barLine > 0, "no impact bar in the slower colour");
        int selected = 0;
        const auto *line = reinterpret_cast<const QRgb *>(pic.image.constScanLine(barLine));
        for (int x = 0; x < pic.image.width(); ++x)
            selected += (line[x] & 0xFFFFFF) == highlight;
        QVERIFY2(
            selected > 300, qPrintable(QStringLiteral("row %1: %2").arg(barLine).arg(selected)));
        // Other rows' changes (the request and rpc took 30 ms longer) read slower too.
        QVERIFY(
            countColour(pic.image.copy(0, 0, 1600, 500), Osp::Theme::instance()->slower()) > 200);
        // Both timelines have bars: the lower half holds A above B.
        const QImage timelineA = pic.image.copy(QRect(0, 520, 1600, 240));
        const QImage timelineB = pic.image.copy(QRect(0, 760, 1600, 240));
        QVERIFY2(
            barBands(timelineA, 20) >= 3, qPrintable(QString::number(barBands(timelineA, 20))));
        QVERIFY2(
            barBands(timelineB, 20) >= 3, qPrintable(QString::number(barBands(timelineB, 20))));
    }

    void comparisonManyVsMany()
    {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("base"));
        QDir(dir.path()).mkpath(QStringLiteral("cand"));
        int i = 0;
        for (int slow : { 0, 2, 4, 6, 300 }) // the last is an outlier
            QVERIFY(
                OspTest::writePairReport(dir.filePath(QStringLiteral("base/it-%1.json").arg(i++)),
                    OspTest::novaRequest(slow)));
        for (int slow : { 50, 52, 54, 56 })
            QVERIFY(
                OspTest::writePairReport(dir.filePath(QStringLiteral("cand/it-%1.json").arg(i++)),
                    OspTest::novaRequest(slow, 1)));
        const QString out = dir.filePath(QStringLiteral("many.png"));
        const Picture pic = shoot(dir.filePath(QStringLiteral("cand")), out,
            { QStringLiteral("--baseline"), dir.filePath(QStringLiteral("base")),
                QStringLiteral("--candidate") });
        QVERIFY2(pic.exitCode == 0, qPrintable(pic.stderrText));
        QCOMPARE(pic.image.size(), QSize(1600, 1000));
        // The outlier trace's row, bold in the slower colour, in the traces list below.
        Osp::Theme::instance()->setMode(Osp::Theme::Mode::Light);
        const int outlierPixels
            = countColour(pic.image.copy(0, 500, 1600, 500), Osp::Theme::instance()->slower());
        QVERIFY2(outlierPixels > 100, qPrintable(QString::number(outlierPixels)));
    }

    void comparisonBadInput()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.json"));
        QVERIFY(OspTest::writePairReport(a, OspTest::novaRequest(0)));
        const QString bad = dir.filePath(QStringLiteral("broken.json"));
        QVERIFY(writeFile(bad, "[1, 2"));
        const QString out = dir.filePath(QStringLiteral("x.png"));
        const Picture pic = shoot(a, out, { QStringLiteral("--compare"), QStringLiteral("--") });
        QCOMPARE(pic.exitCode, 2); // "--compare -- A": nothing on the baseline side
        const Picture broken
            = shoot(bad, out, { QStringLiteral("--view"), QStringLiteral("compare"), a });
        QCOMPARE(broken.exitCode, 2);
        QVERIFY2(broken.stderrText.contains(QStringLiteral("broken.json")),
            qPrintable(broken.stderrText));
        QVERIFY(!QFile::exists(out));
    }

    void unreadableInputFails()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QVERIFY(writeFile(bad, "{\"info\": {\"name\": "));
        const QString out = dir.filePath(QStringLiteral("bad.png"));
        const Picture pic = shoot(bad, out);
        QVERIFY(pic.exitCode != 0);
        QVERIFY(pic.stderrText.contains(QStringLiteral("bad.json")));
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
