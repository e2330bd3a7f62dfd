#include "theme.h"

#include <QApplication>
#include <QEvent>

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
    }
    emit changed();
}

QColor Theme::barColorFor(const QString &service, bool dark)
{
    // A fixed palette tells neighbouring services apart better than free hues; none of it is
    // red or orange, which mean error and unfinished.
    static const QRgb light[] = { 0x5b8ff9, 0x59a14f, 0x9a7fd1, 0x3fb6c4, 0xe377c2, 0xb5bd45,
        0x4e79a7, 0x8cd17d, 0xb07aa1, 0x76b7b2, 0xd4b83a, 0x7a8fd8 };
    static const QRgb darkColors[] = { 0x6d9cf7, 0x6fbf63, 0xa78be0, 0x4cc3d0, 0xe58bcb, 0xbfc75a,
        0x6a93c2, 0x8fd681, 0xc08bb3, 0x85c5c0, 0xdcc251, 0x8c9ee0 };
    // FNV-1a: qHash is seeded per process, and colours must not change between runs.
    uint32_t h = 2166136261u;
    const QByteArray bytes = service.toUtf8();
    for (char c : bytes) {
        h ^= uint8_t(c);
        h *= 16777619u;
    }
    const size_t n = std::size(light);
    return QColor(dark ? darkColors[h % n] : light[h % n]);
}

QColor Theme::barColor(const QString &service) const
{
    return barColorFor(service, m_dark);
}

} // namespace Osp
