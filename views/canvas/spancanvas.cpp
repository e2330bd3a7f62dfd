#include "views/canvas/spancanvas.h"

#include "itemmodels/tracesession.h"
#include "util/durationformat.h"
#include "views/common/theme.h"

#include <QEvent>
#include <QFileInfo>
#include <QHelpEvent>
#include <QPainter>
#include <QSvgGenerator>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace Osp {

SpanCanvas::SpanCanvas(TraceSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(Theme::instance(), &Theme::changed, this, &SpanCanvas::colorsChanged);
}

const Trace &SpanCanvas::trace() const
{
    return *m_session->trace();
}

void SpanCanvas::colorsChanged()
{
    m_slotColors.clear();
    m_legendValid = false;
    invalidateBase();
}

void SpanCanvas::setColorBy(ColorBy by)
{
    if (change(m_colorBy, by))
        colorsChanged();
}

void SpanCanvas::setShowCriticalPath(bool show)
{
    if (change(m_showCritical, show))
        emit criticalPathShownChanged(show);
}

void SpanCanvas::setMarks(std::shared_ptr<const SpanMarks> marks)
{
    m_marks = std::move(marks);
    invalidateBase();
}

void SpanCanvas::setMatches(std::vector<uint8_t> matches)
{
    m_matches = std::move(matches);
    invalidateBase();
}

void SpanCanvas::invalidateBase()
{
    m_baseValid = false;
    update();
}

void SpanCanvas::setHoverSpan(SpanIndex span)
{
    if (span == m_hover)
        return;
    m_hover = span;
    update();
}

SpanIndex SpanCanvas::spanAt(const QPoint &pos) const
{
    const DrawItem *item = itemAt(pos);
    return item ? item->span : NoSpan;
}

void SpanCanvas::paintCached(QPainter &p)
{
    const QSize s = size();
    const qreal dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    const QSize pixels = (QSizeF(s) * dpr).toSize();
    if (!m_baseValid || m_base.size() != pixels) {
        if (m_base.size() != pixels) {
            m_base = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
            m_base.setDevicePixelRatio(dpr);
        }
        m_base.fill(palette().color(QPalette::Base));
        QPainter bp(&m_base);
        bp.setFont(font());
        paintBase(bp, s);
        m_baseValid = true;
    }
    p.drawImage(QPointF(0, 0), m_base);
    paintOverlay(p, s);
}

void SpanCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paintCached(p);
}

void SpanCanvas::renderTo(QPainter &p, const QSize &size)
{
    p.save();
    p.setFont(font());
    p.fillRect(QRect(QPoint(0, 0), size), palette().color(QPalette::Base));
    paintBase(p, size);
    paintOverlay(p, size);
    p.restore();
}

bool SpanCanvas::exportImage(const QString &path, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size());
        svg.setViewBox(QRect(QPoint(0, 0), size()));
        svg.setTitle(trace().sourceName());
        svg.setDescription(tr("ospview export"));
        QPainter p;
        if (!p.begin(&svg)) {
            if (error)
                *error = tr("%1: cannot write the SVG file").arg(path);
            return false;
        }
        renderTo(p, size());
        p.end();
        return true;
    }
    QImage img(size(), QImage::Format_ARGB32_Premultiplied);
    {
        QPainter p(&img);
        renderTo(p, size());
    }
    if (!img.save(path, "PNG")) {
        if (error)
            *error = tr("%1: cannot write the PNG file").arg(path);
        return false;
    }
    return true;
}

bool SpanCanvas::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const DrawItem *item = itemAt(help->pos());
        if (item)
            QToolTip::showText(help->globalPos(), spanToolTip(item->span, item->count), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

void SpanCanvas::leaveEvent(QEvent *e)
{
    setHoverSpan(NoSpan);
    QWidget::leaveEvent(e);
}

const ColorSlots &SpanCanvas::colorSlots() const
{
    return m_session->colorSlots(
        m_colorBy == ColorBy::Service ? ColorKey::Service : ColorKey::Type);
}

SpanCanvas::SlotColors SpanCanvas::slotColors(SpanIndex span) const
{
    // The palette colour and the paler one of merged clusters, cached per slot.
    auto make = [this](uint32_t slot) -> SlotColors {
        const QColor plain = Theme::instance()->paletteColor(slot);
        return { plain, Theme::blend(plain, palette().color(QPalette::Base), 0.25) };
    };
    const uint32_t slot = colorSlots().slotOfSpan(trace(), span);
    if (slot >= MaxCachedSlots)
        return make(slot);
    while (m_slotColors.size() <= slot)
        m_slotColors.push_back(make(uint32_t(m_slotColors.size())));
    return m_slotColors[slot];
}

QColor SpanCanvas::spanColor(SpanIndex span) const
{
    return slotColors(span).plain;
}

QColor SpanCanvas::barColor(const DrawItem &item) const
{
    const Theme *theme = Theme::instance();
    const bool merged = item.has(ItemMerged);
    QColor c = item.has(ItemError) ? theme->error()
        : item.has(ItemUnfinished)
        ? (merged ? Theme::blend(theme->unfinished(), palette().color(QPalette::Base), 0.25)
                  : theme->unfinished())
        : merged ? slotColors(item.span).merged
                 : slotColors(item.span).plain;
    if (!m_matches.empty() && item.span < m_matches.size() && !m_matches[item.span])
        c = Theme::blend(c, palette().color(QPalette::Base), 0.8);
    return c;
}

TextFit SpanCanvas::textFit() const
{
    TextFit fit;
    fit.avgGlyphPx = std::max(1, fontMetrics().averageCharWidth());
    return fit;
}

void SpanCanvas::paintItems(
    QPainter &p, const DrawList &list, uint32_t row, double y, double h, bool flameStyle)
{
    const std::span<const DrawItem> items = list.row(row);
    if (items.empty())
        return;
    const Theme *theme = Theme::instance();
    const Trace &t = trace();
    const QFontMetrics fm = p.fontMetrics();
    const double top = flameStyle ? y : y + 2;
    const double height = flameStyle ? h - 1 : h - 4;
    QColor hatchColor = theme->clockSkew();
    hatchColor.setAlpha(150); // the label on top stays readable
    const QBrush hatch(hatchColor, Qt::BDiagPattern);
    bool marked = false;
    // Neighbouring bars of one colour that meet on whole pixels are filled as one rectangle:
    // at full zoom-out most bars are one-pixel clusters side by side, and a fill costs far
    // more than its pixels. What is drawn is the same.
    const int itop = int(std::lround(top)), iheight = int(std::lround(height));
    QRgb fillRgb = 0;
    int fillX0 = 0, fillX1 = -1; // pending fill [fillX0, fillX1)
    auto flush = [&] {
        if (fillX1 > fillX0)
            p.fillRect(QRect(fillX0, itop, fillX1 - fillX0, iheight), QColor::fromRgba(fillRgb));
        fillX1 = fillX0 - 1;
    };
    for (const DrawItem &item : items) {
        const double x0 = item.x0;
        double w = std::max<double>(item.width(), 1.0);
        if (flameStyle && w > 3)
            w -= 1; // a gap between neighbouring frames
        const QColor color = barColor(item);
        const int px0 = int(std::lround(x0));
        const int px1 = std::max(px0 + 1, int(std::lround(x0 + w)));
        // Only a bar that starts inside or right after the pending fill extends it: one left
        // of it (rows are in x order, but never trust that for pixels) starts its own.
        if (color.rgba() != fillRgb || px0 > fillX1 || px0 < fillX0) {
            flush();
            fillRgb = color.rgba();
            fillX0 = px0;
        }
        fillX1 = std::max(fillX1, px1);
        marked |= item.has(ItemUnfinished) || item.has(ItemAsync)
            || (m_showCritical && item.has(ItemCritical));
        if (!item.has(ItemSkewed) && !item.has(ItemLabel))
            continue;
        flush(); // what goes on top of this bar needs the bar drawn first
        if (item.has(ItemSkewed)) // the times do not fit the parent's: a clock is off
            p.fillRect(QRectF(x0, top, w, height), hatch);
        if (item.has(ItemLabel)) {
            const bool dim
                = !m_matches.empty() && item.span < m_matches.size() && !m_matches[item.span];
            QString label = t.text(t.span(item.span).name);
            const QString dur = formatDuration(
                t.span(item.span).durationUs(), t.span(item.span).has(MsPrecision));
            if (label.size() + dur.size() + 3 <= item.labelChars)
                label += QStringLiteral("  ") + dur;
            const QRectF tr(x0 + 3, top, w - 6, height);
            const QString shown = fm.elidedText(label, Qt::ElideRight, int(tr.width()));
            if (shown.size() < 2)
                continue;
            const bool darkBar = color.lightnessF() < 0.55 || item.has(ItemError);
            QColor ink = darkBar ? QColor(Qt::white) : QColor(0x1a, 0x1a, 0x1a);
            if (dim)
                ink = theme->dimText();
            p.setPen(ink);
            p.drawText(tr, Qt::AlignLeft | Qt::AlignVCenter, shown);
        }
    }
    flush();
    if (!marked)
        return;
    // Marks over the bars, in a second pass so a neighbour's fill never covers them.
    for (const DrawItem &item : items) {
        double w = std::max<double>(item.width(), 1.0);
        if (flameStyle && w > 3)
            w -= 1;
        const QRectF bar(item.x0, top, w, height);
        if (item.has(ItemAsync) && w > 2) {
            // Outlives its caller (a cast): a dotted line along the bottom edge, clear of the
            // label and of the critical path's frame, which is drawn over it.
            p.setPen(QPen(theme->text(), 1, Qt::DotLine));
            p.drawLine(
                QPointF(bar.left(), bar.bottom() - 1.5), QPointF(bar.right(), bar.bottom() - 1.5));
        }
        if (item.has(ItemUnfinished) && w > 2) {
            // Open-ended: a dashed edge where the known part stops.
            p.setPen(QPen(theme->text(), 1, Qt::DashLine));
            p.drawLine(QPointF(bar.right() - 0.5, top), QPointF(bar.right() - 0.5, top + height));
        }
        if (m_showCritical && item.has(ItemCritical)) {
            // A 2 px frame inside the bar (a neighbouring row never paints over it) with a
            // thicker bottom that stays visible on bars a pixel wide. Filled rectangles, not a
            // wide pen: thousands of them at full zoom-out must stay cheap.
            const QColor c = theme->criticalPath();
            p.fillRect(QRectF(bar.left(), bar.bottom() - 3, std::max(w, 2.0), 3), c);
            if (w >= 4) {
                p.fillRect(QRectF(bar.left(), top, w, 2), c);
                p.fillRect(QRectF(bar.left(), top, 2, height), c);
                p.fillRect(QRectF(bar.right() - 2, top, 2, height), c);
            }
        }
    }
}

void SpanCanvas::paintOutline(QPainter &p, const DrawList &list, uint32_t row, SpanIndex span,
    double y, double h, const QColor &color, double width)
{
    for (const DrawItem &item : list.row(row)) {
        if (item.span != span)
            continue;
        const double w = std::max<double>(item.width(), 1.0);
        p.setPen(QPen(color, width));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(item.x0 - width / 2, y + width / 2, w + width, h - width));
    }
}

const std::vector<SpanCanvas::LegendEntry> &SpanCanvas::legend() const
{
    if (m_legendValid)
        return m_legend;
    m_legend.clear();
    const Trace &t = trace();
    // In slot order (first appearance): the legend reads like the trace, and its colours
    // are exactly the bars'.
    const ColorSlots &assigned = colorSlots();
    for (uint32_t k = 0; k < assigned.size(); ++k) {
        if (!assigned.used(k))
            continue; // the other side's service, in a comparison
        QString text = t.text(assigned.keys()[k]);
        if (text.isEmpty())
            text = tr("(none)");
        m_legend.push_back({ text, Theme::instance()->paletteColor(k) });
    }
    m_legendValid = true;
    return m_legend;
}

bool SpanCanvas::legendSwatch(QPainter &p, double &x, const QRectF &rect, const QString &text,
    const std::function<void(QPainter &, const QRectF &)> &paintSwatch)
{
    const QFontMetrics fm = p.fontMetrics();
    const double need = 14 + fm.horizontalAdvance(text) + 14;
    if (x + need > rect.right() - 60)
        return false;
    paintSwatch(p, QRectF(x, rect.center().y() - 5, 10, 10));
    p.setPen(Theme::instance()->text());
    p.drawText(
        QRectF(x + 14, rect.top(), need, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, text);
    x += need;
    return true;
}

void SpanCanvas::paintLegendExtras(QPainter &, double &, const QRectF &) { }

void SpanCanvas::paintLegend(QPainter &p, const QRectF &rect)
{
    const Theme *theme = Theme::instance();
    p.save();
    p.fillRect(rect, theme->axisBackground());
    p.setPen(theme->grid());
    p.drawLine(rect.topLeft(), rect.topRight());
    QFont f = font();
    f.setPointSizeF(std::max(6.0, f.pointSizeF() - 1));
    p.setFont(f);
    const QFontMetrics fm(f);
    double x = rect.left() + 6;
    auto fill
        = [](const QColor &c) { return [c](QPainter &sp, const QRectF &r) { sp.fillRect(r, c); }; };
    p.setPen(theme->dimText());
    const QString head = m_colorBy == ColorBy::Service ? tr("Service:") : tr("Type:");
    p.drawText(QRectF(x, rect.top(), 200, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, head);
    x += fm.horizontalAdvance(head) + 8;
    legendSwatch(p, x, rect, tr("error"), fill(theme->error()));
    legendSwatch(p, x, rect, tr("unfinished"), fill(theme->unfinished()));
    if (m_showCritical && m_marks && m_marks->criticalCount > 0)
        legendSwatch(p, x, rect, tr("critical path"), [theme](QPainter &sp, const QRectF &r) {
            sp.setPen(QPen(theme->criticalPath(), 2));
            sp.setBrush(Qt::NoBrush);
            sp.drawRect(r.adjusted(1, 1, -1, -1));
            sp.fillRect(QRectF(r.left(), r.bottom() - 3, r.width(), 3), theme->criticalPath());
        });
    if (m_marks && m_marks->skewedCount > 0)
        legendSwatch(p, x, rect, tr("clock skew"), [theme](QPainter &sp, const QRectF &r) {
            sp.fillRect(r, theme->axisBackground().lighter(110));
            sp.fillRect(r, QBrush(theme->clockSkew(), Qt::BDiagPattern));
            sp.setPen(theme->grid());
            sp.setBrush(Qt::NoBrush);
            sp.drawRect(r);
        });
    paintLegendExtras(p, x, rect);
    const auto &entries = legend();
    size_t shown = 0;
    for (const LegendEntry &e : entries) {
        if (!legendSwatch(p, x, rect, e.text, fill(e.color)))
            break;
        ++shown;
    }
    if (shown < entries.size()) {
        p.setPen(theme->dimText());
        p.drawText(QRectF(x, rect.top(), rect.right() - x, rect.height()),
            Qt::AlignLeft | Qt::AlignVCenter, tr("+%1 more").arg(entries.size() - shown));
    }
    p.restore();
}

QString SpanCanvas::spanToolTip(SpanIndex span, uint32_t count) const
{
    const Trace &t = trace();
    if (span == NoSpan || span >= t.spanCount())
        return {};
    const Span &s = t.span(span);
    const bool ms = s.has(MsPrecision);
    auto esc = [](const QString &x) { return x.toHtmlEscaped(); };
    QString html = QStringLiteral("<b>%1</b>").arg(esc(t.text(s.name)));
    if (count > 1)
        html += QStringLiteral(" <i>%1</i>")
                    .arg(tr("(longest of %n spans merged here)", nullptr, int(count)));
    html += QStringLiteral("<table cellspacing=0 cellpadding=1>");
    auto row = [&](const QString &k, const QString &v) {
        html += QStringLiteral("<tr><td>%1&nbsp;</td><td>%2</td></tr>").arg(k, v);
    };
    row(tr("Service"), esc(t.text(s.service)));
    row(tr("Host"), esc(t.text(s.host)));
    row(tr("Project"), esc(t.text(s.project)));
    row(tr("Start"), QStringLiteral("+") + formatDuration(s.startUs, ms));
    row(tr("Duration"),
        s.has(NoStopEvent) ? tr("unfinished (≥ %1)").arg(formatDuration(s.durationUs(), ms))
                           : formatDuration(s.durationUs(), ms));
    row(tr("Self"), formatDuration(s.selfUs, ms));
    const QString summary = t.text(t.details(span).summary);
    if (!summary.isEmpty()) {
        QString shortSummary
            = summary.size() > 300 ? summary.left(300) + QStringLiteral("…") : summary;
        row(tr("Payload"), QStringLiteral("<tt>%1</tt>").arg(esc(shortSummary)));
    }
    if (m_marks && (m_marks->of(span) & ItemCritical))
        row(QStringLiteral("<font color=\"%1\">%2</font>")
                .arg(Theme::instance()->criticalPath().name(), tr("Critical path")),
            tr("on it: the request waited for this span"));
    if (m_marks && (m_marks->of(span) & ItemSkewed) && s.parent != NoSpan) {
        // Say how it sticks out of its parent: the size of the clock offset at least.
        const Span &parent = t.span(s.parent);
        QStringList how;
        if (s.startUs < parent.startUs)
            how << tr("starts %1 before its parent")
                       .arg(formatDuration(parent.startUs - s.startUs, ms));
        if (s.endUs > parent.endUs)
            how << tr("ends %1 after it").arg(formatDuration(s.endUs - parent.endUs, ms));
        row(tr("Clock skew"),
            how.join(QStringLiteral(", "))
                + QStringLiteral(" (%1 → %2)").arg(esc(t.text(parent.host)), esc(t.text(s.host))));
    }
    if (s.parent != NoSpan && !s.has(NoStopEvent) && !t.span(s.parent).has(NoStopEvent)
        && s.endUs > t.span(s.parent).endUs && !(m_marks && (m_marks->of(span) & ItemSkewed)))
        row(tr("Async"),
            tr("outlives its caller by %1 (a cast or other async work: the caller did not "
               "wait for it)")
                .arg(formatDuration(s.endUs - t.span(s.parent).endUs, ms)));
    if (s.has(HasError)) {
        const QString msg = t.text(t.details(span).message);
        row(QStringLiteral("<font color=\"%1\">%2</font>")
                .arg(Theme::instance()->error().name(), tr("Error")),
            QStringLiteral("<font color=\"%1\"><b>%2</b></font> %3")
                .arg(Theme::instance()->error().name(), esc(t.text(t.details(span).exception)),
                    esc(msg.left(300))));
    }
    html += QStringLiteral("</table>");
    return html;
}

} // namespace Osp
