#pragma once

#include "analysis/repeatedwork.h"
#include "views/analysis/analysispage.h"

class QLabel;
class QTreeWidget;

namespace Osp {

class SpanStepper;

/// Repeated work: the same normalised SQL statement run many times under one parent ("this
/// wsgi call ran the same SELECT 988 times, 2.1 s in total"), heaviest first; picking a group
/// selects its parent's statements and steps through them.
class RepeatedWorkView : public AnalysisPage
{
    Q_OBJECT
public:
    explicit RepeatedWorkView(TraceSession *session, QWidget *parent = nullptr);

    QTreeWidget *groups() const { return m_groups; }
    SpanStepper *stepper() const { return m_stepper; }
    const RepeatedWork &result() const { return m_result; }

protected:
    void compute() override;

private:
    void show(RepeatedWork work);
    void groupPicked();

    RepeatedWork m_result;
    QLabel *m_summary;
    QTreeWidget *m_groups;
    SpanStepper *m_stepper;
};

} // namespace Osp
