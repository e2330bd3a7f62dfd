#pragma once

#include "analysis/criticalpath.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QTreeWidget;

namespace Osp {

class AsyncTask;
class CallTreeModel;
class SpanListModel;
class SpanTable;
class TraceSession;

/// The critical path: the chain of spans that decided when the request ended, highlighted in
/// the call tree, listed step by step with the time each is blamed for, and rolled up per
/// service, host and span type ("62 % of the request was spent in nova-conductor").
class CriticalPathView : public QWidget
{
    Q_OBJECT
public:
    /// tree: the call tree model that shows the highlight (may be null).
    CriticalPathView(TraceSession *session, CallTreeModel *tree, QWidget *parent = nullptr);

    void setEnd(CriticalPathEnd end);
    void setHighlight(bool on);
    const CriticalPath &path() const { return m_path; }
    SpanTable *steps() const { return m_steps; }
    QTreeWidget *rollUp() const { return m_rollUp; }
    QString headline() const;
    bool isReady() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void recompute();
    void show(CriticalPath path);
    void applyHighlight();

    TraceSession *m_session;
    CallTreeModel *m_tree;
    AsyncTask *m_task;
    CriticalPath m_path;
    QComboBox *m_end;
    QCheckBox *m_highlight;
    QLabel *m_headline;
    QTreeWidget *m_rollUp;
    SpanListModel *m_stepModel;
    SpanTable *m_steps;
    bool m_computed = false;
};

} // namespace Osp
