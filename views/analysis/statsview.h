#pragma once

#include "analysis/statistics.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTreeView;

namespace Osp {

class AsyncTask;
class SpanStepper;
class StatsModel;
class TraceSession;

/// Statistics of the trace grouped by span type, service, host, project or call path (count,
/// total, self, average, median, p95, max, share), sortable; picking a row selects its spans
/// in every view and steps through them.
class StatsView : public QWidget
{
    Q_OBJECT
public:
    explicit StatsView(TraceSession *session, QWidget *parent = nullptr);

    StatsModel *model() const { return m_model; }
    QTreeView *table() const { return m_table; }
    SpanStepper *stepper() const { return m_stepper; }
    void setGroupBy(GroupBy by);
    GroupBy groupBy() const;
    /// True once the first result arrived and nothing newer is running.
    bool isReady() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void recompute();
    void rowPicked();

    TraceSession *m_session;
    StatsModel *m_model;
    AsyncTask *m_task;
    QComboBox *m_groupBy;
    QTreeView *m_table;
    SpanStepper *m_stepper;
    QLabel *m_status;
    bool m_computed = false;
};

} // namespace Osp
