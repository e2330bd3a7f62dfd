#include "views/collectors/collectordialog.h"

#include "collectors/collectorrunner.h"
#include "collectors/connectionstring.h"
#include "collectors/tracedetailsloader.h"
#include "itemmodels/tracelistmodel.h"
#include "views/collectors/connectionhistory.h"
#include "views/collectors/rememberedsecrets.h"
#include "views/common/asynctask.h"
#include "views/common/theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace Osp {

CollectorDialog::CollectorDialog(bool useSettings, QWidget *parent)
    : QDialog(parent)
    , m_useSettings(useSettings)
    , m_task(new AsyncTask(this))
{
    m_task->setPool(CollectorRunner::pool()); // a hung server must not starve the analyses
    setWindowTitle(tr("Open from Collector"));
    setObjectName(QStringLiteral("collectorDialog"));
    resize(1200, 600);
    auto *v = new QVBoxLayout(this);

    auto *row = new QHBoxLayout;
    m_url = new QComboBox(this);
    m_url->setObjectName(QStringLiteral("connectionString"));
    m_url->setEditable(true);
    m_url->setInsertPolicy(QComboBox::NoInsert);
    m_url->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_url->lineEdit()->setPlaceholderText(
        QStringLiteral("redis://:password@127.0.0.1:6379/0  ·  mysql+pymysql://user:pw@host/db"));
    m_url->setToolTip(tr("The collector's connection string, as in [profiler]/connection_string "
                         "(Redis, Redis Sentinel, MySQL/MariaDB, PostgreSQL, SQLite). Passwords "
                         "are never stored in the history."));
    if (m_useSettings)
        m_url->addItems(ConnectionHistory::entries());
    m_url->setCurrentIndex(m_url->count() > 0 ? 0 : -1);
    auto *label = new QLabel(tr("&Connection string:"), this);
    label->setBuddy(m_url);
    m_errorsOnly = new QCheckBox(tr("Errors only"), this);
    m_errorsOnly->setToolTip(tr("Only traces with an error (OSProfiler's --error-trace)"));
    m_listButton = new QPushButton(tr("&List traces"), this);
    m_listButton->setDefault(true);
    row->addWidget(label);
    row->addWidget(m_url, 1);
    row->addWidget(m_errorsOnly);
    row->addWidget(m_listButton);
    v->addLayout(row);

    auto *passwordRow = new QHBoxLayout;
    m_password = RememberedSecrets::newPasswordField(this);
    m_password->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 32);
    auto *passwordLabel = new QLabel(tr("Pass&word:"), this);
    passwordLabel->setBuddy(m_password);
    m_secrets = new RememberedSecrets(tr("Remember password in the keyring"),
        tr("Keep this connection's password in the desktop keyring (GNOME Keyring, KWallet, "
           "KeePassXC) and fill it in when you pick the connection again. Unchecked, the "
           "password is kept nowhere, and one remembered before is removed. It never goes to a "
           "file."),
        this);
    passwordRow->addWidget(passwordLabel);
    passwordRow->addWidget(m_password);
    passwordRow->addWidget(m_secrets->checkBox());
    passwordRow->addStretch(1);
    v->addLayout(passwordRow);
    v->addWidget(m_secrets->notice());
    // Typed in this order: connection string, password, remember, then the rest of the row.
    setTabOrder(m_url, m_password);
    setTabOrder(m_password, m_secrets->checkBox());

    auto *frow = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("traceFilter"));
    m_filter->setPlaceholderText(tr("Filter by id, request or start time"));
    m_filter->setClearButtonEnabled(true);
    frow->addWidget(new QLabel(tr("Filter:"), this));
    frow->addWidget(m_filter, 1);
    m_window = new QComboBox(this);
    m_window->setObjectName(QStringLiteral("timeWindow"));
    m_window->addItems({ tr("Any time"), tr("Last 15 minutes"), tr("Last hour"),
        tr("Last 24 hours"), tr("Last 7 days"), tr("Custom range") });
    m_window->setToolTip(tr("Only traces that started in this window (by their oldest event)"));
    m_from = new QDateTimeEdit(this);
    m_to = new QDateTimeEdit(this);
    for (QDateTimeEdit *edit : { m_from, m_to }) {
        edit->setTimeSpec(Qt::UTC); // the list shows UTC, as the collectors store it
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
        edit->hide();
    }
    m_from->setObjectName(QStringLiteral("windowFrom"));
    m_to->setObjectName(QStringLiteral("windowTo"));
    m_from->setToolTip(tr("From (UTC)"));
    m_to->setToolTip(tr("To (UTC)"));
    frow->addWidget(m_window);
    frow->addWidget(m_from);
    frow->addWidget(m_to);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0); // the collector gives no progress: a busy bar
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelListing"));
    m_cancel->hide();
    frow->addWidget(m_progress);
    frow->addWidget(m_cancel);
    v->addLayout(frow);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("collectorMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    v->addWidget(m_message);

    m_model = new TraceListModel(this);
    m_details = new TraceDetailsLoader(this);
    m_table = new QTreeView(this);
    m_table->setObjectName(QStringLiteral("traceList"));
    m_table->setModel(m_model);
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAllColumnsShowFocus(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Two selected traces can be compared; Open takes the current one.
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Columns as wide as their usual text; the root request takes what is left, so the id
    // (the one column people copy) is never cut.
    const QFontMetrics fm = fontMetrics();
    const int pad = 3 * fm.horizontalAdvance(QLatin1Char('0'));
    auto fit = [&](int column, const QString &sample) {
        m_table->setColumnWidth(column, fm.horizontalAdvance(sample) + pad);
    };
    fit(TraceListModel::StartColumn, QStringLiteral("2026-12-31 23:59:59 UTC"));
    fit(TraceListModel::DurationColumn, QStringLiteral("999.999 ms+"));
    fit(TraceListModel::SpansColumn, QStringLiteral("Spans"));
    fit(TraceListModel::ServicesColumn,
        QStringLiteral("osapi_compute, neutron-server, nova-compute"));
    fit(TraceListModel::ErrorColumn, QStringLiteral("Error"));
    fit(TraceListModel::IdColumn, QStringLiteral("00000000-0000-0000-0000-000000000000"));
    m_table->header()->setStretchLastSection(false);
    m_table->header()->setSectionResizeMode(TraceListModel::RequestColumn, QHeaderView::Stretch);
    v->addWidget(m_table, 1);

    auto *buttons = new QDialogButtonBox(this);
    m_copyId = buttons->addButton(tr("Copy &id"), QDialogButtonBox::ActionRole);
    m_copyCommand = buttons->addButton(tr("Copy as &command"), QDialogButtonBox::ActionRole);
    m_copyCommand->setToolTip(tr("osprofiler trace show … --json for this trace (without the "
                                 "password)"));
    m_compare = buttons->addButton(tr("Co&mpare"), QDialogButtonBox::ActionRole);
    m_compare->setObjectName(QStringLiteral("compareTraces"));
    m_compare->setToolTip(tr("Select two traces: the older is A, the newer B"));
    m_open = buttons->addButton(tr("&Open"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Close);
    v->addWidget(buttons);

    connect(m_listButton, &QPushButton::clicked, this, &CollectorDialog::list);
    connect(m_url->lineEdit(), &QLineEdit::returnPressed, this, &CollectorDialog::list);
    connect(m_password, &QLineEdit::returnPressed, this, &CollectorDialog::list);
    connect(m_url, &QComboBox::editTextChanged, m_secrets, &RememberedSecrets::edited);
    connect(m_url, &QComboBox::activated, this, &CollectorDialog::loadPassword);
    connect(m_cancel, &QPushButton::clicked, this, &CollectorDialog::cancel);
    connect(m_filter, &QLineEdit::textChanged, m_model, &TraceListModel::setFilterText);
    connect(m_window, &QComboBox::currentIndexChanged, this,
        [this](int index) { setTimeWindow(static_cast<TimeWindow>(index)); });
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, &CollectorDialog::applyTimeWindow);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, &CollectorDialog::applyTimeWindow);

    // Details for the rows on screen: asked for shortly after the view settles (scrolling,
    // resizing, filtering), so a fast scroll through a long list reads nothing on the way.
    m_visibleTimer = new QTimer(this);
    m_visibleTimer->setSingleShot(true);
    m_visibleTimer->setInterval(120);
    connect(m_visibleTimer, &QTimer::timeout, this, &CollectorDialog::requestVisibleDetails);
    auto later = [this] { m_visibleTimer->start(); };
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, later);
    connect(m_table->verticalScrollBar(), &QScrollBar::rangeChanged, this, later);
    connect(m_model, &QAbstractItemModel::modelReset, this, later);
    connect(m_model, &TraceListModel::detailsWanted, m_details, &TraceDetailsLoader::request);
    connect(m_details, &TraceDetailsLoader::detailsReady, m_model, &TraceListModel::setDetails);
    connect(
        m_details, &TraceDetailsLoader::detailsFailed, m_model, &TraceListModel::setDetailsFailed);
    connect(m_copyId, &QPushButton::clicked, this, &CollectorDialog::copyId);
    connect(m_copyCommand, &QPushButton::clicked, this, &CollectorDialog::copyCommand);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString id = selectedTraceId();
        if (id.isEmpty())
            return;
        emit openRequested(connectionString(), id);
        accept();
    });
    connect(m_compare, &QPushButton::clicked, this, [this] {
        const QStringList ids = selectedTraceIds();
        if (ids.size() != 2)
            return;
        emit compareRequested(connectionString(), ids[0], ids[1]);
        accept();
    });
    connect(m_table, &QTreeView::doubleClicked, m_open, &QPushButton::click);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &CollectorDialog::selectionChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CollectorDialog::selectionChanged);
    selectionChanged();
}

CollectorDialog::~CollectorDialog()
{
    if (m_collector)
        m_collector->cancel();
}

void CollectorDialog::done(int result)
{
    cancel();
    m_details->cancelAll();
    m_model->forgetPending();
    QDialog::done(result);
}

void CollectorDialog::setTimeWindow(TimeWindow window)
{
    if (m_window->currentIndex() != window)
        m_window->setCurrentIndex(window); // comes back here through the signal
    const bool custom = window == CustomRange;
    if (custom && m_from->isHidden()) {
        // Start from the last 24 hours: the range most people narrow down from.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QSignalBlocker blockFrom(m_from), blockTo(m_to);
        m_from->setDateTime(now.addDays(-1));
        m_to->setDateTime(now.addSecs(60));
    }
    m_from->setVisible(custom);
    m_to->setVisible(custom);
    applyTimeWindow();
}

void CollectorDialog::applyTimeWindow()
{
    const int64_t nowUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    constexpr int64_t MinuteUs = 60'000'000;
    std::optional<int64_t> from, to;
    switch (m_window->currentIndex()) {
    case Last15Minutes:
        from = nowUs - 15 * MinuteUs;
        break;
    case LastHour:
        from = nowUs - 60 * MinuteUs;
        break;
    case Last24Hours:
        from = nowUs - 24 * 60 * MinuteUs;
        break;
    case Last7Days:
        from = nowUs - 7 * 24 * 60 * MinuteUs;
        break;
    case CustomRange:
        from = m_from->dateTime().toMSecsSinceEpoch() * 1000;
        to = m_to->dateTime().toMSecsSinceEpoch() * 1000;
        break;
    default:
        break;
    }
    m_model->setTimeWindow(from, to);
}

void CollectorDialog::requestVisibleDetails()
{
    if (m_model->rowCount() == 0 || !isVisible())
        return;
    const QRect area = m_table->viewport()->rect();
    const int first = m_table->indexAt(area.topLeft()).row();
    int last = m_table->indexAt(QPoint(0, area.bottom())).row();
    if (last < 0)
        last = m_model->rowCount() - 1; // the list ends above the bottom edge
    m_model->setVisibleRows(std::max(first, 0), last);
}

QString CollectorDialog::connectionString() const
{
    return ConnectionString::withPassword(m_url->currentText().trimmed(), m_password->text());
}

void CollectorDialog::setSecretStore(SecretStore *store)
{
    m_secrets->setStore(store);
    loadPassword(); // the history's first entry is already picked
}

void CollectorDialog::loadPassword()
{
    m_secrets->load(
        m_url->currentText().trimmed(), { { RememberedSecrets::Secret::Password, m_password } });
}

void CollectorDialog::setConnectionString(const QString &url)
{
    m_url->setEditText(url);
}

QString CollectorDialog::selectedTraceId() const
{
    const TraceSummary *t = m_model->traceAt(m_table->currentIndex().row());
    return t && m_table->selectionModel()->hasSelection() ? t->baseId : QString();
}

QStringList CollectorDialog::selectedTraceIds() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() > b.row(); });
    QStringList ids;
    for (const QModelIndex &i : std::as_const(rows))
        if (const TraceSummary *t = m_model->traceAt(i.row()))
            ids << t->baseId;
    return ids;
}

QString CollectorDialog::errorText() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

QString CollectorDialog::historyEntry(const QString &url)
{
    return ConnectionHistory::entry(url);
}

void CollectorDialog::remember(const QString &url)
{
    if (m_useSettings)
        ConnectionHistory::remember(url);
    // Only a password that worked is remembered.
    m_secrets->save(
        url, { { RememberedSecrets::Secret::Password, ConnectionString::parse(url).password() } });
}

void CollectorDialog::showError(const QString &text)
{
    m_message->setStyleSheet(
        QStringLiteral("QLabel { color: %1; }").arg(Theme::instance()->error().name()));
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void CollectorDialog::setListing(bool on)
{
    m_listing = on;
    m_progress->setVisible(on);
    m_cancel->setVisible(on);
    m_listButton->setEnabled(!on);
}

void CollectorDialog::list()
{
    const QString url = connectionString();
    if (url.isEmpty()) {
        showError(tr("Type a connection string first, e.g. redis://127.0.0.1:6379/0"));
        return;
    }
    cancel();
    Result<std::unique_ptr<Collector>> created = Collector::create(url);
    if (!created.ok()) {
        showError(created.error().toString());
        return;
    }
    m_collector = std::move(created).value();
    if (m_collector->url().redacted() != m_listedUrl) {
        m_listedUrl = m_collector->url().redacted();
        m_model->clearDetails(); // another collector: other traces under maybe the same ids
    }
    m_details->setFactory([url]() -> std::unique_ptr<Collector> {
        Result<std::unique_ptr<Collector>> c = Collector::create(url); // accepted just above
        return c.ok() ? std::move(c).value() : nullptr;
    });
    showError(QString());
    setListing(true);
    m_task->run(
        [collector = m_collector, errorsOnly = m_errorsOnly->isChecked()](
            const std::atomic<bool> *cancel) {
            TraceListOptions options;
            options.errorsOnly = errorsOnly;
            options.cancel = cancel;
            return collector->listTraces(options);
        },
        [this, url](TraceListResult r) {
            setListing(false);
            if (r.cancelled())
                return;
            if (!r.ok()) {
                showError(r.error().toString());
                return;
            }
            remember(url);
            applyTimeWindow(); // "last hour" means the hour before this list
            TraceList &list = r.value();
            const size_t n = list.traces.size();
            m_model->setTraces(std::move(list.traces));
            if (!list.notice.isEmpty()) {
                m_message->setStyleSheet(QString());
                m_message->setText(list.notice);
                m_message->show();
            } else if (n == 0) {
                m_message->setStyleSheet(QString());
                m_message->setText(tr("The collector holds no traces."));
                m_message->show();
            }
            if (n > 0)
                m_table->setCurrentIndex(m_model->index(0, 0));
        });
}

void CollectorDialog::cancel()
{
    if (m_collector && m_listing)
        m_collector->cancel(); // returns at once
    m_task->cancel(); // the late result is dropped
    setListing(false);
}

void CollectorDialog::selectionChanged()
{
    const bool any = !selectedTraceId().isEmpty();
    m_copyId->setEnabled(any);
    m_copyCommand->setEnabled(any);
    m_open->setEnabled(any);
    m_compare->setEnabled(selectedTraceIds().size() == 2);
}

void CollectorDialog::copyId()
{
    const QString id = selectedTraceId();
    if (!id.isEmpty())
        QApplication::clipboard()->setText(id);
}

void CollectorDialog::copyCommand()
{
    const QString id = selectedTraceId();
    if (id.isEmpty())
        return;
    // Without the password: a command on the clipboard ends up in chats and tickets.
    QApplication::clipboard()->setText(
        QStringLiteral("osprofiler trace show --connection-string '%1' %2 --json")
            .arg(historyEntry(connectionString()), id));
}

} // namespace Osp
