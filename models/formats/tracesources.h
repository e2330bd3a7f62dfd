#pragma once

#include "util/result.h"

#include <QString>
#include <QStringList>

namespace Osp {

/// The trace files a list of sources stands for: files as given, a directory as the
/// per-iteration reports in it (*.json, *.html and their .gz, by name), or an error naming the
/// directory when one holds no report. Shared by `osptrace diff` and the GUI.
Result<QStringList> expandTraceSources(const QStringList &sources);

} // namespace Osp
