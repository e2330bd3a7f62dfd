// Secrets: "Remember password in the keyring" in File ▸ Open from collector… and
// File ▸ Profile a request…. Against a private redis-server that wants a password, with the
// in-memory store: a remembered password goes to the store under the connection without its
// password and never into the settings file; unchecked, nothing is stored and what was is
// removed; picking the connection again fills the password in; a password that did not work
// is not kept; without a keyring the user is told once. And the real qtkeychain backend on a
// machine with no D-Bus session (no secret service) answers with an error, without hanging.
// The round trip through a real gnome-keyring-daemon: tst_keyring_roundtrip.

#include "collectors/connectionstring.h"
#include "screenshotdir.h"
#include "testservers.h"
#include "views/collectors/collectordialog.h"
#include "views/collectors/profiledialog.h"
#include "views/collectors/rememberedsecrets.h"
#include "views/secrets/keychainsecretstore.h"
#include "views/secrets/memorysecretstore.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <optional>

using namespace Osp;
using namespace OspTest;

namespace {

// What a private redis-server without traces answers when the password was right.
const QString Listed = QStringLiteral("The collector holds no traces.");

// '@', '/' and ':' as in real generated passwords; the URL carries it percent-encoded.
const QString Password = QStringLiteral("Kx7@pw/Q:z");

/// The settings file as bytes, so a password in any encoding QSettings might pick shows.
QByteArray settingsBytes()
{
    QSettings().sync();
    QFile f(QSettings().fileName());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool containsPassword(const QByteArray &bytes)
{
    return bytes.contains(Password.toUtf8()) || bytes.contains("Kx7")
        || bytes.contains(QUrl::toPercentEncoding(Password));
}

template <class Dialog> QLineEdit *passwordField(Dialog &d)
{
    return d.template findChild<QLineEdit *>(QStringLiteral("collectorPassword"));
}

} // namespace

class TestKeyring : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_runtimeDir;
    TestServer m_redis;
    int m_port = 0;
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_port); }

    /// Lists url() with `password` in the password field and the box as given.
    void listWith(CollectorDialog &dialog, const QString &password, bool remember)
    {
        dialog.show(); // errorText() reads the message line, which only a shown dialog shows
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setConnectionString(url());
        passwordField(dialog)->setText(password);
        dialog.rememberedSecrets()->checkBox()->setChecked(remember);
        dialog.list();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isListing(), 15000);
        QTRY_VERIFY(!dialog.rememberedSecrets()->isBusy());
    }

private slots:
    void initTestCase()
    {
        // Before anything talks to D-Bus: no session bus at all (not even the one systemd puts
        // under $XDG_RUNTIME_DIR), so the qtkeychain case meets a machine without a keyring
        // whatever this one has.
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DISPLAY");
        qputenv("XDG_RUNTIME_DIR", m_runtimeDir.path().toLocal8Bit());
        QStandardPaths::setTestModeEnabled(true); // never the user's ospview.conf
        QApplication::setOrganizationName(QStringLiteral("ospview-test"));
        QApplication::setApplicationName(QStringLiteral("tst_keyring"));
        QSettings().clear();
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

        const QString redisServer = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        if (redisServer.isEmpty())
            return; // the dialog cases skip; the keyring backend case still runs
        m_port = freePort();
        QVERIFY(m_redis.start(redisServer,
            { QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                QString::number(m_port), QStringLiteral("--requirepass"), Password,
                QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"),
                QStringLiteral("no"), QStringLiteral("--dir"), m_dir.path() }));
        QVERIFY(waitForPort(m_port, 10000));
    }

    void cleanupTestCase() { QSettings().clear(); }

    void checkedStoresInTheKeyringOnly()
    {
        if (!m_port)
            QSKIP("redis-server is not installed");
        MemorySecretStore store;
        CollectorDialog dialog(/*useSettings=*/true);
        dialog.setSecretStore(&store);
        QCheckBox *box = dialog.rememberedSecrets()->checkBox();
        QVERIFY(box->isVisibleTo(&dialog));
        QVERIFY(!box->isChecked()); // unchecked by default
        QVERIFY(!box->toolTip().isEmpty());
        listWith(dialog, Password, true);
        QCOMPARE(dialog.errorText(), Listed);

        // Under the connection without its password, as the history shows it.
        QCOMPARE(store.secrets(), (QHash<QString, QString> { { url(), Password } }));
        QCOMPARE(RememberedSecrets::rememberedKeys(), QStringList { url() });
        const QByteArray ini = settingsBytes();
        QVERIFY2(ini.contains(url().toUtf8()), ini.constData()); // the history was written
        QVERIFY2(!containsPassword(ini), ini.constData());
        OspTest::savePicture(&dialog, QStringLiteral("collector-dialog-keyring"));
    }

    void pickingTheConnectionFillsThePassword()
    {
        if (!m_port)
            QSKIP("redis-server is not installed");
        MemorySecretStore store;
        store.setSecret(url(), Password);
        // An older entry without a remembered password, below the remembered one.
        QSettings().setValue(QStringLiteral("collector/history"),
            QStringList { url(), QStringLiteral("redis://10.0.0.9:6379/0") });
        CollectorDialog dialog(/*useSettings=*/true);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setSecretStore(&store); // opens on the newest entry: read at once
        QLineEdit *field = passwordField(dialog);
        QTRY_COMPARE(field->text(), Password);
        QVERIFY(dialog.rememberedSecrets()->checkBox()->isChecked());
        QCOMPARE(ConnectionString::parse(dialog.connectionString()).password(), Password);
        QCOMPARE(field->echoMode(), QLineEdit::Password); // filled, never shown

        // Another connection: the password goes with the one it belongs to, the box follows.
        auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("connectionString"));
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(combo->currentText(), QStringLiteral("redis://10.0.0.9:6379/0"));
        QVERIFY(field->text().isEmpty());
        QVERIFY(!dialog.rememberedSecrets()->checkBox()->isChecked());
        QTest::keyClick(combo, Qt::Key_Up);
        QTRY_COMPARE(field->text(), Password);

        // And the listing works with it.
        dialog.list();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isListing(), 15000);
        QCOMPARE(dialog.errorText(), Listed);
    }

    void uncheckedStoresNothingAndRemoves()
    {
        if (!m_port)
            QSKIP("redis-server is not installed");
        QVERIFY(RememberedSecrets::rememberedKeys().contains(url())); // from the first case
        MemorySecretStore store;
        store.setSecret(url(), Password);
        CollectorDialog dialog(/*useSettings=*/true);
        dialog.setSecretStore(&store);
        QTRY_COMPARE(passwordField(dialog)->text(), Password);
        QVERIFY(dialog.rememberedSecrets()->checkBox()->isChecked());
        listWith(dialog, Password, false);
        QCOMPARE(dialog.errorText(), Listed);
        QVERIFY(store.secrets().isEmpty());
        QVERIFY(RememberedSecrets::rememberedKeys().isEmpty());

        // Never remembered and unchecked: the keyring is not even asked.
        store.setMissing(QStringLiteral("must not be called"));
        listWith(dialog, Password, false);
        QVERIFY(store.unavailableReason().isEmpty());
        QVERIFY(dialog.rememberedSecrets()->noticeText().isEmpty());
        QVERIFY(!containsPassword(settingsBytes()));
    }

    void failedPasswordIsNotRemembered()
    {
        if (!m_port)
            QSKIP("redis-server is not installed");
        MemorySecretStore store;
        CollectorDialog dialog(/*useSettings=*/true);
        dialog.setSecretStore(&store);
        listWith(dialog, QStringLiteral("wrong"), true);
        QVERIFY2(
            dialog.errorText().contains(QLatin1String("password")), qPrintable(dialog.errorText()));
        QVERIFY(store.secrets().isEmpty());
    }

    void profileDialogRemembersTheHmacKey()
    {
        if (!m_port)
            QSKIP("redis-server is not installed");
        MemorySecretStore store;
        const QString hmacKey = QStringLiteral("Hm4c-key-for-tests");
        {
            ProfileDialog dialog(/*useSettings=*/true);
            dialog.setSecretStore(&store);
            dialog.setRequestUrl(QStringLiteral("http://127.0.0.1:%1/").arg(freePort()));
            dialog.setHmacKey(hmacKey);
            dialog.setConnectionString(url());
            passwordField(dialog)->setText(Password);
            dialog.rememberedSecrets()->checkBox()->setChecked(true);
            dialog.send(); // the collector answers, so both are kept; the request finds no one
            QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 15000);
            QTRY_VERIFY(!dialog.rememberedSecrets()->isBusy());
            OspTest::savePicture(&dialog, QStringLiteral("profile-dialog-keyring"));
        }
        const QString hmacEntry
            = RememberedSecrets::keyringKey(url(), RememberedSecrets::Secret::HmacKey);
        QCOMPARE(store.secrets().value(url()), Password);
        QCOMPARE(store.secrets().value(hmacEntry), hmacKey);
        QVERIFY(!hmacEntry.contains(hmacKey) && hmacEntry.contains(url()));
        QVERIFY(!settingsBytes().contains(hmacKey.toUtf8()));

        ProfileDialog again(/*useSettings=*/true); // its history starts with url()
        again.setSecretStore(&store);
        auto *hmacField = again.findChild<QLineEdit *>(QStringLiteral("hmacKey"));
        QTRY_COMPARE(hmacField->text(), hmacKey);
        QTRY_COMPARE(passwordField(again)->text(), Password);
        QVERIFY(again.rememberedSecrets()->checkBox()->isChecked());
    }

    void noKeyringIsSaidOnce()
    {
        MemorySecretStore store;
        store.setMissing(QStringLiteral("org.freedesktop.secrets was not provided"));
        CollectorDialog first(/*useSettings=*/false);
        first.setSecretStore(&store);
        RememberedSecrets *secrets = first.rememberedSecrets();
        secrets->checkBox()->setChecked(true);
        secrets->save(QStringLiteral("redis://:%1@h:6379/0").arg(Password),
            { { RememberedSecrets::Secret::Password, Password } });
        QTRY_VERIFY(!secrets->isBusy());
        QCOMPARE(secrets->noticeText(),
            QStringLiteral("Passwords cannot be remembered: no desktop keyring "
                           "(org.freedesktop.secrets was not provided)"));
        QVERIFY(!secrets->checkBox()->isChecked() && !secrets->checkBox()->isEnabled());
        QVERIFY(store.secrets().isEmpty()); // and nothing anywhere else: there is no fallback
        QVERIFY(!containsPassword(settingsBytes()));
        OspTest::savePicture(&first, QStringLiteral("collector-dialog-no-keyring"));

        // The next dialog does not say it again; its box explains itself.
        CollectorDialog second(/*useSettings=*/false);
        second.setSecretStore(&store);
        QVERIFY(second.rememberedSecrets()->noticeText().isEmpty());
        QVERIFY(!second.rememberedSecrets()->checkBox()->isEnabled());
        QVERIFY(second.rememberedSecrets()->checkBox()->toolTip().contains(
            QLatin1String("no desktop keyring")));
    }

    void qtkeychainWithoutSecretServiceReportsIt()
    {
        KeychainSecretStore store;
        QSignalSpy unavailable(&store, &SecretStore::becameUnavailable);
        QObject context;
        std::optional<SecretStore::Result> answer;
        store.write(QStringLiteral("redis://tst-keyring.invalid:6379/0"), Password, &context,
            [&answer](const SecretStore::Result &r) { answer = r; });
        QVERIFY(!answer); // never answers from inside the call
        QVERIFY(unavailable.wait(20000));
        QTRY_VERIFY(answer.has_value());
        QCOMPARE(int(answer->status), int(SecretStore::Status::Unavailable));
        QVERIFY(!answer->error.isEmpty());
        QCOMPARE(unavailable.first().first().toString(), answer->error);
        qInfo("qtkeychain without a session bus: %s", qPrintable(answer->error));

        // Later calls fail at once with the same reason, and the signal does not repeat.
        std::optional<SecretStore::Result> read;
        store.read(QStringLiteral("redis://tst-keyring.invalid:6379/0"), &context,
            [&read](const SecretStore::Result &r) { read = r; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(int(read->status), int(SecretStore::Status::Unavailable));
        QCOMPARE(unavailable.count(), 1);
    }
};

QTEST_MAIN(TestKeyring)
#include "tst_keyring.moc"
