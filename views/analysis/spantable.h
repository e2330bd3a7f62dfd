#pragma once

#include "trace/span.h"

#include <QTreeView>

#include <initializer_list>

namespace Osp {

class SpanListModel;
class TraceSession;

/// A sortable table of spans (top spans, errors, critical path, skew) tied to the session:
/// picking a row selects its span everywhere, and a span selected elsewhere is shown here
/// when the list has it. It owns its SpanListModel.
class SpanTable : public QTreeView
{
    Q_OBJECT
public:
    /// hidden: the SpanListModel columns this list leaves out.
    SpanTable(TraceSession *session, std::initializer_list<int> hidden, QWidget *parent = nullptr);

    SpanListModel *spanModel() const { return m_model; }
    /// Selects row (and its span in the session); clamps nothing, ignores invalid rows.
    void selectRow(int row);

protected:
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;

private:
    void showSessionSelection();

    TraceSession *m_session;
    SpanListModel *m_model;
    bool m_syncing = false;
};

} // namespace Osp
