#include "views/canvas/navigablecanvas.h"

#include "views/common/theme.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace Osp {

NavigableCanvas::NavigableCanvas(
    TraceSession *session, int headerHeight, double hitSlop, QWidget *parent)
    : SpanCanvas(session, parent)
    , m_headerHeight(headerHeight)
    , m_hitSlop(hitSlop)
    , m_task(new AsyncTask(this))
{
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
    connect(session, &TraceSession::selectionChanged, this, &NavigableCanvas::showSelection);
}

void NavigableCanvas::contentChanged()
{
    m_list.reset();
    m_hasHoverItem = false;
    m_scrollY = 0;
    updateScrollBar();
    invalidateBase();
    if (isLayoutReady()) {
        showSelection();
        emit layoutReady();
    }
}

void NavigableCanvas::showSelection()
{
    const SpanIndex sel = session()->currentSpan();
    if (isLayoutReady() && sel != NoSpan && sel < trace().spanCount())
        followSelection(sel);
    update();
}

int NavigableCanvas::rowHeight() const
{
    return fontMetrics().height() + 5;
}

QRect NavigableCanvas::rowsRect(const QSize &s) const
{
    const int sb = m_vbar->isVisibleTo(this) ? m_vbar->sizeHint().width() : 0;
    return QRect(0, m_headerHeight, std::max(1, s.width() - sb),
        std::max(1, s.height() - m_headerHeight - LegendHeight));
}

double NavigableCanvas::rowTop(uint32_t row) const
{
    return double(m_headerHeight) + double(row) * rowHeight() - m_scrollY;
}

std::pair<uint32_t, uint32_t> NavigableCanvas::visibleRows(const QSize &size) const
{
    const int rh = rowHeight();
    return { uint32_t(std::max(0, m_scrollY / rh)), uint32_t(rowsRect(size).height() / rh + 2) };
}

TimeMapping NavigableCanvas::rangeMapping(const QSize &size) const
{
    const QRect r = rowsRect(size);
    const Range range = this->range();
    return TimeMapping { range.from, range.to, double(r.left()), double(r.width()) };
}

void NavigableCanvas::updateScrollBar()
{
    const int total = int(rowCount()) * rowHeight();
    const int visible = height() - m_headerHeight - LegendHeight;
    const bool need = total > visible && visible > 0;
    m_vbar->setVisible(need);
    const int sbw = m_vbar->sizeHint().width();
    m_vbar->setGeometry(width() - sbw, m_headerHeight, sbw, std::max(0, visible));
    m_vbar->setRange(0, need ? total - visible : 0);
    m_vbar->setPageStep(std::max(1, visible));
    m_vbar->setSingleStep(rowHeight());
    m_scrollY = std::clamp(m_scrollY, 0, m_vbar->maximum());
    m_vbar->setValue(m_scrollY);
}

void NavigableCanvas::setScrollY(int y)
{
    m_vbar->setValue(y);
    m_scrollY = m_vbar->value();
    invalidateBase();
}

void NavigableCanvas::scrollRowIntoView(uint32_t row)
{
    const int y = int(row) * rowHeight();
    const int visible = rowsRect().height();
    if (y < m_scrollY || y + rowHeight() > m_scrollY + visible)
        setScrollY(std::max(0, y - visible / 3));
}

void NavigableCanvas::resizeEvent(QResizeEvent *event)
{
    SpanCanvas::resizeEvent(event);
    updateScrollBar();
    invalidateBase();
}

const DrawItem *NavigableCanvas::itemAt(const QPoint &pos) const
{
    if (!m_list || !isLayoutReady() || !rowsRect().contains(pos))
        return nullptr;
    const double rel = pos.y() + m_scrollY - m_headerHeight;
    if (rel < 0)
        return nullptr;
    return m_list->hitTest(pos.x(), uint32_t(rel / rowHeight()), m_hitSlop);
}

void NavigableCanvas::gestureStart()
{
    if (!m_wheelIdle->isActive())
        pushHistory();
    m_wheelIdle->start();
}

void NavigableCanvas::zoomAround(double x, double factor)
{
    const Range r = range();
    const auto z = zoomRange(r.from, r.to, rangeMapping(size()).us(x), factor, r.limit, r.minSpan);
    setRange(z.first, z.second);
}

void NavigableCanvas::pan(double px)
{
    const Range r = range();
    const auto p = panRange(
        r.from, r.to, int64_t(std::llround(px * rangeMapping(size()).usPerPx())), r.limit);
    setRange(p.first, p.second);
}

void NavigableCanvas::zoomIn()
{
    gestureStart();
    zoomAround(rowsRect().center().x(), 0.7);
}

void NavigableCanvas::zoomOut()
{
    gestureStart();
    zoomAround(rowsRect().center().x(), 1 / 0.7);
}

bool NavigableCanvas::pressOwnDrag(const QPoint &, Qt::KeyboardModifiers)
{
    return false;
}

void NavigableCanvas::ownDragMoved(const QPoint &) { }

bool NavigableCanvas::isControlAt(const QPoint &) const
{
    return false;
}

void NavigableCanvas::mousePressEvent(QMouseEvent *e)
{
    setFocus(Qt::MouseFocusReason);
    // The mouse's back and forward buttons walk the zoom history, as Backspace does.
    if (e->button() == Qt::BackButton) {
        zoomBack();
        return;
    }
    if (e->button() == Qt::ForwardButton) {
        zoomForward();
        return;
    }
    if (e->button() != Qt::LeftButton) {
        SpanCanvas::mousePressEvent(e);
        return;
    }
    m_pressed = true;
    m_moved = false;
    m_pressPos = m_lastPos = e->position().toPoint();
    m_pressRange = range();
    m_pressScroll = m_scrollY;
    m_ownDrag = pressOwnDrag(m_pressPos, e->modifiers());
}

void NavigableCanvas::mouseMoveEvent(QMouseEvent *e)
{
    const QPoint pos = e->position().toPoint();
    if (!m_pressed) {
        const DrawItem *item = itemAt(pos);
        m_hasHoverItem = item != nullptr;
        if (item)
            m_hoverItem = *item;
        setHoverSpan(item ? item->span : NoSpan);
        setCursor(isControlAt(pos) ? Qt::PointingHandCursor : Qt::ArrowCursor);
        return;
    }
    if (!m_moved && (pos - m_pressPos).manhattanLength() < 4)
        return;
    if (!m_moved && !m_ownDrag)
        pushHistory(); // one drag, one step back
    m_moved = true;
    m_lastPos = pos;
    if (m_ownDrag) {
        ownDragMoved(pos);
        return;
    }
    setCursor(Qt::ClosedHandCursor);
    const Range r = m_pressRange;
    const double perPx = double(r.to - r.from) / std::max(1, rowsRect().width());
    const auto p = panRange(
        r.from, r.to, int64_t(std::llround((m_pressPos.x() - pos.x()) * perPx)), r.limit);
    setRange(p.first, p.second);
    m_vbar->setValue(m_pressScroll + (m_pressPos.y() - pos.y()));
}

bool NavigableCanvas::endPress(QMouseEvent *e)
{
    const bool click = m_pressed && !m_moved && e->button() == Qt::LeftButton;
    m_pressed = false;
    unsetCursor();
    return click;
}

void NavigableCanvas::mouseReleaseEvent(QMouseEvent *e)
{
    endPress(e);
}

void NavigableCanvas::wheelEvent(QWheelEvent *e)
{
    const QPoint d = e->angleDelta();
    if (e->modifiers() & Qt::ControlModifier) {
        m_vbar->setValue(m_scrollY - d.y() * rowHeight() / 40);
    } else if ((e->modifiers() & Qt::ShiftModifier) || std::abs(d.x()) > std::abs(d.y())) {
        gestureStart();
        const int delta = d.x() != 0 ? d.x() : d.y();
        pan(-delta * rowsRect().width() / 1200.0);
    } else if (d.y() != 0) {
        gestureStart();
        zoomAround(e->position().x(), std::pow(0.8, d.y() / 120.0));
    }
    e->accept();
}

void NavigableCanvas::keyPressEvent(QKeyEvent *e)
{
    // Backspace is "back in the zoom history" in every canvas, as in a browser (Alt+Left too);
    // the flame graph's "up one level" is Escape or Alt+Up there.
    const int w = rowsRect().width();
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
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_A:
    case Qt::Key_D: {
        const bool left = e->key() == Qt::Key_Left || e->key() == Qt::Key_A;
        const bool arrow = e->key() == Qt::Key_Left || e->key() == Qt::Key_Right;
        if (alt && arrow) {
            left ? zoomBack() : zoomForward();
        } else {
            gestureStart();
            pan(left ? -w / 8.0 : w / 8.0);
        }
        break;
    }
    case Qt::Key_Backspace:
        zoomBack();
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
    case Qt::Key_C:
        setShowCriticalPath(!showsCriticalPath());
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        resetZoom();
        break;
    default:
        SpanCanvas::keyPressEvent(e);
        return;
    }
    e->accept();
}

void NavigableCanvas::paintBusy(QPainter &p, const QRect &rows, const QString &text)
{
    p.setPen(Theme::instance()->dimText());
    p.drawText(rows, Qt::AlignCenter, text);
}

void NavigableCanvas::paintFocusFrame(QPainter &p, const QSize &size)
{
    if (!hasFocus())
        return;
    p.setClipping(false);
    p.setPen(QPen(Theme::instance()->selection(), 1));
    p.drawRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1));
}

} // namespace Osp
