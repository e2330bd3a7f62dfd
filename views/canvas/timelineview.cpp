#include "views/canvas/timelineview.h"

#include "geometry/timeaxis.h"
#include "itemmodels/tracesession.h"
#include "util/durationformat.h"
#include "views/common/theme.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace Osp {

namespace {

constexpr int OverviewHeight = 34;
constexpr int AxisHeight = 22;
/// Links drawn at most per frame: past it, LinkIndex merges them over wider buckets.
constexpr size_t MaxLinkItems = 600;

} // namespace

TimelineView::TimelineView(TraceSession *session, QWidget *parent)
    : NavigableCanvas(session, OverviewHeight + AxisHeight, 3.0, parent)
    , m_cache(6)
{
    setObjectName(QStringLiteral("timelineView"));
    connect(session, &TraceSession::rangeChanged, this, &SpanCanvas::invalidateBase);
    startLayout();
}

void TimelineView::setLaneMode(LaneMode mode)
{
    if (!change(m_mode, mode))
        return;
    emit laneModeChanged(int(mode));
    startLayout();
}

void TimelineView::setAxisMode(AxisMode mode)
{
    change(m_axisMode, mode);
}

void TimelineView::setShowLinks(bool show)
{
    if (change(m_showLinks, show))
        emit linksShownChanged(show);
}

void TimelineView::startLayout()
{
    const LaneMode mode = m_mode;
    buildContent(
        m_layout,
        [mode](const TracePtr &trace, const std::vector<uint16_t> *flags,
            const std::atomic<bool> *cancel) {
            return TimelineLayout::build(trace, mode, cancel, flags);
        },
        [this](std::shared_ptr<const TimelineLayout> layout) { setLayout(std::move(layout)); });
}

void TimelineView::setLayout(std::shared_ptr<const TimelineLayout> layout)
{
    cancelBuild();
    m_layout = std::move(layout);
    m_linkIndex.reset();
    if (m_layout)
        m_mode = m_layout->mode();
    m_cache.clear();
    contentChanged();
}

uint32_t TimelineView::rowCount() const
{
    return m_layout ? uint32_t(m_layout->lanes().size()) : 0;
}

QRect TimelineView::overviewRect(const QSize &s) const
{
    return QRect(0, 0, s.width(), OverviewHeight);
}

QRect TimelineView::axisRect(const QSize &s) const
{
    return QRect(0, OverviewHeight, s.width(), AxisHeight);
}

TimeMapping TimelineView::mapping(const QSize &s) const
{
    return rangeMapping(s);
}

NavigableCanvas::Range TimelineView::range() const
{
    return { session()->fromUs(), session()->toUs(), session()->fullEndUs(), 1 };
}

void TimelineView::setRange(int64_t from, int64_t to)
{
    session()->setRange(from, to);
}

void TimelineView::pushHistory()
{
    session()->pushHistory();
}

void TimelineView::zoomBack()
{
    session()->zoomBack();
}

void TimelineView::zoomForward()
{
    session()->zoomForward();
}

TimelineRequest TimelineView::frameRequest(const QSize &size) const
{
    TimelineRequest req;
    req.mapping = mapping(size);
    std::tie(req.firstRow, req.rowCount) = visibleRows(size);
    req.text = textFit();
    return req;
}

const DrawList &TimelineView::ensureDrawList(const QSize &size)
{
    static const DrawList empty;
    if (!m_layout)
        return empty;
    const TimelineRequest req = frameRequest(size);
    return cachedDrawList(
        m_cache, req, [&] { return buildTimelineDrawList(trace(), *m_layout, req); });
}

void TimelineView::paintBase(QPainter &p, const QSize &size)
{
    const TimeMapping m = mapping(size);
    m_paintSize = size;
    paintOverview(p, overviewRect(size));
    paintAxis(p, axisRect(size), m);
    const QRect lanes = rowsRect(size);
    if (!m_layout)
        paintBusy(p, lanes, tr("Laying out %n span(s)…", nullptr, int(trace().spanCount())));
    else
        paintLanes(p, lanes, m);
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
    const QRect lanes = rowsRect(size);
    const double x0
        = std::clamp(m.x(s.startUs), double(lanes.left() - 4), double(lanes.right() + 4));
    const double x1 = std::clamp(m.x(s.endUs), double(lanes.left() - 4), double(lanes.right() + 4));
    const double y = rowTop(m_layout->laneOf(span));
    return QRectF(x0, y + 1, std::max(x1 - x0, 2.0), rowHeight() - 2);
}

void TimelineView::paintOverlay(QPainter &p, const QSize &size)
{
    const Theme *theme = Theme::instance();
    const QRect lanes = rowsRect(size);
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
    const DrawItem *hover = hoverItem();
    if (hover && hover->span != sel && m_layout) {
        p.setClipRect(lanes);
        const double y = rowTop(hover->row);
        p.setPen(QPen(theme->text(), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(
            hover->x0 - 0.5, y + 1.5, std::max<double>(hover->width(), 1.0) + 1, rowHeight() - 3));
    }
    if (m_drag == Drag::RubberBand && moved()) {
        p.setClipping(false);
        const double x0 = std::min(pressPos().x(), lastPos().x());
        const double x1 = std::max(pressPos().x(), lastPos().x());
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
    paintFocusFrame(p, size);
    p.restore();
}

void TimelineView::followSelection(SpanIndex span)
{
    // Vertically: bring the lane into view.
    scrollRowIntoView(m_layout->laneOf(span));
    // Horizontally: only when the span is entirely out of the window.
    const Span &s = trace().span(span);
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
    showSelection();
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

bool TimelineView::pressOwnDrag(const QPoint &pos, Qt::KeyboardModifiers modifiers)
{
    if (overviewRect(size()).contains(pos)) {
        m_drag = Drag::Overview;
        session()->pushHistory();
        overviewJump(pos.x());
    } else if (axisRect(size()).contains(pos) || (modifiers & Qt::ShiftModifier)) {
        m_drag = Drag::RubberBand;
    } else {
        m_drag = Drag::None;
    }
    return m_drag != Drag::None;
}

void TimelineView::ownDragMoved(const QPoint &pos)
{
    if (m_drag == Drag::Overview)
        overviewJump(pos.x());
    else if (m_drag == Drag::RubberBand)
        update();
}

bool TimelineView::isControlAt(const QPoint &pos) const
{
    return overviewRect(size()).contains(pos);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *e)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    const bool click = endPress(e);
    if (drag == Drag::RubberBand && moved() && e->button() == Qt::LeftButton) {
        const TimeMapping m = mapping();
        const double x0 = std::min(pressPos().x(), lastPos().x());
        const double x1 = std::max(pressPos().x(), lastPos().x());
        if (x1 - x0 >= 3)
            session()->zoomTo(m.us(x0), m.us(x1));
        update();
        return;
    }
    if (click && drag != Drag::Overview) {
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

void TimelineView::keyPressEvent(QKeyEvent *e)
{
    if (e->key() == Qt::Key_L) {
        setShowLinks(!m_showLinks);
    } else if (e->key() == Qt::Key_Escape) {
        // Drops a rubber band in progress (the flame graph goes up a level instead).
        if (m_drag == Drag::RubberBand) {
            m_drag = Drag::None;
            update();
        }
    } else {
        NavigableCanvas::keyPressEvent(e);
        return;
    }
    e->accept();
}

} // namespace Osp
