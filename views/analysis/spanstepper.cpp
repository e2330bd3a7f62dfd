#include "views/analysis/spanstepper.h"

#include "itemmodels/tracesession.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

#include <algorithm>

namespace Osp {

SpanStepper::SpanStepper(TraceSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    auto *h = new QHBoxLayout(this);
    h->setContentsMargins(0, 0, 0, 0);
    h->setSpacing(2);
    m_prev = new QToolButton(this);
    m_prev->setText(QStringLiteral("◀"));
    m_prev->setToolTip(tr("Previous span of this row"));
    m_prev->setAutoRaise(true);
    m_next = new QToolButton(this);
    m_next->setText(QStringLiteral("▶"));
    m_next->setToolTip(tr("Next span of this row"));
    m_next->setAutoRaise(true);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("stepperLabel"));
    h->addWidget(m_prev);
    h->addWidget(m_label);
    h->addWidget(m_next);
    connect(m_prev, &QToolButton::clicked, this, &SpanStepper::previous);
    connect(m_next, &QToolButton::clicked, this, &SpanStepper::next);
    // Follow selections made elsewhere when they land on one of our spans.
    connect(session, &TraceSession::selectionChanged, this, [this](SpanIndex s) {
        const auto it = std::lower_bound(m_spans.begin(), m_spans.end(), s);
        if (it != m_spans.end() && *it == s && int(it - m_spans.begin()) != m_pos) {
            m_pos = int(it - m_spans.begin());
            updateLabel();
        }
    });
    updateLabel();
}

void SpanStepper::setSpans(std::vector<SpanIndex> spans, const QString &what)
{
    m_spans = std::move(spans);
    std::sort(m_spans.begin(), m_spans.end());
    m_what = what;
    m_pos = -1;
    if (!m_spans.empty())
        show(0);
    else
        updateLabel();
}

void SpanStepper::next()
{
    if (!m_spans.empty())
        show((m_pos + 1) % int(m_spans.size()));
}

void SpanStepper::previous()
{
    if (!m_spans.empty())
        show((m_pos + int(m_spans.size()) - 1) % int(m_spans.size()));
}

void SpanStepper::show(int pos)
{
    m_pos = pos;
    updateLabel();
    m_session->setCurrentSpan(m_spans[size_t(pos)]);
}

void SpanStepper::updateLabel()
{
    const bool any = !m_spans.empty();
    m_prev->setEnabled(m_spans.size() > 1);
    m_next->setEnabled(m_spans.size() > 1);
    if (!any) {
        m_label->setText(tr("select a row to step through its spans"));
        m_label->setEnabled(false);
        return;
    }
    m_label->setEnabled(true);
    const QString where = tr("span %1 of %2").arg(m_pos + 1).arg(m_spans.size());
    m_label->setText(m_what.isEmpty() ? where : m_what + QStringLiteral(": ") + where);
}

} // namespace Osp
