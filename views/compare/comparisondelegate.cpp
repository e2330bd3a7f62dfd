#include "views/compare/comparisondelegate.h"

#include "compare/comparison.h"
#include "itemmodels/comparisonmodel.h"
#include "itemmodels/roles.h"
#include "views/common/theme.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace Osp {

ComparisonDelegate::ComparisonDelegate(QObject *parent)
    : CallTreeDelegate(nullptr, parent)
{ }

QColor ComparisonDelegate::deltaColor(qint64 delta)
{
    const Theme *theme = Theme::instance();
    return delta > 0 ? theme->slower() : delta < 0 ? theme->faster() : theme->text();
}

void ComparisonDelegate::paint(
    QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Theme *theme = Theme::instance();
    const bool selected = option.state & QStyle::State_Selected;
    const auto presence = Presence(index.data(Role::PresenceRole).toInt());
    if (!selected && presence != Presence::Both)
        p->fillRect(option.rect,
            presence == Presence::Added ? theme->addedBackground() : theme->removedBackground());
    if (index.column() == ComparisonModel::NameColumn) {
        CallTreeDelegate::paint(p, option, index); // indentation, arrow, elided name
        return;
    }

    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *w = opt.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, p, w);

    p->save();
    const QRect r = option.rect.adjusted(4, 0, -4, 0);
    if (index.column() == ComparisonModel::ImpactColumn) {
        const double impact = std::clamp(index.data(Role::ImpactRole).toDouble(), -1.0, 1.0);
        const double mid = r.center().x() + 0.5;
        p->setPen(QPen(theme->grid(), 1));
        p->drawLine(QPointF(mid, r.top() + 2), QPointF(mid, r.bottom() - 1));
        if (impact != 0) {
            const double len = std::max(1.5, std::abs(impact) * (r.width() / 2.0 - 1));
            const QRectF bar = impact > 0 ? QRectF(mid, r.top() + 4, len, r.height() - 8)
                                          : QRectF(mid - len, r.top() + 4, len, r.height() - 8);
            p->fillRect(bar, impact > 0 ? theme->slower() : theme->faster());
        }
        if (!text.isEmpty()) { // "added" / "removed" over the quiet side of the bar
            QFont f = option.font;
            f.setItalic(true);
            p->setFont(f);
            p->setPen(selected ? theme->selectionText() : theme->dimText());
            p->drawText(r, (impact > 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter, text);
        }
        p->restore();
        return;
    }

    // Δ columns: the change's colour; an unchanged Δ reads quieter than a change.
    const QVariant delta = index.data(Role::DeltaRole);
    QColor color = selected ? theme->selectionText() : theme->text();
    if (!selected && delta.isValid())
        color = delta.toLongLong() != 0 ? deltaColor(delta.toLongLong()) : theme->dimText();
    p->setPen(color);
    const auto align = Qt::Alignment(index.data(Qt::TextAlignmentRole).toInt());
    p->drawText(r, align | Qt::AlignVCenter,
        option.fontMetrics.elidedText(text, Qt::ElideRight, r.width()));
    p->restore();
}

} // namespace Osp
