#include "views/collectors/profiledialog.h"

#include "collectors/collectorrunner.h"
#include "collectors/connectionstring.h"
#include "collectors/profilerequest.h"
#include "collectors/tracesettler.h"
#include "views/collectors/connectionhistory.h"
#include "views/collectors/rememberedsecrets.h"
#include "views/common/asynctask.h"
#include "views/common/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QUrl>
#include <QUuid>
#include <QVBoxLayout>

#include <algorithm>

namespace Osp {

namespace {

QPlainTextEdit *smallTextEdit(QWidget *parent, const QString &name, const QString &placeholder)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setTabChangesFocus(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * 4 + 12);
    return edit;
}

QString seconds(qint64 ms)
{
    return QString::number(static_cast<double>(ms) / 1000.0, 'f', 1);
}

} // namespace

ProfileDialog::ProfileDialog(bool useSettings, QWidget *parent)
    : QDialog(parent)
    , m_useSettings(useSettings)
    , m_task(new AsyncTask(this))
{
    setWindowTitle(tr("Profile a Request"));
    setObjectName(QStringLiteral("profileDialog"));
    m_task->setPool(CollectorRunner::pool()); // a hung server must not starve the analyses
    auto *v = new QVBoxLayout(this);

    auto *request = new QGroupBox(tr("Request"), this);
    auto *rf = new QFormLayout(request);
    m_requestUrl = new QLineEdit(request);
    m_requestUrl->setObjectName(QStringLiteral("requestUrl"));
    m_requestUrl->setPlaceholderText(QStringLiteral("http://controller:8774/v2.1/servers"));
    m_method = new QComboBox(request);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->setEditable(true);
    m_method->addItems({ QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD") });
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_method);
    urlRow->addWidget(m_requestUrl, 1);
    auto *urlLabel = new QLabel(tr("&URL:"), request); // a layout row gets no buddy by itself
    urlLabel->setBuddy(m_requestUrl);
    rf->addRow(urlLabel, urlRow);
    m_headers = smallTextEdit(request, QStringLiteral("headers"),
        QStringLiteral("X-Auth-Token: gAAAAA…\nContent-Type: application/json"));
    m_headers->setToolTip(tr("One header per line, as Name: value"));
    rf->addRow(tr("&Headers:"), m_headers);
    m_body = smallTextEdit(request, QStringLiteral("body"), tr("Optional request body"));
    rf->addRow(tr("&Body:"), m_body);
    v->addWidget(request);

    auto *profiling = new QGroupBox(tr("Profiling"), this);
    auto *pf = new QFormLayout(profiling);
    m_hmacKey = new QLineEdit(profiling);
    m_hmacKey->setObjectName(QStringLiteral("hmacKey"));
    m_hmacKey->setEchoMode(QLineEdit::Password);
    m_hmacKey->setPlaceholderText(tr("one of the services' [profiler]/hmac_keys"));
    m_hmacKey->setToolTip(tr("Signs the trace headers. Never shown or logged; kept in the "
                             "desktop keyring only when you ask below."));
    pf->addRow(tr("HMAC &key:"), m_hmacKey);
    m_connection = new QComboBox(profiling);
    m_connection->setObjectName(QStringLiteral("connectionString"));
    m_connection->setEditable(true);
    m_connection->setInsertPolicy(QComboBox::NoInsert);
    m_connection->lineEdit()->setPlaceholderText(QStringLiteral("redis://127.0.0.1:6379/0"));
    m_connection->setToolTip(tr("The collector the services write to ([profiler]/"
                                "connection_string). Passwords are never stored in the history."));
    if (m_useSettings)
        m_connection->addItems(ConnectionHistory::entries());
    m_connection->setCurrentIndex(m_connection->count() > 0 ? 0 : -1);
    pf->addRow(tr("&Collector:"), m_connection);
    m_password = RememberedSecrets::newPasswordField(profiling);
    pf->addRow(tr("Collector pass&word:"), m_password);
    m_secrets = new RememberedSecrets(tr("Remember the HMAC key and password in the keyring"),
        tr("Keep the HMAC key and the collector's password in the desktop keyring (GNOME "
           "Keyring, KWallet, KeePassXC) and fill them in when you pick the collector again. "
           "Unchecked, they are kept nowhere, and those remembered before are removed. They "
           "never go to a file."),
        profiling);
    pf->addRow(QString(), m_secrets->checkBox());
    pf->addRow(QString(), m_secrets->notice());
    m_quiet = new QDoubleSpinBox(profiling);
    m_quiet->setObjectName(QStringLiteral("quietPeriod"));
    m_quiet->setRange(0.1, 600);
    m_quiet->setDecimals(1);
    m_quiet->setValue(3);
    m_quiet->setSuffix(tr(" s"));
    m_quiet->setToolTip(tr("Open the trace once no new event arrived for this long: services "
                           "keep writing after the API answered (boots, migrations)"));
    m_maxWait = new QSpinBox(profiling);
    m_maxWait->setObjectName(QStringLiteral("maxWait"));
    m_maxWait->setRange(1, 3600);
    m_maxWait->setValue(120);
    m_maxWait->setSuffix(tr(" s"));
    m_maxWait->setToolTip(tr("Open what has arrived after this long, and follow the trace"));
    auto *waitRow = new QHBoxLayout;
    waitRow->addWidget(m_quiet);
    waitRow->addWidget(new QLabel(tr("at most"), profiling));
    waitRow->addWidget(m_maxWait);
    waitRow->addStretch(1);
    auto *quietLabel = new QLabel(tr("&Quiet period:"), profiling);
    quietLabel->setBuddy(m_quiet);
    pf->addRow(quietLabel, waitRow);
    v->addWidget(profiling);

    m_response = new QLabel(this);
    m_response->setObjectName(QStringLiteral("response"));
    m_response->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_response->font();
    bold.setBold(true);
    m_response->setFont(bold);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("profileMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(m_progress->fontMetrics().height() / 2 + 4);
    v->addWidget(m_response);
    v->addWidget(m_message);
    v->addWidget(m_progress);
    v->addStretch(1);

    auto *buttons = new QDialogButtonBox(this);
    m_send = buttons->addButton(tr("&Send"), QDialogButtonBox::ActionRole);
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_openNow = buttons->addButton(tr("&Open now"), QDialogButtonBox::ActionRole);
    m_openNow->setObjectName(QStringLiteral("openNow"));
    m_openNow->setToolTip(tr("Stop waiting: open what has arrived and keep following the trace"));
    m_cancel = buttons->addButton(tr("Cancel"), QDialogButtonBox::ActionRole);
    m_cancel->setObjectName(QStringLiteral("cancel"));
    buttons->addButton(QDialogButtonBox::Close);
    v->addWidget(buttons);

    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(100);
    connect(m_progressTimer, &QTimer::timeout, this, &ProfileDialog::updateProgress);
    connect(m_send, &QPushButton::clicked, this, &ProfileDialog::send);
    connect(m_connection, &QComboBox::editTextChanged, m_secrets, &RememberedSecrets::edited);
    connect(m_connection, &QComboBox::activated, this, &ProfileDialog::loadSecrets);
    connect(m_openNow, &QPushButton::clicked, this, &ProfileDialog::openNow);
    connect(m_cancel, &QPushButton::clicked, this, &ProfileDialog::cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setStage(Stage::Idle);
    resize(720, sizeHint().height());
}

ProfileDialog::~ProfileDialog()
{
    cancel();
}

void ProfileDialog::done(int result)
{
    cancel();
    QDialog::done(result);
}

void ProfileDialog::setRequestUrl(const QString &url)
{
    m_requestUrl->setText(url);
}

void ProfileDialog::setMethod(const QString &method)
{
    m_method->setCurrentText(method);
}

void ProfileDialog::setHeaders(const QString &lines)
{
    m_headers->setPlainText(lines);
}

void ProfileDialog::setBody(const QString &body)
{
    m_body->setPlainText(body);
}

void ProfileDialog::setHmacKey(const QString &key)
{
    m_hmacKey->setText(key);
}

void ProfileDialog::setConnectionString(const QString &url)
{
    m_connection->setEditText(url);
}

QString ProfileDialog::connectionString() const
{
    return ConnectionString::withPassword(
        m_connection->currentText().trimmed(), m_password->text());
}

void ProfileDialog::setSecretStore(SecretStore *store)
{
    m_secrets->setStore(store);
    loadSecrets(); // the history's first entry is already picked
}

void ProfileDialog::loadSecrets()
{
    m_secrets->load(m_connection->currentText().trimmed(),
        { { RememberedSecrets::Secret::Password, m_password },
            { RememberedSecrets::Secret::HmacKey, m_hmacKey } });
}

void ProfileDialog::setQuietSeconds(double s)
{
    m_quiet->setValue(s);
}

void ProfileDialog::setMaxWaitSeconds(int s)
{
    m_maxWait->setValue(s);
}

QString ProfileDialog::responseText() const
{
    return m_response->text();
}

QString ProfileDialog::messageText() const
{
    return m_message->text();
}

void ProfileDialog::setStage(Stage stage)
{
    m_stage = stage;
    const bool busy = stage != Stage::Idle;
    m_send->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_openNow->setEnabled(stage == Stage::Waiting);
    m_progress->setVisible(busy);
    m_progress->setRange(0, 0); // busy until the wait knows how far it is
    for (QWidget *w : std::initializer_list<QWidget *> { m_requestUrl, m_method, m_headers, m_body,
             m_hmacKey, m_connection, m_password, m_quiet, m_maxWait })
        w->setEnabled(!busy);
    if (stage == Stage::Waiting)
        m_progressTimer->start();
    else
        m_progressTimer->stop();
}

void ProfileDialog::showMessage(const QString &text, bool error)
{
    m_message->setStyleSheet(error
            ? QStringLiteral("QLabel { color: %1; }").arg(Theme::instance()->error().name())
            : QString());
    m_message->setText(text);
}

void ProfileDialog::send()
{
    if (isBusy())
        return;
    const QUrl url = QUrl::fromUserInput(m_requestUrl->text().trimmed());
    if (m_requestUrl->text().trimmed().isEmpty() || !url.isValid()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        showMessage(tr("Type the request's http:// or https:// URL first."), true);
        return;
    }
    ProfileRequest probe; // only to check the header lines here, before anything is sent
    const QStringList lines = m_headers->toPlainText().split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (!lines[i].trimmed().isEmpty() && !probe.addHeader(lines[i])) {
            showMessage(tr("Header line %1 is not \"Name: value\".").arg(i + 1), true);
            return;
        }
    }
    if (m_hmacKey->text().isEmpty()) {
        showMessage(tr("Type the HMAC key: one of the services' [profiler]/hmac_keys."), true);
        return;
    }
    if (connectionString().isEmpty()) {
        showMessage(
            tr("Type the collector's connection string, e.g. redis://127.0.0.1:6379/0"), true);
        return;
    }
    Result<std::unique_ptr<Collector>> created = Collector::create(connectionString());
    if (!created.ok()) {
        showMessage(created.error().toString(), true);
        return;
    }
    m_collector = std::move(created).value();
    m_runConnection = connectionString();
    m_baseId.clear();
    m_response->clear();
    checkCollector();
}

void ProfileDialog::checkCollector()
{
    // A request may create a server or a volume: do not send it when the trace cannot be read.
    setStage(Stage::CheckingCollector);
    showMessage(tr("Checking the collector %1…").arg(m_collector->url().redacted()));
    const QString probeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_task->run(
        [collector = m_collector, probeId](const std::atomic<bool> *cancel) {
            LoadOptions options;
            options.cancel = cancel;
            const FetchResult r = collector->fetchTrace(probeId, options);
            return !r.ok() && !r.cancelled() && r.error().kind != Error::NotFound
                ? std::optional<Error>(r.error())
                : std::nullopt;
        },
        [this](const std::optional<Error> &failed) {
            if (failed) {
                setStage(Stage::Idle);
                showMessage(tr("The collector does not answer, so nothing was sent: %1")
                                .arg(failed->toString()),
                    true);
                return;
            }
            if (m_useSettings)
                ConnectionHistory::remember(m_runConnection);
            // The collector answered with this password; the key is remembered with it (the
            // services' answer cannot tell whether it was right).
            m_secrets->save(m_runConnection,
                { { RememberedSecrets::Secret::Password,
                      ConnectionString::parse(m_runConnection).password() },
                    { RememberedSecrets::Secret::HmacKey, m_hmacKey->text() } });
            sendRequest();
        });
}

void ProfileDialog::sendRequest()
{
    auto request = std::make_shared<ProfileRequest>();
    request->url = QUrl::fromUserInput(m_requestUrl->text().trimmed()).toString();
    request->method = m_method->currentText().trimmed().toUpper().toUtf8();
    for (const QString &line : m_headers->toPlainText().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty())
            request->addHeader(line);
    request->body = m_body->toPlainText().toUtf8();
    request->timeoutMs = m_maxWait->value() * 1000;
    setStage(Stage::Sending);
    showMessage(tr("Sending %1 %2…").arg(QString::fromUtf8(request->method), request->url));
    // The key goes to the worker by value and dies with it; nothing else keeps a copy.
    m_task->run(
        [request, key = m_hmacKey->text().toUtf8()](const std::atomic<bool> *cancel) {
            request->cancel = cancel;
            return request->send(key);
        },
        [this, request](const ProfileRequest::Result &sent) {
            m_baseId = sent.baseId;
            if (sent.httpStatus == 0) {
                setStage(Stage::Idle);
                showMessage(tr("No answer from %1: %2").arg(request->url, sent.error), true);
                return;
            }
            m_response->setText(tr("HTTP %1 in %2 ms · trace %3")
                                    .arg(sent.httpStatus)
                                    .arg(sent.elapsedMs)
                                    .arg(sent.baseId));
            m_response->setStyleSheet(sent.httpStatus >= 400
                    ? QStringLiteral("QLabel { color: %1; }").arg(Theme::instance()->error().name())
                    : QString());
            waitForTrace();
        });
}

void ProfileDialog::waitForTrace()
{
    setStage(Stage::Waiting);
    m_stopWaiting = std::make_shared<std::atomic<bool>>(false);
    m_status = std::make_shared<TraceSettlerStatus>();
    updateProgress();
    TraceSettler settler;
    settler.quietMs = static_cast<int>(m_quiet->value() * 1000);
    settler.maxWaitMs = m_maxWait->value() * 1000;
    m_task->run(
        [settler, collector = m_collector, stop = m_stopWaiting, status = m_status, id = m_baseId](
            const std::atomic<bool> *cancel) mutable {
            settler.cancel = cancel;
            settler.stopWaiting = stop.get();
            settler.status = status.get();
            return settler.wait(*collector, id);
        },
        [this](const Result<TraceSettler::Arrival> &r) {
            setStage(Stage::Idle);
            if (!r.ok()) {
                showMessage(r.cancelled() ? tr("No trace.") : r.error().toString(), true);
                return;
            }
            const TraceSettler::Arrival &arrival = r.value();
            const qint64 events = static_cast<qint64>(arrival.last.eventCount);
            switch (arrival.outcome) {
            case TraceSettler::Arrival::StillArriving:
                showMessage(tr("%n event(s) so far and still arriving after %1 s: opened and "
                               "following it.",
                    nullptr, int(events))
                                .arg(m_maxWait->value()));
                break;
            case TraceSettler::Arrival::StoppedEarly:
                showMessage(
                    tr("Opened with %n event(s) so far; following it.", nullptr, int(events)));
                break;
            default:
                showMessage(tr("%n event(s), none new for %1 s: opened.", nullptr, int(events))
                                .arg(m_quiet->value()));
                break;
            }
            emit openRequested(
                m_runConnection, m_baseId, arrival.outcome != TraceSettler::Arrival::Settled);
        });
}

void ProfileDialog::updateProgress()
{
    if (!m_status || m_stage != Stage::Waiting)
        return;
    const qint64 events = m_status->events;
    const QString waited = tr("waited %1 s of at most %2 s")
                               .arg(seconds(m_status->elapsedMs))
                               .arg(m_maxWait->value());
    if (events == 0) {
        m_progress->setRange(0, 0);
        showMessage(tr("Waiting for the first event… (%1)").arg(waited));
        return;
    }
    // The bar fills as the quiet spell grows and drops back when an event arrives.
    const int quietMs = static_cast<int>(m_quiet->value() * 1000);
    m_progress->setRange(0, quietMs);
    m_progress->setValue(static_cast<int>(std::min<qint64>(m_status->quietMs, quietMs)));
    showMessage(tr("Waiting for the trace to settle: %n event(s), none new for %1 s of %2 s (%3)",
        nullptr, int(events))
                    .arg(seconds(m_status->quietMs))
                    .arg(m_quiet->value())
                    .arg(waited));
}

void ProfileDialog::openNow()
{
    if (m_stage == Stage::Waiting && m_stopWaiting)
        m_stopWaiting->store(true); // the wait returns what it has within ~20 ms
}

void ProfileDialog::cancel()
{
    if (!isBusy())
        return;
    const Stage was = m_stage;
    m_task->cancel(); // the late answer is dropped
    if (m_collector)
        m_collector->cancel(); // a blocking socket call returns at once
    setStage(Stage::Idle);
    showMessage(was == Stage::Sending
            ? tr("Cancelled. The request may already have reached the server.")
            : tr("Cancelled."));
}

} // namespace Osp
