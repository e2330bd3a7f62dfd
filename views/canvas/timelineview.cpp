#include "views/canvas/timelineview.h"

#include "geometry/timeaxis.h"
#include "itemmodels/tracesession.h"
#include "views/common/theme.h"
#include "util/durationformat.h"

#include <QFutureWatcher>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QTimer>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace Osp {

namespace {

constexpr int OverviewHeight = 34;
constexpr int AxisHeight = 22;
constexpr int LegendHeight = 20;
/// Links drawn at most per frame: past it, LinkIndex merges them over wider buckets.
constexpr size_t MaxLinkItems = 600;
/// Below this many spans a layout takes a few ms: computing it in place avoids a blank frame.
constexpr size_t SyncLayoutSpans = 20000;

using LayoutPtr = std::shared_ptr<const TimelineLayout>;
using MarksPtr = std::shared_ptr<const SpanMarks>;

struct Built
{
    LayoutPtr layout;
    MarksPtr marks;
};

/// The trace's marks (computed once for all its views) and a layout that carries them.
Built buildLayout(const TracePtr &trace, SpanMarksCache &marksCache, LaneMode mode,
    const std::atomic<bool> *cancel)
{
    Built b;
    b.marks = marksCache.get(cancel);
    if (!b.marks)
        return b;
    b.layout = std::make_shared<const TimelineLayout>(
        TimelineLayout::build(trace, mode, cancel, &b.marks->flags));
    return b;
}

} // namespace

TimelineView::TimelineView(TraceSession *session, QWidget *parent)
    : SpanCanvas(session, parent)
    , m_cache(6)
{
    setObjectName(QStringLiteral("timelineView"));
    setMinimumSize(300, 160);
    m_vbar = new QScrollBar(Qt::Vertical, this);
    m_vbar->hide();
    connect(m_vbar, &QScrollBar::valueChanged, this, [this](int v) {
        if (v == m_scrollY)
            return;
        m_scrollY = v;
        invalidateBase();
    });
    m_wheelIdle = new QTimer(this);
    m_wheelIdle->setSingleShot(true);
    m_wheelIdle->setInterval(500);
    connect(session, &TraceSession::rangeChanged, this, &SpanCanvas::invalidateBase);
    connect(session, &TraceSession::selectionChanged, this, &TimelineView::followSelection);
    startLayout();
}

TimelineView::~TimelineView()
{
    if (m_cancel)
        m_cancel->store(true);
}

void TimelineView::setLaneMode(LaneMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    emit laneModeChanged(int(mode));
    startLayout();
}

void TimelineView::setAxisMode(AxisMode mode)
{
    if (mode == m_axisMode)
        return;
    m_axisMode = mode;
    invalidateBase();
}

void TimelineView::setShowLinks(bool show)
{
    if (show == m_showLinks)
        return;
    m_showLinks = show;
    invalidateBase();
    emit linksShownChanged(show);
}

void TimelineView::startLayout()
{
    if (m_cancel)
        m_cancel->store(true);
    const uint64_t generation = ++m_layoutGeneration;
    const TracePtr trace = session()->trace();
    const std::shared_ptr<SpanMarksCache> marks = session()->marks();
    const LaneMode mode = m_mode;
    if (trace->spanCount() < SyncLayoutSpans) {
        m_cancel.reset();
        Built b = buildLayout(trace, *marks, mode, nullptr);
        setMarks(std::move(b.marks));
        setLayout(std::move(b.layout));
        return;
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    m_layout.reset();
    m_list.reset();
    invalidateBase();
    auto *watcher = new QFutureWatcher<Built>(this);
    connect(watcher, &QFutureWatcher<Built>::finished, this, [this, watcher, generation] {
        Built b = watcher->result();
        watcher->deleteLater();
        // A newer request supersedes this one (DESIGN.md, Threads).
        if (generation != m_layoutGeneration || !b.layout)
            return;
        m_cancel.reset();
        setMarks(std::move(b.marks));
        setLayout(std::move(b.layout));
    });
    watcher->setFuture(QtConcurrent::run([trace, marks, mode, cancel]() -> Built {
        Built b = buildLayout(trace, *marks, mode, cancel.get());
        return cancel->load() ? Built() : b;
    }));
}

void TimelineView::setLayout(std::shared_ptr<const TimelineLayout> layout)
{
    if (m_cancel) {
        m_cancel->store(true);
        m_cancel.reset();
        ++m_layoutGeneration;
    }
    m_layout = std::move(layout);
    m_linkIndex.reset();
    if (m_layout)
        m_mode = m_layout->mode();
    m_list.reset();
    m_cache.clear();
    m_hasHoverItem = false;
    m_scrollY = 0;
    updateScrollBar();
    invalidateBase();
    if (m_layout) {
        followSelection();
        emit layoutReady();
    }
}

int TimelineView::rowHeight() const
{
    return fontMetrics().height() + 5;
}

QRect TimelineView::overviewRect(const QSize &s) const
{
    return QRect(0, 0, s.width(), OverviewHeight);
}

QRect TimelineView::axisRect(const QSize &s) const
{
    return QRect(0, OverviewHeight, s.width(), AxisHeight);
}

QRect TimelineView::lanesRect(const QSize &s) const
{
    const int sb = m_vbar->isVisibleTo(this) ? m_vbar->sizeHint().width() : 0;
    const int top = OverviewHeight + AxisHeight;
    return QRect(0, top, std::max(1, s.width() - sb), std::max(1, s.height() - top - LegendHeight));
}

double TimelineView::rowTop(uint32_t row) const
{
    return double(OverviewHeight + AxisHeight) + double(row) * rowHeight() - m_scrollY;
}

TimeMapping TimelineView::mapping(const QSize &s) const
{
    const QRect r = lanesRect(s);
    return TimeMapping { session()->fromUs(), session()->toUs(), double(r.left()),
        double(r.width()) };
}

void TimelineView::updateScrollBar()
{
    const int rows = m_layout ? int(m_layout->lanes().size()) : 0;
    const int total = rows * rowHeight();
    const int visible = height() - OverviewHeight - AxisHeight - LegendHeight;
    const bool need = total > visible && visible > 0;
    m_vbar->setVisible(need);
    const int sbw = m_vbar->sizeHint().width();
    m_vbar->setGeometry(width() - sbw, OverviewHeight + AxisHeight, sbw, std::max(0, visible));
    m_vbar->setRange(0, need ? total - visible : 0);
    m_vbar->setPageStep(std::max(1, visible));
    m_vbar->setSingleStep(rowHeight());
    m_scrollY = std::clamp(m_scrollY, 0, m_vbar->maximum());
    m_vbar->setValue(m_scrollY);
}

void TimelineView::setScrollRow(uint32_t row)
{
    m_vbar->setValue(int(row) * rowHeight());
    m_scrollY = m_vbar->value();
    invalidateBase();
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    SpanCanvas::resizeEvent(event);
    updateScrollBar();
    invalidateBase();
}

TimelineRequest TimelineView::frameRequest(const QSize &size) const
{
    TimelineRequest req;
    req.mapping = mapping(size);
    const int rh = rowHeight();
    const QRect lanes = lanesRect(size);
    req.firstRow = uint32_t(std::max(0, m_scrollY / rh));
    req.rowCount = uint32_t(lanes.height() / rh + 2);
    req.text = textFit();
    return req;
}

const DrawList &TimelineView::ensureDrawList(const QSize &size)
{
    static const DrawList empty;
    if (!m_layout)
        return empty;
    const TimelineRequest req = frameRequest(size);
    std::shared_ptr<const DrawList> list = m_cache.find(req, 1);
    if (!list)
        list = m_cache.insert(req, buildTimelineDrawList(trace(), *m_layout, req));
    m_list = std::move(list);
    return *m_list;
}

void TimelineView::paintBase(QPainter &p, const QSize &size)
{
    const Theme *theme = Theme::instance();
    const TimeMapping m = mapping(size);
    m_paintSize = size;
    paintOverview(p, overviewRect(size));
    paintAxis(p, axisRect(size), m);
    const QRect lanes = lanesRect(size);
    if (!m_layout) {
        p.setPen(theme->dimText());
        p.drawText(lanes, Qt::AlignCenter,
            tr("Laying out %n span(s)…", nullptr, int(trace().spanCount())));
    } else {
        paintLanes(p, lanes, m);
    }
    paintLegend(p, QRectF(0, size.height() - LegendHeight, size.width(), LegendHeight));
}

void TimelineView::paintOverview(QPainter &p, const QRect &r)
{
    const Theme *theme = Theme::instance();
    const Trace &t = trace();
    const int w = r.width();
    if (w != m_profileWidth) {
        m_overview = QImage();
        // Activity per pixel column of the whole trace (spans in progress), computed once per
        // width: a difference array over start/end, O(spans).
        m_profileWidth = w;
        m_profile.assign(size_t(w) + 1, 0);
        m_profileErrors.assign(size_t(w), 0);
        // Against the session's extent: stacked timelines (comparison) share one axis.
        const double perPx = double(session()->fullEndUs()) / std::max(1, w);
        std::vector<int32_t> diff(size_t(w) + 2, 0);
        for (const Span &s : t.spans()) {
            const int b0 = std::clamp(int(double(s.startUs) / perPx), 0, w - 1);
            const int b1 = std::clamp(int(double(s.endUs) / perPx), b0, w - 1);
            ++diff[size_t(b0)];
            --diff[size_t(b1) + 1];
            if (s.has(HasError))
                m_profileErrors[size_t(b0)] = 1;
        }
        float run = 0, peak = 1;
        for (int x = 0; x < w; ++x) {
            run += float(diff[size_t(x)]);
            m_profile[size_t(x)] = run;
            peak = std::max(peak, run);
        }
        for (float &v : m_profile)
            v = std::sqrt(v / peak);
    }
    // The activity bars change only with the size or the theme: drawn once into an image,
    // then each frame is one blit (1,920 translucent columns cost a millisecond a frame).
    const QRgb background = theme->axisBackground().rgba(), bars = theme->selection().rgba(),
               errors = theme->error().rgba();
    if (m_overview.size() != r.size()
        || m_overviewColors != std::array { background, bars, errors }) {
        m_overviewColors = { background, bars, errors };
        m_overview = QImage(r.size(), QImage::Format_ARGB32_Premultiplied);
        m_overview.fill(theme->axisBackground());
        QPainter ip(&m_overview);
        const double base = r.height() - 3;
        const double hmax = r.height() - 8;
        QColor fill = theme->selection();
        fill.setAlpha(140);
        for (int x = 0; x < w; ++x) {
            const double h = double(m_profile[size_t(x)]) * hmax;
            if (h > 0.2)
                ip.fillRect(QRectF(x, base - h, 1, h), fill);
            if (m_profileErrors[size_t(x)])
                ip.fillRect(QRectF(x - 1, 1, 3, 5), theme->error());
        }
    }
    p.drawImage(r.topLeft(), m_overview);
    // The visible window: the rest is shaded.
    const TimeMapping full { 0, session()->fullEndUs(), double(r.left()), double(w) };
    const double x0 = full.x(session()->fromUs());
    const double x1 = std::max(full.x(session()->toUs()), x0 + 2);
    QColor shade = theme->text();
    shade.setAlpha(40);
    p.fillRect(QRectF(r.left(), r.top(), x0 - r.left(), r.height()), shade);
    p.fillRect(QRectF(x1, r.top(), r.right() + 1 - x1, r.height()), shade);
    p.setPen(QPen(theme->selection(), 1.5));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(x0 + 0.75, r.top() + 0.75, x1 - x0 - 1.5, r.height() - 1.5));
    p.setPen(theme->grid());
    p.drawLine(r.bottomLeft(), r.bottomRight());
}

void TimelineView::paintAxis(QPainter &p, const QRect &r, const TimeMapping &m)
{
    const Theme *theme = Theme::instance();
    p.fillRect(r, palette().color(QPalette::Base));
    const int64_t step = timeTickStep(m.fromUs, m.toUs, m.width, 90);
    const std::optional<int64_t> epoch = trace().epochUnixUs();
    QFont f = font();
    f.setPointSizeF(std::max(6.0, f.pointSizeF() - 1));
    p.save();
    p.setFont(f);
    const QFontMetrics fm(f);
    p.setPen(theme->text());
    double lastRight = -1e9;
    for (const TimeTick &t : timeTicks(m.fromUs, m.toUs, m.width, 90)) {
        const double x = std::round(m.x(t.us)) + 0.5;
        p.drawLine(QPointF(x, r.bottom() - 6), QPointF(x, r.bottom()));
        QString label = t.label;
        if (m_axisMode != AxisMode::Relative && epoch)
            label = formatAbsoluteTick(*epoch, t.us, step,
                m_axisMode == AxisMode::Utc ? ClockZone::Utc : ClockZone::Local);
        const int w = fm.horizontalAdvance(label);
        double lx = x + 3;
        if (lx + w > r.right() - 2)
            lx = x - 3 - w;
        if (lx < lastRight + 8)
            continue;
        lastRight = lx + w;
        p.drawText(
            QRectF(lx, r.top(), w + 1, r.height() - 4), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    // What the window shows, at the left edge when zoomed in.
    p.setPen(theme->dimText());
    QString what = tr("showing %1").arg(formatDuration(m.toUs - m.fromUs));
    if (m_axisMode == AxisMode::Utc)
        what += QStringLiteral(" · UTC");
    else if (m_axisMode == AxisMode::Local)
        what += tr(" · local time");
    const int ww = fm.horizontalAdvance(what);
    p.fillRect(QRectF(r.right() - ww - 10, r.top() + 1, ww + 8, fm.height()),
        palette().color(QPalette::Base));
    p.drawText(QRectF(r.right() - ww - 6, r.top() + 1, ww + 4, fm.height()), Qt::AlignRight, what);
    p.setPen(theme->grid());
    p.drawLine(r.bottomLeft(), r.bottomRight());
    p.restore();
}

void TimelineView::paintLanes(QPainter &p, const QRect &r, const TimeMapping &m)
{
    const Theme *theme = Theme::instance();
    const Trace &t = trace();
    const DrawList &list = ensureDrawList(m_paintSize);
    p.save();
    p.setClipRect(r);
    const int rh = rowHeight();
    const auto &lanes = m_layout->lanes();
    const uint32_t last
        = uint32_t(std::min<size_t>(list.firstRow + list.rowStart.size() - 1, lanes.size()));
    // Opaque (the grid colour a third over the base): a solid fill, no blending per pixel.
    const QColor stripe
        = Theme::blend(palette().color(QPalette::Base), theme->grid(), theme->grid().alphaF() / 3);
    // Row backgrounds first, then the grid, then bars, so bars stay on top.
    for (uint32_t row = list.firstRow; row < last; ++row) {
        const double y = rowTop(row);
        const TimelineLane &lane = lanes[row];
        // Alternate groups (depths, services…) are striped, so stacked rows read as one.
        if (lane.header)
            p.fillRect(QRectF(r.left(), y, r.width(), rh), theme->axisBackground());
        else if (lane.group % 2 == 1)
            p.fillRect(QRectF(r.left(), y, r.width(), rh), stripe);
    }
    p.setPen(QPen(theme->grid(), 1));
    for (const TimeTick &tick : timeTicks(m.fromUs, m.toUs, m.width, 90)) {
        const double x = std::round(m.x(tick.us)) + 0.5;
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
    }
    for (uint32_t row = list.firstRow; row < last; ++row)
        paintItems(p, list, row, rowTop(row), rh, false);
    m_links.clear();
    m_linksOverflow = false;
    if (m_showLinks && marks())
        paintLinks(p, r, frameRequest(m_paintSize));
    // Group titles on their header rows (swimlanes).
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    for (uint32_t row = list.firstRow; row < last; ++row) {
        const TimelineLane &lane = lanes[row];
        if (!lane.header)
            continue;
        const TimelineGroup &g = m_layout->groups()[lane.group];
        const double y = rowTop(row);
        p.setPen(QPen(theme->grid(), 1));
        p.drawLine(QPointF(r.left(), y + 0.5), QPointF(r.right(), y + 0.5));
        const QString kind = m_mode == LaneMode::Service ? tr("service")
            : m_mode == LaneMode::Host                   ? tr("host")
                                                         : tr("project");
        QString name = t.text(g.key);
        if (name.isEmpty())
            name = tr("(no %1)").arg(kind);
        if (m_mode == LaneMode::Service && colorBy() == ColorBy::Service)
            p.fillRect(QRectF(r.left() + 4, y + 4, 9, rh - 8),
                theme->paletteColor(session()->colorSlots(ColorKey::Service).slot(g.key)));
        p.setPen(theme->text());
        const QString title = name + QStringLiteral("   ")
            + tr("%n span(s)", nullptr, int(g.spanCount)) + QStringLiteral(" · ")
            + tr("%n row(s)", nullptr, int(g.laneCount - 1));
        p.drawText(
            QRectF(r.left() + 18, y, r.width() - 22, rh), Qt::AlignLeft | Qt::AlignVCenter, title);
    }
    p.restore();
}

void TimelineView::paintLinks(QPainter &p, const QRect &r, const TimelineRequest &request)
{
    if (!m_linkIndex)
        m_linkIndex
            = std::make_shared<const LinkIndex>(LinkIndex::build(marks()->links, *m_layout));
    m_links = m_linkIndex->visible(request, MaxLinkItems, nullptr, &m_linksOverflow);
    drawLinks(p, r, m_links);
}

void TimelineView::drawLinks(QPainter &p, const QRect &r, const std::vector<LinkItem> &links)
{
    const Theme *theme = Theme::instance();
    if (links.empty())
        return;
    const int rh = rowHeight();
    // Few: antialiased curves with arrowheads. Many (a summary at full zoom-out): straight
    // one-pixel lines, which the raster engine draws without stroking a path.
    const bool few = links.size() <= 80;
    const bool heads = links.size() <= 250;
    p.save();
    p.setClipRect(r);
    p.setRenderHint(QPainter::Antialiasing, few);
    QColor color = theme->link();
    color.setAlpha(few ? 230 : 150);
    QPen http(color, 0); // width 0: cosmetic, one pixel
    QPen rpc(color, 0, Qt::DashLine);
    p.setBrush(Qt::NoBrush);
    for (const LinkItem &link : links) {
        const double top0 = rowTop(link.callerRow), top1 = rowTop(link.calleeRow);
        // From the caller's bar edge facing the callee to the callee's facing edge.
        const bool down = link.calleeRow >= link.callerRow;
        const double dir = down ? 1 : -1;
        const QPointF from(link.x0, down ? top0 + rh - 2 : top0 + 2);
        const QPointF to(link.x1, down ? top1 + 2 : top1 + rh - 2);
        p.setPen(link.kind == LinkKind::Http ? http : rpc);
        if (!few || link.calleeRow == link.callerRow) {
            p.drawLine(from, to);
        } else {
            QPainterPath path(from);
            const double bend = std::min(std::abs(to.y() - from.y()) * 0.5, 40.0);
            path.cubicTo(
                QPointF(from.x(), from.y() + dir * bend), QPointF(to.x(), to.y() - dir * bend), to);
            p.drawPath(path);
        }
        if (heads) {
            // The arrowhead at the callee.
            const QPointF head[] = { to, QPointF(to.x() - 4, to.y() - dir * 6),
                QPointF(to.x() + 4, to.y() - dir * 6) };
            p.setPen(Qt::NoPen);
            p.setBrush(color);
            p.drawPolygon(head, 3);
            p.setBrush(Qt::NoBrush);
        }
    }
    p.restore();
}

void TimelineView::paintLegendExtras(QPainter &p, double &x, const QRectF &rect)
{
    if (!m_showLinks || !marks() || marks()->links.isEmpty())
        return;
    const QColor color = Theme::instance()->link();
    auto line = [color](Qt::PenStyle style) {
        return [color, style](QPainter &sp, const QRectF &r) {
            sp.setPen(QPen(color, 1.6, style));
            sp.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right() + 4, r.center().y()));
        };
    };
    legendSwatch(p, x, rect, tr("HTTP call"), line(Qt::SolidLine));
    legendSwatch(p, x, rect, tr("RPC"), line(Qt::DashLine));
    if (m_linksOverflow)
        legendSwatch(p, x, rect, tr("too many links here: the selection's shown, zoom in for all"),
            [](QPainter &, const QRectF &) {});
}

QRectF TimelineView::spanRect(SpanIndex span, const QSize &size) const
{
    if (!m_layout || span == NoSpan || span >= trace().spanCount())
        return {};
    const Span &s = trace().span(span);
    const TimeMapping m = mapping(size);
    const QRect lanes = lanesRect(size);
    const double x0
        = std::clamp(m.x(s.startUs), double(lanes.left() - 4), double(lanes.right() + 4));
    const double x1 = std::clamp(m.x(s.endUs), double(lanes.left() - 4), double(lanes.right() + 4));
    const double y = rowTop(m_layout->laneOf(span));
    return QRectF(x0, y + 1, std::max(x1 - x0, 2.0), rowHeight() - 2);
}

void TimelineView::paintOverlay(QPainter &p, const QSize &size)
{
    const Theme *theme = Theme::instance();
    const QRect lanes = lanesRect(size);
    p.save();
    p.setClipRect(QRect(0, OverviewHeight, size.width(), size.height() - OverviewHeight));
    const SpanIndex sel = session()->currentSpan();
    if (m_linksOverflow && m_linkIndex && sel != NoSpan) {
        // Too many links to draw them all: those of the selected span, which change with it.
        drawLinks(p, lanes, m_linkIndex->linksOf(sel, frameRequest(size)));
    }
    if (sel != NoSpan && m_layout) {
        const QRectF r = spanRect(sel, size);
        // Guides through the axis mark where the selected span starts and ends.
        QColor guide = theme->selection();
        guide.setAlpha(110);
        p.setPen(QPen(guide, 1, Qt::DashLine));
        p.drawLine(QPointF(r.left(), OverviewHeight), QPointF(r.left(), lanes.bottom()));
        p.drawLine(QPointF(r.right(), OverviewHeight), QPointF(r.right(), lanes.bottom()));
        p.setClipRect(lanes);
        p.setPen(QPen(theme->selection(), 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(-1, -0.5, 1, 0.5));
        p.setClipRect(QRect(0, OverviewHeight, size.width(), size.height() - OverviewHeight));
    }
    if (m_hasHoverItem && m_hoverItem.span != sel && m_layout) {
        p.setClipRect(lanes);
        const double y = rowTop(m_hoverItem.row);
        p.setPen(QPen(theme->text(), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(m_hoverItem.x0 - 0.5, y + 1.5,
            std::max<double>(m_hoverItem.width(), 1.0) + 1, rowHeight() - 3));
    }
    if (m_drag == Drag::RubberBand && m_moved) {
        p.setClipping(false);
        const double x0 = std::min(m_pressPos.x(), m_lastPos.x());
        const double x1 = std::max(m_pressPos.x(), m_lastPos.x());
        QColor band = theme->selection();
        band.setAlpha(50);
        const QRectF rr(x0, OverviewHeight, x1 - x0, lanes.bottom() - OverviewHeight);
        p.fillRect(rr, band);
        p.setPen(QPen(theme->selection(), 1));
        p.drawRect(rr);
        const TimeMapping m = mapping(size);
        p.setPen(theme->text());
        p.drawText(rr.adjusted(4, AxisHeight + 2, 0, 0), Qt::AlignLeft | Qt::AlignTop,
            formatDuration(m.us(x1) - m.us(x0)));
    }
    if (hasFocus()) {
        p.setClipping(false);
        p.setPen(QPen(theme->selection(), 1));
        p.drawRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1));
    }
    p.restore();
}

const DrawItem *TimelineView::itemAt(const QPoint &pos) const
{
    if (!m_list || !m_layout || !lanesRect().contains(pos))
        return nullptr;
    const double rel = pos.y() + m_scrollY - (OverviewHeight + AxisHeight);
    if (rel < 0)
        return nullptr;
    const uint32_t row = uint32_t(rel / rowHeight());
    return m_list->hitTest(pos.x(), row, 3.0);
}

void TimelineView::followSelection()
{
    const SpanIndex sel = session()->currentSpan();
    if (!m_layout || sel == NoSpan || sel >= trace().spanCount()) {
        update();
        return;
    }
    // Vertically: bring the lane into view.
    const uint32_t lane = m_layout->laneOf(sel);
    const QRect lanes = lanesRect();
    const int y = int(lane) * rowHeight();
    if (y < m_scrollY || y + rowHeight() > m_scrollY + lanes.height()) {
        m_vbar->setValue(std::max(0, y - lanes.height() / 3));
        m_scrollY = m_vbar->value();
        invalidateBase();
    }
    // Horizontally: only when the span is entirely out of the window.
    const Span &s = trace().span(sel);
    if (s.endUs < session()->fromUs() || s.startUs > session()->toUs()) {
        const qint64 len = session()->toUs() - session()->fromUs();
        if (s.durationUs() < len) {
            const qint64 mid = (s.startUs + s.endUs) / 2;
            const auto r = panRange(session()->fromUs(), session()->toUs(),
                mid - (session()->fromUs() + len / 2), session()->fullEndUs());
            session()->zoomTo(r.first, r.second);
        } else {
            const auto r = frameRange(s.startUs, s.endUs, session()->fullEndUs());
            session()->zoomTo(r.first, r.second);
        }
    }
    update();
}

void TimelineView::gestureStart()
{
    // One wheel burst or drag is one step in the zoom history.
    if (!m_wheelIdle->isActive())
        session()->pushHistory();
    m_wheelIdle->start();
}

void TimelineView::zoomAround(double x, double factor)
{
    const TimeMapping m = mapping();
    const auto r = zoomRange(m.fromUs, m.toUs, m.us(x), factor, session()->fullEndUs(), 1);
    session()->setRange(r.first, r.second);
}

void TimelineView::pan(double px)
{
    const TimeMapping m = mapping();
    const auto r = panRange(
        m.fromUs, m.toUs, int64_t(std::llround(px * m.usPerPx())), session()->fullEndUs());
    session()->setRange(r.first, r.second);
}

void TimelineView::zoomIn()
{
    gestureStart();
    zoomAround(lanesRect().center().x(), 0.7);
}

void TimelineView::zoomOut()
{
    gestureStart();
    zoomAround(lanesRect().center().x(), 1 / 0.7);
}

void TimelineView::resetZoom()
{
    session()->resetRange();
}

void TimelineView::frameSelection()
{
    const SpanIndex sel = session()->currentSpan();
    if (sel == NoSpan || sel >= trace().spanCount())
        return;
    const Span &s = trace().span(sel);
    const auto r = frameRange(s.startUs, s.endUs, session()->fullEndUs());
    session()->zoomTo(r.first, r.second);
    followSelection();
}

void TimelineView::overviewJump(double x)
{
    // Centre the window on the clicked moment, keeping its length.
    const QRect r = overviewRect(size());
    const TimeMapping full { 0, session()->fullEndUs(), double(r.left()), double(r.width()) };
    const qint64 len = session()->toUs() - session()->fromUs();
    const qint64 centre = full.us(x);
    const auto range = panRange(session()->fromUs(), session()->toUs(),
        centre - len / 2 - session()->fromUs(), session()->fullEndUs());
    session()->setRange(range.first, range.second);
}

void TimelineView::mousePressEvent(QMouseEvent *e)
{
    setFocus(Qt::MouseFocusReason);
    if (e->button() != Qt::LeftButton) {
        SpanCanvas::mousePressEvent(e);
        return;
    }
    m_pressPos = m_lastPos = e->position().toPoint();
    m_moved = false;
    m_pressFrom = session()->fromUs();
    m_pressTo = session()->toUs();
    m_pressScroll = m_scrollY;
    if (overviewRect(size()).contains(m_pressPos)) {
        m_drag = Drag::Overview;
        session()->pushHistory();
        overviewJump(m_pressPos.x());
    } else if (axisRect(size()).contains(m_pressPos) || (e->modifiers() & Qt::ShiftModifier)) {
        m_drag = Drag::RubberBand;
    } else {
        m_drag = Drag::Pan;
    }
}

void TimelineView::mouseMoveEvent(QMouseEvent *e)
{
    const QPoint pos = e->position().toPoint();
    if (m_drag == Drag::None) {
        const DrawItem *item = itemAt(pos);
        m_hasHoverItem = item != nullptr;
        if (item)
            m_hoverItem = *item;
        setHoverSpan(item ? item->span : NoSpan);
        setCursor(overviewRect(size()).contains(pos) ? Qt::PointingHandCursor : Qt::ArrowCursor);
        return;
    }
    if (!m_moved && (pos - m_pressPos).manhattanLength() < 4)
        return;
    if (!m_moved && m_drag == Drag::Pan)
        session()->pushHistory();
    m_moved = true;
    m_lastPos = pos;
    switch (m_drag) {
    case Drag::Pan: {
        setCursor(Qt::ClosedHandCursor);
        const double usPerPx = double(m_pressTo - m_pressFrom) / std::max(1, lanesRect().width());
        const auto r = panRange(m_pressFrom, m_pressTo,
            int64_t(std::llround((m_pressPos.x() - pos.x()) * usPerPx)), session()->fullEndUs());
        session()->setRange(r.first, r.second);
        m_vbar->setValue(m_pressScroll + (m_pressPos.y() - pos.y()));
        break;
    }
    case Drag::Overview:
        overviewJump(pos.x());
        break;
    case Drag::RubberBand:
        update();
        break;
    case Drag::None:
        break;
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent *e)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    unsetCursor();
    if (e->button() != Qt::LeftButton)
        return;
    if (drag == Drag::RubberBand && m_moved) {
        const TimeMapping m = mapping();
        const double x0 = std::min(m_pressPos.x(), m_lastPos.x());
        const double x1 = std::max(m_pressPos.x(), m_lastPos.x());
        if (x1 - x0 >= 3)
            session()->zoomTo(m.us(x0), m.us(x1));
        update();
        return;
    }
    if (!m_moved && drag != Drag::Overview) {
        const SpanIndex span = spanAt(e->position().toPoint());
        if (span != NoSpan)
            session()->setCurrentSpan(span);
    }
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *e)
{
    const SpanIndex span = spanAt(e->position().toPoint());
    if (span == NoSpan)
        return;
    session()->setCurrentSpan(span);
    frameSelection();
}

void TimelineView::wheelEvent(QWheelEvent *e)
{
    const QPoint d = e->angleDelta();
    if (e->modifiers() & Qt::ControlModifier) {
        m_vbar->setValue(m_scrollY - d.y() * rowHeight() / 40);
    } else if ((e->modifiers() & Qt::ShiftModifier) || std::abs(d.x()) > std::abs(d.y())) {
        gestureStart();
        const int delta = d.x() != 0 ? d.x() : d.y();
        pan(-delta * lanesRect().width() / 1200.0);
    } else if (d.y() != 0) {
        gestureStart();
        zoomAround(e->position().x(), std::pow(0.8, d.y() / 120.0));
    }
    e->accept();
}

void TimelineView::keyPressEvent(QKeyEvent *e)
{
    const int w = lanesRect().width();
    const bool alt = e->modifiers() & Qt::AltModifier;
    switch (e->key()) {
    case Qt::Key_W:
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_S:
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_A:
        gestureStart();
        pan(-w / 8.0);
        break;
    case Qt::Key_D:
        gestureStart();
        pan(w / 8.0);
        break;
    case Qt::Key_Left:
        if (alt) {
            session()->zoomBack();
        } else {
            gestureStart();
            pan(-w / 8.0);
        }
        break;
    case Qt::Key_Right:
        if (alt) {
            session()->zoomForward();
        } else {
            gestureStart();
            pan(w / 8.0);
        }
        break;
    case Qt::Key_Up:
        m_vbar->setValue(m_scrollY - rowHeight());
        break;
    case Qt::Key_Down:
        m_vbar->setValue(m_scrollY + rowHeight());
        break;
    case Qt::Key_PageUp:
        m_vbar->triggerAction(QAbstractSlider::SliderPageStepSub);
        break;
    case Qt::Key_PageDown:
        m_vbar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        break;
    case Qt::Key_F:
        frameSelection();
        break;
    case Qt::Key_L:
        setShowLinks(!m_showLinks);
        break;
    case Qt::Key_C:
        setShowCriticalPath(!showsCriticalPath());
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        resetZoom();
        break;
    case Qt::Key_Backspace:
        session()->zoomBack();
        break;
    case Qt::Key_Escape:
        if (m_drag == Drag::RubberBand) {
            m_drag = Drag::None;
            update();
        }
        break;
    default:
        SpanCanvas::keyPressEvent(e);
        return;
    }
    e->accept();
}

} // namespace Osp
