#pragma once

#include "trace/trace.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSplitter;
class QTabWidget;
class QTimer;

namespace Osp {

class AnalysisPanel;
class CallTreeModel;
class CallTreeView;
class DetailsPanel;
class FlameGraphView;
class SearchBar;
class TimelineView;
class TraceSession;

/// One open trace (one tab): filter box, call tree with timeline, details panel, warnings and
/// a status line, all following one TraceSession.
class TraceView : public QWidget
{
    Q_OBJECT
public:
    /// A partial trace shows its Trace::partialWarning() in a banner above the call tree.
    explicit TraceView(TracePtr trace, QWidget *parent = nullptr);

    /// The pages of the left-hand tab widget.
    enum class Page { Tree, Timeline, Flame };

    TraceSession *session() const { return m_session; }
    TimelineView *timelineView() const { return m_timeline; }
    FlameGraphView *flameGraphView() const { return m_flame; }
    QTabWidget *pages() const { return m_pages; }
    Page currentPage() const;
    void showPage(Page page);
    /// Writes the current page as PNG or SVG (by suffix); false with *error on failure.
    bool exportCurrentView(const QString &path, QString *error = nullptr);
    CallTreeModel *model() const { return m_model; }
    CallTreeView *callTree() const { return m_tree; }
    DetailsPanel *detailsPanel() const { return m_details; }
    QSplitter *splitter() const { return m_splitter; }
    /// Search and filter and the analyses under the views.
    SearchBar *searchBar() const { return m_search; }
    AnalysisPanel *analysisPanel() const { return m_analysis; }
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
    void updateStatus();
    QWidget *makeTimelinePage();
    QWidget *makeFlamePage();

    TraceSession *m_session;
    CallTreeModel *m_model;
    CallTreeView *m_tree;
    DetailsPanel *m_details;
    QSplitter *m_splitter;
    QTabWidget *m_pages;
    TimelineView *m_timeline;
    FlameGraphView *m_flame;
    QLabel *m_status;
    SearchBar *m_search;
    AnalysisPanel *m_analysis;
};

} // namespace Osp
