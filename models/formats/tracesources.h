#pragma once

#include <QString>
#include <QStringList>

namespace Osp {

/// The trace files a list of sources stands for: files as given, a directory as the
/// per-iteration reports in it (*.json, *.html and their .gz, by name). Empty with *error
/// naming the directory when one holds no report. Shared by `osptrace diff` and the GUI.
QStringList expandTraceSources(const QStringList &sources, QString *error = nullptr);

} // namespace Osp
