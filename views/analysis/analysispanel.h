#pragma once

#include <QTabWidget>

namespace Osp {

class CallTreeModel;
class CriticalPathView;
class ErrorsView;
class RepeatedWorkView;
class StatsView;
class TopSpansView;
class TraceSession;

/// The analyses of one trace under its views: statistics, top spans, critical path, errors
/// and clock skew, repeated SQL. Each page computes off the GUI thread the first time it is
/// shown, and every page follows and drives the trace's one selection.
class AnalysisPanel : public QTabWidget
{
    Q_OBJECT
public:
    enum class Page { Statistics, TopSpans, CriticalPath, Errors, RepeatedWork };

    AnalysisPanel(TraceSession *session, CallTreeModel *tree, QWidget *parent = nullptr);

    void showPage(Page page);
    StatsView *statsView() const { return m_stats; }
    TopSpansView *topSpansView() const { return m_top; }
    CriticalPathView *criticalPathView() const { return m_critical; }
    ErrorsView *errorsView() const { return m_errors; }
    RepeatedWorkView *repeatedWorkView() const { return m_repeated; }
    /// The current page has its result (for screenshots and tests).
    bool isCurrentPageReady() const;

private:
    StatsView *m_stats;
    TopSpansView *m_top;
    CriticalPathView *m_critical;
    ErrorsView *m_errors;
    RepeatedWorkView *m_repeated;
};

} // namespace Osp
