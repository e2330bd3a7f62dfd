#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace Osp {

/// An OSProfiler collector URL (`--connection-string`, osprofiler-format.md §4) split into its
/// parts: which collector, where, and the credentials, which never appear in any message
/// (redacted() writes `redis://:***@host`).
class ConnectionString
{
public:
    enum class Kind {
        Invalid, ///< not a URL we can read (see error())
        Redis, ///< redis://
        RedisSentinel, ///< redissentinel://, or redis://…?sentinel=NAME (tooz, Kolla)
        RedisTls, ///< rediss:// — hiredis 0.14 has no TLS
        Sql, ///< mysql[+driver]://, postgresql[+driver]://, sqlite:///path
        Unsupported, ///< a valid OSProfiler driver we do not read live (messaging, ES, …)
    };

    static ConnectionString parse(const QString &text);

    Kind kind() const { return m_kind; }
    bool isValid() const { return m_kind != Kind::Invalid; }
    /// Why parse() failed, or why the collector cannot be read (Unsupported, RedisTls).
    QString error() const { return m_error; }

    QString scheme() const { return m_scheme; } ///< as written, lower case ("mysql+pymysql")
    QString user() const { return m_user; }
    QString password() const { return m_password; }
    QString host() const { return m_host; }
    int port() const { return m_port; } ///< the scheme's default when absent
    /// Redis: the db number (path or `db=`); SQL: the database name, or the SQLite file path.
    QString database() const { return m_database; }
    /// The first value of a query parameter, or a null string.
    QString queryValue(const QString &key) const;
    /// Every value of a query parameter (e.g. several `sentinel_fallback=`).
    QStringList queryValues(const QString &key) const;

    /// Redis: the Sentinel service name (`?sentinel=`; "mymaster" for redissentinel://, the
    /// default of OSProfiler's [profiler]/sentinel_service_name).
    QString sentinelService() const;
    /// Redis: `socket_timeout=` in ms, or fallbackMs.
    int socketTimeoutMs(int fallbackMs) const;
    /// SQL: the Qt driver (QMYSQL, QPSQL, QSQLITE).
    QString sqlDriver() const;

    enum class Secrets {
        Masked, ///< `redis://:***@host`, `?password=***`: for messages, titles, logs
        Removed, ///< `redis://host`: for what is stored (history), so it can be reused
    };
    /// The URL without its passwords (also `password=` query parameters).
    QString redacted(Secrets how = Secrets::Masked) const
    {
        return how == Secrets::Masked ? m_redacted : m_withoutSecrets;
    }
    /// Masks anything that looks like a URL with credentials inside a free text (a driver's
    /// error message, an unparsable connection string).
    static QString redactText(const QString &text);
    /// The URL with `password` as its user-info password (percent-encoded; an existing one
    /// replaced), for a password typed in a separate field or read from the keyring. An empty
    /// password, and URLs without a host part (sqlite:///FILE), leave the URL as it is.
    static QString withPassword(const QString &url, const QString &password);

private:
    Kind m_kind = Kind::Invalid;
    QString m_error;
    QString m_scheme, m_user, m_password, m_host, m_database, m_redacted, m_withoutSecrets;
    int m_port = 0;
    QList<QPair<QString, QString>> m_query;
};

} // namespace Osp
