#include "connectionhistory.h"

#include "collectors/connectionstring.h"

#include <QSettings>
#include <QUrl>
#include <QUrlQuery>

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
    QUrl u(url);
    if (!u.isValid() || u.scheme().isEmpty())
        return ConnectionString::redactText(url);
    u.setPassword(QString());
    if (u.userName().isEmpty())
        u.setUserInfo(QString()); // "redis://:pw@host" would leave "redis://@host"
    QUrlQuery q(u);
    for (const auto &item : q.queryItems())
        if (item.first.compare(QLatin1String("password"), Qt::CaseInsensitive) == 0)
            q.removeAllQueryItems(item.first);
    u.setQuery(q);
    return u.toString();
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
