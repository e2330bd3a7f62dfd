// TimelineView and FlameGraphView offscreen: clicking selects what is drawn, the session's
// selection and range drive them, wheel zoom keeps the point under the cursor, F frames the
// selection, back/forward, drag pans, rubber band zooms, lanes switch, search dims, and the
// export writes PNG and SVG. The navigation both share (keys, wheel, drag, zoom history) does
// the same to both.

#include "formats/traceloader.h"
#include "geometry/timemapping.h"
#include "itemmodels/tracesession.h"
#include "views/canvas/flamegraphview.h"
#include "views/canvas/navigablecanvas.h"
#include "views/canvas/timelineview.h"
#include "views/common/theme.h"
#include "views/trace/traceview.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QSet>
#include <QTemporaryDir>

#include <QtTest>
#include <array>
#include <cmath>
#include <map>

using namespace Osp;

namespace {

QString sample()
{
    return QStringLiteral(OSP_SOURCE_DIR "/resources/sample/boot.json");
}

void sendMouse(QWidget *w, QEvent::Type type, QPoint pos, Qt::MouseButton button,
    Qt::MouseButtons buttons, Qt::KeyboardModifiers mods = {})
{
    QMouseEvent e(type, QPointF(pos), w->mapToGlobal(QPointF(pos)), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

void drag(QWidget *w, QPoint from, QPoint to, Qt::KeyboardModifiers mods = {})
{
    sendMouse(w, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton, mods);
    for (int i = 1; i <= 5; ++i)
        sendMouse(
            w, QEvent::MouseMove, from + (to - from) * i / 5, Qt::NoButton, Qt::LeftButton, mods);
    sendMouse(w, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, mods);
}

/// A drawn item at least minPx wide, and the point at its centre.
const DrawItem *wideItem(const DrawList *list, double minPx)
{
    if (!list)
        return nullptr;
    for (const DrawItem &item : list->items)
        if (item.width() >= minPx && !item.has(ItemMerged))
            return &item;
    return nullptr;
}

/// CIE76 colour difference (Euclidean in CIELAB, D65): above ~10 two bars read as different
/// colours side by side; the hash palette this replaces had pairs at 0 (same colour) and 14.
double deltaE(const QColor &a, const QColor &b)
{
    auto lab = [](const QColor &c) {
        auto lin = [](double v) {
            return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        const double r = lin(c.redF()), g = lin(c.greenF()), bl = lin(c.blueF());
        const double x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047;
        const double y = 0.2126 * r + 0.7152 * g + 0.0722 * bl;
        const double z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883;
        auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
        return std::array<double, 3> { 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)) };
    };
    const auto la = lab(a), lb = lab(b);
    return std::hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]);
}

int countColour(const QImage &img, const QColor &colour)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            n += (img.pixel(x, y) & 0xFFFFFF) == (colour.rgb() & 0xFFFFFF);
    return n;
}

QImage render(SpanCanvas *canvas)
{
    QImage img(canvas->size(), QImage::Format_RGB32);
    QPainter p(&img);
    canvas->renderTo(p, canvas->size());
    return img;
}

/// The range a canvas shows, in its own units: µs of time (timeline) or of the flame graph's
/// width. Read from the session or the view, not from the navigation under test.
std::pair<double, double> shown(NavigableCanvas *canvas)
{
    if (auto *fg = qobject_cast<FlameGraphView *>(canvas))
        return { fg->fromValue(), fg->toValue() };
    return { double(canvas->session()->fromUs()), double(canvas->session()->toUs()) };
}

double shownLength(NavigableCanvas *canvas)
{
    const auto [from, to] = shown(canvas);
    return to - from;
}

/// What lies under pixel column x: the range spread linearly over the rows' width.
double valueAt(NavigableCanvas *canvas, double x)
{
    const auto [from, to] = shown(canvas);
    const QRect rows = canvas->rowsRect();
    return from + (x - rows.left()) * (to - from) / rows.width();
}

void wheel(QWidget *w, QPoint pos, QPoint delta, Qt::KeyboardModifiers mods = {})
{
    QWheelEvent e(QPointF(pos), w->mapToGlobal(QPointF(pos)), QPoint(), delta, Qt::NoButton, mods,
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

/// Lets the gesture in progress end, so that the next one is a step of its own.
void endGesture()
{
    QTest::qWait(600);
}

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(sample()),
            "resources/sample/boot.json is missing: the checkout is broken");
    }

    void timeline()
    {
        const LoadResult r = loadTraceFile(sample());
        QVERIFY(r.ok());
        TraceView view(r.value());
        view.resize(1400, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.showPage(TraceView::Page::Timeline);
        TimelineView *tl = view.timelineView();
        TraceSession *s = view.session();
        QTRY_VERIFY(tl->isLayoutReady());
        tl->grab();
        QVERIFY(tl->drawList());

        // Click on a bar: its span becomes the session's selection (and the tree's row).
        const DrawItem *item = wideItem(tl->drawList(), 6);
        QVERIFY(item);
        const SpanIndex clicked = item->span;
        const QPoint centre(
            int((item->x0 + item->x1) / 2), int(tl->rowTop(item->row) + tl->rowHeight() / 2));
        QCOMPARE(tl->spanAt(centre), clicked);
        QTest::mouseClick(tl, Qt::LeftButton, {}, centre);
        QCOMPARE(s->currentSpan(), clicked);

        // Wheel zoom around the cursor: the moment under it stays under it.
        const TimeMapping before = tl->mapping();
        const int x = tl->rowsRect().left() + tl->rowsRect().width() / 3;
        const int64_t at = before.us(x);
        QWheelEvent wheel(QPointF(x, 200), tl->mapToGlobal(QPointF(x, 200)), QPoint(),
            QPoint(0, 240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(tl, &wheel);
        const TimeMapping after = tl->mapping();
        QVERIFY(after.spanUs() < before.spanUs());
        QVERIFY(std::abs(after.us(x) - at) <= std::max<int64_t>(2, int64_t(after.usPerPx()) + 1));
        QVERIFY(s->canZoomBack());

        // F frames the selected span; back returns to the wheel's range.
        tl->setFocus();
        const Span &span = r.value()->span(clicked);
        QTest::keyClick(tl, Qt::Key_F);
        QVERIFY(s->fromUs() <= span.startUs && s->toUs() >= span.endUs);
        QVERIFY(s->toUs() - s->fromUs() <= span.durationUs() * 12 / 10 + 4);
        QTest::keyClick(tl, Qt::Key_Backspace);
        QCOMPARE(s->toUs() - s->fromUs(), after.spanUs());
        s->zoomForward();
        QVERIFY(s->toUs() - s->fromUs() <= span.durationUs() * 12 / 10 + 4);

        // Drag pans: the range moves by the dragged pixels.
        s->zoomTo(s->fullEndUs() / 4, s->fullEndUs() / 2);
        const qint64 from0 = s->fromUs();
        const double usPerPx = tl->mapping().usPerPx();
        const QPoint p0(tl->rowsRect().center());
        drag(tl, p0, p0 + QPoint(-100, 0));
        QVERIFY(std::abs(double(s->fromUs() - from0) - 100 * usPerPx) <= usPerPx * 2);

        // Shift-drag zooms to the band.
        const TimeMapping m = tl->mapping();
        drag(tl, QPoint(200, p0.y()), QPoint(400, p0.y()), Qt::ShiftModifier);
        QVERIFY(std::abs(s->fromUs() - m.us(200)) <= 2);
        QVERIFY(std::abs(s->toUs() - m.us(400)) <= 2);
        QTest::keyClick(tl, Qt::Key_0);
        QVERIFY(!s->isZoomed());

        // A selection made elsewhere is brought into view (vertically and in time).
        const SpanIndex deepest = SpanIndex(r.value()->spanCount() - 1);
        s->zoomTo(0, 1);
        s->setCurrentSpan(deepest);
        QVERIFY(s->toUs() >= r.value()->span(deepest).startUs);

        // Swimlanes by service: a group per service, the span's lane inside its group.
        tl->setLaneMode(LaneMode::Service);
        QTRY_VERIFY(tl->isLayoutReady());
        QVERIFY(tl->layout()->groups().size() >= 3);
        const uint32_t lane = tl->layout()->laneOf(deepest);
        const TimelineGroup &g = tl->layout()->groups()[tl->layout()->lanes()[lane].group];
        QCOMPARE(g.key, r.value()->span(deepest).service);

        // Search: matches stay, the rest is dimmed.
        view.setFilterText(QStringLiteral("neutron"));
        QVERIFY(tl->hasMatches());
        view.setFilterText(QString());
        QVERIFY(!tl->hasMatches());

        // Export.
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("t.png"));
        const QString svg = dir.filePath(QStringLiteral("t.svg"));
        QVERIFY(view.exportCurrentView(png));
        QVERIFY(view.exportCurrentView(svg));
        const QImage img(png);
        QCOMPARE(img.size(), tl->size());
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("<svg") && text.size() > 2000);
    }

    void flameGraph()
    {
        const LoadResult r = loadTraceFile(sample());
        QVERIFY(r.ok());
        TraceView view(r.value());
        view.resize(1400, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.showPage(TraceView::Page::Flame);
        FlameGraphView *fg = view.flameGraphView();
        QTRY_VERIFY(fg->isLayoutReady());
        fg->grab();
        QVERIFY(fg->drawList());
        // A frame at depth 1: click selects it and zooms into its subtree.
        const DrawItem *target = nullptr;
        for (const DrawItem &item : fg->drawList()->items)
            if (item.row == 1 && item.width() > 10 && !item.has(ItemMerged))
                target = &item;
        QVERIFY(target);
        const SpanIndex span = target->span;
        const QPoint centre(
            int((target->x0 + target->x1) / 2), int(fg->rowTop(1) + fg->rowHeight() / 2));
        QTest::mouseClick(fg, Qt::LeftButton, {}, centre);
        QCOMPARE(view.session()->currentSpan(), span);
        QCOMPARE(fg->focusedNode(), fg->graph()->nodeOfSpan(span));
        const FlameNode &node = fg->graph()->node(fg->focusedNode());
        QCOMPARE(fg->fromValue(), node.x0);
        // Escape goes up one level, 0 back to everything.
        QTest::keyClick(fg, Qt::Key_Escape);
        QCOMPARE(fg->focusedNode(), node.parent);
        QTest::keyClick(fg, Qt::Key_0);
        QCOMPARE(fg->focusedNode(), UINT32_MAX);
        // The tree's selection shows in the flame graph, which zooms out if it must.
        fg->focusNode(fg->graph()->nodeOfSpan(span));
        view.session()->setCurrentSpan(0);
        QCOMPARE(fg->focusedNode(), UINT32_MAX);
        // Aggregated: fewer nodes, every span still has one.
        const size_t plain = fg->graph()->nodeCount();
        fg->setAggregated(true);
        QTRY_VERIFY(fg->isLayoutReady());
        QVERIFY(fg->graph()->isAggregated());
        QVERIFY(fg->graph()->nodeCount() < plain);
        fg->setMetric(FlameMetric::SelfTime);
        QTRY_VERIFY(fg->isLayoutReady());
        QCOMPARE(fg->graph()->metric(), FlameMetric::SelfTime);
    }

    void paletteIsWellSeparated()
    {
        for (bool dark : { false, true }) {
            const QColor marks[] = { dark ? QColor(0xef5350) : QColor(0xd32f2f),
                dark ? QColor(0xffb74d) : QColor(0xef6c00),
                dark ? QColor(0xb388ff) : QColor(0x7e57c2) };
            double closest = 1e9, closestToMarks = 1e9;
            for (uint32_t a = 0; a < Theme::PaletteSize; ++a) {
                const QColor ca = Theme::paletteColorFor(a, dark);
                for (uint32_t b = a + 1; b < Theme::PaletteSize; ++b)
                    closest = std::min(closest, deltaE(ca, Theme::paletteColorFor(b, dark)));
                for (const QColor &m : marks)
                    closestToMarks = std::min(closestToMarks, deltaE(ca, m));
            }
            QVERIFY2(closest >= 15, qPrintable(QString::number(closest)));
            // Error, unfinished and critical-path colours never look like a service.
            QVERIFY2(closestToMarks >= 25, qPrintable(QString::number(closestToMarks)));
            // Past the palette: generated, still all different.
            QSet<QRgb> seen;
            for (uint32_t k = 0; k < 60; ++k)
                seen.insert(Theme::paletteColorFor(k, dark).rgb());
            QCOMPARE(seen.size(), 60);
        }
    }

    void servicesGetDistinctColours()
    {
        // The sample's nova-compute and nova-conductor shared one green under the old hash.
        QStringList traces { sample() };
        const QString neutron
            = QStringLiteral(OSP_SHARED_DIR "/traces/real/"
                                            "neutron-perf__iterations-80-concurrency-20-"
                                            "osprofiler-iteration-37.json");
        if (QFile::exists(neutron))
            traces << neutron;
        for (const QString &file : traces) {
            const LoadResult r = loadTraceFile(file);
            QVERIFY(r.ok());
            TraceSession session(r.value());
            TimelineView tl(&session);
            const Trace &t = *r.value();
            std::map<StringId, QColor> byService;
            for (SpanIndex i = 0; i < t.spanCount(); ++i)
                byService.emplace(t.span(i).service, tl.spanColor(i));
            QVERIFY(byService.size() >= 3);
            for (auto a = byService.begin(); a != byService.end(); ++a)
                for (auto b = std::next(a); b != byService.end(); ++b)
                    QVERIFY2(deltaE(a->second, b->second) >= 15,
                        qPrintable(t.text(a->first) + QStringLiteral(" vs ") + t.text(b->first)));
        }
    }

    void criticalPathAndLinksAreDrawn()
    {
        const LoadResult r = loadTraceFile(sample());
        QVERIFY(r.ok());
        TraceSession session(r.value());
        const Theme *theme = Theme::instance();
        TimelineView tl(&session);
        tl.resize(1200, 500);
        QTRY_VERIFY(tl.isLayoutReady());
        QVERIFY(tl.marks());
        QVERIFY(tl.marks()->criticalCount > 0);
        QVERIFY(tl.showsCriticalPath());
        // On by default: the critical-path colour is on screen; C turns it off and on.
        QVERIFY(countColour(render(&tl), theme->criticalPath()) > 100);
        QTest::keyClick(&tl, Qt::Key_C);
        QVERIFY(!tl.showsCriticalPath());
        QCOMPARE(countColour(render(&tl), theme->criticalPath()), 0);
        QTest::keyClick(&tl, Qt::Key_C);
        QVERIFY(tl.showsCriticalPath());

        // Links on demand (L): the sample's calls between services, each between two rows.
        QVERIFY(tl.marks()->links.size() >= 5);
        render(&tl);
        QVERIFY(tl.linkItems().empty());
        QTest::keyClick(&tl, Qt::Key_L);
        QVERIFY(tl.showsLinks());
        render(&tl);
        QVERIFY(tl.linkItems().size() >= 5);
        for (const LinkItem &item : tl.linkItems())
            QVERIFY(item.callerRow != item.calleeRow);

        FlameGraphView flame(&session);
        flame.resize(1200, 500);
        QTRY_VERIFY(flame.isLayoutReady());
        QCOMPARE(flame.marks(), tl.marks()); // computed once for both views
        QVERIFY(countColour(render(&flame), theme->criticalPath()) > 100);
        flame.setShowCriticalPath(false);
        QCOMPARE(countColour(render(&flame), theme->criticalPath()), 0);
    }

    void navigationIsSharedByBothCanvases()
    {
        const LoadResult r = loadTraceFile(sample());
        QVERIFY(r.ok());
        TraceSession session(r.value());
        TimelineView timeline(&session);
        FlameGraphView flame(&session);
        for (NavigableCanvas *c : std::initializer_list<NavigableCanvas *> { &timeline, &flame }) {
            const QByteArray name = c->objectName().toLatin1();
            c->resize(1200, 500);
            c->show();
            QVERIFY(QTest::qWaitForWindowExposed(c));
            QTRY_VERIFY(c->isLayoutReady());
            const QRect rows = c->rowsRect();
            const auto full = shown(c);
            const double len0 = full.second - full.first;
            // Rounding: the timeline's range is whole µs, the flame graph's is not rounded.
            const double unit = c == &timeline ? 1.0 : 0.01;

            // Wheel up two notches: 0.8 per notch, the value under the cursor stays put.
            const int x = rows.left() + rows.width() / 3;
            const double at = valueAt(c, x);
            wheel(c, QPoint(x, rows.center().y()), QPoint(0, 240));
            const auto zoomed = shown(c);
            const double len1 = zoomed.second - zoomed.first;
            QVERIFY2(std::abs(len1 - len0 * 0.64) <= 2 * unit, name);
            QVERIFY2(std::abs(valueAt(c, x) - at) <= len1 / rows.width() + unit, name);

            // Backspace: back to where the wheel started; Alt+Right forward, Alt+Left back.
            QTest::keyClick(c, Qt::Key_Backspace);
            QVERIFY2(shown(c) == full, name);
            QTest::keyClick(c, Qt::Key_Right, Qt::AltModifier);
            QVERIFY2(shown(c) == zoomed, name);
            QTest::keyClick(c, Qt::Key_Left, Qt::AltModifier);
            QVERIFY2(shown(c) == full, name);
            // The mouse's back and forward buttons walk the same history.
            sendMouse(
                c, QEvent::MouseButtonPress, rows.center(), Qt::ForwardButton, Qt::ForwardButton);
            QVERIFY2(shown(c) == zoomed, name);
            sendMouse(c, QEvent::MouseButtonPress, rows.center(), Qt::BackButton, Qt::BackButton);
            QVERIFY2(shown(c) == full, name);
            QTest::keyClick(c, Qt::Key_Right, Qt::AltModifier);
            endGesture();

            // W and S zoom around the middle by 0.7 and back; D and A pan by an eighth.
            const double mid = valueAt(c, rows.center().x());
            QTest::keyClick(c, Qt::Key_W);
            QVERIFY2(std::abs(shownLength(c) - len1 * 0.7) <= 2 * unit, name);
            QVERIFY2(std::abs(valueAt(c, rows.center().x()) - mid) <= 2 * unit, name);
            QTest::keyClick(c, Qt::Key_S);
            QVERIFY2(std::abs(shownLength(c) - len1) <= 4 * unit, name);
            const auto before = shown(c);
            const double len = before.second - before.first;
            QTest::keyClick(c, Qt::Key_D);
            QVERIFY2(std::abs(shown(c).first - (before.first + len / 8)) <= 2 * unit, name);
            QTest::keyClick(c, Qt::Key_A);
            QVERIFY2(std::abs(shown(c).first - before.first) <= 2 * unit, name);
            // Shift+wheel pans by a tenth of the range per notch (1200 per width).
            wheel(c, rows.center(), QPoint(0, -120), Qt::ShiftModifier);
            QVERIFY2(std::abs(shown(c).first - (before.first + len / 10)) <= 2 * unit, name);
            // All of that was one gesture: one step back.
            QTest::keyClick(c, Qt::Key_Backspace);
            QVERIFY2(shown(c) == zoomed, name);

            // A drag pans by the dragged pixels and is a step of its own.
            const QPoint p0 = rows.center();
            drag(c, p0, p0 + QPoint(-100, 0));
            QVERIFY2(std::abs(shown(c).first - (zoomed.first + 100 * len1 / rows.width()))
                    <= 2 * len1 / rows.width(),
                name);
            QTest::keyClick(c, Qt::Key_Backspace);
            QVERIFY2(shown(c) == zoomed, name);
            QTest::keyClick(c, Qt::Key_0);
            QVERIFY2(shown(c) == full, name);
        }
    }

    void scrollingIsSharedByBothCanvases()
    {
        const LoadResult r = loadTraceFile(sample());
        QVERIFY(r.ok());
        TraceSession session(r.value());
        TimelineView timeline(&session);
        timeline.setLaneMode(LaneMode::Service); // a header row per service: more rows
        FlameGraphView flame(&session);
        for (NavigableCanvas *c : std::initializer_list<NavigableCanvas *> { &timeline, &flame }) {
            const QByteArray name = c->objectName().toLatin1();
            c->setMinimumSize(0, 0);
            c->resize(1200, 100); // low: the sample's rows do not fit
            c->show();
            QVERIFY(QTest::qWaitForWindowExposed(c));
            QTRY_VERIFY(c->isLayoutReady());
            const int rh = QFontMetrics(c->font()).height() + 5;
            QCOMPARE(c->rowHeight(), rh);
            // As far down as it goes: the rows' height past what the window shows.
            wheel(c, c->rowsRect().center(), QPoint(0, -120000), Qt::ControlModifier);
            const int bottom = c->scrollY();
            QVERIFY2(bottom > rh, QByteArray(name + ' ' + QByteArray::number(bottom)).constData());
            c->setScrollY(0);
            QTest::keyClick(c, Qt::Key_Down);
            QVERIFY2(c->scrollY() == rh, name);
            QTest::keyClick(c, Qt::Key_Up);
            QVERIFY2(c->scrollY() == 0, name);
            // Ctrl+wheel: three rows per notch.
            wheel(c, c->rowsRect().center(), QPoint(0, -120), Qt::ControlModifier);
            QVERIFY2(c->scrollY() == std::min(3 * rh, bottom), name);
            c->setScrollY(0);
            QTest::keyClick(c, Qt::Key_PageDown);
            QVERIFY2(c->scrollY() == std::min(c->rowsRect().height(), bottom), name);
            QTest::keyClick(c, Qt::Key_PageUp);
            QVERIFY2(c->scrollY() == 0, name);
            // A row's top moves up with the scroll.
            const double top = c->rowTop(2);
            c->setScrollRow(1);
            QVERIFY2(c->rowTop(2) == top - rh, name);
        }
    }

    void flameGraphBackspaceIsHistoryEscapeIsParent()
    {
        const LoadResult r = loadTraceFile(sample());
        QVERIFY(r.ok());
        TraceSession session(r.value());
        FlameGraphView fg(&session);
        fg.resize(1200, 500);
        QTRY_VERIFY(fg.isLayoutReady());
        // A node two levels down, focused straight from the whole graph.
        uint32_t deep = UINT32_MAX;
        for (uint32_t n = 0; n < fg.graph()->nodeCount() && deep == UINT32_MAX; ++n)
            if (fg.graph()->node(n).depth == 2)
                deep = n;
        QVERIFY(deep != UINT32_MAX);
        const uint32_t parent = fg.graph()->node(deep).parent;
        QVERIFY(parent != UINT32_MAX);
        fg.focusNode(deep);
        QCOMPARE(fg.fromValue(), fg.graph()->node(deep).x0);
        // Backspace: back to the whole graph it came from, not to the parent.
        QTest::keyClick(&fg, Qt::Key_Backspace);
        QCOMPARE(fg.focusedNode(), UINT32_MAX);
        QCOMPARE(fg.fromValue(), 0.0);
        QCOMPARE(fg.toValue(), fg.graph()->totalValue());
        QTest::keyClick(&fg, Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(fg.focusedNode(), deep);
        // Alt+Up and Escape: one level up each.
        QTest::keyClick(&fg, Qt::Key_Up, Qt::AltModifier);
        QCOMPARE(fg.focusedNode(), parent);
        QCOMPARE(fg.fromValue(), fg.graph()->node(parent).x0);
        QTest::keyClick(&fg, Qt::Key_Escape);
        QCOMPARE(fg.focusedNode(), fg.graph()->node(parent).parent);
        // And each was a step: back twice is the deep node again.
        QTest::keyClick(&fg, Qt::Key_Backspace);
        QCOMPARE(fg.focusedNode(), parent);
        QTest::keyClick(&fg, Qt::Key_Backspace);
        QCOMPARE(fg.focusedNode(), deep);
    }

    void bigTracesAreBuiltOffTheGuiThread()
    {
        // Past the spans a view builds in place (20,000): flat children of one request.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.json"));
        {
            const int spans = 25000;
            QJsonArray children;
            for (int i = 0; i < spans; ++i) {
                const QJsonObject info { { QStringLiteral("name"), QStringLiteral("db") },
                    { QStringLiteral("service"), QStringLiteral("s%1").arg(i % 7) },
                    { QStringLiteral("project"), QStringLiteral("p") },
                    { QStringLiteral("host"), QStringLiteral("h") },
                    { QStringLiteral("started"), i }, { QStringLiteral("finished"), i + 2 } };
                children.append(QJsonObject { { QStringLiteral("info"), info },
                    { QStringLiteral("trace_id"), QStringLiteral("t%1").arg(i) },
                    { QStringLiteral("parent_id"), QStringLiteral("root") },
                    { QStringLiteral("children"), QJsonArray() } });
            }
            const QJsonObject root { { QStringLiteral("info"),
                                         QJsonObject {
                                             { QStringLiteral("name"), QStringLiteral("total") },
                                             { QStringLiteral("started"), 0 },
                                             { QStringLiteral("finished"), spans + 1 } } },
                { QStringLiteral("children"), children } };
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(root).toJson(QJsonDocument::Compact));
        }
        const LoadResult r = loadTraceFile(path);
        QVERIFY(r.ok());
        QVERIFY(r.value()->spanCount() >= 25000);
        TraceSession session(r.value());
        TimelineView tl(&session);
        QSignalSpy timelineReady(&tl, &SpanCanvas::layoutReady);
        QVERIFY(!tl.isLayoutReady()); // the result comes through the event loop
        tl.setLaneMode(LaneMode::Service); // supersedes the depth layout in progress
        QTRY_VERIFY(tl.isLayoutReady());
        QCOMPARE(tl.layout()->mode(), LaneMode::Service);
        FlameGraphView fg(&session);
        QSignalSpy flameReady(&fg, &SpanCanvas::layoutReady);
        QVERIFY(!fg.isLayoutReady());
        fg.setAggregated(true);
        QTRY_VERIFY(fg.isLayoutReady());
        QVERIFY(fg.graph()->isAggregated());
        QTest::qWait(100);
        // The superseded builds never arrive.
        QCOMPARE(timelineReady.count(), 1);
        QCOMPARE(tl.layout()->mode(), LaneMode::Service);
        QCOMPARE(flameReady.count(), 1);
        QVERIFY(fg.graph()->isAggregated());
    }
};

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
