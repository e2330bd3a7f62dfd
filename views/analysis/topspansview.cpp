#include "views/analysis/topspansview.h"

#include "analysis/topspans.h"
#include "itemmodels/spanlistmodel.h"
#include "views/analysis/spantable.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace Osp {

TopSpansView::TopSpansView(TraceSession *session, QWidget *parent)
    : AnalysisPage(session, parent)
{
    QHBoxLayout *bar = addBar();
    m_count = new QSpinBox(this);
    m_count->setObjectName(QStringLiteral("topCount"));
    m_count->setRange(1, 10000);
    m_count->setValue(25);
    m_count->setToolTip(tr("How many spans each list shows"));
    bar->addWidget(new QLabel(tr("Slowest"), this));
    bar->addWidget(m_count);
    bar->addWidget(new QLabel(tr("spans (unfinished spans are left out)"), this));
    bar->addStretch(1);
    m_status = new QLabel(this);
    m_status->setEnabled(false);
    bar->addWidget(m_status);

    const auto hidden = { int(SpanListModel::ValueColumn), int(SpanListModel::NoteColumn) };
    m_byDuration = new SpanTable(session, hidden, this);
    m_byDuration->setObjectName(QStringLiteral("topByDuration"));
    m_bySelf = new SpanTable(session, hidden, this);
    m_bySelf->setObjectName(QStringLiteral("topBySelf"));
    auto *split = new QSplitter(Qt::Horizontal, this);
    const std::pair<QString, SpanTable *> lists[]
        = { { tr("By duration"), m_byDuration }, { tr("By self time"), m_bySelf } };
    for (const auto &[title, table] : lists) {
        QVBoxLayout *column = addColumn(split);
        column->addWidget(new QLabel(
            QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), column->parentWidget()));
        column->addWidget(table, 1);
    }
    pageLayout()->addWidget(split, 1);

    connect(m_count, &QSpinBox::valueChanged, this, &TopSpansView::recomputeIfComputed);
    setBusyLabel(m_status, tr("computing…"));
}

void TopSpansView::setCount(int n)
{
    m_count->setValue(n);
    computeOnce();
}

void TopSpansView::compute()
{
    const size_t n = size_t(m_count->value());
    run([n](const Trace &trace,
            const std::atomic<bool> *cancel) { return computeTopSpans(trace, n, cancel); },
        [this](TopSpans top) {
            const TracePtr &trace = session()->trace();
            auto entries = [](const std::vector<SpanIndex> &spans) {
                std::vector<SpanListEntry> out;
                out.reserve(spans.size());
                for (SpanIndex s : spans)
                    out.push_back({ s, -1, {} });
                return out;
            };
            m_byDuration->spanModel()->setEntries(trace, entries(top.byDuration));
            m_bySelf->spanModel()->setEntries(trace, entries(top.bySelf));
            m_status->setText(QString());
        });
}

} // namespace Osp
