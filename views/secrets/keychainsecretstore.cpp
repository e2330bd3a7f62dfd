#include "views/secrets/keychainsecretstore.h"

#include <qt6keychain/keychain.h>

namespace Osp {

namespace {

SecretStore::Status statusOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return SecretStore::Status::Ok;
    case QKeychain::EntryNotFound:
        return SecretStore::Status::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::CouldNotDeleteEntry:
        return SecretStore::Status::Failed;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
    // OtherError is what qtkeychain reports when D-Bus or the Secret Service is missing
    // (libsecret's own message comes with it).
    return SecretStore::Status::Unavailable;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : SecretStore(parent)
{ }

void KeychainSecretStore::start(
    Operation op, const QString &key, const QString &secret, Callback finish)
{
    // Jobs are children of the store: a store deleted first takes them (and their answers).
    QKeychain::Job *job = nullptr;
    switch (op) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(service(), this);
        break;
    case Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(service(), this);
        write->setTextData(secret);
        job = write;
        break;
    }
    case Operation::Remove:
        job = new QKeychain::DeletePasswordJob(service(), this);
        break;
    }
    job->setKey(key);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text copy when there is no keyring
    connect(job, &QKeychain::Job::finished, this,
        [op, finish = std::move(finish)](QKeychain::Job *done) {
            Result r;
            r.status = statusOf(done->error());
            if (r.status != Status::Ok)
                r.error = done->errorString();
            else if (op == Operation::Read)
                r.secret = static_cast<QKeychain::ReadPasswordJob *>(done)->textData();
            finish(r);
        });
    job->start(); // queued: finished arrives from the event loop
}

} // namespace Osp
