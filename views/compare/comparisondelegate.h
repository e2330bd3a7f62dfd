#pragma once

#include "views/calltree/calltreedelegate.h"

namespace Osp {

/// Paints the comparison table: the Call path column as the call tree does (indentation and
/// expand arrow), the Impact column as a bar diverging from the middle (slower to the right,
/// faster to the left), Δ columns in the theme's slower/faster colours, and rows only one side
/// has with a faint tint.
class ComparisonDelegate : public CallTreeDelegate
{
    Q_OBJECT
public:
    explicit ComparisonDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;

    /// The colour of a change: slower for a positive delta, faster for a negative one, the
    /// normal text colour for none (public for tests).
    static QColor deltaColor(qint64 delta);
};

} // namespace Osp
