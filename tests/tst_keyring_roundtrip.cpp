// Secrets: the real keyring. KeychainSecretStore writes, reads back, removes and then
// misses a secret in a gnome-keyring-daemon of its own: tests/keyring_roundtrip.sh starts one
// on a private D-Bus session (dbus-run-session) with a throw-away login keyring in a temporary
// HOME, unlocked from standard input, so nothing prompts. Without that session this test has
// nothing to talk to and skips.

#include "views/secrets/keychainsecretstore.h"

#include <QCoreApplication>
#include <QtTest>

#include <optional>

using namespace Osp;

class TestKeyringRoundTrip : public QObject
{
    Q_OBJECT

    SecretStore::Result call(const std::function<void(SecretStore::Callback)> &start)
    {
        std::optional<SecretStore::Result> answer;
        start([&answer](const SecretStore::Result &r) { answer = r; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 20000); }();
        return answer.value_or(SecretStore::Result { SecretStore::Status::Failed, {}, {} });
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("OSP_TEST_KEYRING"))
            QSKIP("run through tests/keyring_roundtrip.sh (a private gnome-keyring-daemon)");
    }

    void writeReadRemove()
    {
        KeychainSecretStore store;
        const QString key = QStringLiteral("redis://osp@keyring-test.invalid:6379/0");
        const QString secret = QStringLiteral("Kx7@pw/Q:z ünïcode");
        SecretStore::Result r
            = call([&](SecretStore::Callback done) { store.write(key, secret, this, done); });
        QVERIFY2(r.status == SecretStore::Status::Ok, qPrintable(r.error));
        r = call([&](SecretStore::Callback done) { store.read(key, this, done); });
        QVERIFY2(r.status == SecretStore::Status::Ok, qPrintable(r.error));
        QCOMPARE(r.secret, secret);
        r = call([&](SecretStore::Callback done) { store.remove(key, this, done); });
        QVERIFY2(r.status == SecretStore::Status::Ok, qPrintable(r.error));
        r = call([&](SecretStore::Callback done) { store.read(key, this, done); });
        QCOMPARE(int(r.status), int(SecretStore::Status::NotFound));
        QVERIFY(store.unavailableReason().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestKeyringRoundTrip)
#include "tst_keyring_roundtrip.moc"
