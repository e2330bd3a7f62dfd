#pragma once

#include "views/analysis/analysispage.h"

class QLabel;
class QSpinBox;

namespace Osp {

class SpanTable;

/// The N slowest spans by duration and by self time, side by side; picking one jumps to it in
/// every view.
class TopSpansView : public AnalysisPage
{
    Q_OBJECT
public:
    explicit TopSpansView(TraceSession *session, QWidget *parent = nullptr);

    SpanTable *byDuration() const { return m_byDuration; }
    SpanTable *bySelf() const { return m_bySelf; }
    void setCount(int n);

protected:
    void compute() override;

private:
    QSpinBox *m_count;
    SpanTable *m_byDuration;
    SpanTable *m_bySelf;
    QLabel *m_status;
};

} // namespace Osp
