// Load benchmark (issue: foundation; DESIGN.md: benchmarks print figures, they assert nothing).
// For each report: median of interleaved runs of (a) a no-op nlohmann SAX pass streaming the
// same bytes through the same I/O path (ByteSource) and (b) ospview's full load; each run in a
// forked child so peak memory above the empty process is its own.
#include "formats/bytesource.h"
#include "formats/traceloader.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

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

long statusKb(const char *field)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(in, line)) {
        if (line.rfind(prefix, 0) == 0)
            return std::stol(line.substr(prefix.size()));
    }
    return -1;
}

struct Sample
{
    double seconds = 0;
    double peakMb = 0; // high-water mark above the child's own start
    size_t spans = 0;
    size_t traceBytes = 0;
};

enum class Mode { NoopSax, Load };

Sample runInChild(const QString &path, Mode mode)
{
    int fds[2];
    if (pipe(fds) != 0)
        return {};
    const pid_t pid = fork();
    if (pid == 0) {
        ::close(fds[0]);
        const long baseKb = statusKb("VmRSS");
        Sample s;
        const auto t0 = std::chrono::steady_clock::now();
        if (mode == Mode::NoopSax) {
            QString error;
            auto src = Osp::ByteSource::open(path, &error);
            NoopSax sax;
            if (src)
                json::sax_parse(src->begin(), Osp::ByteSource::end(), &sax);
        } else {
            const Osp::LoadResult r = Osp::loadTraceFile(path);
            if (r.trace) {
                s.spans = r.trace->spanCount();
                s.traceBytes = r.trace->memoryBytes();
            }
        }
        s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        s.peakMb = static_cast<double>(statusKb("VmHWM") - baseKb) / 1024.0;
        (void)!::write(fds[1], &s, sizeof s);
        _exit(0);
    }
    ::close(fds[1]);
    Sample s;
    (void)!::read(fds[0], &s, sizeof s);
    ::close(fds[0]);
    waitpid(pid, nullptr, 0);
    return s;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty()
        ? 0
        : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList files = app.arguments().mid(1);
    int runs = 5;
    if (files.size() >= 2 && files.first() == QLatin1String("--runs")) {
        runs = files.at(1).toInt();
        files = files.mid(2);
    }
    if (files.isEmpty()) {
        std::fprintf(stderr, "usage: bench_load [--runs N] REPORT.json...\n");
        return 2;
    }
    std::printf("%-28s %9s %9s %10s %10s %6s %9s %9s %8s %9s\n", "file", "spans", "MB", "sax s",
        "load s", "ratio", "peak MB", "peak/file", "B/span", "hot B/sp");
    for (const QString &file : files) {
        const double fileMb = static_cast<double>(QFileInfo(file).size()) / (1024.0 * 1024.0);
        runInChild(file, Mode::NoopSax); // warm the page cache
        std::vector<double> sax, load, peak;
        Sample last;
        for (int r = 0; r < runs; ++r) { // interleaved, so drift hits both alike
            sax.push_back(runInChild(file, Mode::NoopSax).seconds);
            last = runInChild(file, Mode::Load);
            load.push_back(last.seconds);
            peak.push_back(last.peakMb);
        }
        const double saxS = median(sax), loadS = median(load), peakMb = median(peak);
        std::printf("%-28s %9zu %9.1f %10.3f %10.3f %6.2f %9.1f %9.3f %8.0f %9zu\n",
            qPrintable(QFileInfo(file).fileName().left(28)), last.spans, fileMb, saxS, loadS,
            loadS / saxS, peakMb, peakMb / fileMb,
            last.spans ? static_cast<double>(last.traceBytes) / static_cast<double>(last.spans)
                       : 0.0,
            sizeof(Osp::Span));
        std::fflush(stdout);
    }
    return 0;
}
