#pragma once

#include "trace/span.h"

#include <QTreeView>

namespace Osp {

class CallTreeModel;
class TraceSession;
class TimelineHeader;

/// The call tree with inline timeline bars: a flat list (CallTreeModel) drawn as a tree by
/// CallTreeDelegate, following and driving the session's selection and time range.
class CallTreeView : public QTreeView
{
    Q_OBJECT
public:
    CallTreeView(TraceSession *session, CallTreeModel *model, QWidget *parent = nullptr);

    CallTreeModel *callTreeModel() const { return m_model; }

    /// Applies the standard column widths for the current font.
    void resetColumnWidths();

protected:
    void resizeEvent(QResizeEvent *event) override;

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
    void selectRow(int row);

    TraceSession *m_session;
    CallTreeModel *m_model;
    TimelineHeader *m_header;
    bool m_syncing = false;
    bool m_autoWidths = true; ///< until the user resizes a column, widths follow the window
    bool m_applyingWidths = false;
};

} // namespace Osp
