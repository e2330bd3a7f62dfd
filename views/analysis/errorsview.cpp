#include "views/analysis/errorsview.h"

#include "itemmodels/spanlistmodel.h"
#include "itemmodels/tracesession.h"
#include "util/durationformat.h"
#include "views/analysis/spantable.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace Osp {

ErrorsView::ErrorsView(TraceSession *session, QWidget *parent)
    : AnalysisPage(session, parent)
{
    auto *split = new QSplitter(Qt::Horizontal, this);

    QVBoxLayout *lv = addColumn(split);
    QWidget *left = lv->parentWidget();
    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(left);
    m_summary->setObjectName(QStringLiteral("errorsSummary"));
    auto *prev = new QToolButton(left);
    prev->setText(tr("◀ Previous"));
    prev->setToolTip(tr("Previous error or unfinished span (the call tree: Shift+F8 for errors)"));
    prev->setAutoRaise(true);
    auto *next = new QToolButton(left);
    next->setText(tr("Next ▶"));
    next->setToolTip(tr("Next error or unfinished span (the call tree: F8 for errors)"));
    next->setAutoRaise(true);
    connect(prev, &QToolButton::clicked, this, &ErrorsView::selectPrevious);
    connect(next, &QToolButton::clicked, this, &ErrorsView::selectNext);
    bar->addWidget(m_summary, 1);
    bar->addWidget(prev);
    bar->addWidget(next);
    lv->addLayout(bar);
    // Exception before path: the message is what people read first.
    m_errors = new SpanTable(session,
        { SpanListModel::ValueColumn, SpanListModel::SelfColumn, SpanListModel::RankColumn }, left);
    m_errors->setObjectName(QStringLiteral("errorsTable"));
    m_errors->spanModel()->setNoteHeader(tr("Exception"));
    lv->addWidget(m_errors, 1);

    QVBoxLayout *rv = addColumn(split);
    QWidget *right = rv->parentWidget();
    m_skewSummary = new QLabel(right);
    m_skewSummary->setObjectName(QStringLiteral("skewSummary"));
    m_skewSummary->setWordWrap(true);
    m_skewSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rv->addWidget(m_skewSummary);
    m_skewed = new SpanTable(session,
        { SpanListModel::SelfColumn, SpanListModel::RankColumn, SpanListModel::PathColumn }, right);
    m_skewed->setObjectName(QStringLiteral("skewTable"));
    m_skewed->spanModel()->setValueHeader(tr("Skew"));
    m_skewed->spanModel()->setNoteHeader(tr("Why"));
    rv->addWidget(m_skewed, 1);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    pageLayout()->addWidget(split, 1);
    setBusyLabel(m_summary, tr("computing…"));
}

void ErrorsView::compute()
{
    run(
        [](const Trace &trace, const std::atomic<bool> *cancel) {
            Result r;
            r.errors = ErrorList::compute(trace, cancel);
            r.skew = ClockSkew::compute(trace, cancel);
            r.cancelled = r.errors.cancelled || r.skew.cancelled;
            return r;
        },
        [this](Result r) { show(std::move(r)); });
}

void ErrorsView::show(Result r)
{
    const TracePtr &trace = session()->trace();
    const Trace &t = *trace;
    const bool ms = !t.hasMicroseconds();
    m_list = std::move(r.errors);
    std::vector<SpanListEntry> entries;
    entries.reserve(m_list.entries.size());
    for (const ErrorEntry &e : m_list.entries) {
        QString note;
        switch (e.kind) {
        case ErrorEntry::Error: {
            note = t.text(e.type);
            const QString msg = t.text(e.message);
            if (!msg.isEmpty())
                note += QStringLiteral(": ") + msg;
            break;
        }
        case ErrorEntry::Unfinished:
            note = tr("unfinished: no stop event");
            break;
        case ErrorEntry::NoStart:
            note = tr("no start event");
            break;
        }
        entries.push_back({ e.span, -1, note });
    }
    m_errors->spanModel()->setEntries(trace, std::move(entries));
    QStringList parts;
    parts << tr("<b>%n error(s)</b>", nullptr, int(m_list.errorCount));
    if (m_list.unfinishedCount)
        parts << tr("%n unfinished", nullptr, int(m_list.unfinishedCount));
    if (m_list.noStartCount)
        parts << tr("%n without a start event", nullptr, int(m_list.noStartCount));
    m_summary->setText(parts.join(QStringLiteral(", ")));

    const ClockSkew &skew = r.skew;
    std::vector<SpanListEntry> skewed;
    skewed.reserve(skew.spans.size());
    for (const SkewedSpan &s : skew.spans) {
        QStringList why;
        const QString parentHost = s.parent == NoSpan ? QString() : t.text(t.span(s.parent).host);
        if (s.startsBeforeUs > 0)
            why << tr("starts %1 before its parent on %2")
                       .arg(formatDuration(s.startsBeforeUs, ms), parentHost);
        if (s.endsAfterUs > 0)
            why << tr("ends %1 after its parent").arg(formatDuration(s.endsAfterUs, ms));
        skewed.push_back(
            { s.span, std::max(s.startsBeforeUs, s.endsAfterUs), why.join(QStringLiteral("; ")) });
    }
    m_skewed->spanModel()->setEntries(trace, std::move(skewed));
    QString text;
    if (!skew.any()) {
        text = tr("<b>Clock skew:</b> none (every call between hosts fits its caller without "
                  "an offset; casts may outlive their caller).");
    } else {
        QStringList hosts;
        for (const HostOffset &h : skew.hosts)
            hosts << QString::fromStdString(ClockSkew::describe(t, h)).toHtmlEscaped();
        text = tr("<b>Clock skew:</b> %1.").arg(hosts.join(QStringLiteral("; ")))
            + QStringLiteral("<br>")
            + tr("%n span(s) below break a call's rules on these hosts' clocks.", nullptr,
                int(skew.spans.size()));
    }
    m_skewSummary->setText(text);
}

bool ErrorsView::selectNext()
{
    return selectEntry(m_list.next(session()->currentSpan()));
}

bool ErrorsView::selectPrevious()
{
    return selectEntry(m_list.previous(session()->currentSpan()));
}

bool ErrorsView::selectEntry(int entry)
{
    if (entry < 0)
        return false;
    session()->setCurrentSpan(m_list.entries[size_t(entry)].span);
    return true;
}

} // namespace Osp
