#include "calltreeview.h"

#include "calltreedelegate.h"
#include "itemmodels/calltreemodel.h"
#include "itemmodels/roles.h"
#include "itemmodels/tracesession.h"
#include "theme.h"
#include "timelineheader.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QScrollBar>

namespace Osp {

CallTreeView::CallTreeView(TraceSession *session, CallTreeModel *model, QWidget *parent)
    : QTreeView(parent)
    , m_session(session)
    , m_model(model)
{
    m_header = new TimelineHeader(session, CallTreeModel::TimelineColumn, this);
    setHeader(m_header);
    setModel(model);
    auto *delegate = new CallTreeDelegate(session, this);
    setItemDelegate(delegate);

    // A flat list: the delegate draws the tree; uniform heights keep scrolling O(visible rows).
    setRootIsDecorated(false);
    setItemsExpandable(false);
    setExpandsOnDoubleClick(false);
    setUniformRowHeights(true);
    setIndentation(0);
    setAllColumnsShowFocus(true);
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

    connect(delegate, &CallTreeDelegate::toggleRequested, model, &CallTreeModel::toggle);
    connect(session, &TraceSession::selectionChanged, this, &CallTreeView::showSessionSelection);
    connect(session, &TraceSession::rangeChanged, this, [this] {
        viewport()->update();
        m_header->viewport()->update();
    });
    connect(model, &QAbstractItemModel::modelReset, this, &CallTreeView::showSessionSelection);
    connect(Theme::instance(), &Theme::changed, viewport(), qOverload<>(&QWidget::update));
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
    QTreeView::resizeEvent(event);
    if (m_autoWidths)
        resetColumnWidths();
}

void CallTreeView::selectRow(int row)
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
        selectRow(row);
    m_syncing = false;
}

void CallTreeView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QTreeView::currentChanged(current, previous);
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
                    selectRow(m_model->rowOfSpan(parent));
            }
            return;
        case Qt::Key_Right:
            if (m_model->hasVisibleChildren(span)) {
                if (!m_model->isExpanded(span))
                    m_model->expand(row);
                else
                    selectRow(row + 1);
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
    QTreeView::keyPressEvent(event);
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
        selectRow(idx.row());
        zoomToCurrent();
        return;
    }
    QTreeView::mouseDoubleClickEvent(event);
}

void CallTreeView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex idx = indexAt(event->pos());
    QMenu menu(this);
    if (idx.isValid()) {
        selectRow(idx.row());
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
