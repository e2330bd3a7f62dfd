// osptrace: the ospview core from the command line (DESIGN.md, The command line).
#include "commands.h"
#include "util/allocator.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>

namespace {

void printUsage(std::FILE *to)
{
    std::fputs("usage: osptrace SUBCOMMAND [SOURCE...] [options]\n"
               "\n"
               "Subcommands:\n"
               "  show SOURCE    print a trace as an indented tree (--format text) or as the\n"
               "                 OSProfiler report (--format json, --json)\n"
               "  list           the traces in the collector (--connection-string), newest first\n"
               "  profile URL    send a request with signed trace headers, print its trace\n"
               "  stats SOURCE   statistics per span type, service, host, project or call path\n"
               "  top SOURCE     the slowest spans by duration or self time\n"
               "  critical-path SOURCE\n"
               "                 the chain of spans that decided when the request ended\n"
               "  errors SOURCE  spans that raised, and spans that never stopped\n"
               "  skew SOURCE    hosts whose clock runs ahead or behind, and by how much\n"
               "  diff A B       compare two requests aligned by call path; or many:\n"
               "                 diff --baseline A... --candidate B... (medians, outliers);\n"
               "                 --fail-if total>10%|self>50ms|duration>1s|count>0 exits 1\n"
               "  export SOURCE  write the trace for other tools: --format report, html, chrome\n"
               "                 (Perfetto), dot, csv-spans, csv-stats; --redacted strips\n"
               "                 parameter values for public bug reports\n"
               "\n"
               "Analysis formats (--format): text, json, csv, markdown (diff: no csv).\n"
               "\n"
               "SOURCE is an OSProfiler report (.json), an OSProfiler HTML report (.html), a .gz\n"
               "of either, - for standard input, or a base id read from --connection-string URL\n"
               "(default $OSPROFILER_CONNECTION_STRING: redis://, redissentinel://, mysql://,\n"
               "postgresql://, sqlite:///FILE). 'osptrace SUBCOMMAND --help' for options.\n"
               "Exit codes: 0 success, 1 threshold crossed, 2 usage or input error,\n"
               "3 not found or collector failure.\n",
        to);
}

} // namespace

int main(int argc, char **argv)
{
    Osp::tuneAllocatorForLargeTraces();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("osptrace"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OSP_VERSION));
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        printUsage(stderr);
        return Osp::Cli::InputError;
    }
    const QString command = args.at(1);
    if (command == QLatin1String("--help") || command == QLatin1String("-h")
        || command == QLatin1String("help")) {
        printUsage(stdout);
        return Osp::Cli::Success;
    }
    if (command == QLatin1String("--version")) {
        std::printf("osptrace %s\n", OSP_VERSION);
        return Osp::Cli::Success;
    }
    args.removeAt(1); // the subcommand's own parser sees "osptrace OPTIONS…"
    if (command == QLatin1String("show"))
        return Osp::Cli::runShow(args);
    if (command == QLatin1String("list"))
        return Osp::Cli::runList(args);
    if (command == QLatin1String("profile"))
        return Osp::Cli::runProfile(args);
    if (command == QLatin1String("stats"))
        return Osp::Cli::runStats(args);
    if (command == QLatin1String("top"))
        return Osp::Cli::runTop(args);
    if (command == QLatin1String("critical-path"))
        return Osp::Cli::runCriticalPath(args);
    if (command == QLatin1String("skew"))
        return Osp::Cli::runSkew(args);
    if (command == QLatin1String("errors"))
        return Osp::Cli::runErrors(args);
    if (command == QLatin1String("diff"))
        return Osp::Cli::runDiff(args);
    if (command == QLatin1String("export"))
        return Osp::Cli::runExport(args);
    std::fprintf(stderr, "osptrace: unknown subcommand '%s'\n", qPrintable(command));
    printUsage(stderr);
    return Osp::Cli::InputError;
}
