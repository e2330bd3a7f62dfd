#pragma once

#include "trace/span.h"

#include <QTableView>

namespace Osp {

class CallTreeDelegate;
class CallTreeModel;
class TraceSession;
class CallTreeHeader;

/// The call tree with inline timeline bars: a flat list (CallTreeModel) drawn as a tree by
/// CallTreeDelegate, following and driving the session's selection and time range.
///
/// A QTableView rather than a QTreeView although it looks and behaves like a tree: the model
/// is flat already, and QTreeView keeps a 40-byte record per visible row (64 MiB after
/// "Expand all" on a 1M-span trace) where a table's hidden vertical header keeps 8 bytes. What
/// QTreeView did for a whole row (hover, focus frame, Home/End to the first/last row, Left and
/// Right never moving between cells) is done here and in CallTreeDelegate.
class CallTreeView : public QTableView
{
    Q_OBJECT
public:
    CallTreeView(TraceSession *session, CallTreeModel *model, QWidget *parent = nullptr);

    CallTreeModel *callTreeModel() const { return m_model; }

    /// Applies the standard column widths for the current font.
    void resetColumnWidths();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;

public slots:
    void expandAllRows();
    void collapseAllRows();
    void expandCurrentSubtree();
    void collapseCurrentSubtree();
    /// Zooms the session's range to the current span.
    void zoomToCurrent();
    void resetZoom();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;

private:
    void showSessionSelection();
    void makeRowCurrent(int row);
    /// The uniform row height QTreeView had: the delegate's height for the current font and style.
    void updateRowHeight();

    CallTreeDelegate *m_delegate;

    TraceSession *m_session;
    CallTreeModel *m_model;
    CallTreeHeader *m_header;
    bool m_syncing = false;
    bool m_autoWidths = true; ///< until the user resizes a column, widths follow the window
    bool m_applyingWidths = false;
};

} // namespace Osp
