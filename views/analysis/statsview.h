#pragma once

#include "analysis/statistics.h"
#include "views/analysis/analysispage.h"

class QComboBox;
class QLabel;
class QTreeView;

namespace Osp {

class SpanStepper;
class StatsModel;

/// Statistics of the trace grouped by span type, service, host, project or call path (count,
/// total, self, average, median, p95, max, share), sortable; picking a row selects its spans
/// in every view and steps through them.
class StatsView : public AnalysisPage
{
    Q_OBJECT
public:
    explicit StatsView(TraceSession *session, QWidget *parent = nullptr);

    StatsModel *model() const { return m_model; }
    QTreeView *table() const { return m_table; }
    SpanStepper *stepper() const { return m_stepper; }
    void setGroupBy(GroupBy by);
    GroupBy groupBy() const;

protected:
    void compute() override;

private:
    void rowPicked();

    StatsModel *m_model;
    QComboBox *m_groupBy;
    QTreeView *m_table;
    SpanStepper *m_stepper;
    QLabel *m_status;
};

} // namespace Osp
