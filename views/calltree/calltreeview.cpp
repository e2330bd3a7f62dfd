#include "views/calltree/calltreeview.h"

#include "itemmodels/calltreemodel.h"
#include "itemmodels/roles.h"
#include "itemmodels/tracesession.h"
#include "views/calltree/calltreedelegate.h"
#include "views/calltree/calltreeheader.h"
#include "views/common/theme.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>

namespace Osp {

CallTreeView::CallTreeView(TraceSession *session, CallTreeModel *model, QWidget *parent)
    : QTableView(parent)
    , m_delegate(new CallTreeDelegate(session, this))
    , m_session(session)
    , m_model(model)
{
    m_header = new CallTreeHeader(session, CallTreeModel::TimelineColumn, this);
    setHorizontalHeader(m_header);
    setModel(model);
    setItemDelegate(m_delegate);

    // A flat list: the delegate draws the tree. Rows of one fixed height, no row header, no
    // grid, no cell-to-cell Tab: a tree's look, at a table's per-row memory.
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    updateRowHeight();
    setShowGrid(false);
    setWordWrap(false);
    setCornerButtonEnabled(false);
    setTabKeyNavigation(false);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setMouseTracking(true);
    setAlternatingRowColors(false);
    setTextElideMode(Qt::ElideRight);

    m_header->setStretchLastSection(false);
    m_header->setSectionResizeMode(QHeaderView::Interactive);
    m_header->setSectionResizeMode(CallTreeModel::TimelineColumn, QHeaderView::Stretch);
    m_header->setMinimumSectionSize(40);
    resetColumnWidths();
    connect(m_header, &QHeaderView::sectionResized, this, [this] {
        if (!m_applyingWidths && m_header->isVisible() && QApplication::mouseButtons())
            m_autoWidths = false; // the user took over
    });

    connect(m_delegate, &CallTreeDelegate::toggleRequested, model, &CallTreeModel::toggle);
    connect(session, &TraceSession::selectionChanged, this, &CallTreeView::showSessionSelection);
    connect(session, &TraceSession::rangeChanged, this, [this] {
        viewport()->update();
        m_header->viewport()->update();
    });
    connect(model, &QAbstractItemModel::modelReset, this, &CallTreeView::showSessionSelection);
    // Tooltips name exceptions in the theme's error colour (the model sees no theme).
    model->setErrorColor(Theme::instance()->error().name());
    connect(Theme::instance(), &Theme::changed, this, [this] {
        m_model->setErrorColor(Theme::instance()->error().name());
        updateRowHeight();
        viewport()->update();
    });
}

void CallTreeView::updateRowHeight()
{
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    const int height = m_delegate->rowHeight(option);
    // Rows may be shorter than a header section's default minimum (font plus header margins).
    verticalHeader()->setMinimumSectionSize(height);
    verticalHeader()->setDefaultSectionSize(height);
}

void CallTreeView::changeEvent(QEvent *event)
{
    QTableView::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateRowHeight();
}

bool CallTreeView::viewportEvent(QEvent *event)
{
    // The whole row under the mouse shows hover, as in QTreeView (a table marks one cell).
    switch (event->type()) {
    case QEvent::HoverEnter:
    case QEvent::HoverMove:
        m_delegate->setHoveredRow(indexAt(static_cast<QHoverEvent *>(event)->position().toPoint()));
        break;
    case QEvent::HoverLeave:
    case QEvent::Leave:
        m_delegate->setHoveredRow(QModelIndex());
        break;
    default:
        break;
    }
    return QTableView::viewportEvent(event);
}

void CallTreeView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    // QTreeView (allColumnsShowFocus) framed the whole current row while focused; a table
    // would frame nothing (the delegate draws no per-cell focus), so frame the row here.
    const QModelIndex current = currentIndex();
    if (!hasFocus() || !current.isValid())
        return;
    const QRect row(-horizontalOffset(), rowViewportPosition(current.row()), m_header->length(),
        rowHeight(current.row()));
    if (!row.intersects(event->rect()))
        return;
    QStyleOptionViewItem viewOption;
    initViewItemOption(&viewOption);
    QStyleOptionFocusRect focus;
    focus.QStyleOption::operator=(viewOption);
    focus.state |= QStyle::State_KeyboardFocusChange;
    const QPalette::ColorGroup group
        = (viewOption.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    focus.backgroundColor = viewOption.palette.color(
        group, selectionModel()->isSelected(current) ? QPalette::Highlight : QPalette::Window);
    focus.rect = style()->visualRect(layoutDirection(), viewport()->rect(), row);
    QPainter painter(viewport());
    style()->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, &painter);
}

QModelIndex CallTreeView::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    // Whole rows, never cells, as in the tree view this was: Home/End go to the first/last
    // row and Left/Right scroll sideways (with a current span keyPressEvent expands/collapses).
    const QModelIndex current = currentIndex();
    if (!current.isValid())
        return QTableView::moveCursor(action, modifiers);
    switch (action) {
    case MoveHome:
    case MoveEnd:
        return m_model->index(action == MoveHome ? 0 : m_model->rowCount() - 1, current.column());
    case MoveLeft:
    case MoveRight: {
        QScrollBar *bar = horizontalScrollBar();
        bar->setValue(bar->value() + (action == MoveLeft ? -bar->singleStep() : bar->singleStep()));
        return current;
    }
    default:
        return QTableView::moveCursor(action, modifiers);
    }
}

void CallTreeView::resetColumnWidths()
{
    // Natural widths in characters; the Timeline column stretches into what is left, and it
    // is the one that gains most, so when space is short the text columns give way first.
    // Listed in the order they give way: project first; the one-line summary (SQL, request)
    // is what people read, so it and the span name give way last.
    struct Col
    {
        int column, natural, minimum;
    };
    static constexpr Col cols[] = {
        { CallTreeModel::ProjectColumn, 9, 6 },
        { CallTreeModel::HostColumn, 10, 6 },
        { CallTreeModel::ServiceColumn, 14, 8 },
        { CallTreeModel::DetailsColumn, 40, 14 },
        { CallTreeModel::NameColumn, 26, 18 },
        { CallTreeModel::DurationColumn, 11, 11 },
        { CallTreeModel::SelfColumn, 11, 11 },
    };
    const int ch = QFontMetrics(font()).horizontalAdvance(QLatin1Char('0'));
    const int available = viewport()->width() > 100 ? viewport()->width() : 1200;
    const int budget = available * 70 / 100; // the timeline keeps at least ~30 %
    int overflow = -budget;
    for (const Col &c : cols)
        overflow += c.natural * ch;
    m_applyingWidths = true;
    for (const Col &c : cols) {
        const int take = std::clamp(overflow, 0, (c.natural - c.minimum) * ch);
        overflow -= take;
        m_header->resizeSection(c.column, c.natural * ch - take);
    }
    m_applyingWidths = false;
}

void CallTreeView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    if (m_autoWidths)
        resetColumnWidths();
}

void CallTreeView::makeRowCurrent(int row)
{
    if (row < 0) {
        clearSelection();
        return;
    }
    const QModelIndex idx = m_model->index(row, CallTreeModel::NameColumn);
    selectionModel()->setCurrentIndex(
        idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(idx);
}

void CallTreeView::showSessionSelection()
{
    if (m_syncing)
        return;
    m_syncing = true;
    const SpanIndex span = m_session->currentSpan();
    const int row = span == NoSpan ? -1 : m_model->rowOfSpan(span);
    if (row != currentIndex().row() || row < 0)
        makeRowCurrent(row);
    m_syncing = false;
}

void CallTreeView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QTableView::currentChanged(current, previous);
    if (m_syncing)
        return;
    m_syncing = true;
    m_session->setCurrentSpan(current.isValid() ? m_model->spanAt(current.row()) : NoSpan);
    m_syncing = false;
}

void CallTreeView::expandAllRows()
{
    m_model->expandAll();
}

void CallTreeView::collapseAllRows()
{
    m_model->collapseAll();
}

void CallTreeView::expandCurrentSubtree()
{
    if (currentIndex().isValid())
        m_model->expandSubtree(currentIndex().row());
}

void CallTreeView::collapseCurrentSubtree()
{
    if (currentIndex().isValid())
        m_model->collapseSubtree(currentIndex().row());
}

void CallTreeView::zoomToCurrent()
{
    const QModelIndex idx = currentIndex();
    if (!idx.isValid())
        return;
    const qint64 s = idx.data(Role::StartUsRole).toLongLong();
    const qint64 e = idx.data(Role::EndUsRole).toLongLong();
    // A little margin so the bar does not touch the edges.
    const qint64 margin = std::max<qint64>((e - s) / 20, 1);
    m_session->setRange(s - margin, e + margin);
}

void CallTreeView::resetZoom()
{
    m_session->resetRange();
}

void CallTreeView::keyPressEvent(QKeyEvent *event)
{
    const QModelIndex idx = currentIndex();
    const int row = idx.row();
    const SpanIndex span = idx.isValid() ? m_model->spanAt(row) : NoSpan;
    if (span != NoSpan && event->modifiers() == Qt::NoModifier) {
        switch (event->key()) {
        case Qt::Key_Left:
            if (m_model->isExpanded(span) && m_model->hasVisibleChildren(span)) {
                m_model->collapse(row);
            } else {
                const SpanIndex parent = m_model->trace()->span(span).parent;
                if (parent != NoSpan)
                    makeRowCurrent(m_model->rowOfSpan(parent));
            }
            return;
        case Qt::Key_Right:
            if (m_model->hasVisibleChildren(span)) {
                if (!m_model->isExpanded(span))
                    m_model->expand(row);
                else
                    makeRowCurrent(row + 1);
            }
            return;
        case Qt::Key_Space:
            m_model->toggle(row);
            return;
        default:
            break;
        }
    }
    if (span != NoSpan && event->key() == Qt::Key_Asterisk) {
        m_model->expandSubtree(row);
        return;
    }
    if (span != NoSpan && event->key() == Qt::Key_Slash) {
        m_model->collapseSubtree(row);
        return;
    }
    QTableView::keyPressEvent(event);
}

void CallTreeView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QModelIndex idx = indexAt(event->position().toPoint());
    if (idx.isValid() && idx.column() != CallTreeModel::TimelineColumn) {
        m_model->toggle(idx.row());
        return;
    }
    if (idx.isValid()) {
        // Double-click on a bar zooms to it, as in timeline tools.
        makeRowCurrent(idx.row());
        zoomToCurrent();
        return;
    }
    QTableView::mouseDoubleClickEvent(event);
}

void CallTreeView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex idx = indexAt(event->pos());
    QMenu menu(this);
    if (idx.isValid()) {
        makeRowCurrent(idx.row());
        menu.addAction(tr("Expand subtree\t*"), this, &CallTreeView::expandCurrentSubtree);
        menu.addAction(tr("Collapse subtree\t/"), this, &CallTreeView::collapseCurrentSubtree);
        menu.addSeparator();
        menu.addAction(tr("Zoom timeline to span"), this, &CallTreeView::zoomToCurrent);
    }
    QAction *reset = menu.addAction(tr("Reset timeline zoom"), this, &CallTreeView::resetZoom);
    reset->setEnabled(m_session->isZoomed());
    menu.addSeparator();
    menu.addAction(tr("Expand all\tCtrl+E"), this, &CallTreeView::expandAllRows);
    menu.addAction(tr("Collapse all\tCtrl+Shift+E"), this, &CallTreeView::collapseAllRows);
    if (idx.isValid()) {
        menu.addSeparator();
        const QString name = m_model->index(idx.row(), CallTreeModel::NameColumn).data().toString();
        menu.addAction(tr("Copy name"), this, [name] { QApplication::clipboard()->setText(name); });
    }
    menu.exec(event->globalPos());
}

} // namespace Osp
