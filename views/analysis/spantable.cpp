#include "views/analysis/spantable.h"

#include "itemmodels/spanlistmodel.h"
#include "itemmodels/tracesession.h"
#include "views/common/theme.h"

#include <QHeaderView>

namespace Osp {

SpanTable::SpanTable(TraceSession *session, std::initializer_list<int> hidden, QWidget *parent)
    : QTreeView(parent)
    , m_session(session)
    , m_model(new SpanListModel(this))
{
    SpanListModel *model = m_model;
    setModel(model);
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setSortingEnabled(true);
    sortByColumn(SpanListModel::RankColumn, Qt::AscendingOrder);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(QHeaderView::Interactive);
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    setColumnWidth(SpanListModel::RankColumn, 5 * ch);
    setColumnWidth(SpanListModel::NameColumn, 24 * ch);
    setColumnWidth(SpanListModel::DurationColumn, 11 * ch);
    setColumnWidth(SpanListModel::SelfColumn, 11 * ch);
    setColumnWidth(SpanListModel::ValueColumn, 11 * ch);
    setColumnWidth(SpanListModel::ServiceColumn, 14 * ch);
    setColumnWidth(SpanListModel::HostColumn, 10 * ch);
    setColumnWidth(SpanListModel::NoteColumn, 30 * ch);
    for (int column : hidden)
        setColumnHidden(column, true);
    connect(session, &TraceSession::selectionChanged, this, &SpanTable::showSessionSelection);
    connect(model, &QAbstractItemModel::modelReset, this, &SpanTable::showSessionSelection);
    // Tooltips name exceptions in the theme's error colour (the model sees no theme).
    const auto followTheme = [model] { model->setErrorColor(Theme::instance()->error().name()); };
    followTheme();
    connect(Theme::instance(), &Theme::changed, this, followTheme);
}

void SpanTable::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    setCurrentIndex(m_model->index(row, SpanListModel::NameColumn));
    scrollTo(currentIndex());
}

void SpanTable::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QTreeView::currentChanged(current, previous);
    if (m_syncing || !current.isValid())
        return;
    m_syncing = true;
    m_session->setCurrentSpan(m_model->spanAt(current.row()));
    m_syncing = false;
}

void SpanTable::showSessionSelection()
{
    if (m_syncing)
        return;
    m_syncing = true;
    const int row = m_model->rowOfSpan(m_session->currentSpan());
    if (row >= 0) {
        const QModelIndex idx = m_model->index(row, SpanListModel::NameColumn);
        selectionModel()->setCurrentIndex(
            idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        scrollTo(idx);
    } else {
        selectionModel()->clearSelection();
    }
    m_syncing = false;
}

} // namespace Osp
