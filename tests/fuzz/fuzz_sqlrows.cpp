// Rows of OSProfiler's SQL table `data` as SqlCollector sees them: one row per line, the
// columns timestamp, base_id, parent_id, trace_id, project, host, service, name, data separated
// by tabs, `\N` for NULL (as COPY writes it), missing columns NULL. Seeds: tools/fuzz_seeds.py.
#include "collectors/collectorevents.h"
#include "fuzzcommon.h"

namespace {

QVariant column(const std::vector<std::string_view> &fields, size_t i)
{
    if (i >= fields.size() || fields[i] == "\\N")
        return QVariant();
    return QString::fromUtf8(fields[i].data(), static_cast<qsizetype>(fields[i].size()));
}

std::vector<std::string_view> split(std::string_view line, char separator)
{
    std::vector<std::string_view> parts;
    size_t from = 0;
    for (;;) {
        const size_t at = line.find(separator, from);
        parts.push_back(line.substr(from, at == std::string_view::npos ? at : at - from));
        if (at == std::string_view::npos)
            return parts;
        from = at + 1;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    Osp::EventTraceBuilder builder;
    for (std::string_view line : split(input, '\n')) {
        const std::vector<std::string_view> f = split(line, '\t');
        Osp::CollectorEvents::SqlRow row { column(f, 0), column(f, 1), column(f, 2), column(f, 3),
            column(f, 4), column(f, 5), column(f, 6), column(f, 7), QByteArray() };
        if (f.size() > 8 && f[8] != "\\N")
            row.data = QByteArray(f[8].data(), static_cast<qsizetype>(f[8].size()));
        (void)Osp::CollectorEvents::sqlRootRequest(row.data);
        (void)Osp::CollectorEvents::sqlDataHasError(row.data);
        if (!Osp::CollectorEvents::addSqlRow(builder, row).ok())
            break; // the collector stops at the first row that is not an event
    }
    if (builder.eventCount() > 0)
        OspFuzz::exercise(*builder.finish(QStringLiteral("fuzz")));
    return 0;
}
