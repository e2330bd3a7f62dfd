#pragma once

#include "geometry/colorslots.h"
#include "geometry/drawlist.h"
#include "geometry/spanmarks.h"
#include "trace/trace.h"

#include <QImage>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

namespace Osp {

class TraceSession;

/// What decides a bar's colour.
enum class ColorBy { Service, Type };

/// The shared machinery of the timeline and the flame graph: a QPainter canvas whose span bars
/// come from a DrawList (built in ospcore), painted once into a cached image so that hover and
/// selection repaints only blit it and draw the overlay; colours from the theme; tooltips;
/// search dimming; the legend; export to PNG or SVG.
class SpanCanvas : public QWidget
{
    Q_OBJECT
public:
    explicit SpanCanvas(TraceSession *session, QWidget *parent = nullptr);

    TraceSession *session() const { return m_session; }
    const Trace &trace() const;

    ColorBy colorBy() const { return m_colorBy; }
    void setColorBy(ColorBy by);

    /// Outline the spans on the critical path (the default; `C` toggles).
    bool showsCriticalPath() const { return m_showCritical; }
    void setShowCriticalPath(bool show);
    /// Critical path, clock skew and links of the trace, once computed (null before).
    const SpanMarks *marks() const { return m_marks.get(); }
    /// Installs the marks the layout was built with (views do it; tests and the benchmark
    /// too, with layouts they build themselves).
    void setMarks(std::shared_ptr<const SpanMarks> marks);

    /// Search hook: one byte per span, non-zero for matches; the rest is dimmed. Empty: none.
    void setMatches(std::vector<uint8_t> matches);
    bool hasMatches() const { return !m_matches.empty(); }

    /// Paints the whole view (bars, axis, overlays) on any painter: export, benchmark, tests.
    void renderTo(QPainter &p, const QSize &size);
    /// Writes the view as PNG or SVG (by the file's suffix); false with *error on failure.
    bool exportImage(const QString &path, QString *error = nullptr);

    /// The item drawn at a widget position (null if none): what a click selects.
    virtual const DrawItem *itemAt(const QPoint &pos) const = 0;
    SpanIndex spanAt(const QPoint &pos) const;
    /// What a repaint of the widget does: the cached base image (rebuilt when stale), then
    /// the overlay. Public for the benchmark's hover and selection figures.
    void paintCached(QPainter &p);
    /// For tests and the benchmark: is the background layout ready to draw?
    virtual bool isLayoutReady() const = 0;
    /// The colour a span's bar gets (before dimming or error marking).
    QColor spanColor(SpanIndex span) const;
    /// Call when anything the cached base image shows has changed (range, data, scroll).
    void invalidateBase();

signals:
    /// A layout finished off the GUI thread (tests wait for it).
    void layoutReady();
    void criticalPathShownChanged(bool shown);

protected:
    /// The part that depends on the range and the data (cached as an image).
    virtual void paintBase(QPainter &p, const QSize &size) = 0;
    /// Cheap state drawn over it: selection, hover, rubber band.
    virtual void paintOverlay(QPainter &p, const QSize &size) = 0;
    void setHoverSpan(SpanIndex span);
    /// Extra swatches of a view's legend, after the colours of the marks.
    virtual void paintLegendExtras(QPainter &p, double &x, const QRectF &rect);
    /// One legend swatch and its text at x (advanced); false when it does not fit.
    bool legendSwatch(QPainter &p, double &x, const QRectF &rect, const QString &text,
        const std::function<void(QPainter &, const QRectF &)> &paintSwatch);
    SpanIndex hoverSpan() const { return m_hover; }
    /// Sets a setting's member; true when the value changed (the cached image is then stale).
    template <class T> bool change(T &member, const T &value)
    {
        if (member == value)
            return false;
        member = value;
        invalidateBase();
        return true;
    }

    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void leaveEvent(QEvent *event) override;

    /// Bars of a draw list row at y..y+h: colours, error/unfinished marks, labels.
    void paintItems(
        QPainter &p, const DrawList &list, uint32_t row, double y, double h, bool flameStyle);
    /// Outline of the item that shows span (selection or hover).
    void paintOutline(QPainter &p, const DrawList &list, uint32_t row, SpanIndex span, double y,
        double h, const QColor &color, double width);
    /// The legend (colour → service or type), in one line at the given rectangle.
    void paintLegend(QPainter &p, const QRectF &rect);
    QString spanToolTip(SpanIndex span, uint32_t count) const;
    TextFit textFit() const;
    QColor barColor(const DrawItem &item) const;

private:
    /// The theme or what decides the colours changed: forget the colours made from it.
    void colorsChanged();
    struct LegendEntry
    {
        QString text;
        QColor color;
    };
    const std::vector<LegendEntry> &legend() const;
    const ColorSlots &colorSlots() const;

    TraceSession *m_session;
    ColorBy m_colorBy = ColorBy::Service;
    bool m_showCritical = true;
    std::shared_ptr<const SpanMarks> m_marks;
    std::vector<uint8_t> m_matches;
    QImage m_base;
    bool m_baseValid = false;
    SpanIndex m_hover = NoSpan;
    struct SlotColors
    {
        QColor plain, merged;
    };
    SlotColors slotColors(SpanIndex span) const;
    /// Colours of slots past this are made when needed, not cached.
    static constexpr uint32_t MaxCachedSlots = 4096;
    mutable std::vector<SlotColors> m_slotColors; ///< by colour slot, filled on first use
    mutable std::vector<LegendEntry> m_legend;
    mutable bool m_legendValid = false;
};

} // namespace Osp
