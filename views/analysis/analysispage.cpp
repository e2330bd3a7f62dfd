#include "views/analysis/analysispage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace Osp {

AnalysisPage::AnalysisPage(TraceSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_task(new AsyncTask(this))
    , m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(2, 2, 2, 2);
    m_layout->setSpacing(3);
}

QHBoxLayout *AnalysisPage::addBar()
{
    auto *bar = new QHBoxLayout;
    m_layout->addLayout(bar);
    return bar;
}

QVBoxLayout *AnalysisPage::addColumn(QSplitter *split)
{
    auto *box = new QWidget(split);
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    split->addWidget(box);
    return column;
}

void AnalysisPage::setBusyLabel(QLabel *label, const QString &busyText)
{
    connect(m_task, &AsyncTask::busyChanged, label, [label, busyText](bool busy) {
        if (busy)
            label->setText(busyText);
    });
}

bool AnalysisPage::isReady() const
{
    return m_computed && !m_task->isRunning();
}

void AnalysisPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    computeOnce();
}

void AnalysisPage::recompute()
{
    m_computed = true;
    compute();
}

void AnalysisPage::computeOnce()
{
    if (!m_computed)
        recompute();
}

void AnalysisPage::recomputeIfComputed()
{
    if (m_computed)
        recompute();
}

} // namespace Osp
