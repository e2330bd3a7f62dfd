#pragma once

#include "analysis/repeatedwork.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace Osp {

class AsyncTask;
class SpanStepper;
class TraceSession;

/// Repeated work: the same normalised SQL statement run many times under one parent ("this
/// wsgi call ran the same SELECT 988 times, 2.1 s in total"), heaviest first; picking a group
/// selects its parent's statements and steps through them.
class RepeatedWorkView : public QWidget
{
    Q_OBJECT
public:
    explicit RepeatedWorkView(TraceSession *session, QWidget *parent = nullptr);

    QTreeWidget *groups() const { return m_groups; }
    SpanStepper *stepper() const { return m_stepper; }
    const RepeatedWork &result() const { return m_result; }
    bool isReady() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void recompute();
    void show(RepeatedWork work);
    void groupPicked();

    TraceSession *m_session;
    AsyncTask *m_task;
    RepeatedWork m_result;
    QLabel *m_summary;
    QTreeWidget *m_groups;
    SpanStepper *m_stepper;
    bool m_computed = false;
};

} // namespace Osp
