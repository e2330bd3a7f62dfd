#include "views/analysis/criticalpathview.h"

#include "itemmodels/calltreemodel.h"
#include "itemmodels/spanlistmodel.h"
#include "util/durationformat.h"
#include "views/analysis/spantable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Osp {

CriticalPathView::CriticalPathView(TraceSession *session, CallTreeModel *tree, QWidget *parent)
    : AnalysisPage(session, parent)
    , m_tree(tree)
{
    QHBoxLayout *bar = addBar();
    m_end = new QComboBox(this);
    m_end->setObjectName(QStringLiteral("criticalEnd"));
    m_end->addItems(
        { tr("End of the trace (async work counts)"), tr("When the request answered") });
    m_end->setToolTip(tr("Walk back from the span that ended last, or from the moment the "
                         "top-level request returned its answer"));
    m_highlight = new QCheckBox(tr("Highlight in the call tree"), this);
    m_highlight->setObjectName(QStringLiteral("criticalHighlight"));
    m_highlight->setChecked(true);
    bar->addWidget(new QLabel(tr("Up to:"), this));
    bar->addWidget(m_end);
    bar->addWidget(m_highlight);
    bar->addStretch(1);

    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("criticalHeadline"));
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pageLayout()->addWidget(m_headline);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_rollUp = new QTreeWidget(split);
    m_rollUp->setObjectName(QStringLiteral("criticalRollUp"));
    m_rollUp->setColumnCount(3);
    m_rollUp->setHeaderLabels({ tr("Roll-up"), tr("On path"), tr("Share") });
    m_rollUp->setUniformRowHeights(true);
    m_rollUp->setAlternatingRowColors(true);
    m_rollUp->header()->setStretchLastSection(false);
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_rollUp->setColumnWidth(0, 30 * ch);
    m_rollUp->setColumnWidth(1, 11 * ch);
    m_rollUp->setColumnWidth(2, 8 * ch);
    m_steps
        = new SpanTable(session, { SpanListModel::NoteColumn, SpanListModel::SelfColumn }, split);
    m_steps->setObjectName(QStringLiteral("criticalSteps"));
    m_steps->spanModel()->setValueHeader(tr("On path"));
    m_steps->setToolTip(tr("The spans on the path in tree order; On path is the time each is "
                           "blamed for (not spent waiting for a child on the path)"));
    split->addWidget(m_rollUp);
    split->addWidget(m_steps);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    pageLayout()->addWidget(split, 1);

    connect(m_end, &QComboBox::currentIndexChanged, this, &CriticalPathView::recompute);
    connect(m_highlight, &QCheckBox::toggled, this, &CriticalPathView::applyHighlight);
    setBusyLabel(m_headline, tr("computing the critical path…"));
}

void CriticalPathView::setEnd(CriticalPathEnd end)
{
    m_end->setCurrentIndex(int(end));
    computeOnce();
}

void CriticalPathView::setHighlight(bool on)
{
    m_highlight->setChecked(on);
}

void CriticalPathView::compute()
{
    const auto end = CriticalPathEnd(m_end->currentIndex());
    run([end](const Trace &trace,
            const std::atomic<bool> *cancel) { return CriticalPath::compute(trace, end, cancel); },
        [this](CriticalPath path) { show(std::move(path)); });
}

QString CriticalPathView::headline() const
{
    return m_headline->text();
}

void CriticalPathView::show(CriticalPath path)
{
    m_path = std::move(path);
    const TracePtr &trace = session()->trace();
    const bool ms = !trace->hasMicroseconds();

    std::vector<SpanListEntry> entries;
    entries.reserve(m_path.steps.size());
    for (const CriticalStep &s : m_path.steps)
        entries.push_back({ s.span, s.attributedUs, {} });
    m_steps->spanModel()->setEntries(trace, std::move(entries));

    m_rollUp->clear();
    auto section = [&](const QString &title, const std::vector<CriticalShare> &shares) {
        auto *top = new QTreeWidgetItem(m_rollUp, { title });
        QFont f = top->font(0);
        f.setBold(true);
        top->setFont(0, f);
        for (const CriticalShare &s : shares) {
            auto *item = new QTreeWidgetItem(top,
                { s.key.empty() ? tr("(none)") : QString::fromStdString(s.key),
                    formatDuration(s.us, ms),
                    QStringLiteral("%1 %").arg(s.share * 100.0, 0, 'f', 1) });
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
            item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        }
        top->setExpanded(true);
    };
    section(tr("By service"), m_path.byService);
    section(tr("By host"), m_path.byHost);
    section(tr("By span type"), m_path.byType);
    if (m_path.gapUs > 0) {
        auto *gap = new QTreeWidgetItem(m_rollUp,
            { tr("Outside any span"), formatDuration(m_path.gapUs, ms),
                QStringLiteral("%1 %").arg(
                    m_path.totalUs ? 100.0 * double(m_path.gapUs) / double(m_path.totalUs) : 0.0, 0,
                    'f', 1) });
        gap->setToolTip(0, tr("Queues, the client between calls: path time inside no span"));
        gap->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        gap->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    }

    QString text;
    if (m_path.steps.empty()) {
        text = tr("No critical path: the trace has no spans with known times.");
    } else {
        text = tr("<b>%n span(s)</b> on the critical path, %1 in total.", nullptr,
            int(m_path.steps.size()))
                   .arg(formatDuration(m_path.totalUs, ms));
        if (!m_path.byService.empty()) {
            const CriticalShare &top = m_path.byService.front();
            text += QStringLiteral(" ")
                + tr("<b>%1 %</b> of the request was spent in <b>%2</b>.")
                      .arg(top.share * 100.0, 0, 'f', 0)
                      .arg(top.key.empty() ? tr("spans without a service")
                                           : QString::fromStdString(top.key).toHtmlEscaped());
        }
    }
    m_headline->setText(text);
    applyHighlight();
}

void CriticalPathView::applyHighlight()
{
    if (!m_tree)
        return;
    m_tree->setCriticalPath(m_highlight->isChecked() ? m_path.onPath : std::vector<uint8_t> {});
}

} // namespace Osp
