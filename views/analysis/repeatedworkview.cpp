#include "views/analysis/repeatedworkview.h"

#include "util/durationformat.h"
#include "views/analysis/spanstepper.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Osp {

namespace {

/// Numeric columns sort by their value, not their text ("9 ms" < "10 ms").
class GroupItem : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int c = treeWidget() ? treeWidget()->sortColumn() : 0;
        if (c <= 1)
            return data(c, Qt::UserRole).toLongLong() < other.data(c, Qt::UserRole).toLongLong();
        return QTreeWidgetItem::operator<(other);
    }
};

} // namespace

RepeatedWorkView::RepeatedWorkView(TraceSession *session, QWidget *parent)
    : AnalysisPage(session, parent)
{
    QHBoxLayout *bar = addBar();
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("repeatedSummary"));
    m_stepper = new SpanStepper(session, this);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_stepper);
    m_groups = new QTreeWidget(this);
    m_groups->setObjectName(QStringLiteral("repeatedGroups"));
    m_groups->setColumnCount(4);
    m_groups->setHeaderLabels(
        { tr("Count"), tr("Total"), tr("Statement (normalised)"), tr("Under") });
    m_groups->setRootIsDecorated(false);
    m_groups->setUniformRowHeights(true);
    m_groups->setAlternatingRowColors(true);
    m_groups->setSortingEnabled(true);
    m_groups->sortByColumn(1, Qt::DescendingOrder);
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_groups->setColumnWidth(0, 8 * ch);
    m_groups->setColumnWidth(1, 11 * ch);
    m_groups->setColumnWidth(2, 90 * ch);
    pageLayout()->addWidget(m_groups, 1);
    connect(m_groups, &QTreeWidget::currentItemChanged, this, &RepeatedWorkView::groupPicked);
    setBusyLabel(m_summary, tr("normalising SQL statements…"));
}

void RepeatedWorkView::compute()
{
    run([](const Trace &trace,
            const std::atomic<bool> *cancel) { return RepeatedWork::compute(trace, 2, cancel); },
        [this](RepeatedWork w) { show(std::move(w)); });
}

void RepeatedWorkView::show(RepeatedWork work)
{
    m_result = std::move(work);
    const Trace &t = *session()->trace();
    const bool ms = !t.hasMicroseconds();
    m_groups->setSortingEnabled(false);
    m_groups->clear();
    QList<QTreeWidgetItem *> items;
    // Thousands of groups are possible on big traces; the heaviest are what matter.
    const size_t shown = std::min<size_t>(m_result.groups.size(), 5000);
    for (size_t g = 0; g < shown; ++g) {
        const RepeatedGroup &grp = m_result.groups[g];
        const QString parent = grp.parent == NoSpan
            ? tr("(top level)")
            : t.text(t.span(grp.parent).name) + QStringLiteral(" — ")
                + t.text(t.details(grp.parent).summary).simplified().left(120);
        auto *item = new GroupItem(QStringList { QString::number(grp.count),
            formatDuration(grp.totalUs, ms), QString::fromStdString(grp.statement), parent });
        item->setData(0, Qt::UserRole, qint64(grp.count));
        item->setData(1, Qt::UserRole, qint64(grp.totalUs));
        item->setData(3, Qt::UserRole, qulonglong(g));
        item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(2, QString::fromStdString(grp.statement).left(3000));
        items << item;
    }
    m_groups->addTopLevelItems(items);
    m_groups->setSortingEnabled(true);
    if (m_result.groups.empty()) {
        m_summary->setText(tr("No SQL statement ran twice under the same parent (%n SQL "
                              "span(s) seen).",
            nullptr, int(m_result.sqlSpans)));
        return;
    }
    const RepeatedGroup &top = m_result.groups.front();
    const QString parentName
        = top.parent == NoSpan ? tr("the top level") : t.text(t.span(top.parent).name);
    m_summary->setText(tr("%n group(s) of repeated SQL. Heaviest: <b>%1</b> ran the same "
                          "statement <b>%2 times</b>, %3 in total.",
        nullptr, int(m_result.groups.size()))
                           .arg(parentName.toHtmlEscaped())
                           .arg(top.count)
                           .arg(formatDuration(top.totalUs, ms)));
}

void RepeatedWorkView::groupPicked()
{
    QTreeWidgetItem *item = m_groups->currentItem();
    if (!item)
        return;
    const size_t g = size_t(item->data(3, Qt::UserRole).toULongLong());
    if (g >= m_result.groups.size())
        return;
    m_stepper->setSpans(
        m_result.groups[g].spans, tr("%n statement(s)", nullptr, int(m_result.groups[g].count)));
}

} // namespace Osp
