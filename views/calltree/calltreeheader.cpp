#include "views/calltree/calltreeheader.h"

#include "geometry/timeaxis.h"
#include "itemmodels/tracesession.h"
#include "views/calltree/calltreedelegate.h"
#include "views/common/theme.h"

#include <QPainter>
#include <QStyleOptionHeader>

#include <cmath>

namespace Osp {

CallTreeHeader::CallTreeHeader(TraceSession *session, int timelineSection, QWidget *parent)
    : QHeaderView(Qt::Horizontal, parent)
    , m_session(session)
    , m_timelineSection(timelineSection)
{
    setSectionsClickable(false);
    setHighlightSections(false);
}

QSize CallTreeHeader::sizeHint() const
{
    QSize s = QHeaderView::sizeHint();
    // Room for labels above the tick marks.
    s.setHeight(std::max(s.height(), fontMetrics().height() + 12));
    return s;
}

void CallTreeHeader::paintSection(QPainter *p, const QRect &rect, int logicalIndex) const
{
    if (logicalIndex != m_timelineSection || !m_session) {
        QHeaderView::paintSection(p, rect, logicalIndex);
        return;
    }
    // The style's empty section as background, then the ruler.
    QStyleOptionHeader opt;
    initStyleOption(&opt);
    opt.rect = rect;
    opt.section = logicalIndex;
    opt.position = QStyleOptionHeader::Middle;
    p->save();
    style()->drawControl(QStyle::CE_HeaderSection, &opt, p, this);

    const Theme *theme = Theme::instance();
    const qint64 from = m_session->fromUs();
    const qint64 to = m_session->toUs();
    const int inner = std::max(1, rect.width() - 2 * CallTreeDelegate::TimelinePadPx);
    const int64_t step = timeTickStep(from, to, inner);
    QFont f = font();
    f.setPointSizeF(std::max(6.0, f.pointSizeF() - 1));
    p->setFont(f);
    const QFontMetrics fm(f);
    p->setClipRect(rect.adjusted(0, 0, -1, 0));

    // Minor ticks at a fifth of the step (or a half for 2 × 10^k steps).
    const int64_t minor = (step % 5 == 0) ? step / 5 : step / 2;
    p->setPen(QPen(theme->dimText(), 1));
    if (minor > 0
        && (double(inner) * double(minor) / double(std::max<qint64>(to - from, 1))) >= 5) {
        for (int64_t t = (from / minor) * minor; t <= to; t += minor) {
            if (t < from)
                continue;
            const double x
                = std::round(CallTreeDelegate::xForUs(t, rect.left(), rect.width(), from, to))
                + 0.5;
            p->drawLine(QPointF(x, rect.bottom() - 3), QPointF(x, rect.bottom()));
        }
    }
    p->setPen(QPen(theme->text(), 1));
    double lastLabelRight = -1e9;
    for (const TimeTick &t : timeTicks(from, to, inner)) {
        const double x
            = std::round(CallTreeDelegate::xForUs(t.us, rect.left(), rect.width(), from, to)) + 0.5;
        p->drawLine(QPointF(x, rect.bottom() - 7), QPointF(x, rect.bottom()));
        const int w = fm.horizontalAdvance(t.label);
        // Labels start at their tick; the last one is pulled left to stay inside.
        double lx = x + 2;
        if (lx + w > rect.right() - 2)
            lx = x - 2 - w;
        if (lx < lastLabelRight + 6)
            continue; // the tick stays, its label would collide with the previous one
        lastLabelRight = lx + w;
        p->drawText(QRectF(lx, rect.top() + 1, w + 1, rect.height() - 8),
            Qt::AlignLeft | Qt::AlignVCenter, t.label);
    }
    p->restore();
}

} // namespace Osp
