#include "collectordialog.h"

#include "collectors/collectorrunner.h"
#include "collectors/connectionstring.h"
#include "itemmodels/tracelistmodel.h"
#include "theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTreeView>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace Osp {

namespace {

const QLatin1String HistoryKey("collector/history");
constexpr int MaxHistory = 15;

} // namespace

CollectorDialog::CollectorDialog(bool useSettings, QWidget *parent)
    : QDialog(parent)
    , m_useSettings(useSettings)
{
    setWindowTitle(tr("Open from Collector"));
    setObjectName(QStringLiteral("collectorDialog"));
    resize(1000, 600);
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
        m_url->addItems(QSettings().value(HistoryKey).toStringList());
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

    auto *frow = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("traceFilter"));
    m_filter->setPlaceholderText(tr("Filter by id, request or start time"));
    m_filter->setClearButtonEnabled(true);
    frow->addWidget(new QLabel(tr("Filter:"), this));
    frow->addWidget(m_filter, 1);
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
    m_table = new QTreeView(this);
    m_table->setObjectName(QStringLiteral("traceList"));
    m_table->setModel(m_model);
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAllColumnsShowFocus(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(TraceListModel::StartColumn, 24 * ch);
    m_table->setColumnWidth(TraceListModel::SpansColumn, 8 * ch);
    m_table->setColumnWidth(TraceListModel::RequestColumn, 40 * ch);
    m_table->setColumnWidth(TraceListModel::ErrorColumn, 7 * ch);
    v->addWidget(m_table, 1);

    auto *buttons = new QDialogButtonBox(this);
    m_copyId = buttons->addButton(tr("Copy &id"), QDialogButtonBox::ActionRole);
    m_copyCommand = buttons->addButton(tr("Copy as &command"), QDialogButtonBox::ActionRole);
    m_copyCommand->setToolTip(tr("osprofiler trace show … --json for this trace (without the "
                                 "password)"));
    m_open = buttons->addButton(tr("&Open"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Close);
    v->addWidget(buttons);

    connect(m_listButton, &QPushButton::clicked, this, &CollectorDialog::list);
    connect(m_url->lineEdit(), &QLineEdit::returnPressed, this, &CollectorDialog::list);
    connect(m_cancel, &QPushButton::clicked, this, &CollectorDialog::cancel);
    connect(m_filter, &QLineEdit::textChanged, m_model, &TraceListModel::setFilterText);
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

QString CollectorDialog::connectionString() const
{
    return m_url->currentText().trimmed();
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

QString CollectorDialog::errorText() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

QString CollectorDialog::historyEntry(const QString &url)
{
    // Passwords never go to disk: the URL without them (the user types them again).
    QUrl u(url);
    if (!u.isValid() || u.scheme().isEmpty())
        return ConnectionString::redactText(url);
    u.setPassword(QString());
    if (u.userName().isEmpty())
        u.setUserInfo(QString()); // "redis://:pw@host" would leave "redis://@host"
    QUrlQuery q(u);
    for (const auto &item : q.queryItems())
        if (item.first.compare(QLatin1String("password"), Qt::CaseInsensitive) == 0)
            q.removeAllQueryItems(item.first);
    u.setQuery(q);
    return u.toString();
}

void CollectorDialog::remember(const QString &url)
{
    if (!m_useSettings)
        return;
    const QString entry = historyEntry(url);
    QSettings s;
    QStringList history = s.value(HistoryKey).toStringList();
    history.removeAll(entry);
    history.prepend(entry);
    while (history.size() > MaxHistory)
        history.removeLast();
    s.setValue(HistoryKey, history);
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
    CollectorError error;
    std::unique_ptr<Collector> created = Collector::create(url, &error);
    if (!created) {
        showError(error.toString());
        return;
    }
    m_collector = std::move(created);
    showError(QString());
    setListing(true);
    const quint64 generation = ++m_generation;
    TraceListOptions options;
    options.errorsOnly = m_errorsOnly->isChecked();
    auto *watcher = new QFutureWatcher<TraceListResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, url] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // cancelled or superseded
        setListing(false);
        TraceListResult r = watcher->result();
        if (r.cancelled)
            return;
        if (r.error) {
            showError(r.error->toString());
            return;
        }
        remember(url);
        const size_t n = r.traces.size();
        m_model->setTraces(std::move(r.traces));
        if (!r.notice.isEmpty()) {
            m_message->setStyleSheet(QString());
            m_message->setText(r.notice);
            m_message->show();
        } else if (n == 0) {
            m_message->setStyleSheet(QString());
            m_message->setText(tr("The collector holds no traces."));
            m_message->show();
        }
        if (n > 0)
            m_table->setCurrentIndex(m_model->index(0, 0));
    });
    watcher->setFuture(CollectorRunner::list(m_collector, options));
}

void CollectorDialog::cancel()
{
    if (m_collector && m_listing)
        m_collector->cancel(); // returns at once; the late result is dropped by generation
    ++m_generation;
    setListing(false);
}

void CollectorDialog::selectionChanged()
{
    const bool any = !selectedTraceId().isEmpty();
    m_copyId->setEnabled(any);
    m_copyCommand->setEnabled(any);
    m_open->setEnabled(any);
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
