#pragma once

#include <QDialog>

#include <atomic>
#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace Osp {

class AsyncTask;
class Collector;
class RememberedSecrets;
class SecretStore;
struct TraceSettlerStatus;

/// File ▸ Profile a request…: sends one HTTP request with OSProfiler's signed trace headers
/// (X-Trace-Info / X-Trace-HMAC, as `openstack --os-profile KEY` does), shows the response
/// status and time, waits until the collector got no new event for a quiet period, and asks
/// the caller to open the trace. Before sending it checks that the collector answers, so a
/// request that changes something is not sent for nothing. All network work runs on the
/// collector I/O pool; Cancel answers at once. The HMAC key and the collector's password live in
/// password fields: never logged or shown, and stored only in the desktop keyring when asked.
class ProfileDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Stage { Idle, CheckingCollector, Sending, Waiting };
    Q_ENUM(Stage)

    /// useSettings=false: the connection history is neither read nor written (tests).
    explicit ProfileDialog(bool useSettings = true, QWidget *parent = nullptr);
    ~ProfileDialog() override;

    void setRequestUrl(const QString &url);
    void setMethod(const QString &method);
    /// One "Name: value" per line.
    void setHeaders(const QString &lines);
    void setBody(const QString &body);
    void setHmacKey(const QString &key);
    void setConnectionString(const QString &url);
    /// What the user typed, with the collector password field's password in it.
    QString connectionString() const;
    /// Where "Remember … in the keyring" keeps the HMAC key and the collector's password;
    /// none (the default): the box is hidden.
    void setSecretStore(SecretStore *store);
    RememberedSecrets *rememberedSecrets() const { return m_secrets; }
    void setQuietSeconds(double seconds);
    void setMaxWaitSeconds(int seconds);

    Stage stage() const { return m_stage; }
    bool isBusy() const { return m_stage != Stage::Idle; }
    /// The base id of the last request sent, empty before.
    QString baseId() const { return m_baseId; }
    /// "HTTP 202 Accepted in 143 ms", empty before an answer.
    QString responseText() const;
    /// The progress line, or the error that stopped the run.
    QString messageText() const;

    void done(int result) override;

public slots:
    void send();
    void cancel();
    /// Stops waiting and opens what has arrived so far (the trace is then followed).
    void openNow();

signals:
    /// follow: events may still arrive (opened early, or the maximum wait passed).
    void openRequested(const QString &connectionString, const QString &baseId, bool follow);

private:
    void setStage(Stage stage);
    void showMessage(const QString &text, bool error = false);
    void checkCollector();
    void sendRequest();
    void waitForTrace();
    void updateProgress();
    void loadSecrets();

    bool m_useSettings;
    QLineEdit *m_requestUrl;
    QComboBox *m_method;
    QPlainTextEdit *m_headers;
    QPlainTextEdit *m_body;
    QLineEdit *m_hmacKey;
    QComboBox *m_connection;
    QLineEdit *m_password;
    RememberedSecrets *m_secrets;
    QDoubleSpinBox *m_quiet;
    QSpinBox *m_maxWait;
    QLabel *m_response;
    QLabel *m_message;
    QProgressBar *m_progress;
    QPushButton *m_send;
    QPushButton *m_openNow;
    QPushButton *m_cancel;
    QTimer *m_progressTimer;
    AsyncTask *m_task;

    Stage m_stage = Stage::Idle;
    std::shared_ptr<Collector> m_collector;
    std::shared_ptr<std::atomic<bool>> m_stopWaiting;
    std::shared_ptr<TraceSettlerStatus> m_status;
    QString m_baseId;
    QString m_runConnection; ///< the connection string of the running profile
};

} // namespace Osp
