#pragma once

#include <QPersistentModelIndex>
#include <QStyledItemDelegate>

namespace Osp {

class TraceSession;

/// Paints the flat call tree: indentation, expand arrow and error mark in the Name column, the
/// timeline bar (against the session's range) in the Timeline column, and row states (error,
/// last started) across the row.
class CallTreeDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit CallTreeDelegate(TraceSession *session, QObject *parent = nullptr);

    static constexpr int IndentPx = 14;
    static constexpr int ArrowPx = 14;
    static constexpr int TimelinePadPx = 6;

    /// Where µs `us` falls in a timeline cell `r` showing [fromUs, toUs]; shared with the
    /// header's ruler so bars and ticks line up.
    static double xForUs(qint64 us, int left, int width, qint64 fromUs, qint64 toUs);
    /// The clickable arrow of the Name cell of a span at `depth`.
    static QRect arrowRect(const QRect &cell, int depth);

    void paint(QPainter *painter, const QStyleOptionViewItem &cellOption,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    /// The height of every row for the view's options (font, style): rows are uniform.
    int rowHeight(const QStyleOptionViewItem &viewOption) const;
    /// The row under the mouse (any of its cells; invalid for none): every cell of it is drawn
    /// hovered, as a tree view does for whole-row selection.
    void setHoveredRow(const QModelIndex &index) { m_hoveredRow = index; }

signals:
    void toggleRequested(int row);

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

private:
    void paintName(QPainter *p, const QStyleOptionViewItem &opt, const QModelIndex &index) const;
    void paintTimeline(
        QPainter *p, const QStyleOptionViewItem &opt, const QModelIndex &index) const;
    void paintText(QPainter *p, const QStyleOptionViewItem &opt, const QModelIndex &index) const;

    TraceSession *m_session;
    QPersistentModelIndex m_hoveredRow;
};

} // namespace Osp
