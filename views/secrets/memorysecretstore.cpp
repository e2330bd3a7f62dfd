#include "views/secrets/memorysecretstore.h"

#include <QTimer>

namespace Osp {

MemorySecretStore::MemorySecretStore(QObject *parent)
    : SecretStore(parent)
{ }

void MemorySecretStore::start(
    Operation op, const QString &key, const QString &secret, Callback finish)
{
    QTimer::singleShot(0, this, [this, op, key, secret, finish = std::move(finish)] {
        Result r;
        if (!m_missing.isEmpty()) {
            r.status = Status::Unavailable;
            r.error = m_missing;
        } else if (op == Operation::Write) {
            m_secrets.insert(key, secret);
        } else if (!m_secrets.contains(key)) {
            r.status = Status::NotFound;
            r.error = QStringLiteral("no secret for %1").arg(key);
        } else if (op == Operation::Read) {
            r.secret = m_secrets.value(key);
        } else {
            m_secrets.remove(key);
        }
        finish(r);
    });
}

} // namespace Osp
