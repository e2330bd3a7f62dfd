#pragma once

#include "jobs/comparisonrun.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTreeView;
class QTreeWidget;

namespace Osp {

class AsyncTask;
class ComparisonModel;
class TimelineView;
class TraceSession;

/// One comparison tab: traces of A (baseline) and B (candidate) aligned by call path. On top
/// the comparison table (by impact, or as a call tree), below it either the two timelines
/// stacked on one time axis (one trace per side; picking a row selects its span in both) or,
/// for many vs many, the traces with their totals and Tukey outliers. Loading and alignment
/// run off the GUI thread with progress and Cancel.
class ComparisonView : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonView(QWidget *parent = nullptr);
    ~ComparisonView() override;

    /// Loads (when needed) and aligns the inputs off the GUI thread; the progress page shows
    /// until ready(), failed() or cancelled().
    void start(std::vector<ComparisonInput> baseline, std::vector<ComparisonInput> candidate,
        const ComparisonOptions &options = {});
    /// Shows a finished run (start() ends here; tests call it directly).
    void setResult(ComparisonRunResult result);

    bool isReady() const { return m_ready; }
    bool isRunning() const;
    /// "a.json ↔ b.json", "3 ↔ 4 traces": for the tab.
    QString title() const { return m_title; }
    QString summaryText() const;
    QString progressText() const;

    ComparisonModel *model() const { return m_model; }
    QTreeView *table() const { return m_table; }
    /// One-to-one comparisons only (null otherwise).
    TraceSession *sessionA() const { return m_sessionA; }
    TraceSession *sessionB() const { return m_sessionB; }
    TimelineView *timelineA() const { return m_timelineA; }
    TimelineView *timelineB() const { return m_timelineB; }
    /// Many vs many only (null otherwise): the traces and their outlier flags.
    QTreeWidget *tracesList() const { return m_traces; }
    QSplitter *splitter() const { return m_splitter; }

    /// Selects an aligned node (Comparison::rows index): its row, and its first span in both
    /// timelines, scrolled into view.
    void selectComparisonRow(uint32_t node);
    /// Selects the first row of the current order (the largest change by default).
    void selectFirstRow();

public slots:
    void cancel();

signals:
    void ready();
    void failed(const QString &message);
    void cancelled();

private:
    void buildSideBySide(const ComparisonRunResult &result);
    void buildTraceList(const Comparison &c);
    void rowPicked();
    void updateColumns();

    ComparisonModel *m_model;
    QStackedWidget *m_pages;
    QLabel *m_progressLabel;
    QProgressBar *m_progress;
    QPushButton *m_cancelButton;
    QLabel *m_errorLabel;
    QLabel *m_summary;
    QComboBox *m_layoutBox;
    QTreeView *m_table;
    QSplitter *m_splitter;
    TraceSession *m_sessionA = nullptr;
    TraceSession *m_sessionB = nullptr;
    TimelineView *m_timelineA = nullptr;
    TimelineView *m_timelineB = nullptr;
    QTreeWidget *m_traces = nullptr;
    QString m_title;
    uint32_t m_keepNode = 0xFFFFFFFFu; ///< the picked node across a model reset
    AsyncTask *m_task; ///< loads and aligns off the GUI thread
    bool m_ready = false;
};

} // namespace Osp
