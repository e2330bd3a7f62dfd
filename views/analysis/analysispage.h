#pragma once

#include "itemmodels/tracesession.h"
#include "views/common/asynctask.h"

#include <QWidget>

#include <atomic>
#include <utility>

class QHBoxLayout;
class QLabel;
class QSplitter;
class QVBoxLayout;

namespace Osp {

/// One page of the analysis panel: it computes off the GUI thread (AsyncTask) the first time it
/// is shown or asked for a result, never before (a million spans cost a few hundred ms, paid
/// only when someone looks), again when its options change, and says so in a status label while
/// a run takes long.
class AnalysisPage : public QWidget
{
    Q_OBJECT
public:
    /// True once the first result arrived and nothing newer is running.
    bool isReady() const;

protected:
    AnalysisPage(TraceSession *session, QWidget *parent);

    TraceSession *session() const { return m_session; }
    /// The page's column of rows, and a bar of options added to it.
    QVBoxLayout *pageLayout() const { return m_layout; }
    QHBoxLayout *addBar();
    /// A new widget at the end of split holding a column of widgets (lists side by side).
    static QVBoxLayout *addColumn(QSplitter *split);
    /// label shows busyText while a run takes longer than a moment.
    void setBusyLabel(QLabel *label, const QString &busyText);

    /// Starts the page's computation with its current options, through run().
    virtual void compute() = 0;
    /// compute(), now.
    void recompute();
    /// recompute() only if no result was asked for yet.
    void computeOnce();
    /// recompute() only if a result was asked for already (otherwise the first showing will).
    void recomputeIfComputed();

    /// compute(trace, cancel) on the pool, then show(result) on the GUI thread for the latest
    /// run only and only when it finished (result.cancelled is false).
    template <class Compute, class Show> void run(Compute compute, Show show)
    {
        m_task->run([trace = m_session->trace(), compute = std::move(compute)](
                        const std::atomic<bool> *cancel) { return compute(*trace, cancel); },
            [show = std::move(show)](auto result) {
                if (!result.cancelled)
                    show(std::move(result));
            });
    }

    void showEvent(QShowEvent *event) override;

private:
    TraceSession *m_session;
    AsyncTask *m_task;
    QVBoxLayout *m_layout;
    bool m_computed = false;
};

} // namespace Osp
