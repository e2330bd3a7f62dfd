#include "views/compare/comparisonview.h"

#include "itemmodels/comparisonmodel.h"
#include "itemmodels/tracesession.h"
#include "util/durationformat.h"
#include "views/canvas/timelineview.h"
#include "views/common/asynctask.h"
#include "views/common/theme.h"
#include "views/compare/comparisondelegate.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Osp {

namespace {

enum Page { ProgressPage, ContentPage, ErrorPage };

QString fileName(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    return name.isEmpty() ? path : name;
}

QString percentText(int64_t a, int64_t b)
{
    return formatPercentChange(a, b);
}

/// A read-only table of whole rows, one selected at a time (the tree is drawn by the delegate).
void setUpRowTable(QTreeView *view)
{
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAllColumnsShowFocus(true);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
}

/// Left/Right collapse and expand in the call-tree layout, as in the trace's call tree.
class TreeKeys : public QObject
{
public:
    TreeKeys(QTreeView *view, ComparisonModel *model)
        : QObject(view)
        , m_view(view)
        , m_model(model)
    { }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::KeyPress || m_model->layout() != ComparisonModel::Layout::Tree)
            return QObject::eventFilter(watched, event);
        const int key = static_cast<QKeyEvent *>(event)->key();
        const int row = m_view->currentIndex().row();
        if (row < 0 || (key != Qt::Key_Left && key != Qt::Key_Right))
            return QObject::eventFilter(watched, event);
        const uint32_t node = m_model->comparisonRowAt(row);
        if (key == Qt::Key_Right && !m_model->isExpanded(node))
            m_model->expand(row);
        else if (key == Qt::Key_Left && m_model->isExpanded(node))
            m_model->collapse(row);
        else
            return QObject::eventFilter(watched, event);
        return true;
    }

private:
    QTreeView *m_view;
    ComparisonModel *m_model;
};

} // namespace

ComparisonView::ComparisonView(QWidget *parent)
    : QWidget(parent)
    , m_model(new ComparisonModel(this))
    , m_task(new AsyncTask(this))
{
    setObjectName(QStringLiteral("comparisonView"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_pages = new QStackedWidget(this);
    outer->addWidget(m_pages);

    // Progress page: what is being read, a bar and Cancel.
    auto *progressPage = new QWidget(m_pages);
    auto *pv = new QVBoxLayout(progressPage);
    pv->addStretch(1);
    m_progressLabel = new QLabel(tr("Comparing…"), progressPage);
    m_progressLabel->setAlignment(Qt::AlignCenter);
    m_progress = new QProgressBar(progressPage);
    m_progress->setRange(0, ProgressMax);
    m_progress->setMaximumWidth(520);
    m_cancelButton = new QPushButton(tr("Cancel"), progressPage);
    m_cancelButton->setObjectName(QStringLiteral("cancelComparison"));
    pv->addWidget(m_progressLabel);
    pv->addWidget(m_progress, 0, Qt::AlignHCenter);
    pv->addWidget(m_cancelButton, 0, Qt::AlignHCenter);
    pv->addStretch(2);
    m_pages->addWidget(progressPage);
    connect(m_cancelButton, &QPushButton::clicked, this, &ComparisonView::cancel);
    connect(m_task, &AsyncTask::progressChanged, this, [this](int permille, const QString &what) {
        m_progress->setValue(permille);
        if (!what.isEmpty())
            m_progressLabel->setText(tr("Comparing %1…\n%2").arg(m_title, what));
    });

    // Content page: summary and layout choice, the table, and the side-by-side part.
    auto *content = new QWidget(m_pages);
    auto *cv = new QVBoxLayout(content);
    cv->setContentsMargins(2, 2, 2, 2);
    cv->setSpacing(3);
    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(content);
    m_summary->setObjectName(QStringLiteral("comparisonSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    bar->addWidget(m_summary, 1);
    m_layoutBox = new QComboBox(content);
    m_layoutBox->setObjectName(QStringLiteral("comparisonLayout"));
    m_layoutBox->addItems({ tr("By impact"), tr("As call tree") });
    m_layoutBox->setToolTip(tr("By impact: every aligned call path, the largest self-time "
                               "change first. As call tree: the aligned tree, siblings sorted."));
    bar->addWidget(new QLabel(tr("Rows:"), content));
    bar->addWidget(m_layoutBox);
    cv->addLayout(bar);

    m_splitter = new QSplitter(Qt::Vertical, content);
    m_splitter->setObjectName(QStringLiteral("comparisonSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_table = new QTreeView(m_splitter);
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_table->setModel(m_model);
    auto *delegate = new ComparisonDelegate(m_table);
    m_table->setItemDelegate(delegate);
    setUpRowTable(m_table);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ComparisonModel::ImpactColumn, Qt::DescendingOrder);
    m_table->header()->setStretchLastSection(true);
    m_table->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->installEventFilter(new TreeKeys(m_table, m_model));
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(ComparisonModel::NameColumn, 46 * ch);
    m_table->setColumnWidth(ComparisonModel::ImpactColumn, 12 * ch);
    for (int c = ComparisonModel::CountAColumn; c < ComparisonModel::ServiceColumn; ++c)
        m_table->setColumnWidth(c, 11 * ch);
    for (int c : { ComparisonModel::CountAColumn, ComparisonModel::CountBColumn,
             ComparisonModel::CountDeltaColumn, ComparisonModel::TracesAColumn,
             ComparisonModel::TracesBColumn })
        m_table->setColumnWidth(c, 8 * ch);
    // Signed changes of whole seconds ("+1681.619 ms") need a little more room.
    for (int c : { ComparisonModel::DurationDeltaColumn, ComparisonModel::SelfDeltaColumn })
        m_table->setColumnWidth(c, 13 * ch);
    m_table->setColumnWidth(ComparisonModel::ServiceColumn, 16 * ch);
    m_splitter->addWidget(m_table);
    cv->addWidget(m_splitter, 1);
    m_pages->addWidget(content);

    m_errorLabel = new QLabel(m_pages);
    m_errorLabel->setObjectName(QStringLiteral("comparisonError"));
    m_errorLabel->setAlignment(Qt::AlignCenter);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pages->addWidget(m_errorLabel);

    connect(m_layoutBox, &QComboBox::currentIndexChanged, this, [this](int i) {
        const uint32_t node = m_model->comparisonRowAt(m_table->currentIndex().row());
        m_model->setLayout(
            i == 1 ? ComparisonModel::Layout::Tree : ComparisonModel::Layout::Impact);
        if (node != NoRow)
            selectComparisonRow(node);
    });
    connect(delegate, &CallTreeDelegate::toggleRequested, m_model, &ComparisonModel::toggle);
    connect(m_table, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() == ComparisonModel::NameColumn)
            m_model->toggle(index.row());
    });
    // A sort or layout change resets the model: keep the picked node selected.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
        [this] { m_keepNode = m_model->comparisonRowAt(m_table->currentIndex().row()); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        const uint32_t node = m_keepNode;
        if (m_ready && node != NoRow)
            QTimer::singleShot(0, this, [this, node] { selectComparisonRow(node); });
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &ComparisonView::rowPicked);
}

// m_task, a child, cancels a running comparison and drops its result.
ComparisonView::~ComparisonView() = default;

bool ComparisonView::isRunning() const
{
    return m_task->isRunning();
}

void ComparisonView::start(std::vector<ComparisonInput> baseline,
    std::vector<ComparisonInput> candidate, const ComparisonOptions &options)
{
    cancel();
    m_ready = false;
    m_title = baseline.size() == 1 && candidate.size() == 1
        ? tr("%1 ↔ %2").arg(fileName(baseline.front().path), fileName(candidate.front().path))
        : tr("%1 ↔ %2 traces").arg(baseline.size()).arg(candidate.size());
    m_progress->setValue(0);
    m_progressLabel->setText(tr("Comparing %1…").arg(m_title));
    m_cancelButton->setEnabled(true);
    m_pages->setCurrentIndex(ProgressPage);
    m_task->run(
        [baseline = std::move(baseline), candidate = std::move(candidate), options](JobToken &job) {
            return runComparison(
                baseline, candidate, options,
                [&job](int permille, const QString &what) { job.setProgress(permille, what); },
                job.cancelFlag());
        },
        [this](ComparisonRunResult result) { setResult(std::move(result)); });
}

void ComparisonView::cancel()
{
    if (!m_task->isRunning())
        return;
    m_task->cancel(); // the late result is dropped
    m_cancelButton->setEnabled(false);
    m_progressLabel->setText(tr("Cancelled"));
    emit cancelled();
}

QString ComparisonView::progressText() const
{
    return m_progressLabel->text();
}

QString ComparisonView::summaryText() const
{
    return m_summary->text();
}

void ComparisonView::setResult(ComparisonRunResult result)
{
    if (result.cancelled) {
        m_progressLabel->setText(tr("Cancelled"));
        emit cancelled();
        return;
    }
    if (!result.comparison) {
        m_errorLabel->setText(tr("Cannot compare: %1").arg(result.error.toHtmlEscaped()));
        m_pages->setCurrentIndex(ErrorPage);
        emit failed(result.error);
        return;
    }
    const Comparison &c = *result.comparison;
    if (m_title.isEmpty())
        m_title = c.isManyVsMany() ? tr("%1 ↔ %2 traces").arg(c.tracesA).arg(c.tracesB)
                                   : tr("%1 ↔ %2").arg(fileName(c.traces.front().source),
                                       fileName(c.traces.back().source));
    const bool ms = c.msPrecision;
    const QString total = tr("%1 (%2)").arg(
        formatDurationDelta(c.totalDeltaUs(), ms), percentText(c.totalA, c.totalB));
    const QColor totalColour = ComparisonDelegate::deltaColor(c.totalDeltaUs());
    size_t changed = 0, added = 0, removed = 0;
    for (const ComparisonRow &r : c.rows) {
        changed += r.countDelta() != 0 || r.durationDeltaUs() != 0 || r.selfDeltaUs() != 0;
        added += r.presence == Presence::Added;
        removed += r.presence == Presence::Removed;
    }
    QString text;
    if (c.isManyVsMany()) {
        const auto outliers = std::count_if(
            c.traces.begin(), c.traces.end(), [](const ComparedTrace &t) { return t.outlier; });
        text = tr("<b>Baseline</b> %1 traces, median %2 (p95 %3) → <b>candidate</b> %4 traces, "
                  "median %5 (p95 %6): <b style=\"color:%7\">%8</b> · %9 outlier trace(s)")
                   .arg(c.tracesA)
                   .arg(formatDuration(c.totalA, ms), formatDuration(c.totalP95A, ms))
                   .arg(c.tracesB)
                   .arg(formatDuration(c.totalB, ms), formatDuration(c.totalP95B, ms),
                       totalColour.name(), total)
                   .arg(outliers);
    } else {
        const ComparedTrace &a = c.traces.front();
        const ComparedTrace &b = c.traces.back();
        text = tr("<b>A</b> %1 · %2 spans · %3 → <b>B</b> %4 · %5 spans · %6: "
                  "<b style=\"color:%7\">%8</b>")
                   .arg(fileName(a.source).toHtmlEscaped())
                   .arg(a.spans)
                   .arg(formatDuration(a.totalUs, ms), fileName(b.source).toHtmlEscaped())
                   .arg(b.spans)
                   .arg(formatDuration(b.totalUs, ms), totalColour.name(), total);
    }
    text += tr("<br>%1 aligned call paths: %2 changed, %3 only in B (added), %4 only in A "
               "(removed)")
                .arg(c.rows.size())
                .arg(changed)
                .arg(added)
                .arg(removed);
    for (const QString &w : std::as_const(result.warnings))
        text += QStringLiteral("<br><span style=\"color:%1\">%2</span>")
                    .arg(Theme::instance()->error().name(), w.toHtmlEscaped());
    m_summary->setText(text);

    m_ready = true;
    m_model->setComparison(result.comparison);
    updateColumns();
    if (result.a && result.b)
        buildSideBySide(result);
    else
        buildTraceList(c);
    m_pages->setCurrentIndex(ContentPage);
    emit ready();
}

void ComparisonView::updateColumns()
{
    for (int c = 0; c < ComparisonModel::ColumnCount; ++c)
        m_table->setColumnHidden(c, !m_model->isColumnRelevant(c));
    // The work key is already part of the Call path column.
    m_table->setColumnHidden(ComparisonModel::WorkColumn, true);
}

void ComparisonView::buildSideBySide(const ComparisonRunResult &result)
{
    // Both timelines on one axis: the sessions share the longer trace's extent and each
    // follows the other's range, so zooming either zooms both (aligned at their starts).
    m_sessionA = new TraceSession(result.a, this);
    m_sessionB = new TraceSession(result.b, this);
    m_sessionB->alignColorsWith(m_sessionA); // one service, one colour on both sides
    const qint64 extent = std::max(m_sessionA->fullEndUs(), m_sessionB->fullEndUs());
    m_sessionA->setExtentUs(extent);
    m_sessionB->setExtentUs(extent);
    connect(m_sessionA, &TraceSession::rangeChanged, m_sessionB, &TraceSession::setRange);
    connect(m_sessionB, &TraceSession::rangeChanged, m_sessionA, &TraceSession::setRange);

    auto *both = new QWidget(m_splitter);
    both->setObjectName(QStringLiteral("sideBySide"));
    auto *v = new QVBoxLayout(both);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(1);
    const auto add = [&](const QString &side, const TracePtr &trace, TraceSession *session) {
        auto *label = new QLabel(both);
        label->setText(tr("<b>%1</b>  %2 · %3 spans · %4")
                           .arg(side, fileName(trace->sourceName()).toHtmlEscaped())
                           .arg(trace->spanCount())
                           .arg(formatDuration(trace->endUs(), !trace->hasMicroseconds())));
        label->setContentsMargins(4, 2, 4, 0);
        v->addWidget(label);
        auto *timeline = new TimelineView(session, both);
        timeline->setObjectName(QStringLiteral("timeline") + side);
        v->addWidget(timeline, 1);
        return timeline;
    };
    m_timelineA = add(QStringLiteral("A"), result.a, m_sessionA);
    m_timelineB = add(QStringLiteral("B"), result.b, m_sessionB);
    m_splitter->addWidget(both);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
}

void ComparisonView::buildTraceList(const Comparison &c)
{
    m_traces = new QTreeWidget(m_splitter);
    m_traces->setObjectName(QStringLiteral("comparedTraces"));
    setUpRowTable(m_traces);
    m_traces->setHeaderLabels(
        { tr("Side"), tr("Trace"), tr("Spans"), tr("Total"), tr("Δ to the other median") });
    const Theme *theme = Theme::instance();
    for (const ComparedTrace &t : c.traces) {
        const bool isA = t.side == ComparisonSide::A;
        auto *item = new QTreeWidgetItem(m_traces);
        item->setText(0, isA ? tr("baseline") : tr("candidate"));
        item->setText(1, fileName(t.source));
        item->setToolTip(1, t.source);
        item->setText(2, QString::number(t.spans));
        item->setText(3, formatDuration(t.totalUs, t.msPrecision));
        const int64_t versus = t.totalUs - (isA ? c.totalB : c.totalA);
        item->setText(4, formatDurationDelta(versus, c.msPrecision));
        for (int col : { 2, 3, 4 })
            item->setTextAlignment(col, Qt::AlignRight | Qt::AlignVCenter);
        if (t.outlier) {
            item->setText(0, item->text(0) + tr(" · outlier"));
            item->setToolTip(
                0, tr("Total outside Tukey's fences (Q1 − 1.5 IQR, Q3 + 1.5 IQR) of its side"));
            QFont f = item->font(0);
            f.setBold(true);
            for (int col = 0; col < 5; ++col) {
                item->setForeground(col, theme->slower());
                item->setFont(col, f);
            }
        }
    }
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_traces->setColumnWidth(0, 20 * ch);
    m_traces->setColumnWidth(1, 60 * ch);
    m_traces->setColumnWidth(2, 10 * ch);
    m_traces->setColumnWidth(3, 12 * ch);
    m_splitter->addWidget(m_traces);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
}

void ComparisonView::rowPicked()
{
    const uint32_t node = m_model->comparisonRowAt(m_table->currentIndex().row());
    const auto &c = m_model->comparison();
    if (node == NoRow || !c || !m_sessionA)
        return;
    const ComparisonRow &r = c->rows[node];
    // A path only one side has clears the other side's selection: nothing to point at there.
    m_sessionA->setCurrentSpan(r.a.firstSpan);
    m_sessionB->setCurrentSpan(r.b.firstSpan);
}

void ComparisonView::selectComparisonRow(uint32_t node)
{
    const int row = m_model->rowOfComparisonRow(node);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, ComparisonModel::NameColumn);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
    rowPicked();
}

void ComparisonView::selectFirstRow()
{
    if (m_model->rowCount() > 0)
        selectComparisonRow(m_model->comparisonRowAt(0));
}

} // namespace Osp
