#pragma once

#include "views/secrets/secretstore.h"

namespace Osp {

/// The desktop keyring through qtkeychain (Secret Service: GNOME Keyring, KeePassXC; or
/// KWallet), service "ospview". Never falls back to a plain-text file: without a keyring
/// every call reports Unavailable.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit KeychainSecretStore(QObject *parent = nullptr);

protected:
    void start(Operation op, const QString &key, const QString &secret, Callback finish) override;
};

} // namespace Osp
