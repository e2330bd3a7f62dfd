#pragma once

#include <string>
#include <string_view>

namespace Osp {

/// The part of a span's identity that says what work it did, taken from its payload summary
/// so that two runs of the same request compare equal (comparison of traces): `POST
/// /v2.1/servers/{id}` (method + path, ids folded, query dropped), `GET
/// http://glance:9292/v2/images/{id}` (`requests` method + host + path), the normalised SQL
/// statement (SqlNormalizer), or the traced function's name. Never a trace id or a span host.
class WorkKey
{
public:
    /// isSql: the span is a database span (by name), so its summary is a statement even when
    /// it does not start with a statement keyword. foldNumbers: all-digit path segments become
    /// `{n}` (UUIDs and 32-hex ids always become `{id}`).
    static std::string fromSummary(std::string_view summary, bool isSql, bool foldNumbers = true);

    /// "/v2.1/servers/6f1c…/action" -> "/v2.1/servers/{id}/action"; drops "?query" and "#…".
    static std::string normalizePath(std::string_view path, bool foldNumbers = true);

    /// True for "db" and dotted "<project>.db" span names (oslo.db's and neutron's).
    static bool isDbSpanName(std::string_view name);
};

} // namespace Osp
