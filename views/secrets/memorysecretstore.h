#pragma once

#include "views/secrets/secretstore.h"

#include <QHash>

namespace Osp {

/// A SecretStore in memory, answering from the event loop as the keyring does: for tests,
/// which can also make it behave like a machine without a keyring.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);

    QHash<QString, QString> secrets() const { return m_secrets; }
    void setSecret(const QString &key, const QString &secret) { m_secrets.insert(key, secret); }
    /// Every later call reports Unavailable with this text (empty: the store works again).
    void setMissing(const QString &error) { m_missing = error; }

protected:
    void start(Operation op, const QString &key, const QString &secret, Callback finish) override;

private:
    QHash<QString, QString> m_secrets;
    QString m_missing;
};

} // namespace Osp
