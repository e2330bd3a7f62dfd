#pragma once

#include <QColor>
#include <QObject>
#include <QPalette>

namespace Osp {

/// Every colour ospview paints with, in one place (DESIGN.md, Views). Qt 6.4 has no
/// QStyleHints::colorScheme, so light or dark is inferred from the palette's window lightness
/// and recomputed when the application palette changes. Light and Dark also set the
/// application's style (Fusion) and palette; System gives back the desktop's.
class Theme : public QObject
{
    Q_OBJECT
public:
    enum class Mode { System, Light, Dark };

    /// The application-wide theme (created on first use, lives as long as qApp).
    static Theme *instance();

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    /// "system", "light", "dark": the names in the settings file; unknown names are System.
    static QString modeName(Mode mode);
    static Mode modeFromName(const QString &name);
    bool isDark() const { return m_dark; }

    QColor error() const { return m_error; }
    QColor errorBackground() const { return m_errorBackground; }
    QColor unfinished() const { return m_unfinished; }
    QColor lastStarted() const { return m_lastStarted; }
    QColor selection() const { return m_selection; }
    QColor selectionText() const { return m_selectionText; }
    QColor text() const { return m_text; }
    QColor dimText() const { return m_dimText; }
    QColor grid() const { return m_grid; }
    QColor axisBackground() const { return m_axisBackground; }
    QColor matchHighlight() const { return m_matchHighlight; }
    QColor warningBackground() const { return m_warningBackground; }
    QColor warningText() const { return m_warningText; }
    /// Calmer than the warning colours: notes on odd but complete data (Trace::loadNotes).
    QColor infoBackground() const { return m_infoBackground; }
    QColor infoText() const { return m_infoText; }
    /// Rows and bars on the critical path (analysis/criticalpath).
    QColor criticalPath() const { return m_criticalPath; }
    /// Hatching over spans with clock skew against their parent (analysis/clockskew).
    QColor clockSkew() const { return m_clockSkew; }
    /// Links between services (RPC and HTTP hops) drawn over the timeline.
    QColor link() const { return m_link; }
    /// The bar colour of palette slot `slot` (ColorSlots: services or span types by first
    /// appearance in the trace, so a trace's first dozen get clearly different colours).
    QColor paletteColor(uint32_t slot) const;
    /// Comparison (B against A): text and bars of a call path that got slower or faster, and
    /// the faint row tint of a path only one side has.
    QColor slower() const { return m_slower; }
    QColor faster() const { return m_faster; }
    QColor addedBackground() const { return m_addedBackground; }
    QColor removedBackground() const { return m_removedBackground; }

    /// How many well-separated colours the palette has before it generates more.
    static constexpr uint32_t PaletteSize = 12;
    /// Pure function behind paletteColor, for tests.
    static QColor paletteColorFor(uint32_t slot, bool dark);
    /// a mixed with b: t = 0 gives a, 1 gives b; opaque.
    static QColor blend(const QColor &a, const QColor &b, double t);

signals:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit Theme(QObject *parent);
    void recompute();

    Mode m_mode = Mode::System;
    QPalette m_systemPalette; ///< the application's palette and style before Light or Dark
    QString m_systemStyle;
    bool m_dark = false;
    QColor m_error, m_errorBackground, m_unfinished, m_lastStarted, m_selection, m_selectionText,
        m_text, m_dimText, m_grid, m_axisBackground, m_matchHighlight, m_warningBackground,
        m_warningText, m_infoBackground, m_infoText, m_criticalPath, m_clockSkew, m_link, m_slower,
        m_faster, m_addedBackground, m_removedBackground;
};

} // namespace Osp
