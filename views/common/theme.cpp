#include "views/common/theme.h"

#include <QApplication>
#include <QEvent>
#include <QStyle>

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

namespace {

/// Fusion's dark counterpart of its standard palette, with our selection blue.
QPalette darkPalette()
{
    const QColor window(0x2d, 0x2d, 0x30), base(0x1e, 0x1e, 0x1e), text(0xe4, 0xe4, 0xe4),
        dim(0x8a, 0x8a, 0x8a);
    QPalette p(window);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x28));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3c, 0x40));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, dim);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x38, 0x38, 0x3c));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x4f));
    p.setColor(QPalette::Midlight, QColor(0x3f, 0x3f, 0x44));
    p.setColor(QPalette::Mid, QColor(0x2a, 0x2a, 0x2d));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0c));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6d, 0x9c, 0xf7));
    p.setColor(QPalette::LinkVisited, QColor(0xa7, 0x8b, 0xe0));
    for (const auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, dim);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x44, 0x44, 0x48));
    return p;
}

} // namespace

void Theme::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    if (m_mode == Mode::System) {
        m_systemPalette = QApplication::palette();
        m_systemStyle = QApplication::style() ? QApplication::style()->name() : QString();
    }
    m_mode = mode;
    // Each setPalette sends ApplicationPaletteChange, which recomputes through eventFilter.
    if (mode == Mode::System) {
        if (!m_systemStyle.isEmpty() && QApplication::style()->name() != m_systemStyle)
            QApplication::setStyle(m_systemStyle);
        QApplication::setPalette(m_systemPalette);
    } else {
        if (QApplication::style()->name() != QLatin1String("fusion"))
            QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(
            mode == Mode::Dark ? darkPalette() : QApplication::style()->standardPalette());
    }
    recompute();
}

QString Theme::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Light:
        return QStringLiteral("light");
    case Mode::Dark:
        return QStringLiteral("dark");
    case Mode::System:
        break;
    }
    return QStringLiteral("system");
}

Theme::Mode Theme::modeFromName(const QString &name)
{
    if (name == QLatin1String("light"))
        return Mode::Light;
    if (name == QLatin1String("dark"))
        return Mode::Dark;
    return Mode::System;
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
        m_infoBackground = QColor(0x1c, 0x35, 0x4a);
        m_infoText = QColor(0xcf, 0xe8, 0xfc);
        m_criticalPath = QColor(0xb3, 0x88, 0xff);
        m_clockSkew = QColor(0xff, 0xf3, 0xe0);
        m_link = QColor(0xe0, 0xe0, 0xe0);
        // Lighter tones on dark backgrounds: both keep a contrast ratio above 4.5 on #2b2b2b.
        m_slower = QColor(0xff, 0x7b, 0x6b);
        m_faster = QColor(0x5f, 0xd0, 0x8a);
        m_addedBackground = QColor(0x4a, 0x2a, 0x22);
        m_removedBackground = QColor(0x24, 0x3a, 0x2c);
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
        m_infoBackground = QColor(0xe3, 0xf2, 0xfd);
        m_infoText = QColor(0x0d, 0x3c, 0x61);
        m_criticalPath = QColor(0x7e, 0x57, 0xc2);
        m_clockSkew = QColor(0x3e, 0x27, 0x23);
        m_link = QColor(0x37, 0x47, 0x4f);
        m_slower = QColor(0xc6, 0x28, 0x28);
        m_faster = QColor(0x1b, 0x7f, 0x3b);
        m_addedBackground = QColor(0xfd, 0xed, 0xe8); // new work: the slower hue, faint
        m_removedBackground = QColor(0xe6, 0xf4, 0xea); // work gone: the faster hue, faint
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

QColor Theme::blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
        float(a.greenF() * (1 - t) + b.greenF() * t), float(a.blueF() * (1 - t) + b.blueF() * t));
}

QColor Theme::paletteColor(uint32_t slot) const
{
    return paletteColorFor(slot, m_dark);
}

} // namespace Osp
