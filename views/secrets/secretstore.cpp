#include "views/secrets/secretstore.h"

#include <QPointer>
#include <QTimer>

namespace Osp {

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{ }

void SecretStore::read(const QString &key, QObject *context, Callback done)
{
    run(Operation::Read, key, QString(), context, std::move(done));
}

void SecretStore::write(const QString &key, const QString &secret, QObject *context, Callback done)
{
    run(Operation::Write, key, secret, context, std::move(done));
}

void SecretStore::remove(const QString &key, QObject *context, Callback done)
{
    run(Operation::Remove, key, QString(), context, std::move(done));
}

void SecretStore::run(
    Operation op, const QString &key, const QString &secret, QObject *context, Callback done)
{
    QPointer<QObject> guard(context);
    if (!m_unavailable.isEmpty()) {
        QTimer::singleShot(0, this, [this, guard, done = std::move(done)] {
            if (guard)
                done({ Status::Unavailable, QString(), m_unavailable });
        });
        return;
    }
    start(op, key, secret, [this, guard, done = std::move(done)](const Result &r) {
        if (r.status == Status::Unavailable && m_unavailable.isEmpty()) {
            m_unavailable = r.error.isEmpty() ? tr("unknown error") : r.error;
            emit becameUnavailable(m_unavailable);
        }
        if (guard)
            done(r);
    });
}

} // namespace Osp
