#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace Osp {

/// Where the collector dialogs keep the secrets a user asked them to remember (collector
/// passwords, HMAC keys): the desktop keyring (KeychainSecretStore) or memory (tests). Every
/// call answers later on the GUI thread — keyrings are D-Bus services that may prompt, so
/// nothing waits for them. Keys name what a secret is for and never contain it.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Status {
        Ok,
        NotFound, ///< nothing stored under the key (read, remove)
        Failed, ///< the keyring refused (locked, access denied)
        Unavailable, ///< there is no keyring to talk to
    };
    struct Result
    {
        Status status = Status::Ok;
        QString secret; ///< read: what was stored
        QString error; ///< the keyring's own words when status is not Ok
    };
    using Callback = std::function<void(const Result &)>;

    /// The keyring service the secrets are filed under.
    static QString service() { return QStringLiteral("ospview"); }

    explicit SecretStore(QObject *parent = nullptr);

    /// `done` runs later, unless `context` is gone by then (a dialog closed meanwhile).
    void read(const QString &key, QObject *context, Callback done);
    void write(const QString &key, const QString &secret, QObject *context, Callback done);
    void remove(const QString &key, QObject *context, Callback done);

    /// Why secrets cannot be kept, once a call found out; empty until then. From then on every
    /// call fails with it at once (no job per dialog against a keyring that is not there).
    QString unavailableReason() const { return m_unavailable; }

signals:
    /// The first time a call finds no keyring (once per store, so the user is told once).
    void becameUnavailable(const QString &reason);

protected:
    enum class Operation { Read, Write, Remove };
    /// Starts one operation; must call finish exactly once, and later (not inside start()).
    virtual void start(Operation op, const QString &key, const QString &secret, Callback finish)
        = 0;

private:
    void run(
        Operation op, const QString &key, const QString &secret, QObject *context, Callback done);

    QString m_unavailable;
};

} // namespace Osp
