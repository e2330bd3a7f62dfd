#pragma once

#include "analysis/clockskew.h"
#include "analysis/errorlist.h"
#include "views/analysis/analysispage.h"

class QLabel;

namespace Osp {

class SpanTable;

/// Every span that raised, never stopped or never started (type, message, path) with
/// next/previous, and the clock-skew flags: children that do not fit inside their parent on
/// another host, with the per-host offset that would explain them.
class ErrorsView : public AnalysisPage
{
    Q_OBJECT
public:
    explicit ErrorsView(TraceSession *session, QWidget *parent = nullptr);

    SpanTable *errors() const { return m_errors; }
    SpanTable *skewed() const { return m_skewed; }
    const ErrorList &errorList() const { return m_list; }

public slots:
    /// The next (previous) listed span after the session's current one, wrapping.
    bool selectNext();
    bool selectPrevious();

protected:
    void compute() override;

private:
    struct Result
    {
        ErrorList errors;
        ClockSkew skew;
        bool cancelled = false;
    };
    void show(Result r);
    bool selectEntry(int entry);

    ErrorList m_list;
    QLabel *m_summary;
    QLabel *m_skewSummary;
    SpanTable *m_errors;
    SpanTable *m_skewed;
};

} // namespace Osp
