#pragma once

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;
class QTreeView;

namespace Osp {

class AsyncTask;
class Collector;
class RememberedSecrets;
class SecretStore;
class TraceDetailsLoader;
class TraceListModel;

/// File ▸ Open from collector…: a connection string (with a history that never stores
/// passwords) and a password field, remembered in the desktop keyring only when asked, the
/// collector's trace list read off the GUI thread (newest first; filter by text and time window;
/// duration, services and errors read lazily for the rows on screen; copy the id or an `osprofiler
/// trace show` command), progress with Cancel, and errors that leave the dialog usable. Accepting
/// asks the caller to open the chosen trace.
class CollectorDialog : public QDialog
{
    Q_OBJECT
public:
    /// The time window presets, in the order of the window box.
    enum TimeWindow { AnyTime, Last15Minutes, LastHour, Last24Hours, Last7Days, CustomRange };

    /// useSettings=false: no history is read or written (tests, screenshots).
    explicit CollectorDialog(bool useSettings = true, QWidget *parent = nullptr);
    ~CollectorDialog() override;

    /// What the user typed, with the password field's password in it.
    QString connectionString() const;
    void setConnectionString(const QString &url);
    /// Where "Remember password in the keyring" keeps passwords; none (the default): the box
    /// is hidden.
    void setSecretStore(SecretStore *store);
    RememberedSecrets *rememberedSecrets() const { return m_secrets; }
    /// The base id of the selected trace, empty when none.
    QString selectedTraceId() const;
    /// Base ids of every selected trace, oldest first (the list is newest first).
    QStringList selectedTraceIds() const;
    TraceListModel *model() const { return m_model; }
    TraceDetailsLoader *detailsLoader() const { return m_details; }
    bool isListing() const { return m_listing; }
    QString errorText() const;

    /// The history entry for a connection string: the password removed (never stored).
    static QString historyEntry(const QString &url);

    /// Closing cancels the background reads.
    void done(int result) override;

public slots:
    void list();
    void cancel();
    void copyId();
    void copyCommand();
    void setTimeWindow(Osp::CollectorDialog::TimeWindow window);

signals:
    void openRequested(const QString &connectionString, const QString &baseId);
    /// Two traces selected and Compare pressed: A is the older one.
    void compareRequested(
        const QString &connectionString, const QString &baseIdA, const QString &baseIdB);

private:
    void setListing(bool on);
    void showError(const QString &text);
    void remember(const QString &url);
    void loadPassword();
    void selectionChanged();
    void applyTimeWindow();
    void requestVisibleDetails();

    bool m_useSettings;
    QComboBox *m_url;
    QLineEdit *m_password;
    RememberedSecrets *m_secrets;
    QCheckBox *m_errorsOnly;
    QPushButton *m_listButton;
    QLineEdit *m_filter;
    QComboBox *m_window;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QTreeView *m_table;
    TraceListModel *m_model;
    TraceDetailsLoader *m_details;
    QTimer *m_visibleTimer;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QLabel *m_message;
    QPushButton *m_copyId;
    QPushButton *m_copyCommand;
    QPushButton *m_open;
    QPushButton *m_compare;
    std::shared_ptr<Collector> m_collector;
    QString m_listedUrl; ///< redacted: the collector whose details the model caches
    AsyncTask *m_task; ///< lists on the collector I/O pool
    bool m_listing = false;
};

} // namespace Osp
