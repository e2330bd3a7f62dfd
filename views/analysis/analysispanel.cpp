#include "views/analysis/analysispanel.h"

#include "itemmodels/tracesession.h"
#include "views/analysis/analysispage.h"
#include "views/analysis/criticalpathview.h"
#include "views/analysis/errorsview.h"
#include "views/analysis/repeatedworkview.h"
#include "views/analysis/statsview.h"
#include "views/analysis/topspansview.h"

namespace Osp {

AnalysisPanel::AnalysisPanel(TraceSession *session, CallTreeModel *tree, QWidget *parent)
    : QTabWidget(parent)
{
    setObjectName(QStringLiteral("analysisPanel"));
    setDocumentMode(true);
    m_stats = new StatsView(session, this);
    m_top = new TopSpansView(session, this);
    m_critical = new CriticalPathView(session, tree, this);
    m_errors = new ErrorsView(session, this);
    m_repeated = new RepeatedWorkView(session, this);
    addTab(m_stats, tr("Statistics"));
    addTab(m_top, tr("Top spans"));
    addTab(m_critical, tr("Critical path"));
    const size_t errors = session->trace()->errorCount() + session->trace()->unfinishedCount();
    addTab(m_errors, errors ? tr("Errors (%1)").arg(errors) : tr("Errors"));
    addTab(m_repeated, tr("Repeated SQL"));
    setTabToolTip(0,
        tr("Count, total, self, median, p95 and share per span type, service, "
           "host, project or call path"));
    setTabToolTip(1, tr("The slowest spans by duration and by self time"));
    setTabToolTip(2, tr("The chain of spans that decided when the request ended"));
    setTabToolTip(3, tr("Exceptions, unfinished spans and clock skew between hosts"));
    setTabToolTip(4, tr("The same SQL statement run many times under one parent (N+1)"));
}

void AnalysisPanel::showPage(Page page)
{
    setCurrentIndex(int(page));
}

bool AnalysisPanel::isCurrentPageReady() const
{
    const auto *page = qobject_cast<const AnalysisPage *>(currentWidget());
    return !page || page->isReady();
}

} // namespace Osp
