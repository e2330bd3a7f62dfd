#pragma once
// How the collectors turn what a server holds into events: one Redis value, one row of the SQL
// table `data`. No connection involved, so the tests and the fuzz targets (tests/fuzz) feed them
// whatever a broken or hostile collector could send.

#include "collectors/collectortypes.h"
#include "trace/eventtracebuilder.h"

#include <QByteArray>
#include <QVariant>

#include <string_view>

namespace Osp::CollectorEvents {

/// One Redis value (an element of `osprofiler_opt:<base_id>` or a legacy `osprofiler:*`
/// string): the JSON text of one stored event. Adds it to builder, or an error saying what the
/// value holds and what was expected (the caller prefixes the key).
Result<void> addRedisValue(EventTraceBuilder &builder, std::string_view value);

/// The trace list's facts (start, root request) from a trace's oldest Redis value; false when
/// the value is not an OSProfiler event.
bool summariseRedisValue(std::string_view value, TraceSummary &row);

/// True when a Redis value is a stop event with info.etype (what filter_error_trace records).
bool isErrorStopValue(std::string_view value);

/// "'{"name": "wsgi-sta…'": the start of a value for messages (40 bytes at most).
QString preview(std::string_view value);

/// One row of table `data` as SqlCollector reads it; a SQL NULL is a null QVariant.
struct SqlRow
{
    QVariant timestamp, baseId, parentId, traceId, project, host, service, name;
    QByteArray data; ///< column data: SQLAlchemy's JSON around jsonutils.dumps({"info": …})
};

/// Adds one row's event, or an error saying why not (the caller prefixes the row id).
Result<void> addSqlRow(EventTraceBuilder &builder, const SqlRow &row);

/// "POST /v2.1/servers" from the data column of a wsgi-start row, or empty.
QString sqlRootRequest(const QByteArray &data);

/// True when the data column of a stop row carries info.etype.
bool sqlDataHasError(const QByteArray &data);

} // namespace Osp::CollectorEvents
