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

} // namespace Osp::Cli
