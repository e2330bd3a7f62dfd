#pragma once

#include <QWidget>

class QLabel;
class QSpinBox;

namespace Osp {

class AsyncTask;
class SpanListModel;
class SpanTable;
class TraceSession;

/// The N slowest spans by duration and by self time, side by side; picking one jumps to it in
/// every view.
class TopSpansView : public QWidget
{
    Q_OBJECT
public:
    explicit TopSpansView(TraceSession *session, QWidget *parent = nullptr);

    SpanTable *byDuration() const { return m_byDuration; }
    SpanTable *bySelf() const { return m_bySelf; }
    void setCount(int n);
    bool isReady() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void recompute();

    TraceSession *m_session;
    AsyncTask *m_task;
    QSpinBox *m_count;
    SpanListModel *m_durationModel;
    SpanListModel *m_selfModel;
    SpanTable *m_byDuration;
    SpanTable *m_bySelf;
    QLabel *m_status;
    bool m_computed = false;
};

} // namespace Osp
