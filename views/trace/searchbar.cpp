#include "views/trace/searchbar.h"

#include "itemmodels/calltreemodel.h"
#include "itemmodels/tracesession.h"
#include "views/common/asynctask.h"
#include "views/common/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Osp {

namespace {

QDoubleSpinBox *msBox(const QString &tip, QWidget *parent)
{
    auto *b = new QDoubleSpinBox(parent);
    b->setRange(0, 1e9);
    b->setDecimals(3);
    b->setSuffix(QStringLiteral(" ms"));
    b->setSpecialValueText(QObject::tr("any"));
    b->setToolTip(tip);
    b->setKeyboardTracking(false);
    return b;
}

} // namespace

SearchBar::SearchBar(TraceSession *session, CallTreeModel *model, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(model)
    , m_task(new AsyncTask(this))
{
    setObjectName(QStringLiteral("searchBar"));
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(3);
    auto *row = new QHBoxLayout;
    row->setSpacing(6);
    auto *label = new QLabel(tr("&Search:"), this);
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("search"));
    m_text->setPlaceholderText(tr("Name, service, project, host, request path, SQL, function, "
                                  "exception (case-insensitive)"));
    m_text->setClearButtonEnabled(true);
    m_text->setToolTip(tr("Keeps matching spans and their ancestors (Ctrl+F); Enter: next match, "
                          "Shift+Enter: previous"));
    label->setBuddy(m_text);
    m_regex = new QCheckBox(tr("Regex"), this);
    m_regex->setObjectName(QStringLiteral("searchRegex"));
    m_regex->setToolTip(tr("The text is a regular expression"));
    m_payload = new QCheckBox(tr("Payload"), this);
    m_payload->setChecked(true);
    m_payload->setToolTip(tr("Also search request paths, SQL, function names, HTTP targets and "
                             "exceptions (the first such search on a big trace takes longer)"));
    m_errorsOnly = new QCheckBox(tr("Errors only"), this);
    m_errorsOnly->setObjectName(QStringLiteral("searchErrorsOnly"));
    m_more = new QToolButton(this);
    m_more->setText(tr("Filters"));
    m_more->setCheckable(true);
    m_more->setToolTip(tr("Minimum duration or self time, span type, service, host"));
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("matchCount"));
    m_count->setMinimumWidth(
        fontMetrics().horizontalAdvance(QStringLiteral("88888 / 88888 matches")));
    m_prev = new QToolButton(this);
    m_prev->setText(QStringLiteral("▲"));
    m_prev->setToolTip(tr("Previous match (Shift+Enter)"));
    m_prev->setAutoRaise(true);
    m_next = new QToolButton(this);
    m_next->setText(QStringLiteral("▼"));
    m_next->setToolTip(tr("Next match (Enter)"));
    m_next->setAutoRaise(true);
    row->addWidget(label);
    row->addWidget(m_text, 1);
    row->addWidget(m_regex);
    row->addWidget(m_payload);
    row->addWidget(m_errorsOnly);
    row->addWidget(m_more);
    row->addWidget(m_count);
    row->addWidget(m_prev);
    row->addWidget(m_next);
    v->addLayout(row);

    m_filters = new QWidget(this);
    auto *f = new QHBoxLayout(m_filters);
    f->setContentsMargins(0, 0, 0, 0);
    f->setSpacing(6);
    m_minDuration = msBox(tr("Only spans at least this long"), m_filters);
    m_minSelf = msBox(tr("Only spans with at least this much self time"), m_filters);
    m_type = new QComboBox(m_filters);
    m_service = new QComboBox(m_filters);
    m_host = new QComboBox(m_filters);
    for (QComboBox *c : { m_type, m_service, m_host }) {
        c->addItem(tr("any"));
        c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        c->setMaximumWidth(260);
    }
    f->addWidget(new QLabel(tr("Duration ≥"), m_filters));
    f->addWidget(m_minDuration);
    f->addWidget(new QLabel(tr("Self ≥"), m_filters));
    f->addWidget(m_minSelf);
    f->addWidget(new QLabel(tr("Type:"), m_filters));
    f->addWidget(m_type);
    f->addWidget(new QLabel(tr("Service:"), m_filters));
    f->addWidget(m_service);
    f->addWidget(new QLabel(tr("Host:"), m_filters));
    f->addWidget(m_host);
    f->addStretch(1);
    m_filters->hide();
    v->addWidget(m_filters);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);
    connect(m_debounce, &QTimer::timeout, this, &SearchBar::apply);
    connect(m_text, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_text, &QLineEdit::returnPressed, this, [this] {
        if (m_debounce->isActive() || m_task->isRunning()) {
            apply();
            return;
        }
        if (QGuiApplication::keyboardModifiers() & Qt::ShiftModifier)
            selectPreviousMatch();
        else
            selectNextMatch();
    });
    for (QCheckBox *c : { m_regex, m_payload, m_errorsOnly })
        connect(c, &QCheckBox::toggled, this, &SearchBar::apply);
    for (QDoubleSpinBox *b : { m_minDuration, m_minSelf })
        connect(b, &QDoubleSpinBox::valueChanged, this, &SearchBar::apply);
    for (QComboBox *c : { m_type, m_service, m_host })
        connect(c, &QComboBox::currentIndexChanged, this, &SearchBar::apply);
    connect(m_more, &QToolButton::toggled, this, &SearchBar::setFiltersVisible);
    connect(m_prev, &QToolButton::clicked, this, &SearchBar::selectPreviousMatch);
    connect(m_next, &QToolButton::clicked, this, &SearchBar::selectNextMatch);
    connect(m_task, &AsyncTask::busyChanged, this, [this](bool busy) {
        if (busy)
            m_count->setText(tr("searching…"));
    });
    connect(session, &TraceSession::selectionChanged, this, &SearchBar::updateCount);
    updateCount();
}

void SearchBar::setFiltersVisible(bool visible)
{
    if (visible)
        fillChoices();
    m_more->setChecked(visible);
    m_filters->setVisible(visible);
}

void SearchBar::fillChoices()
{
    if (m_choicesFilled)
        return;
    m_choicesFilled = true;
    // The distinct names, services and hosts: one pass over the spans, marks per string id.
    const Trace &t = *m_session->trace();
    std::vector<uint8_t> seen(t.strings().size() + 1, 0);
    for (const Span &s : t.spans()) {
        if (s.name != NoString && s.name < seen.size())
            seen[s.name] |= 1;
        if (s.service != NoString && s.service < seen.size())
            seen[s.service] |= 2;
        if (s.host != NoString && s.host < seen.size())
            seen[s.host] |= 4;
    }
    QStringList names, services, hosts;
    for (size_t id = 0; id < seen.size(); ++id) {
        if (!seen[id])
            continue;
        const QString text = t.text(StringId(id));
        if (text.isEmpty())
            continue;
        if (seen[id] & 1)
            names << text;
        if (seen[id] & 2)
            services << text;
        if (seen[id] & 4)
            hosts << text;
    }
    for (auto [combo, list] : { std::pair { m_type, &names }, std::pair { m_service, &services },
             std::pair { m_host, &hosts } }) {
        list->sort(Qt::CaseInsensitive);
        const QSignalBlocker block(combo);
        combo->addItems(*list);
    }
}

SearchQuery SearchBar::query() const
{
    SearchQuery q;
    q.text = m_text->text();
    q.regex = m_regex->isChecked();
    q.payload = m_payload->isChecked();
    q.errorsOnly = m_errorsOnly->isChecked();
    q.minDurationUs = int64_t(m_minDuration->value() * 1000.0 + 0.5);
    q.minSelfUs = int64_t(m_minSelf->value() * 1000.0 + 0.5);
    if (m_type->currentIndex() > 0)
        q.type = m_type->currentText();
    if (m_service->currentIndex() > 0)
        q.service = m_service->currentText();
    if (m_host->currentIndex() > 0)
        q.host = m_host->currentText();
    return q;
}

bool SearchBar::isEmptyQuery(const SearchQuery &q) const
{
    return q.text.isEmpty() && !q.errorsOnly && q.minDurationUs == 0 && q.minSelfUs == 0
        && q.type.isEmpty() && q.service.isEmpty() && q.host.isEmpty();
}

bool SearchBar::isSearching() const
{
    return m_debounce->isActive() || m_task->isRunning();
}

void SearchBar::apply()
{
    m_debounce->stop();
    const SearchQuery q = query();
    if (isEmptyQuery(q)) {
        m_task->cancel();
        take(SearchResult {});
        return;
    }
    const TracePtr trace = m_session->trace();
    m_task->run(
        [trace, q](const std::atomic<bool> *cancel) { return searchTrace(*trace, q, cancel); },
        [this](SearchResult r) {
            if (!r.cancelled)
                take(std::move(r));
        });
}

void SearchBar::setRegexText(const QString &pattern)
{
    {
        const QSignalBlocker b1(m_text), b2(m_regex);
        m_text->setText(pattern);
        m_regex->setChecked(true);
    }
    m_debounce->stop();
    m_task->cancel();
    const SearchQuery q = query();
    if (isEmptyQuery(q)) {
        take(SearchResult {});
        return;
    }
    take(searchTrace(*m_session->trace(), q));
}

void SearchBar::clear()
{
    {
        const QSignalBlocker b1(m_text), b2(m_errorsOnly), b3(m_minDuration), b4(m_minSelf),
            b5(m_type), b6(m_service), b7(m_host);
        m_text->clear();
        m_errorsOnly->setChecked(false);
        m_minDuration->setValue(0);
        m_minSelf->setValue(0);
        m_type->setCurrentIndex(0);
        m_service->setCurrentIndex(0);
        m_host->setCurrentIndex(0);
    }
    apply();
}

void SearchBar::take(SearchResult r)
{
    if (!r.error.isEmpty()) {
        // An invalid regex: say so and keep the previous filter (typing goes through "(").
        m_text->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid %1; }")
                                  .arg(Theme::instance()->error().name()));
        m_text->setToolTip(tr("Invalid regular expression: %1").arg(r.error));
        return;
    }
    m_text->setStyleSheet(QString());
    m_text->setToolTip(tr("Keeps matching spans and their ancestors (Ctrl+F); Enter: next "
                          "match, Shift+Enter: previous"));
    m_result = std::move(r);
    const size_t count = m_result.matchCount();
    m_model->setFilterResult(m_result.visible, m_result.matches, count);
    emit matchesChanged(m_result.matches);
    updateCount();
}

void SearchBar::updateCount()
{
    const bool active = !m_result.matches.empty();
    m_prev->setEnabled(active && m_result.matchCount() > 0);
    m_next->setEnabled(active && m_result.matchCount() > 0);
    if (!active) {
        m_count->clear();
        return;
    }
    const SpanIndex cur = m_session->currentSpan();
    const auto &list = m_result.matchList;
    const auto it = std::lower_bound(list.begin(), list.end(), cur);
    const bool onMatch = it != list.end() && *it == cur;
    if (list.empty()) {
        m_count->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                             .arg(Theme::instance()->error().name(), tr("no matches")));
    } else if (onMatch) {
        m_count->setText(tr("%1 / %2 matches").arg(it - list.begin() + 1).arg(list.size()));
    } else {
        m_count->setText(tr("%n match(es)", nullptr, int(list.size())));
    }
}

void SearchBar::focusText()
{
    m_text->setFocus();
    m_text->selectAll();
}

bool SearchBar::selectNextMatch()
{
    const SpanIndex s = m_result.next(m_session->currentSpan());
    if (s == NoSpan)
        return false;
    m_session->setCurrentSpan(s);
    updateCount();
    return true;
}

bool SearchBar::selectPreviousMatch()
{
    const SpanIndex s = m_result.previous(m_session->currentSpan());
    if (s == NoSpan)
        return false;
    m_session->setCurrentSpan(s);
    updateCount();
    return true;
}

} // namespace Osp
