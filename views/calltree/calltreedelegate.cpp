#include "views/calltree/calltreedelegate.h"

#include "geometry/timeaxis.h"
#include "itemmodels/calltreemodel.h"
#include "itemmodels/roles.h"
#include "itemmodels/tracesession.h"
#include "util/durationformat.h"
#include "views/common/theme.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace Osp {

namespace {

int indentFor(const QRect &cell, int depth)
{
    // Deep traces (300+ levels) must not push the name out of the cell: compress beyond 60 %.
    const int full = depth * CallTreeDelegate::IndentPx;
    const int cap = std::max(0, int(cell.width() * 0.6));
    if (full <= cap)
        return full;
    return cap;
}

bool isImportant(const QString &name)
{
    // The HTML report bolds these; they are the request boundaries.
    return name == QLatin1String("wsgi") || name == QLatin1String("rpc")
        || name.startsWith(QLatin1String("wsgi-")) || name.startsWith(QLatin1String("rpc-"));
}

} // namespace

CallTreeDelegate::CallTreeDelegate(TraceSession *session, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_session(session)
{ }

double CallTreeDelegate::xForUs(qint64 us, int left, int width, qint64 fromUs, qint64 toUs)
{
    const double inner = std::max(1, width - 2 * TimelinePadPx);
    const double span = double(std::max<qint64>(toUs - fromUs, 1));
    return left + TimelinePadPx + double(us - fromUs) * inner / span;
}

QRect CallTreeDelegate::arrowRect(const QRect &cell, int depth)
{
    return QRect(cell.left() + 2 + indentFor(cell, depth), cell.top(), ArrowPx, cell.height());
}

QSize CallTreeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(std::max(s.height(), option.fontMetrics.height() + 6));
    return s;
}

int CallTreeDelegate::rowHeight(const QStyleOptionViewItem &viewOption) const
{
    // What sizeHint() gives a cell with one line of text (the model has no fonts or icons).
    QStyleOptionViewItem opt = viewOption;
    opt.features |= QStyleOptionViewItem::HasDisplay;
    opt.text = QStringLiteral("0");
    const QWidget *w = opt.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    const int styled = style->sizeFromContents(QStyle::CT_ItemViewItem, &opt, QSize(), w).height();
    return std::max(styled, opt.fontMetrics.height() + 6);
}

void CallTreeDelegate::paint(
    QPainter *p, const QStyleOptionViewItem &cellOption, const QModelIndex &index) const
{
    // Row-wide states as a tree view gives them (the call tree is a table, see CallTreeView):
    // selection and hover fill every cell of the row, the cell's place in the row for styles
    // that round the ends, no per-cell focus (the view frames the current row).
    QStyleOptionViewItem option = cellOption;
    option.showDecorationSelected = true;
    option.state.setFlag(
        QStyle::State_MouseOver, m_hoveredRow.isValid() && index.row() == m_hoveredRow.row());
    option.state.setFlag(QStyle::State_HasFocus, false);
    const int lastColumn = index.model()->columnCount(index.parent()) - 1;
    option.viewItemPosition = index.column() == 0 ? QStyleOptionViewItem::Beginning
        : index.column() == lastColumn            ? QStyleOptionViewItem::End
                                                  : QStyleOptionViewItem::Middle;

    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const Theme *theme = Theme::instance();
    const bool selected = opt.state & QStyle::State_Selected;

    // Row state backgrounds first, so the style's selection and hover go on top.
    if (!selected) {
        if (index.data(Role::IsLastStartedRole).toBool())
            p->fillRect(opt.rect, theme->lastStarted());
        else if (index.data(Role::IsErrorRole).toBool())
            p->fillRect(opt.rect, theme->errorBackground());
    }
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget *w = opt.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, p, w);
    // The critical path: a stripe down the name cell, visible over error and selection colours.
    if (index.column() == CallTreeModel::NameColumn && index.data(Role::CriticalPathRole).toBool())
        p->fillRect(
            QRect(opt.rect.left(), opt.rect.top(), 4, opt.rect.height()), theme->criticalPath());

    switch (index.column()) {
    case CallTreeModel::NameColumn:
        paintName(p, option, index);
        break;
    case CallTreeModel::TimelineColumn:
        paintTimeline(p, option, index);
        break;
    default:
        paintText(p, option, index);
        break;
    }
}

void CallTreeDelegate::paintText(
    QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Theme *theme = Theme::instance();
    const bool selected = option.state & QStyle::State_Selected;
    QRect r = option.rect.adjusted(4, 0, -4, 0);
    QString text = index.data(Qt::DisplayRole).toString();
    QColor color = selected ? theme->selectionText() : theme->text();
    const auto align = Qt::Alignment(index.data(Qt::TextAlignmentRole).toInt());
    p->save();
    if (index.column() == CallTreeModel::DetailsColumn) {
        const QString exc = index.data(Role::ExceptionRole).toString();
        if (!exc.isEmpty()) {
            // Errors are the first thing to read in a row: the exception leads the details.
            QFont f = option.font;
            f.setBold(true);
            p->setFont(f);
            p->setPen(selected ? theme->selectionText() : theme->error());
            const QString head = exc + (text.isEmpty() ? QString() : QStringLiteral("  "));
            const QString shown = QFontMetrics(f).elidedText(head, Qt::ElideRight, r.width());
            p->drawText(r, Qt::AlignLeft | Qt::AlignVCenter, shown);
            r.setLeft(r.left() + QFontMetrics(f).horizontalAdvance(shown));
            p->setFont(option.font);
        }
        if (!selected)
            color = theme->dimText();
    } else if (text == QLatin1String("n/a") && !selected) {
        color = theme->dimText();
    }
    p->setPen(color);
    p->drawText(r, align | Qt::AlignVCenter,
        option.fontMetrics.elidedText(text, Qt::ElideRight, r.width()));
    p->restore();
}

void CallTreeDelegate::paintName(
    QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Theme *theme = Theme::instance();
    const bool selected = option.state & QStyle::State_Selected;
    const int depth = index.data(Role::DepthRole).toInt();
    const QRect cell = option.rect;
    const QRect arrow = arrowRect(cell, depth);
    const QColor fg = selected ? theme->selectionText() : theme->text();

    p->save();
    p->setRenderHint(QPainter::Antialiasing);

    // Thin guide lines per level make deep nesting readable without the HTML report's numbers.
    if (depth > 0 && !selected) {
        QColor guide = theme->grid();
        p->setPen(QPen(guide, 1));
        const int indent = indentFor(cell, depth);
        const int levels = indent / IndentPx;
        for (int l = 0; l < levels; ++l) {
            const double x = cell.left() + 2 + l * IndentPx + ArrowPx / 2.0 + 0.5;
            p->drawLine(QPointF(x, cell.top()), QPointF(x, cell.bottom() + 1));
        }
    }

    if (index.data(Role::HasChildrenRole).toBool()) {
        const bool expanded = index.data(Role::ExpandedRole).toBool();
        const QPointF c = QRectF(arrow).center();
        const double s = 3.8;
        QPainterPath path;
        if (expanded) {
            path.moveTo(c.x() - s, c.y() - s / 2);
            path.lineTo(c.x() + s, c.y() - s / 2);
            path.lineTo(c.x(), c.y() + s * 0.9);
        } else {
            path.moveTo(c.x() - s / 2, c.y() - s);
            path.lineTo(c.x() + s * 0.9, c.y());
            path.lineTo(c.x() - s / 2, c.y() + s);
        }
        path.closeSubpath();
        p->setPen(Qt::NoPen);
        p->setBrush(selected ? fg : theme->dimText());
        p->drawPath(path);
    }

    int x = arrow.right() + 3;
    const bool error = index.data(Role::IsErrorRole).toBool();
    const bool unfinished = index.data(Role::IsUnfinishedRole).toBool();
    const int iconSize = std::min(12, cell.height() - 6);
    if (error || unfinished) {
        const QRectF ir(x, cell.center().y() - iconSize / 2.0 + 0.5, iconSize, iconSize);
        if (error) {
            p->setPen(Qt::NoPen);
            p->setBrush(theme->error());
            p->drawEllipse(ir);
            QFont f = option.font;
            f.setBold(true);
            f.setPixelSize(std::max(7, iconSize - 3));
            p->setFont(f);
            p->setPen(Qt::white);
            p->drawText(ir, Qt::AlignCenter, QStringLiteral("!"));
        } else {
            // An open circle: started, never stopped.
            p->setPen(QPen(theme->unfinished(), 1.6));
            p->setBrush(Qt::NoBrush);
            p->drawEllipse(ir.adjusted(1, 1, -1, -1));
            p->drawLine(ir.center(), QPointF(ir.center().x(), ir.top() + 3));
            p->drawLine(ir.center(), QPointF(ir.right() - 3, ir.center().y()));
        }
        x += iconSize + 4;
    }

    const QString name = index.data(Qt::DisplayRole).toString();
    QFont f = option.font;
    if (isImportant(name))
        f.setBold(true);
    p->setFont(f);
    QColor textColor = fg;
    if (!selected && error)
        textColor = theme->error();
    QRect tr(x, cell.top(), cell.right() - x - 2, cell.height());
    if (!selected && index.data(Role::MatchRole).toBool()) {
        const int w = std::min(tr.width(), QFontMetrics(f).horizontalAdvance(name) + 4);
        p->fillRect(
            QRect(tr.left() - 2, tr.top() + 2, w, tr.height() - 4), theme->matchHighlight());
    }
    p->setPen(textColor);
    p->drawText(tr, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(f).elidedText(name, Qt::ElideMiddle, tr.width()));
    p->restore();
}

void CallTreeDelegate::paintTimeline(
    QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!m_session)
        return;
    const Theme *theme = Theme::instance();
    const bool selected = option.state & QStyle::State_Selected;
    const QRect cell = option.rect;
    const qint64 from = m_session->fromUs();
    const qint64 to = m_session->toUs();

    p->save();
    p->setClipRect(cell);

    // Grid lines at the ruler's ticks.
    const int inner = std::max(1, cell.width() - 2 * TimelinePadPx);
    p->setPen(QPen(theme->grid(), 1));
    for (const TimeTick &t : timeTicks(from, to, inner)) {
        const double x = std::round(xForUs(t.us, cell.left(), cell.width(), from, to)) + 0.5;
        p->drawLine(QPointF(x, cell.top()), QPointF(x, cell.bottom() + 1));
    }

    const qint64 start = index.data(Role::StartUsRole).toLongLong();
    const qint64 end = index.data(Role::EndUsRole).toLongLong();
    const bool error = index.data(Role::IsErrorRole).toBool();
    const bool unfinished = index.data(Role::IsUnfinishedRole).toBool();
    const bool ms = index.data(Role::MsPrecisionRole).toBool();

    double x0 = xForUs(start, cell.left(), cell.width(), from, to);
    double x1 = xForUs(end, cell.left(), cell.width(), from, to);
    if (x1 - x0 < 2.0)
        x1 = x0 + 2.0; // every span stays visible, even a 0 µs one
    const int barH = std::max(4, cell.height() - 8);
    const QRectF bar(x0, cell.top() + (cell.height() - barH) / 2.0, x1 - x0, barH);

    QColor color = theme->error();
    if (!error) {
        // The service's colour of this trace (first appearance), as in the timeline.
        const Trace &trace = *m_session->trace();
        const SpanIndex span = index.data(Role::SpanIndexRole).toUInt();
        const StringId service = span < trace.spanCount() ? trace.span(span).service : NoString;
        color = theme->paletteColor(m_session->colorSlots(ColorKey::Service).slot(service));
    }
    if (unfinished && !error)
        color = theme->unfinished();

    p->setRenderHint(QPainter::Antialiasing, bar.width() > 3);
    if (unfinished) {
        // Open-ended: the bar fades out to the right and ends in a dashed edge.
        const double fadeTo
            = std::min<double>(cell.right() - 2, std::max(bar.right() + 24, x0 + 24));
        QRectF open(bar.left(), bar.top(), fadeTo - bar.left(), bar.height());
        QLinearGradient g(open.topLeft(), open.topRight());
        g.setColorAt(0, color);
        QColor transparent = color;
        transparent.setAlpha(25);
        g.setColorAt(1, transparent);
        p->setPen(Qt::NoPen);
        p->setBrush(g);
        p->drawRect(open);
        p->setPen(QPen(color, 1, Qt::DashLine));
        p->drawLine(QPointF(open.right(), open.top()), QPointF(open.right(), open.bottom()));
        x1 = open.right();
    } else {
        p->setPen(Qt::NoPen);
        p->setBrush(color);
        p->drawRoundedRect(bar, 2, 2);
    }

    // A label beside the bar (inside when it fits), as the HTML report's "31 ms".
    QFont f = option.font;
    f.setPointSizeF(std::max(6.0, f.pointSizeF() - 1));
    p->setFont(f);
    const QFontMetrics fm(f);
    const QString label = unfinished ? tr("unfinished") : formatDuration(end - start, ms);
    const int lw = fm.horizontalAdvance(label) + 4;
    QColor labelColor = selected ? theme->selectionText() : theme->dimText();
    if (unfinished && !selected)
        labelColor = theme->unfinished();
    if (error && !selected)
        labelColor = theme->error();
    QRectF lr;
    if (!unfinished && bar.width() >= lw + 4) {
        lr = QRectF(bar.left(), cell.top(), bar.width(), cell.height());
        p->setPen(theme->isDark() ? QColor(Qt::white) : QColor(0x20, 0x20, 0x20));
        if (error)
            p->setPen(Qt::white);
        p->drawText(lr, Qt::AlignCenter, label);
    } else if (x1 + 3 + lw <= cell.right()) {
        lr = QRectF(x1 + 3, cell.top(), lw, cell.height());
        p->setPen(labelColor);
        p->drawText(lr, Qt::AlignLeft | Qt::AlignVCenter, label);
    } else if (x0 - 3 - lw >= cell.left()) {
        lr = QRectF(x0 - 3 - lw, cell.top(), lw, cell.height());
        p->setPen(labelColor);
        p->drawText(lr, Qt::AlignRight | Qt::AlignVCenter, label);
    }
    p->restore();
}

bool CallTreeDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (index.column() == CallTreeModel::NameColumn
        && (event->type() == QEvent::MouseButtonPress
            || event->type() == QEvent::MouseButtonDblClick)) {
        auto *me = static_cast<QMouseEvent *>(event);
        const int depth = index.data(Role::DepthRole).toInt();
        if (me->button() == Qt::LeftButton && index.data(Role::HasChildrenRole).toBool()
            && arrowRect(option.rect, depth)
                   .adjusted(-3, 0, 3, 0)
                   .contains(me->position().toPoint())) {
            if (event->type() == QEvent::MouseButtonPress)
                emit toggleRequested(index.row());
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

} // namespace Osp
