#pragma once

#include "analysis/criticalpath.h"
#include "views/analysis/analysispage.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QTreeWidget;

namespace Osp {

class CallTreeModel;
class SpanTable;

/// The critical path: the chain of spans that decided when the request ended, highlighted in
/// the call tree, listed step by step with the time each is blamed for, and rolled up per
/// service, host and span type ("62 % of the request was spent in nova-conductor").
class CriticalPathView : public AnalysisPage
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

protected:
    void compute() override;

private:
    void show(CriticalPath path);
    void applyHighlight();

    CallTreeModel *m_tree;
    CriticalPath m_path;
    QComboBox *m_end;
    QCheckBox *m_highlight;
    QLabel *m_headline;
    QTreeWidget *m_rollUp;
    SpanTable *m_steps;
};

} // namespace Osp
