#pragma once

#include "views/secrets/secretstore.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>

class QCheckBox;
class QLabel;
class QLineEdit;
class QWidget;

namespace Osp {

/// "Remember password in the keyring" for the collector dialogs: the check box (unchecked by
/// default), a notice for what the keyring answered (once "no desktop keyring"), and which
/// connections have secrets in the keyring. That list holds keyring keys — connection strings
/// without their passwords — in the settings, so connections nobody asked to remember never
/// touch the keyring, and no secret ever reaches the settings file.
class RememberedSecrets : public QObject
{
    Q_OBJECT
public:
    /// Which secret of a connection.
    enum class Secret { Password, HmacKey };
    using Fields = QList<QPair<Secret, QLineEdit *>>;
    using Values = QList<QPair<Secret, QString>>;

    /// The check box and the notice are children of `parent`, for the dialog to lay out.
    RememberedSecrets(const QString &checkText, const QString &toolTip, QWidget *parent);

    /// The collector password field of both dialogs (masked; its password replaces the
    /// connection string's, see ConnectionString::withPassword).
    static QLineEdit *newPasswordField(QWidget *parent);

    /// Without a store (settings off: tests, screenshots) the check box is hidden.
    void setStore(SecretStore *store);
    QCheckBox *checkBox() const { return m_check; }
    QLabel *notice() const { return m_notice; }
    QString noticeText() const;
    /// Reads or writes still running.
    bool isBusy() const { return m_pending > 0; }

    /// A connection was picked (or the dialog opened on one): the box says whether its secrets
    /// are remembered, and the keyring fills the empty fields when they are.
    void load(const QString &connectionString, const Fields &fields);
    /// The connection string is being edited: secrets filled in for another connection go,
    /// so one server's password is never sent to another.
    void edited(const QString &connectionString);
    /// A connection worked: checked, its secrets go to the keyring (an empty one is removed);
    /// unchecked, those remembered before are removed.
    void save(const QString &connectionString, const Values &secrets);

    /// The keyring key: the connection string without its passwords (as in the history).
    static QString keyringKey(const QString &connectionString, Secret which);
    /// The keys with a secret in the keyring, as recorded in the settings.
    static QStringList rememberedKeys();

private:
    static void setRemembered(const QString &key, bool on);
    void showNotice(const QString &text);
    void keyringUnavailable(const QString &reason);
    /// True when the keyring did it; otherwise says why (`failure` takes the keyring's words).
    /// NotFound counts as a failure here: callers for which it is fine check it first.
    bool answered(const SecretStore::Result &r, const QString &failure);

    QCheckBox *m_check;
    QLabel *m_notice;
    QPointer<SecretStore> m_store;
    QString m_loadedIdentity;
    quint64 m_generation = 0;
    int m_pending = 0;
    /// Fields the keyring filled, with what it put there (cleared when another connection is
    /// picked, unless the user typed over it).
    QHash<QLineEdit *, QString> m_filled;
};

} // namespace Osp
