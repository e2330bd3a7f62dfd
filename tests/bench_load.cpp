// Load benchmark, one measurement per process (DESIGN.md: benchmarks print figures,
// they assert nothing). tools/bench_suite.py runs it several times, interleaved, and takes
// medians; the process start is not in the figure.
//
//   bench_load sax FILE             a no-op nlohmann SAX pass over the same bytes, through the
//                                   same I/O path (ByteSource) as the loader: the reference
//   bench_load load FILE            ospview's full load (what osptrace and ospview do first)
//   bench_load redis URL BASE_ID    the same trace read from a live Redis collector
//
// Prints one JSON object: seconds, peak_above_kb (high-water mark of the resident set above
// the process before the load), spans, trace_bytes, span_record_bytes, hot_bytes_per_span.
#include "collectors/collector.h"
#include "formats/bytesource.h"
#include "formats/traceloader.h"

#include "benchutil.h"
#include "util/allocator.h"

#include <QCoreApplication>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <string>

namespace {

using nlohmann::json;

struct NoopSax
{
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const std::string &) { return true; }
    bool string(std::string &) { return true; }
    bool binary(json::binary_t &) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(std::string &) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &)
    {
        return false;
    }
};

int usage()
{
    std::fprintf(stderr,
        "usage: bench_load sax FILE | bench_load load FILE | bench_load redis URL BASE_ID\n");
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    Osp::tuneAllocatorForLargeTraces(); // as osptrace does
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.size() < 2)
        return usage();
    const QString mode = args.at(0);
    if ((mode == QLatin1String("redis")) != (args.size() == 3))
        return usage();

    OspBench::resetPeak();
    const long baseKb = OspBench::statusKb("VmRSS");
    const auto t0 = std::chrono::steady_clock::now();
    Osp::TracePtr trace;
    QString error;
    if (mode == QLatin1String("sax")) {
        const auto src = Osp::ByteSource::open(args.at(1));
        NoopSax sax;
        if (!src.ok())
            error = src.error().toString();
        else if (!json::sax_parse(src.value()->begin(), Osp::ByteSource::end(), &sax))
            error = QStringLiteral("%1: not valid JSON").arg(args.at(1));
    } else if (mode == QLatin1String("load")) {
        const Osp::LoadResult r = Osp::loadTraceFile(args.at(1));
        if (r.ok())
            trace = r.value();
        else
            error = r.error().toString();
    } else if (mode == QLatin1String("redis")) {
        const auto collector = Osp::Collector::create(args.at(1));
        const Osp::FetchResult r = collector.ok() ? collector.value()->fetchTrace(args.at(2), {})
                                                  : Osp::FetchResult(collector.error());
        if (r.ok())
            trace = r.value().trace;
        else
            error = r.error().toString();
    } else {
        return usage();
    }
    const double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const long peakKb = OspBench::statusKb("VmHWM") - baseKb;
    if (!error.isEmpty()) {
        std::fprintf(stderr, "bench_load: %s\n", qPrintable(error));
        return 1;
    }
    json out = { { "mode", mode.toStdString() }, { "seconds", seconds },
        { "peak_above_kb", peakKb }, { "span_record_bytes", sizeof(Osp::Span) } };
    if (trace) {
        out["spans"] = trace->spanCount();
        out["trace_bytes"] = trace->memoryBytes();
        out["hot_bytes_per_span"] = trace->hotBytesPerSpan();
    }
    std::printf("%s\n", out.dump().c_str());
    return 0;
}
