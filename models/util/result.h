#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace Osp {

/// What went wrong and where: the one error of readers, writers and collectors. toString() is
/// the line a user sees ("boot.json:12:5 (byte 345): expected …",
/// "redis://:***@127.0.0.1:6379/0: connection refused").
struct Error
{
    /// What kind of failure: callers branch on it (cancelled, not found), never on the message.
    enum Kind : uint8_t {
        Input, ///< unreadable or malformed input (a file, standard input, bytes)
        Output, ///< the sink refused data (disk full, closed pipe)
        NotFound, ///< the trace id is not in the collector
        Connection, ///< refused, unreachable, dropped
        Timeout, ///< no answer within the socket timeout
        Auth, ///< NOAUTH, WRONGPASS, access denied
        Data, ///< the collector holds something that is not OSProfiler's
        Unsupported, ///< TLS, a collector we cannot read live, a missing Qt SQL driver
        Cancelled, ///< the caller asked to stop: not a failure to report
    };

    Kind kind = Input;
    QString message {}; ///< what was found and what was expected, or what failed
    QString source {}; ///< a file name, "<stdin>" or a redacted connection string; may be empty
    qint64 offset = -1; ///< byte offset in the (decompressed) input, -1 when not applicable
    int line = 0; ///< 1-based, 0 when unknown
    int column = 0;

    /// "source:line:column (byte offset): message", each part only when known.
    QString toString() const;
    static Error cancelled() { return Error { Cancelled, QStringLiteral("cancelled") }; }
};

/// A value or the Error that prevented it (GCC 12 has no std::expected). Implicit from either,
/// so a function returns `value` or `Error { … }`.
template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    { }
    Result(Error error)
        : m_data(std::move(error))
    { }

    bool ok() const { return m_data.index() == 0; }
    bool cancelled() const { return !ok() && error().kind == Error::Cancelled; }
    /// Only when ok().
    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    /// Only when !ok().
    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Success with nothing to hand back, or the Error.
template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    { }

    bool ok() const { return !m_failed; }
    bool cancelled() const { return m_failed && m_error.kind == Error::Cancelled; }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace Osp
