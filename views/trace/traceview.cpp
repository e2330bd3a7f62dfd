#include "views/trace/traceview.h"

#include "analysis/clockskew.h"
#include "itemmodels/calltreemodel.h"
#include "itemmodels/tracesession.h"
#include "util/durationformat.h"
#include "views/analysis/analysispanel.h"
#include "views/calltree/calltreesorter.h"
#include "views/calltree/calltreeview.h"
#include "views/canvas/flamegraphview.h"
#include "views/canvas/timelineview.h"
#include "views/common/asynctask.h"
#include "views/common/theme.h"
#include "views/trace/detailspanel.h"
#include "views/trace/searchbar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QSplitter>
#include <QSvgGenerator>
#include <QTabWidget>
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

/// The mouse and key hints at the end of a view's toolbar: takes what room is left, never
/// widens the window, and drops whole hints from the end rather than cutting one mid-word.
/// All of them stay in the tooltip.
class KeyHints : public QLabel
{
public:
    KeyHints(QStringList hints, QWidget *parent)
        : QLabel(parent)
        , m_hints(std::move(hints))
    {
        setEnabled(false);
        setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        setToolTip(m_hints.join(QLatin1Char('\n')));
    }

protected:
    void resizeEvent(QResizeEvent *e) override
    {
        QLabel::resizeEvent(e);
        const QString sep = QStringLiteral(" · ");
        QString text;
        for (qsizetype n = m_hints.size(); n > 0; --n) {
            text = m_hints.first(n).join(sep);
            if (fontMetrics().horizontalAdvance(text) <= contentsRect().width())
                break;
            text.clear();
        }
        setText(text);
    }

private:
    QStringList m_hints;
};

/// A framed line above the views: partial-trace warnings, notes on odd data.
QLabel *makeBanner(
    const QString &name, const QString &html, const QColor &bg, const QColor &fg, QWidget *parent)
{
    auto *banner = new QLabel(html, parent);
    banner->setObjectName(name);
    banner->setWordWrap(true);
    banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    banner->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border: 1px solid"
                                         " %2; border-radius: 3px; padding: 4px 8px; }")
                              .arg(bg.name(), fg.name()));
    return banner;
}

} // namespace

TraceView::TraceView(TracePtr trace, QWidget *parent)
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

    if (const QString &partial = t.partialWarning(); !partial.isEmpty())
        v->addWidget(makeBanner(QStringLiteral("partialBanner"),
            tr("<b>Partial trace:</b> %1").arg(partial.toHtmlEscaped()), theme->warningBackground(),
            theme->warningText(), this));
    if (!t.loadNotes().isEmpty()) {
        // Odd but complete data: said calmly, in the info colours, one note a line.
        QStringList lines;
        for (const QString &note : t.loadNotes())
            lines << note.toHtmlEscaped();
        const QString html = lines.size() == 1
            ? tr("<b>Note:</b> %1").arg(lines.first())
            : tr("<b>Notes:</b><br>%1").arg(lines.join(QStringLiteral("<br>")));
        QLabel *notes = makeBanner(QStringLiteral("loadNotesBanner"), html, theme->infoBackground(),
            theme->infoText(), this);
        notes->setToolTip(tr("Parts of the data that differ from what OSProfiler writes, and "
                             "how ospview shows them."));
        v->addWidget(notes);
    }
    // A clock that is off changes how every cross-host order reads: said on the first screen
    // once the estimate (off the GUI thread) finds such a host, and nothing when none is.
    QLabel *skewBanner = makeBanner(QStringLiteral("clockSkewBanner"), QString(),
        theme->warningBackground(), theme->warningText(), this);
    skewBanner->setToolTip(tr("From the calls between hosts: a child starts after its parent "
                              "starts, and a synchronous child ends before its parent ends "
                              "(casts may outlive their caller). The spans that break these "
                              "rules are hatched; the Errors page lists them."));
    skewBanner->hide();
    v->addWidget(skewBanner);
    auto *skewTask = new AsyncTask(this);
    skewTask->run(
        [trace = m_session->trace()](
            const std::atomic<bool> *cancel) { return ClockSkew::compute(*trace, cancel); },
        [skewBanner, trace = m_session->trace()](const ClockSkew &skew) {
            if (skew.cancelled || !skew.any())
                return;
            QStringList hosts;
            for (const HostOffset &h : skew.hosts)
                hosts << QString::fromStdString(ClockSkew::describe(*trace, h)).toHtmlEscaped();
            skewBanner->setText(tr("<b>Clock skew:</b> %1. Cross-host order and times are off "
                                   "by that much.")
                                    .arg(hosts.join(QStringLiteral("; "))));
            skewBanner->show();
        });

    auto *bar = new QHBoxLayout;
    bar->setSpacing(6);
    m_search = new SearchBar(m_session, m_model, this);
    bar->addWidget(m_search, 1);
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
        auto *badge
            = makeBadge(tr("ms precision"), theme->warningBackground(), theme->warningText(), this);
        badge->setToolTip(tr("Some spans carry no raw timestamps: their times are whole "
                             "milliseconds from the report."));
        bar->addWidget(badge);
    }
    v->addLayout(bar);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("traceSplitter"));
    // Call tree, timeline and flame graph share one place and one session; the details panel
    // beside them follows whichever is used.
    m_pages = new QTabWidget(m_splitter);
    m_pages->setObjectName(QStringLiteral("viewPages"));
    m_pages->setDocumentMode(true);
    m_tree = new CallTreeView(m_session, m_model, m_pages);
    m_timeline = new TimelineView(m_session);
    m_flame = new FlameGraphView(m_session);
    m_pages->addTab(m_tree, tr("Call tree"));
    m_pages->addTab(makeTimelinePage(), tr("Timeline"));
    m_pages->addTab(makeFlamePage(), tr("Flame graph"));
    m_details = new DetailsPanel(m_session, m_splitter);
    m_splitter->addWidget(m_pages);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 1150, 430 });
    m_splitter->setChildrenCollapsible(false);
    // The analyses under the views and the details, in a splitter the user can drag.
    auto *analysisSplitter = new QSplitter(Qt::Vertical, this);
    analysisSplitter->setObjectName(QStringLiteral("analysisSplitter"));
    analysisSplitter->addWidget(m_splitter);
    m_analysis = new AnalysisPanel(m_session, m_model, analysisSplitter);
    analysisSplitter->addWidget(m_analysis);
    analysisSplitter->setStretchFactor(0, 3);
    analysisSplitter->setStretchFactor(1, 2);
    analysisSplitter->setSizes({ 620, 330 });
    v->addWidget(analysisSplitter, 1);
    new CallTreeSorter(m_tree, m_model, this);
    connect(m_search, &SearchBar::matchesChanged, this, [this](const std::vector<uint8_t> &m) {
        m_timeline->setMatches(m);
        m_flame->setMatches(m);
    });

    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_status);

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
    m_search->setRegexText(pattern);
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
    m_search->focusText();
}

namespace {

QToolButton *toolButton(const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

QComboBox *comboBox(const QStringList &items, const QString &tip, QWidget *parent)
{
    auto *c = new QComboBox(parent);
    c->addItems(items);
    c->setToolTip(tip);
    return c;
}

/// The "Critical path" toggle of a graphical view's toolbar, kept in step with the view (`C`).
QCheckBox *criticalPathBox(SpanCanvas *canvas, QWidget *parent)
{
    auto *box = new QCheckBox(QObject::tr("Critical path"), parent);
    box->setObjectName(QStringLiteral("showCriticalPath"));
    box->setToolTip(QObject::tr("Outline and underline the spans the request waited for, up "
                                "to the end of the trace (C)"));
    box->setChecked(canvas->showsCriticalPath());
    QObject::connect(box, &QCheckBox::toggled, canvas, &SpanCanvas::setShowCriticalPath);
    QObject::connect(canvas, &SpanCanvas::criticalPathShownChanged, box, &QCheckBox::setChecked);
    return box;
}

} // namespace

QWidget *TraceView::makeTimelinePage()
{
    auto *page = new QWidget;
    auto *v = new QVBoxLayout(page);
    v->setContentsMargins(0, 4, 0, 0);
    v->setSpacing(3);
    auto *bar = new QHBoxLayout;
    bar->setSpacing(6);
    auto *lanes = comboBox({ tr("Call depth"), tr("Service"), tr("Host"), tr("Project") },
        tr("One lane per call depth, or a swimlane group per service, host or "
           "project with nested spans stacked inside"),
        page);
    lanes->setObjectName(QStringLiteral("laneMode"));
    connect(lanes, &QComboBox::currentIndexChanged, m_timeline,
        [this](int i) { m_timeline->setLaneMode(LaneMode(i)); });
    connect(m_timeline, &TimelineView::laneModeChanged, lanes, &QComboBox::setCurrentIndex);
    auto *colors
        = comboBox({ tr("Service"), tr("Span type") }, tr("What decides a bar's colour"), page);
    connect(colors, &QComboBox::currentIndexChanged, m_timeline,
        [this](int i) { m_timeline->setColorBy(ColorBy(i)); });
    auto *axis = comboBox({ tr("Relative"), tr("UTC"), tr("Local time") },
        tr("Time axis labels: from the trace start, or wall-clock time"), page);
    axis->setEnabled(trace()->epochUnixUs().has_value());
    connect(axis, &QComboBox::currentIndexChanged, m_timeline,
        [this](int i) { m_timeline->setAxisMode(TimelineView::AxisMode(i)); });
    auto *critical = criticalPathBox(m_timeline, page);
    auto *links = new QCheckBox(tr("Links"), page);
    links->setObjectName(QStringLiteral("showLinks"));
    links->setToolTip(tr("Draw the HTTP and RPC calls between services as arrows from caller "
                         "to callee (L)"));
    connect(links, &QCheckBox::toggled, m_timeline, &TimelineView::setShowLinks);
    connect(m_timeline, &TimelineView::linksShownChanged, links, &QCheckBox::setChecked);
    auto *back = toolButton(QStringLiteral("◀"), tr("Previous zoom (Alt+Left, Backspace)"), page);
    auto *forward = toolButton(QStringLiteral("▶"), tr("Next zoom (Alt+Right)"), page);
    auto *frame = toolButton(tr("Frame selection"), tr("Zoom to the selected span (F)"), page);
    auto *reset = toolButton(tr("Whole trace"), tr("Zoom out to the whole trace (0)"), page);
    connect(back, &QToolButton::clicked, m_session, &TraceSession::zoomBack);
    connect(forward, &QToolButton::clicked, m_session, &TraceSession::zoomForward);
    connect(frame, &QToolButton::clicked, m_timeline, &TimelineView::frameSelection);
    connect(reset, &QToolButton::clicked, m_timeline, &TimelineView::resetZoom);
    auto history = [this, back, forward] {
        back->setEnabled(m_session->canZoomBack());
        forward->setEnabled(m_session->canZoomForward());
    };
    connect(m_session, &TraceSession::historyChanged, page, history);
    history();
    bar->addWidget(new QLabel(tr("Lanes:"), page));
    bar->addWidget(lanes);
    bar->addWidget(new QLabel(tr("Colour:"), page));
    bar->addWidget(colors);
    bar->addWidget(new QLabel(tr("Axis:"), page));
    bar->addWidget(axis);
    bar->addWidget(critical);
    bar->addWidget(links);
    bar->addSpacing(8);
    bar->addWidget(back);
    bar->addWidget(forward);
    bar->addWidget(frame);
    bar->addWidget(reset);
    bar->addWidget(new KeyHints({ tr("wheel: zoom"), tr("drag: pan"),
                                    tr("shift-drag or drag the ruler: zoom to range"),
                                    tr("WASD / arrows: pan and zoom"), tr("F: frame selection"),
                                    tr("C: critical path"), tr("L: links") },
                       page),
        1);
    v->addLayout(bar);
    m_timeline->setParent(page);
    v->addWidget(m_timeline, 1);
    return page;
}

QWidget *TraceView::makeFlamePage()
{
    auto *page = new QWidget;
    auto *v = new QVBoxLayout(page);
    v->setContentsMargins(0, 4, 0, 0);
    v->setSpacing(3);
    auto *bar = new QHBoxLayout;
    bar->setSpacing(6);
    auto *metric = comboBox(
        { tr("Duration"), tr("Self time") }, tr("What a frame's width stands for"), page);
    connect(metric, &QComboBox::currentIndexChanged, m_flame,
        [this](int i) { m_flame->setMetric(FlameMetric(i)); });
    auto *merge = new QCheckBox(tr("Merge identical call paths"), page);
    merge->setObjectName(QStringLiteral("aggregate"));
    merge->setToolTip(tr("One frame per call path (names and services from the root), "
                         "summed over all spans that share it"));
    connect(merge, &QCheckBox::toggled, m_flame, &FlameGraphView::setAggregated);
    auto *colors
        = comboBox({ tr("Service"), tr("Span type") }, tr("What decides a frame's colour"), page);
    connect(colors, &QComboBox::currentIndexChanged, m_flame,
        [this](int i) { m_flame->setColorBy(ColorBy(i)); });
    auto *critical = criticalPathBox(m_flame, page);
    auto *up = toolButton(tr("Zoom out"), tr("Up one level (Esc, Alt+Up)"), page);
    auto *reset = toolButton(tr("Whole graph"), tr("Back to all spans (0)"), page);
    connect(up, &QToolButton::clicked, m_flame, &FlameGraphView::zoomToParent);
    connect(reset, &QToolButton::clicked, m_flame, &FlameGraphView::resetZoom);
    bar->addWidget(new QLabel(tr("Width:"), page));
    bar->addWidget(metric);
    bar->addWidget(merge);
    bar->addWidget(new QLabel(tr("Colour:"), page));
    bar->addWidget(colors);
    bar->addWidget(critical);
    bar->addSpacing(8);
    bar->addWidget(up);
    bar->addWidget(reset);
    bar->addWidget(new KeyHints({ tr("click: select and zoom into"), tr("wheel: zoom"),
                                    tr("drag: pan"), tr("C: critical path") },
                       page),
        1);
    v->addLayout(bar);
    m_flame->setParent(page);
    v->addWidget(m_flame, 1);
    return page;
}

TraceView::Page TraceView::currentPage() const
{
    return Page(std::clamp(m_pages->currentIndex(), 0, 2));
}

void TraceView::showPage(Page page)
{
    m_pages->setCurrentIndex(int(page));
    switch (page) {
    case Page::Tree:
        m_tree->setFocus();
        break;
    case Page::Timeline:
        m_timeline->setFocus();
        break;
    case Page::Flame:
        m_flame->setFocus();
        break;
    }
}

bool TraceView::exportCurrentView(const QString &path, QString *error)
{
    switch (currentPage()) {
    case Page::Timeline:
        return m_timeline->exportImage(path, error);
    case Page::Flame:
        return m_flame->exportImage(path, error);
    case Page::Tree:
        break;
    }
    // The call tree is ordinary widgets: rendered as they are (vectors in SVG, text stays text).
    QWidget *w = m_tree;
    if (QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(w->size());
        svg.setViewBox(QRect(QPoint(0, 0), w->size()));
        QPainter p;
        if (!p.begin(&svg)) {
            if (error)
                *error = tr("%1: cannot write the SVG file").arg(path);
            return false;
        }
        w->render(&p);
        return true;
    }
    if (!w->grab().save(path, "PNG")) {
        if (error)
            *error = tr("%1: cannot write the PNG file").arg(path);
        return false;
    }
    return true;
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
