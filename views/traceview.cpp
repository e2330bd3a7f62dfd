#include "traceview.h"

#include "calltreeview.h"
#include "detailspanel.h"
#include "itemmodels/calltreemodel.h"
#include "itemmodels/tracesession.h"
#include "theme.h"
#include "util/durationformat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Osp {

namespace {

QLabel *makeBadge(const QString &text, const QColor &bg, const QColor &fg, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 3px;"
                                    " padding: 1px 6px; }")
                         .arg(bg.name(), fg.name()));
    return l;
}

} // namespace

TraceView::TraceView(TracePtr trace, const QString &warning, QWidget *parent)
    : QWidget(parent)
{
    m_session = new TraceSession(std::move(trace), this);
    m_model = new CallTreeModel(this);
    m_model->setTrace(m_session->trace());
    const Trace &t = *m_session->trace();
    const Theme *theme = Theme::instance();

    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(4, 4, 4, 2);
    v->setSpacing(4);

    QString partial = t.partialWarning();
    if (partial.isEmpty())
        partial = warning;
    if (!partial.isEmpty()) {
        auto *banner = new QLabel(this);
        banner->setObjectName(QStringLiteral("partialBanner"));
        banner->setWordWrap(true);
        banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
        banner->setText(tr("<b>Partial trace:</b> %1").arg(partial.toHtmlEscaped()));
        banner->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border: 1px solid"
                                             " %2; border-radius: 3px; padding: 4px 8px; }")
                                  .arg(theme->warningBackground().name(),
                                       theme->warningText().name()));
        v->addWidget(banner);
    }

    auto *bar = new QHBoxLayout;
    bar->setSpacing(6);
    auto *label = new QLabel(tr("Span &filter:"), this);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(
        tr("Regular expression over name, project, service and host (case-insensitive)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Keeps matching spans and their ancestors (Ctrl+F)"));
    label->setBuddy(m_filter);
    bar->addWidget(label);
    bar->addWidget(m_filter, 1);
    auto *expand = new QToolButton(this);
    expand->setText(tr("Expand all"));
    expand->setToolTip(tr("Expand every span (Ctrl+E)"));
    connect(expand, &QToolButton::clicked, this, &TraceView::expandAll);
    auto *collapse = new QToolButton(this);
    collapse->setText(tr("Collapse all"));
    collapse->setToolTip(tr("Collapse to the top-level spans (Ctrl+Shift+E)"));
    connect(collapse, &QToolButton::clicked, this, &TraceView::collapseAll);
    bar->addWidget(expand);
    bar->addWidget(collapse);
    if (t.isMsPrecision()) {
        auto *badge = makeBadge(tr("ms precision"), theme->warningBackground(),
                                theme->warningText(), this);
        badge->setToolTip(tr("Some spans carry no raw timestamps: their times are whole "
                             "milliseconds from the report."));
        bar->addWidget(badge);
    }
    v->addLayout(bar);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("traceSplitter"));
    m_tree = new CallTreeView(m_session, m_model, m_splitter);
    m_details = new DetailsPanel(m_session, m_splitter);
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({1150, 430});
    m_splitter->setChildrenCollapsible(false);
    v->addWidget(m_splitter, 1);

    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_status);

    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(200);
    connect(m_filterTimer, &QTimer::timeout, this, &TraceView::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filter, &QLineEdit::returnPressed, this, &TraceView::applyFilter);
    connect(m_model, &CallTreeModel::rowsChanged, this, &TraceView::updateStatus);
    updateStatus();
}

const TracePtr &TraceView::trace() const
{
    return m_session->trace();
}

bool TraceView::selectFirstError()
{
    const Trace &t = *trace();
    for (SpanIndex i = 0; i < t.spanCount(); ++i) {
        if (t.span(i).has(HasError)) {
            m_session->setCurrentSpan(i);
            return true;
        }
    }
    return false;
}

bool TraceView::selectNextError(bool backwards)
{
    const Trace &t = *trace();
    const size_t n = t.spanCount();
    if (n == 0 || t.errorCount() == 0)
        return false;
    const SpanIndex cur = m_session->currentSpan();
    size_t i = cur == NoSpan ? (backwards ? 0 : n - 1) : cur;
    for (size_t step = 0; step < n; ++step) {
        i = backwards ? (i + n - 1) % n : (i + 1) % n;
        // Errors hidden by the filter are skipped: the user asked to see only the rest.
        if (t.span(SpanIndex(i)).has(HasError) && m_model->rowOfSpan(SpanIndex(i)) >= 0) {
            m_session->setCurrentSpan(SpanIndex(i));
            return true;
        }
    }
    return false;
}

void TraceView::selectSomethingInteresting()
{
    if (selectFirstError())
        return;
    const Trace &t = *trace();
    for (SpanIndex i = 0; i < t.spanCount(); ++i) {
        if (t.span(i).subtreeSize > 1) {
            m_session->setCurrentSpan(i);
            return;
        }
    }
    if (t.spanCount() > 0)
        m_session->setCurrentSpan(0);
}

void TraceView::setFilterText(const QString &pattern)
{
    m_filter->setText(pattern);
    applyFilter();
}

void TraceView::expandAll()
{
    m_model->expandAll();
}

void TraceView::collapseAll()
{
    m_model->collapseAll();
}

void TraceView::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

void TraceView::applyFilter()
{
    m_filterTimer->stop();
    const QString text = m_filter->text();
    QRegularExpression re(text, QRegularExpression::CaseInsensitiveOption);
    if (!text.isEmpty() && !re.isValid()) {
        m_filter->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid %1; }")
                                    .arg(Theme::instance()->error().name()));
        m_filter->setToolTip(tr("Invalid regular expression: %1").arg(re.errorString()));
        return;
    }
    m_filter->setStyleSheet(QString());
    m_filter->setToolTip(tr("Keeps matching spans and their ancestors (Ctrl+F)"));
    m_model->setFilter(re);
}

void TraceView::updateStatus()
{
    const Trace &t = *trace();
    QStringList parts;
    parts << tr("%n span(s)", nullptr, int(t.spanCount()));
    const QString errors = tr("%n error(s)", nullptr, int(t.errorCount()));
    parts << (t.errorCount() ? QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>")
                                   .arg(Theme::instance()->error().name(), errors)
                             : errors);
    if (t.unfinishedCount())
        parts << QStringLiteral("<span style=\"color:%1\">%2</span>")
                     .arg(Theme::instance()->unfinished().name(),
                          tr("%n unfinished", nullptr, int(t.unfinishedCount())));
    parts << tr("total %1").arg(formatDuration(t.endUs(), !t.hasMicroseconds()));
    parts << tr("depth %1").arg(t.maxDepth() + 1);
    if (m_model->hasFilter())
        parts << tr("filter: %n match(es)", nullptr, int(m_model->filterMatchCount()));
    parts << tr("%n row(s) shown", nullptr, m_model->rowCount());
    m_status->setText(parts.join(QStringLiteral("  ·  ")));
}

} // namespace Osp
