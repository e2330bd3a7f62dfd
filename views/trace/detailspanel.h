#pragma once

#include "trace/trace.h"

#include <QWidget>

class QFormLayout;
class QFrame;
class QLabel;
class QTreeWidget;
class QToolButton;

namespace Osp {

class TraceSession;

/// Everything about the selected span: identity, absolute and relative times, flags, the
/// exception, the SQL/request text, and the raw report entries as a browsable JSON tree
/// (the HTML report's "Trace Point Details" modal, without the modal).
class DetailsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DetailsPanel(TraceSession *session, QWidget *parent = nullptr);

    /// The raw entries of the shown span as one pretty-printed JSON object.
    QString rawJsonText() const { return m_rawJson; }

public slots:
    void showSpan(Osp::SpanIndex span);
    void copyRawJson();

private:
    void addRow(const QString &label, const QString &value, bool mono = false);
    void fillRawTree(SpanIndex span);

    TraceSession *m_session;
    QLabel *m_title;
    QLabel *m_subtitle;
    QFrame *m_errorBox;
    QLabel *m_errorType;
    QLabel *m_errorMessage;
    QWidget *m_formHost;
    QFormLayout *m_form;
    QLabel *m_summaryLabel;
    QLabel *m_summary;
    QTreeWidget *m_raw;
    QToolButton *m_copy;
    QString m_rawJson;
};

} // namespace Osp
