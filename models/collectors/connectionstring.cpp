#include "collectors/connectionstring.h"

#include <QRegularExpression>
#include <QUrl>

namespace Osp {

namespace {

QString decoded(const QString &part)
{
    return QUrl::fromPercentEncoding(part.toUtf8());
}

bool isSqlScheme(const QString &scheme)
{
    // The SQLAlchemy schemes OSProfiler's base.get_driver maps to its sqlalchemy driver, plus
    // sqlite (which OSProfiler rejects, read here as a local replay format).
    static const QStringList schemes { QStringLiteral("mysql"), QStringLiteral("mysql+pymysql"),
        QStringLiteral("mysql+mysqldb"), QStringLiteral("postgresql"),
        QStringLiteral("postgresql+psycopg2"), QStringLiteral("sqlite") };
    return schemes.contains(scheme);
}

} // namespace

QString ConnectionString::queryValue(const QString &key) const
{
    for (const auto &[k, v] : m_query) {
        if (k == key)
            return v.isNull() ? QStringLiteral("") : v;
    }
    return {};
}

QStringList ConnectionString::queryValues(const QString &key) const
{
    QStringList out;
    for (const auto &[k, v] : m_query) {
        if (k == key)
            out << v;
    }
    return out;
}

QString ConnectionString::sentinelService() const
{
    const QString name = queryValue(QStringLiteral("sentinel"));
    return name.isEmpty() ? QStringLiteral("mymaster") : name;
}

int ConnectionString::socketTimeoutMs(int fallbackMs) const
{
    bool ok = false;
    const double seconds = queryValue(QStringLiteral("socket_timeout")).toDouble(&ok);
    return ok && seconds > 0 ? std::max(1, static_cast<int>(seconds * 1000)) : fallbackMs;
}

QString ConnectionString::sqlDriver() const
{
    if (m_scheme.startsWith(QLatin1String("mysql")))
        return QStringLiteral("QMYSQL");
    if (m_scheme.startsWith(QLatin1String("postgresql")))
        return QStringLiteral("QPSQL");
    if (m_scheme == QLatin1String("sqlite"))
        return QStringLiteral("QSQLITE");
    return {};
}

ConnectionString ConnectionString::parse(const QString &input)
{
    ConnectionString cs;
    QString text = input.trimmed();
    if (text.isEmpty()) {
        cs.m_error
            = QStringLiteral("empty connection string; expected e.g. redis://127.0.0.1:6379");
        return cs;
    }
    // OSProfiler's base.get_driver appends "://" to a bare name ("redis" → redis://).
    if (!text.contains(QLatin1String("://")))
        text += QLatin1String("://");
    const qsizetype sep = text.indexOf(QLatin1String("://"));
    cs.m_scheme = text.left(sep).toLower();
    QString rest = text.mid(sep + 3);

    if (cs.m_scheme == QLatin1String("sqlite")) {
        // SQLAlchemy: sqlite:///relative.db, sqlite:////absolute/path.db
        cs.m_kind = Kind::Sql;
        const qsizetype q = rest.indexOf(QLatin1Char('?'));
        if (q >= 0)
            rest.truncate(q);
        if (!rest.startsWith(QLatin1Char('/')) || rest.size() < 2) {
            cs.m_kind = Kind::Invalid;
            cs.m_error = QStringLiteral("sqlite:// needs a file: sqlite:///relative.db or "
                                        "sqlite:////absolute/path.db");
            return cs;
        }
        cs.m_database = decoded(rest.mid(1));
        cs.m_redacted = cs.m_withoutSecrets = QStringLiteral("sqlite:///") + cs.m_database;
        return cs;
    }

    QString query;
    if (const qsizetype q = rest.indexOf(QLatin1Char('?')); q >= 0) {
        query = rest.mid(q + 1);
        rest.truncate(q);
    }
    if (const qsizetype h = rest.indexOf(QLatin1Char('#')); h >= 0)
        rest.truncate(h);
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@')); // passwords may hold '@'
    const QString userInfo = at >= 0 ? rest.left(at) : QString();
    if (at >= 0)
        rest = rest.mid(at + 1);
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    const QString hostPort = slash >= 0 ? rest.left(slash) : rest;
    const QString path = slash >= 0 ? rest.mid(slash + 1) : QString();

    QString rawUser;
    bool hasPassword = false;
    if (!userInfo.isEmpty()) {
        const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
        rawUser = colon >= 0 ? userInfo.left(colon) : userInfo;
        cs.m_user = decoded(rawUser);
        if (colon >= 0) {
            cs.m_password = decoded(userInfo.mid(colon + 1));
            hasPassword = true;
        }
    }

    QString portText;
    if (hostPort.startsWith(QLatin1Char('['))) { // [::1]:6379
        const qsizetype close = hostPort.indexOf(QLatin1Char(']'));
        cs.m_host = hostPort.mid(1, close - 1);
        if (close + 1 < hostPort.size() && hostPort.at(close + 1) == QLatin1Char(':'))
            portText = hostPort.mid(close + 2);
    } else if (const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':')); colon >= 0) {
        cs.m_host = hostPort.left(colon);
        portText = hostPort.mid(colon + 1);
    } else {
        cs.m_host = hostPort;
    }
    cs.m_host = decoded(cs.m_host);

    for (const QString &pair : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        cs.m_query.append({ decoded(eq >= 0 ? pair.left(eq) : pair),
            eq >= 0 ? decoded(pair.mid(eq + 1)) : QString() });
    }

    // The redacted forms keep everything but secrets, so messages still say where: masked
    // (`:***@`, `password=***`) for messages, removed for what is stored (history).
    QString maskedQuery, keptQuery;
    for (const QString &pair : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        const QString key = eq >= 0 ? pair.left(eq) : pair;
        const bool secret = key.contains(QLatin1String("password"), Qt::CaseInsensitive);
        maskedQuery += (maskedQuery.isEmpty() ? QStringLiteral("?") : QStringLiteral("&"))
            + (secret && eq >= 0 ? key + QStringLiteral("=***") : pair);
        if (!secret)
            keptQuery += (keptQuery.isEmpty() ? QStringLiteral("?") : QStringLiteral("&")) + pair;
    }
    const QString prefix = cs.m_scheme + QStringLiteral("://");
    const QString suffix = hostPort + (slash >= 0 ? QStringLiteral("/") + path : QString());
    const QString user = rawUser.isEmpty() ? QString() : rawUser + QLatin1Char('@');
    cs.m_redacted = prefix
        + (hasPassword               ? rawUser + QStringLiteral(":***@")
                : userInfo.isEmpty() ? QString()
                                     : user)
        + suffix + maskedQuery;
    cs.m_withoutSecrets = prefix + user + suffix + keptQuery;

    auto fail = [&cs](const QString &why) {
        cs.m_kind = Kind::Invalid;
        cs.m_error = cs.m_redacted + QStringLiteral(": ") + why;
        return cs;
    };

    int defaultPort = 0;
    if (cs.m_scheme == QLatin1String("redis") || cs.m_scheme == QLatin1String("rediss")) {
        cs.m_kind = cs.m_scheme == QLatin1String("rediss") ? Kind::RedisTls : Kind::Redis;
        defaultPort = 6379;
    } else if (cs.m_scheme == QLatin1String("redissentinel")) {
        cs.m_kind = Kind::RedisSentinel;
        defaultPort = 26379;
    } else if (isSqlScheme(cs.m_scheme)) {
        cs.m_kind = Kind::Sql;
        defaultPort = cs.m_scheme.startsWith(QLatin1String("mysql")) ? 3306 : 5432;
    } else {
        static const QStringList known { QStringLiteral("messaging"),
            QStringLiteral("elasticsearch"), QStringLiteral("mongodb"),
            QStringLiteral("loginsight"), QStringLiteral("jaeger"), QStringLiteral("otlp") };
        if (!known.contains(cs.m_scheme)) {
            return fail(
                QStringLiteral("unknown collector '%1://'; expected redis://, "
                               "redissentinel://, mysql://, postgresql:// or sqlite:///FILE")
                    .arg(cs.m_scheme));
        }
        cs.m_kind = Kind::Unsupported;
        cs.m_error = cs.m_redacted
            + QStringLiteral(
                ": reading the %1 collector directly is not supported; save its events "
                "to a file and open that (see README, Collectors)")
                  .arg(cs.m_scheme);
        return cs;
    }
    if (cs.m_host.isEmpty())
        cs.m_host = QStringLiteral("localhost");
    if (portText.isEmpty()) {
        cs.m_port = defaultPort;
    } else {
        bool ok = false;
        cs.m_port = portText.toInt(&ok);
        if (!ok || cs.m_port <= 0 || cs.m_port > 65535)
            return fail(QStringLiteral("'%1' is not a port number").arg(portText));
    }

    if (cs.m_kind == Kind::Sql) {
        cs.m_database = decoded(path);
        if (cs.m_database.isEmpty())
            return fail(
                QStringLiteral("no database name; expected %1://USER:PASSWORD@HOST/DATABASE")
                    .arg(cs.m_scheme));
        return cs;
    }

    // Redis: db from the path (redis-py), else ?db=, else 0.
    QString db = path;
    if (db.isEmpty())
        db = cs.queryValue(QStringLiteral("db"));
    if (db.isEmpty())
        db = QStringLiteral("0");
    bool ok = false;
    const int dbNumber = db.toInt(&ok);
    if (!ok || dbNumber < 0)
        return fail(QStringLiteral("'%1' is not a Redis database number").arg(db));
    cs.m_database = QString::number(dbNumber);
    if (cs.m_kind == Kind::Redis && !cs.queryValue(QStringLiteral("sentinel")).isEmpty())
        cs.m_kind = Kind::RedisSentinel;
    if (cs.m_kind == Kind::RedisTls)
        cs.m_error = cs.m_redacted
            + QStringLiteral(": TLS is not supported by this build (hiredis 0.14); use redis:// "
                             "through a TLS tunnel (e.g. stunnel) instead");
    return cs;
}

QString ConnectionString::withPassword(const QString &url, const QString &password)
{
    const QString text = url.trimmed();
    const qsizetype sep = text.indexOf(QLatin1String("://"));
    if (password.isEmpty() || sep < 0
        || text.left(sep).compare(QLatin1String("sqlite"), Qt::CaseInsensitive) == 0)
        return text;
    // The authority ends at the query, and its user info at the last '@', as in parse().
    const qsizetype start = sep + 3;
    qsizetype end = text.indexOf(QLatin1Char('?'), start);
    if (end < 0)
        end = text.size();
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'), end - 1);
    const bool hasUserInfo = at >= start;
    const QString userInfo = hasUserInfo ? text.mid(start, at - start) : QString();
    const QString user = userInfo.left(userInfo.indexOf(QLatin1Char(':'))); // all of it if none
    const QString rest = hasUserInfo ? text.mid(at + 1) : text.mid(start);
    return text.left(start) + user + QLatin1Char(':')
        + QString::fromLatin1(QUrl::toPercentEncoding(password)) + QLatin1Char('@') + rest;
}

QString ConnectionString::redactText(const QString &text)
{
    // The password runs to the last '@' of the URL (passwords may hold '@' and '/').
    static const QRegularExpression withPassword(
        QStringLiteral(R"(([A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*:)\S*@)"));
    static const QRegularExpression passwordParam(
        QStringLiteral(R"((password=)[^&\s]*)"), QRegularExpression::CaseInsensitiveOption);
    QString out = text;
    out.replace(withPassword, QStringLiteral("\\1***@"));
    out.replace(passwordParam, QStringLiteral("\\1***"));
    return out;
}

} // namespace Osp
