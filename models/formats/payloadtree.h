#pragma once

#include "trace/trace.h"

#include <QString>

#include <vector>

namespace Osp {

/// One row of a span's raw entries as a tree (the details panel), in depth-first pre-order:
/// a row's children follow it with depth + 1.
struct PayloadRow
{
    enum Kind : uint8_t {
        Scalar, ///< a string, number, bool or null: text
        Object, ///< children follow (size of them)
        Array, ///< children follow, named by index (size of them)
        NotJson, ///< an entry whose text is not JSON (or too deep to copy): text, verbatim
        Unreadable, ///< an entry that could not be read back from the file
    };
    Kind kind = Scalar;
    int depth = 0; ///< 0 for an entry of the span
    QString name {}; ///< "wsgi-start" for "meta.raw_payload.wsgi-start", an object key, an index
    QString key {}; ///< an entry's full key (depth 0 only)
    QString text {}; ///< a scalar's text (strings unquoted, null as "null"), NotJson's text
    size_t size = 0; ///< members or elements of an Object or Array
};

/// A span's raw entries parsed for showing: the rows of the tree and the whole as one
/// pretty-printed JSON object (4-space indent, entries in their order). Parses on the calling
/// thread without recursion over the values; payloads are small, so the JSON text may.
struct PayloadTree
{
    std::vector<PayloadRow> rows;
    QString json;
};

PayloadTree payloadTree(const Trace &trace, SpanIndex span);

} // namespace Osp
