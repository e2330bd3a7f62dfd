#pragma once

#include "analysis/sortorder.h"

#include <QObject>

#include <memory>

namespace Osp {

class AsyncTask;
class CallTreeModel;
class CallTreeView;

/// Sorting of the call tree by header click (Name, Duration, Self; Timeline = start): the
/// sort is a permutation computed off the GUI thread (analysis/sortorder) that the flat model
/// presents, siblings sorted within their parent (DESIGN.md: no proxy model). Clicks cycle
/// descending (ascending for names) → the other way → start order. Computed orders are kept,
/// so switching back is instant.
class CallTreeSorter : public QObject
{
    Q_OBJECT
public:
    CallTreeSorter(CallTreeView *view, CallTreeModel *model, QObject *parent = nullptr);

    /// Sorts by key; start order in ascending direction restores the trace's own order.
    void sortBy(SortKey key, bool descending);
    void resetOrder();
    bool isSorting() const;

signals:
    void busyChanged(bool busy);

private:
    void sectionClicked(int section);
    void showIndicator();

    CallTreeView *m_view;
    CallTreeModel *m_model;
    AsyncTask *m_task;
    /// Cache per (key, direction): 4 keys × 2 directions.
    std::shared_ptr<const SortOrder> m_cache[4][2];
    int m_section = -1;
    bool m_descending = true;
};

} // namespace Osp
