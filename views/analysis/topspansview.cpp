#include "views/analysis/topspansview.h"

#include "analysis/topspans.h"
#include "views/common/asynctask.h"
#include "itemmodels/spanlistmodel.h"
#include "itemmodels/tracesession.h"
#include "views/analysis/spantable.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace Osp {

namespace {

QWidget *titled(const QString &title, QWidget *content, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    auto *l = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), box);
    v->addWidget(l);
    v->addWidget(content, 1);
    return box;
}

} // namespace

TopSpansView::TopSpansView(TraceSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_task(new AsyncTask(this))
{
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(2, 2, 2, 2);
    v->setSpacing(3);
    auto *bar = new QHBoxLayout;
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
    v->addLayout(bar);

    m_durationModel = new SpanListModel(this);
    m_selfModel = new SpanListModel(this);
    m_byDuration = new SpanTable(session, m_durationModel, this);
    m_byDuration->setObjectName(QStringLiteral("topByDuration"));
    m_bySelf = new SpanTable(session, m_selfModel, this);
    m_bySelf->setObjectName(QStringLiteral("topBySelf"));
    for (SpanTable *t : { m_byDuration, m_bySelf }) {
        t->setColumnHidden(SpanListModel::ValueColumn, true);
        t->setColumnHidden(SpanListModel::NoteColumn, true);
    }
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(titled(tr("By duration"), m_byDuration, split));
    split->addWidget(titled(tr("By self time"), m_bySelf, split));
    v->addWidget(split, 1);

    connect(m_count, &QSpinBox::valueChanged, this, [this] {
        if (m_computed)
            recompute();
    });
    connect(m_task, &AsyncTask::busyChanged, this, [this](bool busy) {
        if (busy)
            m_status->setText(tr("computing…"));
    });
}

void TopSpansView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_computed)
        recompute();
}

void TopSpansView::setCount(int n)
{
    m_count->setValue(n);
    if (!m_computed)
        recompute();
}

bool TopSpansView::isReady() const
{
    return m_computed && !m_task->isRunning();
}

void TopSpansView::recompute()
{
    m_computed = true;
    const TracePtr trace = m_session->trace();
    const size_t n = size_t(m_count->value());
    m_task->run(
        [trace, n](const std::atomic<bool> *cancel) { return computeTopSpans(*trace, n, cancel); },
        [this, trace](TopSpans top) {
            if (top.cancelled)
                return;
            auto entries = [](const std::vector<SpanIndex> &spans) {
                std::vector<SpanListEntry> out;
                out.reserve(spans.size());
                for (SpanIndex s : spans)
                    out.push_back({ s, -1, {} });
                return out;
            };
            m_durationModel->setEntries(trace, entries(top.byDuration));
            m_selfModel->setEntries(trace, entries(top.bySelf));
            m_status->setText(QString());
        });
}

} // namespace Osp
