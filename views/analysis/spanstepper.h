#pragma once

#include "trace/span.h"

#include <QWidget>

#include <vector>

class QLabel;
class QToolButton;

namespace Osp {

class TraceSession;

/// "◀ 3 of 17 ▶": steps the session's selection through a set of spans (the spans of a
/// statistics row, of a repeated SQL statement).
class SpanStepper : public QWidget
{
    Q_OBJECT
public:
    explicit SpanStepper(TraceSession *session, QWidget *parent = nullptr);

    /// Takes the spans (pre-order) and selects the first; an empty list disables the stepper.
    void setSpans(std::vector<SpanIndex> spans, const QString &what = {});
    const std::vector<SpanIndex> &spans() const { return m_spans; }
    int position() const { return m_pos; }

public slots:
    void next();
    void previous();

private:
    void show(int pos);
    void updateLabel();

    TraceSession *m_session;
    std::vector<SpanIndex> m_spans;
    QString m_what;
    int m_pos = -1;
    QLabel *m_label;
    QToolButton *m_prev;
    QToolButton *m_next;
};

} // namespace Osp
