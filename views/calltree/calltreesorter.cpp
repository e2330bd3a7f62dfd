#include "views/calltree/calltreesorter.h"

#include "itemmodels/calltreemodel.h"
#include "views/calltree/calltreeview.h"
#include "views/common/asynctask.h"

#include <QApplication>
#include <QHeaderView>

namespace Osp {

namespace {

int keyForSection(int section)
{
    switch (section) {
    case CallTreeModel::NameColumn:
        return int(SortKey::Name);
    case CallTreeModel::TimelineColumn:
        return int(SortKey::Start);
    case CallTreeModel::DurationColumn:
        return int(SortKey::Duration);
    case CallTreeModel::SelfColumn:
        return int(SortKey::SelfTime);
    }
    return -1;
}

int sectionForKey(SortKey key)
{
    switch (key) {
    case SortKey::Name:
        return CallTreeModel::NameColumn;
    case SortKey::Start:
        return CallTreeModel::TimelineColumn;
    case SortKey::Duration:
        return CallTreeModel::DurationColumn;
    case SortKey::SelfTime:
        return CallTreeModel::SelfColumn;
    }
    return -1;
}

} // namespace

CallTreeSorter::CallTreeSorter(CallTreeView *view, CallTreeModel *model, QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_model(model)
    , m_task(new AsyncTask(this))
{
    QHeaderView *h = view->horizontalHeader();
    h->setSectionsClickable(true);
    h->setSortIndicatorShown(false);
    connect(h, &QHeaderView::sectionClicked, this, &CallTreeSorter::sectionClicked);
    connect(m_task, &AsyncTask::busyChanged, this, [this](bool busy) {
        // Only the first sort by a column is slow (up to ~1 s at 1M spans): show it.
        if (busy)
            QApplication::setOverrideCursor(Qt::BusyCursor);
        else
            QApplication::restoreOverrideCursor();
        emit busyChanged(busy);
    });
}

bool CallTreeSorter::isSorting() const
{
    return m_task->isRunning();
}

void CallTreeSorter::sectionClicked(int section)
{
    const int key = keyForSection(section);
    if (key < 0)
        return;
    const bool names = key == int(SortKey::Name);
    if (section != m_section) {
        sortBy(SortKey(key), !names); // durations: slowest first; names: A→Z
        return;
    }
    const bool first = names ? !m_descending : m_descending;
    if (first)
        sortBy(SortKey(key), names); // the other way
    else
        resetOrder();
}

void CallTreeSorter::resetOrder()
{
    m_task->cancel();
    m_section = -1;
    m_model->setSortOrder(nullptr);
    showIndicator();
}

void CallTreeSorter::sortBy(SortKey key, bool descending)
{
    if (key == SortKey::Start && !descending) {
        resetOrder();
        return;
    }
    m_section = sectionForKey(key);
    m_descending = descending;
    showIndicator();
    auto &slot = m_cache[int(key)][descending ? 1 : 0];
    if (slot) {
        m_task->cancel();
        m_model->setSortOrder(slot);
        return;
    }
    const TracePtr trace = m_model->trace();
    if (!trace)
        return;
    m_task->run(
        [trace, key, descending](const std::atomic<bool> *cancel) {
            return std::make_shared<const SortOrder>(
                SortOrder::compute(*trace, key, descending, cancel));
        },
        [this, key, descending](std::shared_ptr<const SortOrder> order) {
            if (!order || !order->isValid())
                return;
            m_cache[int(key)][descending ? 1 : 0] = order;
            m_model->setSortOrder(order);
        });
}

void CallTreeSorter::showIndicator()
{
    QHeaderView *h = m_view->horizontalHeader();
    h->setSortIndicatorShown(m_section >= 0);
    if (m_section >= 0)
        h->setSortIndicator(m_section, m_descending ? Qt::DescendingOrder : Qt::AscendingOrder);
}

} // namespace Osp
