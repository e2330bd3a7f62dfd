#pragma once

#include <QStringList>

namespace Osp::Cli {

/// Exit codes shared by every subcommand (DESIGN.md, The command line).
enum ExitCode : int {
    Success = 0,
    ThresholdCrossed = 1,
    InputError = 2,
    NotFoundOrCollectorError = 3,
};

/// `osptrace show SOURCE [--format text|json] [--json] [--out FILE]`
int runShow(const QStringList &arguments);

/// `osptrace list [--error-trace [True]] [--format text|json|csv]` (reads the collector)
int runList(const QStringList &arguments);

/// `osptrace profile URL [--hmac-key-file F] [--header H]… [--method M] [--data BODY] [--wait S]`
int runProfile(const QStringList &arguments);

/// `osptrace stats SOURCE [--by type|service|host|project|path] [--format …]`
int runStats(const QStringList &arguments);
/// `osptrace top SOURCE [-n N] [--by duration|self] [--format …]`
int runTop(const QStringList &arguments);
/// `osptrace critical-path SOURCE [--until trace-end|answer] [--format …]`
int runCriticalPath(const QStringList &arguments);
/// `osptrace errors SOURCE [--format …]`
int runErrors(const QStringList &arguments);
/// `osptrace skew SOURCE [--format …]`
int runSkew(const QStringList &arguments);
/// `osptrace diff A B | --baseline A… --candidate B… [-n N] [--fail-if METRIC>VALUE]… [--format …]`
int runDiff(const QStringList &arguments);

/// `osptrace export SOURCE --format report|html|chrome|dot|csv-spans|csv-stats [--redacted] [-o F]`
int runExport(const QStringList &arguments);

} // namespace Osp::Cli
