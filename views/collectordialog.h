#pragma once

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeView;

namespace Osp {

class Collector;
class TraceListModel;

/// File ▸ Open from collector…: a connection string (with a history that never stores
/// passwords), the collector's trace list read off the GUI thread (newest first; filter; copy
/// the id or an `osprofiler trace show` command), progress with Cancel, and errors that leave
/// the dialog usable. Accepting asks the caller to open the chosen trace.
class CollectorDialog : public QDialog
{
    Q_OBJECT
public:
    /// useSettings=false: no history is read or written (tests, screenshots).
    explicit CollectorDialog(bool useSettings = true, QWidget *parent = nullptr);
    ~CollectorDialog() override;

    QString connectionString() const;
    void setConnectionString(const QString &url);
    /// The base id of the selected trace, empty when none.
    QString selectedTraceId() const;
    TraceListModel *model() const { return m_model; }
    bool isListing() const { return m_listing; }
    QString errorText() const;

    /// The history entry for a connection string: the password removed (never stored).
    static QString historyEntry(const QString &url);

public slots:
    void list();
    void cancel();
    void copyId();
    void copyCommand();

signals:
    void openRequested(const QString &connectionString, const QString &baseId);

private:
    void setListing(bool on);
    void showError(const QString &text);
    void remember(const QString &url);
    void selectionChanged();

    bool m_useSettings;
    QComboBox *m_url;
    QCheckBox *m_errorsOnly;
    QPushButton *m_listButton;
    QLineEdit *m_filter;
    QTreeView *m_table;
    TraceListModel *m_model;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QLabel *m_message;
    QPushButton *m_copyId;
    QPushButton *m_copyCommand;
    QPushButton *m_open;
    std::shared_ptr<Collector> m_collector;
    quint64 m_generation = 0;
    bool m_listing = false;
};

} // namespace Osp
