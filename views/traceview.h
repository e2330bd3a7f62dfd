#pragma once

#include "trace/trace.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSplitter;
class QTimer;

namespace Osp {

class CallTreeModel;
class CallTreeView;
class DetailsPanel;
class TraceSession;

/// One open trace (one tab): filter box, call tree with timeline, details panel, warnings and
/// a status line, all following one TraceSession.
class TraceView : public QWidget
{
    Q_OBJECT
public:
    /// warning: shown in the banner when the loader reported a problem the trace itself
    /// does not carry (Trace::partialWarning() is shown in any case).
    explicit TraceView(TracePtr trace, const QString &warning = {}, QWidget *parent = nullptr);

    TraceSession *session() const { return m_session; }
    CallTreeModel *model() const { return m_model; }
    CallTreeView *callTree() const { return m_tree; }
    DetailsPanel *detailsPanel() const { return m_details; }
    QSplitter *splitter() const { return m_splitter; }
    const TracePtr &trace() const;

    /// Selects the first span with an error; false when there is none.
    bool selectFirstError();
    /// Selects the first error, else the first span with children (something worth showing).
    void selectSomethingInteresting();
    void setFilterText(const QString &pattern);
    /// Selects the next (or previous) span with an error after the current one, wrapping.
    bool selectNextError(bool backwards = false);

public slots:
    void expandAll();
    void collapseAll();
    void focusFilter();

private:
    void applyFilter();
    void updateStatus();

    TraceSession *m_session;
    CallTreeModel *m_model;
    CallTreeView *m_tree;
    DetailsPanel *m_details;
    QSplitter *m_splitter;
    QLineEdit *m_filter;
    QTimer *m_filterTimer;
    QLabel *m_status;
};

} // namespace Osp
