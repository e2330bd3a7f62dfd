#pragma once

#include "analysis/clockskew.h"
#include "analysis/errorlist.h"

#include <QWidget>

class QLabel;

namespace Osp {

class AsyncTask;
class SpanListModel;
class SpanTable;
class TraceSession;

/// Every span that raised, never stopped or never started (type, message, path) with
/// next/previous, and the clock-skew flags: children that do not fit inside their parent on
/// another host, with the per-host offset that would explain them.
class ErrorsView : public QWidget
{
    Q_OBJECT
public:
    explicit ErrorsView(TraceSession *session, QWidget *parent = nullptr);

    SpanTable *errors() const { return m_errors; }
    SpanTable *skewed() const { return m_skewed; }
    const ErrorList &errorList() const { return m_list; }
    bool isReady() const;

public slots:
    /// The next (previous) listed span after the session's current one, wrapping.
    bool selectNext();
    bool selectPrevious();

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct Result
    {
        ErrorList errors;
        ClockSkew skew;
    };
    void recompute();
    void show(Result r);

    TraceSession *m_session;
    AsyncTask *m_task;
    ErrorList m_list;
    QLabel *m_summary;
    QLabel *m_skewSummary;
    SpanListModel *m_errorModel;
    SpanListModel *m_skewModel;
    SpanTable *m_errors;
    SpanTable *m_skewed;
    bool m_computed = false;
};

} // namespace Osp
