#include "views/collectors/connectionhistory.h"

#include "collectors/connectionstring.h"

#include <QSettings>

namespace Osp {

namespace {

const QLatin1String HistoryKey("collector/history");
constexpr int MaxHistory = 15;

} // namespace

QStringList ConnectionHistory::entries()
{
    return QSettings().value(HistoryKey).toStringList();
}

QString ConnectionHistory::entry(const QString &url)
{
    // Passwords never go to disk: the URL without them (the user types them again).
    const QString withoutSecrets
        = ConnectionString::parse(url).redacted(ConnectionString::Secrets::Removed);
    return withoutSecrets.isEmpty() ? ConnectionString::redactText(url) : withoutSecrets;
}

void ConnectionHistory::remember(const QString &url)
{
    const QString e = entry(url);
    QSettings s;
    QStringList history = s.value(HistoryKey).toStringList();
    history.removeAll(e);
    history.prepend(e);
    while (history.size() > MaxHistory)
        history.removeLast();
    s.setValue(HistoryKey, history);
}

} // namespace Osp
