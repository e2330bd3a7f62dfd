#include "theme.h"

#include <QApplication>
#include <QEvent>

#include <array>
#include <cmath>

namespace Osp {

Theme *Theme::instance()
{
    static Theme *theme = nullptr;
    if (!theme)
        theme = new Theme(qApp);
    return theme;
}

Theme::Theme(QObject *parent)
    : QObject(parent)
{
    if (qApp)
        qApp->installEventFilter(this);
    recompute();
}

void Theme::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    recompute();
}

bool Theme::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == qApp && event->type() == QEvent::ApplicationPaletteChange)
        recompute();
    return QObject::eventFilter(watched, event);
}

void Theme::recompute()
{
    const QPalette pal = QApplication::palette();
    switch (m_mode) {
    case Mode::System:
        m_dark = pal.color(QPalette::Window).lightnessF() < 0.5;
        break;
    case Mode::Light:
        m_dark = false;
        break;
    case Mode::Dark:
        m_dark = true;
        break;
    }
    m_text = pal.color(QPalette::Text);
    m_dimText = pal.color(QPalette::PlaceholderText);
    m_selection = pal.color(QPalette::Highlight);
    m_selectionText = pal.color(QPalette::HighlightedText);
    if (m_dark) {
        m_error = QColor(0xef, 0x53, 0x50);
        m_errorBackground = QColor(0x4a, 0x1c, 0x1c);
        m_unfinished = QColor(0xff, 0xb7, 0x4d);
        m_lastStarted = QColor(0x1e, 0x4d, 0x2b);
        m_grid = QColor(255, 255, 255, 40);
        m_axisBackground = pal.color(QPalette::Button);
        m_matchHighlight = QColor(0x6d, 0x5a, 0x00);
        m_warningBackground = QColor(0x5d, 0x40, 0x37);
        m_warningText = QColor(0xff, 0xe0, 0xb2);
        m_criticalPath = QColor(0xb3, 0x88, 0xff);
        m_clockSkew = QColor(0xff, 0xf3, 0xe0);
        m_link = QColor(0xe0, 0xe0, 0xe0);
    } else {
        m_error = QColor(0xd3, 0x2f, 0x2f);
        m_errorBackground = QColor(0xfd, 0xec, 0xea);
        m_unfinished = QColor(0xef, 0x6c, 0x00);
        m_lastStarted = QColor(0xdf, 0xf0, 0xd8); // Bootstrap bg-success, as the HTML report
        m_grid = QColor(0, 0, 0, 34);
        m_axisBackground = pal.color(QPalette::Button);
        m_matchHighlight = QColor(0xff, 0xf1, 0x76);
        m_warningBackground = QColor(0xff, 0xf3, 0xcd);
        m_warningText = QColor(0x66, 0x4d, 0x03);
        m_criticalPath = QColor(0x7e, 0x57, 0xc2);
        m_clockSkew = QColor(0x3e, 0x27, 0x23);
        m_link = QColor(0x37, 0x47, 0x4f);
    }
    emit changed();
}

QColor Theme::paletteColorFor(uint32_t slot, bool dark)
{
    // Picked from the Tableau and ColorBrewer qualitative sets, greedily for the largest
    // smallest CIEDE2000 distance (about 16 over all twelve, over 22 among the first eight),
    // kept at least 18 away from the error, unfinished and critical-path colours. Mid
    // lightness, so both dark and light label text stay readable.
    static const QRgb light[PaletteSize] = { 0x4e79a7, 0xedc948, 0xff9da7, 0x1b9e77, 0x9c755f,
        0xe7298a, 0x17becf, 0x98df8a, 0xbc80bd, 0x66a61e, 0x7f7f7f, 0x8da0cb };
    static const QRgb darkColors[PaletteSize] = { 0x1f78b4, 0xbcbd22, 0xe7298a, 0x9edae5, 0xfccde5,
        0x1b9e77, 0x7f7f7f, 0x98df8a, 0xc49c94, 0x66a61e, 0xb07aa1, 0xbebada };
    if (slot < PaletteSize)
        return QColor(dark ? darkColors[slot] : light[slot]);
    // Past the palette: golden-angle hues, away from red/orange (error, unfinished) and
    // violet (critical path), at three lightness and two saturation steps. Distinct, if less
    // far apart.
    const uint32_t k = slot - PaletteSize;
    double hue = std::fmod(double(k) * 137.508 + 60.0, 360.0);
    hue = 55.0 + hue * (195.0 / 360.0); // [55, 250): yellow through green and cyan to blue
    if (k % 4 == 3)
        hue = 290.0 + std::fmod(hue, 50.0); // and now and then a pink/magenta
    const float value = std::array { 0.82f, 0.64f, 0.73f }[k % 3];
    const float saturation = (k / 3) % 2 ? 0.40f : 0.60f;
    return QColor::fromHsvF(float(hue / 360.0), dark ? saturation * 0.8f : saturation, value);
}

QColor Theme::paletteColor(uint32_t slot) const
{
    return paletteColorFor(slot, m_dark);
}

} // namespace Osp
