#include "views/trace/detailspanel.h"

#include "formats/payloadtree.h"
#include "itemmodels/tracesession.h"
#include "util/durationformat.h"
#include "util/timestamp.h"
#include "views/common/theme.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <vector>

namespace Osp {

namespace {

QString flagsText(const Span &s)
{
    QStringList f;
    if (s.has(NoStopEvent))
        f << QObject::tr("unfinished (no stop event)");
    if (s.has(NoStartEvent))
        f << QObject::tr("no start event");
    if (s.has(Orphan))
        f << QObject::tr("orphan (parent not in trace)");
    if (s.has(MsPrecision))
        f << QObject::tr("ms precision");
    return f.join(QStringLiteral(", "));
}

} // namespace

DetailsPanel::DetailsPanel(TraceSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("detailsSplitter"));
    outer->addWidget(split);

    // Upper part: facts, in a scroll area so long messages never squeeze the raw tree away.
    auto *scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *top = new QWidget(scroll);
    auto *v = new QVBoxLayout(top);
    v->setContentsMargins(8, 6, 8, 6);
    v->setSpacing(6);

    m_title = new QLabel(top);
    m_title->setObjectName(QStringLiteral("title"));
    QFont tf = m_title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.35);
    tf.setBold(true);
    m_title->setFont(tf);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    v->addWidget(m_title);
    m_subtitle = new QLabel(top);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setWordWrap(true);
    v->addWidget(m_subtitle);

    const Theme *theme = Theme::instance();
    m_errorBox = new QFrame(top);
    m_errorBox->setObjectName(QStringLiteral("errorBox"));
    m_errorBox->setStyleSheet(QStringLiteral("#errorBox { background: %1; border: 1px solid %2;"
                                             " border-left: 4px solid %2; border-radius: 3px; }")
                                  .arg(theme->errorBackground().name(), theme->error().name()));
    auto *ev = new QVBoxLayout(m_errorBox);
    ev->setContentsMargins(8, 6, 8, 6);
    m_errorType = new QLabel(m_errorBox);
    QFont ef = m_errorType->font();
    ef.setBold(true);
    m_errorType->setFont(ef);
    m_errorType->setStyleSheet(QStringLiteral("color: %1;").arg(theme->error().name()));
    m_errorType->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorType->setWordWrap(true);
    m_errorMessage = new QLabel(m_errorBox);
    m_errorMessage->setWordWrap(true);
    m_errorMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    ev->addWidget(m_errorType);
    ev->addWidget(m_errorMessage);
    v->addWidget(m_errorBox);

    m_formHost = new QWidget(top);
    m_form = new QFormLayout(m_formHost);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setHorizontalSpacing(12);
    m_form->setVerticalSpacing(3);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignRight);
    v->addWidget(m_formHost);

    m_summaryLabel = new QLabel(tr("<b>Statement / request</b>"), top);
    v->addWidget(m_summaryLabel);
    // A wrapped label, not a text box: it takes exactly the height the statement needs and
    // the surrounding scroll area handles very long SQL.
    m_summary = new QLabel(top);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_summary->setStyleSheet(
        QStringLiteral("#summary { background: %1; border: 1px solid %2;"
                       " border-radius: 3px; padding: 4px; }")
            .arg(palette().color(QPalette::Base).name(), palette().color(QPalette::Mid).name()));
    v->addWidget(m_summary);
    v->addStretch(1);
    scroll->setWidget(top);

    // Lower part: the raw entries as a tree.
    auto *rawHost = new QWidget(split);
    auto *rv = new QVBoxLayout(rawHost);
    rv->setContentsMargins(8, 0, 8, 4);
    rv->setSpacing(2);
    auto *rawBar = new QHBoxLayout;
    rawBar->addWidget(new QLabel(tr("<b>Raw data</b>"), rawHost));
    rawBar->addStretch(1);
    m_copy = new QToolButton(rawHost);
    m_copy->setText(tr("Copy JSON"));
    m_copy->setToolTip(tr("Copy this span's raw entries as pretty-printed JSON"));
    connect(m_copy, &QToolButton::clicked, this, &DetailsPanel::copyRawJson);
    rawBar->addWidget(m_copy);
    rv->addLayout(rawBar);
    m_raw = new QTreeWidget(rawHost);
    m_raw->setColumnCount(2);
    m_raw->setHeaderLabels({ tr("Key"), tr("Value") });
    m_raw->setUniformRowHeights(true);
    m_raw->setWordWrap(false);
    m_raw->header()->setStretchLastSection(true);
    m_raw->setColumnWidth(0, 190);
    m_raw->setAlternatingRowColors(true);
    rv->addWidget(m_raw);

    // The facts take what they need; the raw tree gets the rest.
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({ 420, 520 });

    connect(session, &TraceSession::selectionChanged, this, &DetailsPanel::showSpan);
    showSpan(session->currentSpan());
}

void DetailsPanel::addRow(const QString &label, const QString &value, bool mono)
{
    auto *l = new QLabel(value.isEmpty() ? QStringLiteral("—") : value, m_formHost);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Ids are copied, not read: one line (wrapped labels in a form layout get clipped).
    l->setWordWrap(!mono);
    if (mono)
        l->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *k = new QLabel(label, m_formHost);
    QPalette pal = k->palette();
    pal.setColor(QPalette::WindowText, Theme::instance()->dimText());
    k->setPalette(pal);
    m_form->addRow(k, l);
}

void DetailsPanel::showSpan(SpanIndex i)
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_raw->clear();
    m_rawJson.clear();
    const TracePtr &trace = m_session->trace();
    if (!trace || i == NoSpan || i >= trace->spanCount()) {
        m_title->setText(tr("No span selected"));
        m_subtitle->setText(tr("Select a row of the call tree to see its details."));
        m_errorBox->hide();
        m_summaryLabel->hide();
        m_summary->hide();
        m_copy->setEnabled(false);
        return;
    }
    const Trace &t = *trace;
    const Span &s = t.span(i);
    const SpanDetails &d = t.details(i);
    const bool ms = s.has(MsPrecision);

    m_title->setText(t.text(s.name));
    QStringList where;
    for (StringId id : { s.project, s.service, s.host })
        where << (id == NoString ? QStringLiteral("n/a") : t.text(id));
    m_subtitle->setText(where.join(QStringLiteral("  ·  ")));

    if (s.has(HasError)) {
        m_errorType->setText(t.text(d.exception));
        const QString msg = t.text(d.message);
        m_errorMessage->setText(msg);
        m_errorMessage->setVisible(!msg.isEmpty());
        m_errorBox->show();
    } else {
        m_errorBox->hide();
    }

    addRow(tr("Report name"), t.text(d.reportName));
    if (const auto epoch = t.epochUnixUs())
        addRow(tr("Started (UTC)"), Timestamp::formatUtc(*epoch + s.startUs), true);
    addRow(tr("Start offset"), formatDuration(s.startUs, ms));
    addRow(tr("Duration"),
        s.has(NoStopEvent) ? tr("unfinished (≥ %1)").arg(formatDuration(s.durationUs(), ms))
                           : formatDuration(s.durationUs(), ms));
    addRow(tr("Self time"), formatDuration(s.selfUs, ms));
    const auto kids = t.children(i);
    if (!kids.empty())
        addRow(
            tr("Children"), tr("%1 direct, %2 in subtree").arg(kids.size()).arg(s.subtreeSize - 1));
    addRow(tr("Depth"), QString::number(s.depth));
    const QString flags = flagsText(s);
    if (!flags.isEmpty())
        addRow(tr("Flags"), flags);
    if (!s.has(HasError) && d.exception != NoString)
        addRow(tr("Exception"), t.text(d.exception));
    addRow(tr("Trace id"), QString::fromStdString(t.traceId(i)), true);
    addRow(tr("Parent id"), QString::fromStdString(t.parentId(i)), true);

    const QString summary = t.text(d.summary);
    m_summary->setText(summary);

    m_summaryLabel->setVisible(!summary.isEmpty());
    m_summary->setVisible(!summary.isEmpty());

    fillRawTree(i);
}

void DetailsPanel::fillRawTree(SpanIndex i)
{
    const PayloadTree tree = payloadTree(*m_session->trace(), i);
    QFont bold = m_raw->font();
    bold.setBold(true);
    std::vector<QTreeWidgetItem *> parents; // parents[d]: the latest item at depth d
    std::vector<QTreeWidgetItem *> expanded; // once their children are there
    for (const PayloadRow &row : tree.rows) {
        parents.resize(static_cast<size_t>(row.depth));
        auto *item = parents.empty() ? new QTreeWidgetItem(m_raw, { row.name })
                                     : new QTreeWidgetItem(parents.back(), { row.name });
        parents.push_back(item);
        if (row.depth == 0) {
            item->setToolTip(0, row.key);
            item->setFont(0, bold);
        }
        switch (row.kind) {
        case PayloadRow::Unreadable:
            item->setText(1, tr("(could not be read back from the file)"));
            break;
        case PayloadRow::NotJson:
            item->setText(1, row.text);
            break;
        case PayloadRow::Object:
            item->setText(1, row.size ? QString() : QStringLiteral("{}"));
            if (row.depth < 3)
                expanded.push_back(item);
            break;
        case PayloadRow::Array:
            item->setText(1, row.size ? tr("[%1 items]").arg(row.size) : QStringLiteral("[]"));
            if (row.depth < 2)
                expanded.push_back(item);
            break;
        case PayloadRow::Scalar:
            item->setText(1, row.text.simplified());
            item->setToolTip(1, row.text.left(2000));
            break;
        }
    }
    for (QTreeWidgetItem *item : expanded)
        item->setExpanded(true);
    m_rawJson = tree.json;
    m_copy->setEnabled(!m_session->trace()->entries(i).empty());
}

void DetailsPanel::copyRawJson()
{
    if (!m_rawJson.isEmpty())
        QApplication::clipboard()->setText(m_rawJson);
}

} // namespace Osp
