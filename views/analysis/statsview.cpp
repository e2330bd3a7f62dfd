#include "views/analysis/statsview.h"

#include "itemmodels/statsmodel.h"
#include "util/durationformat.h"
#include "views/analysis/spanstepper.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace Osp {

StatsView::StatsView(TraceSession *session, QWidget *parent)
    : AnalysisPage(session, parent)
    , m_model(new StatsModel(this))
{
    QHBoxLayout *bar = addBar();
    m_groupBy = new QComboBox(this);
    m_groupBy->setObjectName(QStringLiteral("groupBy"));
    m_groupBy->addItems(
        { tr("Span type"), tr("Service"), tr("Host"), tr("Project"), tr("Call path") });
    m_groupBy->setToolTip(tr("What the rows group spans by"));
    bar->addWidget(new QLabel(tr("Group by:"), this));
    bar->addWidget(m_groupBy);
    m_stepper = new SpanStepper(session, this);
    bar->addSpacing(12);
    bar->addWidget(m_stepper);
    bar->addStretch(1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statsStatus"));
    m_status->setEnabled(false);
    bar->addWidget(m_status);

    m_table = new QTreeView(this);
    m_table->setObjectName(QStringLiteral("statsTable"));
    m_table->setModel(m_model);
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAllColumnsShowFocus(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(StatsModel::TotalColumn, Qt::DescendingOrder);
    m_table->header()->setStretchLastSection(false);
    m_table->header()->setSectionResizeMode(QHeaderView::Interactive);
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(StatsModel::KeyColumn, 40 * ch);
    m_table->setColumnWidth(StatsModel::CountColumn, 16 * ch);
    for (int c = StatsModel::TotalColumn; c < StatsModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, 11 * ch);
    pageLayout()->addWidget(m_table, 1);

    connect(m_groupBy, &QComboBox::currentIndexChanged, this, &StatsView::recompute);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &StatsView::rowPicked);
    setBusyLabel(m_status, tr("computing…"));
}

void StatsView::setGroupBy(GroupBy by)
{
    m_groupBy->setCurrentIndex(int(by));
    computeOnce();
}

GroupBy StatsView::groupBy() const
{
    return GroupBy(m_groupBy->currentIndex());
}

void StatsView::compute()
{
    const GroupBy by = groupBy();
    run([by](const Trace &trace,
            const std::atomic<bool> *cancel) { return computeStatistics(trace, by, cancel); },
        [this](Statistics st) {
            const TracePtr &trace = session()->trace();
            const size_t groups = st.rows.size();
            const bool ms = !trace->hasMicroseconds();
            const QString len = formatDuration(st.traceUs, ms);
            m_model->setStatistics(trace, std::move(st));
            m_stepper->setSpans({});
            m_status->setText(tr("%n group(s); shares of %1", nullptr, int(groups)).arg(len));
        });
}

void StatsView::rowPicked()
{
    const StatsRow *row = m_model->rowAt(m_table->currentIndex().row());
    if (!row)
        return;
    m_stepper->setSpans(row->spans, QString::fromStdString(row->key).left(40));
}

} // namespace Osp
