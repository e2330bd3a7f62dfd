#include "views/collectors/rememberedsecrets.h"

#include "views/collectors/connectionhistory.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>

namespace Osp {

namespace {

const QLatin1String RememberedKey("keyring/remembered");

} // namespace

RememberedSecrets::RememberedSecrets(
    const QString &checkText, const QString &toolTip, QWidget *parent)
    : QObject(parent)
    , m_check(new QCheckBox(checkText, parent))
    , m_notice(new QLabel(parent))
{
    m_check->setObjectName(QStringLiteral("rememberInKeyring"));
    m_check->setToolTip(toolTip);
    m_check->hide();
    m_notice->setObjectName(QStringLiteral("keyringNotice"));
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();
}

QLineEdit *RememberedSecrets::newPasswordField(QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setObjectName(QStringLiteral("collectorPassword"));
    field->setEchoMode(QLineEdit::Password);
    field->setPlaceholderText(tr("if not in the connection string"));
    field->setToolTip(tr("The collector's password; it replaces one in the connection string. "
                         "Never shown, and never stored in the history."));
    return field;
}

void RememberedSecrets::setStore(SecretStore *store)
{
    if (m_store)
        disconnect(m_store, nullptr, this, nullptr);
    m_store = store;
    m_check->setVisible(store != nullptr);
    if (!store)
        return;
    connect(store, &SecretStore::becameUnavailable, this, &RememberedSecrets::keyringUnavailable);
    if (const QString reason = store->unavailableReason(); !reason.isEmpty()) {
        // The user was told when it was found out; here the box only explains itself.
        m_check->setEnabled(false);
        m_check->setToolTip(
            tr("Passwords cannot be remembered: no desktop keyring (%1)").arg(reason));
    }
}

QString RememberedSecrets::noticeText() const
{
    return m_notice->isHidden() ? QString() : m_notice->text();
}

QString RememberedSecrets::keyringKey(const QString &connectionString, Secret which)
{
    const QString identity = ConnectionHistory::entry(connectionString);
    return which == Secret::Password ? identity : QStringLiteral("HMAC key for ") + identity;
}

QStringList RememberedSecrets::rememberedKeys()
{
    return QSettings().value(RememberedKey).toStringList();
}

void RememberedSecrets::setRemembered(const QString &key, bool on)
{
    QSettings s;
    QStringList keys = s.value(RememberedKey).toStringList();
    keys.removeAll(key);
    if (on)
        keys.append(key);
    if (keys.isEmpty())
        s.remove(RememberedKey);
    else
        s.setValue(RememberedKey, keys);
}

void RememberedSecrets::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void RememberedSecrets::keyringUnavailable(const QString &reason)
{
    const QString text = tr("Passwords cannot be remembered: no desktop keyring (%1)").arg(reason);
    m_check->setChecked(false);
    m_check->setEnabled(false);
    m_check->setToolTip(text);
    showNotice(text);
}

bool RememberedSecrets::answered(const SecretStore::Result &r, const QString &failure)
{
    switch (r.status) {
    case SecretStore::Status::Ok:
        return true;
    case SecretStore::Status::Unavailable:
        return false; // keyringUnavailable() said it, once
    case SecretStore::Status::NotFound:
    case SecretStore::Status::Failed:
        break;
    }
    showNotice(failure.arg(r.error));
    return false;
}

void RememberedSecrets::edited(const QString &connectionString)
{
    if (ConnectionHistory::entry(connectionString) == m_loadedIdentity)
        return;
    m_loadedIdentity.clear();
    ++m_generation; // a read still running was for the connection before
    for (auto it = m_filled.cbegin(); it != m_filled.cend(); ++it)
        if (it.key()->text() == it.value())
            it.key()->clear();
    m_filled.clear();
}

void RememberedSecrets::load(const QString &connectionString, const Fields &fields)
{
    edited(connectionString);
    m_loadedIdentity = ConnectionHistory::entry(connectionString);
    const quint64 generation = ++m_generation;
    const QStringList remembered = rememberedKeys();
    bool any = false;
    for (const auto &[which, field] : fields) {
        const QString key = keyringKey(connectionString, which);
        if (!remembered.contains(key))
            continue;
        any = true;
        if (!m_store)
            continue;
        ++m_pending;
        m_store->read(key, this,
            [this, generation, key, target = QPointer<QLineEdit>(field)](
                const SecretStore::Result &r) {
                --m_pending;
                if (r.status == SecretStore::Status::NotFound)
                    setRemembered(key, false); // removed with the keyring's own tools
                if (!answered(r, tr("The remembered password could not be read: %1")))
                    return;
                // Too late: another connection was picked, or the user typed one meanwhile.
                if (generation != m_generation || !target || !target->text().isEmpty())
                    return;
                target->setText(r.secret);
                m_filled.insert(target, r.secret);
            });
    }
    m_check->setChecked(any && m_check->isEnabled());
}

void RememberedSecrets::save(const QString &connectionString, const Values &secrets)
{
    if (!m_store)
        return;
    // What the keyring holds is recorded even when the dialog closed meanwhile (Open right
    // after the list): the answers go to the store's lifetime, only the notice to ours.
    QPointer<RememberedSecrets> self(this);
    const QStringList remembered = rememberedKeys();
    for (const auto &[which, secret] : secrets) {
        const QString key = keyringKey(connectionString, which);
        if (m_check->isChecked() && !secret.isEmpty()) {
            ++m_pending;
            m_store->write(key, secret, m_store, [self, key](const SecretStore::Result &r) {
                if (r.status == SecretStore::Status::Ok)
                    setRemembered(key, true);
                if (self) {
                    --self->m_pending;
                    self->answered(r, tr("The keyring did not keep the password: %1"));
                }
            });
        } else if (remembered.contains(key)) {
            ++m_pending;
            m_store->remove(key, m_store, [self, key](const SecretStore::Result &r) {
                if (r.status == SecretStore::Status::Ok
                    || r.status == SecretStore::Status::NotFound)
                    setRemembered(key, false);
                if (self) {
                    --self->m_pending;
                    if (r.status != SecretStore::Status::NotFound)
                        self->answered(r, tr("The remembered password could not be removed: %1"));
                }
            });
        }
    }
}

} // namespace Osp
